"""Engine firings -> findings -> outcome. The engine decides which side of each check holds;
this module only reads its firings, attaches evidence and words, and applies the policy:

    any knock-out rule fails            -> ineligible
    else any assessment rule fails      -> negative advice
    else any non-advisory needs review  -> committee review
    else                                -> positive advice

Advisory rules are reported but never change the outcome. A rule whose basis is `assumed`
cannot reject: where the engine says it fails, the finding is `needs_review`.
"""
from __future__ import annotations

import hashlib
import math
import string
from fractions import Fraction

import orjson

from .. import units
from ..errors import EngineError
from ..facts.catalogue import CATALOGUE, PLAN
from ..facts.derive import FactSet
from ..rulebook.expressions import FactRef, evaluate_value
from ..rulebook.model import FAMILY_NAMES, CheckedRule, Family, Rulebook
from ..rules.compiler import CompiledRulebook
from ..rules.driver import Firing
from .model import Outcome

MAX_LISTED_ITEMS = 10
_FORMATTER = string.Formatter()


def placeholders(template: str) -> list[str]:
    return [name for _, name, _, _ in _FORMATTER.parse(template) if name]


def _text(nl: str, en: str) -> dict:
    return {"nl": nl, "en": en}


def _fact_label(owner: str, name: str) -> dict:
    s = CATALOGUE[owner][name]
    return _text(s.nl, s.en)


def _display(unit: str, value) -> dict:
    return _text(units.display(unit, value, "nl"), units.display(unit, value, "en"))


def _group(firings: list[Firing], compiled: CompiledRulebook) -> dict[str, dict[str, list[Firing]]]:
    by_rule: dict[str, dict[str, list[Firing]]] = {}
    for f in firings:
        role = compiled.roles.get(f.rule)
        if role is None:
            raise EngineError(f"the engine fired '{f.rule}', which the compiled rulebook does not define")
        rule_id, kind = role
        by_rule.setdefault(rule_id, {}).setdefault(kind, []).append(f)
    return by_rule


def _engine_status(rule: CheckedRule, fired: dict[str, list[Firing]]) -> str:
    """'pass' | 'fail' | 'na' | 'none', straight from the firings; contradictions are engine errors."""
    passed, failed = bool(fired.get("pass")), bool(fired.get("fail") or fired.get("viol"))
    na = bool(fired.get("na"))
    if passed and failed:
        raise EngineError(f"rule {rule.id}: both the pass and the fail side fired")
    if na and (passed or failed):
        raise EngineError(f"rule {rule.id}: fired as not applicable and as applicable")
    if len(fired.get("pass", [])) > 1 or len(fired.get("fail", [])) > 1 or len(fired.get("na", [])) > 1:
        raise EngineError(f"rule {rule.id}: a plan-level side fired more than once")
    return "pass" if passed else "fail" if failed else "na" if na else "none"


def _fact_evidence(ref: FactRef, facts: FactSet, engine_fact: dict | None, item=None,
                   fact: str | None = None, label: dict | None = None) -> dict:
    """`fact` and `label` may be passed in precomputed (they depend on the rule only)."""
    name = ref.name
    source_fact = (item.fields.get(name) if item is not None else facts.plan.get(name))
    if engine_fact is not None and name in engine_fact:
        value, source = engine_fact[name], "engine"
    else:
        value, source = (source_fact.value if source_fact is not None else None), "plan"
    out = {
        "fact": fact or f"{ref.owner}.{name}",
        "label": dict(label) if label is not None else _fact_label(ref.owner, name),
        "unit": ref.unit,
        "value": value,
        "display": _display(ref.unit, value),
        "pointers": list(source_fact.pointers) if source_fact is not None else [],
        "source": source,
    }
    if source_fact is not None and source_fact.formula:
        out["formula"] = source_fact.formula
    return out


def _param_evidence(book: Rulebook, name: str) -> dict:
    p = book.parameters[name]
    return {
        "name": name, "type": p.type, "value": p.engine_value,
        "display": _text(units.display(p.unit, p.engine_value, "nl"), units.display(p.unit, p.engine_value, "en")),
        "basis": p.spec.basis.model_dump(mode="json", exclude_none=True),
    }


class _MessageValues(dict):
    """Placeholder values, formatted only when a message asks for them.

    `evidence` maps a fact name to its evidence entry (the same map serves both languages).
    """

    def __init__(self, book: Rulebook, facts: FactSet, evidence: dict[str, dict], lang: str):
        super().__init__()
        self.book, self.facts, self.lang = book, facts, lang
        self.evidence = evidence

    def __missing__(self, name: str) -> str:
        lang = self.lang
        if name in self.evidence:
            value = self.evidence[name]["display"][lang]
        elif name in self.facts.plan:
            value = units.display(CATALOGUE[PLAN][name].unit, self.facts.plan[name].value, lang)
        elif name in self.book.parameters:
            p = self.book.parameters[name]
            value = units.display(p.unit, p.engine_value, lang)
        else:
            value = "onbekend" if lang == "nl" else "unknown"
        self[name] = value
        return value


