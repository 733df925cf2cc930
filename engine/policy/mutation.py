"""Mutation run: do the Dutch scenarios pin every rule, parameter and date of the rulebooks?

`sto coverage` calls a rule covered when some scenario sees it pass and fail. That does not show
that the scenarios would notice a wrong boundary (`<` for `<=`), a forgotten part of a condition,
a date one day off or a knock-out that became advice. This module makes such small changes
(**mutants**) to the rulebooks, one at a time, runs the scenarios against each, and reports
which mutants no scenario notices (**survivors**).

A mutant is a change to one line of one rulebook file, as a rule author would make it:

- each parameter one engine unit up and down (a day, a cent, a basis point, a minute, one; 0.01
  for a factor);
- each date of the `schedule` one day up and down;
- each comparison in a rule's `condition` or `applies_when` turned into its neighbour
  (`<` <-> `<=`, `>` <-> `>=`, `==` <-> `!=`), and each yes/no fact tested on its own negated
  (`x` <-> `not x`);
- each part of an `and` / `or` in a condition left out;
- each `severity` replaced by each of the other two.

The change applies to every version that inherits that line (as editing the file would), and
the mutant is killed when a scenario that judges a plan under one of those versions fails.
Mutants are derived from the rulebook contents, so a new rule or parameter brings its mutants
along. Mutants that cannot change any verdict are listed, with why, in a reviewed YAML file
(`features/mutanten-equivalent.yaml`); the run reads it and reports entries that no longer
match any mutant.

The scenarios run in-process through the same step vocabulary as pytest-bdd and `sto coverage`
(`engine.policy.vocabulary.run_step`). Each mutant runs only the scenarios that judged a plan
under an affected version in the unmutated run, and stops at the first scenario that fails.
"""
from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import yaml

from engine.assess import Assessor
from engine.errors import StoError
from engine.i18n import both
from engine.rulebook import Library, Rulebook, load_library
from engine.rulebook.loader import _chain, _check_formulas, _check_rule, _merge, _param_value, read_all, rulebook_dir
from engine.rulebook.model import RulebookFile

from .context import FEATURES_DIR, ScenarioContext
from .reader import Scenario, feature_files, read_feature
from .values import CheckFailed, ScenarioError
from .vocabulary import run_step

if TYPE_CHECKING:
    from engine.assess import Assessment
    from engine.plan import LoadedPlan

Node = TypeVar("Node", bound=ast.AST)
T = TypeVar("T")


class Progress(Protocol):
    """Wraps an iteration to show its progress (the CLI's tqdm), yielding the same items."""

    def __call__(self, items: Iterable[T], /) -> Iterable[T]: ...

EQUIVALENT_FILE = FEATURES_DIR / "mutanten-equivalent.yaml"

# one engine unit per parameter type, and how a person says it
NUDGE = {"date": (1, "dag"), "money": (1, "cent"), "percentage": (1, "basispunt (0,01%)"),
         "hours": (1, "minuut"), "count": (1, ""), "year": (1, "jaar"), "factor": (0.01, "")}
SEVERITIES = ("knockout", "assessment", "advisory")
FLIPS = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq}

Key = tuple[str, str]  # (rulebook id, version): one rulebook file
Files = dict[Key, tuple[Path, RulebookFile]]  # read_all: each file and where it was read


# ---------------------------------------------------------------- mutants


@dataclass(frozen=True)
class Mutant:
    """One small change to one rulebook file.

    `id` is stable as long as the line it changes is unchanged: the equivalents file names it.
    `site` says what is changed: ("param", name), ("schedule", name) or ("rule", rule id, field).
    """

    id: str
    file: Key
    site: tuple[str, ...]
    kind: str  # parameter | termijn | vergelijking | weglaten | ernst
    change: object  # the nudge (int/float), the new condition text, or the new severity
    rules: tuple[str, ...]  # the rules whose outcome the change can touch

    @property
    def ref(self) -> str:
        return f"{self.file[0]}@{self.file[1]}"


def _ref(key: Key) -> str:
    return f"{key[0]}@{key[1]}"


def _fmt_step(step: float | int) -> str:
    text = f"{step:+g}"
    return text.replace(".", ",")


