# Gherkin tags such as @regel:FIN-04 become pytest markers (see engine/policy/pytest_plugin.py).
from engine.policy.pytest_plugin import pytest_bdd_apply_tag, pytest_configure  # noqa: F401
