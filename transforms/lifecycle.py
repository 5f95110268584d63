"""The lifecycle of a signal across periods, and the case id it carries (DESIGN.md §4).

A signal's key is (signaal, bsn, loonheffingennummer-or-empty). In P it is ``nieuw`` when
the key was not present in P−1 and ``blijvend`` when it was; ``eerste_periode`` is the first
period of the unbroken run of months it has been present (it carries over from P−1, so a
signal that disappears and comes back starts a new run). Signals of P−1 absent in P are
``opgelost``. P−1 is read from the warehouse, so periods must run in order.

``signaal_id`` names one unbroken run (a case, *dossier*): ``FBC-<YYYYMM of
eerste_periode>-<6 digits>``. The ``nieuw`` signals of P are numbered 1, 2, … in the order
(signaal, bsn, loonheffingennummer — an empty one first); a ``blijvend`` signal keeps the id
of its row in P−1. The numbering depends only on the signals of P and P−1, so a rerun of P
gives the same ids, and a signal back after a gap is ``nieuw`` and gets a new one.

A warehouse written before ids existed has P−1 rows without one. Such a continuing case
gets ``FBC-<YYYYMM of its eerste_periode>-`` with a sequence from ``LEGACY_SEQUENCE_START``
+ 1 in the same order, so it cannot collide with the ids that month numbered itself
(docs/decisions.md, "Signal ids").
"""

from __future__ import annotations

import duckdb

from feedbackcyclus.periods import previous

KEY_MATCH = """prev.signaal = c.signaal AND prev.bsn = c.bsn
    AND prev.loonheffingennummer IS NOT DISTINCT FROM c.loonheffingennummer"""
NUMBERING_ORDER = "signaal, bsn, loonheffingennummer NULLS FIRST"
LEGACY_SEQUENCE_START = 500_000


def signal_id_sql(period_expr: str, sequence_expr: str) -> str:
    """SQL of ``FBC-<YYYYMM>-<000000>`` from a ``YYYY-MM`` period and a sequence number."""
    return f"printf('FBC-%s-%06d', replace({period_expr}, '-', ''), {sequence_expr})"


def apply_lifecycle(con: duckdb.DuckDBPyConnection, period: str) -> dict[str, int]:
    """``signals_p``: the signals of P with signaal_id, status, eerste_periode and laatste_loonperiode."""
    prev = previous(period)
    con.execute(
        """CREATE OR REPLACE TEMP TABLE signals_prev AS
            SELECT signaal, bsn, loonheffingennummer, eerste_periode, signaal_id FROM history_signals WHERE period = ?""",
        [prev],
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE signals_p AS
        WITH joined AS (
            SELECT c.signaal, c.reden, c.bsn, c.loonheffingennummer, c.gemeentecode,
                   prev.bsn IS NOT NULL AS continuing,
                   coalesce(prev.eerste_periode, $period) AS eerste_periode,
                   prev.signaal_id AS previous_id,
                   lp.laatste_loonperiode
            FROM signal_candidates c
            LEFT JOIN signals_prev prev ON {KEY_MATCH}
            LEFT JOIN last_payroll lp ON lp.bsn = c.bsn),
        numbered AS (
            SELECT *, row_number() OVER (PARTITION BY continuing, previous_id IS NULL, eerste_periode
                                         ORDER BY {NUMBERING_ORDER}) AS sequence
            FROM joined)
        SELECT CASE WHEN NOT continuing THEN {signal_id_sql('eerste_periode', 'sequence')}
                    WHEN previous_id IS NULL THEN {signal_id_sql('eerste_periode',
                                                                 f'{LEGACY_SEQUENCE_START} + sequence')}
                    ELSE previous_id END AS signaal_id,
               signaal, reden, bsn, loonheffingennummer, gemeentecode,
               CASE WHEN continuing THEN 'blijvend' ELSE 'nieuw' END AS status,
               eerste_periode, laatste_loonperiode
        FROM numbered
        ORDER BY signaal, reden NULLS FIRST, bsn, loonheffingennummer NULLS FIRST""",
        {"period": period},
    )
    counts = dict(con.execute("SELECT status, count(*) FROM signals_p GROUP BY status").fetchall())
    solved = con.execute(
        f"""SELECT count(*) FROM signals_prev prev
            WHERE NOT EXISTS (SELECT 1 FROM signals_p c WHERE {KEY_MATCH})"""
    ).fetchone()[0]
    return {"nieuw": counts.get("nieuw", 0), "blijvend": counts.get("blijvend", 0), "opgelost": solved}
