"""The rule table (``schemas.rules``): one definition per column kind, from which the SQL rules
(every row) and the pandera checks (the sample) are generated. Property tests require the two
generated forms of every rule in the table to agree, and the 11-proef of the product
(``schemas.bsn.bsn_valid``) to agree with a plain oracle and with both executable forms."""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake.staging import load_municipal_division
from schemas import row_rules as rr
from schemas import sql_rules as sr
from schemas.bsn import bsn_valid
from schemas.contract import CONTRACTS, QUARANTINE_PRIORITY, Column, Kind
from schemas.row_models import row_failures
from schemas.rules import (
    KEY_RULES,
    REQUIRED,
    VALUE_RULES,
    CellRule,
    RuleInputs,
    cell_rules,
    required_unless,
    sql_checks,
)
from tests.schemas.test_row_rules import reference_11_proef

PEIL = date(2026, 10, 31)
INPUTS = RuleInputs(min_year=1900, max_year=2030, peildatum=PEIL)
ALPHABET = "0123456789-- LlABab\t\u00a0\u0663é.,"
VALUES = st.lists(st.one_of(st.none(), st.text(alphabet=ALPHABET, max_size=12),
                            st.sampled_from(["0363", "0003", "9999", "1899-12-31", "1900-01-01", "2030-12-31",
                                             "2031-01-01", "1985-00-00", "0000-00-00", "ja", "NEE", "12.50"]),
                            st.from_regex(r"[0-9]{4}-(0[0-9]|1[0-3])-[0-3][0-9]", fullmatch=True),
                            st.from_regex(r"[0-9]{9}(L[0-9]{2})?", fullmatch=True),
                            st.from_regex(r"[0-9]{4}[A-Z]{2}", fullmatch=True)),
                  min_size=1, max_size=40)
TABLE = [*KEY_RULES.values(), REQUIRED, *(r for rules in VALUE_RULES.values() for r in rules)]
CON = duckdb.connect()
load_municipal_division(CON, PEIL)


def failures_by_sql(rule: CellRule, vals: list[str | None]) -> list[bool]:
    frame = pl.DataFrame({"v": vals}, schema={"v": pl.Utf8})  # noqa: F841 - read by DuckDB
    pre = f", {rule.precompute.sql('v')} AS {rule.precompute.name}" if rule.precompute else ""
    CON.execute("CREATE OR REPLACE TEMP TABLE cells AS SELECT * FROM frame")
    return [r[0] for r in CON.execute(
        f"SELECT coalesce({rule.sql_failure('v', INPUTS)}, false) FROM (SELECT rowid AS i, v{pre} FROM cells) "
        "ORDER BY i").fetchall()]


def failures_by_polars(rule: CellRule, vals: list[str | None]) -> list[bool]:
    frame = pl.DataFrame({"v": vals}, schema={"v": pl.Utf8})
    return (~frame.select(rule.polars_pass(pl.col("v"), INPUTS).alias("ok"))["ok"]).to_list()


@pytest.mark.parametrize("rule", TABLE, ids=[f"{r.reason}-{i}" for i, r in enumerate(TABLE)])
@given(vals=VALUES)
@settings(max_examples=100, deadline=None)
def test_sql_and_polars_forms_of_every_rule_agree(rule, vals):
    assert failures_by_sql(rule, vals) == failures_by_polars(rule, vals)


@given(st.lists(st.one_of(st.none(), st.text(alphabet="0123456789 a٣", max_size=10),
                          st.from_regex(r"[0-9]{9}", fullmatch=True)), min_size=1, max_size=40))
@settings(max_examples=200, deadline=None)
def test_bsn_valid_is_the_reference_of_both_forms(vals):
    expected = [v is not None and bsn_valid(v) for v in vals]
    assert [v is not None and reference_11_proef(v) and v.isascii() for v in vals] == expected
    bsn = KEY_RULES[Kind.BSN]
    assert failures_by_sql(bsn, vals) == [not ok for ok in expected]
    assert failures_by_polars(bsn, vals) == [not ok for ok in expected]


def test_bsn_valid_literals():
    assert bsn_valid("111222333") and bsn_valid("012345672")
    assert not bsn_valid("111222334")   # check digit off by one
    assert not bsn_valid("000000000")   # passes the sum, excluded by the contract
    assert not bsn_valid("11122233")    # eight digits
    assert not bsn_valid("١١١٢٢٢٣٣٣")   # Arabic-Indic digits are digits to Python, not to the contract
    assert not bsn_valid(None)


