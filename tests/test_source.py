"""What a receipt names about the code that made a verdict (engine/source.py)."""
from __future__ import annotations

from importlib import metadata

from engine import source


def test_package_versions_are_what_importlib_metadata_says(monkeypatch):
    monkeypatch.setattr(source, "PACKAGES", (*source.PACKAGES, "no-such-package-sto-toets"))
    source.package_versions.cache_clear()
    try:
        versions = source.package_versions()
    finally:
        source.package_versions.cache_clear()
    assert list(versions) == list(source.PACKAGES)
    for name in source.PACKAGES[:-1]:
        assert versions[name] == metadata.version(name)
    assert versions["no-such-package-sto-toets"] == "not installed"


def test_every_installed_distribution_reads_the_same_version():
    """Over every distribution of this environment, not only the six a receipt names: the header
    block gives the version the whole metadata gives."""
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        assert source._version(name) == metadata.version(name), name


def test_the_code_hash_covers_every_engine_module_by_path_and_content():
    import hashlib
    from pathlib import Path

    root = Path(source.__file__).parent
    files = sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.relative_to(root).parts)
    digest = hashlib.sha256()
    for path in sorted(files, key=lambda p: p.relative_to(root).as_posix()):
        data = path.read_bytes()
        digest.update(f"{path.relative_to(root).as_posix()}\0{len(data)}\0".encode() + data)
    assert source.code_sha256() == digest.hexdigest()
