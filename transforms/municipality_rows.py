"""The rows a municipality receives (DESIGN.md §5 ``gemeenten/``, §8).

``municipality_address_rows``: ADRES_ZONDER_LOON at stay addresses in the municipality, with
the RNI entry of the person (name, stay address, registration).
``municipality_rni_rows``: RNI_LANGER_DAN_4_MAANDEN of people with a stay address known at
peildatum, one row per person, with the employer that paid them the most hours in P (ties: the
lowest loonheffingennummer) and the number of months in payroll of the rule's window.
``rni_stay_addresses``: per stay address, how many RNI registrants with a known address live
there and how many of them no longer receive wages (the summary's housing signal).

The partition key ``gemeentecode`` comes first in each table.
"""

from __future__ import annotations

import duckdb

from transforms.dutch_address import stay_address_registered_sql

ADDRESS_SQL = """
CREATE OR REPLACE TEMP TABLE municipality_address_rows AS
SELECT s.gemeentecode, s.signaal_id, $period AS periode, s.signaal, s.bsn, r.geslachtsnaam, r.voornamen,
       r.geboortedatum, r.verblijf_straat, r.verblijf_huisnummer, r.verblijf_huisletter, r.verblijf_toevoeging,
       r.verblijf_postcode, r.verblijf_woonplaats, r.datum_aanvang_verblijfsadres, r.datum_inschrijving,
       r.land_woonadres, r.contactgegevens_bekend,
       s.laatste_loonperiode, s.eerste_periode, s.status, s.terugkoppeling, s.toelichting
FROM signals_p s JOIN stg_rni r ON r.bsn = s.bsn
WHERE s.signaal = 'ADRES_ZONDER_LOON' AND s.gemeentecode IS NOT NULL
"""

RNI_SQL = """
CREATE OR REPLACE TEMP TABLE municipality_rni_rows AS
WITH signalled AS (SELECT * FROM signals_p WHERE signaal = 'RNI_LANGER_DAN_4_MAANDEN'),
hours AS (
    SELECT bsn, loonheffingennummer, sum(verloonde_uren) AS uren
    FROM payroll_rows SEMI JOIN signalled USING (bsn, loonheffingennummer) GROUP BY ALL),
main_employer AS (  -- per person: the most paid hours in P, ties to the lowest loonheffingennummer
    SELECT bsn, arg_min(loonheffingennummer, (-uren, loonheffingennummer)) AS loonheffingennummer
    FROM hours GROUP BY bsn),
months AS (SELECT bsn, count(DISTINCT period) AS maanden FROM payroll_window SEMI JOIN signalled USING (bsn)
           GROUP BY bsn)
SELECT ps.verblijf_gemeentecode AS gemeentecode, s.signaal_id, $period AS periode, s.bsn, r.geslachtsnaam,
       r.voornamen, r.geboortedatum, r.verblijf_straat, r.verblijf_huisnummer, r.verblijf_huisletter,
       r.verblijf_toevoeging, r.verblijf_postcode, r.verblijf_woonplaats, r.datum_inschrijving, months.maanden,
       s.loonheffingennummer, w.naam AS werkgever, s.eerste_periode, s.status, s.terugkoppeling, s.toelichting
FROM signalled s
JOIN main_employer USING (bsn, loonheffingennummer)
JOIN person_status ps ON ps.bsn = s.bsn AND ps.rni_only AND ps.adres_bekend
JOIN stg_rni r ON r.bsn = s.bsn
JOIN months ON months.bsn = s.bsn
LEFT JOIN stg_werkgevers w ON w.loonheffingennummer = s.loonheffingennummer
WHERE ps.verblijf_gemeentecode IS NOT NULL
"""

STAY_ADDRESSES_SQL = f"""
CREATE OR REPLACE TEMP TABLE rni_stay_addresses AS
SELECT r.verblijf_gemeentecode AS gemeentecode, r.verblijf_straat AS straat, r.verblijf_huisnummer AS huisnummer,
       r.verblijf_huisletter AS huisletter, r.verblijf_toevoeging AS toevoeging, r.verblijf_postcode AS postcode,
       r.verblijf_woonplaats AS woonplaats, count(*) AS ingeschrevenen,
       count(*) FILTER (WHERE s.bsn IS NOT NULL) AS zonder_loon
FROM stg_rni r
JOIN person_status ps ON ps.bsn = r.bsn AND ps.rni_only AND ps.adres_bekend
LEFT JOIN signals_p s ON s.bsn = r.bsn AND s.signaal = 'ADRES_ZONDER_LOON'
WHERE {stay_address_registered_sql('r')} AND r.verblijf_gemeentecode IS NOT NULL
GROUP BY ALL
"""


def municipality_rows(con: duckdb.DuckDBPyConnection, period: str) -> dict[str, int]:
    """Build the three municipality tables; returns their row counts."""
    for sql in (ADDRESS_SQL, RNI_SQL, STAY_ADDRESSES_SQL):
        con.execute(sql, {"period": period} if "$period" in sql else [])
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("municipality_address_rows", "municipality_rni_rows", "rni_stay_addresses")}
