"""ADRES_ZONDER_LOON — bsn: in the RNI only, not deceased on or before peildatum, with a stay
address known at peildatum, but not in payroll in P (``adres_bekend`` holds both conditions). The typical stale address of a migrant who left without
deregistering; the municipality of the stay address receives it.
Needs ``person_status`` and ``payroll_bsn``.
"""

SQL = """
SELECT 'ADRES_ZONDER_LOON' AS signaal, NULL::VARCHAR AS reden, ps.bsn, NULL::VARCHAR AS loonheffingennummer,
       ps.verblijf_gemeentecode
FROM person_status ps
WHERE ps.rni_only AND ps.adres_bekend
  AND NOT EXISTS (SELECT 1 FROM payroll_bsn pb WHERE pb.bsn = ps.bsn)
"""


def adres_zonder_loon() -> str:
    return SQL
