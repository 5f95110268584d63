"""Property tests for identifiers and parsers, and the row rules on literal values."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas import row_rules as rr

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def reference_11_proef(s: str) -> bool:
    """A deliberately plain reimplementation of the contract's wording."""
    if len(s) != 9 or not s.isdigit() or s == "000000000":
        return False
    return sum(w * int(d) for w, d in zip(WEIGHTS, s, strict=True)) % 11 == 0


def check(rule, values: list[str | None]) -> list[bool]:
    return pl.DataFrame({"v": values}, schema={"v": pl.Utf8}).select(rule(pl.col("v")).fill_null(False).alias("v"))["v"].to_list()


@given(st.lists(st.text(alphabet="0123456789", min_size=9, max_size=9), min_size=1, max_size=50))
@settings(max_examples=200, deadline=None)
def test_bsn_rule_agrees_with_reference(values):
    assert check(rr.is_valid_bsn, values) == [reference_11_proef(v) for v in values]


@given(st.text(alphabet="0123456789", min_size=8, max_size=8), st.integers(0, 8), st.integers(1, 9))
@settings(max_examples=200, deadline=None)
def test_11_proef_catches_every_single_digit_error(prefix, position, delta):
    # complete a valid BSN by choosing the check digit, when one exists
    total = sum(w * int(d) for w, d in zip(WEIGHTS, prefix, strict=False))
    check_digit = total % 11
    if check_digit == 10 or prefix + str(check_digit) == "000000000":
        return
    bsn = prefix + str(check_digit)
    assert check(rr.is_valid_bsn, [bsn]) == [True]
    digits = list(bsn)
    digits[position] = str((int(digits[position]) + delta) % 10)
    assert check(rr.is_valid_bsn, ["".join(digits)]) == [False]


@given(st.text(max_size=12))
@settings(max_examples=200, deadline=None)
def test_bsn_rule_never_accepts_non_digits(text):
    if not (len(text) == 9 and text.isascii() and text.isdigit()):
        assert check(rr.is_valid_bsn, [text]) == [False]


def test_bsn_literals():
    assert check(rr.is_valid_bsn, ["111222333", "000000000", "12345678A", "11122233", "1112223330", None, "010000008"]) \
        == [True, False, False, False, False, False, True]


def test_loonheffingennummer():
    assert check(rr.is_valid_lhnr, ["123456789L01", "123456789l01", "12345678L01", "123456789L1", None]) \
        == [True, False, False, False, False]


def normalised_postcode(values):
    return pl.DataFrame({"v": values}).select(rr.normalise_postcode(pl.col("v")))["v"].to_list()


def test_postcode_space_is_removed_and_rule_applies():
    assert normalised_postcode(["1234 AB", "1234ab", "1234AB"]) == ["1234AB", "1234AB", "1234AB"]
    assert check(rr.is_valid_postcode, ["1234AB", "0123AB", "1234A", "12345B"]) == [True, False, False, False]


@given(st.dates(min_value=date(1880, 1, 1), max_value=date(2100, 12, 31)))
@settings(max_examples=200, deadline=None)
def test_compact_dates_are_normalised_and_valid(d):
    compact = d.strftime("%Y%m%d")
    out = pl.DataFrame({"v": [compact]}).select(rr.normalise_date(pl.col("v")).alias("v"))["v"].to_list()
    assert out == [d.isoformat()]
    assert check(lambda e: rr.is_valid_date(e, 1880, 2100), out) == [True]


@pytest.mark.parametrize(("value", "complete_ok", "lo3_ok", "earliest"), [
    ("2026-02-28", True, True, date(2026, 2, 28)),
    ("2026-02-30", False, False, None),
    ("2026-13-01", False, False, None),
    ("1985-00-00", False, True, date(1985, 1, 1)),
    ("1985-07-00", False, True, date(1985, 7, 1)),
    ("1985-00-12", False, False, None),   # a day without a month is not an LO3 date
    ("0000-00-00", False, True, None),    # wholly unknown: valid, counts as absent
    ("1026-10-01", False, False, None),   # wrong century
    ("2026-1-01", False, False, None),
])
def test_dates(value, complete_ok, lo3_ok, earliest):
    assert check(lambda e: rr.is_valid_date(e, 1880, 2100), [value]) == [complete_ok]
    assert check(lambda e: rr.is_valid_lo3_date(e, 1880, 2100), [value]) == [lo3_ok]
    if lo3_ok:
        got = pl.DataFrame({"v": [value]}).select(rr.earliest_day(pl.col("v")).alias("v"))["v"].to_list()
        assert got == [earliest]


def test_decimals_and_booleans():
    assert check(rr.is_valid_decimal, ["0", "12.50", "-1", "1,5", "1e3", ""]) == [True, True, False, False, False,
                                                                                     False]
    parsed = pl.DataFrame({"v": ["true", "JA", "nee", "0", "misschien"]}).select(rr.parse_bool(pl.col("v")).alias("v"))["v"]
    assert parsed.to_list() == [True, True, False, False, None]
