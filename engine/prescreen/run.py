"""Pre-screen a round: every plan in a folder, in parallel, stored, with an overview report.

The plans are evaluated in worker processes (engine.service.workers.WorkerPool: one Assessor per
worker; a worker that the rule engine's C core kills costs only the plan it was on). Results are
stored and written from this (main) process only, as they come in.

REPORT_DIR receives:
    overzicht.csv, overzicht.html   the round overview (engine.overview), with the chart
    oordelen/<plan file>.json       each plan's verdict
    brieven/<plan file>.<kind>.md, .html   the letters the procedure asks for now, to edit and sign:
                                    a verzoek om aanvulling (Awb 4:5) when the plan lacks data a rule
                                    clearly requires; after the committee's advice (a rerun picks it up
                                    from the store) the advies and the beschikking
    fouten.txt                      every file that was skipped, with the located reason
    samenvatting.json               the run: round, counts, per file its status and assessment id
Every file is written to a temporary name and renamed, so a report file is never half-written.
"""
from __future__ import annotations

import concurrent.futures
import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, Problem, StoError
from ..i18n import both
from ..jsontypes import JSONObject, StrPath
from ..overview import build_overview, to_csv, to_html
from ..plan.loader import DEFAULT_MAX_BYTES, LIMIT_ENV
from ..rulebook import load_library
from ..rulebook import messages as msg
from ..store.store import StoredAssessment

if TYPE_CHECKING:
    from ..letters import Dossier
    from ..rulebook.loader import Library
    from ..service.workers import WorkerPool
    from ..store.store import AuditStore
    from ..verdict.model import Verdict

PLAN_SUFFIXES = (".yaml", ".yml", ".json")
VERDICT_DIR = "oordelen"
LETTER_DIR = "brieven"

# statuses of one file in a run
ASSESSED, BAD_FILE, OTHER_ROUND, CRASHED, ENGINE_ERROR = "assessed", "bad_file", "other_round", "crashed", "engine_error"
STATUS_NL = {ASSESSED: "getoetst en opgeslagen", BAD_FILE: "onleesbaar of onvolledig plan",
             OTHER_ROUND: "plan van een andere ronde", CRASHED: "werkproces viel uit",
             ENGINE_ERROR: "interne fout in de rule engine"}


@dataclass
class FileResult:
    file: str
    status: str
    message: str = ""  # English where the engine words it so (input errors); Dutch otherwise
    message_nl: str = ""  # Dutch first with the English once in brackets, where a translation exists
    assessment_id: str | None = None
    outcome: str | None = None
    region: str | None = None
    round: int | None = None
    verdict_file: str | None = None
    stored_before: bool = False  # a rerun found this plan's pre-screen in the store and stored nothing


@dataclass
class PrescreenRun:
    folder: str
    round: int
    report_dir: str
    database: str
    results: list[FileResult] = field(default_factory=list)
    started_at: str = ""
    finished_at: str = ""

    @property
    def assessed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == ASSESSED]

    @property
    def skipped(self) -> list[FileResult]:
        return [r for r in self.results if r.status != ASSESSED]

    def to_dict(self) -> JSONObject:
        counts = {status: sum(1 for r in self.results if r.status == status) for status in STATUS_NL}
        return {"folder": self.folder, "round": self.round, "report_dir": self.report_dir, "database": self.database,
                "started_at": self.started_at, "finished_at": self.finished_at, "counts": counts,
                "files": [asdict(r) for r in self.results]}


# ---------------------------------------------------------------- pure helpers


def find_plans(folder: StrPath) -> list[Path]:
    """The plan files directly in `folder` (*.yaml, *.yml, *.json), sorted by name."""
    path = Path(folder)
    if not path.is_dir():
        raise StoError.said(both("prescreen.not_a_folder", folder=folder))
    plans = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in PLAN_SUFFIXES)
    if not plans:
        raise StoError.said(both("prescreen.no_plans", folder=folder))
    return plans


def plan_size_limit() -> int:
    try:
        return int(os.environ.get(LIMIT_ENV) or DEFAULT_MAX_BYTES)
    except ValueError:
        return DEFAULT_MAX_BYTES


def read_submitted(path: Path, limit: int) -> bytes:
    """The file's bytes; of an oversized file only limit+1 bytes, so the loader refuses it without
    this process ever holding a huge file in memory."""
    with path.open("rb") as fh:
        return fh.read(limit + 1)


