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
from collections.abc import Callable
from fractions import Fraction
from typing import TYPE_CHECKING

import orjson
from pydantic import BaseModel

from .. import units
from ..errors import EngineError
from ..facts.catalogue import CATALOGUE, PLAN
from ..facts.derive import Fact, FactSet, Item
from ..facts.derive import Value as FactValue
from ..i18n import tr
from ..jsontypes import JSONObject
from ..rulebook import messages as msg
from ..rulebook.expressions import FactRef, Scalar, evaluate_value
from ..rulebook.loader import ITEM_PATHS
from ..rulebook.model import FAMILY_NAMES, CheckedRule, Family, Localized, Rulebook
from .model import (
    Basis,
    EvidenceSource,
    FactEvidence,
    FamilySummary,
    Finding,
    Outcome,
    ParameterEvidence,
    Reason,
    Receipt,
    Remediation,
    Severity,
    Status,
    Text,
    Verdict,
    Violation,
    verdict_parts_default,
)

if TYPE_CHECKING:  # the compiler builds each rule's RuleParts: imported here only for annotations
    from ..rules.compiler import CompiledRulebook
    from ..rules.driver import Firing

MAX_LISTED_ITEMS = 10

def _fact_label(owner: str, name: str) -> Text:
    s = CATALOGUE[owner][name]
    return Text(nl=s.nl, en=s.en)


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
    passes, fails, nas = fired.get("pass", ()), fired.get("fail", ()), fired.get("na", ())
    passed, failed, na = bool(passes), bool(fails or fired.get("viol")), bool(nas)
    if passed and failed:
        raise EngineError(f"rule {rule.id}: both the pass and the fail side fired")
    if na and (passed or failed):
        raise EngineError(f"rule {rule.id}: fired as not applicable and as applicable")
    if len(passes) > 1 or len(fails) > 1 or len(nas) > 1:
        raise EngineError(f"rule {rule.id}: a plan-level side fired more than once")
    return "pass" if passed else "fail" if failed else "na" if na else "none"


def _fact_evidence(ref: FactRef, fact: str, label: Text, source_fact: Fact | None,
                   engine_fact: JSONObject | None) -> FactEvidence:
    """A fact's evidence: the value the engine matched where it has one, else the plan's."""
    name = ref.name
    source: EvidenceSource = "plan"
    if engine_fact is not None and name in engine_fact:
        value, source = engine_fact[name], "engine"
    else:
        value = source_fact.value if source_fact is not None else None
    nl, en = units.display_pair(ref.unit, value)
    pointers = list(source_fact.pointers) if source_fact is not None else []
    if source_fact is not None and source_fact.formula:
        return FactEvidence(fact=fact, label=label, unit=ref.unit, value=value, display=Text(nl=nl, en=en),
                            pointers=pointers, source=source, formula=source_fact.formula)
    return FactEvidence(fact=fact, label=label, unit=ref.unit, value=value, display=Text(nl=nl, en=en),
                        pointers=pointers, source=source)


def _basis(spec: BaseModel) -> Basis:
    # only the fields the rulebook gives: a verdict does not list a basis's absent quote or url
    return Basis(**spec.model_dump(mode="json", exclude_none=True))


def _param_evidence(book: Rulebook, name: str) -> ParameterEvidence:
    p = book.parameters[name]
    return ParameterEvidence(
        name=name, type=p.type, value=p.engine_value,
        display=Text(nl=units.display(p.unit, p.engine_value, "nl"), en=units.display(p.unit, p.engine_value, "en")),
        basis=_basis(p.spec.basis))


class _MessageValues(dict[str, str]):
    """Placeholder values, formatted only when a message asks for them.

    `evidence` maps a fact name to its evidence entry (the same map serves both languages).
    With `violations`, {items} and {count} name the violating items before any other value.
    """

    def __init__(self, book: Rulebook, facts: FactSet, evidence: dict[str, FactEvidence], lang: str,
                 violations: list[Violation] | None = None) -> None:
        super().__init__()
        self.book, self.facts, self.lang = book, facts, lang
        self.evidence, self.violations = evidence, violations

    def __missing__(self, name: str) -> str:
        lang = self.lang
        if self.violations is not None and name in ("items", "count"):
            value = _listed([v.label for v in self.violations], lang) if name == "items" else str(len(self.violations))
        elif name in self.evidence:
            value = getattr(self.evidence[name].display, lang)
        elif name in self.facts.plan:
            value = units.display(CATALOGUE[PLAN][name].unit, self.facts.plan[name].value, lang)
        elif name in self.book.parameters:
            p = self.book.parameters[name]
            value = units.display(p.unit, p.engine_value, lang)
        else:
            value = tr("verdict.unknown_value", lang)
        self[name] = value
        return value


