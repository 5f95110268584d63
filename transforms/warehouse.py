"""The DuckDB warehouse: what is kept between runs, and the connection a run works in.

A run works in an in-memory DuckDB database (the staged inputs of the period are large
and person-level, and are only needed during the run) with the warehouse file attached
as ``wh``. The warehouse keeps the history that later periods need: which BSNs were in
payroll per period, the signals per period (for the lifecycle), employer-level figures
(for persistence and trends) and the run registry. A period's rows are replaced in one
transaction, so a failed run leaves the previous state of that period intact.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from feedbackcyclus.errors import RunRefused, WarehouseInUse
from feedbackcyclus.locations import tighten
from feedbackcyclus.settings import EngineSettings
from feedbackcyclus.sqltext import sql_string

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
    """An in-memory working database with the warehouse attached as ``wh``.

    DuckDB's ``ATTACH`` takes no bound parameter for the file, so the path goes in as one SQL
    string literal (``sql_string``): an apostrophe in a folder name is a character, not SQL.
    A file that is not a DuckDB database, and one that another process has open, are refused
    with exit 2 and what to do — not an internal error.
    """
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(":memory:")
    if engine.threads:
        con.execute("SET threads = ?", [int(engine.threads)])
    if engine.memory_limit:
        con.execute("SET memory_limit = ?", [engine.memory_limit])
    con.execute("SET temp_directory = ?", [str(engine.temp_directory or warehouse.parent / "duckdb-tmp")])
    mode = " (READ_ONLY)" if read_only else ""
    try:
        con.execute(f"ATTACH {sql_string(warehouse)} AS wh{mode}")
    except duckdb.IOException as exc:
        con.close()
        raise _attach_refused(warehouse, exc) from None
    if not read_only:
        tighten([warehouse, warehouse.with_name(warehouse.name + ".wal")])
        con.execute(DDL)
    return con


def _attach_refused(warehouse: Path, exc: duckdb.IOException) -> RunRefused:
    text = str(exc)
    if "Could not set lock" in text or "Conflicting lock" in text:
        pid = re.search(r"\(PID (\d+)\)", text)
        return WarehouseInUse(
            f"another run is active: the warehouse {warehouse} is open in another process "
            f"(pid {pid.group(1) if pid else '?'}); wait until it has finished")
    if "not a valid DuckDB database" in text:
        size = warehouse.stat().st_size if warehouse.exists() else 0
        what = "is leeg (0 bytes)" if size == 0 else f"is geen DuckDB-database ({size} bytes)"
        return RunRefused(
            f"het warehouse-bestand {warehouse} {what}. Zet een reservekopie terug, of verplaats het "
            "bestand om met een leeg warehouse te beginnen (dan ontbreekt de historie van eerdere perioden).")
    return RunRefused(f"het warehouse-bestand {warehouse} kan niet worden geopend: {text.splitlines()[0][:200]}")


def published_periods(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute("SELECT period FROM wh.period_figures ORDER BY period").fetchall()]


def published_run_id(con: duckdb.DuckDBPyConnection, period: str) -> str | None:
    """The run whose publication of ``period`` the warehouse holds (None: never published)."""
    row = con.execute("SELECT run_id FROM wh.period_figures WHERE period = ?", [period]).fetchone()
    return row[0] if row else None
