"""The monthly run reads the portal's outcomes (DESIGN.md §9), read-only, never blocking.

Before matching, the run loads the latest outcome per ``signaal_id`` that was stored
*before the run started* into the DuckDB temp table ``terugkoppeling_latest``; the signal
files' ``terugkoppeling`` column, the manifest counts and the report's effectiveness
figures are computed from it. ``terugkoppeling_first`` holds when each case was first
answered, because "answered within 4 weeks" is about the first answer, not the latest.

The run opens SQLite with ``mode=ro`` (WAL: the portal keeps writing meanwhile) and
PostgreSQL in a read-only session; it imports no portal web code. No database file yet →
empty tables (nobody has answered anything). A configured PostgreSQL server that cannot be
reached stops the run (exit 2): publishing empty outcome counts would misreport the cycle.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import duckdb
import pyarrow as pa
import sqlalchemy as sa

from feedbackcyclus.errors import RunRefused
from feedbackcyclus.portal_database import database_location, is_postgres, open_read_only, outcomes
from feedbackcyclus.settings import Settings

LATEST_DDL = ("CREATE TEMP TABLE IF NOT EXISTS terugkoppeling_latest("
              "signaal_id VARCHAR, uitkomst VARCHAR, gemeld_op TIMESTAMP, rol VARCHAR)")
FIRST_DDL = ("CREATE TEMP TABLE IF NOT EXISTS terugkoppeling_first("
             "signaal_id VARCHAR, eerste_gemeld_op TIMESTAMP)")


def _cutoff(started: datetime) -> datetime:
    """Naive UTC bound for "stored before the run started".

    A run's start time is kept to the second (the run registry, the manifest); the outcomes'
    to the microsecond. Everything stored before the end of the run's start second counts:
    the run reads after that moment anyway, and a rerun with the same start reads the same set.
    """
    naive = started.astimezone(UTC).replace(tzinfo=None) if started.tzinfo else started
    return naive.replace(microsecond=0) + timedelta(seconds=1)


def latest_outcomes_query(before: datetime) -> sa.Select:
    """Latest outcome per signaal_id stored before ``before`` (ties: the later insert wins)."""
    ranked = sa.select(
        outcomes.c.signaal_id, outcomes.c.uitkomst, outcomes.c.ingevoerd_op, outcomes.c.rol,
        sa.func.row_number().over(partition_by=outcomes.c.signaal_id,
                                  order_by=(outcomes.c.ingevoerd_op.desc(), outcomes.c.id.desc())).label("rn"),
        sa.func.min(outcomes.c.ingevoerd_op).over(partition_by=outcomes.c.signaal_id).label("eerste"),
    ).where(outcomes.c.ingevoerd_op < _cutoff(before)).subquery()
    return (sa.select(ranked.c.signaal_id, ranked.c.uitkomst, ranked.c.ingevoerd_op, ranked.c.rol, ranked.c.eerste)
            .where(ranked.c.rn == 1).order_by(ranked.c.signaal_id))


def read_latest_outcomes(location: str, before: datetime) -> list[tuple]:
    """Rows (signaal_id, uitkomst, gemeld_op, rol, eerste_gemeld_op) from the portal database."""
    engine = open_read_only(location)
    if engine is None:
        return []
    try:
        with engine.connect() as con:
            if not sa.inspect(con).has_table("outcomes"):
                return []
            return [tuple(r) for r in con.execute(latest_outcomes_query(before)).fetchall()]
    except sa.exc.OperationalError as exc:
        where = "PostgreSQL-server" if is_postgres(location) else "SQLite-bestand"
        raise RunRefused(f"de portaaldatabase ({where} uit [portal] database) is niet leesbaar: "
                         f"{type(exc.orig).__name__}. Terugkoppeling kan niet worden meegenomen.") from None
    finally:
        engine.dispose()


def read_outcomes(settings: Settings, before: datetime) -> list[tuple]:
    """The configured portal database's latest outcomes before ``before`` (see ``read_latest_outcomes``)."""
    return read_latest_outcomes(database_location(settings), before)


def load_outcomes(con: duckdb.DuckDBPyConnection, settings: Settings, before: datetime) -> int:
    """Read and load in one call (tests, tools); the run reads before it opens the warehouse."""
    return load_outcome_rows(con, read_outcomes(settings, before))


def load_outcome_rows(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> int:
    """Fill ``terugkoppeling_latest`` and ``terugkoppeling_first``; return the number of cases answered."""
    con.execute(LATEST_DDL)
    con.execute(FIRST_DDL)
    con.execute("DELETE FROM terugkoppeling_latest")
    con.execute("DELETE FROM terugkoppeling_first")
    if not rows:
        return 0
    columns = list(zip(*rows, strict=True))
    latest = pa.table({"signaal_id": pa.array(columns[0], pa.string()), "uitkomst": pa.array(columns[1], pa.string()),
                       "gemeld_op": pa.array(columns[2], pa.timestamp("us")), "rol": pa.array(columns[3], pa.string()),
                       "eerste": pa.array(columns[4], pa.timestamp("us"))})
    con.register("portal_outcomes_arrow", latest)
    try:
        con.execute("INSERT INTO terugkoppeling_latest SELECT signaal_id, uitkomst, gemeld_op, rol "
                    "FROM portal_outcomes_arrow")
        con.execute("INSERT INTO terugkoppeling_first SELECT signaal_id, eerste FROM portal_outcomes_arrow")
    finally:
        con.unregister("portal_outcomes_arrow")
    return len(rows)
