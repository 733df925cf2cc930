"""Rulebook -> durable-rules ruleset JSON.

Each check becomes a pass rule AND a fail rule (and a not-applicable rule where the rule has
`applies_when`), so that the engine's own firings say which side holds; "neither fired"
means the evidence is missing, "both fired" means a bug. Every rule starts with the anchor
pattern, which the driver asserts after all plan facts, so that negations are evaluated once
against the complete fact set (docs/design/durable-rules.md §3-§4). Rule names are `<RULE-ID>__pass|fail|viol|na`.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from ..errors import RulebookError
from ..facts.catalogue import PLAN
from ..funding import MAXIMUM_FORMULA, FormulaView
from ..i18n import both
from ..jsontypes import JSONObject
from ..rulebook.expressions import And, Arith, Cmp, Cond, Const, ExpressionError, FactRef, ParamRef, Value, negate, render
from ..rulebook.model import CheckedRule, Rulebook
from ..verdict.build import RuleParts, rule_parts

ANCHOR_TYPE = "__anchor__"
ANCHOR: JSONObject = {"z": {"t": ANCHOR_TYPE}}
COMPILER_VERSION = "1"


@dataclass(frozen=True)
class CompiledRulebook:
    name: str  # unique ruleset name: id@version@hash
    ruleset: dict[str, JSONObject]  # rule name -> durable rule
    roles: dict[str, tuple[str, str]]  # rule name -> (rule id, role: pass|fail|viol|na)
    item_types: tuple[str, ...]  # item fact types any rule reads; others need not be asserted
    sha256: str
    # What findings and the funding summary take from the rulebook alone (not part of its identity).
    findings: tuple[RuleParts, ...] = field(default=(), compare=False, repr=False)
    funding: FormulaView | None = field(default=None, compare=False, repr=False)


def _rhs(v: Value, own: str) -> object:
    if isinstance(v, Const):
        return v.value
    if isinstance(v, ParamRef):
        return v.value
    if isinstance(v, FactRef):
        if v.owner == own:
            return {"$m": v.name}
        if v.owner == PLAN:
            return {"d": v.name}  # the plan fact, bound by the earlier pattern aliased d
        raise ExpressionError.said(both("compiler.belongs_to", name=v.name, owner=v.owner, own=own))
    if isinstance(v, Arith):
        if v.op == "div":
            raise ExpressionError.said(both("compiler.no_division"))
        return {f"${v.op}": {"$l": _rhs(v.left, own), "$r": _rhs(v.right, own)}}
    raise ExpressionError.said(both("compiler.not_in_condition", part=render(v)))


def _expr(c: Cond, own: str) -> JSONObject:
    if isinstance(c, Cmp):
        left = c.left
        if not isinstance(left, FactRef) or left.owner != own:
            raise ExpressionError.said(both("compiler.own_field_left", part=render(c), own=own))
        rhs = _rhs(c.right, own)
        return {left.name: rhs} if c.op == "eq" else {f"${c.op}": {left.name: rhs}}
    key = "$and" if isinstance(c, And) else "$or"
    return {key: [_expr(i, own) for i in c.items]}


def _typed(t: str, *conds: Cond | None) -> JSONObject:
    return {"$and": [{"t": t}] + [_expr(c, t) for c in conds if c is not None]}


def _reads_plan(c: Cond | None) -> bool:
    from ..rulebook.expressions import walk

    return c is not None and any(isinstance(n, FactRef) and n.owner == PLAN for n in walk(c))


def compile_rule(rule: CheckedRule) -> dict[str, tuple[JSONObject, str]]:
    """One rulebook rule -> {rule name: (durable rule, role)}."""
    rid, t = rule.id, rule.spec.for_each
    out: dict[str, tuple[JSONObject, str]] = {}
    if t is None:
        out[f"{rid}__pass"] = ({"all": [ANCHOR, {"d": _typed(PLAN, rule.applies, rule.condition)}]}, "pass")
        out[f"{rid}__fail"] = ({"all": [ANCHOR, {"d": _typed(PLAN, rule.applies, negate(rule.condition))}]}, "fail")
    else:
        violation = _typed(t, negate(rule.condition))
        pre: list[JSONObject] = [ANCHOR]
        if rule.applies is not None or _reads_plan(rule.condition):
            pre.append({"d": _typed(PLAN, rule.applies)})
        out[f"{rid}__viol"] = ({"all": pre + [{"x": violation}]}, "viol")
        out[f"{rid}__pass"] = ({"all": pre + [{"n$not": violation}]}, "pass")
    if rule.applies is not None:
        out[f"{rid}__na"] = ({"all": [ANCHOR, {"d": _typed(PLAN, negate(rule.applies))}]}, "na")
    return out


def compile_rulebook(book: Rulebook) -> CompiledRulebook:
    ruleset: dict[str, JSONObject] = {}
    roles: dict[str, tuple[str, str]] = {}
    item_types: list[str] = []
    for rule in book.rules:
        try:
            compiled = compile_rule(rule)
        except ValueError as exc:  # an ExpressionError says its message by id
            said = exc.texts if isinstance(exc, ExpressionError) and exc.texts else str(exc)
            raise RulebookError.said_in(book.files[-1], said, rule=rule.id) from None
        for name, (body, role) in compiled.items():
            ruleset[name] = body
            roles[name] = (rule.id, role)
        if rule.spec.for_each and rule.spec.for_each not in item_types:
            item_types.append(rule.spec.for_each)
    text = json.dumps(ruleset, sort_keys=True, separators=(",", ":"))
    sha = hashlib.sha256(f"{COMPILER_VERSION}:{book.sha256}:{text}".encode()).hexdigest()
    return CompiledRulebook(f"{book.id}@{book.version}@{sha[:12]}", ruleset, roles, tuple(item_types), sha,
                            rule_parts(book),
                            FormulaView(book) if MAXIMUM_FORMULA in book.formulas else None)
