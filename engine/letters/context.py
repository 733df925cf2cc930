"""The view each letter's template reads: shared parts (frame, notes, findings, amounts, records)
and one builder per letter kind.

The builders invent no facts. Sentences that state a finding quote the verdict's messages and
remediations; sentences about the committee quote its records (judgements, advice) as stored.
Internal identifiers stay out: plan field paths the verdict names for the region's editor are
dropped from letter texts, the rulebook's own notes on a source are not printed.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .. import units
from ..rulebook import messages as msg
from .dossier import AANVULLING, ADVIES, BESCHIKKING, ZELFCHECK, Dossier, picture_of, supplementable
from .terms import DAY_NAMES, term_end

if TYPE_CHECKING:
    from ..verdict.model import Basis, Finding, Verdict
    from .render import LetterConfig

SEVERITY_ORDER = {"knockout": 0, "assessment": 1, "advisory": 2}
STATUS_ORDER = {"fail": 0, "needs_review": 1, "pass": 2, "not_applicable": 3}
DECIDING = ("knockout", "assessment")
MAX_ITEMS = 12  # violations listed per finding; the rest is counted ("en 3 andere")
NEXT_ROUND = "next_round_deadline"
MELDPLICHT_SOURCE = "sto-site-meldplicht-2020-11-12"

# The plan's field names: rulebook messages and remediations name them for whoever edits the plan
# file ("(objectives)", "(budget.cofinancing)", "activiteit A3 (Hybride docenten, activities[2])");
# a letter speaks of the plan, not of its file. A parenthesis that holds nothing but field names and
# paths is dropped; a remediation that still reads as file editing after that ("zet signed op true")
# gives way to the rule's requirement in words.
_TOKENS = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PARENTHESIS = re.compile(r"\s*\(([^()]*)\)")
_FILE_SPEAK = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b|\b(?:true|false)\b|‘[a-z_]+’")
_FILLER = {"en", "and", "meer", "more"}


@lru_cache(maxsize=1)
def plan_field_names() -> frozenset[str]:
    """Every field name (and alias) of the plan model, at any depth."""
    from pydantic import BaseModel

    from ..plan.model import Plan

    names: set[str] = set()
    seen: set[type] = set()

    def walk(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(name)
            if info.alias:
                names.add(info.alias)
            for arg in _types_in(info.annotation):
                if isinstance(arg, type) and issubclass(arg, BaseModel):
                    walk(arg)

    walk(Plan)
    return frozenset(names)


def _types_in(annotation: object) -> list[object]:
    import typing

    args = typing.get_args(annotation)
    return [annotation] if not args else [t for a in args for t in _types_in(a)]


def _only_fields(inner: str) -> bool:
    tokens = [t for t in _TOKENS.findall(inner) if t not in _FILLER]
    rest = re.sub(r"[A-Za-z_][A-Za-z0-9_]*|[\s,.:;\[\]\d]", "", inner)
    return bool(tokens) and not rest and all(t in plan_field_names() for t in tokens)


def without_field_paths(text: str) -> str:
    """The text without parentheses that hold only plan field names, and without the field path a
    violating item's label carries ('activiteit A3 (Hybride docenten, activities[2])')."""
    def drop(m: re.Match[str]) -> str:
        inner = m.group(1)
        if _only_fields(inner):
            return ""
        head, sep, tail = inner.rpartition(", ")
        if sep and _only_fields(tail):
            return m.group(0).replace(f"{sep}{tail})", ")")
        return m.group(0)

    return _PARENTHESIS.sub(drop, text)


def reads_as_file_editing(text: str) -> bool:
    return bool(_FILE_SPEAK.search(text))


@dataclass(frozen=True)
class Inputs:
    """Everything a letter is made of (the fingerprint covers each)."""

    verdict: Verdict
    kind: str
    lang: str
    letter_date: dt.date
    config: LetterConfig
    rulebook: dict[str, Any]  # {"schedule": ..., "legal": ...} of the verdict's rulebook version
    texts: dict[str, Any]
    dossier: Dossier | None
    fingerprint: str
    templates_sha: str
    config_sha: str


def fill(text: str, lang: str | None = None, **values: object) -> str:
    """A sentence of teksten.yaml with its values; a count phrase ({n, plural, ...}) needs the language."""
    text = " ".join(text.split())
    if msg.has_choice(text):
        if lang is None:
            raise ValueError(f"a text with a plural needs the language: {text[:60]!r}")
        text = msg.expand(text, lang, values.get)
    return text.format(**values)


