"""``toelichting``: one Dutch sentence with the facts behind each signal (DESIGN.md §5 v2).

A reader should not have to look anything up to act on a signal, so every signal row says
which register says what since when (RNI registration date, stay address valid until,
departure or death date), in how many of the last ``rni_window_months`` months the BSN was
in payroll, and — for a bsn × employer signal — since when at this employer (the start of
its earliest-starting income relation there). All facts come from this period's inputs and
the payroll history in the warehouse; dates are written as the register gives them
(``1985-00-00`` stays incomplete).

Audiences. The sentence holds no address, name or other employer, so the same sentence can
go to every audience that receives the signal, with one exception: an employer must learn
nothing about a deceased person beyond the fact that the BSN is registered as deceased (it
may simply be using a wrong BSN), so ``toelichting_werkgever`` leaves out the date of death.

Needs ``signals_p``, ``stg_brp``, ``stg_rni``, ``payroll_rows``, ``payroll_window``.
"""

from __future__ import annotations

import duckdb

from feedbackcyclus.periods import peildatum
from feedbackcyclus.settings import RuleSettings
from transforms.dutch_address import stay_address_registered_sql


def _sentence(*fragments: str) -> str:
    """SQL: the non-null fragments joined by ', ', first letter capitalised, closed by a full stop.

    No ``;`` inside: the CSV delimiter would force quoting, which some readers mishandle."""
    joined = f"concat_ws(', ', {', '.join(fragments)})"
    return f"upper(left({joined}, 1)) || substr({joined}, 2) || '.'"