def _remediation(rule: CheckedRule, book: Rulebook, facts: FactSet, evidence: list[FactEvidence],
                 violations: list[Violation]) -> Remediation | None:
    """How the plan would pass: the fields to change and, where a number decides, by how much."""
    spec = rule.spec.remediation
    if spec is None:
        return None
    fields = _concrete_fields(spec.fields, rule.spec.for_each, violations)
    extra = {"fields": Text(nl=_listed(fields, "nl"), en=_listed(fields, "en"))}
    if rule.spec.for_each:
        where = [_label_at(v) for v in violations]
        extra["where"] = Text(nl=_listed(where, "nl"), en=_listed(where, "en"))
    gap: int | float | None = None
    display: Text | None = None
    if rule.gap is not None:

        def lookup(ref: FactRef) -> FactValue:
            f = facts.plan.get(ref.name)
            if f is None:
                raise KeyError(ref.name)
            return f.value

        try:
            value: Scalar = evaluate_value(rule.gap, lookup)
        except (KeyError, ZeroDivisionError, TypeError):
            return None  # advice cannot be computed from what the plan gives; the finding still stands
        if isinstance(value, str) or spec.unit is None:  # the loader gives every gap a unit of numbers
            raise EngineError(f"rule {rule.id}: the remediation gap {value!r} is not a number in a unit")
        gap = math.ceil(value) if isinstance(value, Fraction) else value
        if gap <= 0:
            return None
        display = Text(nl=units.display(spec.unit, gap, "nl"), en=units.display(spec.unit, gap, "en"))
        extra["gap"] = display
    raw = _raw_values(book, facts, evidence, violations, {"gap": gap})
    by_name = {e.fact.split(".", 1)[1]: e for e in evidence}  # an item's entry wins over the plan's
    message: dict[str, str] = {}
    for lang in ("nl", "en"):
        text = getattr(spec.message, lang)
        if msg.has_choice(text):
            text = msg.expand(text, lang, raw)
        values = _MessageValues(book, facts, by_name, lang)
        values.update({k: getattr(v, lang) for k, v in extra.items()})
        if "{items}" in text or "{count}" in text:
            values.update(items=_listed([v.label for v in violations], lang), count=str(len(violations)))
        message[lang] = text.format_map(values)
    if gap is None:
        return Remediation(fields=fields, message=Text(**message))
    return Remediation(fields=fields, gap=gap, unit=spec.unit, display=display, message=Text(**message))


def _item_path(pointer: str) -> str:
    """'/activities/0/milestones/1' -> 'activities[0].milestones[1]', as remediation fields are written."""
    out = ""
    for part in pointer.strip("/").split("/"):
        out += f"[{part}]" if part.isdigit() else (f".{part}" if out else part)
    return out


def _label_at(violation: Violation) -> str:
    """'partner roc (ROC Oost)' at /partners/2 -> 'partner roc (ROC Oost, partners[2])'."""
    label = violation.label
    path = _item_path(violation.pointer)
    return f"{label[:-1]}, {path})" if label.endswith(")") else f"{label} ({path})"


def _concrete_fields(declared: list[str], for_each: str | None, violations: list[Violation]) -> list[str]:
    """Plan-level rules: the declared paths. for_each rules: each path once per violating item."""
    if not for_each:
        return list(declared)
    prefix = ITEM_PATHS[for_each]
    return [_item_path(v.pointer) + path[len(prefix):] for v in violations for path in declared]


def _listed(names: list[str], lang: str) -> str:
    """The first MAX_LISTED_ITEMS names, then how many more."""
    listed = ", ".join(names[:MAX_LISTED_ITEMS])
    if len(names) > MAX_LISTED_ITEMS:
        return tr("verdict.listed_and_more", lang, listed=listed, n=len(names) - MAX_LISTED_ITEMS)
    return listed


def _raw_values(book: Rulebook, facts: FactSet, evidence: list[FactEvidence], violations: list[Violation],
                extra: dict[str, object] | None = None) -> Callable[[str], object]:
    """name -> the raw value a plural or select chooses by (a count, a yes/no, an enum value)."""

    def value_of(name: str) -> object:
        if extra and name in extra:
            return extra[name]
        if name == "count":
            return len(violations)
        for e in reversed(evidence):  # an item's own value wins over the plan's, as in the display values
            if e.fact.split(".", 1)[1] == name:
                return e.value
        if name in facts.plan:
            return facts.plan[name].value
        if name in book.parameters:
            return book.parameters[name].engine_value
        return None

    return value_of


