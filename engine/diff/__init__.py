"""Compare rulebook versions (what changed) and their impact on plans (whose verdict changes)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import StoError
from ..rulebook.model import Rulebook

RULE_FIELDS = ("family", "severity", "title", "basis", "for_each", "applies_when", "condition", "messages",
               "remediation")


def _by_id(book: Rulebook) -> dict[str, dict]:
    return {r["id"]: r for r in book.resolved["rules"]}


def _norm(v):
    return " ".join(v.split()) if isinstance(v, str) else v


def diff_rulebooks(a: Rulebook, b: Rulebook) -> dict:
    """Parameters, formulas, schedule and rules added, removed or changed from a to b."""
    def section(name: str) -> dict:
        old, new = a.resolved.get(name) or {}, b.resolved.get(name) or {}
        return {
            "added": {k: new[k] for k in sorted(set(new) - set(old))},
            "removed": {k: old[k] for k in sorted(set(old) - set(new))},
            "changed": {k: {"from": old[k], "to": new[k]} for k in sorted(set(old) & set(new)) if old[k] != new[k]},
        }

    ra, rb = _by_id(a), _by_id(b)
    changed_rules = {}
    for rid in sorted(set(ra) & set(rb)):
        fields = {f: {"from": ra[rid].get(f), "to": rb[rid].get(f)} for f in RULE_FIELDS
                  if _norm(ra[rid].get(f)) != _norm(rb[rid].get(f))}
        if fields:
            changed_rules[rid] = fields
    return {
        "from": {"ref": a.ref, "sha256": a.sha256, "valid_from": str(a.valid_from), "valid_to": str(a.valid_to)},
        "to": {"ref": b.ref, "sha256": b.sha256, "valid_from": str(b.valid_from), "valid_to": str(b.valid_to),
               "changes": [c.model_dump() for c in b.changes]},
        "parameters": section("parameters"),
        "formulas": section("formulas"),
        "schedule": section("schedule"),
        "rules": {
            "added": {k: rb[k] for k in sorted(set(rb) - set(ra))},
            "removed": {k: ra[k] for k in sorted(set(ra) - set(rb))},
            "changed": changed_rules,
        },
    }


# The words a reader of `sto diff` sees for the rulebook's own keys (the keys stay in --format json).
RULE_FIELD_NAMES = {
    "family": {"nl": "familie", "en": "family"}, "severity": {"nl": "zwaarte", "en": "severity"},
    "title": {"nl": "titel", "en": "title"}, "basis": {"nl": "grondslag", "en": "basis"},
    "for_each": {"nl": "per item", "en": "for each"}, "applies_when": {"nl": "geldt als", "en": "applies when"},
    "condition": {"nl": "voorwaarde", "en": "condition"}, "messages": {"nl": "meldingen", "en": "messages"},
    "remediation": {"nl": "oplossing", "en": "remediation"},
}
PARAMETER_TYPES = {
    "count": {"nl": "aantal", "en": "count"}, "date": {"nl": "datum", "en": "date"},
    "factor": {"nl": "factor", "en": "factor"}, "hours": {"nl": "uren", "en": "hours"},
    "money": {"nl": "bedrag", "en": "amount"}, "percentage": {"nl": "percentage", "en": "percentage"},
    "year": {"nl": "jaar", "en": "year"},
}


def _words(table: dict, key, lang: str) -> str:
    return table[key][lang] if key in table else str(key)


def _severity(value, lang: str) -> str:
    from ..verdict.render import SEVERITY

    return SEVERITY[value][lang] if value in SEVERITY else str(value)


def _param_text(p: dict, lang: str = "nl") -> str:
    return f"{p.get('value')} ({_words(PARAMETER_TYPES, p.get('type'), lang)})"


def render_diff(d: dict, lang: str = "nl") -> str:
    nl = lang == "nl"
    out = [f"{d['from']['ref']}  →  {d['to']['ref']}", ""]
    for c in d["to"]["changes"]:
        out.append(f"  • {c[lang]}")
    if d["to"]["changes"]:
        out.append("")
    p = d["parameters"]
    out.append("Parameters:")
    for k, v in p["added"].items():
        out.append(f"  + {k} = {_param_text(v, lang)}  — {v['description'][lang]}")
    for k, v in p["removed"].items():
        out.append(f"  - {k} (was {_param_text(v, lang)})")
    for k, v in p["changed"].items():
        if v["from"].get("value") != v["to"].get("value"):
            out.append(f"  ~ {k}: {v['from'].get('value')} → {v['to'].get('value')}")
        else:
            out.append(f"  ~ {k}: {'grondslag of omschrijving gewijzigd' if nl else 'basis or description changed'}")
    if not any(p.values()):
        out.append("  (geen wijzigingen)" if nl else "  (no changes)")
    for name, title in (("formulas", "Formules" if nl else "Formulas"), ("schedule", "Termijnen" if nl else "Schedule")):
        sec = d[name]
        if any(sec.values()):
            out.append(f"{title}:")
            for sign, entries in (("+", sec["added"]), ("-", sec["removed"])):
                for k, v in entries.items():
                    described = isinstance(v, dict) and isinstance(v.get("description"), dict)
                    out.append(f"  {sign} {k}" + (f": {v['description'][lang]}" + (f", {v['date']}" if v.get("date")
                                                                                    else "") if described else ""))
            for k, v in sec["changed"].items():
                if name == "schedule":
                    out.append(f"  ~ {k}: {v['from'].get('date')} → {v['to'].get('date')}")
                else:
                    out.append(f"  ~ {k}: {_norm(v['from'].get('expression'))}  →  {_norm(v['to'].get('expression'))}")
    r = d["rules"]
    out.append("Regels:" if nl else "Rules:")
    for k, v in r["added"].items():
        out.append(f"  + {k} {v['title'][lang]}  [{_severity(v['severity'], lang)}]")
        out.append(f"      {_norm(v['condition'])}")
    for k, v in r["removed"].items():
        out.append(f"  - {k} {v['title'][lang]}")
    for k, fields in r["changed"].items():
        out.append(f"  ~ {k}: " + ", ".join(_words(RULE_FIELD_NAMES, f, lang) for f in fields))
        if "condition" in fields:
            out.append(f"      {'was' if nl else 'was'}:   {_norm(fields['condition']['from'])}")
            out.append(f"      {'wordt' if nl else 'now'}: {_norm(fields['condition']['to'])}")
        if "severity" in fields:
            out.append(f"      {_words(RULE_FIELD_NAMES, 'severity', lang)}: {_severity(fields['severity']['from'], lang)} → "
                       f"{_severity(fields['severity']['to'], lang)}")
    if not any(r.values()):
        out.append("  (geen wijzigingen)" if nl else "  (no changes)")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- impact


PLAN_SUFFIXES = (".yaml", ".yml", ".json")


def plan_files(paths: Iterable[str]) -> list[Path]:
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(f for f in p.rglob("*") if f.suffix.lower() in PLAN_SUFFIXES and f.is_file())
        elif p.exists():
            files.append(p)
        else:
            raise StoError(f"{p}: no such file or folder")
    return files


@dataclass
class PlanImpact:
    file: str
    region: str | None = None
    outcome_from: str | None = None
    outcome_to: str | None = None
    changed_rules: list[dict] = field(default_factory=list)
    error: str | None = None

    @property
    def changed(self) -> bool:
        return self.error is None and (self.outcome_from != self.outcome_to or bool(self.changed_rules))


def impact(assessor, ref_a: str, ref_b: str, files: list[Path]) -> list[PlanImpact]:
    from ..plan import load_plan

    out = []
    for f in files:
        try:
            loaded = load_plan(f)
        except StoError as exc:
            # the first problem itself (file:line: message), not the count of problems above it
            lines = str(exc).splitlines()
            out.append(PlanImpact(str(f), error=lines[1] if len(lines) > 1 else lines[0]))
            continue
        va = assessor.assess(loaded, rulebook=ref_a).verdict
        vb = assessor.assess(loaded, rulebook=ref_b).verdict
        sa = {x["rule_id"]: x["status"] for x in va["findings"]}
        sb = {x["rule_id"]: x["status"] for x in vb["findings"]}
        rules = [{"rule_id": rid, "from": sa.get(rid, "absent"), "to": sb.get(rid, "absent")}
                 for rid in sorted(set(sa) | set(sb)) if sa.get(rid, "absent") != sb.get(rid, "absent")]
        out.append(PlanImpact(str(f), va["plan"]["region"], va["outcome"], vb["outcome"], rules))
    return out


def render_impact(results: list[PlanImpact], ref_a: str, ref_b: str, lang: str = "nl") -> str:
    nl = lang == "nl"
    changed = [r for r in results if r.changed]
    outcome_changed = [r for r in changed if r.outcome_from != r.outcome_to]
    errors = [r for r in results if r.error]
    out = [(f"{len(results)} plannen beoordeeld onder {ref_a} en {ref_b}: {len(changed)} met andere regeluitkomsten, "
            f"waarvan {len(outcome_changed)} met een ander eindoordeel; {len(errors)} onleesbaar.") if nl else
           (f"{len(results)} plans assessed under {ref_a} and {ref_b}: {len(changed)} with different rule results, "
            f"{len(outcome_changed)} of them with a different outcome; {len(errors)} unreadable."), ""]
    for r in changed:
        head = f"{r.file} ({r.region})"
        if r.outcome_from != r.outcome_to:
            head += f": {_outcome(r.outcome_from, lang)} → {_outcome(r.outcome_to, lang)}"
        out.append(head)
        for c in r.changed_rules:
            out.append(f"    {c['rule_id']:<8} {_status(c['from'], lang)} → {_status(c['to'], lang)}")
    for r in errors:
        error = _error_line(r.error, r.file, lang)
        located = error.startswith(r.file)  # file:line:column: message, as editors jump to it
        out.append(f"{'overgeslagen' if nl else 'skipped'}: {error if located else f'{r.file}: {error}'}")
    return "\n".join(out) + "\n"


# A rule that one of the two versions does not have.
ABSENT = {"nl": "komt niet voor", "en": "absent"}


def _outcome(outcome: str | None, lang: str) -> str:
    from ..verdict.model import OUTCOME_LABELS, Outcome

    return OUTCOME_LABELS[Outcome(outcome)][lang].lower() if outcome else "—"


def _status(status: str, lang: str) -> str:
    from ..verdict.model import STATUS_LABELS

    return STATUS_LABELS[status][lang] if status in STATUS_LABELS else ABSENT[lang]


def _error_line(error: str, file: str, lang: str) -> str:
    """The first problem of an unreadable plan, in Dutch where it is known."""
    if lang == "en":
        return error
    from ..errors_nl import dutch_line

    return dutch_line(error, file)