def _remediation(rule: CheckedRule, book: Rulebook, facts: FactSet) -> dict | None:
    spec = rule.spec.remediation
    if spec is None or rule.gap is None:
        return None

    def lookup(ref: FactRef):
        f = facts.plan.get(ref.name)
        if f is None:
            raise KeyError(ref.name)
        return f.value

    try:
        gap = evaluate_value(rule.gap, lookup)
    except (KeyError, ZeroDivisionError, TypeError):
        return None  # advice cannot be computed from what the plan gives; the finding still stands
    gap = math.ceil(gap) if isinstance(gap, Fraction) else gap
    if gap <= 0:
        return None
    display = _text(units.display(spec.unit, gap, "nl"), units.display(spec.unit, gap, "en"))
    return {
        "gap": gap, "unit": spec.unit, "display": display,
        "message": _text(spec.message.nl.format_map({"gap": display["nl"]}),
                         spec.message.en.format_map({"gap": display["en"]})),
    }


_STATIC: dict[int, dict] = {}


def _static(rule: CheckedRule, book: Rulebook) -> dict:
    """The parts of a finding that depend on the rule only, computed once per loaded rule."""
    key = id(rule)
    cached = _STATIC.get(key)
    if cached is None or cached["rule"] is not rule:
        spec = rule.spec
        plan_refs = tuple(ref for ref in rule.facts if ref.owner == PLAN)
        cached = {
            "rule": rule,
            "family": spec.family.value,
            "severity": spec.severity.value,
            # the plan facts the rule reads, each with its evidence name and label
            "plan_refs": tuple((ref, f"{ref.owner}.{ref.name}", _fact_label(ref.owner, ref.name))
                               for ref in plan_refs),
            "item_refs": tuple((ref, _fact_label(ref.owner, ref.name))
                               for ref in rule.facts if spec.for_each and ref.owner == spec.for_each),
            "title": spec.title.model_dump(),
            "basis": spec.basis.model_dump(mode="json", exclude_none=True),
            "condition": " ".join(spec.condition.split()),
            "applies_when": " ".join(spec.applies_when.split()) if spec.applies_when else None,
            "parameters": [_param_evidence(book, p) for p in rule.params],
        }
        _STATIC[key] = cached
    return cached


_FIRST_FIRING = ("pass", "fail", "na", "viol")  # the firing whose plan fact a finding shows


