"""Who is *in payroll in P* (DESIGN.md §4), now and in the periods already loaded.

A BSN is in payroll in P when it has at least one ``polis`` row of P whose income
relation has not ended before the first day of P: a relation that ended on the first
day still counts, one that ended the day before does not.
"""

from __future__ import annotations

import duckdb

from feedbackcyclus.periods import first_day, shift
from feedbackcyclus.sqltext import sql_identifier

PAYROLL_COLUMNS = ("bsn", "loonheffingennummer", "ikv_id", "datum_aanvang_ikv", "verloonde_uren")
_COUNTS_IN_P = "datum_einde_ikv IS NULL OR datum_einde_ikv >= ?"


def in_payroll(con: duckdb.DuckDBPyConnection, period: str, consume: bool = False) -> int:
    """``payroll_rows``: the polis rows of P that count; ``payroll_bsn``: their BSNs, each with
    its number of rows (``rijen``: MEERVOUDIG_BSN_GEBRUIK needs it, and counting in the one
    grouping of 10 M rows that the distinct BSNs need anyway saves a second one); returns the
    number of BSNs.

    ``consume``: ``stg_polis`` itself becomes ``payroll_rows`` (the rows of relations ended
    before P deleted, the columns no rule reads dropped) instead of being copied. A run does
    this: the quality gates have read ``stg_polis`` before the match and nothing reads it after,
    and at national scale the copy is 10 M rows written, and held beside the original under the
    engine's memory limit (measured: −5 CPU s, −0.5 GB of spill; the same rows in the same order).
    """
    if consume:
        con.execute(f"DELETE FROM stg_polis WHERE NOT ({_COUNTS_IN_P})", [first_day(period)])
        for name in [d[0] for d in con.execute("SELECT * FROM stg_polis LIMIT 0").description]:
            if name not in PAYROLL_COLUMNS:
                con.execute(f"ALTER TABLE stg_polis DROP COLUMN {sql_identifier(name)}")
        con.execute("DROP TABLE IF EXISTS payroll_rows")
        con.execute("ALTER TABLE stg_polis RENAME TO payroll_rows")
    else:
        con.execute(f"CREATE OR REPLACE TEMP TABLE payroll_rows AS SELECT {', '.join(PAYROLL_COLUMNS)} "
                    f"FROM stg_polis WHERE {_COUNTS_IN_P}", [first_day(period)])
    con.execute("CREATE OR REPLACE TEMP TABLE payroll_bsn AS SELECT bsn, count(*) AS rijen FROM payroll_rows GROUP BY bsn")
    return con.execute("SELECT count(*) FROM payroll_bsn").fetchone()[0]


def payroll_history(con: duckdb.DuckDBPyConnection, period: str, months: int) -> None:
    """``payroll_window``: (period, bsn) for the ``months`` periods ending with P.

    Earlier periods come from the warehouse (periods already loaded), P from this run.
    """
    start = shift(period, -(months - 1))
    con.execute(
        """CREATE OR REPLACE TEMP TABLE payroll_window AS
           SELECT period, bsn FROM history_payroll_months WHERE period >= ? AND period < ?
           UNION ALL SELECT ? AS period, bsn FROM payroll_bsn""",
        [start, period, period],
    )


def last_payroll_period(con: duckdb.DuckDBPyConnection, period: str, of: str = "signal_candidates") -> None:
    """``last_payroll``: per BSN of the table ``of`` the last period up to P in which it was in payroll.

    Only the BSNs that need it (those with a signal) are looked up: the history holds every
    payroll BSN of every period kept, tens of millions of rows a year at national scale.
    """
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE last_payroll AS
           SELECT bsn, max(period) AS laatste_loonperiode FROM (
               SELECT period, bsn FROM history_payroll_months WHERE period < ?
               UNION ALL SELECT ? AS period, bsn FROM payroll_bsn)
           SEMI JOIN (SELECT DISTINCT bsn FROM {of}) USING (bsn)
           GROUP BY bsn""",
        [period, period],
    )


def periods_with_payroll(con: duckdb.DuckDBPyConnection, period: str) -> set[str]:
    """Periods whose payroll is in the warehouse, plus P itself."""
    rows = con.execute("SELECT DISTINCT period FROM history_payroll_months WHERE period < ?", [period]).fetchall()
    return {r[0] for r in rows} | {period}


def history_months(loaded: set[str], period: str, window: int) -> int:
    """How many of the ``window`` periods ending with ``period`` have payroll history."""
    return sum(1 for i in range(window) if shift(period, -i) in loaded)
