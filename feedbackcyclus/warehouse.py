"""The DuckDB warehouse: what is kept between runs, and the connection a run works in.

This is the one module that knows the warehouse's tables (``wh.*``): it creates and migrates
them, writes a period's rows (``commit_period``), keeps the run registry, purges old rows,
and gives the rest of the code read-only *history views* named in ``schemas/catalogue.py``
(``history_signals`` …). Rules and reports read those views, never ``wh.*`` itself.

A run works in an in-memory DuckDB database (the staged inputs of the period are large
and person-level, and are only needed during the run) with the warehouse file attached
as ``wh``. The warehouse keeps the history that later periods need: which BSNs were in
payroll per period, the signals per period (for the lifecycle), employer-level figures
(for persistence and trends) and the run registry. A period's rows are replaced in one
transaction, so a failed run leaves the previous state of that period intact.
"""

from __future__ import annotations

import json
import re
import time
from datetime import datetime
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

# history view (named in schemas/catalogue.py) → what it shows of the warehouse
HISTORY_VIEWS = {
    "history_payroll_months": "SELECT period, bsn FROM wh.payroll_months",
    "history_signals": "SELECT * FROM wh.signals",
    "history_employer_months": "SELECT * FROM wh.employer_months",
    "history_period_figures": "SELECT * FROM wh.period_figures",
    "history_published_runs": "SELECT * FROM wh.runs WHERE status = 'published'",
}


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
    create_history_views(con)
    return con


