"""The on-disk cache of the resolved rulebook library (engine/rulebook/cache.py over engine/cache.py):
the same library as a fresh build, rebuilt when a rulebook or the code changes, and never trusted
when damaged."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from engine import cache as files
from engine.assess import Assessor
from engine.errors import RulebookError
from engine.rulebook import cache, load_library
from engine.rulebook.loader import DEFAULT_DIR, build_library
from tests.plans import as_loaded, good_plan


@pytest.fixture()
def cache_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(files.CACHE_ENV, str(folder))
    return folder


@pytest.fixture()
def rulebooks(tmp_path) -> Path:
    copy = tmp_path / "rulebooks"
    shutil.copytree(DEFAULT_DIR, copy)
    return copy


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("library-*.pickle"))


def _same(a, b) -> None:
    assert [x.ref for x in a.books] == [x.ref for x in b.books]
    assert [x.sha256 for x in a.books] == [x.sha256 for x in b.books]
    assert [x.resolved for x in a.books] == [x.resolved for x in b.books]
    assert [x.files for x in a.books] == [x.files for x in b.books]
    assert [x.rules for x in a.books] == [x.rules for x in b.books]
    assert list(a.regulations) == list(b.regulations) and a.root == b.root
    assert a.sources == b.sources


def _verdict(library) -> dict:
    v = Assessor(library).assess(as_loaded(good_plan())).verdict.to_json()
    v["receipt"].pop("timestamp")
    return v


def test_the_cached_library_is_the_library_a_fresh_build_gives(cache_dir):
    built = build_library()
    first = load_library()  # built and written
    assert len(_files(cache_dir)) == 1
    second = load_library()  # read back
    _same(built, first)
    _same(built, second)
    assert _verdict(second) == _verdict(built)


def test_a_cache_file_is_what_is_read(cache_dir, rulebooks):
    """The cache is really used: a library planted under the key comes back as it is."""
    load_library(rulebooks)
    (path,) = _files(cache_dir)
    planted = build_library(rulebooks)
    planted.books[0].__dict__["title"] = "geplant"  # frozen dataclass: only to tell it apart
    cache.write(cache.library_key(rulebooks), planted)
    assert load_library(rulebooks).books[0].title == "geplant"


def test_a_changed_rulebook_is_rebuilt_and_checked(cache_dir, rulebooks):
    before = load_library(rulebooks)
    f = rulebooks / "sto-2020-2023" / "2018-09-13.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("title:", "title: Gewijzigd", 1), encoding="utf-8")
    after = load_library(rulebooks)
    assert after.books[0].title.startswith("Gewijzigd") and after.books[0].sha256 != before.books[0].sha256
    assert len(_files(cache_dir)) == 2
    f.write_text("rules: [", encoding="utf-8")  # broken: the loader's error, every time, never a cached library
    for _ in range(2):
        with pytest.raises(RulebookError):
            load_library(rulebooks)


def test_a_changed_bibliography_is_a_new_key(rulebooks):
    key = cache.library_key(rulebooks)
    bronnen = rulebooks / "bronnen.yaml"
    bronnen.write_text(bronnen.read_text(encoding="utf-8") + "\n# opmerking\n", encoding="utf-8")
    assert cache.library_key(rulebooks) != key


def test_a_code_change_is_a_new_key(rulebooks, monkeypatch):
    import engine.source

    key = cache.library_key(rulebooks)
    monkeypatch.setattr(engine.source, "code_sha256", lambda: "0" * 64)
    assert cache.library_key(rulebooks) != key


@pytest.mark.parametrize("damage", ["truncated", "flipped", "empty", "not a pickle"])
def test_a_damaged_cache_file_is_rebuilt(cache_dir, rulebooks, damage):
    built = load_library(rulebooks)
    (path,) = _files(cache_dir)
    blob = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(blob[: len(blob) // 2])
    elif damage == "flipped":
        path.write_bytes(blob[:-100] + bytes([blob[-100] ^ 0xFF]) + blob[-99:])
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        files.write(cache.KIND, cache.library_key(rulebooks), cache.SUFFIX, b"not a pickle at all")
    again = load_library(rulebooks)
    _same(built, again)
    assert cache.read(cache.library_key(rulebooks)) is not None  # rewritten whole


def test_off_writes_nothing(tmp_path, monkeypatch, rulebooks):
    monkeypatch.setenv(files.CACHE_ENV, "off")
    assert files.cache_dir() is None
    load_library(rulebooks)
    assert not list(tmp_path.rglob("library-*.pickle"))


def test_the_default_place_follows_xdg_cache_home(tmp_path, monkeypatch):
    monkeypatch.delenv(files.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert files.cache_dir() == tmp_path / "xdg" / "sto-toets"


def test_a_cache_that_cannot_be_written_costs_only_the_rebuild(tmp_path, monkeypatch, rulebooks):
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setenv(files.CACHE_ENV, str(blocked / "cache"))
    _same(load_library(rulebooks), build_library(rulebooks))


def test_old_cache_files_are_pruned(cache_dir, rulebooks):
    for n in range(files.KEEP + 3):
        (rulebooks / "bronnen.yaml").write_text((rulebooks / "bronnen.yaml").read_text(encoding="utf-8")
                                                + f"\n# {n}\n", encoding="utf-8")
        load_library(rulebooks)
    assert len(_files(cache_dir)) == files.KEEP



@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_folder_others_can_write_to_is_not_used(cache_dir, rulebooks):
    load_library(rulebooks)
    (path,) = _files(cache_dir)
    planted = build_library(rulebooks)
    planted.books[0].__dict__["title"] = "geplant"
    cache.write(cache.library_key(rulebooks), planted)
    cache_dir.chmod(0o777)
    assert load_library(rulebooks).books[0].title != "geplant"  # not read
    path.unlink()
    load_library(rulebooks)
    assert not _files(cache_dir)  # nor written
