"""Effectiveness of the cycle (DESIGN.md §9): do the people who receive signals answer, and are they right?

For the national report of period P, per signal type (and per signal type × ``reden``),
over every case (``signaal_id``) published up to and including P:

- ``zaken``: cases; ``beantwoord``: cases with at least one outcome stored before the run;
- ``termijn_verstreken``: cases first published at least 4 weeks before this run started,
  and ``binnen_4_weken`` of those, the ones whose *first* answer came within 4 weeks of
  that publication (``aandeel_binnen_4_weken`` their share);
- ``bevestigd``: latest outcome ``AFGEROND_MET_BRP_MUTATIE`` or ``GECORRIGEERD_IN_LOONAANGIFTE``
  (the investigation confirmed the signal);
- ``onjuist``: latest outcome ``ONJUIST_SIGNAAL``; ``aandeel_onjuist`` = onjuist / beantwoord;
- of the cases that ended before P (absent in P), ``opgelost_registratie``: the BSN was still
  in payroll the month after the case's last month (so the registration, not the job,
  changed) and ``opgelost_uit_loon``: it was not (the person only left payroll) — for the
  payroll signals only (LOON_ZONDER_ADRES, RNI_LANGER_DAN_4_MAANDEN); ``None`` for the others,
  where staying in payroll means something else;
- ``personen_twee_keer_onjuist``: people with two or more cases whose latest outcome is
  ``ONJUIST_SIGNAAL`` (a rule that keeps misfiring for someone; the analyst sees who in the portal).

Reads ``terugkoppeling_latest`` / ``terugkoppeling_first`` (loaded from the portal before
the run), ``history_signals`` (earlier periods), ``signals_p`` and ``payroll_bsn`` (this period),
``history_payroll_months`` and ``history_published_runs``. Counts only: no BSN leaves this function.
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from feedbackcyclus.outcome_store import FIRST_DDL, LATEST_DDL

CONFIRMED = ("AFGEROND_MET_BRP_MUTATIE", "GECORRIGEERD_IN_LOONAANGIFTE")
PAYROLL_SIGNALS = ("LOON_ZONDER_ADRES", "RNI_LANGER_DAN_4_MAANDEN")
ANSWER_WINDOW_DAYS = 28
FIGURES = ("zaken", "beantwoord", "termijn_verstreken", "binnen_4_weken", "bevestigd", "onjuist",
           "opgelost_registratie", "opgelost_uit_loon")

_SQL = """
WITH all_rows AS (
    SELECT period, signaal_id, signaal, reden, bsn FROM history_signals WHERE period < $period
    UNION ALL
    SELECT $period, signaal_id, signaal, reden, bsn FROM signals_p
), cases AS (
    SELECT signaal_id, any_value(signaal) AS signaal, arg_max(reden, period) AS reden, any_value(bsn) AS bsn,
           min(period) AS eerste, max(period) AS laatste
    FROM all_rows WHERE signaal_id IS NOT NULL GROUP BY signaal_id
), payroll AS (
    SELECT period, bsn FROM history_payroll_months WHERE period < $period
    UNION ALL SELECT $period, bsn FROM payroll_bsn
), published AS (
    SELECT p.period, coalesce(r.published_at, p.published_at) AS published_at
    FROM history_period_figures p
    LEFT JOIN (SELECT period, min(finished_at) AS published_at FROM history_published_runs
               GROUP BY period) r USING (period)
), judged AS (
    SELECT c.signaal, coalesce(c.reden, '') AS reden,
           l.signaal_id IS NOT NULL AS beantwoord,
           pub.published_at IS NOT NULL
               AND pub.published_at <= $started - INTERVAL (ANSWER_DAYS) DAY AS termijn_verstreken,
           f.eerste_gemeld_op IS NOT NULL AND pub.published_at IS NOT NULL
               AND f.eerste_gemeld_op <= pub.published_at + INTERVAL (ANSWER_DAYS) DAY AS binnen_termijn,
           l.uitkomst IN ('AFGEROND_MET_BRP_MUTATIE', 'GECORRIGEERD_IN_LOONAANGIFTE') AS bevestigd,
           l.uitkomst = 'ONJUIST_SIGNAAL' AS onjuist,
           c.laatste < $period AS beeindigd,
           EXISTS (SELECT 1 FROM payroll y WHERE y.bsn = c.bsn
                   AND y.period = strftime(strptime(c.laatste || '-01', '%Y-%m-%d') + INTERVAL 1 MONTH, '%Y-%m'))
               AS nog_in_loon
    FROM cases c
    LEFT JOIN terugkoppeling_latest l USING (signaal_id)
    LEFT JOIN terugkoppeling_first f USING (signaal_id)
    LEFT JOIN published pub ON pub.period = c.eerste
)
SELECT signaal, CASE WHEN grouping(reden) = 1 THEN NULL ELSE reden END AS reden,
       count(*) AS zaken,
       count(*) FILTER (WHERE beantwoord) AS beantwoord,
       count(*) FILTER (WHERE termijn_verstreken) AS termijn_verstreken,
       count(*) FILTER (WHERE termijn_verstreken AND binnen_termijn) AS binnen_4_weken,
       count(*) FILTER (WHERE bevestigd) AS bevestigd,
       count(*) FILTER (WHERE onjuist) AS onjuist,
       count(*) FILTER (WHERE beeindigd AND nog_in_loon) AS opgelost_registratie,
       count(*) FILTER (WHERE beeindigd AND NOT nog_in_loon) AS opgelost_uit_loon