class RuleParts:
    """The parts of a finding that depend on the rule only: built once, when the rulebook is compiled."""

    __slots__ = ("rule", "rule_id", "for_each", "family", "severity", "plan_refs", "item_refs", "title", "basis",
                 "condition", "applies_when", "parameters", "outcomes")

    def __init__(self, rule: CheckedRule, book: Rulebook) -> None:
        spec = rule.spec
        messages = spec.messages
        self.rule, self.rule_id, self.for_each = rule, rule.id, spec.for_each
        self.family = spec.family.value
        self.severity: Severity = spec.severity.value
        # the plan facts the rule reads, each with its evidence name and label
        self.plan_refs = tuple((ref, f"{ref.owner}.{ref.name}", _fact_label(ref.owner, ref.name))
                               for ref in rule.facts if ref.owner == PLAN)
        self.item_refs = tuple((ref, _fact_label(ref.owner, ref.name))
                               for ref in rule.facts if spec.for_each and ref.owner == spec.for_each)
        self.title = Text(nl=spec.title.nl, en=spec.title.en)
        self.basis = _basis(spec.basis)
        self.condition = " ".join(spec.condition.split())
        self.applies_when = " ".join(spec.applies_when.split()) if spec.applies_when else None
        self.parameters = [_param_evidence(book, p) for p in rule.params]
        # engine status -> (status, reason, message)
        self.outcomes: dict[str, tuple[Status, Reason, Localized | None]] = {
            "pass": ("pass", "engine_pass", messages.pass_),
            "fail": ("needs_review", "assumed_basis", messages.fail) if rule.assumed
            else ("fail", "engine_fail", messages.fail),
            "na": ("not_applicable", "not_applicable", messages.not_applicable or messages.pass_),
            "none": ("needs_review", "missing_evidence", None),
        }


def rule_parts(book: Rulebook) -> tuple[RuleParts, ...]:
    return tuple(RuleParts(rule, book) for rule in book.rules)


_FIRST_FIRING = ("pass", "fail", "na", "viol")  # the firing whose plan fact a finding shows


def _build_finding(parts: RuleParts, book: Rulebook, facts: FactSet, items: dict[str, Item],
                   fired: dict[str, list[Firing]]) -> Finding:
    rule = parts.rule
    engine = _engine_status(rule, fired)
    engine_plan = None
    for kind in _FIRST_FIRING:
        fs = fired.get(kind)
        if fs:
            engine_plan = fs[0].facts.get("d")
            break
    plan = facts.plan
    evidence = [_fact_evidence(ref, fact, label, plan.get(ref.name), engine_plan) for ref, fact, label in parts.plan_refs]
    violations: list[Violation] = []
    if parts.for_each:
        violations = _violations(parts, facts, items, fired.get("viol", []), evidence)

    status, reason, message = parts.outcomes[engine]
    messages = _messages(rule, book, facts, message, evidence, violations)
    if reason == "assumed_basis":
        for lang in ("nl", "en"):
            messages[lang] += " " + tr("verdict.assumed_basis_note", lang)

    return Finding(
        rule_id=parts.rule_id, title=parts.title, family=parts.family, severity=parts.severity, status=status,
        reason=reason, message=Text(**messages), basis=parts.basis, condition=parts.condition,
        applies_when=parts.applies_when, fired=sorted({f.rule for fs in fired.values() for f in fs}),
        evidence=evidence, parameters=list(parts.parameters), violations=violations,
        remediation=_remediation(rule, book, facts, evidence, violations) if engine == "fail" else None)


def _violations(parts: RuleParts, facts: FactSet, items: dict[str, Item], viol: list[Firing],
                evidence: list[FactEvidence]) -> list[Violation]:
    """One entry per violating item, sorted by item; each item's evidence is appended in firing order."""
    violations: list[Violation] = []
    if viol and not items:
        items.update(facts.item_by_id())
    for f in viol:
        engine_item = f.facts["x"]
        item = items.get(engine_item["id"])
        if item is None:
            raise EngineError(f"rule {parts.rule_id}: the engine reported unknown item {engine_item['id']}")
        fact_id = item.fact_id
        violations.append(Violation(item=fact_id, label=item.label, pointer=item.pointer,
                                    values={ref.name: engine_item.get(ref.name) for ref, _ in parts.item_refs}))
        for ref, label in parts.item_refs:
            evidence.append(_fact_evidence(ref, f"{fact_id}.{ref.name}", label, item.fact(ref.name), engine_item))
    violations.sort(key=lambda v: v.item)
    return violations