def condition_mutants(text: str) -> list[tuple[str, str, str]]:
    """(kind, description, mutated condition) for each comparison flipped and each and/or part left out."""
    tree = ast.parse(text.strip(), mode="eval")
    out: list[tuple[str, str, str]] = []
    nodes = list(ast.walk(tree))
    # yes/no facts standing on their own (`has_project_leader and ...`), not values inside a comparison
    tests = {id(tree.body)} | {id(v) for n in nodes if isinstance(n, ast.BoolOp) for v in n.values}
    for i, node in enumerate(nodes):
        if id(node) in tests and isinstance(node, (ast.Name, ast.Attribute)):
            mutated = ast.parse(text.strip(), mode="eval")
            target = _nth(mutated, i, ast.expr)
            _replace(mutated, target, ast.UnaryOp(ast.Not(), target))
            out.append(("vergelijking", f"'{ast.unparse(node)}' wordt 'not {ast.unparse(node)}'", ast.unparse(mutated)))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            mutated = ast.parse(text.strip(), mode="eval")
            unary = _nth(mutated, i, ast.UnaryOp)
            _replace(mutated, unary, unary.operand)
            out.append(("vergelijking", f"'{ast.unparse(node)}' wordt '{ast.unparse(node.operand)}'",
                        ast.unparse(mutated)))
        elif isinstance(node, ast.Compare):
            for j, op in enumerate(node.ops):
                if type(op) not in FLIPS:
                    continue
                mutated = ast.parse(text.strip(), mode="eval")
                compare = _nth(mutated, i, ast.Compare)
                compare.ops[j] = FLIPS[type(op)]()
                out.append(("vergelijking", f"'{ast.unparse(node)}' wordt '{ast.unparse(compare)}'",
                            ast.unparse(mutated)))
        elif isinstance(node, ast.BoolOp):
            word = "en" if isinstance(node.op, ast.And) else "of"
            for j, part in enumerate(node.values):
                mutated = ast.parse(text.strip(), mode="eval")
                boolop = _nth(mutated, i, ast.BoolOp)
                del boolop.values[j]
                if len(boolop.values) == 1:
                    _replace(mutated, boolop, boolop.values[0])
                out.append(("weglaten", f"zonder '{ast.unparse(part)}' (deel van '{word}')", ast.unparse(mutated)))
    # the same description twice (a repeated comparison) gets a number, so every id is unique
    seen: dict[str, int] = {}
    numbered = []
    for kind, desc, new in out:
        seen[desc] = seen.get(desc, 0) + 1
        numbered.append((kind, desc if seen[desc] == 1 else f"{desc} #{seen[desc]}", new))
    return numbered


def _nth(tree: ast.AST, i: int, kind: type[Node]) -> Node:
    """The i-th node of a walk over `tree`: a fresh parse of the text whose i-th node had this kind."""
    node = list(ast.walk(tree))[i]
    if not isinstance(node, kind):
        raise TypeError(f"node {i} of the parsed condition is a {type(node).__name__}, not a {kind.__name__}")
    return node


def _replace(tree: ast.AST, old: ast.AST, new: ast.expr) -> None:
    if isinstance(tree, ast.Expression) and tree.body is old:
        tree.body = new
        return
    for parent in ast.walk(tree):
        for name, value in ast.iter_fields(parent):
            if value is old:
                setattr(parent, name, new)
                return
            if isinstance(value, list):
                for k, item in enumerate(value):
                    if item is old:
                        value[k] = new
                        return


def _names(text: str | None) -> set[str]:
    if not text:
        return set()
    return {n.id for n in ast.walk(ast.parse(text.strip(), mode="eval")) if isinstance(n, ast.Name)}


