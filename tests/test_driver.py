"""The durable-rules driver: what it refuses before the C core could crash on it, and the
protocol guarantees (sentinel last, sessions deleted, ids that collide)."""
from __future__ import annotations

import re

import pytest

from engine.assess import default_assessor
from engine.errors import EngineError
from engine.facts import derive_facts
from engine.plan import load_plan, load_plan_text
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
    assert Firing("R", f'{{"d": {{"v": {big}, "s": "é", "b": true}}}}', {}, []).facts == {"d": {"v": big, "s": "é", "b": True}}
    with pytest.raises(EngineError, match="unreadable firing of R"):
        _ = Firing("R", '{"d": ', {}, []).facts


def _fnv1a_32(text: str) -> int:
    """The hash durable-rules' C core looks fact ids up by (FNV-1a, 32 bits, no string compare)."""
    h = 2166136261
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 16777619) & 0xFFFFFFFF
    return h


def test_plan_ids_whose_engine_hashes_collide_are_assessed_like_any_others():
    """'partner:pf08a' and 'partner:p48b29' have the same 32-bit hash inside the C core: sent as
    fact ids, one partner silently shadowed the other. The verdict must not depend on the ids."""
    assert _fnv1a_32("partner:pf08a") == _fnv1a_32("partner:p48b29")
    text = open(EXAMPLE, encoding="utf-8").read()
    assert text.count("  - id: brink\n") == 1 and text.count("  - id: strandwal\n") == 1
    # neither has signed: the per-partner rule must name both, whatever their ids
    for next_partner in ("strandwal", "zandveld"):
        signed = f"    cooperation_agreement:\n      signed: true\n      signed_on: 2019-02-14\n  - id: {next_partner}\n"
        assert text.count(signed) == 1
        text = text.replace(signed, f"    cooperation_agreement:\n      signed: false\n  - id: {next_partner}\n")
    plain = default_assessor().assess(load_plan_text(text, "plan.yaml"))
    colliding = re.sub(r"\b(id|owner|partner): brink\n", r"\1: pf08a\n", text)
    colliding = re.sub(r"\b(id|owner|partner): strandwal\n", r"\1: p48b29\n", colliding)
    assert "brink\n" not in colliding and "strandwal\n" not in colliding
    assessed = default_assessor().assess(load_plan_text(colliding, "plan.yaml"))

    def statuses(a):
        return {f["rule_id"]: (f["status"], len(f["violations"] or ())) for f in a.verdict.to_json()["findings"]}
    assert assessed.verdict.to_json()["outcome"] == plain.verdict.to_json()["outcome"]
    assert statuses(assessed) == statuses(plain)
    assert any(n for _, n in statuses(plain).values())  # the unsigned partner is a violation


def test_engine_ids_are_distinct_inside_the_engine():
    """The driver sends its own fact ids; their hashes never collide within the bound it enforces."""
    from engine.rules.driver import MAX_FACTS, engine_id
    hashes = {_fnv1a_32(engine_id(i)) for i in range(MAX_FACTS)}
    hashes.add(_fnv1a_32("__anchor__"))
    assert len(hashes) == MAX_FACTS + 1
