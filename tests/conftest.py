# Hooks for the Dutch scenarios in features/ (engine/policy/pytest_plugin.py): Gherkin tags such as
# @regel:FIN-04 become pytest markers, and a scenario's @regel tags must match the rules it checks.
import os
from pathlib import Path

import pytest

from engine.policy.pytest_plugin import (  # noqa: F401
    pytest_bdd_after_scenario,
    pytest_bdd_apply_tag,
    pytest_bdd_before_step,
    pytest_bdd_step_func_lookup_error,
    pytest_configure,
)
from tests.browsers import CHROMIUM, require_chromium

# The suite keeps its cache (engine/cache.py: rulebook library, catalogue texts) to itself, not in the developer's
# ~/.cache: set before any test or subprocess (`sto` runs inherit it) loads a library.
if "STO_RULEBOOK_CACHE" not in os.environ:
    import tempfile

    os.environ["STO_RULEBOOK_CACHE"] = tempfile.mkdtemp(prefix="sto-test-rulebook-cache-")

# ---------------------------------------------------------------- a running API over a token file
# Shared by the tests of token reloading and of web sessions: one store and one worker per module,
# an app per test whose tokens come from `token_file` through the settings, as `sto serve` does.


@pytest.fixture(scope="module")
def app_store(tmp_path_factory):
    from engine.store import open_store

    s = open_store(f"sqlite:///{tmp_path_factory.mktemp('app')}/audit.sqlite")
    yield s
    s.close()


@pytest.fixture(scope="module")
def app_pool():
    from engine.service.workers import WorkerPool

    p = WorkerPool(1)
    p.start()
    yield p
    p.close()


@pytest.fixture()
def token_file(tmp_path):
    return tmp_path / "tokens.yaml"


@pytest.fixture()
def serve(app_store, app_pool, token_file):
    """start(base_url=..., **settings) -> a TestClient of a running app; closed after the test."""
    from fastapi.testclient import TestClient

    from engine.service.app import create_app
    from engine.service.settings import ServiceSettings

    clients = []

    def start(base_url: str = "http://testserver", **settings) -> TestClient:
        app = create_app(ServiceSettings.from_env({}, workers=1, token_file=str(token_file), **settings),
                         pool=app_pool, store=app_store)
        client = TestClient(app, base_url=base_url, headers={"Origin": base_url})  # as a browser sends with a form
        client.__enter__()
        clients.append(client)
        return client

    yield start
    for client in clients:
        client.__exit__(None, None, None)



@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium, which the browser tests drive (browsers cannot be downloaded here)."""
    return require_chromium(CHROMIUM, os.environ)
