"""Types: the whole package passes `mypy --strict` (pyproject's [tool.mypy]), and it says it is typed."""
from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_listed_modules_pass_mypy_strict():
    config = PYPROJECT["tool"]["mypy"]
    # the whole package: a module added later is checked without being listed
    assert config["strict"] is True and {"cli.py", "engine/"} <= set(config["files"])
    # A child process: mypy keeps global state, and its cache stays in the project as with a plain `mypy`.
    done = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"mypy (configured in pyproject.toml) found problems:\n{done.stdout}{done.stderr}"


def test_the_package_data_pyproject_declares_exists():
    # engine/py.typed tells type checkers of an installed engine to use its annotations
    for package, names in PYPROJECT["tool"]["setuptools"]["package-data"].items():
        for name in names:
            files = [f for f in (ROOT / package).glob(name) if f.is_file()]  # a name or a glob (the catalogues)
            assert files, f"pyproject.toml declares {package}/{name}, which is missing"
