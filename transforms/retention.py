"""Retention: remove person-level rows older than the periods to keep (DESIGN.md §8).

Kept: the run registry, ``period_figures`` (aggregate counts per period) and
``employer_months`` (employer-level counts). Removed: ``signals`` (BSNs) before the cutoff,
and ``payroll_months`` before the cutoff — except the periods the 4-of-6-months rule of later
periods still needs, so purging never changes a later period's signals.
"""

from __future__ import annotations

import duckdb

from feedbackcyclus.periods import shift


def purge_warehouse(con: duckdb.DuckDBPyConnection, newest: str, keep_months: int, rule_window: int) -> dict:
    """Delete in one transaction; return the cutoffs and the numbers of rows removed."""
    cutoff = shift(newest, -(keep_months - 1))
    payroll_cutoff = min(cutoff, shift(newest, -(rule_window - 1)))
    con.execute("BEGIN TRANSACTION")
    try:
        signals = con.execute("SELECT count(*) FROM wh.signals WHERE period < ?", [cutoff]).fetchone()[0]
        con.execute("DELETE FROM wh.signals WHERE period < ?", [cutoff])
        payroll = con.execute("SELECT count(*) FROM wh.payroll_months WHERE period < ?",
                              [payroll_cutoff]).fetchone()[0]
        con.execute("DELETE FROM wh.payroll_months WHERE period < ?", [payroll_cutoff])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    con.execute("CHECKPOINT wh")
    return {"cutoff": cutoff, "payroll_cutoff": payroll_cutoff, "signals_removed": signals,
            "payroll_rows_removed": payroll}