def generate_mutants(files: Files) -> list[Mutant]:
    """Every mutant of every rulebook file, in file order, derived from the files' contents."""
    merged = {key: _merge(_chain(key, files)) for key in files}
    out: list[Mutant] = []
    for key, (_path, f) in files.items():
        ref = _ref(key)
        formulas = merged[key][1]
        rules_raw = merged[key][3]
        for name, spec in f.parameters.items():
            step, unit = NUDGE[spec.type]
            readers = _param_readers(name, rules_raw, formulas)
            for sign in (+1, -1):
                nudge = sign * step
                label = f"{_fmt_step(sign * (step if spec.type != 'factor' else step))}{' ' + unit if unit else ''}"
                out.append(Mutant(f"{ref} parameter {name} {label}", key, ("param", name), "parameter", nudge,
                                  readers))
        for name in f.schedule:
            for sign in (+1, -1):
                out.append(Mutant(f"{ref} termijn {name} {sign:+d} dag", key, ("schedule", name), "termijn", sign, ()))
        for raw in f.rules:
            rid = raw["id"]
            for fld in ("applies_when", "condition"):
                if raw.get(fld):
                    word = "voorwaarde" if fld == "condition" else "van toepassing als"
                    for kind, desc, new in condition_mutants(raw[fld]):
                        out.append(Mutant(f"{ref} {rid} {word}: {desc}", key, ("rule", rid, fld), kind, new, (rid,)))
            if raw.get("severity"):
                # A rule resting on an assumption never fails (it needs review), so whether it is a
                # knock-out or an assessment cannot change an outcome; the id says so, and changes
                # when the rule's confidence does, so an equivalence listed for it goes stale.
                site = ("rule", rid, "severity")
                assumed = all(_confidence(merged[k][3].get(rid)) == "assumed"
                              for k in files if _owner(site, k, files) == key)
                tag = " [aanname]" if assumed else ""
                for other in SEVERITIES:
                    if other != raw["severity"]:
                        out.append(Mutant(f"{ref} {rid}{tag} ernst: {raw['severity']} wordt {other}", key,
                                          site, "ernst", other, (rid,)))
    return out


def _confidence(raw: dict[str, Any] | None) -> str | None:
    basis = (raw or {}).get("basis")
    return basis.get("confidence") if isinstance(basis, dict) else None


def _param_readers(name: str, rules_raw: dict[str, dict[str, Any]], formulas: dict[str, Any]) -> tuple[str, ...]:
    via = {fname for fname, spec in formulas.items() if name in _names(spec.expression)}
    out = []
    for rid, raw in rules_raw.items():
        names = _names(raw.get("condition")) | _names(raw.get("applies_when"))
        gap = (raw.get("remediation") or {}).get("gap") if isinstance(raw.get("remediation"), dict) else None
        names |= _names(gap)
        if name in names or names & via:
            out.append(rid)
    return tuple(out)


def _owner(site: tuple[str, ...], key: Key, files: Files) -> Key | None:
    """The file that last set this site in the chain of version `key` (None: not in this version)."""
    owner: Key | None = None
    for _path, f in _chain(key, files):
        fk = (f.id, f.version)
        if site[0] == "param":
            if site[1] in f.remove_parameters:
                owner = None
            if site[1] in f.parameters:
                owner = fk
        elif site[0] == "schedule":
            if site[1] in f.remove_schedule:
                owner = None
            if site[1] in f.schedule:
                owner = fk
        else:
            for raw in f.rules:
                if raw.get("id") == site[1] and site[2] in raw:
                    owner = fk
            if site[1] in f.remove_rules:
                owner = None
    return owner


def affected_versions(mutant: Mutant, files: Files) -> list[Key]:
    """The versions that inherit the changed line: those where the mutant's file set it last."""
    return [key for key in files if _owner(mutant.site, key, files) == mutant.file]


# ---------------------------------------------------------------- building a mutated version


