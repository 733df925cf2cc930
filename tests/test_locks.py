"""The dependency locks agree with pyproject.toml, and the README's commands and .ci/run use them."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
RUNTIME = [Requirement(r) for r in PYPROJECT["project"]["dependencies"]]
TEST = [Requirement(r) for r in PYPROJECT["project"]["optional-dependencies"]["test"]]


def pins(lock: str) -> dict[str, Version]:
    text = (ROOT / lock).read_text(encoding="utf-8")
    found = re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", text, re.M)
    return {canonicalize_name(name): Version(version) for name, version in found}


@pytest.mark.parametrize("lock, wanted", [("requirements.lock", RUNTIME), ("requirements-test.lock", RUNTIME + TEST)])
def test_every_dependency_is_pinned_within_its_bounds(lock, wanted):
    pinned = pins(lock)
    for req in wanted:
        name = canonicalize_name(req.name)
        assert name in pinned, f"{req.name} is in pyproject.toml but not in {lock}: run .ci/lock"
        assert req.specifier.contains(pinned[name], prereleases=True), \
            f"{lock} pins {req.name}=={pinned[name]} outside pyproject's {req.specifier}: run .ci/lock"


def test_every_pin_has_hashes():
    for lock in ("requirements.lock", "requirements-test.lock"):
        entries = re.split(r"\n(?=[A-Za-z0-9])", (ROOT / lock).read_text(encoding="utf-8"))
        for entry in entries:
            if "==" in entry.split("\n", 1)[0]:
                assert "--hash=sha256:" in entry, f"{lock}: {entry.splitlines()[0]} has no hash"


def test_run_lock_is_the_test_lock_without_the_test_tools():
    run, test = pins("requirements.lock"), pins("requirements-test.lock")
    assert {name: test.get(name) for name in run} == run
    assert not {canonicalize_name(r.name) for r in TEST} - {canonicalize_name(r.name) for r in RUNTIME} & set(run)


def test_readme_commands_and_ci_use_the_locks():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^pip install .*$", readme, re.M)
    assert commands[0].startswith("pip install -r requirements.lock ")
    assert commands[1] == "pip install -r requirements-test.lock && pip install --no-deps -e . && pytest"
    ci = [line for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
          if line.startswith("pip install")]
    assert ci == [commands[1]]
