"""``in_payroll`` makes ``payroll_rows`` from ``stg_polis`` in place in a run (transforms/payroll.py):
the same rows, in the same order, with the same types, as the copy the tests keep."""

from __future__ import annotations

import duckdb

from feedbackcyclus import warehouse
from feedbackcyclus.settings import EngineSettings
from tests.builders import BSN, LHNR, polis_row
from tests.transforms.rule_fixtures import stage_rows
from transforms.payroll import PAYROLL_COLUMNS, in_payroll

P = "2026-10"
ROWS = [
    polis_row(BSN[0], datum_einde_ikv="2026-09-30", ikv_id="ENDED"),       # ended the day before P: out
    polis_row(BSN[1], datum_einde_ikv="2026-10-01", ikv_id="FIRST-DAY"),   # ended on P's first day: in
    polis_row(BSN[2], ikv_id="RUNNING", verloonde_uren="12.5"),            # no end: in
    polis_row(BSN[1], LHNR[1], datum_einde_ikv="2027-01-31", ikv_id="LATER"),
    polis_row(BSN[3], datum_einde_ikv="2020-01-01", ikv_id="LONG-GONE"),  # out
    polis_row(BSN[2], LHNR[1], ikv_id="SECOND"),
]


def payroll(tmp_path, consume: bool) -> tuple[duckdb.DuckDBPyConnection, int]:
    con = warehouse.connect(tmp_path / f"wh-{consume}.duckdb", EngineSettings())
    stage_rows(con, "polis", ROWS)
    return con, in_payroll(con, P, consume=consume)


def table(con: duckdb.DuckDBPyConnection, name: str) -> tuple[list, list]:
    """(column names and types, rows in storage order)."""
    described = con.execute(f"DESCRIBE {name}").fetchall()
    rows = con.execute(f"SELECT * EXCLUDE (r) FROM (SELECT rowid AS r, * FROM {name}) ORDER BY r").fetchall()
    return [(d[0], d[1]) for d in described], rows


def test_in_place_equals_the_copy(tmp_path):
    copied, n_copied = payroll(tmp_path, consume=False)
    consumed, n_consumed = payroll(tmp_path, consume=True)
    assert n_copied == n_consumed == 2
    assert table(consumed, "payroll_rows") == table(copied, "payroll_rows")
    assert [c for c, _ in table(consumed, "payroll_rows")[0]] == list(PAYROLL_COLUMNS)
    assert [r[2] for r in table(consumed, "payroll_rows")[1]] == ["FIRST-DAY", "RUNNING", "LATER", "SECOND"]
    assert (consumed.execute("SELECT * FROM payroll_bsn ORDER BY bsn").fetchall()
            == copied.execute("SELECT * FROM payroll_bsn ORDER BY bsn").fetchall()
            == [(BSN[1], 2), (BSN[2], 2)])


def test_the_staged_polis_is_consumed_only_when_asked(tmp_path):
    copied, _ = payroll(tmp_path, consume=False)
    consumed, _ = payroll(tmp_path, consume=True)
    temp = "SELECT table_name FROM duckdb_tables() WHERE temporary AND table_name = 'stg_polis'"
    assert copied.execute(temp).fetchall() == [("stg_polis",)]
    assert copied.execute("SELECT count(*) FROM stg_polis").fetchone()[0] == len(ROWS)
    assert consumed.execute(temp).fetchall() == []