def build_version(key: Key, files: Files, mutant: Mutant | None = None) -> Rulebook:
    """Resolve version `key` as the loader does, with the mutant's change applied.

    Unlike the loader, a parameter that the mutated condition no longer reads is kept: leaving out
    a conjunct must not make the rulebook unloadable (its messages may still quote the parameter).
    """
    chain = _chain(key, files)
    path, head = chain[-1]
    params_raw, formulas_raw, schedule, rules_raw, origin = _merge(chain)
    rules_raw = {rid: dict(raw) for rid, raw in rules_raw.items()}
    schedule = dict(schedule)
    if mutant is not None:
        kind = mutant.site[0]
        if kind == "rule":
            rules_raw[mutant.site[1]][mutant.site[2]] = mutant.change
        elif kind == "schedule":
            entry = schedule[mutant.site[1]]
            days = mutant.change
            if not isinstance(days, int):
                raise TypeError(f"{mutant.id}: a schedule mutant moves a date by whole days, not {days!r}")
            schedule[mutant.site[1]] = entry.model_copy(update={"date": entry.date + dt.timedelta(days=days)})
    params = {name: _param_value(name, raw, str(path)) for name, raw in params_raw.items()}
    if mutant is not None and mutant.site[0] == "param":
        p, nudge = params[mutant.site[1]], mutant.change
        if not isinstance(nudge, int | float):
            raise TypeError(f"{mutant.id}: a parameter mutant nudges by a number, not {nudge!r}")
        params[mutant.site[1]] = dataclasses.replace(p, engine_value=p.engine_value + nudge)
    formulas = _check_formulas(formulas_raw, params, str(path))
    rules = tuple(_check_rule(raw, params, origin[rid], formulas) for rid, raw in rules_raw.items())
    resolved = {
        "id": head.id, "version": head.version, "mutant": mutant.id if mutant else None,
        "parameters": {k: p.engine_value for k, p in params.items()},
        "schedule": {k: v.model_dump(mode="json") for k, v in schedule.items()},
        "rules": [r.spec.model_dump(mode="json", by_alias=True, exclude_none=True) for r in rules],
    }
    sha = hashlib.sha256(json.dumps(resolved, sort_keys=True, default=str).encode()).hexdigest()
    return Rulebook(id=head.id, version=head.version, title=head.title, legal_source=head.legal_source,
                         valid_from=head.valid_from, valid_to=head.valid_to, files=tuple(str(p) for p, _ in chain),
                         parameters=params, rules=rules, resolved=resolved, sha256=sha, summary=head.summary,
                         changes=tuple(head.changes), schedule=schedule, formulas=formulas)


# ---------------------------------------------------------------- running scenarios


class _RecordingAssessor(Assessor):
    """An assessor that notes which versions judged a plan, and forgets a mutant's compiled
    version once the mutant is done (the unmutated versions stay compiled for the whole run)."""

    def __init__(self, library: Library):
        super().__init__(library)
        self.seen: set[str] = set()
        self.keep: set[str] = set()

    def assess(self, loaded: LoadedPlan, rulebook: str | None = None, as_of: dt.date | None = None,
               now: dt.datetime | None = None) -> Assessment:
        result = super().assess(loaded, rulebook=rulebook, as_of=as_of, now=now)
        self.seen.add(result.rulebook.ref)
        return result

    def forget_mutants(self) -> None:
        for key in set(self._compiled) - self.keep:
            del self._compiled[key]


def run_one(assessor: Assessor, scenario: Scenario) -> str | None:
    """Run one scenario; None if it passed, else why it failed (the first failing step)."""
    ctx = ScenarioContext(assessor)
    for s in scenario.steps:
        try:
            run_step(ctx, s.keyword_type, s.text, s.table)
        except (ScenarioError, CheckFailed) as exc:
            return f"regel {s.line}: {str(exc).splitlines()[0]}"
        except Exception as exc:  # noqa: BLE001 - a mutant may make the engine fail; that counts as noticed
            return f"regel {s.line}: interne fout ({type(exc).__name__}: {exc})"
    return None


@dataclass
class MutantResult:
    mutant: Mutant
    status: str  # gedood | overleefd | equivalent | ongeldig
    versions: tuple[str, ...] = ()
    killed_by: str = ""  # feature:line of the scenario that noticed
    reason: str = ""  # why it was killed / why it is equivalent / why it is invalid
    scenarios_run: int = 0


@dataclass
class MutationReport:
    results: list[MutantResult]
    scenarios: int
    baseline_failures: list[tuple[str, str]]  # (where, why) of scenarios that fail without a mutant
    stale_equivalents: list[str]  # entries of the equivalents file that match no mutant
    seconds: float
    workers: int
    read_errors: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def survivors(self) -> list[MutantResult]:
        return [r for r in self.results if r.status == "overleefd"]

    @property
    def ok(self) -> bool:
        return (not self.survivors and not self.baseline_failures and not self.stale_equivalents
                and not self.read_errors and self.count("ongeldig") == 0)


