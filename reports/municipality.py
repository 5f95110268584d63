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

# the rows are built by transforms/municipality_rows.py; the partition key comes first
ADDRESS_SQL = "SELECT * FROM municipality_address_rows ORDER BY gemeentecode, signaal_id"
RNI_SQL = "SELECT * FROM municipality_rni_rows ORDER BY gemeentecode, signaal_id"

EMPLOYER_SQL = """
SELECT gemeentecode, $period, loonheffingennummer, kvk_nummer, naam, straat, huisnummer, postcode, plaats,
       aantal_werknemers, aantal_zonder_nl_adres, printf('%.4f', aandeel_zonder_nl_adres)
FROM employer_figures
WHERE gemeentecode IS NOT NULL AND aantal_zonder_nl_adres > 0
ORDER BY gemeentecode, loonheffingennummer
"""


def write_municipality_files(con: duckdb.DuckDBPyConnection, root: Path, period: str) -> list[Output]:
    return (write_partitioned(con, root, ADDRESS_SQL, ADDRESS_HEADER, "gemeenten", "adressignalen.csv", twin=True)
            + write_partitioned(con, root, RNI_SQL, RNI_HEADER, "gemeenten", "rni_langer_dan_4_maanden.csv",
                                twin=True)
            + write_partitioned(con, root, EMPLOYER_SQL, EMPLOYER_HEADER, "gemeenten", "werkgevers.csv",
                                {"period": period}, twin=True))
