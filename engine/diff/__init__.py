"""Compare rulebook versions (what changed) and their impact on plans (whose verdict changes)."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import StoError
from ..i18n import N_, both, tr
from ..jsontypes import JSONObject

if TYPE_CHECKING:  # `sto impact` lists its plan files and starts its workers before the rulebooks load
    from ..assess import Assessor
    from ..rulebook.model import Rulebook
    from ..service.workers import WorkerPool

RULE_FIELDS = ("family", "severity", "title", "basis", "for_each", "applies_when", "condition", "messages",
               "remediation")


def _by_id(book: Rulebook) -> dict[str, JSONObject]:
    return {r["id"]: r for r in book.resolved["rules"]}


def _norm(v: object) -> object:
    return " ".join(v.split()) if isinstance(v, str) else v


def diff_rulebooks(a: Rulebook, b: Rulebook) -> JSONObject:
    """Parameters, formulas, schedule and rules added, removed or changed from a to b."""
    def section(name: str) -> dict[str, JSONObject]:
        old, new = a.resolved.get(name) or {}, b.resolved.get(name) or {}
        return {
            "added": {k: new[k] for k in sorted(set(new) - set(old))},
            "removed": {k: old[k] for k in sorted(set(old) - set(new))},
            "changed": {k: {"from": old[k], "to": new[k]} for k in sorted(set(old) & set(new)) if old[k] != new[k]},
        }

    ra, rb = _by_id(a), _by_id(b)
    changed_rules: dict[str, JSONObject] = {}
    for rid in sorted(set(ra) & set(rb)):
        fields = {f: {"from": ra[rid].get(f), "to": rb[rid].get(f)} for f in RULE_FIELDS
                  if _norm(ra[rid].get(f)) != _norm(rb[rid].get(f))}
        if fields:
            changed_rules[rid] = fields
    # Two versions of one regulation: b amends a. Two regulations: b is a regulation of its own, not a
    # change of a (even where rule ids and texts are alike); what is named alike is compared.
    relation = ("same_regulation" if a.id == b.id
                else "new_regulation" if a.valid_from <= b.valid_from else "earlier_regulation")
    return {
        "relation": relation,
        "from": {"ref": a.ref, "regulation": a.id, "sha256": a.sha256, "valid_from": str(a.valid_from),
                 "valid_to": str(a.valid_to), "legal_source": a.legal_source.citation},
        "to": {"ref": b.ref, "regulation": b.id, "sha256": b.sha256, "valid_from": str(b.valid_from),
               "valid_to": str(b.valid_to), "legal_source": b.legal_source.citation,
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
    "family": N_("diff.field.family"),
    "severity": N_("diff.field.severity"),
    "title": N_("diff.field.title"),
    "basis": N_("diff.field.basis"),
    "for_each": N_("diff.field.for_each"),
    "applies_when": N_("diff.field.applies_when"),
    "condition": N_("diff.field.condition"),
    "messages": N_("diff.field.messages"),
    "remediation": N_("diff.field.remediation"),
}
PARAMETER_TYPES = {
    "count": N_("diff.type.count"),
    "date": N_("diff.type.date"),
    "factor": N_("diff.type.factor"),
    "hours": N_("diff.type.hours"),
    "money": N_("diff.type.money"),
    "percentage": N_("diff.type.percentage"),
    "year": N_("diff.type.year"),
}


def _words(table: dict[str, str], key: object, lang: str) -> str:
    """The word for a key by its message id in `table`; a key the table lacks as it is."""
    return tr(table[key], lang) if isinstance(key, str) and key in table else str(key)


def _severity(value: object, lang: str) -> str:
    from ..verdict.model import SEVERITY_LABELS

    return SEVERITY_LABELS[value][lang] if isinstance(value, str) and value in SEVERITY_LABELS else str(value)


def _param_text(p: JSONObject, lang: str = "nl") -> str:
    return f"{p.get('value')} ({_words(PARAMETER_TYPES, p.get('type'), lang)})"


def render_diff(d: JSONObject, lang: str = "nl") -> str:
    new_regulation = d.get("relation") in ("new_regulation", "earlier_regulation")
    a, b = d["from"]["ref"], d["to"]["ref"]
    out = [f"{a}  →  {b}", ""]
    if new_regulation:
        later = d["relation"] == "new_regulation"
        label = tr("diff.new_regulation", lang) if later else tr("diff.earlier_regulation", lang)
        out += [tr("diff.another_regulation", lang, label=label, to=d["to"]["regulation"], source=d["to"]["legal_source"],
                  was=d["from"]["regulation"]), ""]
    if d["to"]["changes"] and d.get("relation") != "earlier_regulation":  # b's changes are relative to its past
        if new_regulation:
            out.append(tr("diff.what_differs", lang))
        for c in d["to"]["changes"]:
            out.append(f"  • {c[lang]}")
        out.append("")
    added = tr("diff.only_in", lang, ref=b) if new_regulation else None
    removed = tr("diff.only_in", lang, ref=a) if new_regulation else None
    differs = tr("diff.differs", lang) if new_regulation else None
    none = tr("diff.nothing_differs", lang) if new_regulation else tr("diff.no_changes", lang)

    def tag(kind: str) -> str:
        label = {"+": added, "-": removed, "~": differs}[kind]
        return f"  {kind} " + (f"[{label}] " if label else "")

    p = d["parameters"]
    out.append("Parameters:")
    for k, v in p["added"].items():
        out.append(f"{tag('+')}{k} = {_param_text(v, lang)}  — {v['description'][lang]}")
    for k, v in p["removed"].items():
        out.append(f"{tag('-')}{k} ({'was ' if not new_regulation else ''}{_param_text(v, lang)})")
    for k, v in p["changed"].items():
        if v["from"].get("value") != v["to"].get("value"):
            out.append(f"{tag('~')}{k}: {v['from'].get('value')} → {v['to'].get('value')}")
        elif new_regulation:
            out.append(f"{tag('~')}{k}: " + tr("diff.basis_differs", lang))
        else:
            out.append(f"{tag('~')}{k}: " + tr("diff.basis_changed", lang))
    if not any(p.values()):
        out.append(f"  {none}")
    for name, title in (("formulas", tr("diff.formulas", lang)), ("schedule", tr("diff.schedule", lang))):
        sec = d[name]
        if any(sec.values()):
            out.append(f"{title}:")
            for sign, entries in (("+", sec["added"]), ("-", sec["removed"])):
                for k, v in entries.items():
                    described = isinstance(v, dict) and isinstance(v.get("description"), dict)
                    out.append(f"{tag(sign)}{k}" + (f": {v['description'][lang]}" + (f", {v['date']}" if v.get("date")
                                                                                      else "") if described else ""))
            for k, v in sec["changed"].items():
                if name == "schedule":
                    out.append(f"{tag('~')}{k}: {v['from'].get('date')} → {v['to'].get('date')}")
                else:
                    out.append(f"{tag('~')}{k}: {_norm(v['from'].get('expression'))}  →  "
                               f"{_norm(v['to'].get('expression'))}")
    r = d["rules"]
    out.append(tr("diff.rules", lang))
    for k, v in r["added"].items():
        out.append(f"{tag('+')}{k} {v['title'][lang]}  [{_severity(v['severity'], lang)}]")
        out.append(f"      {_norm(v['condition'])}")
    for k, v in r["removed"].items():
        out.append(f"{tag('-')}{k} {v['title'][lang]}")
    for k, fields in r["changed"].items():
        out.append(f"{tag('~')}{k}: " + ", ".join(_words(RULE_FIELD_NAMES, f, lang) for f in fields))
        if "condition" in fields:
            if new_regulation:
                out.append(f"      {a}: {_norm(fields['condition']['from'])}")
                out.append(f"      {b}: {_norm(fields['condition']['to'])}")
            else:
                was, now = tr("diff.was", lang), tr("diff.now", lang)
                out.append(f"      {was}:   {_norm(fields['condition']['from'])}")
                out.append(f"      {now}: {_norm(fields['condition']['to'])}")
        if "severity" in fields:
            out.append(f"      {_words(RULE_FIELD_NAMES, 'severity', lang)}: {_severity(fields['severity']['from'], lang)} → "
                       f"{_severity(fields['severity']['to'], lang)}")
    if not any(r.values()):
        out.append(f"  {none}")
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
            raise StoError.said(both("diff.no_such_path", path=p))
    return files


@dataclass
class PlanImpact:
    file: str
    region: str | None = None
    outcome_from: str | None = None
    outcome_to: str | None = None
    changed_rules: list[dict[str, str]] = field(default_factory=list)  # rule_id, from and to (statuses)
    error: str | None = None
    error_nl: str | None = None  # the same line with the message in Dutch, where it has Dutch
    skipped: str | None = None  # the regulation the plan applies under, when neither version belongs to it

    @property
    def changed(self) -> bool:
        return self.error is None and self.skipped is None and (self.outcome_from != self.outcome_to
                                                                 or bool(self.changed_rules))


def impact(assessor: Assessor, ref_a: str, ref_b: str, files: list[Path]) -> list[PlanImpact]:
    from ..plan import load_plan

    out: list[PlanImpact] = []
    for f in files:
        try:
            loaded = load_plan(f)
        except StoError as exc:
            # the first problem itself (file:line: message), not the count of problems above it
            from ..errors import InputError
            from ..errors_nl import problem_line_nl

            lines = str(exc).splitlines()
            nl = problem_line_nl(exc.problems[0], exc.file) if isinstance(exc, InputError) and exc.problems else None
            out.append(PlanImpact(str(f), error=lines[1] if len(lines) > 1 else lines[0], error_nl=nl))
            continue
        # Two versions of one regulation only concern the plans that apply under it; across two
        # regulations every plan is judged by both (how would these plans fare under the new one?).
        rid_a, rid_b = ref_a.partition("@")[0], ref_b.partition("@")[0]
        if rid_a == rid_b:
            regulation = assessor.regulation_of(loaded)
            if regulation is not None and regulation[0] != rid_a:
                out.append(PlanImpact(str(f), loaded.plan.region.name, skipped=regulation[0]))
                continue
        va = assessor.assess(loaded, rulebook=ref_a).verdict
        vb = assessor.assess(loaded, rulebook=ref_b).verdict
        sa: dict[str, str] = {x.rule_id: x.status for x in va.findings}
        sb: dict[str, str] = {x.rule_id: x.status for x in vb.findings}
        rules = [{"rule_id": rid, "from": sa.get(rid, "absent"), "to": sb.get(rid, "absent")}
                 for rid in sorted(set(sa) | set(sb)) if sa.get(rid, "absent") != sb.get(rid, "absent")]
        out.append(PlanImpact(str(f), va.plan.region, va.outcome.value, vb.outcome.value, rules))
    return out


def impact_in_pool(pool: WorkerPool, ref_a: str, ref_b: str, files: list[Path], chunk: int = 4,
                   on_done: Callable[[int], object] | None = None) -> list[PlanImpact]:
    """`impact` with the plans spread over a started engine.service.workers.WorkerPool, `chunk`
    plans a job; the results in the order of `files`, as `impact` gives them. `on_done(n)`: n more
    plans are done. A plan whose worker the rule engine kills is reported as that plan's error."""
    import concurrent.futures

    from ..errors import EngineError
    from ..service.workers import JobFailed, PoolError

    jobs: dict[concurrent.futures.Future[list[JSONObject]], int] = {
        pool.submit("impact_files", {"from": ref_a, "to": ref_b, "files": [str(f) for f in files[i:i + chunk]]}): i
        for i in range(0, len(files), chunk)}
    done: dict[int, list[PlanImpact]] = {}
    try:
        for future in concurrent.futures.as_completed(jobs):
            start = jobs[future]
            part = files[start:start + chunk]
            try:
                done[start] = [PlanImpact(**r) for r in future.result()]
            except JobFailed as exc:
                if exc.category == "user_error":
                    raise exc.user_error() from None
                raise EngineError(str(exc.detail)) from None
            except PoolError as exc:
                if len(part) > 1:  # which of them? each again alone, so only the one that kills it is lost
                    done[start] = impact_in_pool(pool, ref_a, ref_b, part, chunk=1)
                else:
                    done[start] = [PlanImpact(str(part[0]), error=f"{part[0]}: het werkproces dat dit plan toetste "
                                                                  f"viel uit ({exc}); meld dit met het plan erbij")]
            if on_done is not None:
                on_done(len(part))
    finally:
        for future in jobs:
            future.cancel()
    return [r for start in sorted(done) for r in done[start]]