def load_equivalents(path: Path | None) -> dict[str, str]:
    """The reviewed list of equivalent mutants: {mutant id: why it cannot change a verdict}."""
    if path is None or not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise StoError.said(both("mutation.equivalents_not_yaml", path=path, reason=exc)) from None
    entries = data.get("equivalent", []) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise StoError.said(both("mutation.equivalents_no_list", path=path))
    out: dict[str, str] = {}
    for i, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not entry.get("mutant") or not entry.get("waarom"):
            raise StoError.said(both("mutation.equivalent_incomplete", path=path, n=i))
        out[str(entry["mutant"])] = str(entry["waarom"])
    return out


@dataclass
class _Plan:
    """What a worker needs: the rulebook files, the scenarios and which versions each one used."""

    files: Files
    scenarios: list[Scenario]
    versions_used: list[set[str]]


_WORKER: dict[str, Any] = {}


def _read_scenarios(features: Path) -> tuple[list[Scenario], list[str]]:
    scenarios: list[Scenario] = []
    errors: list[str] = []
    if not features.is_dir():
        errors.append(f"de map {features} met feature-bestanden bestaat niet")
        return scenarios, errors
    for path in feature_files(features):
        try:
            scenarios += read_feature(path.resolve(), features.resolve().parent)
        except ScenarioError as exc:
            errors.append(str(exc))
    return scenarios, errors


def _evaluate(mutant: Mutant, files: Files, library: Library, assessor: _RecordingAssessor,
              scenarios: list[Scenario], versions_used: list[set[str]]) -> MutantResult:
    keys = affected_versions(mutant, files)
    refs = tuple(_ref(k) for k in keys)
    try:
        mutated = {_ref(k): build_version(k, files, mutant) for k in keys}
    except StoError as exc:
        return MutantResult(mutant, "ongeldig", refs, reason=str(exc).splitlines()[0])
    books = [mutated.get(b.ref, b) for b in library.books]
    assessor.library = Library(books, library.root)
    run = 0
    affected = set(refs)
    # scenarios that name a rule the mutant touches first: they are the likeliest to notice it
    order = sorted((i for i, used in enumerate(versions_used) if used & affected),
                   key=lambda i: not (scenarios[i].tagged_rules & set(mutant.rules)))
    try:
        for i in order:
            scenario = scenarios[i]
            run += 1
            why = run_one(assessor, scenario)
            if why is not None:
                return MutantResult(mutant, "gedood", refs, scenario.where, why, run)
    finally:
        assessor.library = library
        assessor.forget_mutants()
    return MutantResult(mutant, "overleefd", refs, scenarios_run=run)


# durable-rules cannot delete a ruleset (docs/design/durable-rules.md §2): every mutant leaves its
# compiled versions in the process, ~5 MB per mutant (measured). A worker process therefore handles
# this many mutants and is then replaced, which keeps each process under ~350 MB (measured).
MUTANTS_PER_PROCESS = 40


def _init_worker(rulebooks: str | None, features: str) -> None:
    # only for the spawn start method: a forked worker inherits the parent's state in _WORKER
    files = read_all(rulebooks)
    library = load_library(rulebooks)
    assessor = _RecordingAssessor(library)
    scenarios, _ = _read_scenarios(Path(features))
    used = []
    for s in scenarios:
        assessor.seen = set()
        passed = run_one(assessor, s) is None
        used.append(set(assessor.seen) if passed else set())
    assessor.keep = set(assessor._compiled)
    _WORKER.update(files=files, library=library, assessor=assessor, scenarios=scenarios, used=used)


def _work(mutant: Mutant) -> MutantResult:
    w = _WORKER
    return _evaluate(mutant, w["files"], w["library"], w["assessor"], w["scenarios"], w["used"])


# what a worker process needs: the files, library and assessor of the unmutated run, the scenarios
# and the versions each used
WorkerState = tuple[Files, Library, _RecordingAssessor, list[Scenario], list[set[str]]]


def _in_worker_processes(todo: list[Mutant], workers: int, root: str, features: Path, state: WorkerState,
                         progress: Progress | None) -> Iterable[MutantResult]:
    import multiprocessing as mp

    files, library, assessor, scenarios, used = state
    ctx: mp.context.BaseContext
    init: Callable[[str, str], None] | None
    args: tuple[str, ...]
    if "fork" in mp.get_all_start_methods():
        # forked workers start from the unmutated run already done here (no second baseline)
        _WORKER.update(files=files, library=library, assessor=assessor, scenarios=scenarios, used=used)
        ctx, init, args = mp.get_context("fork"), None, ()
    else:
        ctx, init, args = mp.get_context("spawn"), _init_worker, (root, str(features))
    try:
        with ctx.Pool(workers, initializer=init, initargs=args, maxtasksperchild=MUTANTS_PER_PROCESS) as pool:
            stream = pool.imap_unordered(_work, todo)
            yield from (progress(stream) if progress else stream)
    finally:
        _WORKER.clear()


