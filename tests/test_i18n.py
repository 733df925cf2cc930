"""The message catalogues: every id the code uses has a Dutch and an English text, no catalogue
holds an id that no code uses, and argparse's every msgid (of the Python running the tests) has
Dutch. Extraction is Babel's, over engine/, with the keywords engine/i18n.py names."""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_from_file

from engine import i18n
from engine.argparse_nl import DOMAIN as ARGPARSE_DOMAIN

ENGINE = Path(i18n.__file__).parent


def _used_ids() -> dict[str, str]:
    """id -> the file:line of one use."""
    used = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            ENGINE, method_map=[("**.py", "python")], keywords=i18n.KEYWORDS):
        msgid = message[0] if isinstance(message, tuple) else message  # a plural entry is keyed by its singular
        used.setdefault(msgid, f"engine/{filename}:{lineno}")
    return used


def _texts(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


def test_code_uses_catalogue_ids():
    used = _used_ids()
    assert len(used) >= 8
    assert "cli.not_a_date" in used


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_id_the_code_uses_has_a_text(lang):
    catalogue = i18n.catalogue(lang)
    missing = [f"{msgid} ({where})" for msgid, where in _used_ids().items()
               if catalogue.get(msgid) is None or not all(t.strip() for t in _texts(catalogue.get(msgid)))]
    assert not missing, f"add to engine/locale/{lang}/LC_MESSAGES/sto.po:\n" + "\n".join(missing)


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_no_catalogue_holds_an_id_no_code_uses(lang):
    used = _used_ids()
    stale = [m.id for m in i18n.catalogue(lang) if m.id and (m.id[0] if isinstance(m.id, tuple) else m.id) not in used]
    assert not stale, f"remove from engine/locale/{lang}/LC_MESSAGES/sto.po (no code uses them): {stale}"


def test_the_dutch_uses_no_placeholder_the_english_lacks():
    # (the Dutch may leave one out: "List should have at most 1 item" is "hier mag hoogstens 1 item staan")
    nl, en = i18n.catalogue("nl"), i18n.catalogue("en")
    differ = []
    for message in nl:
        if message.id and en.get(message.id) is not None:
            nl_names = set().union(*map(_placeholders, _texts(message)))
            en_names = set().union(*map(_placeholders, _texts(en.get(message.id))))
            if not nl_names <= en_names:
                differ.append(f"{message.id}: nl {sorted(nl_names)}, en {sorted(en_names)}")
    assert not differ, "\n".join(differ)


def test_every_argparse_msgid_of_this_python_has_dutch():
    dutch = i18n.catalogue("nl", ARGPARSE_DOMAIN)
    missing = []
    for _lineno, message, _comments, _context in extract_from_file("python", argparse.__file__,
                                                                     keywords=DEFAULT_KEYWORDS):
        singular = message[0] if isinstance(message, tuple) else message
        entry = dutch.get(singular)
        if entry is None or not all(t.strip() for t in _texts(entry)):
            missing.append(message)
    assert not missing, f"add Dutch to engine/locale/nl/LC_MESSAGES/argparse.po: {missing}"


def test_tr_fills_in_values_per_language_and_counts():
    assert i18n.tr("cli.not_a_date", "nl", value="x") == "'x' is geen datum; schrijf JJJJ-MM-DD"
    assert i18n.tr("cli.not_a_date", "en", value="x") == "'x' is not a date; write YYYY-MM-DD"
    assert i18n.both("argparse.error") == {"nl": "fout", "en": "error"}


def test_an_id_without_text_shows_the_id_rather_than_nothing():
    assert i18n.tr("no.such.id", "nl") == "no.such.id"


def test_the_catalogues_ship_in_the_wheel():
    import tomllib
    from fnmatch import fnmatch

    patterns = tomllib.loads((ENGINE.parent / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["engine"]
    catalogues = [p.relative_to(ENGINE).as_posix() for p in (ENGINE / "locale").rglob("*.po")]
    assert len(catalogues) >= 3
    assert all(any(fnmatch(c, pattern) for pattern in patterns) for c in catalogues), (catalogues, patterns)


# ---------------------------------------------------------------- the texts kept in the cache folder

CATALOGUES = [(lang, i18n.DOMAIN) for lang in i18n.LANGUAGES] + [("nl", ARGPARSE_DOMAIN)]


@pytest.fixture()
def fresh_texts(tmp_path, monkeypatch):
    """A cache folder of the test's own, and `texts` read again in every call."""
    from engine import cache

    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    i18n.texts.cache_clear()
    yield tmp_path / "cache"
    i18n.texts.cache_clear()


def _babel_texts(lang, domain):
    """id -> text as Babel's catalogue gives them for a lookup by id (a plural entry: its forms)."""
    catalogue = i18n.catalogue(lang, domain)
    ids = [m.id[0] if isinstance(m.id, tuple) else m.id for m in catalogue if m.id]
    return {msgid: (message.string if isinstance(message.string, str) else tuple(message.string))
            for msgid in ids if (message := catalogue.get(msgid)).string}


@pytest.mark.parametrize("lang,domain", CATALOGUES)
def test_the_kept_texts_are_what_babel_reads(fresh_texts, lang, domain):
    first = i18n.texts(lang, domain)  # read with Babel, kept
    assert list(fresh_texts.glob(f"messages-{domain}-{lang}-*.json"))
    i18n.texts.cache_clear()
    second = i18n.texts(lang, domain)  # from the cache file
    assert first == second == _babel_texts(lang, domain)
    assert any(isinstance(text, tuple) for text in second.values())  # plural forms come back as forms


def test_the_cache_file_is_what_is_read(fresh_texts):
    from engine import cache

    cache.write("messages-sto-en", i18n.texts_key("en"), ".json", b'{"cli.not_a_date": "planted {value}"}')
    assert i18n.tr("cli.not_a_date", "en", value="x") == "planted x"


def test_a_changed_catalogue_is_read_again(fresh_texts, tmp_path, monkeypatch):
    import shutil

    copy = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, copy)
    monkeypatch.setattr(i18n, "LOCALE_DIR", copy)
    assert i18n.tr("cli.not_a_date", "en", value="x") != "changed x"
    po = copy / "en" / "LC_MESSAGES" / "sto.po"
    text = po.read_text(encoding="utf-8")
    start = text.index('msgid "cli.not_a_date"')
    end = text.index("\n\n", start)
    po.write_text(text[:start] + 'msgid "cli.not_a_date"\nmsgstr "changed {value}"' + text[end:], encoding="utf-8")
    i18n.texts.cache_clear()
    assert i18n.tr("cli.not_a_date", "en", value="x") == "changed x"


def test_a_code_change_is_a_new_key(monkeypatch):
    import engine.source

    key = i18n.texts_key("nl")
    monkeypatch.setattr(engine.source, "code_sha256", lambda: "0" * 64)
    assert i18n.texts_key("nl") != key


@pytest.mark.parametrize("payload", [b'{"not json', b'["a list"]', b'{"cli.not_a_date": 5}',
                                     b'{"cli.not_a_date": ["one", 2]}'])
def test_a_cache_file_with_anything_but_texts_is_read_again(fresh_texts, payload):
    from engine import cache

    cache.write("messages-sto-nl", i18n.texts_key("nl"), ".json", payload)
    assert i18n.texts("nl") == _babel_texts("nl", i18n.DOMAIN)
    i18n.texts.cache_clear()
    assert i18n.texts("nl") == _babel_texts("nl", i18n.DOMAIN)  # and rewritten whole
    assert json.loads(cache.read("messages-sto-nl", i18n.texts_key("nl"), ".json")) is not None


def test_without_the_cache_the_texts_are_read_with_babel(monkeypatch, tmp_path):
    from engine import cache

    monkeypatch.setenv(cache.CACHE_ENV, "off")
    i18n.texts.cache_clear()
    try:
        assert i18n.texts("nl") == _babel_texts("nl", i18n.DOMAIN)
    finally:
        i18n.texts.cache_clear()
