"""Policy in Gherkin: the Dutch scenarios in features/, their fixed step vocabulary, and rule coverage.

    from engine.policy import coverage
    report = coverage()          # runs every scenario on the engine
    report.gaps                  # [(version, rule id, status)] without a scenario

Steps: `engine.policy.vocabulary` (documented in docs/gherkin-stappen.md); pytest-bdd glue:
tests/test_features.py; command: `sto coverage`.
"""
from .context import ScenarioContext
from .coverage import CoverageReport, coverage, required_statuses, run_scenario
from .reader import Scenario, read_feature, read_features
from .values import DOC, CheckFailed, ScenarioError
from .vocabulary import STEPS, UnknownStep, find_step, run_step

__all__ = ["CheckFailed", "CoverageReport", "DOC", "STEPS", "Scenario", "ScenarioContext", "ScenarioError",
           "UnknownStep", "coverage", "find_step", "read_feature", "read_features", "required_statuses",
           "run_scenario", "run_step"]
