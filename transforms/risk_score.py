"""The inspector's ``risicoscore`` (0–100) and the ``risicofactoren`` that explain it.

Points per factor (documented in docs/risk-score.md; the weights are deliberately simple so
an inspector can recompute a score by hand):

| factor                                   | points                               |
|------------------------------------------|--------------------------------------|
| share of employees without Dutch address | 40 × aandeel_zonder_nl_adres          |
| persistence                              | 15 × min(maanden_met_signaal, 6) / 6  |
| notified earlier and not resolved        | 15 when a LOON_ZONDER_ADRES is blijvend |
| staffing agency (uitlener or sector 52)  | 10                                   |
| RNI longer than 4 months                 | 10 × min(count, 5) / 5                |
| multiple BSN use                         | 10 × min(count, 3) / 3                |

Each factor is rounded to whole points; the score is their sum (at most 100). Counts only,
no BSNs: the feed is employer-level (DESIGN.md §8).
"""

from __future__ import annotations

import duckdb

FACTORS_SQL = """
    round(40 * aandeel_zonder_nl_adres)::INTEGER AS p_aandeel,
    CASE WHEN heeft_signaal THEN round(15 * least(maanden_met_signaal, 6) / 6)::INTEGER ELSE 0 END AS p_duur,
    CASE WHEN aantal_blijvend_zonder_nl_adres > 0 THEN 15 ELSE 0 END AS p_onopgelost,
    CASE WHEN coalesce(is_uitlener, false) OR sector_code = '52' THEN 10 ELSE 0 END AS p_uitlener,
    round(10 * least(aantal_rni_langer_dan_4_maanden, 5) / 5)::INTEGER AS p_rni,
    round(10 * least(aantal_meervoudig_bsn, 3) / 3)::INTEGER AS p_meervoudig
"""


def risk_feed(con: duckdb.DuckDBPyConnection) -> None:
    """``risk_feed``: one row per employer with any signal, with score and factors."""
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE risk_feed AS
        WITH f AS (SELECT *, {FACTORS_SQL} FROM employer_figures WHERE heeft_signaal)
        SELECT *,
               least(100, p_aandeel + p_duur + p_onopgelost + p_uitlener + p_rni + p_meervoudig) AS risicoscore,
               concat_ws('; ',
                   CASE WHEN p_aandeel > 0 THEN printf('aandeel zonder NL-adres %.0f%% (+%d)',
                        100 * aandeel_zonder_nl_adres, p_aandeel) END,
                   CASE WHEN p_duur > 0 THEN printf('signaal in %d maand(en) (+%d)', maanden_met_signaal, p_duur) END,
                   CASE WHEN p_onopgelost > 0 THEN printf('eerder gemeld, niet opgelost: %d werknemer(s) (+%d)',
                        aantal_blijvend_zonder_nl_adres, p_onopgelost) END,
                   CASE WHEN p_uitlener > 0 THEN printf('uitzendbureau/uitlener (+%d)', p_uitlener) END,
                   CASE WHEN p_rni > 0 THEN printf('%d RNI langer dan 4 maanden (+%d)',
                        aantal_rni_langer_dan_4_maanden, p_rni) END,
                   CASE WHEN p_meervoudig > 0 THEN printf('%d meervoudig BSN-gebruik (+%d)',
                        aantal_meervoudig_bsn, p_meervoudig) END
               ) AS risicofactoren
        FROM f
        ORDER BY loonheffingennummer"""
    )
