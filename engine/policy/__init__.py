"""Policy in Gherkin: the Dutch scenarios in features/, their fixed step vocabulary, and rule coverage.

    from engine.policy import run_coverage
    report = run_coverage()      # runs every scenario on the engine
    report.gaps                  # [(version, rule id, status)] without a scenario

Steps: `engine.policy.vocabulary` (documented in docs/gherkin-stappen.md); pytest-bdd glue:
tests/test_features.py; command: `sto coverage` (engine/policy/cli.py).
"""
from __future__ import annotations

import importlib

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


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
