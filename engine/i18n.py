"""Messages a user reads, in Dutch and English, from gettext catalogues.

One mechanism for the texts of the engine: code names a message by its id (`tr("cli.not_a_date",
value=text)`), and the catalogues `engine/locale/{nl,en}/LC_MESSAGES/sto.po` hold its Dutch and
English text, with `{name}` placeholders filled in from the values. argparse's own texts go through
the same catalogues, in its own domain (`argparse.po`, keyed by argparse's English msgids), see
engine/argparse_nl.py.

The `.po` files are read as they are, with Babel (a dependency already): no compile step in the
build, nothing generated to keep in step, and the wheel ships the same files the tests check.
Importing Babel's reader and parsing a catalogue took ~35 ms of every `sto` command's start, so the
texts read from a catalogue (id -> text) are kept in the user's cache folder (engine/cache.py)
under a key over the `.po` file's content, the engine's source and the Babel version: a changed
catalogue or code is read again with Babel, once.

tests/test_i18n.py extracts every id the code uses (Babel's extractor, keywords `tr`, `tr_n`, `both`, `both_n`, `N_`)
and fails when one lacks a Dutch or an English text, or when a catalogue holds an id no code uses.
See docs/design/messages.md.
"""
from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from . import cache

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("nl", "en")
DOMAIN = "sto"  # our own messages; "argparse" holds argparse's
# Keywords of the extractor: tr(id, ...), tr_n(singular id, plural id, n, ...), N_(id) for ids in tables.
KEYWORDS = {"tr": (1,), "tr_n": (1, 2), "both": (1,), "both_n": (1, 2), "N_": (1,)}
# A message's text, or its forms (singular, plural) for a plural entry.
Text: TypeAlias = str | tuple[str, ...]
CACHE_FORMAT = "sto-toets message texts 1"


def _po_file(lang: str, domain: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


def catalogue(lang: str, domain: str = DOMAIN) -> Catalog:
    """The catalogue as Babel reads it (the tests check its entries; `texts` takes its texts)."""
    from babel.messages.pofile import read_po

    with open(_po_file(lang, domain), "rb") as f:
        return read_po(f, locale=lang, domain=domain)


def _texts_of(catalogue: Catalog) -> dict[str, Text]:
    """id -> text of every entry that has one; a plural entry is keyed by its singular id."""
    texts: dict[str, Text] = {}
    for message in catalogue:
        if not message.id or not message.string:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        texts[msgid] = message.string if isinstance(message.string, str) else tuple(message.string)
    return texts


def texts_key(lang: str, domain: str = DOMAIN) -> str:
    """The hash of everything the texts of a catalogue are made from: its `.po` file, the engine's
    source and the Babel version that reads it."""
    import babel

    from .source import code_sha256

    try:
        po = _po_file(lang, domain).read_bytes()
    except OSError:
        po = b"\0absent or unreadable\0"  # Babel's reader will say what is wrong with it
    return hashlib.sha256(f"{CACHE_FORMAT}\0{code_sha256()}\0{babel.__version__}\0{lang}\0{domain}\0".encode()
                          + po).hexdigest()


@functools.cache
def texts(lang: str, domain: str = DOMAIN) -> dict[str, Text]:
    """The texts of a catalogue, id -> text: from the cache when neither the catalogue nor the
    code changed since Babel read them, else read now (and kept)."""
    key, kind = texts_key(lang, domain), f"messages-{domain}-{lang}"
    payload = cache.read(kind, key, ".json")
    if payload is not None and (kept := _kept(payload)) is not None:
        return kept
    read = _texts_of(catalogue(lang, domain))
    cache.write(kind, key, ".json", json.dumps(read, ensure_ascii=False).encode())
    return read


def _kept(payload: bytes) -> dict[str, Text] | None:
    """The texts in a cache file, or None when it holds anything else (read the catalogue again)."""
    try:
        loaded = json.loads(payload)
    except ValueError:
        return None
    if not isinstance(loaded, dict):
        return None
    texts: dict[str, Text] = {}
    for msgid, text in loaded.items():
        if isinstance(text, str):
            texts[msgid] = text
        elif isinstance(text, list) and all(isinstance(form, str) for form in text):
            texts[msgid] = tuple(text)
        else:
            return None
    return texts


def _string(msgid: str, lang: str, domain: str = DOMAIN) -> Text | None:
    return texts(lang if lang in LANGUAGES else LANGUAGES[0], domain).get(msgid)


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
