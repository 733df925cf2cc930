"""The condition language of the rulebooks.

A condition reads like the regulation: `cofinancing_share_bp >= min_cofinancing_share`,
`has_project_leader and steering_group_size >= 1`, `region_kind == "low_technical"`.
It is parsed with Python's own parser (mode "eval") and then restricted to a small grammar
that maps one-to-one onto durable-rules operators:

    condition  := condition and condition | condition or condition | not condition
                | value (==|!=|<|<=|>|>=) value [(op) value]   # chained: a <= x <= b
                | value in [const, ...] | bool_fact
    value      := fact | plan.fact | parameter | constant | value (+|-|*) value

There is no division in conditions: the engine truncates integer division and dies on a zero
divisor (docs/design/durable-rules.md §2). Remediation expressions (advice, evaluated in Python after the engine has
decided) may also use `/`, `ceil`, `floor`, `min` and `max`.
"""
from __future__ import annotations

import ast
import difflib
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TypeAlias

from ..errors import WordedError
from ..facts.catalogue import CATALOGUE, PLAN
from ..i18n import both

COMPARISONS = {ast.Eq: "eq", ast.NotEq: "neq", ast.Lt: "lt", ast.LtE: "lte", ast.Gt: "gt", ast.GtE: "gte"}
FLIP = {"eq": "neq", "neq": "eq", "lt": "gte", "lte": "gt", "gt": "lte", "gte": "lt"}
MIRROR = {"eq": "eq", "neq": "neq", "lt": "gt", "lte": "gte", "gt": "lt", "gte": "lte"}
SYMBOL = {"eq": "==", "neq": "!=", "lt": "<", "lte": "<=", "gt": ">", "gte": ">=", "add": "+", "sub": "-",
          "mul": "*", "div": "/"}
ARITH = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul"}
FUNCTIONS = {"ceil", "floor", "min", "max"}
SCALAR_UNITS = {"count", "factor", "number"}


class ExpressionError(ValueError, WordedError):
    """A condition that does not parse or does not fit the grammar; the message says why. `texts`:
    the message in Dutch and English where it is worded from the catalogue (`ExpressionError.said`)."""


# ---------------------------------------------------------------- AST


@dataclass(frozen=True)
class Const:
    value: int | float | bool | str
    unit: str = "number"


@dataclass(frozen=True)
class FactRef:
    owner: str  # "plan" or an item type
    name: str
    unit: str


@dataclass(frozen=True)
class ParamRef:
    name: str
    value: int | float
    unit: str


@dataclass(frozen=True)
class Arith:
    op: str  # add | sub | mul | div
    left: Value
    right: Value


@dataclass(frozen=True)
class Call:
    fn: str
    args: tuple[Value, ...]


@dataclass(frozen=True)
class Cmp:
    op: str
    left: Value
    right: Value


@dataclass(frozen=True)
class And:
    items: tuple[Cond, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Cond, ...]


Value: TypeAlias = Const | FactRef | ParamRef | Arith | Call
Cond: TypeAlias = Cmp | And | Or
Node: TypeAlias = Value | Cond
# what a remediation expression evaluates to: exact (a float constant becomes a Fraction), but a fact's
# value is taken as the plan gives it
Number: TypeAlias = Fraction | int | float
Scalar: TypeAlias = Number | str


@dataclass(frozen=True)
class Scope:
    """What names mean inside one rule: the item type it iterates over (if any) and the parameters."""

    item_type: str | None
    parameters: dict[str, tuple[int | float, str]]  # name -> (engine value, unit)
    formulas: dict[str, Value] = field(default_factory=dict)  # name -> parsed plan-level value, inlined


# ---------------------------------------------------------------- parsing


def parse_condition(text: str, scope: Scope) -> Cond:
    node = _parse(text)
    cond = _cond(node, scope, text)
    return cond


def parse_value(text: str, scope: Scope, allow_division: bool = True) -> Value:
    node = _parse(text)
    return _value(node, scope, text, allow_division)


