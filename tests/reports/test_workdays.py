"""Dutch working days for the letter's dates (reports/workdays.py)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from reports.workdays import (
    add_working_days,
    deadline,
    easter_sunday,
    is_working_day,
    kingsday,
    national_holidays,
    next_working_day,
)


def test_easter_matches_known_years():
    assert easter_sunday(2024) == date(2024, 3, 31)
    assert easter_sunday(2025) == date(2025, 4, 20)
    assert easter_sunday(2026) == date(2026, 4, 5)
    assert easter_sunday(2027) == date(2027, 3, 28)
    assert easter_sunday(2038) == date(2038, 4, 25)  # the latest possible date


def test_kingsday_moves_to_saturday_when_27_april_is_a_sunday():
    assert date(2025, 4, 27).weekday() == 6 and kingsday(2025) == date(2025, 4, 26)
    assert kingsday(2026) == date(2026, 4, 27)


def test_holidays_of_2026():
    holidays = national_holidays(2026)
    assert {d for d, name in holidays.items() if d.weekday() < 5} == {
        date(2026, 1, 1), date(2026, 4, 6), date(2026, 4, 27), date(2026, 5, 5), date(2026, 5, 14),
        date(2026, 5, 25), date(2026, 12, 25)}
    assert date(2026, 4, 3) not in holidays  # Goede Vrijdag is not an algemeen erkende feestdag


def test_weekend_and_holiday_roll_forward():
    assert next_working_day(date(2026, 11, 28)) == date(2026, 11, 30)       # Saturday → Monday
    assert next_working_day(date(2026, 12, 25)) == date(2026, 12, 28)       # Christmas, 26th Saturday
    assert next_working_day(date(2026, 4, 6)) == date(2026, 4, 7)           # Tweede Paasdag
    assert add_working_days(date(2026, 10, 31), 10) == date(2026, 11, 13)
    assert deadline(date(2026, 11, 13), 28) == date(2026, 12, 11)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)), st.integers(0, 60))
def test_deadline_is_a_working_day_at_least_the_term(start, days):
    result = deadline(start, days)
    assert is_working_day(result)
    assert result.weekday() < 5 and result not in national_holidays(result.year)
    assert result >= start + timedelta(days=days)
    assert result - (start + timedelta(days=days)) <= timedelta(days=5)  # never more than a long weekend away


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)), st.integers(1, 30))
def test_add_working_days_counts_only_working_days(start, count):
    result = add_working_days(start, count)
    assert is_working_day(result)
    between = [start + timedelta(days=i) for i in range(1, (result - start).days + 1)]
    assert sum(1 for d in between if is_working_day(d)) == count
