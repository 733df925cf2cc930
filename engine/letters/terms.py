"""Terms that end on a working day, counted as the Algemene termijnenwet (Atw) counts them.

Atw article 1: a term that ends on a Saturday, a Sunday or a generally recognised public holiday
is extended to the next day that is none of these. Article 3 names the holidays: New Year's Day,
Easter Monday, Whit Monday, both Christmas days, Ascension Day, the day the King's birthday is
celebrated and the fifth of May; Good Friday is equated with them. They are computed here for any
year (Easter by the Gregorian computus), not listed by hand.

Not computed: days the Crown equates with a holiday by decree (Atw article 3, third paragraph; the
bridge days published every few years). A letter names the computed date; the official who signs it
checks it against the decree in force.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from ..i18n import N_, Labels

ONE_DAY = dt.timedelta(days=1)


def easter_sunday(year: int) -> dt.date:
    """Western Easter (anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def kings_day(year: int) -> dt.date:
    """The day the King's (before 2014 the Queen's) birthday is celebrated: 27 April since 2014,
    30 April from 1949 to 2013; moved to the Saturday before when it falls on a Sunday (since 1980;
    before that to the Monday after)."""
    day = dt.date(year, 4, 27) if year >= 2014 else dt.date(year, 4, 30)
    if day.weekday() == 6:
        return day - ONE_DAY if year >= 1980 else day + ONE_DAY
    return day


# The name of each day a term skips, by message id: DAY_NAMES[key][lang].
DAY_NAMES = Labels({
    "saturday": N_("letters.day.saturday"),
    "sunday": N_("letters.day.sunday"),
    "new_year": N_("letters.day.new_year"),
    "good_friday": N_("letters.day.good_friday"),
    "easter_monday": N_("letters.day.easter_monday"),
    "kings_day": N_("letters.day.kings_day"),
    "queens_day": N_("letters.day.queens_day"),
    "liberation_day": N_("letters.day.liberation_day"),
    "ascension_day": N_("letters.day.ascension_day"),
    "whit_monday": N_("letters.day.whit_monday"),
    "christmas_day": N_("letters.day.christmas_day"),
    "boxing_day": N_("letters.day.boxing_day"),
})


@lru_cache(maxsize=64)
def public_holidays(year: int) -> dict[dt.date, str]:
    """The Atw's generally recognised holidays of a year (article 3, first and second paragraph), each
    with its key in DAY_NAMES."""
    easter = easter_sunday(year)
    days = {
        dt.date(year, 1, 1): "new_year",
        easter - 2 * ONE_DAY: "good_friday",
        easter + ONE_DAY: "easter_monday",
        kings_day(year): "kings_day" if year >= 2014 else "queens_day",
        dt.date(year, 5, 5): "liberation_day",
        easter + 39 * ONE_DAY: "ascension_day",
        easter + 50 * ONE_DAY: "whit_monday",
        dt.date(year, 12, 25): "christmas_day",
        dt.date(year, 12, 26): "boxing_day",
    }
    return dict(sorted(days.items()))


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def term_end(start: dt.date, weeks: int) -> tuple[dt.date, list[tuple[dt.date, str]]]:
    """The last day of a term of `weeks` weeks from `start`, extended to a working day (Atw art. 1).
    Also returns the days it moved past, each with its key in DAY_NAMES, so that a letter can say why."""
    end = start + dt.timedelta(weeks=weeks)
    skipped = []
    while not is_working_day(end):
        skipped.append((end, public_holidays(end.year).get(end) or ("saturday" if end.weekday() == 5 else "sunday")))
        end += ONE_DAY
    return end, skipped
