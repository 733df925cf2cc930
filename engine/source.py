"""What made a verdict, as its receipt names it: the engine's own source, hashed (which also keeps
the cache files, engine/cache.py, from outliving a code change), and the installed packages' versions."""
from __future__ import annotations

import hashlib
import os
from functools import lru_cache


@lru_cache(maxsize=1)
def code_sha256() -> str:
    """SHA-256 over the engine's source (every engine/**/*.py, by relative path and content).

    The package version stays the same from commit to commit; this names the code that made a
    verdict, so a replay can say whether the code has changed since (see engine/store/replay.py).
    Computed once per process.
    """
    root = os.path.dirname(os.path.abspath(__file__))
    files = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [d for d in subfolders if d != "__pycache__"]
        relative = os.path.relpath(folder, root).replace(os.sep, "/")
        files += [(name if relative == "." else f"{relative}/{name}", os.path.join(folder, name))
                  for name in names if name.endswith(".py")]
    digest = hashlib.sha256()
    for name, path in sorted(files):
        with open(path, "rb") as f:
            data = f.read()
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


PACKAGES = ("sto-toets", "durable-rules", "pydantic", "PyYAML", "Jinja2", "Babel")


@lru_cache(maxsize=1)
def package_versions() -> dict[str, str]:
    """The installed version of each package a receipt names, as `importlib.metadata.version`
    gives it ("not installed" for one that is not)."""
    from importlib import metadata

    out = {}
    for name in PACKAGES:
        try:
            out[name] = _version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def _version(name: str) -> str:
    """`importlib.metadata.version(name)`, parsing only the metadata's header block.

    The version is a header field; `metadata.version` parses the whole metadata file as an e-mail
    message, long description included (pydantic's is 140 kB), ~7 ms for these six packages.
    The file is read as `Distribution.metadata` reads it, and the header block (up to the first
    blank line, where the e-mail parser ends the headers too) parsed the same way.
    """
    import email
    from importlib import metadata

    dist = metadata.distribution(name)
    text = dist.read_text("METADATA") or dist.read_text("PKG-INFO") or dist.read_text("") or ""
    version: str = email.message_from_string(text.split("\n\n", 1)[0])["Version"]
    return version