def input_error(detail: JSONObject) -> InputError:
    """An InputError that crossed the process boundary as a dict, as it was."""
    problems = [Problem(**{k: v for k, v in p.items() if k in Problem.__dataclass_fields__})
                for p in detail.get("problems", [])]
    return InputError(detail.get("file"), problems)


def verdict_filename(plan: Path) -> str:
    return f"{plan.name}.json"


def first_problem(message: str) -> str:
    """The line that names the problem: an InputError's first line only counts them."""
    lines = [line.strip() for line in message.strip().splitlines()] or [""]
    return lines[1] if len(lines) > 1 and lines[0].endswith("problem(s) found") else lines[0]


def _problems(result: FileResult) -> list[tuple[str, str]]:
    """(the problem's line 'FILE:LINE:COL: message', its field path) of each problem, the message in
    Dutch: read off the Dutch rendering (render_input_error: 'FILE:LINE:COL: Dutch (English: ...)',
    '  veld:      PATH'), where a problem without Dutch keeps its English; else off the English one."""
    from ..errors_nl import LABELS, UNKNOWN_PROBLEM

    problems: list[tuple[str, str]] = []
    if result.message_nl:
        for line in result.message_nl.splitlines()[1:]:  # the first line counts them
            if line.startswith(result.file + ":"):
                head, bracket, english = line.partition(" (English: ")
                if bracket and head.endswith(": " + UNKNOWN_PROBLEM):
                    head = head.removesuffix(UNKNOWN_PROBLEM) + english.removesuffix(")")
                problems.append((head, ""))
            elif problems and line.startswith(f"  {LABELS['field']}:"):
                problems[-1] = (problems[-1][0], line.removeprefix(f"  {LABELS['field']}:").strip())
        return problems
    for line in result.message.splitlines():
        if line.startswith(result.file + ":") and not line.endswith("problem(s) found"):
            problems.append((line, ""))
        elif problems and line.startswith("  field:"):
            problems[-1] = (problems[-1][0], line.removeprefix("  field:").strip())
    return problems


def problem_lines(result: FileResult) -> list[str]:
    """Every problem of a skipped file, one Dutch line each ('regel 24, kolom 3: ...'), for the
    terminal; a file skipped for another reason (another round, a crash) gives its one message."""
    problems = _problems(result)
    if result.status != BAD_FILE or not problems:
        return [short_reason(result).split(" — ", 1)[-1]]
    return [_located(line, result.file, path) for line, path in problems]


def _located(line: str, file: str, path: str = "") -> str:
    rest = line[len(file):] if line.startswith(file) else line
    at = re.match(r":(\d+)(?::(\d+))?: ", rest)
    field = f", veld {path}" if path else ""
    if at:
        return f"regel {at[1]}{f', kolom {at[2]}' if at[2] else ''}{field}: {rest[at.end():]}"
    return f"veld {path}: {rest.removeprefix(': ')}" if path else rest.removeprefix(": ")


def short_reason(result: FileResult) -> str:
    """One Dutch line for a skipped file, for the terminal and the overview: what happened and
    where in the file (the whole text, with the English, is in fouten.txt)."""
    problems = _problems(result) if result.message_nl else []
    if problems:
        line = problems[0][0]
    elif result.message_nl:  # an error of the whole plan (render_error): its Dutch, without the English
        line = result.message_nl.splitlines()[0].partition(" (English: ")[0]
    else:
        line = first_problem(result.message)
    return f"{STATUS_NL[result.status]} — {_located(line, result.file)}"


def problem_reasons(result: FileResult) -> list[str]:
    """Every problem of a file that could not be read, for the overview, when it has more than one
    (the short reason names the first)."""
    lines = problem_lines(result) if result.status == BAD_FILE else []
    return lines if len(lines) > 1 else []


