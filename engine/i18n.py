"""Messages a user reads, in Dutch and English, from gettext catalogues.

One mechanism for the texts of the engine: code names a message by its id (`tr("cli.not_a_date",
value=text)`), and the catalogues `engine/locale/{nl,en}/LC_MESSAGES/sto.po` hold its Dutch and
English text, with `{name}` placeholders filled in from the values. argparse's own texts go through
the same catalogues, in its own domain (`argparse.po`, keyed by argparse's English msgids), see
engine/argparse_nl.py.

The `.po` files are read as they are, with Babel (a dependency already), when a language is first
used: no compile step in the build, nothing generated to keep in step, and the wheel ships the same
files the tests check. Reading the two small catalogues takes milliseconds, once per process.

tests/test_i18n.py extracts every id the code uses (Babel's extractor, keywords `tr`, `tr_n`, `both`, `both_n`, `N_`)
and fails when one lacks a Dutch or an English text, or when a catalogue holds an id no code uses.
See docs/design/messages.md.
"""
from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("nl", "en")
DOMAIN = "sto"  # our own messages; "argparse" holds argparse's
# Keywords of the extractor: tr(id, ...), tr_n(singular id, plural id, n, ...), N_(id) for ids in tables.
KEYWORDS = {"tr": (1,), "tr_n": (1, 2), "both": (1,), "both_n": (1, 2), "N_": (1,)}


@functools.cache
def catalogue(lang: str, domain: str = DOMAIN) -> Catalog:
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po", "rb") as f:
        return read_po(f, locale=lang, domain=domain)


def _string(msgid: str, lang: str, domain: str = DOMAIN) -> str | tuple[str, ...] | None:
    message = catalogue(lang if lang in LANGUAGES else LANGUAGES[0], domain).get(msgid)
    if message is None or not message.string:
        return None
    return message.string if isinstance(message.string, str) else tuple(message.string)


def N_(msgid: str) -> str:
    """Marks an id for the extractor where the text is looked up later (a table of ids)."""
    return msgid


def _in(lang: str, values: dict[str, object]) -> dict[str, object]:
    """A value given per language ({"nl": ..., "en": ...}, e.g. a text of another message) in `lang`."""
    return {k: v[lang] if isinstance(v, dict) and lang in v else v for k, v in values.items()}


def tr(msgid: str, lang: str = "nl", /, **values: object) -> str:
    """The text of a message in `lang` (nl or en), placeholders filled in; a value given per
    language ({"nl": ..., "en": ...}) is filled in in `lang`.

    An id without a text (which tests/test_i18n.py does not let through) shows the other language's
    text, then the id itself: a user never gets nothing.
    """
    string = _string(msgid, lang) or _string(msgid, "en" if lang == "nl" else "nl") or msgid
    if isinstance(string, tuple):  # a plural entry asked for as a singular
        string = string[0]
    return string.format(**_in(lang, values))  # always, so that a text writes a brace as {{ or }} whether it has values or not


def tr_n(singular: str, plural: str, n: int, lang: str = "nl", /, **values: object) -> str:
    """A message whose wording depends on a count `n` (available as {n}). Dutch and English both
    have two forms, the first for exactly one (`Plural-Forms: nplurals=2; plural=(n != 1)`)."""
    forms = _string(singular, lang)
    if not isinstance(forms, tuple) or not all(forms):
        forms = (singular, plural)
    return forms[0 if n == 1 else 1].format(n=n, **_in(lang, values))


def both(msgid: str, /, **values: object) -> dict[str, str]:
    """A message in both languages, as the API returns it: {"nl": ..., "en": ...}."""
    return {lang: tr(msgid, lang, **values) for lang in LANGUAGES}


def both_n(singular: str, plural: str, n: int, /, **values: object) -> dict[str, str]:
    return {lang: tr_n(singular, plural, n, lang, **values) for lang in LANGUAGES}


class Labels(Mapping[str, dict[str, str]]):
    """A table of message ids by key (each marked `N_`), read as `both(id)` when a key is looked up:
    for code that indexes a table of labels as `labels[key][lang]`. Nothing is read at import."""

    def __init__(self, ids: dict[str, str]):
        self.ids = ids

    def __getitem__(self, key: str) -> dict[str, str]:
        return both(self.ids[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)
