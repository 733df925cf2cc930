"""pytest hooks for the Dutch scenarios: Gherkin tags like `@regel:FIN-04` become the marker
`regel("FIN-04")` (pytest marker names cannot hold a colon), so `pytest -m regel` selects the
scenarios that name rules and no unknown-marker warnings are printed. Loaded by tests/conftest.py."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pytest_bdd.parser import Feature, Scenario, Step

    from .context import ScenarioContext

VALUE_TAGS = ("regel", "familie")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "regel(id): the scenario checks this rule (Gherkin tag @regel:ID)")
    config.addinivalue_line("markers", "familie(name): the scenario belongs to this criterion family "
                                       "(Gherkin tag @familie:NAME)")


def pytest_bdd_apply_tag(tag: str, function: Callable[..., object]) -> bool | None:
    name, sep, value = tag.partition(":")
    if sep and name in VALUE_TAGS:
        getattr(pytest.mark, name)(value)(function)
        return True
    return None


# the ScenarioContext of a running scenario, set by tests/test_features.py
CONTEXT_KEY: pytest.StashKey[ScenarioContext] = pytest.StashKey()


def pytest_bdd_after_scenario(request: pytest.FixtureRequest, feature: Feature, scenario: Scenario) -> None:
    """A scenario names the rules it checks in tags, and checks the rules it names."""
    from .coverage import tag_problems

    ctx = request.node.stash.get(CONTEXT_KEY, None)
    if ctx is None or ctx.steps_done != len(scenario.steps):
        return  # not one of ours, or a step failed (that failure is what pytest reports)
    tags = {t.lstrip("@") for t in set(scenario.tags) | set(feature.tags)}
    tagged = frozenset(t.partition(":")[2] for t in tags if t.startswith("regel:"))
    problems = tag_problems(tagged, ctx.observations)
    if problems:
        pytest.fail(f"scenario '{scenario.name}': " + "; ".join(problems), pytrace=False)


def pytest_bdd_step_func_lookup_error(request: pytest.FixtureRequest, feature: Feature, scenario: Scenario, step: Step,
                                      exception: Exception) -> None:
    """No step definition matched: name the step and point to the vocabulary's documentation
    (instead of pytest-bdd's StepDefinitionNotFoundError)."""
    from .vocabulary import KEYWORDS, find_step, unknown_step_message

    where = f"{feature.rel_filename}:{step.line_number}, scenario '{scenario.name}'"
    if find_step(step.name) is not None:
        pytest.fail(f"De stap '{KEYWORDS.get(step.type, '')} {step.name}' ({where}) staat in de woordenlijst, maar deze "
                    f"testmodule koppelt de stappen niet: draai de scenario's via tests/test_features.py.",
                    pytrace=False)
    pytest.fail(f"{unknown_step_message(step.type, step.name)}\n({where})", pytrace=False)


STEP_KEY: pytest.StashKey[str] = pytest.StashKey()  # where the running step is written: "features/x.feature:12"


def pytest_bdd_before_step(request: pytest.FixtureRequest, feature: Feature, scenario: Scenario, step: Step,
                           step_func: Callable[..., object]) -> None:
    # kept so a failing step's message can say where the step is written
    request.node.stash[STEP_KEY] = f"{feature.rel_filename}:{step.line_number}"