def _parse(text: str) -> ast.expr:
    if not isinstance(text, str) or not text.strip():
        raise ExpressionError.said(both("expression.empty"))
    if len(text) > 2000:
        raise ExpressionError.said(both("expression.too_long"))
    try:
        return ast.parse(text.strip(), mode="eval").body
    except SyntaxError as exc:
        raise ExpressionError.said(both("expression.unreadable", text=text, reason=exc.msg, column=exc.offset)) from None


def _cond(node: ast.expr, scope: Scope, text: str) -> Cond:
    if isinstance(node, ast.BoolOp):
        items = tuple(_cond(v, scope, text) for v in node.values)
        return And(items) if isinstance(node.op, ast.And) else Or(items)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return negate(_cond(node.operand, scope, text))
    if isinstance(node, ast.Compare):
        return _compare(node, scope, text)
    if isinstance(node, (ast.Name, ast.Attribute)):
        ref = _value(node, scope, text, False)
        if isinstance(ref, FactRef) and ref.unit == "bool":
            return Cmp("eq", ref, Const(True, "bool"))
        raise ExpressionError.said(both("expression.not_yes_no", part=ast.unparse(node)))
    raise ExpressionError.said(both("expression.not_a_condition", part=ast.unparse(node)))


def _compare(node: ast.Compare, scope: Scope, text: str) -> Cond:
    parts = [node.left, *node.comparators]
    conds = []
    for op, a, b in zip(node.ops, parts, parts[1:]):
        if isinstance(op, ast.In):
            if not isinstance(b, (ast.List, ast.Tuple)) or not b.elts:
                raise ExpressionError.said(both("expression.in_needs_list", text=text))
            left = _value(a, scope, text, False)
            # like a comparison: the engine wants a fact on one side
            options = [_normalise(Cmp("eq", left, _value(e, scope, text, False)), text) for e in b.elts]
            for o in options:
                _check_types(o, text)
            conds.append(options[0] if len(options) == 1 else Or(tuple(options)))
            continue
        if type(op) not in COMPARISONS:
            raise ExpressionError.said(both("expression.unsupported_operator", part=ast.unparse(node)))
        cmp = _normalise(Cmp(COMPARISONS[type(op)], _value(a, scope, text, False), _value(b, scope, text, False)),
                         text)
        _check_types(cmp, text)
        conds.append(cmp)
    return conds[0] if len(conds) == 1 else And(tuple(conds))


def _value(node: ast.expr, scope: Scope, text: str, allow_division: bool) -> Value:
    if isinstance(node, ast.Constant):
        if isinstance(node.value, (bool, int, str)) or (isinstance(node.value, float) and math.isfinite(node.value)):
            return Const(node.value, "bool" if isinstance(node.value, bool) else
                         "text" if isinstance(node.value, str) else "number")
        raise ExpressionError.said(both("expression.constant", value=repr(node.value), text=text))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _value(node.operand, scope, text, allow_division)
        if isinstance(inner, Const) and isinstance(inner.value, (int, float)) and not isinstance(inner.value, bool):
            return Const(-inner.value, inner.unit)
        return Arith("mul", Const(-1), inner)
    if isinstance(node, ast.Name):
        return _resolve(node.id, None, scope, text)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == PLAN:
        return _resolve(node.attr, PLAN, scope, text)
    if isinstance(node, ast.BinOp):
        if type(node.op) in ARITH:
            op = ARITH[type(node.op)]
        elif isinstance(node.op, ast.Div) and allow_division:
            op = "div"
        else:
            raise ExpressionError.said(both("expression.operator_not_here", part=ast.unparse(node)))
        return fold(Arith(op, _value(node.left, scope, text, allow_division),
                          _value(node.right, scope, text, allow_division)))
    if isinstance(node, ast.Call) and allow_division and isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS:
        if node.keywords or not node.args:
            raise ExpressionError.said(both("expression.positional", part=ast.unparse(node), function=node.func.id))
        return Call(node.func.id, tuple(_value(a, scope, text, allow_division) for a in node.args))
    raise ExpressionError.said(both("expression.not_allowed", part=ast.unparse(node), text=text))


