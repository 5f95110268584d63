"""The cheaper SQL forms of the cell rules (issue 16) give the same verdict as the plain forms
they replaced, for every string: generated ones (digits, signs, spaces, non-ASCII digits,
dates of every shape and year, very long values, leading zeros) and literal edge cases.

The plain forms are spelled out here as they stood before the rewrite, so a later change to
``schemas/sql_rules.py`` is checked against the definition, not against itself.
"""

from __future__ import annotations

import duckdb
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas import sql_rules as sr
from schemas.bsn import BSN_WEIGHTS, bsn_valid
from schemas.contract import BRP, POLIS
from schemas.rules import RuleInputs, sql_checks

CON = duckdb.connect()
DIGIT = "[0-9]"
YEARS = [(1880, 2100), (1000, 9999), (1900, 1999), (2026, 2026)]


def plain_bsn(col: str) -> str:
    """Before: one digit per ``n // 10^k % 10``, nine of them weighted."""
    n = f"TRY_CAST({col} AS BIGINT)"
    weighted = " + ".join(f"({w}) * ({n} // {10 ** (8 - i)} % 10)" for i, w in enumerate(BSN_WEIGHTS))
    return f"coalesce({col} GLOB '{DIGIT * 9}' AND {col} <> '000000000' AND ({weighted}) % 11 = 0, false)"


def plain_date(col: str, lo: int, hi: int) -> str:
    """Before: the shape by ``GLOB``, then a cast of its own."""
    return (f"({col} GLOB '{DIGIT * 4}-{DIGIT * 2}-{DIGIT * 2}' AND "
            f"coalesce(year(TRY_CAST({col} AS DATE)) BETWEEN {lo} AND {hi}, false))")


def plain_lo3(col: str, lo: int, hi: int) -> str:
    year = f"TRY_CAST(substr({col}, 1, 4) AS INTEGER) BETWEEN {lo} AND {hi}"
    partial = (f"({col} GLOB '{DIGIT * 4}-00-00' OR {col} GLOB '{DIGIT * 4}-0[1-9]-00' "
               f"OR {col} GLOB '{DIGIT * 4}-1[0-2]-00')")
    return (f"({col} = '0000-00-00' OR CASE WHEN {col} LIKE '%-00' THEN {partial} AND {year} "
            f"ELSE {plain_date(col, lo, hi)} END)")


def verdicts(expr: str, vals: list[str | None]) -> list[bool]:
    """``expr`` over a table ``(v, d, e)``: the value, its ``TRY_CAST`` to DATE and its
    earliest day, computed as staging computes them while reading."""
    frame = pl.DataFrame({"v": vals}, schema={"v": pl.Utf8})  # noqa: F841 - read by DuckDB
    rows = CON.execute(f"""SELECT coalesce({expr}, false) FROM (
        SELECT v, TRY_CAST(v AS DATE) AS d, {sr.earliest_day('v')} AS e FROM frame)""").fetchall()
    return [bool(r[0]) for r in rows]


CHARS = "0123456789-+ ._L:/\t\u00a0\u0663\u0967\uff11eEa"
digits = st.text(alphabet="0123456789", min_size=0, max_size=20)
date_like = st.builds(lambda y, m, d, sep: f"{y}{sep}{m}{sep}{d}",
                      st.sampled_from(["0000", "0999", "1000", "1879", "1880", "1999", "2000", "2024", "2100", "2101",
                                       "9999", "10000", "024", "+2024", " 2024", "２０２４", "-2024"]),
                      st.sampled_from(["00", "01", "1", "02", "12", "13", "99", "0", " 1", "1 "]),
                      st.sampled_from(["00", "01", "1", "28", "29", "30", "31", "32", " 1", "1 "]),
                      st.sampled_from(["-", "/", ".", ""]))
any_text = st.text(alphabet=CHARS, max_size=14)
values = st.lists(st.one_of(st.none(), digits, date_like, any_text, st.text(max_size=12),
                            st.from_regex(r"[0-9]{9}", fullmatch=True),
                            st.integers(min_value=-(2 ** 63), max_value=2 ** 63 - 1).map(str)),
                  min_size=1, max_size=60)

EDGES = [None, "", "000000000", "111222333", "123456782", "123456789", "010000008", "-11122233", "+11122233",
         " 11122233", "11122233 ", "1112223330", "111222333" * 30, "１１１２２２３３３", "١١١٢٢٢٣٣٣",
         "9223372036854775807", "-9223372036854775808", "99999999999999999999", "1e8", "0x1A2B3C4D", "1_1122233",
         "2024-02-29", "2023-02-29", "2024-2-29", "2024-02-9", " 2024-02-29", "2024-02-29 ", "2024/02/29",
         "20240229", "0000-00-00", "1985-00-00", "1985-07-00", "1985-13-00", "0000-01-01", "1879-12-31",
         "1880-01-01", "2100-12-31", "2101-01-01", "9999-12-31", "10000-01-01", "2024-02-29 (BC)",
         "2024-02-29T00:00", "2024-02-29 00:00:00", "+2024-02-29", "２０２４-02-29", "2024-02-29\u00a0"]


