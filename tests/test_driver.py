"""The durable-rules driver: what it refuses before the C core could crash on it, and the
protocol guarantees (sentinel last, sessions deleted, ids that collide)."""
from __future__ import annotations

import pytest

from engine.assess import default_assessor
from engine.errors import EngineError
from engine.facts import derive_facts
from engine.plan import load_plan
from engine.rules import ruleset_for
from engine.rules.driver import MAX_PROPERTIES, check_facts

EXAMPLE = "examples/plans/noord-veluwe-compleet.yaml"


@pytest.fixture(scope="module")
def engine_input():
    assessor = default_assessor()
    loaded = load_plan(EXAMPLE)
    book = assessor.select(loaded)[0]
    compiled = assessor.compiled(book)
    return ruleset_for(compiled), derive_facts(loaded.plan).engine_facts(compiled.item_types)


def test_plain_facts_pass_the_check(engine_input):
    _, facts = engine_input
    check_facts(facts)  # ints, strings and booleans only: no error


@pytest.mark.parametrize("value, words", [
    (1e-05, "exponent"), (float("inf"), "non-finite"), (float("nan"), "non-finite"),
    ({"a": 1}, "nested"), ([1, 2], "nested"), ((1,), "nested"),
])
def test_values_that_would_crash_the_engine_are_refused(engine_input, value, words):
    _, facts = engine_input
    bad = [dict(f) for f in facts]
    bad[-1]["extra"] = value
    with pytest.raises(EngineError, match=words):
        check_facts(bad)


def test_plain_floats_without_exponent_are_let_through():
    check_facts([{"id": "plan", "t": "plan", "x": 1.5}])


def test_too_many_properties_are_refused():
    fact = {"id": "plan", "t": "plan", **{f"p{i}": i for i in range(MAX_PROPERTIES)}}
    with pytest.raises(EngineError, match="properties"):
        check_facts([fact])


def test_evaluation_ends_with_the_sentinel_and_leaves_no_session(engine_input):
    ruleset, facts = engine_input
    first = sorted(f.rule for f in ruleset.evaluate(facts))
    # the same facts again in a new session: the same firings (a leftover session would add none,
    # but a leaked fact set would make the second run fire differently or collide on ids)
    second = sorted(f.rule for f in ruleset.evaluate(facts))
    assert first == second and first
    assert all(not r.startswith("__") for r in first)  # the sentinel is stripped, never reported


def test_two_facts_with_one_id_are_an_engine_error(engine_input):
    ruleset, facts = engine_input
    with pytest.raises(EngineError, match="share the id"):
        ruleset.evaluate(facts + [dict(facts[-1])])


def test_firing_payloads_are_read_exactly_and_bad_ones_named():
    from engine.rules.driver import Firing
    big = 123456789012345678901234567890  # beyond 64 bits: orjson would read a float
    assert Firing("R", f'{{"d": {{"v": {big}, "s": "é", "b": true}}}}', {}).facts == {"d": {"v": big, "s": "é", "b": True}}
    with pytest.raises(EngineError, match="unreadable firing of R"):
        _ = Firing("R", '{"d": ', {}).facts
