"""The Dutch scenarios in features/, run by pytest-bdd.

Every step is bound once, as a catch-all per keyword, to the fixed vocabulary in
engine/policy/vocabulary.py: `sto coverage` runs the same steps the same way. A sentence outside
the vocabulary fails with a message that names it and points to docs/gherkin-stappen.md. After
the last step, engine/policy/pytest_plugin.py checks that the scenario's @regel tags name exactly
the rules whose status it checked.
"""
from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from engine.assess import Assessor
from engine.policy import CheckFailed, ScenarioContext, ScenarioError, run_step
from engine.policy.pytest_plugin import CONTEXT_KEY, STEP_KEY

scenarios("../features")

ANY_SENTENCE = parsers.re(r"(?P<text>.*)")


@pytest.fixture(scope="session")
def policy_assessor() -> Assessor:
    # one assessor for the whole run: compiled rulesets are cached per process
    return Assessor()


@pytest.fixture
def policy_scenario(policy_assessor, request) -> ScenarioContext:
    ctx = ScenarioContext(policy_assessor)
    request.node.stash[CONTEXT_KEY] = ctx
    return ctx


def _run(request, keyword_type: str, text: str, table) -> None:
    ctx = request.node.stash[CONTEXT_KEY]
    try:
        run_step(ctx, keyword_type, text, table)
        problem = None
    except (ScenarioError, CheckFailed) as exc:
        problem = str(exc)
    if problem:  # outside the except block, so pytest shows the message and not a chained traceback
        pytest.fail(f"{request.node.stash.get(STEP_KEY, 'features')}: {problem}", pytrace=False)


@given(ANY_SENTENCE)
def gegeven(policy_scenario, request, text, datatable=None):
    _run(request, "given", text, datatable)


@when(ANY_SENTENCE)
def als(policy_scenario, request, text, datatable=None):
    _run(request, "when", text, datatable)


@then(ANY_SENTENCE)
def dan(policy_scenario, request, text, datatable=None):
    _run(request, "then", text, datatable)