def test_bsn_quotient_weights_follow_from_the_definition():
    n = 123456782
    digit_sum = sum(w * int(d) for w, d in zip(BSN_WEIGHTS, f"{n:09d}", strict=True))
    quotient_sum = -n + sum(c * (n // 10 ** k) for k, c in sr.BSN_QUOTIENT_WEIGHTS)
    assert (digit_sum - quotient_sum) % 11 == 0


@given(st.lists(st.integers(min_value=0, max_value=999_999_999).map(lambda n: f"{n:09d}"), min_size=1, max_size=60))
@settings(max_examples=200, deadline=None)
def test_bsn_rewrite_on_nine_digits(vals):
    assert verdicts(sr.is_valid_bsn("v"), vals) == [bsn_valid(v) for v in vals] == verdicts(plain_bsn("v"), vals)


@given(values)
@settings(max_examples=300, deadline=None)
def test_bsn_rewrite_on_any_text(vals):
    assert verdicts(sr.is_valid_bsn("v"), vals) == verdicts(plain_bsn("v"), vals)
    assert verdicts(sr.is_valid_bsn("v", number="TRY_CAST(v AS BIGINT)"), vals) == verdicts(plain_bsn("v"), vals)


@pytest.mark.parametrize(("lo", "hi"), YEARS)
@given(vals=values)
@settings(max_examples=150, deadline=None)
def test_date_rewrites_on_any_text(lo, hi, vals):
    assert verdicts(sr.is_valid_date("v", lo, hi, typed="d"), vals) == verdicts(plain_date("v", lo, hi), vals)
    assert verdicts(sr.is_valid_lo3_date("v", lo, hi, earliest="e"), vals) == verdicts(plain_lo3("v", lo, hi), vals)


@given(st.dates().map(lambda d: d.isoformat()), st.sampled_from(YEARS))
@settings(max_examples=200, deadline=None)
def test_date_rewrites_on_every_calendar_date(day, years):
    lo, hi = years
    assert verdicts(sr.is_valid_date("v", lo, hi, typed="d"), [day]) == verdicts(plain_date("v", lo, hi), [day])
    assert verdicts(sr.is_valid_lo3_date("v", lo, hi, earliest="e"), [day]) == verdicts(plain_lo3("v", lo, hi), [day])


@pytest.mark.parametrize(("lo", "hi"), YEARS)
def test_rewrites_on_literal_edge_cases(lo, hi):
    assert verdicts(sr.is_valid_bsn("v"), EDGES) == verdicts(plain_bsn("v"), EDGES) == [
        bsn_valid(v) for v in EDGES]
    assert verdicts(sr.is_valid_date("v", lo, hi, typed="d"), EDGES) == verdicts(plain_date("v", lo, hi), EDGES)
    assert verdicts(sr.is_valid_lo3_date("v", lo, hi, earliest="e"), EDGES) == verdicts(plain_lo3("v", lo, hi), EDGES)


def test_literal_verdicts():
    got = verdicts(sr.is_valid_date("v", 1880, 2100, typed="d"),
                   ["2024-02-29", "2023-02-29", "2024-2-29", "1879-12-31", "2100-12-31", " 2024-02-29", None])
    assert got == [True, False, False, False, True, False, False]
    got = verdicts(sr.is_valid_lo3_date("v", 1880, 2100, earliest="e"),
                   ["0000-00-00", "1985-00-00", "1985-07-00", "1985-13-00", "1985-07-31", "1985-02-30"])
    assert got == [True, True, True, False, True, False]


def test_years_outside_the_settings_bounds_fall_back_to_the_plain_form():
    assert sr.is_valid_date("v", 0, 2100, typed="d") == plain_date("v", 0, 2100)


def test_sql_checks_use_the_typed_value_only_when_given():
    inputs = RuleInputs.defaults()
    brp = {c.name: c for c in BRP.columns}
    polis = {c.name: c for c in POLIS.columns}
    assert '"t"' not in " ".join(cond for _, cond in sql_checks(polis["tijdvak_aanvang"], inputs))
    assert '"t"' in " ".join(cond for _, cond in sql_checks(polis["tijdvak_aanvang"], inputs, typed="t"))
    assert '"t"' in " ".join(cond for _, cond in sql_checks(brp["geboortedatum"], inputs, typed="t"))
    assert '"t"' not in " ".join(cond for _, cond in sql_checks(brp["gemeentecode"], inputs, typed="t"))