def _messages(rule: CheckedRule, book: Rulebook, facts: FactSet, message: Localized | None,
              evidence: list[FactEvidence], violations: list[Violation]) -> dict[str, str]:
    """The message in both languages: plurals and selects chosen by the raw values, then placeholders filled."""
    messages: dict[str, str] = {}
    if message is None:
        for lang in ("nl", "en"):
            absent = [ref.name for ref in rule.facts if ref.owner == PLAN and ref.name not in facts.plan]
            what = ", ".join(CATALOGUE[PLAN][n].nl if lang == "nl" else CATALOGUE[PLAN][n].en for n in absent)
            messages[lang] = tr("verdict.no_data", lang, what=what or tr("verdict.no_data.this_rule", lang))
        return messages
    by_name = {e.fact.split(".", 1)[1]: e for e in evidence}  # an item's entry wins over the plan's
    for lang in ("nl", "en"):
        text = getattr(message, lang)
        if msg.has_choice(text):
            text = msg.expand(text, lang, _raw_values(book, facts, evidence, violations))
        messages[lang] = text.format_map(_MessageValues(book, facts, by_name, lang, violations))
    return messages


def outcome_of(findings: list[Finding]) -> Outcome:
    def any_with(status: str, severities: tuple[str, ...]) -> bool:
        return any(f.status == status and f.severity in severities for f in findings)

    if any_with("fail", ("knockout",)):
        return Outcome.ineligible
    if any_with("fail", ("assessment",)):
        return Outcome.negative_advice
    if any_with("needs_review", ("knockout", "assessment")):
        return Outcome.committee_review
    return Outcome.positive_advice


_STATUS_ORDER = {"fail": 0, "needs_review": 1, "pass": 2, "not_applicable": 3}


def family_summaries(findings: list[Finding]) -> list[FamilySummary]:
    """Per family: counts per status and the worst deciding status."""
    counts: dict[str, dict[str, int]] = {family.value: dict.fromkeys(_STATUS_ORDER, 0) for family in Family}
    worst: dict[str, Status] = {}
    for f in findings:
        mine = counts.get(f.family)
        if mine is None:
            continue
        mine[f.status] += 1
        # advisory findings are shown but do not colour the family
        if f.severity != "advisory" and f.status != "not_applicable":
            now = worst.get(f.family)
            if now is None or _STATUS_ORDER[f.status] < _STATUS_ORDER[now]:
                worst[f.family] = f.status
    return [FamilySummary(family=family.value, name=Text(**FAMILY_NAMES[family]),
                          status=worst.get(family.value, "pass" if any(counts[family.value].values()) else
                                           "not_applicable"),
                          counts=counts[family.value])
            for family in Family]


def build_findings(book: Rulebook, compiled: CompiledRulebook, facts: FactSet, firings: list[Firing]) -> list[Finding]:
    grouped = _group(firings, compiled)
    items: dict[str, Item] = {}  # the plan's items by id, filled when an item rule first fired
    return [_build_finding(parts, book, facts, items, grouped.get(parts.rule_id, {})) for parts in compiled.findings]


def canonical_bytes(obj: object) -> bytes:
    """Sorted keys, compact, UTF-8: the form every hash in a verdict and the audit store is taken over.
    `obj` is JSON data, in which verdict parts may stand for their JSON.

    orjson gives the same bytes as json.dumps(sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    for our data (tested), ten times faster.
    """
    return orjson.dumps(obj, default=verdict_parts_default,
                        option=orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATACLASS)


def canonical_sha256(obj: object) -> str:
    return hashlib.sha256(canonical_bytes(obj)).hexdigest()


# When and by which code a verdict was made is its context, not its content: the same plan,
# rulebook and outcome give the same digest after a change of code that changes nothing else.
OUTSIDE_DIGEST = ("timestamp", "code_sha256", "verdict_sha256")


def seal(verdict: Verdict) -> Verdict:
    """The verdict with receipt.verdict_sha256 filled: a hash over everything but the receipt's
    OUTSIDE_DIGEST fields."""
    return verdict.replace(receipt=verdict.receipt.replace(verdict_sha256=verdict_digest(verdict)))


def verdict_digest(verdict: Verdict | JSONObject) -> str:
    """The digest of a verdict, or of its JSON data (as `Verdict.to_json` gives it, or as stored)."""
    data = verdict.__dict__ if isinstance(verdict, Verdict) else verdict
    receipt = data["receipt"]
    fields = receipt.__dict__ if isinstance(receipt, Receipt) else receipt
    return canonical_sha256({**data, "receipt": {k: v for k, v in fields.items() if k not in OUTSIDE_DIGEST}})

