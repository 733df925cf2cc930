"""Rule messages with counts: a small ICU-like plural and select syntax on top of `{placeholder}`.

    "{count, plural, one {# activiteit zonder omschrijving} other {# activiteiten zonder omschrijving}}"
    "{primary_school_count, plural, =0 {Er doet geen basisschool mee} one {Er doet # basisschool mee}
                                    other {Er doen # basisscholen mee}}"
    "{round, select, 1 {ronde 1 sluit op {round1_closes}} other {...}}"

`plural` chooses a branch by the number: an exact `=N` branch first, else the language's plural
category from Babel's CLDR rules (Dutch and English: `one` for 1, `other` for everything else),
else `other`, which every plural and select must have. `#` inside a branch is the number as
the message would show it. `select` chooses the branch whose key is the value (`true`/`false`
for yes/no facts, the number for counts, the listed value for enum facts), else `other`.
Branches may hold ordinary `{placeholders}` and further plurals. A message without these
constructs is an ordinary `str.format` template.

`expand` resolves the constructs and returns such an ordinary template; the caller formats it
with the display values of its placeholders.
"""
from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cache, lru_cache
from typing import TypeAlias

from babel import Locale
from babel.plural import PluralRule

from ..errors import WordedError
from ..i18n import both

LOCALES = {"nl": "nl_NL", "en": "en_GB"}
KINDS = ("plural", "select")
_HEAD = re.compile(r"\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*,\s*(plural|select)\s*,")
_SELECTOR = re.compile(r"\s*(=-?[0-9]+|[A-Za-z0-9_-]+)\s*\{")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class MessageError(ValueError, WordedError):
    """A message whose plural or select construct does not parse; the text says where and why.
    `texts`: the same in Dutch and English, from the catalogue (`MessageError.said`)."""


# a parsed message: literal template text and the constructs between it
Parts: TypeAlias = "tuple[str | Choice, ...]"


@dataclass(frozen=True)
class Choice:
    name: str
    kind: str  # plural | select
    branches: tuple[tuple[str, Parts], ...]  # (selector, parts)
    by_selector: dict[str, Parts] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        self.by_selector.update(self.branches)


@cache
def _plural_form(lang: str) -> PluralRule:
    return Locale.parse(LOCALES[lang]).plural_form


@lru_cache(maxsize=8192)  # Babel evaluates the CLDR rule at ~0.1 ms a call; counts repeat
def plural_category(n: float | Decimal, lang: str) -> str:
    """CLDR plural category of a number in a language ('one', 'other', ...)."""
    return _plural_form(lang)(-n if n < 0 else n)


@lru_cache(maxsize=4096)
def has_choice(text: str) -> bool:
    return _HEAD.search(text) is not None


