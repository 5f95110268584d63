"""What an employer receives, under ``werkgevers/<loonheffingennummer>/`` (DESIGN.md §5).

``registratiesignalen.csv``: that employer's LOON_ZONDER_ADRES and RNI_LANGER_DAN_4_MAANDEN
signals, with the person's name and birth date from the registers (empty for
``BSN_ONBEKEND``) and the BSN's earliest-starting income relation at that employer in P, so
the employer can find the person in its own payroll administration.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from reports.output import Output
from reports.partitioned import write_partitioned

HEADER = ("signaal", "reden", "bsn", "geslachtsnaam", "voornamen", "geboortedatum", "ikv_id",
          "datum_aanvang_ikv", "eerste_periode", "status")

# The person's register entry: a resident's own, else the RNI's (a BSN in both is a resident).
PERSON_SQL = """
SELECT bsn, geslachtsnaam, voornamen, geboortedatum FROM stg_brp
UNION ALL
SELECT bsn, geslachtsnaam, voornamen, geboortedatum FROM stg_rni
WHERE bsn NOT IN (SELECT bsn FROM stg_brp)
"""

EMPLOYER_SIGNALS_SQL = f"""
CREATE OR REPLACE TEMP TABLE employer_signal_rows AS
WITH person AS ({PERSON_SQL}),
first_ikv AS (
    SELECT bsn, loonheffingennummer,
           arg_min(ikv_id, (datum_aanvang_ikv, ikv_id)) AS ikv_id,
           min(datum_aanvang_ikv) AS datum_aanvang_ikv
    FROM payroll_rows GROUP BY bsn, loonheffingennummer)
SELECT s.loonheffingennummer, s.signaal, s.reden, s.bsn, p.geslachtsnaam, p.voornamen, p.geboortedatum,
       f.ikv_id, f.datum_aanvang_ikv, s.eerste_periode, s.status
FROM signals_p s
LEFT JOIN person p ON p.bsn = s.bsn
LEFT JOIN first_ikv f ON f.bsn = s.bsn AND f.loonheffingennummer = s.loonheffingennummer
WHERE s.signaal IN ('LOON_ZONDER_ADRES', 'RNI_LANGER_DAN_4_MAANDEN')
ORDER BY s.loonheffingennummer, s.signaal, s.reden NULLS FIRST, s.bsn
"""


def write_employer_files(con: duckdb.DuckDBPyConnection, root: Path) -> list[Output]:
    con.execute(EMPLOYER_SIGNALS_SQL)
    return write_partitioned(con, root, "SELECT * FROM employer_signal_rows ORDER BY loonheffingennummer, "
                             "signaal, reden NULLS FIRST, bsn", HEADER, "werkgevers", "registratiesignalen.csv")