FROM judged
GROUP BY GROUPING SETS ((signaal), (signaal, reden))
ORDER BY signaal, reden NULLS FIRST
"""


_TWICE_WRONG = """
WITH cases AS (
    SELECT DISTINCT signaal_id, bsn FROM history_signals WHERE period < $period AND signaal_id IS NOT NULL
    UNION SELECT signaal_id, bsn FROM signals_p WHERE signaal_id IS NOT NULL
)
SELECT count(*) FROM (
    SELECT c.bsn FROM cases c JOIN terugkoppeling_latest l USING (signaal_id)
    WHERE l.uitkomst = 'ONJUIST_SIGNAAL' GROUP BY c.bsn HAVING count(DISTINCT c.signaal_id) >= 2)
"""


def _has_signal_ids(con: duckdb.DuckDBPyConnection) -> bool:
    wh_cols = {r[0] for r in con.execute("DESCRIBE history_signals").fetchall()}
    p_cols = {r[0] for r in con.execute("DESCRIBE signals_p").fetchall()}
    return "signaal_id" in wh_cols and "signaal_id" in p_cols


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def effectiveness(con: duckdb.DuckDBPyConnection, period: str, run_started: datetime) -> dict:
    """The figures above as ``{"per_signaal": [...], "per_reden": [...], "personen_twee_keer_onjuist": n}``."""
    con.execute(LATEST_DDL)
    con.execute(FIRST_DDL)
    if not _has_signal_ids(con):
        return {"per_signaal": [], "per_reden": [], "personen_twee_keer_onjuist": 0, "beschikbaar": False}
    started = run_started.replace(tzinfo=None)
    sql = _SQL.replace("ANSWER_DAYS", str(int(ANSWER_WINDOW_DAYS)))
    rows = con.execute(sql, {"period": period, "started": started}).fetchall()
    per_signal, per_reason = [], []
    for signaal, reden, *values in rows:
        row = {"signaal": signaal, "reden": reden, **dict(zip(FIGURES, values, strict=True))}
        row["aandeel_binnen_4_weken"] = _share(row["binnen_4_weken"], row["termijn_verstreken"])
        row["aandeel_onjuist"] = _share(row["onjuist"], row["beantwoord"])
        if signaal not in PAYROLL_SIGNALS:
            row["opgelost_registratie"] = row["opgelost_uit_loon"] = None
        (per_signal if reden is None else per_reason).append(row)
    twice = con.execute(_TWICE_WRONG, {"period": period}).fetchone()[0]
    return {"per_signaal": per_signal, "per_reden": per_reason, "personen_twee_keer_onjuist": twice,
            "beschikbaar": True}
