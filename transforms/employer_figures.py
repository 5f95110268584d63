"""Employer-level figures of P: the basis of the municipality employer lists and the
inspector risk feed (DESIGN.md §5).

``aantal_werknemers`` counts the distinct BSNs in payroll in P at the employer;
``aantal_zonder_nl_adres`` those of them with LOON_ZONDER_ADRES; ``aandeel_zonder_nl_adres``
is their ratio. ``maanden_met_signaal`` counts the periods up to P in which the employer
had any signal (P itself and the earlier periods kept in the warehouse).
"""

from __future__ import annotations

import duckdb


def employer_figures(con: duckdb.DuckDBPyConnection, period: str) -> None:
    """``employer_figures``: one row per employer in payroll in P or with a signal."""
    con.execute(
        """CREATE OR REPLACE TEMP TABLE employer_figures AS
        WITH staff AS (
            SELECT loonheffingennummer, count(DISTINCT bsn) AS aantal_werknemers
            FROM payroll_rows GROUP BY 1),
        per_signal AS (
            SELECT loonheffingennummer,
                   count(DISTINCT bsn) FILTER (WHERE signaal = 'LOON_ZONDER_ADRES') AS aantal_zonder_nl_adres,
                   count(DISTINCT bsn) FILTER (WHERE signaal = 'RNI_LANGER_DAN_4_MAANDEN')
                       AS aantal_rni_langer_dan_4_maanden,
                   count(DISTINCT bsn) FILTER (WHERE signaal = 'LOON_ZONDER_ADRES' AND status = 'blijvend')
                       AS aantal_blijvend_zonder_nl_adres
            FROM signals_p WHERE loonheffingennummer IS NOT NULL GROUP BY 1),
        multi AS (
            SELECT p.loonheffingennummer, count(DISTINCT p.bsn) AS aantal_meervoudig_bsn
            FROM payroll_rows p JOIN signals_p s ON s.bsn = p.bsn AND s.signaal = 'MEERVOUDIG_BSN_GEBRUIK'
            GROUP BY 1),
        earlier AS (
            SELECT loonheffingennummer, count(DISTINCT period) AS maanden
            FROM history_employer_months WHERE period < ? GROUP BY 1)
        SELECT staff.loonheffingennummer,
               w.kvk_nummer, w.naam, w.straat, w.huisnummer, w.huisnummer_toevoeging, w.postcode, w.plaats,
               w.gemeentecode, w.sector_code, w.is_uitlener,
               staff.aantal_werknemers,
               coalesce(ps.aantal_zonder_nl_adres, 0) AS aantal_zonder_nl_adres,
               coalesce(ps.aantal_zonder_nl_adres, 0) / staff.aantal_werknemers AS aandeel_zonder_nl_adres,
               coalesce(ps.aantal_rni_langer_dan_4_maanden, 0) AS aantal_rni_langer_dan_4_maanden,
               coalesce(m.aantal_meervoudig_bsn, 0) AS aantal_meervoudig_bsn,
               coalesce(ps.aantal_blijvend_zonder_nl_adres, 0) AS aantal_blijvend_zonder_nl_adres,
               (coalesce(ps.aantal_zonder_nl_adres, 0) + coalesce(ps.aantal_rni_langer_dan_4_maanden, 0)
                + coalesce(m.aantal_meervoudig_bsn, 0)) > 0 AS heeft_signaal,
               coalesce(e.maanden, 0) + 1 AS maanden_met_signaal
        FROM staff
        LEFT JOIN stg_werkgevers w USING (loonheffingennummer)
        LEFT JOIN per_signal ps USING (loonheffingennummer)
        LEFT JOIN multi m USING (loonheffingennummer)
        LEFT JOIN earlier e USING (loonheffingennummer)
        ORDER BY staff.loonheffingennummer""",
        [period],
    )
