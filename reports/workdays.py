"""Dutch working days, for the dates in the employer letter (DESIGN.md §5).

A deadline given to an employer must not fall on a day the addressee cannot act. The rule
is the Algemene termijnenwet's: Saturdays, Sundays and the *algemeen erkende feestdagen*
are not working days — Nieuwjaarsdag, Tweede Paasdag, Koningsdag (27 April, 26 April when
the 27th is a Sunday), Bevrijdingsdag (5 May, every year: the Act names "de vijfde mei"
without the five-yearly condition that applies to collective agreements), Hemelvaartsdag,
Tweede Pinksterdag and both Christmas days. Goede Vrijdag is not in the Act and counts as a
working day; Easter Sunday and Whit Sunday are Sundays anyway. Dates are computed (Easter
by the Gregorian computus), not read from a table, so the letter works for every year.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm, 'Meeus/Jones/Butcher')."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    day = (h + ell - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def kingsday(year: int) -> date:
    """Koningsdag: 27 April, moved to the 26th when the 27th is a Sunday."""
    day = date(year, 4, 27)
    return day - timedelta(days=1) if day.weekday() == 6 else day


@cache
def national_holidays(year: int) -> dict[date, str]:
    """The algemeen erkende feestdagen of ``year`` (Algemene termijnenwet, art. 3)."""
    easter = easter_sunday(year)
    return {
        date(year, 1, 1): "Nieuwjaarsdag",
        easter: "Eerste Paasdag",
        easter + timedelta(days=1): "Tweede Paasdag",
        kingsday(year): "Koningsdag",
        date(year, 5, 5): "Bevrijdingsdag",
        easter + timedelta(days=39): "Hemelvaartsdag",
        easter + timedelta(days=49): "Eerste Pinksterdag",
        easter + timedelta(days=50): "Tweede Pinksterdag",
        date(year, 12, 25): "Eerste Kerstdag",
        date(year, 12, 26): "Tweede Kerstdag",
    }


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in national_holidays(day.year)


def next_working_day(day: date) -> date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(day: date, count: int) -> date:
    """The ``count``-th working day after ``day`` (``count`` = 0: ``day`` rolled forward)."""
    if count <= 0:
        return next_working_day(day)
    for _ in range(count):
        day = next_working_day(day + timedelta(days=1))
    return day


def deadline(start: date, days: int) -> date:
    """A term of ``days`` calendar days from ``start``; ending on a weekend or holiday it moves
    to the next working day (as the Algemene termijnenwet extends a statutory term)."""
    return next_working_day(start + timedelta(days=days))
