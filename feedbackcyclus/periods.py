"""Period arithmetic. A period is a payroll month written ``YYYY-MM``."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

# ASCII digits only (``\d`` also matches Arabic-Indic and other Unicode digits) and the whole
# text (``$`` would accept a trailing newline, which then ends up in a folder name).
_PERIOD = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])", re.ASCII)
# Payroll months this system can mean: not before the wage-tax chain had BSNs, not so far
# ahead that it is a typo (``9999-12`` would otherwise overflow the date arithmetic).
MIN_YEAR, MAX_YEAR = 2000, 2099


def parse_period(text: str) -> tuple[int, int]:
    """Return (year, month); raise ValueError with a readable message otherwise."""
    m = _PERIOD.fullmatch(text) if isinstance(text, str) else None
    if not m:
        raise ValueError(f"periode {text!r} is geen maand in de vorm JJJJ-MM (cijfers 0-9, maand 01-12)")
    year = int(m.group(1))
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"periode {text!r} valt buiten de jaren {MIN_YEAR}-{MAX_YEAR}")
    return year, int(m.group(2))


def first_day(period: str) -> date:
    y, m = parse_period(period)
    return date(y, m, 1)


def peildatum(period: str) -> date:
    """The reference date of a period: its last day (DESIGN.md §4)."""
    y, m = parse_period(period)
    return date(y, m, calendar.monthrange(y, m)[1])


def shift(period: str, months: int) -> str:
    y, m = parse_period(period)
    index = y * 12 + (m - 1) + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def previous(period: str) -> str:
    return shift(period, -1)


def period_range(start: str, end: str) -> list[str]:
    """All periods from start to end inclusive, in order."""
    sy, sm = parse_period(start)
    ey, em = parse_period(end)
    count = (ey * 12 + em) - (sy * 12 + sm)
    if count < 0:
        raise ValueError(f"--from {start} ligt na --to {end}")
    return [shift(start, i) for i in range(count + 1)]


def previous_month(now: datetime | None = None) -> str:
    """The payroll month a scheduled run handles: the calendar month before today in Amsterdam."""
    today = (now or datetime.now(ZoneInfo("Europe/Amsterdam"))).date()
    return shift(f"{today.year:04d}-{today.month:02d}", -1)