def _day(iso: str, lang: str) -> str:
    return units.date(dt.date.fromisoformat(iso[:10]), lang)


def _capfirst(s: str) -> str:
    return s[:1].upper() + s[1:]


def _citation(basis: Basis) -> str:
    """The source as a person cites it (from rulebooks/bronnen.yaml); verdicts from before the
    bibliography carry only the source."""
    return basis.citation or basis.source


def _joined(items: list[str], t: dict[str, Any]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {t['and']} " + items[-1]


class Notes:
    """Numbered references, in the order the letter cites them."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self._by_key: dict[str, int] = {}

    def cite(self, key: str, note: dict[str, Any]) -> int:
        if key not in self._by_key:
            self.items.append({**note, "n": len(self.items) + 1})
            self._by_key[key] = len(self.items)
        return self._by_key[key]


class View:
    """The shared parts of every letter, built once per letter."""

    def __init__(self, inputs: Inputs):
        from ..verdict.model import STATUS_LABELS

        self.i = inputs
        self.status_labels = STATUS_LABELS
        v, lang, t, config = inputs.verdict, inputs.lang, inputs.texts, inputs.config
        self.v, self.lang, self.t, self.config = v, lang, t, config
        self.plan, self.receipt = v.plan, v.receipt
        rb = self.receipt.rulebook
        self.rb = rb
        self.rulebook_ref = v.rulebook_ref
        self.submitted = _day(self.plan.submission_date, lang)
        self.reference = (f"{config.reference_prefix}/{self.plan.submission_date[:4]}/R{self.plan.round}/"
                          f"{self.receipt.verdict_sha256[:8].upper()}")
        if self.plan.region.lower().startswith(("regio ", "region ")):  # "Regio Testland": no "de regio" before it
            self.region_np = self.region_label = self.plan.region
        else:
            self.region_np = fill(t["region_np"], name=self.plan.region)
            self.region_label = fill(t["region_label"], name=self.plan.region)
        self.notes = Notes()
        self.schedule = inputs.rulebook.get("schedule", {})
        self.legal = inputs.rulebook.get("legal")
        self.support_name = config.support.name.model_dump()[lang]
        self.agency = config.agency.name.model_dump()[lang]
        self.minister = self._minister()
        self.pic = picture_of(v, inputs.dossier)

    @property
    def committee(self) -> dict[str, Any]:
        """The committee's picture (judgements, advice): every letter but the self-check has one."""
        if self.pic is None:
            raise ValueError(f"a letter of kind {self.i.kind} is written from a stored pre-screen, not a verdict alone")
        return self.pic

    @property
    def dossier(self) -> Dossier:
        if self.i.dossier is None:
            raise ValueError(f"a letter of kind {self.i.kind} is written from a stored pre-screen, not a verdict alone")
        return self.i.dossier

    # ---------------------------------------------------------------- words

    def _minister(self) -> str:
        if self.i.config.minister is not None:
            minister: str = self.i.config.minister.model_dump()[self.lang]
            return minister
        publisher = (self.legal or {}).get("publisher")
        return publisher or ("Minister van Onderwijs, Cultuur en Wetenschap")

    def regulation(self) -> str:
        title: str = self.legal["regulation"] if self.legal else self.rb.title
        return title

    def regulation_full(self) -> str:
        if self.legal and self.legal.get("amended_by"):
            return fill(self.t["regulation_with_amendments"], regulation=self.regulation(),
                        amendments=_joined(self.legal["amended_by"], self.t))
        return self.regulation()

    # ---------------------------------------------------------------- findings

    def finding(self, f: Finding) -> dict[str, Any]:
        t, lang = self.t, self.lang
        b = f.basis
        title = f.title.of(self.lang)
        n = self.notes.cite(f"rule:{f.rule_id}", {
            "kind": "rule", "rule_id": f.rule_id, "title": title,
            "status": self.status_labels[f.status][lang], "severity": t["severity"][f.severity],
            "source": _citation(b), "section": b.section, "confidence": t["confidence"][b.confidence],
            "url": b.url,
        })
        violations = f.violations
        rem = f.remediation
        worded = without_field_paths(rem.message.of(self.lang)) if rem else ""
        own = bool(worded) and not reads_as_file_editing(worded)
        fix = worded if own else fill(t["fix_from_title_items" if violations else "fix_from_title"], title=title)
        return {
            "rule_id": f.rule_id, "title": title, "message": without_field_paths(f.message.of(self.lang)),
            "severity": f.severity, "severity_label": t["severity"][f.severity],
            "status": f.status, "status_label": self.status_labels[f.status][lang],
            "needs_review": f.status == "needs_review", "family": f.family,
            "basis": {"source": _citation(b), "section": b.section, "confidence": t["confidence"][b.confidence]},
            "fix": fix,
            "clarify": fix if own else fill(t["clarify_text"], title=title),
            "concerns": [without_field_paths(v.label) for v in violations[:MAX_ITEMS]],
            "more_items": fill(t["more_items"], n=len(violations) - MAX_ITEMS) if len(violations) > MAX_ITEMS else "",
            "note": n,
        }

    def family_name(self, family: str) -> str:
        for fam in self.v.families:
            if fam.family == family:
                return fam.name.of(self.lang)
        return family

    def schedule_item(self, name: str) -> dict[str, Any] | None:
        entry = self.schedule.get(name)
        if not entry:
            return None
        b, lang = entry["basis"], self.lang
        description = entry["description"][lang]
        n = self.notes.cite(f"schedule:{name}", {
            "kind": "schedule", "text": fill(self.t["note_schedule"], rulebook_ref=self.rulebook_ref,
                                             description=description, date=_day(entry["date"], lang)),
            "source": b.get("citation") or b["source"], "section": b["section"],
            "confidence": self.t["confidence"][b["confidence"]],
            "url": b.get("url"),
        })
        day = dt.date.fromisoformat(entry["date"])
        return {"name": name, "date": units.date(day, lang), "date_iso": entry["date"], "description": description,
                "passed": day < self.i.letter_date, "note": n}

    def source_note(self, key: str, text: str, source_id: str, section: str) -> int | None:
        """A reference to a source of the bibliography (e.g. the meldplicht), when the library knows it."""
        src = (self.legal or {}).get("sources", {}).get(source_id)
        if src is None:
            return None
        return self.notes.cite(key, {"kind": "source", "text": text, "source": src["citation"], "section": section,
                                     "confidence": self.t["confidence"]["verified"], "url": src.get("url")})

    # ---------------------------------------------------------------- amounts

    def funding(self) -> dict[str, Any]:
        t, lang = self.t, self.lang
        req = self.v.funding.requested
        total = units.money(req.total_cents, lang)
        return {
            "per_year": [{"year": y.year, "amount": units.money(y.cents, lang)} for y in req.per_year],
            "total": total, "total_cents": req.total_cents,
            "requested": fill(t["requested_total"], total=total),
        }

    # ---------------------------------------------------------------- the committee's records

    def judgement(self, j: dict[str, Any]) -> dict[str, Any]:
        finding = next((f for f in self.v.findings if f.rule_id == j["rule_id"]), None)
        title = finding.title.of(self.lang) if finding else j["rule_id"]
        return {"rule_id": j["rule_id"], "title": title, "holds": j["holds"],
                "holds_label": j["holds_label"][self.lang], "condition": j["condition"],
                "motivation": j["motivation"], "seq": j["seq"], "id": j["id"],
                "family": finding.family if finding else None,
                "line": fill(self.t["judgement_line"], rule_id=j["rule_id"], title=title,
                             holds=j["holds_label"][self.lang]),
                "by": fill(self.t["judgement_by"], actor=j["actor"], date=_day(j["created_at"], self.lang),
                           seq=j["seq"])}

    def counting_judgements(self) -> list[dict[str, Any]]:
        """The judgements the advice rests on, in the order they were recorded."""
        advice = self.committee["advice"]
        ids = set(advice["judgements"]) if advice else set()
        return [self.judgement(j) for j in self.committee["judgements"] if j["id"] in ids]

    def records(self) -> list[dict[str, Any]]:
        """The pre-screen and the committee's records this letter rests on (judgements, advice)."""
        d, t, lang = self.dossier, self.t, self.lang
        out = [{"kind": t["record_kind"]["pre-screen"], "id": d.assessment_id, "seq": d.seq,
                "by": _day(d.created_at, lang), "hash": d.record_hash}]
        advice = self.committee["advice"]
        ids = set(advice["judgements"]) if advice else set()
        for j in self.committee["judgements"]:
            if j["id"] in ids:
                out.append({"kind": f"{t['record_kind']['judgement']} {j['rule_id']}", "id": j["id"], "seq": j["seq"],
                            "by": f"{j['actor']}, {_day(j['created_at'], lang)}", "hash": j["record_hash"]})
        if advice:
            out.append({"kind": t["record_kind"]["advice"], "id": advice["id"], "seq": advice["seq"],
                        "by": f"{advice['actor']}, {_day(advice['created_at'], lang)}", "hash": advice["record_hash"]})
        return out

    def machine_annex(self) -> list[dict[str, Any]]:
        """The pre-screen's open points (fail, needs review), per family, for the advice's annex."""
        out = []
        for fam in self.v.families:
            items = [self.finding(f) for f in self.v.findings if f.family == fam.family
                     and f.status in ("fail", "needs_review")]
            if items:
                out.append({"name": fam.name.of(self.lang), "findings": items})
        return out

    # ---------------------------------------------------------------- the frame

    def frame(self, sender: dict[str, Any], addressee: list[str], subject_key: str) -> dict[str, Any]:
        t, lang, i = self.t, self.lang, self.i
        d = i.dossier
        target = d.assessment_id if d is not None else "OORDEEL.json"
        return {
            "letter": {
                "kind": i.kind, "kind_name": t["kind_names"][i.kind],
                "date": units.date(i.letter_date, lang), "date_iso": i.letter_date.isoformat(),
                "reference": self.reference,
                "subject": fill(t[subject_key], region_label=self.region_label),
                "fingerprint": i.fingerprint, "templates_sha256": i.templates_sha, "config_sha256": i.config_sha,
                "rerender": f"sto letter {target} --kind {i.kind} --lang {lang} --date {i.letter_date.isoformat()}",
                "addressee": addressee,
            },
            "sender": sender,
            "your_application": fill(t["your_application_value"], submitted=self.submitted, round=self.plan.round),
            "support": {"name": self.support_name, "email": self.config.support.email,
                        "phone": self.config.support.phone, "website": self.config.support.website,
                        "text": fill(t["support"], Support_name=_capfirst(self.support_name),
                                     email=self.config.support.email, phone=self.config.support.phone,
                                     website=self.config.support.website)},
            "plan": self.plan.to_json(),
            "outcome": {"code": self.v.outcome.value, "label": self.v.outcome_label.of(self.lang)},
            "rulebook": {"ref": self.rulebook_ref, **self.rb.to_json()},
            "receipt": self.receipt.to_json(),
            "records": self.records() if d is not None and i.kind in (ADVIES, BESCHIKKING) else [],
        }

    def office(self, which: str) -> dict[str, Any]:
        o = getattr(self.config, which)
        return {"name": o.name.model_dump()[self.lang], "short": o.short, "logo_lines": list(o.logo_lines),
                "postal_address": list(o.postal_address), "visiting_address": list(o.visiting_address),
                "website": o.website, "email": o.email}

    def signature(self, which: str, for_minister: bool) -> dict[str, Any]:
        o = getattr(self.config, which)
        lines = [self.t["closing"]]
        if for_minister:
            lines += [fill(self.t["minister_signs"], Minister=f"{'De' if self.lang == 'nl' else 'The'} {self.minister}"),
                      self.t["on_behalf"]]
        else:
            lines.append(fill(self.t["committee_signs"], committee=o.name.model_dump()[self.lang]))
        return {"lines": lines, "name": o.signatory.name, "function": o.signatory.function.model_dump()[self.lang]}

    def to_board(self) -> list[str]:
        return [fill(self.t["addressee_board"], board=self.plan.lead_applicant),
                fill(self.t["addressee_attn"], region=self.region_np)]


# ---------------------------------------------------------------- one builder per kind


def zelfcheck(view: View) -> dict[str, Any]:
    t, lang, v = view.t, view.lang, view.v
    ctx = view.frame({"name": t["zelfcheck_sender"], "short": "sto-toets", "logo_lines": ["sto-toets", "zelfcheck"],
                      "postal_address": [], "visiting_address": [], "website": view.config.support.website,
                      "email": view.config.support.email},
                     [fill(t["zelfcheck_addressee"], region=view.region_np)], "subject_zelfcheck")
    open_items = [f for f in v.findings if f.status in ("fail", "needs_review")]
    ordered = sorted(open_items, key=lambda f: (SEVERITY_ORDER[f.severity], STATUS_ORDER[f.status]))
    fixlist = [view.finding(f) for f in ordered]
    cited = {f["rule_id"]: f["note"] for f in fixlist}
    overview = []
    for fam in v.families:
        rows = [{"rule_id": f.rule_id, "title": f.title.of(view.lang), "status": f.status,
                 "status_label": view.status_labels[f.status][lang], "note": cited.get(f.rule_id)}
                for f in v.findings if f.family == fam.family]
        if rows:
            overview.append({"name": fam.name.of(view.lang), "status": fam.status, "rows": rows})
    ctx["sections"] = {
        "salutation": fill(t["zelfcheck_salutation"], region=view.region_np),
        "intro": fill(t["zelfcheck_intro"], region=view.region_np, submitted=view.submitted, round=view.plan.round,
                      rulebook_title=view.rb.title, rulebook_ref=view.rulebook_ref),
        "outcome": fill(t["zelfcheck_outcome"], outcome=v.outcome_label.of(view.lang).lower()),
        "fixlist": fixlist, "overview": overview,
    }
    ctx["funding"] = view.funding()
    return ctx


def aanvulling(view: View) -> dict[str, Any]:
    t, lang, config = view.t, view.lang, view.config
    ctx = view.frame(view.office("agency"), view.to_board(), "subject_aanvulling")
    items = [view.finding(f) for f in supplementable(view.v)]
    due, skipped = term_end(view.i.letter_date, config.aanvulling_weeks)
    moved = None
    if skipped:
        first, why = skipped[0]
        moved = fill(t["term_moved"], lang, weeks=config.aanvulling_weeks, end=units.date(first, lang),
                     why=DAY_NAMES[why][lang],
                     date=units.date(due, lang))
    ctx["sections"] = {
        "intro": fill(t["aanvulling_intro"], submitted=view.submitted, region=view.region_np,
                      regulation=view.regulation(), round=view.plan.round),
        "missing": items,
        "respond_by": fill(t["respond_by"], date=units.date(due, lang), email=config.agency.email,
                           reference=view.reference),
        "respond_by_iso": due.isoformat(),
        "term_moved": moved,
        "questions": fill(t["questions"], agency=view.agency, email=config.agency.email, reference=view.reference),
    }
    ctx["signature"] = view.signature("agency", for_minister=True)
    return ctx


def advies(view: View) -> dict[str, Any]:
    t, v = view.t, view.v
    advice = view.committee["advice"]
    agency = f"{view.agency} ({view.config.agency.short})"
    ctx = view.frame(view.office("committee"),
                     [fill(t["addressee_minister"], minister=view.minister),
                      fill(t["addressee_minister_attn"], agency=agency)], "subject_advies")
    funding = view.funding()
    judged = view.counting_judgements()
    families = []
    for fam in v.families:
        js = [j for j in judged if j["family"] == fam.family]
        judged_ids = {j["rule_id"] for j in js}
        fails = [view.finding(f) for f in v.findings if f.family == fam.family and f.status == "fail"
                 and f.severity in DECIDING and f.rule_id not in judged_ids]
        if not any(f.family == fam.family for f in v.findings):
            continue
        families.append({"name": fam.name.of(view.lang), "judgements": js, "machine_fails": fails})
    ctx["sections"] = {
        "intro": fill(t["advies_intro"], submitted=view.submitted, board=view.plan.lead_applicant,
                      region=view.region_np, regulation=view.regulation(), round=view.plan.round),
        "advice": advice["advice"],
        "advice_sentence": fill(t["advice_sentence"][advice["advice"]], total=funding["total"]),
        "conditions": list(advice["conditions"]),
        "motivation": advice["motivation"],
        "families": families,
        "annex": view.machine_annex(),
    }
    ctx["funding"] = funding
    ctx["signature"] = view.signature("committee", for_minister=False)
    return ctx


def beschikking(view: View) -> dict[str, Any]:
    t, lang, v, config = view.t, view.lang, view.v, view.config
    advice = view.committee["advice"]
    grant = advice["advice"] != "negative"
    ctx = view.frame(view.office("agency"), view.to_board(), "subject_beschikking")
    advice_date = _day(advice["created_at"], lang)
    sections: dict[str, Any] = {
        "grant": grant,
        "intro": fill(t["beschikking_intro"], submitted=view.submitted, region=view.region_np,
                      regulation=view.regulation(), round=view.plan.round),
        "motivation": advice["motivation"],
        "legal_basis": fill(t["legal_basis"], regulation_full=view.regulation_full(),
                            framework=(view.legal or {}).get("framework") or "Kaderregeling subsidies OCW, SZW en VWS"),
        "objection": fill(t["objection"], minister=view.minister, address=", ".join(config.objection_address),
                          reference=view.reference),
        "questions": fill(t["questions"], agency=view.agency, email=config.agency.email, reference=view.reference),
    }
    if grant:
        conditional = advice["advice"] == "positive-with-conditions"
        sections["decision"] = fill(t["decision_grant"], region=view.region_np, total=view.funding()["total"])
        sections["conditions"] = list(advice["conditions"])
        sections["grant_motivation"] = fill(t["grant_motivation"], advice_date=advice_date,
                                            conditional=t["grant_conditional"] if conditional else "")
        sections["obligations"] = [view.schedule_item(name) for name in sorted(
            (n for n in view.schedule if n != NEXT_ROUND), key=lambda n: (view.schedule[n]["date"], n))]
        sections["obligations_none"] = fill(t["obligations_none"], rulebook_ref=view.rulebook_ref)
        sections["meldplicht"] = fill(t["meldplicht"], agency=view.agency)
        sections["meldplicht_note"] = view.source_note("meldplicht", t["note_meldplicht"], MELDPLICHT_SOURCE,
                                                       "12 november 2020")
        ctx["funding"] = view.funding()
    else:
        sections["decision"] = t["decision_reject"]
        sections["reject_motivation"] = fill(t["reject_motivation"], advice_date=advice_date)
        sections["ineligible"] = t["reject_ineligible"] if v.outcome.value == "ineligible" else ""
        sections["grounds"] = _grounds(view)
        sections["next_round"] = _next_round(view)
    ctx["sections"] = sections
    ctx["signature"] = view.signature("agency", for_minister=True)
    return ctx


def _grounds(view: View) -> list[dict[str, Any]]:
    """Per criterion family, the rules that do not hold, as the advice rests on them: a judgement
    'voldoet niet' (quoted), else the pre-screen's finding that no judgement overruled."""
    judged = {j["rule_id"]: j for j in view.counting_judgements()}
    effective = {e["rule_id"]: e["effective"] for e in view.committee["effective"]}
    out = []
    for fam in view.v.families:
        items = []
        for f in view.v.findings:
            if f.family != fam.family or f.severity not in DECIDING:
                continue
            status = effective.get(f.rule_id, f.status)
            if status != "fail":
                continue
            item = view.finding(f)
            item["judgement"] = judged.get(f.rule_id)
            items.append(item)
        if items:
            out.append({"name": fam.name.of(view.lang), "findings": items})
    return out


def _next_round(view: View) -> dict[str, Any]:
    t = view.t
    nxt = view.schedule_item(NEXT_ROUND)
    if nxt is None:
        return {"before": "", "text": fill(t["next_round_none"], rulebook_ref=view.rulebook_ref,
                                           support_name=view.support_name), "note": None, "after": ""}
    # a deadline before the letter date is stated as such, not as an open invitation
    return {"before": "" if nxt["passed"] else t["next_round_open"],
            "text": fill(t["next_round_deadline"], description=nxt["description"], date=nxt["date"]),
            "note": nxt["note"], "date_iso": nxt["date_iso"], "passed": nxt["passed"],
            "after": t["next_round_passed"] if nxt["passed"] else ""}


BUILDERS = {ZELFCHECK: zelfcheck, AANVULLING: aanvulling, ADVIES: advies, BESCHIKKING: beschikking}


def build_context(inputs: Inputs) -> dict[str, Any]:
    view = View(inputs)
    ctx = BUILDERS[inputs.kind](view)
    ctx.update({"lang": inputs.lang, "kind": inputs.kind, "t": inputs.texts, "notes": view.notes.items})
    return ctx
