"""How the signals of P−1 that are gone in P were resolved (DESIGN.md §4 lifecycle, §9).

"Opgelost" only says that a signal of P−1 is absent in P. For the national report that
overstates the effect of the cycle: most LOON_ZONDER_ADRES cases disappear because the
person left that employer's payroll, not because a registration was put right. So every
resolved signal gets one way (``wijze``), judged on P's tables:

- ``uit_loon``: a bsn × employer signal whose BSN has no payroll row at that employer in P
  (left the job — or the employer corrected a wrong BSN, which looks the same from here);
  MEERVOUDIG_BSN_GEBRUIK whose BSN is in no payroll at all any more;
- ``weer_in_loon``: ADRES_ZONDER_LOON whose BSN is in payroll again;
- ``geregistreerd``: the registers now say what the signal asked for — a Dutch address is
  known (LOON_ZONDER_ADRES), the person is a resident in the BRP (RNI_LANGER_DAN_4_MAANDEN,
  ADRES_ZONDER_LOON), or the stale RNI stay address has ended (ADRES_ZONDER_LOON);
- ``overig``: anything else (fewer months or hours than the rule needs, a BSN that is no
  longer unambiguous in the registers).

The first matching way wins, in that order. Reads ``history_signals`` of P−1 and, of P,
``signals_p``, ``payroll_rows``, ``payroll_bsn`` and ``person_status``; writes
``resolved_signals`` (one row per resolved signal: its key, reden and wijze).
"""

from __future__ import annotations

import duckdb

from feedbackcyclus.periods import previous
from transforms.lifecycle import KEY_MATCH

WAYS = ("geregistreerd", "uit_loon", "weer_in_loon", "overig")

SQL = f"""
CREATE OR REPLACE TEMP TABLE resolved_signals AS
WITH prev AS (
    SELECT signaal, reden, bsn, loonheffingennummer FROM history_signals WHERE period = ?),
gone AS (
    SELECT prev.* FROM prev
    WHERE NOT EXISTS (SELECT 1 FROM signals_p c WHERE {KEY_MATCH}))  -- the lifecycle's key
SELECT g.signaal, g.reden, g.bsn, g.loonheffingennummer,
       CASE
         WHEN g.loonheffingennummer IS NOT NULL AND NOT EXISTS (
              SELECT 1 FROM payroll_rows p WHERE p.bsn = g.bsn AND p.loonheffingennummer = g.loonheffingennummer)
              THEN 'uit_loon'
         WHEN g.signaal = 'MEERVOUDIG_BSN_GEBRUIK' AND NOT EXISTS (SELECT 1 FROM payroll_bsn b WHERE b.bsn = g.bsn)
              THEN 'uit_loon'
         WHEN g.signaal = 'ADRES_ZONDER_LOON' AND EXISTS (SELECT 1 FROM payroll_bsn b WHERE b.bsn = g.bsn)
              THEN 'weer_in_loon'
         WHEN g.signaal = 'LOON_ZONDER_ADRES' AND coalesce(ps.adres_bekend, false) THEN 'geregistreerd'
         WHEN g.signaal IN ('RNI_LANGER_DAN_4_MAANDEN', 'ADRES_ZONDER_LOON') AND coalesce(ps.in_brp, false)
              THEN 'geregistreerd'
         WHEN g.signaal = 'ADRES_ZONDER_LOON' AND ps.rni_only AND NOT coalesce(ps.adres_bekend, false)
              THEN 'geregistreerd'
         ELSE 'overig'
       END AS wijze
FROM gone g
LEFT JOIN person_status ps ON ps.bsn = g.bsn
"""


def resolve_signals(con: duckdb.DuckDBPyConnection, period: str) -> None:
    """``resolved_signals``: each signal of P−1 absent in P, with the way it went."""
    con.execute(SQL, [previous(period)])


def resolution_counts(con: duckdb.DuckDBPyConnection, period: str) -> dict[str, dict[str, int]]:
    """Per signal code (and ``LOON_ZONDER_ADRES:<reden>``): resolved count per way and in total."""
    resolve_signals(con, period)
    rows = con.execute("""SELECT signaal, reden, wijze, count(*) FROM resolved_signals
                          GROUP BY ALL ORDER BY signaal, reden NULLS FIRST, wijze""").fetchall()
    out: dict[str, dict[str, int]] = {}
    for signaal, reden, wijze, n in rows:
        keys = [signaal] + ([f"{signaal}:{reden}"] if reden else [])
        for key in keys:
            entry = out.setdefault(key, {w: 0 for w in (*WAYS, "totaal")})
            entry[wijze] += n
            entry["totaal"] += n
    return out
