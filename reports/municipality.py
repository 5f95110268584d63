"""What a municipality receives, under ``gemeenten/<gemeentecode>/`` (DESIGN.md §5, §8).

``adressignalen.csv``: ADRES_ZONDER_LOON at stay addresses in that municipality — RNI
registrants whose stay address is still valid while nobody pays them wages any more.
``werkgevers.csv``: employers established there with at least one LOON_ZONDER_ADRES.
Each file holds only rows of its own municipality; a folder exists only with rows.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from reports.output import Output
from reports.partitioned import write_partitioned

ADDRESS_HEADER = ("signaal", "bsn", "geslachtsnaam", "voornamen", "geboortedatum", "straat", "huisnummer",
                  "huisletter", "toevoeging", "postcode", "woonplaats", "datum_aanvang_verblijfsadres",
                  "laatste_loonperiode", "eerste_periode", "status")
EMPLOYER_HEADER = ("loonheffingennummer", "kvk_nummer", "naam", "straat", "huisnummer", "postcode", "plaats",
                   "aantal_werknemers", "aantal_zonder_nl_adres", "aandeel_zonder_nl_adres")

ADDRESS_SQL = """
SELECT s.gemeentecode, s.signaal, s.bsn, r.geslachtsnaam, r.voornamen, r.geboortedatum,
       r.verblijf_straat, r.verblijf_huisnummer, r.verblijf_huisletter, r.verblijf_toevoeging,
       r.verblijf_postcode, r.verblijf_woonplaats, r.datum_aanvang_verblijfsadres,
       s.laatste_loonperiode, s.eerste_periode, s.status
FROM signals_p s JOIN stg_rni r ON r.bsn = s.bsn
WHERE s.signaal = 'ADRES_ZONDER_LOON' AND s.gemeentecode IS NOT NULL
ORDER BY s.gemeentecode, s.signaal, s.bsn
"""

EMPLOYER_SQL = """
SELECT gemeentecode, loonheffingennummer, kvk_nummer, naam, straat, huisnummer, postcode, plaats,
       aantal_werknemers, aantal_zonder_nl_adres, printf('%.4f', aandeel_zonder_nl_adres)
FROM employer_figures
WHERE gemeentecode IS NOT NULL AND aantal_zonder_nl_adres > 0
ORDER BY gemeentecode, loonheffingennummer
"""


def write_municipality_files(con: duckdb.DuckDBPyConnection, root: Path) -> list[Output]:
    return (write_partitioned(con, root, ADDRESS_SQL, ADDRESS_HEADER, "gemeenten", "adressignalen.csv")
            + write_partitioned(con, root, EMPLOYER_SQL, EMPLOYER_HEADER, "gemeenten", "werkgevers.csv"))
