"""Issue 11 item 1: paths and values reach DuckDB as bound parameters or one quoted literal.

A folder called ``'s-Hertogenbosch; Zoë`` must simply work end to end; a warehouse path that
tries to close the literal and run its own SQL must be a (strange) file name, nothing else.
The flow takes no paths as run parameters (DESIGN.md §6 v2).
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from feedbackcyclus.settings import EngineSettings
from feedbackcyclus.sqltext import sql_identifier, sql_string
from feedbackcyclus.warehouse import connect
from tests.conftest import cli_args, make_settings, run_plain
from tests.security.helpers import P1, P2, tiny_inbox

HOSTILE = ["'s-Hertogenbosch", "a'; DROP TABLE x; --", "Zoë ; 'quoted' \"too\"", "back\\slash", "''"]


@pytest.mark.parametrize("value", HOSTILE)
def test_sql_string_round_trips_through_duckdb(value):
    con = duckdb.connect()
    assert con.execute("SELECT " + sql_string(value)).fetchone()[0] == value
    assert con.execute(f"SELECT 1 AS {sql_identifier(value)}").description[0][0] == value


def test_sql_string_refuses_nul():
    with pytest.raises(ValueError):
        sql_string("a\x00b")


def test_attach_with_an_injecting_path_creates_that_file_and_runs_nothing(tmp_path):
    warehouse = tmp_path / "x' AS wh; CREATE TABLE pwned AS SELECT 1; ATTACH 'y.duckdb"
    con = connect(warehouse, EngineSettings(memory_limit=None))
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    con.close()
    assert warehouse.is_file()
    assert "pwned" not in tables and "runs" in tables
    assert not (Path.cwd() / "y.duckdb").exists()


def test_full_run_under_a_folder_with_quote_semicolon_space_and_umlaut(tmp_path, cli, monkeypatch):
    root = tmp_path / "'s-Hertogenbosch; Zoë"
    tiny_inbox(root / "inbox")
    monkeypatch.setenv("FEEDBACKCYCLUS_STATE_DIR", str(root / "state"))
    for period in (P1, P2):
        code, out, err = cli(["run", "--period", period, *cli_args(root), "--accept-quality-warnings"])
        assert code == 0, err
    manifest = json.loads((root / "reports" / P2 / "manifest.json").read_text(encoding="utf-8"))
    paths = {o["path"] for o in manifest["outputs"]}
    assert {"signalen.parquet", "inspectie/risicoanalyse.parquet", "rapport.html"} <= paths
    assert manifest["lifecycle"] == {"nieuw": 0, "blijvend": 1, "opgelost": 0}
    con = duckdb.connect(str(root / "warehouse.duckdb"), read_only=True)
    assert con.execute("SELECT list(period ORDER BY period) FROM period_figures").fetchone()[0] == [P1, P2]
    con.close()


def test_csv_header_with_a_quote_is_an_extra_column_not_sql(tmp_path):
    tiny_inbox(tmp_path / "inbox", (P1,))
    polis = tmp_path / "inbox" / P1 / "polis.csv"
    lines = polis.read_text(encoding="utf-8").splitlines()
    hostile = "x': 'VARCHAR'}, filename=true, columns={'y"
    polis.write_text("\n".join([lines[0] + ";" + hostile] + [line + ";1" for line in lines[1:]]) + "\n",
                     encoding="utf-8")
    run_plain(make_settings(tmp_path, accept_quality_warnings=True), P1)
    manifest = json.loads((tmp_path / "reports" / P1 / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["inputs"]["polis"]["extra_columns"] == [hostile.lower()]


def test_flow_takes_no_paths_as_run_parameters():
    from flows.monthly import monthly_feedback_cycle

    params = set(monthly_feedback_cycle.parameters.properties)
    assert params == {"period", "accept_quality_warnings", "command"}
    assert not params & {"inbox", "reports", "warehouse", "config"}
