"""The message catalogues: every id the code uses has a Dutch and an English text, no catalogue
holds an id that no code uses, and argparse's every msgid (of the Python running the tests) has
Dutch. Extraction is Babel's, over engine/, with the keywords engine/i18n.py names."""
from __future__ import annotations

import argparse
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
