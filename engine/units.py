"""Engine units <-> what people read. Dutch by default, English on request.

Engine values are integers (cents, basis points, day numbers, minutes); see facts/catalogue.py.
Locale data (symbols, currency pattern, month names) comes from Babel. Formatting a verdict
touches a few hundred values, and a Babel call costs ~40 µs, so the locale data is read once
and reused, and date/percentage results are cached.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache, lru_cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

LOCALES = {"nl": "nl_NL", "en": "en_GB"}
NO_DATE = -1


@cache
def _symbols(lang: str) -> tuple[str, str, str, str]:
    """(group, decimal, currency prefix, currency suffix) as Babel formats EUR in this locale."""
    locale = Locale.parse(LOCALES[lang])
    sample = format_currency(Decimal("1234567.89"), "EUR", locale=locale)
    first = next(i for i, ch in enumerate(sample) if ch.isdigit())
    last = max(i for i, ch in enumerate(sample) if ch.isdigit())
    return (locale.number_symbols["latn"]["group"], locale.number_symbols["latn"]["decimal"],
            sample[:first], sample[last + 1:])


def _grouped(n: int, lang: str) -> str:
    text = f"{n:,}"
    if n < 1000 and n > -1000:  # most counts: no separator to replace
        return text
    return text.replace(",", _symbols(lang)[0])


def money(cents_value: int, lang: str = "nl", decimals: bool | None = None) -> str:
    group, dec, prefix, suffix = _symbols(lang)
    c = int(cents_value)
    sign, c = ("-", -c) if c < 0 else ("", c)
    euros, rest = divmod(c, 100)
    show_cents = decimals if decimals is not None else rest != 0
    body = _grouped(euros, lang) + (f"{dec}{rest:02d}" if show_cents else "")
    return f"{sign}{prefix}{body}{suffix}"


# Shares and dates in these ranges are formatted here from Babel's locale data, the same text as
# Babel's own formatters gives (checked for every value in the ranges), without its ~40 µs a call.
SHARE_RANGE = (-300_000, 300_000)  # basis points
DATE_YEARS = (1900, 2200)


@cache
def _share_symbols(lang: str) -> tuple[str, str, str]:
    symbols = Locale.parse(LOCALES[lang]).number_symbols["latn"]
    return symbols["group"], symbols["decimal"], symbols["minusSign"]


@cache
def _month_names(lang: str) -> dict[int, str]:
    return dict(Locale.parse(LOCALES[lang]).months["format"]["wide"].items())


@cache
def _long_date_is_d_month_y(lang: str) -> bool:
    return Locale.parse(LOCALES[lang]).date_formats["long"].pattern == "d MMMM y"


@lru_cache(maxsize=20_000)
def share(bp: int, lang: str = "nl") -> str:
    if type(bp) is int and SHARE_RANGE[0] <= bp <= SHARE_RANGE[1]:
        group, dec, minus = _share_symbols(lang)
        whole, rest = divmod(-bp if bp < 0 else bp, 100)
        return f"{minus if bp < 0 else ''}{whole:,}".replace(",", group) + f"{dec}{rest:02d}%"
    return format_decimal(Decimal(int(bp)) / 100, format="#,##0.00", locale=LOCALES[lang]) + "%"


@lru_cache(maxsize=20_000)
def day(ordinal: int, lang: str = "nl") -> str:
    if ordinal is None or int(ordinal) <= 0:
        return "geen datum" if lang == "nl" else "no date"
    d = dt.date.fromordinal(int(ordinal))
    if DATE_YEARS[0] <= d.year <= DATE_YEARS[1] and _long_date_is_d_month_y(lang):
        return f"{d.day} {_month_names(lang)[d.month]} {d.year}"
    return format_date(d, format="long", locale=LOCALES[lang])


def date(d: dt.date, lang: str = "nl") -> str:
    return day(d.toordinal(), lang)


@lru_cache(maxsize=5_000)
def minutes(m: int, lang: str = "nl") -> str:
    hours = Decimal(int(m)) / 60
    text = format_decimal(hours, format="#,##0.#", locale=LOCALES[lang])
    if lang == "nl":
        return f"{text} uur"  # "1 uur", "8 uur": Dutch does not inflect uur after a number
    return f"{text} hour" if _plural_form(lang)(Decimal(text.replace(",", ""))) == "one" else f"{text} hours"


@cache
def _plural_form(lang: str):
    return Locale.parse(LOCALES[lang]).plural_form


def boolean(v: bool, lang: str = "nl") -> str:
    return ("ja" if v else "nee") if lang == "nl" else ("yes" if v else "no")


def count(n, lang: str = "nl") -> str:
    if isinstance(n, float) and not n.is_integer():
        return _fraction(n, lang)
    return _grouped(int(n), lang)


@lru_cache(maxsize=5_000)
def _fraction(n: float, lang: str) -> str:
    # non-whole counts are mostly the rulebooks' factors (0.5 per student, ...): a handful of values
    return format_decimal(n, locale=LOCALES[lang])


def display(unit: str, value, lang: str = "nl") -> str:
    """Format an engine value of the given unit for a reader."""
    if value is None:
        return "onbekend" if lang == "nl" else "unknown"
    if unit == "money":
        return money(value, lang)
    if unit == "share":
        return share(value, lang)
    if unit == "day":
        return day(value, lang)
    if unit == "minutes":
        return minutes(value, lang)
    if unit == "bool":
        return boolean(bool(value), lang)
    if unit in ("count", "number", "factor"):
        return count(value, lang)
    return str(value)


# Units whose text depends on int(value) only (bool on its truth), so True and 1, equal as keys, read alike.
# Not money: amounts seldom repeat between plans and would only push the repeating values out.
_PAIR_UNITS = frozenset(("share", "day", "minutes", "bool", "count", "number", "factor"))
_PAIR_LIMIT = 16_384  # entries (~3 MB at most); the cache starts over when full
_PAIRS: dict[tuple[str, int], tuple[str, str]] = {}
_UNKNOWN = ("onbekend", "unknown")


def display_pair(unit: str, value) -> tuple[str, str]:
    """(Dutch, English) text of an engine value: display() in both languages, cached for integers."""
    if value is None:
        return _UNKNOWN
    kind = type(value)
    if (kind is int or kind is bool) and unit in _PAIR_UNITS:
        key = (unit, value)
        pair = _PAIRS.get(key)
        if pair is None:
            pair = (display(unit, value, "nl"), display(unit, value, "en"))
            if len(_PAIRS) >= _PAIR_LIMIT:
                _PAIRS.clear()
            _PAIRS[key] = pair
        return pair
    return display(unit, value, "nl"), display(unit, value, "en")
