"""What a municipality receives, under ``gemeenten/<gemeentecode>/`` (DESIGN.md §5, §8).

``adressignalen.csv``: ADRES_ZONDER_LOON at stay addresses in that municipality — RNI
registrants whose stay address is still valid while nobody pays them wages any more.
``rni_langer_dan_4_maanden.csv``: RNI registrants with a stay address there (known at
peildatum) who were in payroll 4 or more of the last 6 months — people who should have
registered as residents, the group the Aanjaagteam cared about most. One row per person,
with the employer that paid them the most hours in P (ties: the lowest
loonheffingennummer) and that signal's id, status and facts.
``werkgevers.csv``: employers established there with at least one LOON_ZONDER_ADRES.
Each file holds only rows of its own municipality and has a spreadsheet twin (``.xlsx``);
a folder exists only with rows, and holds only files with rows.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from reports.output import Output
from reports.partitioned import write_partitioned

ADDRESS_HEADER = ("signaal_id", "periode", "signaal", "bsn", "geslachtsnaam", "voornamen", "geboortedatum", "straat",
                  "huisnummer", "huisletter", "toevoeging", "postcode", "woonplaats", "datum_aanvang_verblijfsadres",
                  "datum_inschrijving_rni", "land_woonadres", "contactgegevens_bekend", "laatste_loonperiode",
                  "eerste_periode", "status", "terugkoppeling", "toelichting")
RNI_HEADER = ("signaal_id", "periode", "bsn", "geslachtsnaam", "voornamen", "geboortedatum", "straat", "huisnummer",
              "huisletter", "toevoeging", "postcode", "woonplaats", "datum_inschrijving_rni", "maanden_in_loon",
              "loonheffingennummer", "werkgever", "eerste_periode", "status", "terugkoppeling", "toelichting")
EMPLOYER_HEADER = ("periode", "loonheffingennummer", "kvk_nummer", "naam", "straat", "huisnummer", "postcode", "plaats",
                   "aantal_werknemers", "aantal_zonder_nl_adres", "aandeel_zonder_nl_adres")

ADDRESS_SQL = """
SELECT s.gemeentecode, s.signaal_id, $period, s.signaal, s.bsn, r.geslachtsnaam, r.voornamen, r.geboortedatum,
       r.verblijf_straat, r.verblijf_huisnummer, r.verblijf_huisletter, r.verblijf_toevoeging,
       r.verblijf_postcode, r.verblijf_woonplaats, r.datum_aanvang_verblijfsadres, r.datum_inschrijving,
       r.land_woonadres, r.contactgegevens_bekend,
       s.laatste_loonperiode, s.eerste_periode, s.status, s.terugkoppeling, s.toelichting
FROM signals_p s JOIN stg_rni r ON r.bsn = s.bsn
WHERE s.signaal = 'ADRES_ZONDER_LOON' AND s.gemeentecode IS NOT NULL
ORDER BY s.gemeentecode, s.signaal_id
"""

RNI_SQL = """
WITH signalled AS (SELECT * FROM signals_p WHERE signaal = 'RNI_LANGER_DAN_4_MAANDEN'),
hours AS (
    SELECT bsn, loonheffingennummer, sum(verloonde_uren) AS uren
    FROM payroll_rows SEMI JOIN signalled USING (bsn, loonheffingennummer) GROUP BY ALL),
main_employer AS (  -- per person: the most paid hours in P, ties to the lowest loonheffingennummer
    SELECT bsn, arg_min(loonheffingennummer, (-uren, loonheffingennummer)) AS loonheffingennummer
    FROM hours GROUP BY bsn),
months AS (SELECT bsn, count(DISTINCT period) AS maanden FROM payroll_window SEMI JOIN signalled USING (bsn)
           GROUP BY bsn)
SELECT ps.verblijf_gemeentecode, s.signaal_id, $period, s.bsn, r.geslachtsnaam, r.voornamen, r.geboortedatum,
       r.verblijf_straat, r.verblijf_huisnummer, r.verblijf_huisletter, r.verblijf_toevoeging,
       r.verblijf_postcode, r.verblijf_woonplaats, r.datum_inschrijving, months.maanden,
       s.loonheffingennummer, w.naam, s.eerste_periode, s.status, s.terugkoppeling, s.toelichting
FROM signalled s
JOIN main_employer USING (bsn, loonheffingennummer)
JOIN person_status ps ON ps.bsn = s.bsn AND ps.rni_only AND ps.adres_bekend
JOIN stg_rni r ON r.bsn = s.bsn
JOIN months ON months.bsn = s.bsn
LEFT JOIN stg_werkgevers w ON w.loonheffingennummer = s.loonheffingennummer
WHERE ps.verblijf_gemeentecode IS NOT NULL
ORDER BY ps.verblijf_gemeentecode, s.signaal_id
"""

EMPLOYER_SQL = """
SELECT gemeentecode, $period, loonheffingennummer, kvk_nummer, naam, straat, huisnummer, postcode, plaats,
       aantal_werknemers, aantal_zonder_nl_adres, printf('%.4f', aandeel_zonder_nl_adres)
FROM employer_figures
WHERE gemeentecode IS NOT NULL AND aantal_zonder_nl_adres > 0
ORDER BY gemeentecode, loonheffingennummer
"""


def write_municipality_files(con: duckdb.DuckDBPyConnection, root: Path, period: str) -> list[Output]:
    params = {"period": period}
    return (write_partitioned(con, root, ADDRESS_SQL, ADDRESS_HEADER, "gemeenten", "adressignalen.csv", params,
                              twin=True)
            + write_partitioned(con, root, RNI_SQL, RNI_HEADER, "gemeenten", "rni_langer_dan_4_maanden.csv", params,
                                twin=True)
            + write_partitioned(con, root, EMPLOYER_SQL, EMPLOYER_HEADER, "gemeenten", "werkgevers.csv", params,
                                twin=True))