def run_mutation(rulebooks: str | os.PathLike[str] | None = None, features: Path = FEATURES_DIR,
                 equivalents: Path | None = EQUIVALENT_FILE, select: Callable[[Mutant], bool] | None = None,
                 workers: int = 1, progress: Progress | None = None) -> MutationReport:
    """Make every mutant (or those `select` keeps), run the scenarios against each, and report."""
    t0 = time.perf_counter()
    root = str(rulebook_dir(rulebooks))
    files = read_all(root)
    library = load_library(root)
    scenarios, read_errors = _read_scenarios(features)
    assessor = _RecordingAssessor(library)
    used: list[set[str]] = []
    baseline_failures = []
    for s in scenarios:
        assessor.seen = set()
        why = run_one(assessor, s)
        if why is not None:
            baseline_failures.append((s.where, why))
            used.append(set())  # a scenario that fails anyway cannot notice a mutant
        else:
            used.append(set(assessor.seen))
    assessor.keep = set(assessor._compiled)

    equivalent = load_equivalents(equivalents)
    mutants = generate_mutants(files)
    all_ids = {m.id for m in mutants}
    stale = sorted(set(equivalent) - all_ids)
    if select is not None:
        mutants = [m for m in mutants if select(m)]
    todo = [m for m in mutants if m.id not in equivalent]
    results: dict[str, MutantResult] = {
        m.id: MutantResult(m, "equivalent", tuple(_ref(k) for k in affected_versions(m, files)),
                           reason=equivalent[m.id]) for m in mutants if m.id in equivalent}
    workers = max(1, min(workers, len(todo) or 1))
    if workers == 1 and len(todo) <= MUTANTS_PER_PROCESS:
        iterator = progress(todo) if progress else todo
        for m in iterator:
            results[m.id] = _evaluate(m, files, library, assessor, scenarios, used)
    else:
        for r in _in_worker_processes(todo, workers, root, features, (files, library, assessor, scenarios, used),
                                      progress):
            results[r.mutant.id] = r
    ordered = [results[m.id] for m in mutants]
    return MutationReport(ordered, len(scenarios), baseline_failures, stale, time.perf_counter() - t0, workers,
                          read_errors)


# ---------------------------------------------------------------- presenting it

def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


STATUS_NL = {"gedood": "gedood", "overleefd": "OVERLEEFD", "equivalent": "equivalent", "ongeldig": "ONGELDIG"}


