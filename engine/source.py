"""The engine's own source, hashed: what names the code that made a verdict (its receipt) and
what keeps the rulebook cache (engine/rulebook/cache.py) from outliving a code change."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def code_sha256() -> str:
    """SHA-256 over the engine's source (every engine/**/*.py, by relative path and content).

    The package version stays the same from commit to commit; this names the code that made a
    verdict, so a replay can say whether the code has changed since (see engine/store/replay.py).
    Computed once per process.
    """
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py"), key=lambda p: p.relative_to(root).as_posix()):
        if "__pycache__" in path.parts:
            continue
        data = path.read_bytes()
        digest.update(f"{path.relative_to(root).as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()