def test_empty_cells_are_judged_only_by_key_and_required_rules():
    assert failures_by_sql(KEY_RULES[Kind.BSN], [None]) == [True]
    assert failures_by_sql(REQUIRED, [None, "x"]) == [True, False]
    assert failures_by_sql(VALUE_RULES[Kind.DATE][0], [None, "2026-02-30", "2026-02-28"]) == [False, True, False]


def test_municipality_codes_on_the_reference_date():
    vervallen, onbekend = VALUE_RULES[Kind.GEMEENTECODE]
    codes = ["0363", "0003", "9999", None]
    assert failures_by_sql(vervallen, codes) == [False, True, False, False]
    assert failures_by_sql(onbekend, codes) == [False, False, True, False]


@pytest.mark.parametrize(("column", "reasons"), [
    (Column("bsn", Kind.BSN, required=False), ["BSN_ONGELDIG"]),       # a key rule only, required or not
    (Column("lh", Kind.LHNR), ["LHNR_ONGELDIG"]),
    (Column("naam", Kind.TEXT), ["VERPLICHT_VELD_LEEG"]),
    (Column("naam", Kind.TEXT, required=False), []),
    (Column("d", Kind.DATE), ["VERPLICHT_VELD_LEEG", "DATUM_ONGELDIG"]),
    (Column("d", Kind.LO3_DATE, required=False), ["DATUM_ONGELDIG"]),
    (Column("b", Kind.DECIMAL, required=False), ["BEDRAG_ONGELDIG"]),
    (Column("p", Kind.POSTCODE, required=False), ["POSTCODE_ONGELDIG"]),
    (Column("g", Kind.GEMEENTECODE), ["VERPLICHT_VELD_LEEG", "GEMEENTECODE_VERVALLEN", "GEMEENTECODE_ONBEKEND"]),
    (Column("j", Kind.BOOL), ["VERPLICHT_VELD_LEEG", "VERPLICHT_VELD_LEEG"]),
])
def test_cell_rules_per_kind(column, reasons):
    assert [r.reason for r in cell_rules(column)] == reasons


def test_required_unless_reads_the_other_column():
    rule = required_unless("datum_vertrek")
    frame = pl.DataFrame({"v": [None, None, "x"], "datum_vertrek": [None, "2026-01-01", None]})
    assert frame.select(rule.polars_pass(pl.col("v"), INPUTS))["v"].to_list() == [False, True, True]
    CON.execute("CREATE OR REPLACE TEMP TABLE ru AS SELECT * FROM frame")
    got = [r[0] for r in CON.execute(f"SELECT {rule.sql_failure('v', INPUTS)} FROM ru ORDER BY rowid").fetchall()]
    assert got == [True, False, False]


def test_every_reason_code_has_a_quarantine_priority():
    assert {r.reason for r in TABLE} <= set(QUARANTINE_PRIORITY)


@pytest.mark.parametrize("value", ["?", None, "0003", "1985-00-00"])
def test_pandera_model_and_sql_checks_agree_on_every_contract(value):
    """Both generated rule sets, on one row holding ``value`` in every column of every input."""
    for contract in CONTRACTS.values():
        frame = pl.DataFrame({c: [value] for c in contract.column_names}, schema={c: pl.Utf8 for c in contract.column_names})
        by_pandera = {(k, r) for _, k, r in row_failures(contract, frame, INPUTS).rows()}
        CON.execute("CREATE OR REPLACE TEMP TABLE one AS SELECT *, "
                    f"{sr.bsn_number(sr.literal(value) if value else 'NULL')} AS bsn_number FROM frame")
        by_sql = {(c.name, reason) for c in contract.columns for reason, failure in sql_checks(c, INPUTS)
                  if CON.execute(f"SELECT coalesce({failure}, false) FROM one").fetchone()[0]}
        assert by_pandera == by_sql, contract.name
        assert by_sql, contract.name  # every input has a key or required column that fails on these


def test_sql_and_polars_building_blocks_are_the_table_s():
    """The table wraps the predicates of ``sql_rules``/``row_rules``; no third spelling."""
    assert KEY_RULES[Kind.LHNR].sql("v", INPUTS) == sr.is_valid_lhnr("v")
    frame = pl.DataFrame({"v": ["123456789L01", "x"]})
    assert frame.select(KEY_RULES[Kind.LHNR].polars(pl.col("v"), INPUTS))["v"].to_list() == \
        frame.select(rr.is_valid_lhnr(pl.col("v")))["v"].to_list()