def render_text(report: MutationReport, verbose: bool = False) -> str:
    n = len(report.results)
    lines = [f"Mutatietest van de regelboeken: {n} mutanten, {report.scenarios} scenario's, "
             f"{report.seconds:.0f} s met {_n(report.workers, 'werker', 'werkers')}.",
             "Een mutant is één kleine wijziging in één regelboekbestand (een parameter of datum één eenheid "
             "verschoven, een vergelijking omgedraaid, een deel van een voorwaarde weggelaten, een andere ernst).",
             "Gedood = een scenario merkt de wijziging op; overleefd = geen enkel scenario merkt haar op.", ""]
    if report.read_errors:
        lines.append("Feature-bestanden die niet te lezen zijn:")
        lines += [f"  {e}" for e in report.read_errors]
    if report.baseline_failures:
        failing = _n(len(report.baseline_failures), "scenario faalt", "scenario's falen")
        lines.append(f"{failing} al zonder mutant (die tellen niet mee):")
        lines += [f"  {where}  {why}" for where, why in report.baseline_failures]
        lines.append("")
    if verbose:
        for r in report.results:
            extra = f"  door {r.killed_by}" if r.status == "gedood" else (f"  ({r.reason})" if r.reason else "")
            lines.append(f"  {STATUS_NL[r.status]:<11} {r.mutant.id}{extra}")
        lines.append("")
    survivors = report.survivors
    if survivors:
        lines.append(f"Overlevende mutanten ({len(survivors)}), per regel en versie: geen scenario merkt deze "
                     f"wijziging op.")
        by_rule: dict[str, list[MutantResult]] = {}
        for r in survivors:
            for rid in (r.mutant.rules or (f"termijn {r.mutant.site[1]}" if r.mutant.site[0] == "schedule"
                                           else "(geen regel)",)):
                by_rule.setdefault(rid, []).append(r)
        for rid in sorted(by_rule):
            lines.append(f"  {rid}:")
            for r in by_rule[rid]:
                ran = _n(r.scenarios_run, "scenario", "scenario's")
                lines.append(f"    {r.mutant.id}  (geldt in: {', '.join(r.versions)}; "
                             f"{ran} gedraaid)")
        lines.append("Schrijf een scenario dat de wijziging opmerkt (docs/gherkin-stappen.md, Mutatietest), of zet "
                     "de mutant met de reden in features/mutanten-equivalent.yaml als hij geen uitkomst kan "
                     "veranderen.")
        lines.append("")
    invalid = [r for r in report.results if r.status == "ongeldig"]
    if invalid:
        lines.append(f"Mutanten die het regelboek onlaadbaar maken ({len(invalid)}); meld dit, de mutatietest "
                     f"hoort alleen laadbare mutanten te maken:")
        lines += [f"  {r.mutant.id}: {r.reason}" for r in invalid]
        lines.append("")
    if report.stale_equivalents:
        lines.append(f"Verouderde regels in features/mutanten-equivalent.yaml ({len(report.stale_equivalents)}): "
                     f"deze mutanten bestaan niet meer (de regel of parameter is veranderd); haal ze weg of "
                     f"werk ze bij:")
        lines += [f"  {m}" for m in report.stale_equivalents]
        lines.append("")
    equivalent = [r for r in report.results if r.status == "equivalent"]
    if equivalent and verbose:
        lines.append(f"Equivalente mutanten ({len(equivalent)}), met de reden uit features/mutanten-equivalent.yaml:")
        lines += [f"  {r.mutant.id}: {r.reason}" for r in equivalent]
        lines.append("")
    by_kind: dict[str, list[int]] = {}
    for r in report.results:
        row = by_kind.setdefault(r.mutant.kind, [0, 0, 0])
        row[0 if r.status == "gedood" else 1 if r.status == "overleefd" else 2] += 1
    lines.append(f"{'soort':<14}{'gedood':>8}{'overleefd':>11}{'equivalent/ongeldig':>21}")
    for kind in ("parameter", "termijn", "vergelijking", "weglaten", "ernst"):
        if kind in by_kind:
            k, s, e = by_kind[kind]
            lines.append(f"{kind:<14}{k:>8}{s:>11}{e:>21}")
    lines.append(f"Totaal: {n} mutanten; {report.count('gedood')} gedood, {report.count('overleefd')} overleefd, "
                 f"{report.count('equivalent')} equivalent, {report.count('ongeldig')} ongeldig.")
    if report.ok:
        lines.append("Elke mutant die een uitkomst kan veranderen, wordt door een scenario opgemerkt.")
    return "\n".join(lines)


def as_json(report: MutationReport) -> dict[str, Any]:
    return {
        "ok": report.ok, "scenarios": report.scenarios, "seconds": round(report.seconds, 1), "workers": report.workers,
        "counts": {s: report.count(s) for s in STATUS_NL},
        "baseline_failures": [{"scenario": w, "error": e} for w, e in report.baseline_failures],
        "stale_equivalents": report.stale_equivalents, "read_errors": report.read_errors,
        "mutants": [{"id": r.mutant.id, "kind": r.mutant.kind, "file": r.mutant.ref, "rules": list(r.mutant.rules),
                     "versions": list(r.versions), "status": r.status, "killed_by": r.killed_by or None,
                     "reason": r.reason or None, "scenarios_run": r.scenarios_run} for r in report.results],
    }


def select_matching(patterns: Sequence[str]) -> Callable[[Mutant], bool]:
    """Keep the mutants whose id contains any of the texts (case-insensitive)."""
    lowered = [p.lower() for p in patterns]
    return lambda m: any(p in m.id.lower() for p in lowered)
