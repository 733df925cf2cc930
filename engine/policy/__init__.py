"""Policy in Gherkin: the Dutch scenarios in features/, their fixed step vocabulary, and rule coverage.

    from engine.policy import run_coverage
    report = run_coverage()      # runs every scenario on the engine
    report.gaps                  # [(version, rule id, status)] without a scenario

Steps: `engine.policy.vocabulary` (documented in docs/gherkin-stappen.md); pytest-bdd glue:
tests/test_features.py; command: `sto coverage` (engine/policy/cli.py).
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the names loaded on first use, with their types, for type checkers
    # (X as X: they are this package's exports)
    from .context import ScenarioContext as ScenarioContext
    from .coverage import (
        CoverageReport as CoverageReport,
    )
    from .coverage import (
        required_statuses as required_statuses,
    )
    from .coverage import (
        run_coverage as run_coverage,
    )
    from .coverage import (
        run_scenario as run_scenario,
    )
    from .reader import Scenario as Scenario
    from .reader import read_feature as read_feature
    from .reader import read_features as read_features
    from .values import DOC as DOC
    from .values import CheckFailed as CheckFailed
    from .values import ScenarioError as ScenarioError
    from .vocabulary import STEPS as STEPS
    from .vocabulary import UnknownStep as UnknownStep
    from .vocabulary import find_step as find_step
    from .vocabulary import run_step as run_step

# Loaded on first use, so that `sto` (which imports engine.policy.cli to register `sto coverage`)
# does not load the engine and the Gherkin parser for every other command.
_EXPORTS = {
    "ScenarioContext": "context",
    "CoverageReport": "coverage", "run_coverage": "coverage", "required_statuses": "coverage", "run_scenario": "coverage",
    "Scenario": "reader", "read_feature": "reader", "read_features": "reader",
    "DOC": "values", "CheckFailed": "values", "ScenarioError": "values",
    "STEPS": "vocabulary", "UnknownStep": "vocabulary", "find_step": "vocabulary", "run_step": "vocabulary",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> object:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
