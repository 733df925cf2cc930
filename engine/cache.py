"""Files kept in the user's cache folder between runs of `sto`: what a command would otherwise
derive again, at every start, from files that seldom change (the resolved rulebook library,
engine/rulebook/cache.py; the message catalogues, engine/i18n.py).

A cache file is named `<kind>-<key><suffix>`. The key is the caller's: a hash over everything the
content is made from, the engine's own source (`engine.source.code_sha256`) and the versions of
the libraries that made it included, so an entry is never used after a change of any of them;
such a change gives a new key, and the content is made (and checked) once again. A file is written
to a temporary name and renamed; on reading, its payload must match the hash in its header, else
it counts as absent. Only a folder of this user's that no one else can write to is used (a
library file is unpickled, so whoever could put a file there could run code as this user). Any
problem with the cache (an unreadable folder, a full disk, a file from elsewhere) costs only
making the content again, never an error.

STO_RULEBOOK_CACHE=off turns the cache off; STO_RULEBOOK_CACHE=DIR keeps it in DIR; by default
it lives in $XDG_CACHE_HOME/sto-toets (~/.cache/sto-toets).
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

CACHE_ENV = "STO_RULEBOOK_CACHE"
OFF = ("0", "off", "no", "false")
MAGIC = b"sto-toets cache 1\n"
KEEP = 8  # newest files of a kind kept; more rulebook folders in use than this only cost rebuilds


def cache_dir() -> Path | None:
    """Where cache files live, or None when the cache is turned off."""
    value = os.environ.get(CACHE_ENV, "").strip()
    if value.lower() in OFF:
        return None
    if value:
        return Path(value)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "sto-toets"


def _private(folder: Path) -> bool:
    """Only a folder that this user owns and no one else can write to is trusted."""
    try:
        st = folder.stat()
    except OSError:
        return False
    if not hasattr(os, "getuid"):
        return True
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


def _header(key: str) -> bytes:
    return MAGIC + key.encode() + b"\n"


def read(kind: str, key: str, suffix: str) -> bytes | None:
    """The payload kept under `key`, or None: cache off, no such file, a partial, damaged or
    foreign file, or a folder others can write to."""
    folder = cache_dir()
    if folder is None or not _private(folder):
        return None
    try:
        blob = (folder / f"{kind}-{key}{suffix}").read_bytes()
    except OSError:
        return None
    header = _header(key)
    if not blob.startswith(header):
        return None
    digest, _, payload = blob[len(header):].partition(b"\n")
    if digest != hashlib.sha256(payload).hexdigest().encode():
        return None
    return payload


def write(kind: str, key: str, suffix: str, payload: bytes) -> None:
    """Keep `payload` under `key` (whole or not at all), and only the newest KEEP files of `kind`."""
    import tempfile  # only when writing: most runs read

    folder = cache_dir()
    if folder is None:
        return
    blob = _header(key) + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _private(folder):
            return
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, folder / f"{kind}-{key}{suffix}")
        except BaseException:
            os.unlink(tmp)
            raise
        _prune(folder, kind, suffix)
    except OSError:
        pass  # no cache this time; what was made is fine


def _prune(folder: Path, kind: str, suffix: str) -> None:
    files = []
    for f in folder.glob(f"{kind}-*{suffix}"):
        try:
            files.append((f.stat().st_mtime, f))
        except OSError:
            continue
    for _, f in sorted(files, reverse=True)[KEEP:]:
        try:
            f.unlink()
        except OSError:
            pass
