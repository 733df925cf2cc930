"""Engine units <-> what people read. Dutch by default, English on request.

Engine values are integers (cents, basis points, day numbers, minutes); see facts/catalogue.py.
Numbers, shares, dates and plurals are Babel's, from one parsed Locale per language. A Babel
call costs ~40 µs and a verdict shows a few hundred values, most of them repeated between
plans (counts, shares, days), so display() keeps the texts of recent values.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import TypeAlias

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from .i18n import tr

LOCALES = {"nl": "nl_NL", "en": "en_GB"}
NO_DATE = -1
_LOCALE = {lang: Locale.parse(name) for lang, name in LOCALES.items()}
# What display() is given: a fact's value (int, bool, str), a parameter's (int, float) or a computed
# gap (Fraction). A unit's formatter takes it through int() as the engine's units are whole numbers.
Shown: TypeAlias = int | float | Fraction | str


def _money_symbols(locale: Locale) -> tuple[str, str, str, str]:
    """(group, decimal, currency prefix, currency suffix) as Babel formats EUR in this locale."""
    sample = format_currency(Decimal("1234567.89"), "EUR", locale=locale)
    first = next(i for i, ch in enumerate(sample) if ch.isdigit())
    last = max(i for i, ch in enumerate(sample) if ch.isdigit())
    symbols = locale.number_symbols["latn"]
    return symbols["group"], symbols["decimal"], sample[:first], sample[last + 1:]


# Amounts are written here, with the locale's symbols: whole euros without ',00', and the minus
# sign before the currency sign in both languages (Babel's Dutch pattern puts it after '€ ').
_MONEY = {lang: _money_symbols(locale) for lang, locale in _LOCALE.items()}


def _grouped(n: int, lang: str) -> str:
    return f"{n:,}".replace(",", _MONEY[lang][0])


def money(cents_value: int, lang: str = "nl", decimals: bool | None = None) -> str:
    group, dec, prefix, suffix = _MONEY[lang]
    c = int(cents_value)
    sign, c = ("-", -c) if c < 0 else ("", c)
    euros, rest = divmod(c, 100)
    show_cents = decimals if decimals is not None else rest != 0
    body = _grouped(euros, lang) + (f"{dec}{rest:02d}" if show_cents else "")
    return f"{sign}{prefix}{body}{suffix}"


def share(bp: int, lang: str = "nl") -> str:
    return format_decimal(Decimal(int(bp)) / 100, format="#,##0.00", locale=_LOCALE[lang]) + "%"


def day(ordinal: int, lang: str = "nl") -> str:
    if ordinal is None or int(ordinal) <= 0:
        return tr("units.no_date", lang)
    return format_date(dt.date.fromordinal(int(ordinal)), format="long", locale=_LOCALE[lang])


def date(d: dt.date, lang: str = "nl") -> str:
    return day(d.toordinal(), lang)


def minutes(m: int, lang: str = "nl") -> str:
    hours = Decimal(int(m)) / 60
    text = format_decimal(hours, format="#,##0.#", locale=_LOCALE[lang])
    # the language's own plural rule on the number as shown ("1 hour", "1.5 hours"; Dutch: "uur" for both)
    one = _LOCALE[lang].plural_form(Decimal(text.replace(",", "."))) == "one"
    return tr("units.hours.one", lang, hours=text) if one else tr("units.hours.other", lang, hours=text)


def boolean(v: bool, lang: str = "nl") -> str:
    return tr("units.yes", lang) if v else tr("units.no", lang)


def count(n: Shown, lang: str = "nl") -> str:
    if isinstance(n, float) and not n.is_integer():
        return format_decimal(n, locale=_LOCALE[lang])
    return _grouped(int(n), lang)


# Not money: amounts seldom repeat between plans and would only push the repeating values out.
_CACHED: dict[str, Callable[[Shown, str], str]] = {
    "share": lambda v, lang: share(int(v), lang), "day": lambda v, lang: day(int(v), lang),
    "minutes": lambda v, lang: minutes(int(v), lang), "bool": lambda v, lang: boolean(bool(v), lang),
    "count": count, "number": count, "factor": count}


def display(unit: str, value: Shown | None, lang: str = "nl") -> str:
    """Format an engine value of the given unit for a reader."""
    if value is None:
        return tr("verdict.unknown_value", lang)
    if unit == "money":
        return money(int(value), lang)
    if unit in _CACHED:
        return _formatted(unit, value, lang)
    return str(value)


# typed: 1, 1.0, True and Fraction(1) are equal keys, but not always the same text.
@lru_cache(maxsize=16_384, typed=True)
def _formatted(unit: str, value: Shown, lang: str) -> str:
    return _CACHED[unit](value, lang)


def display_pair(unit: str, value: Shown | None) -> tuple[str, str]:
    """(Dutch, English) text of an engine value."""
    return display(unit, value, "nl"), display(unit, value, "en")
