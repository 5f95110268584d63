"""What municipalities and employers answered per case (DESIGN.md §9), as the run sees it.

The portal's reader (run before matching) fills the temp table ``terugkoppeling_latest``
with the latest outcome stored per ``signaal_id`` before the run started. This module
creates that table empty when no reader did (no portal database yet), and derives the two
things the publication shows: the ``terugkoppeling`` of every signal of P (its case's latest
outcome, empty if none) and the manifest's count per outcome code.

Which cases the manifest counts: every case active in P−1 or in P (a case solved in P, i.e.
present in P−1 only, is still answered about this month), each once, by its latest outcome.
A case's id carries over between months, so a case present in both is one case.
"""

from __future__ import annotations

import duckdb

OUTCOME_CODES = ("IN_ONDERZOEK", "AFGEROND_MET_BRP_MUTATIE", "AFGEROND_ZONDER_BRP_MUTATIE", "ONJUIST_SIGNAAL",
                 "WERKNEMER_GEINFORMEERD", "GECORRIGEERD_IN_LOONAANGIFTE", "WERKNEMER_UIT_DIENST")

LATEST_DDL = """CREATE TEMP TABLE IF NOT EXISTS terugkoppeling_latest(
    signaal_id VARCHAR, uitkomst VARCHAR, gemeld_op TIMESTAMP, rol VARCHAR)"""


def ensure_latest_outcomes(con: duckdb.DuckDBPyConnection) -> None:
    """The seam with the portal: ``terugkoppeling_latest``, one row per signaal_id (empty when none)."""
    con.execute(LATEST_DDL)


def attach_outcomes(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Add ``terugkoppeling`` to ``signals_p``; return the manifest's counts per outcome code.

    Needs ``signals_p`` and ``signals_prev`` (the lifecycle). An outcome code outside §9 cannot
    come from the portal (it refuses them); should one appear it is shown, not counted.
    """
    ensure_latest_outcomes(con)
    con.execute(
        """CREATE OR REPLACE TEMP TABLE signals_p AS
        SELECT s.*, t.uitkomst AS terugkoppeling
        FROM signals_p s LEFT JOIN terugkoppeling_latest t USING (signaal_id)
        ORDER BY s.signaal, s.reden NULLS FIRST, s.bsn, s.loonheffingennummer NULLS FIRST"""
    )
    counts = dict(con.execute(
        """WITH cases AS (SELECT signaal_id FROM signals_p UNION SELECT signaal_id FROM signals_prev)
        SELECT t.uitkomst, count(*) FROM terugkoppeling_latest t SEMI JOIN cases USING (signaal_id)
        GROUP BY 1"""
    ).fetchall())
    return {code: counts.get(code, 0) for code in OUTCOME_CODES}
