"""*Dutch address known* at peildatum, per BSN of the registers (DESIGN.md §4).

A resident (in ``brp``; a BSN in both registers counts as a resident) has one unless
``datum_vertrek`` or ``datum_overlijden`` is on or before peildatum. Someone in ``rni``
only has one when not deceased on or before peildatum (``rni.datum_overlijden``, LO3
06.08.10: the dead have no address, whatever stale stay address is still registered) and a
stay address is registered (any ``verblijf_`` address field present) and valid at
peildatum: ``datum_aanvang_verblijfsadres`` empty or ≤ peildatum and
``datum_einde_verblijfsadres`` empty or ≥ peildatum. Incomplete dates compare as the
earliest day they can mean; a wholly unknown date counts as absent.

``reden_zonder_adres`` says why there is none; ``OVERLEDEN`` (by either register) wins over
every other reason (DESIGN.md §4 v2).
"""

from __future__ import annotations

import duckdb

from feedbackcyclus.periods import peildatum
from schemas.contract import STAY_ADDRESS_FIELDS


def stay_address_registered_sql(alias: str = "r") -> str:
    return "(" + " OR ".join(f"{alias}.{f} IS NOT NULL" for f in STAY_ADDRESS_FIELDS) + ")"


def address_status(con: duckdb.DuckDBPyConnection, period: str) -> None:
    """``person_status``: bsn, in_brp, rni_only, adres_bekend, reden_zonder_adres, stay-address gemeentecode."""
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE person_status AS
        WITH brp AS (
            SELECT bsn,
                   coalesce(datum_overlijden_vroegst <= $peil, false) AS overleden,
                   coalesce(datum_vertrek_vroegst <= $peil, false) AS vertrokken
            FROM stg_brp),
        rni AS (
            SELECT bsn, verblijf_gemeentecode,
                   coalesce(datum_overlijden_vroegst <= $peil, false) AS overleden,
                   {stay_address_registered_sql()}
                   AND (datum_aanvang_verblijfsadres_vroegst IS NULL OR datum_aanvang_verblijfsadres_vroegst <= $peil)
                   AND (datum_einde_verblijfsadres_vroegst IS NULL OR datum_einde_verblijfsadres_vroegst >= $peil)
                   AS verblijf_bekend
            FROM stg_rni r)
        SELECT bsn,
               brp.bsn IS NOT NULL AS in_brp,
               brp.bsn IS NULL AS rni_only,
               CASE WHEN brp.bsn IS NOT NULL THEN NOT (brp.overleden OR brp.vertrokken)
                    ELSE rni.verblijf_bekend AND NOT rni.overleden END AS adres_bekend,
               CASE WHEN brp.bsn IS NOT NULL AND brp.overleden THEN 'OVERLEDEN'
                    WHEN brp.bsn IS NOT NULL AND brp.vertrokken AND coalesce(rni.overleden, false) THEN 'OVERLEDEN'
                    WHEN brp.bsn IS NOT NULL AND brp.vertrokken THEN 'VERTROKKEN'
                    WHEN brp.bsn IS NULL AND rni.overleden THEN 'OVERLEDEN'
                    WHEN brp.bsn IS NULL AND NOT rni.verblijf_bekend THEN 'RNI_ZONDER_VERBLIJFSADRES'
               END AS reden_zonder_adres,
               CASE WHEN brp.bsn IS NULL THEN rni.verblijf_gemeentecode END AS verblijf_gemeentecode
        FROM brp FULL OUTER JOIN rni USING (bsn)""",
        {"peil": peildatum(period)},
    )
