"""Municipality codes judged against the municipal division at the reference date (DESIGN.md §3 v2):
``GEMEENTECODE_VERVALLEN`` for a code that ended on or before peildatum, ``GEMEENTECODE_ONBEKEND``
for one that never existed or only begins after it. SQL (every row) and pandera (the sample)
must agree, on every code of the history and at dates around every change in it."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake.staging import load_municipal_division
from schemas.contract import WERKGEVERS
from schemas.reference import gemeentecodes_op, gemeenten_historie
from schemas.row_models import row_failures
from schemas.rules import RuleInputs, sql_checks

CODES = sorted({r.gemeentecode for r in gemeenten_historie()}) + ["9999", "1999", "363", "0000"]
CHANGES = sorted({d for r in gemeenten_historie() for d in (r.begindatum, r.einddatum) if d})
COLUMN = WERKGEVERS.column("gemeentecode")


def by_sql(codes: list[str], peil: date) -> set[tuple[int, str]]:
    con = duckdb.connect()
    load_municipal_division(con, peil)
    frame = pl.DataFrame({"gemeentecode": codes}, schema={"gemeentecode": pl.Utf8})  # noqa: F841
    con.execute("CREATE TABLE t AS SELECT row_number() OVER () - 1 AS i, gemeentecode FROM frame")
    out = set()
    for reason, condition in sql_checks(COLUMN, RuleInputs.defaults(peil)):
        out |= {(i, reason) for (i,) in con.execute(f"SELECT i FROM t WHERE {condition}").fetchall()}
    return out


def by_pandera(codes: list[str], peil: date) -> set[tuple[int, str]]:
    frame = pl.DataFrame({c: [None] * len(codes) for c in WERKGEVERS.column_names}, schema={
        c: pl.Utf8 for c in WERKGEVERS.column_names}).with_columns(pl.Series("gemeentecode", codes, pl.Utf8))
    failures = row_failures(WERKGEVERS, frame, RuleInputs.defaults(peil))
    return {(i, r) for i, k, r in failures.rows() if k == "gemeentecode"}


@pytest.mark.parametrize(("code", "peil", "reason"), [
    ("0363", date(2026, 10, 31), None),                       # Amsterdam
    ("0003", date(2026, 10, 31), "GEMEENTECODE_VERVALLEN"),   # Appingedam, merged 2021-01-01
    ("0003", date(2020, 12, 31), None),                       # the day before the merger
    ("0003", date(2021, 1, 1), "GEMEENTECODE_VERVALLEN"),     # ended on peildatum
    ("1979", date(2020, 12, 31), "GEMEENTECODE_ONBEKEND"),    # Eemsdelta only begins 2021-01-01
    ("1979", date(2021, 1, 1), None),
    ("9999", date(2026, 10, 31), "GEMEENTECODE_ONBEKEND"),    # never existed
    ("1999", date(2026, 10, 31), "GEMEENTECODE_ONBEKEND"),    # the RNI pseudo-municipality is no municipality
])
def test_code_at_peildatum(code, peil, reason):
    expected = {(0, reason)} if reason else set()
    assert by_sql([code], peil) == expected
    assert by_pandera([code], peil) == expected


def test_vianen_changed_province_but_stayed_one_code():
    valid, ended = gemeentecodes_op(date(2002, 1, 1))
    assert "0620" in valid and "0620" not in ended
    assert "0620" in gemeentecodes_op(date(2019, 1, 1))[1]


@given(st.lists(st.sampled_from(CODES), min_size=1, max_size=30),
       st.sampled_from(CHANGES), st.sampled_from((-1, 0, 1)))
@settings(max_examples=60, deadline=None)
def test_sql_and_pandera_agree_around_every_change(codes, change, shift):
    peil = change + timedelta(days=shift)
    assert by_sql(codes, peil) == by_pandera(codes, peil)
