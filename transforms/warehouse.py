"""The DuckDB warehouse: what is kept between runs, and the connection a run works in.

A run works in an in-memory DuckDB database (the staged inputs of the period are large
and person-level, and are only needed during the run) with the warehouse file attached
as ``wh``. The warehouse keeps the history that later periods need: which BSNs were in
payroll per period, the signals per period (for the lifecycle), employer-level figures
(for persistence and trends) and the run registry. A period's rows are replaced in one
transaction, so a failed run leaves the previous state of that period intact.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from feedbackcyclus.settings import EngineSettings

DDL = """
CREATE TABLE IF NOT EXISTS wh.runs (
    run_id VARCHAR PRIMARY KEY, period VARCHAR, command VARCHAR, status VARCHAR,
    started_at TIMESTAMP, finished_at TIMESTAMP, code_version VARCHAR,
    accepted_quality_warnings BOOLEAN, message VARCHAR, pid INTEGER, host VARCHAR,
    inputs VARCHAR, signals VARCHAR, lifecycle VARCHAR, timings VARCHAR);
ALTER TABLE wh.runs ADD COLUMN IF NOT EXISTS timings VARCHAR;
CREATE TABLE IF NOT EXISTS wh.payroll_months (period VARCHAR, bsn VARCHAR);
CREATE TABLE IF NOT EXISTS wh.signals (
    period VARCHAR, signaal VARCHAR, reden VARCHAR, bsn VARCHAR, loonheffingennummer VARCHAR,
    gemeentecode VARCHAR, status VARCHAR, eerste_periode VARCHAR, laatste_loonperiode VARCHAR,
    signaal_id VARCHAR);
-- a warehouse made before signal ids existed is migrated in place (docs/decisions.md)
ALTER TABLE wh.signals ADD COLUMN IF NOT EXISTS signaal_id VARCHAR;
CREATE TABLE IF NOT EXISTS wh.employer_months (
    period VARCHAR, loonheffingennummer VARCHAR, gemeentecode VARCHAR, aantal_werknemers BIGINT,
    aantal_zonder_nl_adres BIGINT, aantal_rni_langer_dan_4_maanden BIGINT, aantal_meervoudig_bsn BIGINT,
    risicoscore INTEGER);
CREATE TABLE IF NOT EXISTS wh.period_figures (
    period VARCHAR PRIMARY KEY, run_id VARCHAR, published_at TIMESTAMP, figures VARCHAR);
"""

PERIOD_TABLES = ("payroll_months", "signals", "employer_months", "period_figures")


def connect(warehouse: Path, engine: EngineSettings, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """An in-memory working database with the warehouse attached as ``wh``."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(":memory:")
    if engine.threads:
        con.execute(f"SET threads = {int(engine.threads)}")
    if engine.memory_limit:
        con.execute("SET memory_limit = ?", [engine.memory_limit])
    con.execute("SET temp_directory = ?", [engine.temp_directory or (warehouse.parent / "duckdb-tmp").as_posix()])
    mode = " (READ_ONLY)" if read_only else ""
    con.execute(f"ATTACH '{warehouse.as_posix()}' AS wh{mode}")
    if not read_only:
        con.execute(DDL)
    return con


def published_periods(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute("SELECT period FROM wh.period_figures ORDER BY period").fetchall()]
