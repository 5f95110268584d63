"""The data behind ``rapport.html``, the national report for the RvIG analyst.

Aggregates only: no BSN, name or address may reach this context (DESIGN.md §8). Trends
come from earlier periods in the warehouse (``history_period_figures``).

Honest figures: a number that cannot be computed yet is marked, not shown as 0. With fewer
than ``rni_window_months`` periods of payroll history the 4-of-6-months rule cannot be
judged (RNI_LANGER_DAN_4_MAANDEN "nog niet te berekenen"), and in the first month there is
no previous month, so "nieuw" and "opgelost" say nothing. Resolved cases are split by how
they went (``transforms.resolution``): a registration put right, or the person simply left
that payroll.
"""

from __future__ import annotations

import json

import duckdb

from feedbackcyclus.periods import previous
from feedbackcyclus.settings import RuleSettings
from reports.charts import bar_chart, line_chart
from schemas.reference import gemeenten
from transforms.payroll import history_months, periods_with_payroll
from transforms.resolution import WAYS

SIGNAL_LABELS = {
    "LOON_ZONDER_ADRES": "Loon zonder Nederlands adres",
    "ADRES_ZONDER_LOON": "Verblijfsadres zonder loon",
    "RNI_LANGER_DAN_4_MAANDEN": "RNI langer dan 4 maanden in loon",
    "MEERVOUDIG_BSN_GEBRUIK": "Meervoudig BSN-gebruik",
}

def signal_definitions(rules: RuleSettings) -> dict[str, str]:
    """The definitions under the report's tables, with the thresholds the run used (settings)."""
    hours = f"{rules.multi_hours_above:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return {
        "LOON_ZONDER_ADRES": ("Een BSN in de loonaangifte van de periode waarvan geen Nederlands adres bekend is: niet "
                              "als ingezetene in de BRP (of vertrokken of overleden) en in de RNI zonder geldig "
                              "verblijfsadres, of in geen van beide registers. Per BSN en werkgever."),
        "ADRES_ZONDER_LOON": ("Een RNI-ingeschrevene met een geldig Nederlands verblijfsadres die in de periode geen "
                              "loon ontving: het verblijfsadres is mogelijk verouderd. Per BSN; voor de gemeente van "
                              "het adres."),
        "RNI_LANGER_DAN_4_MAANDEN": (f"Een RNI-ingeschrevene die in {rules.rni_min_months} of meer van de laatste "
                                     f"{rules.rni_window_months} maanden loon ontving: inschrijving als ingezetene "
                                     "(Wet BRP) is waarschijnlijk verplicht. Per BSN en werkgever."),
        "MEERVOUDIG_BSN_GEBRUIK": (f"Een BSN dat in de periode bij {rules.multi_min_employers} of meer werkgevers samen "
                                   f"meer dan {hours} uur{' (1,5 × 173)' if rules.multi_hours_above == 259.5 else ''} "
                                   "verloond kreeg: mogelijk gebruiken meerdere mensen hetzelfde BSN. Per BSN."),
    }


REASON_LABELS = {
    "RNI_ZONDER_VERBLIJFSADRES": "RNI zonder verblijfsadres",
    "VERTROKKEN": "Vertrokken (BRP)",
    "OVERLEDEN": "Overleden (BRP of RNI)",
    "BSN_ONBEKEND": "BSN onbekend",
}
WAY_LABELS = {
    "geregistreerd": "Opgelost door registratie",
    "uit_loon": "Uit de loonaangifte (bij die werkgever)",
    "weer_in_loon": "Weer in loon",
    "overig": "Anders (regel niet meer van toepassing)",
}
LIFECYCLE_LABELS = {"nieuw": "Nieuw", "blijvend": "Blijvend", "opgelost": "Opgelost"}