def _closing(text: str, start: int) -> int:
    """Index of the `}` that closes the `{` at text[start]; `{{`/`}}` outside branches are format escapes."""
    depth = 0
    i = start
    while i < len(text):
        ch = text[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise MessageError.said(both("message.unclosed", at=start + 1, text=repr(text[start:start + 40])))


@lru_cache(maxsize=4096)  # rule messages are few and rendered for every plan
def parse(text: str) -> Parts:
    """The message as parts: literal template text (str) and Choice constructs."""
    parts: list[str | Choice] = []
    pos = 0
    literal_start = 0
    while True:
        m = _HEAD.search(text, pos)
        if m is None:
            break
        start = m.start()
        # `{{name, plural,` is an escaped brace followed by text, not a construct
        before = len(text[literal_start:start]) - len(text[literal_start:start].rstrip("{"))
        if before % 2 == 1:
            pos = m.end()
            continue
        name, kind = m.group(1), m.group(2)
        end = _closing(text, start)
        branches = _branches(text[m.end():end], name, kind)
        if text[literal_start:start]:
            parts.append(text[literal_start:start])
        parts.append(Choice(name, kind, branches))
        pos = literal_start = end + 1
    if text[literal_start:]:
        parts.append(text[literal_start:])
    return tuple(parts)


def _branches(body: str, name: str, kind: str) -> tuple[tuple[str, Parts], ...]:
    out = []
    pos = 0
    seen = set()
    while body[pos:].strip():
        m = _SELECTOR.match(body, pos)
        if m is None:
            raise MessageError.said(both("message.expected_branch", name=name, kind=kind,
                                         found=repr(body[pos:pos + 30].strip())))
        selector = m.group(1)
        if kind == "plural" and not selector.startswith("=") and selector not in ("zero", "one", "two", "few",
                                                                                 "many", "other"):
            raise MessageError.said(both("message.not_a_plural_branch", name=name, selector=selector))
        if selector in seen:
            raise MessageError.said(both("message.branch_twice", name=name, kind=kind, selector=selector))
        seen.add(selector)
        open_at = m.end() - 1
        close_at = _closing(body, open_at)
        out.append((selector, parse(body[open_at + 1:close_at])))
        pos = close_at + 1
    if "other" not in seen:
        raise MessageError.said(both("message.needs_other", name=name, kind=kind))
    return tuple(out)


def names(text: str) -> list[str]:
    """Every placeholder name a message uses: choice arguments, and `{names}` inside and outside them."""
    found: list[str] = []

    def walk(parts: Parts) -> None:
        for part in parts:
            if isinstance(part, Choice):
                found.append(part.name)
                for _, sub in part.branches:
                    walk(sub)
            else:
                found.extend(n for _, n, _, _ in string.Formatter().parse(part) if n is not None)

    walk(parse(text))
    return found


def choice_args(text: str) -> list[tuple[str, str]]:
    """(name, kind) of every plural and select construct in a message."""
    out: list[tuple[str, str]] = []

    def walk(parts: Parts) -> None:
        for part in parts:
            if isinstance(part, Choice):
                out.append((part.name, part.kind))
                for _, sub in part.branches:
                    walk(sub)

    walk(parse(text))
    return out


def _select_key(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _pick(choice: Choice, value: object, lang: str) -> Parts:
    branches = choice.by_selector
    if choice.kind == "select":
        return branches.get(_select_key(value), branches["other"]) if value is not None else branches["other"]
    if isinstance(value, Fraction):  # Babel's CLDR operands read a Fraction wrongly (3/2 as one)
        value = float(value)
    if not isinstance(value, (int, float, Decimal)) or isinstance(value, bool):  # unknown, yes/no or text
        return branches["other"]
    exact = branches.get(f"={value}") if float(value).is_integer() else None
    if exact is not None:
        return exact
    return branches.get(plural_category(value, lang), branches["other"])


def expand(text: str, lang: str, value_of: Callable[[str], object]) -> str:
    """The message with every plural/select resolved: an ordinary `str.format` template.

    `value_of(name)` gives the raw value (a number, a bool, an enum string) or None when unknown;
    `#` in a chosen plural branch becomes `{name}`, so it shows as the number's display text.
    """
    args = _arg_names(text)
    if not args:
        return text
    return _expand(text, lang, tuple((type(v).__name__, v) for v in map(value_of, args)))


@lru_cache(maxsize=16384)  # a message and the few values its choices read: the same text for every such plan
def _expand(text: str, lang: str, typed_values: tuple[tuple[str, object], ...]) -> str:
    lookup = {name: value for name, (_, value) in zip(_arg_names(text), typed_values)}
    return _render(parse(text), lang, lookup.get)


@lru_cache(maxsize=4096)
def _arg_names(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name for name, _ in choice_args(text)))


def _render(parts: Parts, lang: str, value_of: Callable[[str], object], number: str | None = None) -> str:
    out = []
    for part in parts:
        if isinstance(part, Choice):
            branch = _pick(part, value_of(part.name), lang)
            out.append(_render(branch, lang, value_of, part.name if part.kind == "plural" else number))
        elif number is not None:
            out.append(part.replace("#", "{" + number + "}"))
        else:
            out.append(part)
    return "".join(out)


def render(text: str, lang: str, **values: object) -> str:
    """A text with counts for a command's output: `render("{n, plural, one {# versie} other {# versies}} geldig",
    "nl", n=7)`. Values are shown with str(); rule messages go through the verdict builder instead."""
    return expand(text, lang, values.get).format(**values)
