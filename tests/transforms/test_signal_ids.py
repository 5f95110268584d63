"""signaal_id (DESIGN.md §4 v2) on tiny literal tables: numbering of nieuw, carrying of
blijvend, a new id after a gap, identical ids on a rerun, and the migration of a warehouse
made before ids existed."""

from __future__ import annotations

from pathlib import Path

import duckdb

from feedbackcyclus import warehouse
from feedbackcyclus.settings import EngineSettings
from transforms.lifecycle import apply_lifecycle

LZA, AZL, RNI4 = "LOON_ZONDER_ADRES", "ADRES_ZONDER_LOON", "RNI_LANGER_DAN_4_MAANDEN"


def run(con: duckdb.DuckDBPyConnection, period: str, signals: list[tuple]) -> dict[tuple, str]:
    """signals: (signaal, bsn, lhnr or None); returns key → signaal_id and stores P like persist_period."""
    con.execute("CREATE OR REPLACE TEMP TABLE signal_candidates (signaal VARCHAR, reden VARCHAR, bsn VARCHAR, "
                "loonheffingennummer VARCHAR, gemeentecode VARCHAR)")
    con.executemany("INSERT INTO signal_candidates VALUES (?, NULL, ?, ?, NULL)", signals)
    con.execute("CREATE OR REPLACE TEMP TABLE last_payroll (bsn VARCHAR, laatste_loonperiode VARCHAR)")
    apply_lifecycle(con, period)
    con.execute("DELETE FROM wh.signals WHERE period = ?", [period])
    con.execute("""INSERT INTO wh.signals (period, signaal, reden, bsn, loonheffingennummer, gemeentecode, status,
                   eerste_periode, laatste_loonperiode, signaal_id)
                   SELECT ?, signaal, reden, bsn, loonheffingennummer, gemeentecode, status, eerste_periode,
                   laatste_loonperiode, signaal_id FROM signals_p""", [period])
    return {(s, b, lh): i for i, s, b, lh in
            con.execute("SELECT signaal_id, signaal, bsn, loonheffingennummer FROM signals_p").fetchall()}


def test_nieuw_numbered_in_key_order_with_empty_employer_first(tmp_path: Path):
    con = warehouse.connect(tmp_path / "wh.duckdb", EngineSettings())
    ids = run(con, "2026-10", [(LZA, "222", "B"), (LZA, "111", "B"), (LZA, "111", "A"), (AZL, "333", None),
                               (RNI4, "111", "A"), (LZA, "222", None)])
    assert ids == {(AZL, "333", None): "FBC-202610-000001", (LZA, "111", "A"): "FBC-202610-000002",
                   (LZA, "111", "B"): "FBC-202610-000003", (LZA, "222", None): "FBC-202610-000004",
                   (LZA, "222", "B"): "FBC-202610-000005", (RNI4, "111", "A"): "FBC-202610-000006"}


def test_blijvend_keeps_its_id_and_a_case_after_a_gap_is_new(tmp_path: Path):
    con = warehouse.connect(tmp_path / "wh.duckdb", EngineSettings())
    first = run(con, "2026-08", [(LZA, "111", "A"), (LZA, "222", "A")])
    second = run(con, "2026-09", [(LZA, "111", "A"), (LZA, "000", "A")])       # 222 gone
    third = run(con, "2026-10", [(LZA, "111", "A"), (LZA, "222", "A")])        # 222 back
    assert second[(LZA, "111", "A")] == third[(LZA, "111", "A")] == first[(LZA, "111", "A")] == "FBC-202608-000001"
    assert second[(LZA, "000", "A")] == "FBC-202609-000001"
    assert third[(LZA, "222", "A")] == "FBC-202610-000001" != first[(LZA, "222", "A")]


def test_rerun_gives_the_same_ids(tmp_path: Path):
    con = warehouse.connect(tmp_path / "wh.duckdb", EngineSettings())
    run(con, "2026-09", [(LZA, "111", "A")])
    signals = [(LZA, "111", "A"), (LZA, "222", "A"), (AZL, "333", None)]
    assert run(con, "2026-10", signals) == run(con, "2026-10", list(reversed(signals)))


def test_warehouse_of_the_old_code_is_migrated(tmp_path: Path):
    """A warehouse without the column opens; a continuing case without an id gets a legacy number."""
    path = tmp_path / "old.duckdb"
    old = duckdb.connect(str(path))
    old.execute("""CREATE TABLE signals (period VARCHAR, signaal VARCHAR, reden VARCHAR, bsn VARCHAR,
                   loonheffingennummer VARCHAR, gemeentecode VARCHAR, status VARCHAR, eerste_periode VARCHAR,
                   laatste_loonperiode VARCHAR)""")
    old.execute("INSERT INTO signals VALUES ('2026-09', ?, NULL, '111', 'A', NULL, 'blijvend', '2026-07', '2026-09')",
                [LZA])
    old.close()
    con = warehouse.connect(path, EngineSettings())
    ids = run(con, "2026-10", [(LZA, "111", "A"), (LZA, "222", "A")])
    assert ids == {(LZA, "111", "A"): "FBC-202607-500001", (LZA, "222", "A"): "FBC-202610-000001"}
