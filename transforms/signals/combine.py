"""All signals of P in one table, ``signal_candidates``, before the lifecycle.

Here, in one place, the rule that holds for every signal: a BSN whose key was ambiguous
in ``brp`` or ``rni`` (``DUBBELE_SLEUTEL``) is left out of every signal of the period — it is
neither matched nor reported as unknown (DESIGN.md §3). And ``gemeentecode``: the stay
address's municipality for ADRES_ZONDER_LOON, the employer's for bsn × employer signals.

``NOT EXISTS`` rather than ``NOT IN``: the same rows (``excluded_bsn`` holds valid keys only,
never NULL), but a plain anti-join instead of the NULL-aware mark join ``NOT IN`` needs.
"""

from __future__ import annotations

import duckdb

from feedbackcyclus.settings import RuleSettings
from transforms.signals.adres_zonder_loon import adres_zonder_loon
from transforms.signals.loon_zonder_adres import loon_zonder_adres
from transforms.signals.meervoudig_bsn_gebruik import meervoudig_bsn_gebruik
from transforms.signals.rni_langer_dan_4_maanden import rni_langer_dan_4_maanden

SIGNAL_CODES = ("LOON_ZONDER_ADRES", "ADRES_ZONDER_LOON", "RNI_LANGER_DAN_4_MAANDEN", "MEERVOUDIG_BSN_GEBRUIK")


def combine_signals(con: duckdb.DuckDBPyConnection, rules: RuleSettings) -> None:
    rules_sql = "\nUNION ALL\n".join(
        f"({q})" for q in (loon_zonder_adres(), adres_zonder_loon(),
                           rni_langer_dan_4_maanden(rules), meervoudig_bsn_gebruik(rules))
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE signal_candidates AS
        WITH s AS ({rules_sql})
        SELECT s.signaal, s.reden, s.bsn, s.loonheffingennummer,
               CASE WHEN s.signaal = 'ADRES_ZONDER_LOON' THEN s.verblijf_gemeentecode
                    WHEN s.loonheffingennummer IS NOT NULL THEN w.gemeentecode END AS gemeentecode
        FROM s
        LEFT JOIN stg_werkgevers w ON w.loonheffingennummer = s.loonheffingennummer
        WHERE NOT EXISTS (SELECT 1 FROM excluded_bsn x WHERE x.bsn = s.bsn)"""
    )