def _resolve(name: str, forced_owner: str | None, scope: Scope, text: str) -> Value:
    if name in ("true", "false", "True", "False"):
        return Const(name.lower() == "true", "bool")
    owners = [PLAN] if forced_owner == PLAN else ([scope.item_type, PLAN] if scope.item_type else [PLAN])
    for owner in owners:
        spec = CATALOGUE[owner].get(name)
        if spec is not None:
            return FactRef(owner, name, spec.unit)
    if forced_owner is None and name in scope.parameters:
        value, unit = scope.parameters[name]
        return ParamRef(name, value, unit)
    if forced_owner is None and name in scope.formulas:
        return scope.formulas[name]
    known = sorted(set(scope.parameters) | set(scope.formulas) | set(CATALOGUE[PLAN])
                   | set(CATALOGUE.get(scope.item_type or PLAN, {})))
    close = difflib.get_close_matches(name, known, n=3)
    if scope.item_type:
        said = both("expression.unknown_name_item", name=name, text=text, item=scope.item_type)
    else:
        said = both("expression.unknown_name", name=name, text=text)
    if close:
        said = both("expression.did_you_mean", said=said, close=", ".join(close))
    raise ExpressionError.said(said)


# ---------------------------------------------------------------- normalisation and checks


def _is_fact(v: Value) -> bool:
    return isinstance(v, FactRef)


def _normalise(cmp: Cmp, text: str) -> Cmp:
    """The engine wants a fact on the left: `min_x <= count` becomes `count >= min_x`."""
    if not _is_fact(cmp.left) and _is_fact(cmp.right):
        return Cmp(MIRROR[cmp.op], cmp.right, cmp.left)
    if not _is_fact(cmp.left):
        raise ExpressionError.said(both("expression.one_fact", text=text))
    return cmp


def unit_of(v: Value) -> str:
    if isinstance(v, (Const, FactRef, ParamRef)):
        return v.unit
    if isinstance(v, Call):
        units = {unit_of(a) for a in v.args} - SCALAR_UNITS
        return units.pop() if len(units) == 1 else "number"
    left, right = unit_of(v.left), unit_of(v.right)
    if v.op in ("add", "sub"):
        if left in SCALAR_UNITS:
            return right
        if right in SCALAR_UNITS or left == right:
            return left
        raise ExpressionError.said(both("expression.cannot_add", left=left, right=right, part=render(v)))
    if v.op == "mul":
        # a share (basis points) scales an amount: total * 1000 bp / 10000 is still money
        if left in SCALAR_UNITS or (left == "share" and right not in SCALAR_UNITS):
            return right
        if right in SCALAR_UNITS or right == "share":
            return left
        raise ExpressionError.said(both("expression.cannot_multiply", left=left, right=right, part=render(v)))
    return left if right in SCALAR_UNITS else "number"


def _check_types(cmp: Cmp, text: str) -> None:
    fact = cmp.left
    if not isinstance(fact, FactRef):
        raise AssertionError(f"'{text}': _normalise puts a fact on the left of every comparison")
    left, right = unit_of(fact), unit_of(cmp.right)
    if left in ("bool", "enum", "text") or right in ("bool", "text"):
        if cmp.op not in ("eq", "neq"):
            raise ExpressionError.said(both("expression.eq_only", part=render(cmp)))
        if left == "bool" and right != "bool":
            raise ExpressionError.said(both("expression.compare_bool", part=render(cmp), fact=fact.name))
        if left == "enum":
            if not isinstance(cmp.right, Const) or not isinstance(cmp.right.value, str):
                raise ExpressionError.said(both("expression.compare_quoted", part=render(cmp), fact=fact.name))
            allowed = CATALOGUE[fact.owner][fact.name].values
            if cmp.right.value not in allowed:
                raise ExpressionError.said(both("expression.not_a_value", part=render(cmp), value=cmp.right.value,
                                                fact=fact.name, allowed=", ".join(allowed)))
        return
    if right == "number" or left == right or (left in SCALAR_UNITS and right in SCALAR_UNITS):
        return
    raise ExpressionError.said(both("expression.units_differ", part=render(cmp), left=left, right=right))


def fold(v: Value) -> Value:
    """Fold arithmetic over constants and parameters into one constant (the engine sees a number)."""
    if isinstance(v, Arith):
        left, right = fold(v.left), fold(v.right)
        lc, rc = _const_value(left), _const_value(right)
        if lc is not None and rc is not None and v.op != "div":
            result = {"add": lc + rc, "sub": lc - rc, "mul": lc * rc}[v.op]
            if isinstance(result, float) and result.is_integer():
                result = int(result)
            return Const(result, unit_of(Arith(v.op, left, right)))
        return Arith(v.op, left, right)
    return v


