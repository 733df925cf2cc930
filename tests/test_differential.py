"""Differential test: durable-rules (production) against the independent Python oracle.

Over a few hundred generated plans, with defects injected at the rulebook's boundaries, the
two must agree on every rule's side and on every violating item. The study behind this
project found the engine wrong out of the box on every plan (docs/design/durable-rules.md §7), so this test is the
one that guards the workarounds in engine/rules/.
"""
from __future__ import annotations

import collections
import hashlib

import pytest

from engine.assess import Assessor
from engine.plan import LoadedPlan
from engine.plan.model import Plan
from tests.oracle import Oracle, engine_view
from tests.synthetic import generate_plans

N_PLANS = 300


def _loaded(data: dict, n: int) -> LoadedPlan:
    plan = Plan.model_validate(data)
    raw = repr(data).encode()
    return LoadedPlan(plan=plan, source=f"synthetic-{n}", raw=raw, sha256=hashlib.sha256(raw).hexdigest(),
                      data=data, positions={})


@pytest.fixture(scope="module")
def assessor() -> Assessor:
    return Assessor()


def test_engine_agrees_with_oracle_rule_by_rule(assessor):
    sides: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    disagreements = []
    oracles = {book.ref: Oracle(book) for book in assessor.library.books}
    for n, data in enumerate(generate_plans(N_PLANS, seed=2024)):
        loaded = _loaded(data, n)
        in_force = assessor.library.in_force(loaded.plan.submission.date).ref
        for book in assessor.library.books:  # every version, not only the one in force
            result = assessor.assess(loaded, rulebook=book.ref)
            expected = oracles[book.ref].evaluate(result.facts)
            got = engine_view(result.verdict.to_json())
            for rule_id, exp in expected.items():
                if book.ref == in_force:
                    sides[rule_id][exp[0]] += 1
                if got[rule_id] != exp:
                    disagreements.append(f"plan {n} under {book.ref}, {rule_id}: engine {got[rule_id]}, oracle {exp}")
    assert not disagreements, "\n".join(disagreements[:20])
    # the sample must exercise both sides of every rule, or agreement proves little
    one_sided = [r for r, c in sides.items() if not (c["pass"] and (c["fail"] or c["none"]))]
    assert not one_sided, f"rules never both passing and failing in the sample: {one_sided}: {dict(sides)}"
