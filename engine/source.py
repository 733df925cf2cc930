"""The engine's own source, hashed: what names the code that made a verdict (its receipt) and
what keeps the cache files (engine/cache.py) from outliving a code change."""
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
