"""Verdict -> committee letter (Markdown, HTML or PDF), from the Jinja templates in templates/letters/.

    letter = render_letter(verdict, kind="auto", lang="nl", fmt="html")   # fmt: md (default), html, pdf
    letter.data          # bytes: UTF-8 text for md/html, the PDF for pdf
    letter.fingerprint   # sha256 over template set + verdict + settings; printed in the letter

Rendering is a pure function of its inputs: the verdict, the letter kind, the language, the
letter date (default: the date of the verdict's receipt timestamp, never today), the letterhead
configuration (briefhoofd.yaml), the rulebook schedule entries the letter quotes (looked up once
in the rulebook library and checked against the rulebook hash in the receipt), and the template
files. The same inputs give the same bytes for Markdown and HTML, so an auditor can re-render a
letter later and compare; the fingerprint names exactly those inputs.

The templates invent no facts. Sentences that state a finding quote the verdict's messages and
remediations; every one carries a numbered reference to the rule id and legal basis in the annex.
The fixed wording lives in teksten.yaml (Dutch and English); amounts and dates are formatted with
Babel through engine.units.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .. import units
from ..errors import InputError, Problem, StoError
from ..rulebook import messages as msg

KINDS = ("afwijzing", "goedkeuring", "aanvulling", "zelfcheck")
FORMATS = ("md", "html", "pdf")
LANGS = ("nl", "en")

# `auto` picks the letter from the outcome.
AUTO_KIND = {
    "ineligible": "afwijzing",
    "negative_advice": "afwijzing",
    "committee_review": "aanvulling",
    "positive_advice": "goedkeuring",
}
# A decision letter must agree with the verdict: no approval for a rejected plan, and so on.
# The self-check is advisory and fits every outcome.
ALLOWED_KINDS = {outcome: (kind, "zelfcheck") for outcome, kind in AUTO_KIND.items()}

SEVERITY_ORDER = {"knockout": 0, "assessment": 1, "advisory": 2}
STATUS_ORDER = {"fail": 0, "needs_review": 1, "pass": 2, "not_applicable": 3}
MAX_ITEMS = 12  # violations listed per finding; the rest is counted ("en 3 andere")
NEXT_ROUND = "next_round_deadline"

CONFIG_FILE = "briefhoofd.yaml"
TEXTS_FILE = "teksten.yaml"
CSS_FILE = "brief.css"



def _citation(basis: dict) -> str:
    """The source as a person cites it (from rulebooks/bronnen.yaml); verdicts from before the bibliography
    carry only the source."""
    return basis.get("citation") or basis["source"]

def template_dir() -> Path:
    """templates/letters/ of the project (STO_LETTER_TEMPLATES overrides it)."""
    explicit = os.environ.get("STO_LETTER_TEMPLATES")
    if explicit:
        return Path(explicit)
    return Path(__file__).resolve().parents[2] / "templates" / "letters"


# ---------------------------------------------------------------- configuration (briefhoofd.yaml)


class _C(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(_C):
    nl: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Sender(_C):
    name: str = Field(min_length=1)
    department: str = Field(min_length=1)
    department_full: Localized
    logo_lines: list[str] = Field(min_length=1, max_length=4)
    postal_address: list[str] = Field(min_length=1)
    visiting_address: list[str] = []
    website: str
    email: str
    place: str


class Signatory(_C):
    name: str = Field(min_length=1)
    function: Localized


class Support(_C):
    name: Localized
    email: str
    phone: str
    website: str


class LetterConfig(_C):
    """The small configuration of the letters: sender, reference prefix, signatory, support contact."""

    sender: Sender
    reference_prefix: str = Field(min_length=1, max_length=40)
    signatory: Signatory
    support: Support
    objection_address: list[str] = Field(min_length=1)
    aanvulling_weeks: int = Field(ge=1, le=52, description="weeks after the letter date to send a clarification")


def load_config(path: str | os.PathLike | None = None) -> LetterConfig:
    """Read briefhoofd.yaml (the project's, or the file given)."""
    from ..files import read_bytes

    file = Path(path) if path else template_dir() / CONFIG_FILE
    raw = read_bytes(file, hint=f"give a file like templates/letters/{CONFIG_FILE}")
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(str(file), [Problem(f"the file is not UTF-8 text (invalid byte at offset {exc.start})",
                                             hint="save the file as UTF-8 (most editors offer this under "
                                                  "'Save as' or 'Encoding')")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(str(file), [Problem(f"not valid YAML: {getattr(exc, 'problem', exc)}",
                                             line=mark.line + 1 if mark else None)]) from None
    try:
        return LetterConfig.model_validate(data)
    except ValidationError as exc:
        raise InputError(str(file), [Problem(e["msg"], path="/" + "/".join(str(p) for p in e["loc"]))
                                     for e in exc.errors()[:20]]) from None


# ---------------------------------------------------------------- hashing


def canonical_json(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _sha(text: str | bytes) -> str:
    return hashlib.sha256(text.encode("utf-8") if isinstance(text, str) else text).hexdigest()


def template_files(directory: Path | None = None) -> list[Path]:
    root = directory or template_dir()
    return sorted((p for p in root.rglob("*") if p.is_file() and not any(part.startswith((".", "__"))
                                                                          for part in p.relative_to(root).parts)),
                  key=lambda p: p.relative_to(root).as_posix())


def template_set_sha256(directory: Path | None = None) -> str:
    """sha256 over every file of the template set: its relative path and the sha256 of its bytes."""
    root = directory or template_dir()
    lines = [f"{p.relative_to(root).as_posix()}\0{_sha(p.read_bytes())}\n" for p in template_files(root)]
    return _sha("".join(lines))


def fingerprint(verdict: dict, kind: str, lang: str, letter_date: dt.date, config: LetterConfig,
                schedule: dict, directory: Path | None = None) -> str:
    """The letter's identity: sha256 over the template set, the canonical verdict JSON and the settings.

    The output format is not part of it: the Markdown, HTML and PDF of one letter share it.
    """
    payload = {
        "templates": template_set_sha256(directory),
        "verdict": _sha(canonical_json(verdict)),
        "config": _sha(canonical_json(config.model_dump(mode="json"))),
        "schedule": schedule,
        "kind": kind,
        "lang": lang,
        "date": letter_date.isoformat(),
    }
    return _sha(canonical_json(payload))


# ---------------------------------------------------------------- inputs taken from the verdict and rulebook


def validate_verdict(verdict: Any, source: str | None = None) -> dict:
    """A verdict in the published format whose seal (receipt.verdict_sha256) still matches its content:
    a letter is only written for a verdict as the engine made it."""
    from ..verdict import Verdict, verdict_digest

    if not isinstance(verdict, dict):
        raise InputError(source, [Problem("a verdict is a JSON object", found=type(verdict).__name__)])
    try:
        Verdict.model_validate(verdict)
    except ValidationError as exc:
        raise InputError(source, [Problem(e["msg"], path="/" + "/".join(str(p) for p in e["loc"]))
                                  for e in exc.errors()[:20]]) from None
    sealed = verdict["receipt"]["verdict_sha256"]
    if verdict_digest(verdict) != sealed:
        raise InputError(source, [Problem(
            "the verdict was changed after the engine sealed it: its content no longer matches "
            "receipt.verdict_sha256", path="/receipt/verdict_sha256", found=sealed,
            hint="write letters only for verdicts as `sto assess PLAN --format json` wrote them; re-assess the plan")])
    return verdict


def choose_kind(verdict: dict, kind: str = "auto") -> str:
    outcome = verdict["outcome"]
    if kind == "auto":
        return AUTO_KIND[outcome]
    if kind not in KINDS:
        raise StoError(f"unknown letter kind '{kind}'; choose one of: auto, {', '.join(KINDS)}")
    if kind not in ALLOWED_KINDS[outcome]:
        label = verdict["outcome_label"]["nl"]
        raise StoError(f"the verdict's outcome is {outcome} ({label}); a '{kind}' letter would contradict it. "
                       f"Use --kind auto (gives '{AUTO_KIND[outcome]}') or --kind zelfcheck")
    return kind


def default_letter_date(verdict: dict) -> dt.date:
    """The date of the verdict's receipt timestamp, so that re-rendering later gives the same letter."""
    stamp = verdict["receipt"]["timestamp"]
    try:
        return dt.datetime.fromisoformat(stamp).date()
    except ValueError:
        raise InputError(None, [Problem("the receipt timestamp is not an ISO date-time", path="/receipt/timestamp",
                                        found=stamp, hint="pass the letter date with --date YYYY-MM-DD")]) from None


def schedule_for(verdict: dict, library=None) -> dict:
    """The schedule entries of the rulebook version that produced the verdict, as plain data.

    The rulebook found in the library must be the one in the receipt (same sha256): otherwise the
    dates might not be those of the version that judged the plan.
    """
    from ..rulebook import load_library

    ref = verdict["receipt"]["rulebook"]
    lib = library if library is not None else load_library()
    book = lib.get(f"{ref['id']}@{ref['version']}")
    if book.sha256 != ref["sha256"]:
        raise StoError(f"rulebook {book.ref} in {lib.root} has sha256 {book.sha256[:16]}…, but the verdict was made "
                       f"with sha256 {ref['sha256'][:16]}…: the rulebook changed since. Re-assess the plan, or point "
                       f"--rulebooks at the rulebook files the verdict was made with")
    return {name: entry.model_dump(mode="json", exclude_none=True) for name, entry in sorted(book.schedule.items())}


# ---------------------------------------------------------------- the view the templates read


@lru_cache(maxsize=8)
def _texts(directory: str, sha: str) -> dict:
    return yaml.safe_load((Path(directory) / TEXTS_FILE).read_text(encoding="utf-8"))


class _Notes:
    """Numbered references, in the order the letter cites them."""

    def __init__(self):
        self.items: list[dict] = []
        self._by_key: dict[str, int] = {}

    def cite(self, key: str, note: dict) -> int:
        if key not in self._by_key:
            self.items.append({**note, "n": len(self.items) + 1})
            self._by_key[key] = len(self.items)
        return self._by_key[key]


def _fill(text: str, lang: str | None = None, **values) -> str:
    """A sentence of teksten.yaml with its values; a count phrase ({n, plural, ...}) needs the language."""
    text = " ".join(text.split())
    if msg.has_choice(text):
        if lang is None:
            raise ValueError(f"a text with a plural needs the language: {text[:60]!r}")
        text = msg.expand(text, lang, values.get)
    return text.format(**values)


def _day(iso: str, lang: str) -> str:
    return units.date(dt.date.fromisoformat(iso), lang)


def _capfirst(s: str) -> str:
    return s[:1].upper() + s[1:]


def build_context(verdict: dict, kind: str, lang: str, letter_date: dt.date, config: LetterConfig,
                  schedule: dict, fingerprint_hex: str, templates_sha: str, directory: Path) -> dict:
    from ..verdict.model import STATUS_LABELS

    root = directory
    t = _texts(str(root), _sha((root / TEXTS_FILE).read_bytes()))[lang]
    plan, receipt = verdict["plan"], verdict["receipt"]
    rb = receipt["rulebook"]
    rulebook_ref = f"{rb['id']}@{rb['version']}"
    submitted = _day(plan["submission_date"], lang)
    reference = (f"{config.reference_prefix}/{plan['submission_date'][:4]}/R{plan['round']}/"
                 f"{receipt['verdict_sha256'][:8].upper()}")
    support_name = config.support.name.model_dump()[lang]
    sender = config.sender.name
    if plan["region"].lower().startswith(("regio ", "region ")):  # "Regio Testland": no "de regio" before it
        region_np = region_label = plan["region"]
    else:
        region_np, region_label = _fill(t["region_np"], name=plan["region"]), _fill(t["region_label"], name=plan["region"])
    notes = _Notes()

    def finding(f: dict) -> dict:
        b = f["basis"]
        n = notes.cite(f"rule:{f['rule_id']}", {
            "kind": "rule", "rule_id": f["rule_id"], "title": f["title"][lang],
            "status": STATUS_LABELS[f["status"]][lang], "severity": t["severity"][f["severity"]],
            "source": _citation(b), "section": b["section"], "confidence": t["confidence"][b["confidence"]],
            "note": b.get("note"), "url": b.get("url"),
        })
        violations = f.get("violations") or []
        rem = f.get("remediation")
        if rem:
            fix = rem["message"][lang]
        else:
            fix = _fill(t["fix_from_title_items" if violations else "fix_from_title"], title=f["title"][lang])
        return {
            "rule_id": f["rule_id"], "title": f["title"][lang], "message": f["message"][lang],
            "severity": f["severity"], "severity_label": t["severity"][f["severity"]],
            "status": f["status"], "status_label": STATUS_LABELS[f["status"]][lang],
            "reason": f["reason"],
            "basis": {"source": _citation(b), "section": b["section"],
                      "confidence": t["confidence"][b["confidence"]]},
            "remediation": rem["message"][lang] if rem else None,
            "fix": fix,
            "clarify": rem["message"][lang] if rem else _fill(t["clarify_text"], title=f["title"][lang]),
            "concerns": [v["label"] for v in violations[:MAX_ITEMS]],
            "more_items": _fill(t["more_items"], n=len(violations) - MAX_ITEMS) if len(violations) > MAX_ITEMS else "",
            "note": n,
        }

    def schedule_item(name: str) -> dict | None:
        entry = schedule.get(name)
        if not entry:
            return None
        b = entry["basis"]
        description = entry["description"][lang]
        n = notes.cite(f"schedule:{name}", {
            "kind": "schedule", "text": _fill(t["note_schedule"], rulebook_ref=rulebook_ref, description=description,
                                              date=_day(entry["date"], lang)),
            "source": _citation(b), "section": b["section"], "confidence": t["confidence"][b["confidence"]],
            "note": b.get("note"), "url": b.get("url"),
        })
        day = dt.date.fromisoformat(entry["date"])
        return {"name": name, "date": units.date(day, lang), "date_iso": entry["date"], "description": description,
                "passed": day < letter_date, "note": n}

    findings = verdict["findings"]
    fails = [f for f in findings if f["status"] == "fail"]
    reviews = [f for f in findings if f["status"] == "needs_review"]
    sections: dict[str, Any] = {}

    if kind == "afwijzing":
        families = []
        for fam in verdict["families"]:
            items = [finding(f) for f in fails if f["family"] == fam["family"]]
            if items:
                families.append({"family": fam["family"], "name": fam["name"][lang], "findings": items})
        sections["families"] = families
        sections["reviews"] = [finding(f) for f in reviews]
        nxt = schedule_item(NEXT_ROUND)
        if nxt is None:
            sections["next_round"] = {"before": "", "text": _fill(t["next_round_none"], rulebook_ref=rulebook_ref,
                                                                  support_name=support_name),
                                      "note": None, "after": ""}
        else:
            # a deadline before the letter date is stated as such, not as an open invitation
            sections["next_round"] = {
                "before": "" if nxt["passed"] else t["next_round_open"],
                "text": _fill(t["next_round_deadline"], description=nxt["description"], date=nxt["date"]),
                "note": nxt["note"], "date_iso": nxt["date_iso"], "passed": nxt["passed"],
                "after": t["next_round_passed"] if nxt["passed"] else "",
            }
        sections["reason"] = t["afwijzing_ineligible" if verdict["outcome"] == "ineligible" else "afwijzing_negative"]
    elif kind == "goedkeuring":
        sections["reason"] = _fill(t["goedkeuring_reason"],
                                   passed=sum(1 for f in findings if f["status"] == "pass"),
                                   not_applicable=sum(1 for f in findings if f["status"] == "not_applicable"))
        sections["attention"] = [finding(f) for f in fails if f["severity"] == "advisory"]
        obligations = [schedule_item(name) for name in sorted(
            (n for n in schedule if n != NEXT_ROUND), key=lambda n: (schedule[n]["date"], n))]
        sections["obligations"] = obligations
        sections["obligations_none"] = _fill(t["obligations_none"], rulebook_ref=rulebook_ref,
                                             support_name=support_name)
    elif kind == "aanvulling":
        sections["reason"] = t["aanvulling_reason"]
        sections["reviews"] = [finding(f) for f in reviews]
        sections["attention"] = [finding(f) for f in fails if f["severity"] == "advisory"]
        due = letter_date + dt.timedelta(weeks=config.aanvulling_weeks)
        sections["respond_by_iso"] = due.isoformat()
        sections["respond_by"] = _fill(t["respond_by"], lang, date=units.date(due, lang), weeks=config.aanvulling_weeks,
                                       email=config.sender.email, reference=reference)
    else:  # zelfcheck
        open_items = [f for f in findings if f["status"] in ("fail", "needs_review")]
        ordered = sorted(open_items, key=lambda f: (SEVERITY_ORDER[f["severity"]], STATUS_ORDER[f["status"]]))
        sections["fixlist"] = [finding(f) for f in ordered]
        cited = {f["rule_id"]: f["note"] for f in sections["fixlist"]}
        overview = []
        for fam in verdict["families"]:
            rows = [{"rule_id": f["rule_id"], "title": f["title"][lang], "status": f["status"],
                     "status_label": STATUS_LABELS[f["status"]][lang], "note": cited.get(f["rule_id"])}
                    for f in findings if f["family"] == fam["family"]]
            if rows:
                overview.append({"name": fam["name"][lang], "status": fam["status"], "rows": rows})
        sections["overview"] = overview

    funding = verdict["funding"]
    req = funding["requested"]
    maximum = funding.get("maximum")
    max_text = None
    if maximum:
        m = {k: (units.money(v, lang) if k.endswith("_cents") and v is not None else v) for k, v in maximum.items()}
        if maximum["kind"] == "per_student" and maximum.get("per_year_cents") is not None:
            if maximum.get("total_cents") is not None and maximum.get("years"):
                max_text = _fill(t["maximum_per_student"], lang, per_year=m["per_year_cents"], total=m["total_cents"],
                                 years=maximum["years"])
            else:
                max_text = _fill(t["maximum_per_year"], per_year=m["per_year_cents"])
        elif maximum["kind"] == "per_student" and maximum.get("total_cents") is not None:  # for the whole period
            max_text = _fill(t["maximum_fixed_max"], total=m["total_cents"])
        elif maximum["kind"] == "fixed_range" and maximum.get("total_cents") is not None:
            if maximum.get("minimum_total_cents") is not None:
                max_text = _fill(t["maximum_fixed_range"], minimum=m["minimum_total_cents"], total=m["total_cents"])
            else:
                max_text = _fill(t["maximum_fixed_max"], total=m["total_cents"])
        if max_text and maximum.get("assumed"):
            max_text += " " + t["maximum_assumed"]
    total = units.money(req["total_cents"], lang)
    funding_view = {
        "per_year": [{"year": y["year"], "amount": units.money(y["cents"], lang)} for y in req["per_year"]],
        "total": total,
        "total_cents": req["total_cents"],
        "maximum": max_text,
        "intro": _fill(t["amount_intro"], total=total),
        "requested": _fill(t["requested_total"], total=total),
    }

    subject_key = "subject_selfcheck" if kind == "zelfcheck" else "subject_decision"
    letter = {
        "kind": kind,
        "kind_name": t["kind_names"][kind],
        "date": units.date(letter_date, lang),
        "date_iso": letter_date.isoformat(),
        "reference": reference,
        "subject": _fill(t[subject_key], region_label=region_label),
        "fingerprint": fingerprint_hex,
        "templates_sha256": templates_sha,
        "config_sha256": _sha(canonical_json(config.model_dump(mode="json"))),
        "rerender": f"sto letter OORDEEL.json --kind {kind} --lang {lang} --date {letter_date.isoformat()}",
    }
    cfg = config.model_dump(mode="json")
    sender_view = {**cfg["sender"], "department_full": cfg["sender"]["department_full"][lang]}
    common = {
        "intro": _fill(t["intro"], submitted=submitted, region=region_np, round=plan["round"], sender=sender,
                       rulebook_title=rb["title"], rulebook_ref=rulebook_ref, legal_source=rb["legal_source"]),
        "outcome_line": _fill(t["outcome_line"], outcome=verdict["outcome_label"][lang]),
        "addressee_board": _fill(t["addressee_board"], board=plan["lead_applicant"]),
        "addressee_attn": _fill(t["addressee_attn"], region=region_np),
        "your_application": _fill(t["your_application_value"], submitted=submitted, round=plan["round"]),
        "support": _fill(t["support"], Support_name=_capfirst(support_name), email=config.support.email,
                         phone=config.support.phone, website=config.support.website),
        "objection": _fill(t["objection"], address=", ".join(config.objection_address), reference=reference),
        "on_behalf": _fill(t["on_behalf"], sender=sender),
        "obligations_intro": _fill(t["obligations_intro"], rulebook_ref=rulebook_ref),
        "selfcheck_salutation": _fill(t["selfcheck_salutation"], region=region_np),
        "selfcheck_intro": _fill(t["selfcheck_intro"], region=region_np, submitted=submitted,
                                 round=plan["round"], rulebook_title=rb["title"], rulebook_ref=rulebook_ref,
                                 sender=sender),
        "selfcheck_outcome": _fill(t["selfcheck_outcome"], outcome=verdict["outcome_label"][lang]),
    }
    return {
        "lang": lang,
        "kind": kind,
        "t": t,
        "s": common,
        "sections": sections,
        "letter": letter,
        "sender": sender_view,
        "signatory": {"name": config.signatory.name, "function": config.signatory.function.model_dump()[lang]},
        "support": {"name": support_name, "email": config.support.email, "phone": config.support.phone,
                    "website": config.support.website},
        "plan": plan,
        "outcome": {"code": verdict["outcome"], "label": verdict["outcome_label"][lang]},
        "rulebook": {"ref": rulebook_ref, **rb},
        "receipt": receipt,
        "funding": funding_view,
        "notes": notes.items,
    }


# ---------------------------------------------------------------- Jinja


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md_escape(value: Any) -> str:
    """Escape the characters Markdown would read as markup (verdict and plan texts are plain text)."""
    return _MD_SPECIAL.sub(r"\\\1", str(value))


def md_escaped(obj: Any) -> Any:
    """The context with every text escaped for Markdown (the data is escaped, not the template output,
    so that the templates' own markup and macro results stay as written)."""
    if isinstance(obj, str):
        return md_escape(obj)
    if isinstance(obj, dict):
        return {k: md_escaped(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [md_escaped(v) for v in obj]
    return obj


def css_string(value: str) -> str:
    """A CSS string literal (for @page margin boxes)."""
    out = []
    for ch in str(value):
        if ch in '"\\' or ch in "<>&" or ord(ch) < 32:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


@lru_cache(maxsize=8)
def _environments(directory: str):
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    common = dict(loader=FileSystemLoader(directory), undefined=StrictUndefined, trim_blocks=True,
                  lstrip_blocks=True, keep_trailing_newline=True, auto_reload=True)
    html = Environment(autoescape=True, **common)
    md = Environment(autoescape=False, finalize=lambda v: "" if v is None else v, **common)
    for env in (html, md):
        env.filters["css_string"] = css_string
    return html, md


def _page_css(ctx: dict) -> Markup:
    t, letter = ctx["t"], ctx["letter"]
    running = f"{t['date']} {letter['date']} · {t['our_reference']} {letter['reference']}"
    return Markup(
        "@page { @bottom-right { content: " + css_string(t["page"] + " ") + " counter(page) "
        + css_string(" " + t["page_of"] + " ") + " counter(pages); }\n"
        "        @bottom-left { content: " + css_string(f"{t['fingerprint_short']} {letter['fingerprint'][:16]}") + "; }\n"
        "        @top-right { content: " + css_string(running) + "; } }\n"
        "@page :first { @top-right { content: none; } }\n")


# ---------------------------------------------------------------- the public function


@dataclass(frozen=True)
class Letter:
    kind: str
    lang: str
    format: str
    data: bytes
    fingerprint: str
    letter_date: dt.date
    reference: str

    @property
    def text(self) -> str:
        if self.format == "pdf":
            raise ValueError("a PDF letter has no text form; use .data")
        return self.data.decode("utf-8")

    @property
    def suffix(self) -> str:
        return "." + self.format


def render_letter(verdict: dict, kind: str = "auto", lang: str = "nl", fmt: str = "md", *,
                  config: LetterConfig | None = None, letter_date: dt.date | None = None,
                  schedule: dict | None = None, library=None, directory: Path | None = None) -> Letter:
    """Render one letter. `schedule` (the rulebook's schedule entries as plain data) is looked up
    in `library` (default: the project's rulebooks) when not given."""
    if lang not in LANGS:
        raise StoError(f"unknown language '{lang}'; choose nl or en")
    if fmt not in FORMATS:
        raise StoError(f"unknown format '{fmt}'; choose one of: {', '.join(FORMATS)}")
    validate_verdict(verdict)
    root = Path(directory) if directory else template_dir()
    kind = choose_kind(verdict, kind)
    config = config or load_config(root / CONFIG_FILE)
    letter_date = letter_date or default_letter_date(verdict)
    if schedule is None:
        schedule = schedule_for(verdict, library)
    templates_sha = template_set_sha256(root)
    fp = fingerprint(verdict, kind, lang, letter_date, config, schedule, root)
    ctx = build_context(verdict, kind, lang, letter_date, config, schedule, fp, templates_sha, root)
    html_env, md_env = _environments(str(root))
    if fmt == "md":
        text = md_env.get_template(f"{kind}.md.j2").render(md_escaped(ctx))
        data = text.encode("utf-8")
    else:
        ctx["css"] = Markup((root / CSS_FILE).read_text(encoding="utf-8"))
        ctx["page_css"] = _page_css(ctx)
        html = html_env.get_template(f"{kind}.html.j2").render(ctx)
        data = html.encode("utf-8") if fmt == "html" else html_to_pdf(html, root, letter_date)
    return Letter(kind, lang, fmt, data, fp, letter_date, ctx["letter"]["reference"])


# Tagged, accessible PDF (PDF/UA-1): a structure tree in reading order for screen readers, the
# document language from <html lang> and the title from <title>, shown as the window title.
PDF_VARIANT = "pdf/ua-1"


def html_to_pdf(html: str, base: Path | None = None, when: dt.date | None = None) -> bytes:
    """A4 PDF/UA through WeasyPrint (page size, margins and page numbers come from the CSS).

    The embedded font subsets carry a timestamp; fontTools takes it from SOURCE_DATE_EPOCH, which
    is set to the letter date while rendering, so the same letter gives the same PDF bytes.
    """
    import logging

    with warnings.catch_warnings():  # "HarfBuzz-Subset will be required": fontTools subsets meanwhile
        warnings.simplefilter("ignore", DeprecationWarning)
        from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    epoch = dt.datetime.combine(when or dt.date(2000, 1, 1), dt.time(), dt.UTC).timestamp()
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(epoch))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            return HTML(string=html, base_url=str(base or template_dir())).write_pdf(pdf_variant=PDF_VARIANT)
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