def create_history_views(con: duckdb.DuckDBPyConnection) -> None:
    """Read-only views of the warehouse for rules and reports (a read-only connection to a
    warehouse made before a table existed gets no view of it: nothing was stored there)."""
    present = {r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = 'wh'").fetchall()}
    for view, sql in HISTORY_VIEWS.items():
        if sql.split(" FROM wh.")[1].split()[0] in present:  # the table the view shows
            con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS {sql}")


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
    """The periods the warehouse holds a publication of, oldest first (none for a new warehouse)."""
    if not _has_table(con, "period_figures"):
        return []
    return [r[0] for r in con.execute("SELECT period FROM wh.period_figures ORDER BY period").fetchall()]


def published_run_id(con: duckdb.DuckDBPyConnection, period: str) -> str | None:
    """The run whose publication of ``period`` the warehouse holds (None: never published)."""
    row = con.execute("SELECT run_id FROM wh.period_figures WHERE period = ?", [period]).fetchone()
    return row[0] if row else None


def _has_table(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = 'wh' AND table_name = ?",
                       [table]).fetchone()[0] > 0


# --- a period's rows ---------------------------------------------------------------------

def commit_period(con: duckdb.DuckDBPyConnection, period: str, run_id: str, published_at: datetime,
                  figures: dict, *, timings: dict[str, float] | None = None) -> None:
    """Replace P's rows: who was in payroll (``payroll_bsn``), the signals with their ids
    (``signals_p``), the employer figures (``risk_feed``) and the period's counts.

    Call inside ``BEGIN``/``COMMIT`` (the publish step swaps the folder in between), so the
    warehouse never holds half a period. ``timings`` receives the seconds of each table's
    replacement (``commit.<table>``; the publish profile reads them).
    """
    def step(table: str, sql: str, params: list) -> None:
        started = time.monotonic()
        con.execute(f"DELETE FROM wh.{table} WHERE period = ?", [period])
        con.execute(sql, params)
        if timings is not None:
            timings[f"commit.{table}"] = round(time.monotonic() - started, 3)

    # No ORDER BY: every reader of payroll_months is set-based (joins, counts, max), and an
    # ordered insert of ~9.5 M national rows runs single-threaded behind a sort (9.3 s against
    # 2.8 s, for a file 4 % smaller; docs/performance.md, "Publish (helper P, session 6)").
    step("payroll_months", "INSERT INTO wh.payroll_months SELECT ?, bsn FROM payroll_bsn", [period])
    step("signals", """INSERT INTO wh.signals (period, signaal, reden, bsn, loonheffingennummer, gemeentecode, status,
                                              eerste_periode, laatste_loonperiode, signaal_id)
                       SELECT ?, signaal, reden, bsn, loonheffingennummer, gemeentecode, status,
                              eerste_periode, laatste_loonperiode, signaal_id FROM signals_p""", [period])
    step("employer_months", """INSERT INTO wh.employer_months SELECT ?, loonheffingennummer, gemeentecode,
                               aantal_werknemers, aantal_zonder_nl_adres, aantal_rni_langer_dan_4_maanden,
                               aantal_meervoudig_bsn, risicoscore FROM risk_feed""", [period])
    step("period_figures", "INSERT INTO wh.period_figures VALUES (?, ?, ?, ?)",
         [period, run_id, published_at.replace(tzinfo=None),
          json.dumps({"signals": figures["signals"], "lifecycle": figures["lifecycle"]})])


def purge_before(con: duckdb.DuckDBPyConnection, cutoff: str, payroll_cutoff: str) -> dict[str, int]:
    """Delete person-level rows of periods before the cutoffs, in one transaction (DESIGN.md §8).

    Kept: the run registry, ``period_figures`` and ``employer_months`` (counts, no BSNs).
    """
    con.execute("BEGIN TRANSACTION")
    try:
        signals = con.execute("SELECT count(*) FROM wh.signals WHERE period < ?", [cutoff]).fetchone()[0]
        con.execute("DELETE FROM wh.signals WHERE period < ?", [cutoff])
        payroll = con.execute("SELECT count(*) FROM wh.payroll_months WHERE period < ?",
                              [payroll_cutoff]).fetchone()[0]
        con.execute("DELETE FROM wh.payroll_months WHERE period < ?", [payroll_cutoff])
        con.execute("COMMIT")
    except duckdb.Error:
        con.execute("ROLLBACK")
        raise
    con.execute("CHECKPOINT wh")
    return {"signals_removed": signals, "payroll_rows_removed": payroll}


# --- the run registry --------------------------------------------------------------------

def register_start(con: duckdb.DuckDBPyConnection, *, run_id: str, period: str, command: str,
                   started_at: datetime, code_version: str, accepted_quality_warnings: bool, pid: int,
                   host: str) -> None:
    con.execute(
        """INSERT INTO wh.runs (run_id, period, command, status, started_at, code_version,
                                accepted_quality_warnings, pid, host)
           VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?)""",
        [run_id, period, command, started_at.replace(tzinfo=None), code_version, accepted_quality_warnings,
         pid, host])


def register_end(con: duckdb.DuckDBPyConnection, run_id: str, status: str, finished_at: datetime, *,
                 message: str | None = None, inputs: dict | None = None, signals: dict | None = None,
                 lifecycle: dict | None = None, timings: dict | None = None) -> None:
    con.execute(
        """UPDATE wh.runs SET status = ?, finished_at = ?, message = ?,
                  inputs = coalesce(?, inputs), signals = coalesce(?, signals), lifecycle = coalesce(?, lifecycle),
                  timings = ?
           WHERE run_id = ?""",
        [status, finished_at.replace(tzinfo=None), message, json.dumps(inputs) if inputs else None,
         json.dumps(signals) if signals else None, json.dumps(lifecycle) if lifecycle else None,
         json.dumps(timings or {}), run_id])


def list_runs(con: duckdb.DuckDBPyConnection, limit: int = 50) -> list[tuple]:
    return con.execute(
        """SELECT run_id, period, command, status, started_at, finished_at, accepted_quality_warnings,
                  coalesce(message, '') FROM wh.runs ORDER BY started_at DESC, run_id LIMIT ?""",
        [limit]).fetchall()


def run_timings(con: duckdb.DuckDBPyConnection, run_id: str) -> dict:
    """The stage timings the registry holds for a run (empty when it has none)."""
    row = con.execute("SELECT timings FROM wh.runs WHERE run_id = ?", [run_id]).fetchone()
    return json.loads(row[0]) if row and row[0] else {}
