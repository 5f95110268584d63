"""The inspector's ``risicoscore`` (0–100) and the ``risicofactoren`` that explain it.

The share of employees without a Dutch address is an estimate that accounts for size: a
one-person firm with one signal has a share of 100 % but says little, a staffing agency
with 24 of 115 says a lot. So the share is shrunk towards the national rate (empirical
Bayes with a beta prior worth ``prior_employees`` employees):

    geschat_aandeel = (aantal_zonder_nl_adres + prior_employees × landelijk_aandeel)
                      / (aantal_werknemers + prior_employees)

and the number of people counts on its own (volume), next to the RNI>4 and multiple-use
counts. Points per factor are in ``FACTORS`` (the one place the weights live); each is
rounded to whole points and the score is their sum (at most 100). The method text of
``inspectie/risicoscore.md`` and docs/risk-score.md is rendered from these same
parameters (``reports/risk_method.py``). Counts only, no BSNs (DESIGN.md §8).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from feedbackcyclus.periods import peildatum

SCORE_VERSION = "2"
PRIOR_EMPLOYEES = 20          # strength of the national rate, in employees
SHARE_SATURATION = 0.5        # an estimated share of 50 % or more gives all share points


@dataclass(frozen=True)
class Factor:
    name: str       # column of the points in risk_feed
    points: int     # maximum points
    cap: float      # the count (or share) at which the maximum is reached; 0 = all or nothing
    explains: str   # Dutch, for the method text


FACTORS = (
    Factor("p_aandeel", 30, SHARE_SATURATION, "geschat aandeel werknemers zonder Nederlands adres"),
    Factor("p_aantal", 15, 20, "aantal werknemers zonder Nederlands adres"),
    Factor("p_rni", 15, 10, "aantal werknemers met alleen een RNI-inschrijving, 4 of meer van de laatste 6 maanden in loon"),
    Factor("p_meervoudig", 10, 3, "aantal werknemers van wie het BSN meervoudig gebruikt wordt"),
    Factor("p_duur", 10, 6, "aantal maanden met een signaal (tot en met deze maand)"),
    Factor("p_onopgelost", 10, 0, "eerder gemeld en niet opgelost (een LOON_ZONDER_ADRES die blijvend is)"),
    Factor("p_uitlener", 10, 0, "uitzendbureau of uitlener (is_uitlener of sector 52)"),
)
POINTS = {f.name: f for f in FACTORS}


def _scaled(name: str, value_sql: str) -> str:
    f = POINTS[name]
    return f"round({f.points} * least({value_sql}, {f.cap}) / {f.cap})::INTEGER AS {name}"


def _plural(n_sql: str, one: str, many: str) -> str:
    return f"CASE WHEN {n_sql} = 1 THEN '{one}' ELSE '{many}' END"


FACTORS_SQL = f"""
    {_scaled('p_aandeel', 'geschat_aandeel')},
    {_scaled('p_aantal', 'aantal_zonder_nl_adres')},
    {_scaled('p_rni', 'aantal_rni_langer_dan_4_maanden')},
    {_scaled('p_meervoudig', 'aantal_meervoudig_bsn')},
    {_scaled('p_duur', 'maanden_met_signaal')},
    CASE WHEN aantal_blijvend_zonder_nl_adres > 0 THEN {POINTS['p_onopgelost'].points} ELSE 0 END AS p_onopgelost,
    CASE WHEN coalesce(is_uitlener, false) OR sector_code = '52' THEN {POINTS['p_uitlener'].points} ELSE 0 END
        AS p_uitlener
"""

REASONS_SQL = f"""concat_ws('; ',
    CASE WHEN p_aantal > 0 THEN printf('%d van %d %s zonder NL-adres (+%d)', aantal_zonder_nl_adres,
         aantal_werknemers, {_plural('aantal_werknemers', 'werknemer', 'werknemers')}, p_aantal) END,
    CASE WHEN p_aandeel > 0 THEN printf('geschat aandeel zonder NL-adres %s%% (+%d)',
         replace(printf('%.1f', 100 * geschat_aandeel), '.', ','), p_aandeel) END,
    CASE WHEN p_rni > 0 THEN printf('%d langer dan 4 maanden in loon met alleen een RNI-inschrijving (+%d)',
         aantal_rni_langer_dan_4_maanden, p_rni) END,
    CASE WHEN p_meervoudig > 0 THEN printf('%d %s met meervoudig gebruikt BSN (+%d)', aantal_meervoudig_bsn,
         {_plural('aantal_meervoudig_bsn', 'werknemer', 'werknemers')}, p_meervoudig) END,
    CASE WHEN p_duur > 0 THEN printf('signalen in %d %s (+%d)', maanden_met_signaal,
         {_plural('maanden_met_signaal', 'maand', 'maanden')}, p_duur) END,
    CASE WHEN p_onopgelost > 0 THEN printf('eerder gemeld, niet opgelost: %d %s (+%d)',
         aantal_blijvend_zonder_nl_adres, {_plural('aantal_blijvend_zonder_nl_adres', 'werknemer', 'werknemers')},
         p_onopgelost) END,
    CASE WHEN p_uitlener > 0 THEN printf('uitzendbureau of uitlener (+%d)', p_uitlener) END)"""


def risk_feed(con: duckdb.DuckDBPyConnection, period: str) -> None:
    """``risk_feed``: one row per employer with any signal, with score and factors.

    The national rate is that of ``employer_figures`` (every employer in payroll in P).
    """
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE risk_feed AS
        WITH rate AS (SELECT coalesce(sum(aantal_zonder_nl_adres) / nullif(sum(aantal_werknemers), 0), 0)
                             AS landelijk_aandeel FROM employer_figures),
        estimated AS (
            SELECT e.*, (aantal_zonder_nl_adres + {PRIOR_EMPLOYEES} * rate.landelijk_aandeel)
                        / (aantal_werknemers + {PRIOR_EMPLOYEES}) AS geschat_aandeel
            FROM employer_figures e, rate WHERE heeft_signaal),
        f AS (SELECT *, {FACTORS_SQL} FROM estimated)
        SELECT $period AS periode, $peildatum AS peildatum, $version AS score_versie, *,
               least(100, {' + '.join(f.name for f in FACTORS)}) AS risicoscore,
               {REASONS_SQL} AS risicofactoren
        FROM f
        ORDER BY loonheffingennummer""",
        {"period": period, "peildatum": peildatum(period), "version": SCORE_VERSION},
    )
