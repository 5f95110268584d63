"""``employer_signal_rows``: the rows of an employer's list and letter (DESIGN.md §5 ``werkgevers/``).

Per signal an employer can act on (LOON_ZONDER_ADRES, RNI_LANGER_DAN_4_MAANDEN): the person as
the register that counts knows them (a BSN in both registers is a resident, DESIGN.md §4; which
register that is comes from ``signal_person_facts.in_brp``, one row per signalled BSN, rather
than from a scan of the 22 M rows of ``person_status``), the case id, outcome and facts, the
BSN's earliest-starting income relation at that employer in P (so the employer can find the
person in its own administration), and the employer's own address for the letter.

Name and birth date are left empty on every row of a BSN that is unknown or deceased: a
deceased person's data must not go to an employer who may be using a wrong BSN (DESIGN.md §8).
"""

from __future__ import annotations

import duckdb

EMPLOYER_FIELDS = ("naam", "straat", "huisnummer", "huisnummer_toevoeging", "postcode", "plaats", "gemeentecode")

SQL = f"""
CREATE OR REPLACE TEMP TABLE employer_signal_rows AS
WITH signalled AS (
    SELECT * FROM signals_p WHERE signaal IN ('LOON_ZONDER_ADRES', 'RNI_LANGER_DAN_4_MAANDEN')),
register AS (SELECT bsn, in_brp FROM signal_person_facts SEMI JOIN signalled USING (bsn)),
person AS (   -- the entry of the register that counts, of the signalled BSNs only (a few 100 000 of 22 million)
    SELECT bsn, geslachtsnaam, voornamen, geboortedatum
    FROM stg_brp SEMI JOIN (SELECT bsn FROM register WHERE in_brp) USING (bsn)
    UNION ALL
    SELECT bsn, geslachtsnaam, voornamen, geboortedatum
    FROM stg_rni SEMI JOIN (SELECT bsn FROM register WHERE NOT in_brp) USING (bsn)),
first_ikv AS (
    SELECT bsn, loonheffingennummer,
           arg_min(ikv_id, (datum_aanvang_ikv, ikv_id)) AS ikv_id,
           min(datum_aanvang_ikv) AS datum_aanvang_ikv
    FROM payroll_rows SEMI JOIN signalled USING (bsn, loonheffingennummer)
    GROUP BY bsn, loonheffingennummer)
SELECT s.loonheffingennummer, s.signaal_id, $period AS periode, s.signaal, s.reden, s.bsn,
       CASE WHEN NOT hidden THEN p.geslachtsnaam END AS geslachtsnaam,
       CASE WHEN NOT hidden THEN p.voornamen END AS voornamen,
       CASE WHEN NOT hidden THEN p.geboortedatum END AS geboortedatum,
       f.ikv_id, f.datum_aanvang_ikv, s.eerste_periode, s.status, s.terugkoppeling,
       s.toelichting_werkgever AS toelichting,
       {", ".join(f"w.{f} AS werkgever_{f}" for f in EMPLOYER_FIELDS)}
FROM (SELECT *, coalesce(bool_or(reden IN ('BSN_ONBEKEND', 'OVERLEDEN')) OVER (PARTITION BY bsn), false) AS hidden
      FROM signalled) s  -- every row of a deceased or unknown BSN, whatever its signal
LEFT JOIN person p ON p.bsn = s.bsn
LEFT JOIN first_ikv f ON f.bsn = s.bsn AND f.loonheffingennummer = s.loonheffingennummer
LEFT JOIN stg_werkgevers w ON w.loonheffingennummer = s.loonheffingennummer
"""


def employer_signal_rows(con: duckdb.DuckDBPyConnection, period: str) -> int:
    """Build ``employer_signal_rows``; returns its number of rows."""
    con.execute(SQL, {"period": period})
    return con.execute("SELECT count(*) FROM employer_signal_rows").fetchone()[0]
