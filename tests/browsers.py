"""Where the browser tests find their browser, and what happens when it is not there."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")


def require_chromium(path: Path, environ: Mapping[str, str]) -> Path:
    """The browser, or a skip naming the package to install; in CI (CI set) a failure instead of a
    skip, so a green CI run has always run the browser tests."""
    if path.exists():
        return path
    reason = f"{path} ontbreekt (missing): install Debian's package 'chromium' (apt-get install chromium)"
    if environ.get("CI"):
        pytest.fail(reason + "; CI must run the browser tests", pytrace=False)
    pytest.skip(reason)