def signal_facts(con: duckdb.DuckDBPyConnection, period: str, rules: RuleSettings) -> None:
    """Add ``toelichting`` and ``toelichting_werkgever`` to ``signals_p``."""
    window, hours = int(rules.rni_window_months), float(rules.multi_hours_above)
    hours_nl = f"{hours:g}".replace(".", ",")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE signal_person_facts AS
        WITH bsns AS (SELECT DISTINCT bsn FROM signals_p),
        brp AS (SELECT b.bsn, b.datum_vertrek, b.datum_vertrek_vroegst, b.datum_overlijden,
                       b.datum_overlijden_vroegst
                FROM stg_brp b SEMI JOIN bsns USING (bsn)),
        rni AS (SELECT r.bsn, r.datum_inschrijving, r.datum_aanvang_verblijfsadres,
                       r.datum_aanvang_verblijfsadres_vroegst, r.datum_einde_verblijfsadres,
                       r.datum_einde_verblijfsadres_vroegst,
                       {stay_address_registered_sql('r')} AS verblijf_geregistreerd,
                       r.datum_overlijden, r.datum_overlijden_vroegst
                FROM stg_rni r SEMI JOIN bsns USING (bsn)),
        months AS (SELECT bsn, count(DISTINCT period) AS maanden FROM payroll_window SEMI JOIN bsns USING (bsn)
                   GROUP BY bsn),
        paid AS (SELECT bsn, count(DISTINCT loonheffingennummer) AS werkgevers, sum(verloonde_uren) AS uren
                 FROM payroll_rows SEMI JOIN bsns USING (bsn) GROUP BY bsn)
        SELECT bsns.bsn,
               brp.bsn IS NOT NULL AS in_brp, rni.bsn IS NOT NULL AND brp.bsn IS NULL AS rni_only,
               brp.datum_vertrek, brp.datum_vertrek_vroegst <= $peil AS vertrokken,
               CASE WHEN brp.bsn IS NOT NULL THEN brp.datum_overlijden ELSE rni.datum_overlijden END
                   AS datum_overlijden,
               CASE WHEN brp.bsn IS NOT NULL THEN brp.datum_overlijden_vroegst <= $peil
                    ELSE rni.datum_overlijden_vroegst <= $peil END AS overleden,
               rni.datum_inschrijving, rni.verblijf_geregistreerd,
               rni.datum_aanvang_verblijfsadres, rni.datum_aanvang_verblijfsadres_vroegst > $peil AS verblijf_later,
               rni.datum_einde_verblijfsadres, rni.datum_einde_verblijfsadres_vroegst < $peil AS verblijf_verlopen,
               coalesce(months.maanden, 0) AS maanden, paid.werkgevers, paid.uren
        FROM bsns LEFT JOIN brp USING (bsn) LEFT JOIN rni USING (bsn) LEFT JOIN months USING (bsn)
        LEFT JOIN paid USING (bsn)""",
        {"peil": peildatum(period)},
    )
    earliest = con.execute("SELECT min(period) FROM history_payroll_months").fetchone()[0] or period
    register = """CASE
        WHEN f.overleden AND f.in_brp THEN 'volgens de BRP overleden op ' || coalesce(f.datum_overlijden, '?')
        WHEN f.overleden THEN 'volgens de RNI overleden op ' || coalesce(f.datum_overlijden, '?')
        WHEN f.in_brp AND f.vertrokken THEN 'volgens de BRP op ' || f.datum_vertrek || ' vertrokken naar het buitenland'
        WHEN f.in_brp THEN 'ingezetene volgens de BRP'
        WHEN f.rni_only THEN 'ingeschreven in de RNI sinds ' || coalesce(f.datum_inschrijving, 'onbekende datum') ||
            CASE WHEN NOT f.verblijf_geregistreerd THEN ' zonder verblijfsadres in Nederland'
                 WHEN f.verblijf_verlopen THEN ' met een verblijfsadres in Nederland dat geldig was tot '
                      || f.datum_einde_verblijfsadres
                 WHEN f.verblijf_later THEN ' met een verblijfsadres in Nederland dat pas geldig is vanaf '
                      || f.datum_aanvang_verblijfsadres
                 ELSE ' met verblijfsadres in Nederland' ||
                      coalesce(' sinds ' || f.datum_aanvang_verblijfsadres, '') ||
                      coalesce(' geldig tot ' || f.datum_einde_verblijfsadres, '') END
        ELSE 'dit BSN staat niet in de BRP en niet in de RNI' END"""
    register_employer = f"""CASE WHEN f.overleden AND f.in_brp THEN 'dit BSN staat in de BRP geregistreerd als overleden'
        WHEN f.overleden THEN 'dit BSN staat in de RNI geregistreerd als overleden' ELSE {register} END"""
    months = f"""CASE
        WHEN s.signaal = 'ADRES_ZONDER_LOON' AND s.laatste_loonperiode IS NULL THEN printf(
            'niet in loon in %s en in geen van de bewaarde maanden (vanaf %s)', $period, $earliest)
        WHEN s.signaal = 'ADRES_ZONDER_LOON' THEN printf(
            'niet in loon in %s, laatst in loon in %s (%d van de laatste {window} maanden)', $period,
            s.laatste_loonperiode, f.maanden)
        WHEN s.signaal = 'RNI_LANGER_DAN_4_MAANDEN' THEN printf(
            '%d van de laatste {window} maanden in loon (bij {int(rules.rni_min_months)} of meer is inschrijving '
            'als ingezetene verplicht)', f.maanden)
        WHEN s.signaal = 'MEERVOUDIG_BSN_GEBRUIK' THEN printf(
            'in %s in loon bij %d werkgevers met samen %s verloonde uren (meer dan {hours_nl})', $period,
            f.werkgevers, replace(printf('%.1f', f.uren), '.', ','))
            || printf(', %d van de laatste {window} maanden in loon', f.maanden)
        ELSE printf('%d van de laatste {window} maanden in loon', f.maanden) END"""
    employer = "CASE WHEN s.loonheffingennummer IS NOT NULL THEN 'bij deze werkgever sinds ' || e.sinds END"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE signals_p AS
        WITH employment AS (
            SELECT bsn, loonheffingennummer, strftime(min(datum_aanvang_ikv), '%Y-%m-%d') AS sinds
            FROM payroll_rows SEMI JOIN signals_p USING (bsn, loonheffingennummer) GROUP BY ALL)
        SELECT s.*,
               {_sentence(register, months, employer)} AS toelichting,
               {_sentence(register_employer, months, employer)} AS toelichting_werkgever
        FROM signals_p s
        JOIN signal_person_facts f USING (bsn)
        LEFT JOIN employment e USING (bsn, loonheffingennummer)
        ORDER BY s.signaal, s.reden NULLS FIRST, s.bsn, s.loonheffingennummer NULLS FIRST""",
        {"period": period, "earliest": earliest},
    )

