"""The resolved, checked rulebook library, kept on disk between runs of `sto`.

Reading, resolving and checking every rulebook version takes ~0.2 s, longer than assessing a plan;
a command that assesses one plan would spend most of its time on it. The finished `Library` is
pickled into the user's cache folder under a key over everything it was made from:

- every rulebook file (`<dir>/*/*.yaml`) and `bronnen.yaml`, by path and content;
- the code: the engine's version and the hash of all its source (`engine.source.code_sha256`),
  the Python, pydantic and PyYAML versions; so a cache never outlives a change of the code;
- the rulebook folder as given (the library's file names in errors and `sto rulebooks show`).

A changed rulebook or code gives a new key, so the library is rebuilt (and checked) once. A
cache file is written to a temporary name and renamed; on reading, its payload must match the
hash in its header, else it is ignored and rebuilt. Only a folder of this user's that no one else
can write to is used (its files are unpickled). Any problem with the cache (unreadable
folder, full disk, a file from elsewhere) costs only the rebuild, never an error.

STO_RULEBOOK_CACHE=off turns the cache off; STO_RULEBOOK_CACHE=DIR keeps it in DIR; by default
it lives in $XDG_CACHE_HOME/sto-toets (~/.cache/sto-toets).
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

CACHE_ENV = "STO_RULEBOOK_CACHE"
OFF = ("0", "off", "no", "false")
MAGIC = b"sto-toets rulebook library 1\n"
KEEP = 8  # newest cache files kept; more rulebook folders in use than this only cost rebuilds


def cache_dir() -> Path | None:
    """Where cache files live, or None when the cache is turned off."""
    value = os.environ.get(CACHE_ENV, "").strip()
    if value.lower() in OFF:
        return None
    if value:
        return Path(value)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "sto-toets"


def library_key(root: Path) -> str:
    """The hash of everything the library of `root` is made from (see the module's docstring)."""
    import pydantic
    import yaml

    from .. import __version__
    from ..source import code_sha256

    digest = hashlib.sha256()
    digest.update(f"{MAGIC!r}\0{__version__}\0{code_sha256()}\0{sys.version}\0{pydantic.VERSION}\0"
                  f"{yaml.__version__}\0{root}\0".encode())
    for path in sorted(root.glob("*/*.yaml")) + [root / "bronnen.yaml"]:
        try:
            data = path.read_bytes()
        except OSError:
            data = b"\0absent or unreadable\0"  # the loader will say what is wrong with it
        digest.update(f"{path.relative_to(root).as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def _private(folder: Path) -> bool:
    """Only a folder that this user owns and no one else can write to is trusted: a cache file is
    unpickled, so whoever can put a file there could run code as this user."""
    try:
        st = folder.stat()
    except OSError:
        return False
    if not hasattr(os, "getuid"):
        return True
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


def _read(path: Path, key: str):
    """The library in a cache file, or None when the file is missing, partial, corrupt or stale."""
    from .loader import Library

    try:
        blob = path.read_bytes()
    except OSError:
        return None
    header = MAGIC + key.encode() + b"\n"
    if not blob.startswith(header):
        return None
    body = blob[len(header):]
    digest, _, payload = body.partition(b"\n")
    if digest != hashlib.sha256(payload).hexdigest().encode():
        return None
    try:
        library = pickle.loads(payload)
    except Exception:  # a damaged file that still matched its hash, or classes that moved: rebuild
        return None
    return library if isinstance(library, Library) else None


def _write(folder: Path, path: Path, key: str, library) -> None:
    payload = pickle.dumps(library, protocol=pickle.HIGHEST_PROTOCOL)
    blob = MAGIC + key.encode() + b"\n" + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _private(folder):
            return
        fd, tmp = tempfile.mkstemp(prefix=".library-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        _prune(folder)
    except OSError:
        pass  # no cache this time; the library itself is fine


def _prune(folder: Path) -> None:
    files = []
    for f in folder.glob("library-*.pickle"):
        try:
            files.append((f.stat().st_mtime, f))
        except OSError:
            continue
    for _, f in sorted(files, reverse=True)[KEEP:]:
        try:
            f.unlink()
        except OSError:
            pass


def cached_library(directory: str | os.PathLike | None = None):
    """The library of `directory`, from the cache when nothing it was made from has changed."""
    from .loader import build_library, rulebook_dir

    folder = cache_dir()
    root = rulebook_dir(directory)
    if folder is None or not root.is_dir():
        return build_library(directory)
    key = library_key(root)
    path = folder / f"library-{key}.pickle"
    library = _read(path, key) if _private(folder) else None
    if library is None:
        library = build_library(directory)
        _write(folder, path, key, library)
    return library
