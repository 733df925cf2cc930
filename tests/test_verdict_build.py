"""The findings builder through its public functions: the engine status checks, family summaries,
funding and the displays of engine values."""
from __future__ import annotations

import json
from fractions import Fraction
from types import SimpleNamespace

import pytest

from engine import funding, units
from engine.assess import Assessor
from engine.errors import EngineError
from engine.facts import derive_facts
from engine.plan import load_plan_text
from engine.rulebook.model import Family
from engine.rules import ruleset_for
from engine.rules.driver import Firing
from engine.verdict import build_findings, family_summaries
from tests.synthetic import generate_plans


@pytest.fixture(scope="module")
def assessor() -> Assessor:
    return Assessor()


@pytest.fixture(scope="module")
def cases(assessor):
    """(book, compiled, facts, firings, plan) for synthetic plans under every rulebook version."""
    out = []
    plans = list(generate_plans(12, seed=11, defect_rate=0.4))
    for book in assessor.library.books:
        compiled = assessor.compiled(book)
        ruleset = ruleset_for(compiled)
        for i, data in enumerate(plans):
            loaded = load_plan_text(json.dumps(data, ensure_ascii=False, default=str).encode(), f"p{i}.json")
            facts = derive_facts(loaded.plan)
            firings = ruleset.evaluate(facts.engine_facts(compiled.item_types))
            out.append((book, compiled, facts, firings, loaded.plan))
    return out


def test_equal_values_of_different_types_keep_their_own_text():
    # 1.5 and Fraction(3, 2) are equal (and hash alike), but a count shows a Fraction's whole part
    for _ in range(2):  # the second time from the cache
        assert units.display("count", Fraction(3, 2), "nl") == "1"
        assert units.display("count", 1.5, "nl") == "1,5"
        assert units.display("count", 1.5, "en") == "1.5"
    assert units.display_pair("bool", 1) == units.display_pair("bool", True) == ("ja", "yes")


def _firing(name: str) -> Firing:
    return Firing(name, "{}", {}, [])


def _findings_with(assessor, fired_kinds: list[str]) -> list[dict]:
    """build_findings for the first plan-level rule of a rulebook, with these sides fired for it."""
    book = assessor.library.books[0]
    compiled = assessor.compiled(book)
    rule = next(r for r in book.rules if not r.spec.for_each)
    names = {kind: name for name, (rule_id, kind) in compiled.roles.items() if rule_id == rule.id}
    facts = derive_facts(load_plan_text(json.dumps(next(iter(generate_plans(1, seed=3))), default=str),
                                        "p.json").plan)
    firings = [_firing(names[kind]) for kind in fired_kinds]
    return [f for f in build_findings(book, compiled, facts, firings) if f.rule_id == rule.id]


@pytest.mark.parametrize(("fired", "outcome"), [
    (["pass"], ("pass", "engine_pass")),
    (["fail"], ("fail", "engine_fail")),
    ([], ("needs_review", "missing_evidence")),
    (["pass", "fail"], "both the pass and the fail side fired"),
    (["pass", "pass"], "a plan-level side fired more than once"),
])
def test_engine_status_from_the_firings(assessor, fired, outcome):
    if isinstance(outcome, str):
        with pytest.raises(EngineError, match=outcome):
            _findings_with(assessor, fired)
    else:
        (finding,) = _findings_with(assessor, fired)
        assert (finding.status, finding.reason) == outcome


def test_family_summaries_count_and_colour_by_the_worst_deciding_finding():
    first, second, *_ = [f.value for f in Family]
    def f(family, status, severity):
        return SimpleNamespace(family=family, status=status, severity=severity)

    findings = [f(first, "pass", "knockout"),
                f(first, "fail", "advisory"),  # shown, does not colour
                f(first, "needs_review", "assessment"),
                f(first, "not_applicable", "knockout"),
                f("elders", "fail", "knockout")]  # no such family: left out
    by_family = {s.family: s for s in family_summaries(findings)}
    assert list(by_family) == [f.value for f in Family]
    assert by_family[first].status == "needs_review"
    assert by_family[first].counts == {"fail": 1, "needs_review": 1, "pass": 1, "not_applicable": 1}
    assert by_family[second].status == "not_applicable"
    assert family_summaries([f(second, "fail", "advisory")])[1].status == "pass"


def test_funding_lines_show_the_plans_own_numbers(cases):
    """Each line of a per-student maximum shows the plan's values and the rulebook's rates as the
    reader writes them, and adds up to the maximum (each term rounded up to whole cents)."""
    checked = 0
    for book, compiled, facts, _, plan in cases:
        summary = funding.funding_summary(book, facts, plan, compiled.funding)
        m = summary.maximum
        if m is None or m.kind != "per_student":
            continue
        terms = funding._terms(book.formulas[funding.MAXIMUM_FORMULA].value)
        assert len(m.lines) == len(terms)
        for line, term in zip(m.lines, terms):
            for ref in params_and_facts(term):
                if ref.__class__.__name__ == "FactRef":
                    shown = units.display(ref.unit, facts.plan[ref.name].value, "nl")
                else:
                    shown = units.display(book.parameters[ref.name].unit, ref.value, "nl")
                assert shown in line.computation.nl, (book.ref, line.computation.nl, shown)
            assert "?" not in line.computation.nl + line.computation.en
        assert abs(sum(line.cents for line in m.lines) - m.total_cents) <= len(m.lines), book.ref
        checked += 1
    assert checked


def params_and_facts(v):
    from engine.rulebook.expressions import Arith, FactRef, ParamRef

    if isinstance(v, (FactRef, ParamRef)):
        return [v]
    if isinstance(v, Arith):
        return params_and_facts(v.left) + params_and_facts(v.right)
    return []
