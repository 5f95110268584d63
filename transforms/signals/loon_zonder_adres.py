"""LOON_ZONDER_ADRES — bsn × employer: in payroll in P, but no Dutch address known.

``reden`` says why: ``OVERLEDEN`` for a resident or RNI registrant deceased on or before
peildatum (it wins over every other reason), ``VERTROKKEN`` for a resident who left for
abroad on or before it, ``RNI_ZONDER_VERBLIJFSADRES`` for someone in the RNI only without
a stay address valid at peildatum, ``BSN_ONBEKEND`` for a BSN in
neither register. Needs ``payroll_rows`` and ``person_status``.
"""

SQL = """
SELECT 'LOON_ZONDER_ADRES' AS signaal,
       coalesce(ps.reden_zonder_adres, 'BSN_ONBEKEND') AS reden,
       p.bsn, p.loonheffingennummer, NULL::VARCHAR AS verblijf_gemeentecode
FROM payroll_rows p
LEFT JOIN person_status ps USING (bsn)
WHERE ps.bsn IS NULL OR NOT ps.adres_bekend
GROUP BY ALL  -- one row per bsn × employer (DuckDB plans this faster than DISTINCT here)
"""


def loon_zonder_adres() -> str:
    return SQL