def build_finding(rule: CheckedRule, book: Rulebook, facts: FactSet, fired: dict[str, list[Firing]],
                  items_by_id: dict | None = None) -> dict:
    engine = _engine_status(rule, fired)
    spec = rule.spec
    static = _static(rule, book)
    plan_firing = next((fs[0] for kind in _FIRST_FIRING if (fs := fired.get(kind))), None)
    engine_plan = plan_firing.facts.get("d") if plan_firing is not None else None
    if items_by_id is None:
        items_by_id = facts.item_by_id()

    evidence = [_fact_evidence(ref, facts, engine_plan, None, fact, label)
                for ref, fact, label in static["plan_refs"]]
    violations = []
    if spec.for_each:
        item_refs = static["item_refs"]
        for f in fired.get("viol", []):
            engine_item = f.facts["x"]
            item = items_by_id.get(engine_item["id"])
            if item is None:
                raise EngineError(f"rule {rule.id}: the engine reported unknown item {engine_item['id']}")
            fact_id = item.fact_id
            violations.append({
                "item": fact_id, "label": item.label, "pointer": item.pointer,
                "values": {ref.name: engine_item.get(ref.name) for ref, _ in item_refs},
            })
            for ref, label in item_refs:
                evidence.append(_fact_evidence(ref, facts, engine_item, item, f"{fact_id}.{ref.name}", label))
        violations.sort(key=lambda v: v["item"])

    if engine == "pass":
        status, reason, template = "pass", "engine_pass", spec.messages.pass_
    elif engine == "fail":
        status = "needs_review" if rule.assumed else "fail"
        reason = "assumed_basis" if rule.assumed else "engine_fail"
        template = spec.messages.fail
    elif engine == "na":
        status, reason = "not_applicable", "not_applicable"
        template = spec.messages.not_applicable or spec.messages.pass_
    else:
        status, reason, template = "needs_review", "missing_evidence", None

    messages = {}
    by_name = {e["fact"].split(".", 1)[1]: e for e in evidence}
    labels = [v["label"] for v in violations]
    for lang in ("nl", "en"):
        values = _MessageValues(book, facts, by_name, lang)
        listed = ", ".join(labels[:MAX_LISTED_ITEMS])
        if len(labels) > MAX_LISTED_ITEMS:
            listed += (f" en {len(labels) - MAX_LISTED_ITEMS} meer" if lang == "nl"
                       else f" and {len(labels) - MAX_LISTED_ITEMS} more")
        values.update(items=listed, count=str(len(violations)))
        if template is None:
            absent = [ref.name for ref in rule.facts if ref.owner == PLAN and ref.name not in facts.plan]
            what = ", ".join(CATALOGUE[PLAN][n].nl if lang == "nl" else CATALOGUE[PLAN][n].en for n in absent)
            messages[lang] = (f"Niet te beoordelen: het plan geeft geen gegevens voor {what or 'deze regel'}."
                              if lang == "nl" else
                              f"Cannot be assessed: the plan gives no data for {what or 'this rule'}.")
        else:
            messages[lang] = getattr(template, lang).format_map(values)
        if reason == "assumed_basis":
            messages[lang] += (" Deze regel berust op een aanname en leidt daarom niet tot afwijzing: de commissie "
                               "beoordeelt dit." if lang == "nl" else
                               " This rule rests on an assumption, so it cannot reject: the committee reviews it.")

    finding = {
        "rule_id": rule.id,
        "title": dict(static["title"]),
        "family": static["family"],
        "severity": static["severity"],
        "status": status,
        "reason": reason,
        "message": messages,
        "basis": dict(static["basis"]),
        "condition": static["condition"],
        "applies_when": static["applies_when"],
        "fired": sorted({f.rule for fs in fired.values() for f in fs}),
        "evidence": evidence,
        "parameters": [dict(p) for p in static["parameters"]],
        "violations": violations,
        "remediation": _remediation(rule, book, facts) if engine == "fail" else None,
    }
    return finding


def outcome_of(findings: list[dict]) -> Outcome:
    def any_with(status: str, severities: tuple[str, ...]) -> bool:
        return any(f["status"] == status and f["severity"] in severities for f in findings)

    if any_with("fail", ("knockout",)):
        return Outcome.ineligible
    if any_with("fail", ("assessment",)):
        return Outcome.negative_advice
    if any_with("needs_review", ("knockout", "assessment")):
        return Outcome.committee_review
    return Outcome.positive_advice


_STATUS_ORDER = {"fail": 0, "needs_review": 1, "pass": 2, "not_applicable": 3}


def family_summaries(findings: list[dict]) -> list[dict]:
    by_family: dict[str, list[dict]] = {family.value: [] for family in Family}
    for f in findings:  # one pass over the findings, not one per family
        mine = by_family.get(f["family"])
        if mine is not None:
            mine.append(f)
    out = []
    for family in Family:
        mine = by_family[family.value]
        counts = {s: sum(1 for f in mine if f["status"] == s) for s in _STATUS_ORDER}
        # advisory findings are shown but do not colour the family
        deciding = [f for f in mine if f["severity"] != "advisory" and f["status"] != "not_applicable"]
        status = min((f["status"] for f in deciding), key=_STATUS_ORDER.get, default="pass") if mine else \
            "not_applicable"
        out.append({"family": family.value, "name": dict(FAMILY_NAMES[family]), "status": status, "counts": counts})
    return out


def build_findings(book: Rulebook, compiled: CompiledRulebook, facts: FactSet, firings: list[Firing]) -> list[dict]:
    grouped = _group(firings, compiled)
    items_by_id = facts.item_by_id()
    return [build_finding(rule, book, facts, grouped.get(rule.id, {}), items_by_id) for rule in book.rules]


def canonical_bytes(obj) -> bytes:
    """Sorted keys, compact, UTF-8: the form every hash in a verdict and the audit store is taken over.

    orjson gives the same bytes as json.dumps(sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    for our data (tested), ten times faster.
    """
    return orjson.dumps(obj, option=orjson.OPT_SORT_KEYS)


def canonical_sha256(obj) -> str:
    return hashlib.sha256(canonical_bytes(obj)).hexdigest()


def seal(verdict: dict) -> dict:
    """Fill receipt.verdict_sha256: a hash over everything but the timestamp and the hash itself."""
    verdict["receipt"]["verdict_sha256"] = verdict_digest(verdict)
    return verdict


def verdict_digest(verdict: dict) -> str:
    receipt = {k: v for k, v in verdict["receipt"].items() if k not in ("timestamp", "verdict_sha256")}
    return canonical_sha256({**verdict, "receipt": receipt})

