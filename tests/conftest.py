# Hooks for the Dutch scenarios in features/ (engine/policy/pytest_plugin.py): Gherkin tags such as
# @regel:FIN-04 become pytest markers, and a scenario's @regel tags must match the rules it checks.
from engine.policy.pytest_plugin import (  # noqa: F401
    pytest_bdd_after_scenario,
    pytest_bdd_apply_tag,
    pytest_bdd_before_step,
    pytest_bdd_step_func_lookup_error,
    pytest_configure,
)
