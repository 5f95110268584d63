"""The calendar of the model: absolute month indices, day numbers since 1970-01-01, the horizon.

Months are ``year·12 + month − 1`` and days are int64 day numbers so that whole chunks of
persons can be shifted and compared with numpy; ``NO_DATE``/``FAR_DAY``/``NEVER`` are the
sentinels for 'none', 'after the horizon' and 'a month that never comes'.
"""

from __future__ import annotations

import re
from datetime import date

import numpy as np

HISTORY_MONTHS = 24  # model horizon before start
FUTURE_MONTHS = 36  # model horizon after start (periods ≤ 36 keep identical data)
NO_DATE = -(10**9)
FAR_DAY = 10**8
NEVER = 10**6  # a month index that never comes
EPOCH_MONTH = 1970 * 12
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()  # day numbers are days since 1970-01-01


def parse_month(text: str) -> int:
    """``YYYY-MM`` → absolute month index (year·12 + month − 1)."""
    m = re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])", text)
    if not m:
        raise ValueError(f"start {text!r} is not a month YYYY-MM")
    return int(m.group(1)) * 12 + int(m.group(2)) - 1


def month_text(month: int) -> str:
    return f"{month // 12:04d}-{month % 12 + 1:02d}"


def first_day(month: np.ndarray | int) -> np.ndarray:
    """Days since 1970-01-01 of the first day of each absolute month."""
    m = np.asarray(month, dtype=np.int64) - EPOCH_MONTH
    return m.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def last_day(month: np.ndarray | int) -> np.ndarray:
    return first_day(np.asarray(month, dtype=np.int64) + 1) - 1


def month_of(day: np.ndarray) -> np.ndarray:
    d = np.asarray(day, dtype=np.int64)
    return d.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64) + EPOCH_MONTH


def last_sunday(day: int) -> int:
    """The last Sunday on or before ``day`` (1970-01-04 = day 3 was a Sunday)."""
    return day - (day - 3) % 7
