"""Without Chromium the browser tests are skipped with the package to install, never in CI."""
from pathlib import Path

import pytest

from tests.browsers import require_chromium


def test_present_browser_is_used(tmp_path):
    exe = tmp_path / "chromium"
    exe.touch()
    assert require_chromium(exe, {}) == exe
    assert require_chromium(exe, {"CI": "true"}) == exe


def test_missing_browser_skips_with_the_package_to_install(tmp_path):
    with pytest.raises(pytest.skip.Exception) as skipped:
        require_chromium(tmp_path / "chromium", {})
    reason = str(skipped.value)
    assert "apt-get install chromium" in reason and "\n" not in reason


def test_missing_browser_fails_in_ci(tmp_path):
    with pytest.raises(pytest.fail.Exception) as failed:
        require_chromium(Path(tmp_path / "chromium"), {"CI": "true"})
    assert "apt-get install chromium" in str(failed.value)