def render_impact(results: list[PlanImpact], ref_a: str, ref_b: str, lang: str = "nl") -> str:
    changed = [r for r in results if r.changed]
    outcome_changed = [r for r in changed if r.outcome_from != r.outcome_to]
    errors = [(r, r.error) for r in results if r.error]
    skipped = [r for r in results if r.skipped]
    assessed = len(results) - len(skipped) - len(errors)
    out = [tr("impact.summary", lang, assessed=assessed, a=ref_a, b=ref_b, changed=len(changed),
             outcome_changed=len(outcome_changed), errors=len(errors), skipped=len(skipped)), ""]
    if ref_a.partition("@")[0] != ref_b.partition("@")[0]:
        out += [tr("impact.another_regulation", lang, a=ref_a, b=ref_b), ""]
    for r in changed:
        head = f"{r.file} ({r.region})"
        if r.outcome_from != r.outcome_to:
            head += f": {_outcome(r.outcome_from, lang)} → {_outcome(r.outcome_to, lang)}"
        out.append(head)
        for c in r.changed_rules:
            out.append(f"    {c['rule_id']:<8} {_status(c['from'], lang)} → {_status(c['to'], lang)}")
    for r, message in errors:
        error = r.error_nl if lang == "nl" and r.error_nl else message
        located = error.startswith(r.file)  # file:line:column: message, as editors jump to it
        out.append(tr("impact.skipped", lang) + f": {error if located else f'{r.file}: {error}'}")
    for r in skipped:
        out.append(tr("impact.skipped", lang) + f": {r.file}: " + tr("impact.other_regulation", lang, regulation=r.skipped))
    return "\n".join(out) + "\n"


# A rule that one of the two versions does not have.
ABSENT = N_("diff.absent")


def _outcome(outcome: str | None, lang: str) -> str:
    from ..verdict.model import OUTCOME_LABELS, Outcome

    return OUTCOME_LABELS[Outcome(outcome)][lang].lower() if outcome else "—"


def _status(status: str, lang: str) -> str:
    from ..verdict.model import STATUS_LABELS

    return STATUS_LABELS[status][lang] if status in STATUS_LABELS else tr(ABSENT, lang)
