"""The lifecycle of a signal across periods (DESIGN.md §4).

A signal's key is (signaal, bsn, loonheffingennummer-or-empty). In P it is ``nieuw`` when
the key was not present in P−1 and ``blijvend`` when it was; ``eerste_periode`` is the first
period of the unbroken run of months it has been present (it carries over from P−1, so a
signal that disappears and comes back starts a new run). Signals of P−1 absent in P are
``opgelost``. P−1 is read from the warehouse, so periods must run in order.
"""

from __future__ import annotations

import duckdb

from feedbackcyclus.periods import previous

KEY_MATCH = """prev.signaal = c.signaal AND prev.bsn = c.bsn
    AND prev.loonheffingennummer IS NOT DISTINCT FROM c.loonheffingennummer"""


def apply_lifecycle(con: duckdb.DuckDBPyConnection, period: str) -> dict[str, int]:
    """``signals_p``: the signals of P with status, eerste_periode and laatste_loonperiode."""
    prev = previous(period)
    con.execute(
        """CREATE OR REPLACE TEMP TABLE signals_prev AS
            SELECT signaal, bsn, loonheffingennummer, eerste_periode FROM wh.signals WHERE period = ?""",
        [prev],
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE signals_p AS
        SELECT c.signaal, c.reden, c.bsn, c.loonheffingennummer, c.gemeentecode,
               CASE WHEN prev.bsn IS NULL THEN 'nieuw' ELSE 'blijvend' END AS status,
               coalesce(prev.eerste_periode, ?) AS eerste_periode,
               lp.laatste_loonperiode
        FROM signal_candidates c
        LEFT JOIN signals_prev prev ON {KEY_MATCH}
        LEFT JOIN last_payroll lp ON lp.bsn = c.bsn
        ORDER BY c.signaal, c.reden NULLS FIRST, c.bsn, c.loonheffingennummer NULLS FIRST""",
        [period],
    )
    counts = dict(con.execute("SELECT status, count(*) FROM signals_p GROUP BY status").fetchall())
    solved = con.execute(
        f"""SELECT count(*) FROM signals_prev prev
            WHERE NOT EXISTS (SELECT 1 FROM signals_p c WHERE {KEY_MATCH})"""
    ).fetchone()[0]
    return {"nieuw": counts.get("nieuw", 0), "blijvend": counts.get("blijvend", 0), "opgelost": solved}