def write_atomically(path: Path, data: str | bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    if isinstance(data, str):
        tmp.write_text(data, encoding="utf-8")
    else:
        tmp.write_bytes(data)
    os.replace(tmp, path)


def errors_text(run: PrescreenRun) -> str:
    skipped = run.skipped
    if not skipped:
        return "Geen fouten: elk bestand is getoetst en opgeslagen.\n"
    lines = [msg.render("{n, plural, one {# bestand} other {# bestanden}} overgeslagen bij de voortoets van ronde "
                        "{round}:", "nl", n=len(skipped), round=run.round), ""]
    for r in skipped:
        lines += [f"== {r.file}: {STATUS_NL[r.status]}", (r.message_nl or r.message).rstrip(), ""]
    return "\n".join(lines)


# ---------------------------------------------------------------- the run


def _classify(future: concurrent.futures.Future[JSONObject]) -> tuple[str, Verdict | str, str]:
    """(status, the verdict or the message, the message Dutch first where it has a translation)."""
    from ..errors_nl import render_error, render_input_error
    from ..service.workers import JobFailed, PoolError
    from ..verdict.model import Verdict

    try:
        return "ok", Verdict.from_json(future.result()), ""
    except JobFailed as exc:
        if exc.category == "input_error":
            error = input_error(exc.detail)
            return BAD_FILE, str(error), render_input_error(error)
        if exc.category == "user_error":  # e.g. an unknown regulation: its Dutch and English, as the worker said it
            said = exc.user_error()
            return BAD_FILE, str(said), render_error(said)
        return ENGINE_ERROR, (f"{exc.detail}\nDe uitkomst van dit plan is niet betrouwbaar; meld dit met het plan erbij. "
                              f"(internal error: please report it with the plan)"), ""
    except PoolError as exc:
        return CRASHED, (f"het werkproces dat dit plan toetste viel uit: {exc}. Het plan is overgeslagen; "
                         f"de andere plannen zijn gewoon getoetst. Meld dit met het plan erbij."), ""


def run_prescreen(folder: StrPath, round: int, report_dir: StrPath, *, store: AuditStore, actor: str,
                  workers: int | None = None, rulebooks_dir: str | None = None, pool: WorkerPool | None = None,
                  on_result: Callable[[FileResult], None] | None = None,
                  show_progress: bool | None = None) -> PrescreenRun:
    """Assess every plan in `folder`; store those of round `round`; write the report into `report_dir`.

    pool: a started engine.service.workers.WorkerPool to use (else one is started and stopped here,
    with `workers` processes, default one per core). show_progress: None = only on a terminal.
    """
    from ..progress import bar as progress_bar
    from ..service.workers import WorkerPool

    plans = find_plans(folder)
    out = Path(report_dir)
    try:
        (out / VERDICT_DIR).mkdir(parents=True, exist_ok=True)
        (out / LETTER_DIR).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoError.said(both("prescreen.cannot_create_report", folder=report_dir, reason=exc.strerror or exc)) \
            from None
    run = PrescreenRun(folder=str(folder), round=round, report_dir=str(out), database=store.url,
                       started_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    limit = plan_size_limit()
    own_pool = pool is None
    if pool is None:
        size = max(1, min(workers or os.cpu_count() or 1, len(plans)))
        pool = WorkerPool(size, rulebooks_dir).start()
    stored: list[JSONObject] = []
    library = load_library(rulebooks_dir)
    try:
        futures: dict[concurrent.futures.Future[JSONObject], tuple[Path, bytes]] = {}
        found: list[tuple[Path, StoredAssessment]] = []
        for path in plans:
            raw = read_submitted(path, limit)
            earlier = store.find_by_key(actor, *_idempotency(path, raw, round, out))
            if earlier is not None:  # a rerun into this report: stored before, so not assessed or stored again
                found.append((path, earlier))
                continue
            futures[pool.submit("assess", {"plan_bytes": raw, "source": str(path), "max_bytes": limit})] = (path, raw)
        with progress_bar(len(plans), f"ronde {round}", "plan", show=show_progress) as bar:

            def done(result: FileResult) -> None:
                run.results.append(result)
                if on_result is not None:
                    on_result(result)
                bar.update(1)

            for path, earlier in found:
                done(_report_one(path, earlier, out, stored, library, store))
            for future in concurrent.futures.as_completed(futures):
                path, raw = futures[future]
                done(_record_one(path, raw, future, round, store, actor, out, stored, library))
    finally:
        if own_pool:
            pool.close()
    run.results.sort(key=lambda r: r.file)
    run.finished_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    _write_report(run, stored, out)
    return run


def _idempotency(path: Path, raw: bytes, round: int, out: Path) -> tuple[str, str]:
    """The store's idempotency key of one plan's pre-screen in this report: the same plan (file and
    content), round and report folder give the same key, so a rerun (after a crash or a kill) finds
    what it stored; a plan changed since has a new key and is a new pre-screen."""
    digest = hashlib.sha256(f"{round}\0{out.resolve()}\0{path.resolve()}\0".encode() + raw).hexdigest()
    return "voortoets:" + digest, digest


def _record_one(path: Path, raw: bytes, future: concurrent.futures.Future[JSONObject], round: int,
                store: AuditStore, actor: str, out: Path, stored: list[JSONObject], library: Library) -> FileResult:
    status, value, dutch = _classify(future)
    if isinstance(value, str):
        return FileResult(file=str(path), status=status, message=value, message_nl=dutch)
    verdict = value
    plan = verdict.plan
    if plan.round != round:
        return FileResult(file=str(path), status=OTHER_ROUND, region=plan.region, round=plan.round,
                          outcome=verdict.outcome.value,
                          message=f"{path}: dit plan is ingediend voor ronde {plan.round}, niet voor ronde {round} "
                                  f"(submission/round); het is niet getoetst voor deze ronde en niet opgeslagen.\n"
                                  f"  oplossing: leg het in de map van ronde {plan.round}, of corrigeer submission.round")
    record = store.record(plan_bytes=raw, plan_source=str(path), verdict=verdict, actor=actor, role="committee",
                          mode="pre-screen", region=plan.region, idempotency=_idempotency(path, raw, round, out))
    return _report_one(path, record, out, stored, library, store)


def _report_one(path: Path, record: StoredAssessment, out: Path, stored: list[JSONObject], library: Library,
                store: AuditStore) -> FileResult:
    """The report's parts for one stored pre-screen, from the store's record (its verdict as stored)."""
    from ..letters import Dossier

    verdict, plan = record.verdict, record.verdict.plan
    name = verdict_filename(path)
    write_atomically(out / VERDICT_DIR / name, json.dumps(verdict.to_sorted_json(), ensure_ascii=False, indent=2) + "\n")
    href = f"{VERDICT_DIR}/{name}"
    dossier = Dossier.from_store(record, store.committee_records(record.id))
    letter_href = write_draft_letters(verdict, dossier, path, out, library)
    stored.append({"verdict": verdict, "assessment_id": record.id, "mode": record.mode,
                   "created_at": record.created_at, "verdict_href": href, "letter_href": letter_href})
    return FileResult(file=str(path), status=ASSESSED, assessment_id=record.id, outcome=verdict.outcome.value,
                      region=plan.region, round=plan.round, verdict_file=href, stored_before=record.replayed)


def write_draft_letters(verdict: Verdict, dossier: Dossier, plan: Path, out: Path, library: Library) -> str | None:
    """The letters the procedure asks for now (engine/letters/dossier.py, letters_due), as Markdown (to
    edit) and HTML (to read); returns the last one's HTML path relative to the report, or None when
    no letter is due yet. PDF is left to `sto letter`: it takes a second a letter.
    `library`: the rulebooks, loaded once per run (the letters read their version's dates and basis)."""
    from ..letters import letters_due, render_letter, rulebook_view

    due = letters_due(verdict, dossier)
    if not due:
        return None
    view = rulebook_view(verdict, library)
    href = None
    for kind in due:
        for fmt in ("md", "html"):
            letter = render_letter(verdict, kind, "nl", fmt, dossier=dossier, rulebook=view)
            write_atomically(out / LETTER_DIR / f"{plan.name}.{kind}.{fmt}", letter.data)
        href = f"{LETTER_DIR}/{plan.name}.{kind}.html"
    return href


def _write_report(run: PrescreenRun, stored: list[JSONObject], out: Path) -> None:
    skipped = []
    for r in run.skipped:
        problems = problem_reasons(r)
        reason = f"{STATUS_NL[r.status]} — {len(problems)} problemen:" if problems else short_reason(r)
        skipped.append((r.file, reason, problems))
    overview = build_overview(stored, round=run.round, title=f"Voortoets ronde {run.round}", skipped=skipped)
    write_atomically(out / "overzicht.csv", to_csv(overview))
    write_atomically(out / "overzicht.html", to_html(overview))
    write_atomically(out / "fouten.txt", errors_text(run))
    write_atomically(out / "samenvatting.json", json.dumps(run.to_dict(), ensure_ascii=False, indent=2) + "\n")