def _const_value(v: Value) -> int | float | None:
    if isinstance(v, Const) and isinstance(v.value, (int, float)) and not isinstance(v.value, bool):
        return v.value
    if isinstance(v, ParamRef):
        return v.value
    return None


def negate(c: Cond) -> Cond:
    """Logical negation by operator flip and De Morgan: the engine has no expression-level NOT."""
    if isinstance(c, Cmp):
        return Cmp(FLIP[c.op], c.left, c.right)
    if isinstance(c, And):
        return Or(tuple(negate(i) for i in c.items))
    return And(tuple(negate(i) for i in c.items))


# ---------------------------------------------------------------- walking


def walk(node: Node) -> list[Node]:
    out: list[Node] = [node]
    if isinstance(node, (And, Or)):
        for i in node.items:
            out += walk(i)
    elif isinstance(node, (Cmp, Arith)):
        out += walk(node.left) + walk(node.right)
    elif isinstance(node, Call):
        for a in node.args:
            out += walk(a)
    return out


def facts_read(node: Node) -> list[FactRef]:
    seen: dict[tuple[str, str], FactRef] = {}
    for n in walk(node):
        if isinstance(n, FactRef):
            seen.setdefault((n.owner, n.name), n)
    return list(seen.values())


def params_read(node: Node) -> list[str]:
    return list(dict.fromkeys(n.name for n in walk(node) if isinstance(n, ParamRef)))


def render(node: Node) -> str:
    """Readable form of an expression, for messages and the explain command."""
    if isinstance(node, Const):
        return repr(node.value).lower() if isinstance(node.value, bool) else (
            f'"{node.value}"' if isinstance(node.value, str) else str(node.value))
    if isinstance(node, FactRef):
        return node.name if node.owner != PLAN else node.name
    if isinstance(node, ParamRef):
        return node.name
    if isinstance(node, Arith):
        return f"({render(node.left)} {SYMBOL[node.op]} {render(node.right)})"
    if isinstance(node, Call):
        return f"{node.fn}({', '.join(render(a) for a in node.args)})"
    if isinstance(node, Cmp):
        return f"{render(node.left)} {SYMBOL[node.op]} {render(node.right)}"
    joiner = " and " if isinstance(node, And) else " or "
    return "(" + joiner.join(render(i) for i in node.items) + ")"


# ---------------------------------------------------------------- evaluation (remediation only)


def evaluate_value(v: Value, lookup: Callable[[FactRef], object]) -> Scalar:
    """Exact evaluation for remediation advice. Never used to decide a rule: the engine does that.
    TypeError when a value is not a number where arithmetic needs one (or a fact's value is neither)."""
    if isinstance(v, Const):
        return Fraction(v.value) if isinstance(v.value, float) else v.value
    if isinstance(v, ParamRef):
        return Fraction(v.value) if isinstance(v.value, float) else v.value
    if isinstance(v, FactRef):
        value = lookup(v)
        if not isinstance(value, (Fraction, int, float, str)):
            raise TypeError(f"fact {v.name} is {value!r}, not a number or text")
        return value
    if isinstance(v, Call):
        args = [_number(evaluate_value(a, lookup), v) for a in v.args]
        if v.fn == "ceil":
            return math.ceil(args[0])
        if v.fn == "floor":
            return math.floor(args[0])
        return min(args) if v.fn == "min" else max(args)
    a, b = _number(evaluate_value(v.left, lookup), v), _number(evaluate_value(v.right, lookup), v)
    if v.op == "add":
        return a + b
    if v.op == "sub":
        return a - b
    if v.op == "mul":
        return a * b
    if b == 0:
        raise ZeroDivisionError(f"division by zero in {render(v)}")
    return Fraction(a) / Fraction(b)


def _number(value: Scalar, where: Value) -> Number:
    if isinstance(value, str):
        raise TypeError(f"{render(where)}: '{value}' is text, not a number")
    return value
