"""The resolved, checked rulebook library, kept on disk between runs of `sto` (engine/cache.py).

Reading, resolving and checking every rulebook version takes ~0.2 s, longer than assessing a plan;
a command that assesses one plan would spend most of its time on it. The finished `Library` is
pickled into the user's cache folder under a key over everything it was made from:

- every rulebook file (`<dir>/*/*.yaml`) and `bronnen.yaml`, by path and content;
- the code: the engine's version and the hash of all its source (`engine.source.code_sha256`),
  the Python, pydantic and PyYAML versions; so a cache never outlives a change of the code;
- the rulebook folder as given (the library's file names in errors and `sto rulebooks show`).

A changed rulebook or code gives a new key, so the library is rebuilt (and checked) once. A file
that does not unpickle into a library is rebuilt too. STO_RULEBOOK_CACHE=off turns the cache off.
"""
from __future__ import annotations

import hashlib
import pickle
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .. import cache
from ..jsontypes import StrPath

if TYPE_CHECKING:
    from .loader import Library

KIND, SUFFIX = "library", ".pickle"
FORMAT = "sto-toets rulebook library 1"


def library_key(root: Path) -> str:
    """The hash of everything the library of `root` is made from (see the module's docstring)."""
    import pydantic
    import yaml

    from .. import __version__
    from ..source import code_sha256

    digest = hashlib.sha256()
    digest.update(f"{FORMAT}\0{__version__}\0{code_sha256()}\0{sys.version}\0{pydantic.VERSION}\0"
                  f"{yaml.__version__}\0{root}\0".encode())
    for path in sorted(root.glob("*/*.yaml")) + [root / "bronnen.yaml"]:
        try:
            data = path.read_bytes()
        except OSError:
            data = b"\0absent or unreadable\0"  # the loader will say what is wrong with it
        digest.update(f"{path.relative_to(root).as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def read(key: str) -> Library | None:
    """The library kept under `key`, or None (absent, damaged, stale, or not a library)."""
    from .loader import Library

    payload = cache.read(KIND, key, SUFFIX)
    if payload is None:
        return None
    try:
        library = pickle.loads(payload)
    except Exception:  # a damaged file that still matched its hash, or classes that moved: rebuild
        return None
    return library if isinstance(library, Library) else None


def write(key: str, library: Library) -> None:
    cache.write(KIND, key, SUFFIX, pickle.dumps(library, protocol=pickle.HIGHEST_PROTOCOL))


def cached_library(directory: StrPath | None = None) -> Library:
    """The library of `directory`, from the cache when nothing it was made from has changed."""
    from .loader import build_library, rulebook_dir

    root = rulebook_dir(directory)
    if cache.cache_dir() is None or not root.is_dir():
        return build_library(directory)
    key = library_key(root)
    library = read(key)
    if library is None:
        library = build_library(directory)
        write(key, library)
    return library
