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


def plain_normalise_date(col: str, day_first: bool = False) -> str:
    """Before (session 8): ``GLOB`` on 8 bytes, then three ``substr`` joined by four ``||``."""
    compact = f"strlen({col}) = 8 AND {col} GLOB '{DIGIT * 8}'"
    out = (f"CASE WHEN {compact} THEN substr({col}, 1, 4) || '-' || substr({col}, 5, 2) || '-' || "
           f"substr({col}, 7, 2)")
    if day_first:
        out += (f" WHEN strlen({col}) = 10 AND {col} GLOB '{DIGIT * 2}-{DIGIT * 2}-{DIGIT * 4}' THEN "
                f"substr({col}, 7, 4) || '-' || substr({col}, 4, 2) || '-' || substr({col}, 1, 2)")
    return f"({out} ELSE {col} END)"


def texts(expr: str, vals: list[str | None]) -> list[str | None]:
    """``expr`` over a table ``(v)``: the text it gives for every value, nulls included."""
    frame = pl.DataFrame({"v": vals}, schema={"v": pl.Utf8})  # noqa: F841 - read by DuckDB
    return [r[0] for r in CON.execute(f"SELECT {expr} FROM frame").fetchall()]


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


DATE_CHARS = "0123456789-/. \n\r\t\u00a0\u0663\uff11\u00e9$\\"
date_texts = st.lists(st.one_of(
    st.none(), st.text(alphabet=DATE_CHARS, max_size=12), st.text(max_size=12), st.text(max_size=300),
    st.text(alphabet="0123456789", min_size=7, max_size=11),
    st.builds(lambda a, b: a + b, st.text(alphabet="0123456789", min_size=7, max_size=8),
              st.sampled_from(["", "\n", " ", "\u00a0", "é", "x"])),
    st.builds(lambda a, b, c, sep: f"{a}{sep}{b}{sep}{c}", digits, digits, digits, st.sampled_from(["-", "/", ""])),
    st.dates().map(lambda d: d.strftime("%Y%m%d")), st.dates().map(lambda d: d.strftime("%d-%m-%Y")),
    st.dates().map(lambda d: d.isoformat()), date_like), min_size=1, max_size=60)
DATE_EDGES = [None, "", "20240229", "00000000", "99999999", "2024022", "202402290", "2024022\n", "\n2024022",
              "2024022 ", " 2024022", "20240229\n", "2024-02-29", "29-02-2024", "29-02-202", "29-02-20244",
              "29/02/2024", "2902-2024", "29-02-2024\n", "２０２４０２２９", "2024022é", "٢٠٢٤٠٢٢٩", "1-2-2024",
              "29-02-２０２４", "2024$229", "\\1\\2\\3456", "29-02-\\3\\2\\"]


@pytest.mark.parametrize("day_first", [False, True])
@given(vals=date_texts)
@settings(max_examples=400, deadline=None)
def test_normalise_date_rewrite_on_any_text(day_first, vals):
    assert texts(sr.normalise_date("v", day_first), vals) == texts(plain_normalise_date("v", day_first), vals)


@pytest.mark.parametrize("day_first", [False, True])
def test_normalise_date_rewrite_on_literal_edge_cases(day_first):
    got = texts(sr.normalise_date("v", day_first), DATE_EDGES)
    assert got == texts(plain_normalise_date("v", day_first), DATE_EDGES)
    assert got[2:5] == ["2024-02-29", "0000-00-00", "9999-99-99"]
    assert got[DATE_EDGES.index("29-02-2024")] == ("2024-02-29" if day_first else "29-02-2024")
    assert got[DATE_EDGES.index("2024022\n")] == "2024022\n"


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
