"""RNI_LANGER_DAN_4_MAANDEN — bsn × employer: in the RNI only, yet in payroll in at least
``min_months`` of the ``window`` periods ending with P (consecutive or not). Under the
Wet BRP such a stay (four months or more within six) requires registration as a resident.
One row per employer the BSN has in P. Needs ``payroll_window``, ``payroll_rows`` and
``person_status``.
"""

from feedbackcyclus.settings import RuleSettings


def rni_langer_dan_4_maanden(rules: RuleSettings) -> str:
    return f"""
    WITH rni_staff AS (   -- few: the payroll of P of people in the RNI only
        SELECT DISTINCT p.bsn, p.loonheffingennummer
        FROM payroll_rows p JOIN person_status ps ON ps.bsn = p.bsn AND ps.rni_only),
    months AS (           -- so only their history is counted, not everyone's
        SELECT bsn FROM payroll_window SEMI JOIN rni_staff USING (bsn) GROUP BY bsn
        HAVING count(DISTINCT period) >= {int(rules.rni_min_months)})
    SELECT 'RNI_LANGER_DAN_4_MAANDEN' AS signaal, NULL::VARCHAR AS reden, r.bsn, r.loonheffingennummer,
           NULL::VARCHAR AS verblijf_gemeentecode
    FROM rni_staff r SEMI JOIN months USING (bsn)
    """
