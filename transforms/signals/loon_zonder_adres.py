"""LOON_ZONDER_ADRES — bsn × employer: in payroll in P, but no Dutch address known.

``reden`` says why: ``OVERLEDEN`` for a resident or RNI registrant deceased on or before
peildatum (it wins over every other reason), ``VERTROKKEN`` for a resident who left for
abroad on or before it, ``RNI_ZONDER_VERBLIJFSADRES`` for someone in the RNI only without
a stay address valid at peildatum, ``BSN_ONBEKEND`` for a BSN in
neither register. Needs ``payroll_bsn``, ``payroll_rows`` and ``person_status``.

Why the shape: at national scale 9.5 M payroll BSNs meet 22.4 M register BSNs and only a few
hundred thousand have no address. Joining every payroll *row* to its status and filtering
afterwards carried 10 M rows (with their employer) through the join; here the distinct payroll
BSNs are first reduced to those without an address (an anti-join against the BSNs that have
one: a NULL ``adres_bekend`` counts as having one, as the filter ``NOT adres_bekend`` read it),
and only those few are joined to their reason and their employers.
"""

SQL = """
WITH without_address AS (   -- few of the payroll BSNs: no register row with an address
    SELECT bsn FROM payroll_bsn
    ANTI JOIN (SELECT bsn FROM person_status WHERE adres_bekend IS NOT FALSE) USING (bsn))
SELECT 'LOON_ZONDER_ADRES' AS signaal,
       coalesce(ps.reden_zonder_adres, 'BSN_ONBEKEND') AS reden,
       p.bsn, p.loonheffingennummer, NULL::VARCHAR AS verblijf_gemeentecode
FROM payroll_rows p
SEMI JOIN without_address USING (bsn)
LEFT JOIN (SELECT bsn, reden_zonder_adres FROM person_status WHERE adres_bekend IS FALSE) ps USING (bsn)
GROUP BY ALL  -- one row per bsn × employer (DuckDB plans this faster than DISTINCT here)
"""


def loon_zonder_adres() -> str:
    return SQL
