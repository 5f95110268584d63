"""RNI_LANGER_DAN_4_MAANDEN — bsn × employer: in the RNI only, yet in payroll in at least
``min_months`` of the ``window`` periods ending with P (consecutive or not). Under the
Wet BRP such a stay (four months or more within six) requires registration as a resident.
One row per employer the BSN has in P. Needs ``payroll_window``, ``payroll_rows`` and
``person_status``.
"""

from feedbackcyclus.settings import RuleSettings


def rni_langer_dan_4_maanden(rules: RuleSettings) -> str:
    return f"""
    WITH months AS (
        SELECT bsn FROM payroll_window GROUP BY bsn
        HAVING count(DISTINCT period) >= {int(rules.rni_min_months)})
    SELECT DISTINCT 'RNI_LANGER_DAN_4_MAANDEN' AS signaal, NULL::VARCHAR AS reden, p.bsn, p.loonheffingennummer
    FROM payroll_rows p
    JOIN person_status ps ON ps.bsn = p.bsn AND ps.rni_only
    JOIN months m ON m.bsn = p.bsn
    """