def municipality_figures(con: duckdb.DuckDBPyConnection, limit: int = 15) -> dict[str, list[dict]]:
    """Two separate rankings: stay addresses without payroll, and employees without a Dutch
    address at employers established in the municipality (never added up: different things)."""
    names = gemeenten()
    rows = con.execute(
        """SELECT gemeentecode,
                  count(*) FILTER (WHERE signaal = 'ADRES_ZONDER_LOON') AS adressen,
                  count(DISTINCT bsn) FILTER (WHERE signaal = 'LOON_ZONDER_ADRES') AS werknemers,
                  count(DISTINCT loonheffingennummer) FILTER (WHERE signaal = 'LOON_ZONDER_ADRES') AS werkgevers
           FROM signals_p WHERE gemeentecode IS NOT NULL GROUP BY 1""").fetchall()
    entries = [{"gemeentecode": g, "naam": names.get(g, g), "adressen": a, "werknemers": w, "werkgevers": e}
               for g, a, w, e in rows]
    return {key: sorted((m for m in entries if m[key] > 0), key=lambda m: (-m[key], m["gemeentecode"]))[:limit]
            for key in ("adressen", "werknemers")}


def national_context(con: duckdb.DuckDBPyConnection, period: str, inputs: dict, figures: dict,
                     quality: list[dict], code_version: str, rules: RuleSettings | None = None) -> dict:
    """Everything the template needs, charts included."""
    rules = rules or RuleSettings()
    history = [
        {"period": p, **json.loads(f)}
        for p, f in con.execute("SELECT period, figures FROM history_period_figures WHERE period < ? ORDER BY period",
                                [period]).fetchall()
    ][-11:]
    history.append({"period": period, "signals": figures["signals"], "lifecycle": figures["lifecycle"]})
    loaded = periods_with_payroll(con, period)
    for h in history:
        h["rni_berekenbaar"] = history_months(loaded, h["period"], rules.rni_window_months) >= rules.rni_window_months
        h["vergelijkbaar"] = previous(h["period"]) in loaded
    current = history[-1]
    reasons = dict(con.execute("""SELECT reden, count(*) FROM signals_p WHERE signaal = 'LOON_ZONDER_ADRES'
                                  GROUP BY 1 ORDER BY 1""").fetchall())
    municipalities = municipality_figures(con)
    counts = figures.get("resolution", {}) if current["vergelijkbaar"] else {}
    resolution = {key: counts[key] for code in SIGNAL_LABELS
                  for key in sorted(k for k in counts if k.split(":")[0] == code) if key in counts}
    periods = [h["period"] for h in history]
    charts = {
        "per_maand": line_chart(
            "Signalen per maand", periods,
            {SIGNAL_LABELS[code]: [None if code == "RNI_LANGER_DAN_4_MAANDEN" and not h["rni_berekenbaar"]
                                   else h["signals"].get(code, 0) for h in history] for code in figures["signals"]},
            "Aantal signalen"),
        "levenscyclus": line_chart(
            "Nieuw, blijvend en opgelost per maand", periods,
            {LIFECYCLE_LABELS[k]: [h["lifecycle"].get(k, 0) if h["vergelijkbaar"] else None for h in history]
             for k in ("nieuw", "blijvend", "opgelost")},
            "Aantal signalen"),
        "per_reden": bar_chart("Loon zonder Nederlands adres, per reden",
                               [(REASON_LABELS.get(r, r), n) for r, n in reasons.items()],
                               "Aantal signalen (BSN × werkgever)"),
        "gemeenten_adressen": bar_chart(
            "Verblijfsadressen zonder loon, per gemeente (top 15)",
            [(f"{m['naam']} ({m['gemeentecode']})", m["adressen"]) for m in municipalities["adressen"]],
            "Aantal verblijfsadressen (ADRES_ZONDER_LOON)"),
        "gemeenten_werknemers": bar_chart(
            "Werknemers zonder Nederlands adres, per gemeente van de werkgever (top 15)",
            [(f"{m['naam']} ({m['gemeentecode']})", m["werknemers"]) for m in municipalities["werknemers"]],
            "Aantal werknemers (verschillende BSN's)"),
    }
    return {"period": period, "code_version": code_version, "inputs": inputs, "signals": figures["signals"],
            "lifecycle": figures["lifecycle"], "quality": quality, "history": history, "reasons": reasons,
            "signal_labels": SIGNAL_LABELS, "signal_definitions": signal_definitions(rules),
            "reason_labels": REASON_LABELS, "way_labels": WAY_LABELS, "ways": WAYS,
            "municipalities": municipalities, "resolution": resolution, "current": current,
            "rni_window": rules.rni_window_months, "rni_min": rules.rni_min_months,
            "history_months": history_months(loaded, period, rules.rni_window_months),
            "charts": charts, "effectiveness": figures.get("effectiveness")}
