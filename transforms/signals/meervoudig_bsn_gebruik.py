"""MEERVOUDIG_BSN_GEBRUIK — bsn: in payroll in P at ``multi_min_employers`` or more
distinct loonheffingennummers with more than ``multi_hours_above`` paid hours in those
rows together (default 1.5 × 173 = 259.5): one person can hardly work that much, so the
BSN may be used by more than one person. Needs ``payroll_rows`` and ``payroll_bsn``.
"""

from feedbackcyclus.settings import RuleSettings


def meervoudig_bsn_gebruik(rules: RuleSettings) -> str:
    return f"""
    WITH several AS (  -- necessary for {int(rules.multi_min_employers)} employers: as many payroll rows (counted in payroll_bsn)
        SELECT bsn FROM payroll_bsn WHERE rijen >= {int(rules.multi_min_employers)})
    SELECT 'MEERVOUDIG_BSN_GEBRUIK' AS signaal, NULL::VARCHAR AS reden, bsn, NULL::VARCHAR AS loonheffingennummer,
           NULL::VARCHAR AS verblijf_gemeentecode
    FROM payroll_rows SEMI JOIN several USING (bsn)
    GROUP BY bsn
    HAVING count(DISTINCT loonheffingennummer) >= {int(rules.multi_min_employers)}
       AND sum(verloonde_uren) > {float(rules.multi_hours_above)!r}
    """
