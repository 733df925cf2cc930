"""An independent oracle of the rulebook checks, for differential tests and benchmarks only.

It shares nothing with the production path after fact derivation: no condition parser, no
compiler, no engine. A condition is a Python expression, so the oracle evaluates its text with
Python's own `eval` over the facts and parameter values. Where they disagree with the engine,
one of the two is wrong, and the test says which rule and which plan.
"""
from __future__ import annotations

from types import SimpleNamespace

from engine.facts import FactSet
from engine.rulebook.model import Rulebook

CONSTANTS = {"true": True, "false": False, "__builtins__": {}}


def _compile(text: str):
    return compile(" ".join(text.split()), "<condition>", "eval")


class Oracle:
    def __init__(self, book: Rulebook):
        self.book = book
        self.params = {name: p.engine_value for name, p in book.parameters.items()}
        # formulas are evaluated from their text too, in the order the rulebook defines them
        self.formulas = [(name, _compile(f["expression"])) for name, f in (book.resolved.get("formulas") or {}).items()]
        self.rules = [
            (r.id, r.spec.for_each, _compile(r.spec.condition),
             _compile(r.spec.applies_when) if r.spec.applies_when else None)
            for r in book.rules
        ]

    def evaluate(self, facts: FactSet) -> dict[str, tuple[str, tuple[str, ...]]]:
        """rule id -> (pass | fail | na | none, sorted violating item ids)."""
        plan_values = {name: f.value for name, f in facts.plan.items()}
        base = {**CONSTANTS, **self.params, **plan_values, "plan": SimpleNamespace(**plan_values)}
        for name, code in self.formulas:
            try:
                base[name] = eval(code, base)
            except NameError:
                pass  # a rule reading it will then be undecidable, as in the engine
        out = {}
        for rule_id, for_each, condition, applies in self.rules:
            try:
                if applies is not None and not eval(applies, base):
                    out[rule_id] = ("na", ())
                    continue
                if for_each is None:
                    out[rule_id] = ("pass" if eval(condition, base) else "fail", ())
                    continue
                bad = []
                for item in facts.items.get(for_each, ()):
                    scope = {**base, **item.values}
                    if not eval(condition, scope):
                        bad.append(item.fact_id)
                out[rule_id] = ("fail" if bad else "pass", tuple(sorted(bad)))
            except NameError:
                out[rule_id] = ("none", ())  # an optional fact is absent: nothing can be decided
        return out


def engine_view(verdict: dict) -> dict[str, tuple[str, tuple[str, ...]]]:
    """The engine's side of the same comparison, read from a verdict."""
    side = {"engine_pass": "pass", "engine_fail": "fail", "assumed_basis": "fail",
            "not_applicable": "na", "missing_evidence": "none"}
    return {f["rule_id"]: (side[f["reason"]], tuple(sorted(v["item"] for v in f["violations"])))
            for f in verdict["findings"]}
