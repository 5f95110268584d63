"""The SQL rules (what ingest runs on every row) agree with their Polars twins (what pandera runs).

Hypothesis draws values from an alphabet chosen to hit the edges: ASCII and non-ASCII
digits, the date and postcode separators, the trimmed whitespace and whitespace that is
*not* trimmed, letters with and without diacritics.
"""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas import row_rules as rr
from schemas import sql_rules as sr
from tests.schemas.test_row_rules import reference_11_proef

ALPHABET = "0123456789-- LlABab\t\u00a0\u3000\u0663éß.,"
values = st.lists(st.one_of(st.none(), st.text(alphabet=ALPHABET, max_size=12),
                            st.from_regex(r"[0-9]{4}-(0[0-9]|1[0-3])-[0-3][0-9]", fullmatch=True),
                            st.from_regex(r"[0-9]{9}(L[0-9]{2})?", fullmatch=True),
                            st.from_regex(r"[0-9]{4} ?[A-Za-z]{2}", fullmatch=True)),
                  min_size=1, max_size=40)
CON = duckdb.connect()

RULES = [
    ("bsn", lambda c: sr.is_valid_bsn(c), rr.is_valid_bsn),
    ("lhnr", lambda c: sr.is_valid_lhnr(c), rr.is_valid_lhnr),
    ("postcode", lambda c: sr.is_valid_postcode(c), rr.is_valid_postcode),
    ("decimal", lambda c: sr.is_valid_decimal(c), rr.is_valid_decimal),
    ("bool", lambda c: sr.is_valid_bool(c), rr.is_valid_bool),
    ("date", lambda c: sr.is_valid_date(c, 1880, 2100), lambda e: rr.is_valid_date(e, 1880, 2100)),
    ("lo3", lambda c: sr.is_valid_lo3_date(c, 1880, 2100), lambda e: rr.is_valid_lo3_date(e, 1880, 2100)),
]
NORMALISERS = [
    ("text", sr.clean_text, rr.clean_text),
    ("date", sr.normalise_date, rr.normalise_date),
    ("date_day_first", lambda c: sr.normalise_date(c, True), lambda e: rr.normalise_date(e, True)),
    ("postcode", sr.normalise_postcode, rr.normalise_postcode),
    ("parse_bool", sr.parse_bool, rr.parse_bool),
]


def by_sql(expr: str, vals: list[str | None]) -> list:
    frame = pl.DataFrame({"v": vals}, schema={"v": pl.Utf8})  # noqa: F841 - read by DuckDB
    return [r[0] for r in CON.execute(f"SELECT {expr} FROM frame").fetchall()]


def by_polars(expr: pl.Expr, vals: list[str | None]) -> list:
    return pl.DataFrame({"v": vals}, schema={"v": pl.Utf8}).select(expr.alias("v"))["v"].to_list()


@pytest.mark.parametrize(("name", "sql", "polars"), RULES, ids=[r[0] for r in RULES])
@given(vals=values)
@settings(max_examples=150, deadline=None)
def test_rules_agree(name, sql, polars, vals):
    got_sql = [bool(v) for v in by_sql(f"coalesce({sql('v')}, false)", vals)]
    got_polars = [bool(v) for v in by_polars(polars(pl.col("v")).fill_null(False), vals)]
    assert got_sql == got_polars


@pytest.mark.parametrize(("name", "sql", "polars"), NORMALISERS, ids=[n[0] for n in NORMALISERS])
@given(vals=values)
@settings(max_examples=150, deadline=None)
def test_normalisers_agree(name, sql, polars, vals):
    assert by_sql(sql("v"), vals) == by_polars(polars(pl.col("v")), vals)


@given(vals=values)
@settings(max_examples=150, deadline=None)
def test_earliest_day_agrees_on_valid_lo3_dates(vals):
    """``earliest_day`` is only applied to dates that passed the LO3 rule (others are emptied first)."""
    valid = [v for v, ok in zip(vals, by_sql(f"coalesce({sr.is_valid_lo3_date('v', 1880, 2100)}, false)", vals),
                                strict=True) if ok]
    assert by_sql(sr.earliest_day("v"), valid) == by_polars(rr.earliest_day(pl.col("v")), valid)


@given(st.lists(st.text(alphabet="0123456789", min_size=9, max_size=9), min_size=1, max_size=50))
@settings(max_examples=200, deadline=None)
def test_sql_11_proef_agrees_with_reference(vals):
    assert by_sql(sr.is_valid_bsn("v"), vals) == [reference_11_proef(v) for v in vals]


@given(st.dates(min_value=date(1880, 1, 1), max_value=date(2100, 12, 31)))
@settings(max_examples=100, deadline=None)
def test_sql_compact_dates_are_normalised_and_valid(d):
    normalised = by_sql(sr.normalise_date("v"), [d.strftime("%Y%m%d")])
    assert normalised == [d.isoformat()]
    assert by_sql(sr.is_valid_date("v", 1880, 2100), normalised) == [True]


def test_trimming_literals():
    assert by_sql(sr.clean_text("v"), [" a ", "\u00a0b\t", "   ", "", "\u3000c", None]) == \
        ["a", "b", None, None, "\u3000c", None]
