"""Row ids are file positions: every quarantine and findings line number depends on it.

A national register is read by several DuckDB threads; only an order-preserving insert keeps
``rowid + 2`` equal to the line. ``intake.loaders.create_in_file_order`` makes and checks that
plan (see its docstring for how it was lost before)."""

from __future__ import annotations

import duckdb
import pytest

from intake import source_files
from intake.loaders import FileOrderLost, create_in_file_order, load
from intake.staging import normalised_query
from schemas.contract import BRP

ROWS = 400_000  # ~45 MB: several of the CSV reader's parallel chunks


def test_a_register_read_by_several_threads_keeps_file_order(tmp_path):
    path = tmp_path / "brp.csv"
    con = duckdb.connect()
    con.execute("SET threads = 4")
    # huisnummer carries the row's position; the other fields look like a register line
    con.execute(f"""COPY (SELECT lpad(CAST(100000000 + i AS VARCHAR), 9, '0') AS bsn, 'Jansen' AS geslachtsnaam,
                         'Jan Pieter' AS voornamen, '1980-01-01' AS geboortedatum, '0001' AS nationaliteit,
                         '0363' AS gemeentecode, ' Damrak  ' AS straat, CAST(i AS VARCHAR) AS huisnummer,
                         NULL AS huisletter, NULL AS huisnummer_toevoeging, '1012 lg' AS postcode,
                         'Amsterdam' AS woonplaats, '20200101' AS datum_aanvang_adres, NULL AS datum_vertrek,
                         NULL AS datum_overlijden
                     FROM range({ROWS}) r(i)) TO '{path}' (HEADER, DELIMITER ';')""")
    src = source_files.inspect(path, BRP, tmp_path)
    assert load(con, src, BRP, "raw_brp", lambda source: normalised_query(BRP, source)) == ROWS
    misplaced = con.execute("SELECT count(*) FROM raw_brp WHERE CAST(huisnummer AS BIGINT) <> rowid").fetchone()[0]
    assert misplaced == 0
    assert con.execute("SELECT straat, postcode FROM raw_brp WHERE rowid = 7").fetchone() == ("Damrak", "1012LG")
    assert con.execute("SELECT current_setting('disabled_optimizers')").fetchone()[0] == ""  # restored


def test_a_read_that_cannot_keep_file_order_is_refused():
    con = duckdb.connect()
    con.execute("CREATE TABLE small AS SELECT 1 AS x")
    with pytest.raises(FileOrderLost, match="volgorde"):
        create_in_file_order(con, "t", "SELECT i FROM range(10) r(i) JOIN small ON r.i = small.x", [])
    assert not con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 't'").fetchone()[0]


def test_the_in_list_rewrite_is_switched_off_only_for_the_read():
    con = duckdb.connect()
    con.execute("CREATE TABLE v AS SELECT * FROM (VALUES ('a'), (' b'), ('c')) v(x)")
    con.execute("SET disabled_optimizers = 'late_materialization'")
    create_in_file_order(con, "t", "SELECT * FROM v WHERE ord(x) IN (32, 9, 13, 10, 160, 97)", [])
    assert con.execute("SELECT count(*) FROM t").fetchone()[0] == 2
    assert con.execute("SELECT current_setting('disabled_optimizers')").fetchone()[0] == "late_materialization"
