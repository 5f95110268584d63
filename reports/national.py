"""The data behind ``rapport.html``, the national report for the RvIG analyst.

Aggregates only: no BSN, name or address may reach this context (DESIGN.md §8). Trends
come from earlier periods in the warehouse (``wh.period_figures``).
"""

from __future__ import annotations

import json

import duckdb

from reports.charts import bar_chart, line_chart
from sample_data.reference import gemeenten

REASON_LABELS = {
    "RNI_ZONDER_VERBLIJFSADRES": "RNI zonder verblijfsadres",
    "VERTROKKEN": "vertrokken (BRP)",
    "OVERLEDEN": "overleden (BRP)",
    "BSN_ONBEKEND": "BSN onbekend",
}


def top_municipalities(con: duckdb.DuckDBPyConnection, limit: int = 15) -> list[dict]:
    """Municipalities with the most signals (stay addresses and employers established there)."""
    names = gemeenten()
    rows = con.execute(
        """SELECT gemeentecode,
                  count(*) FILTER (WHERE signaal = 'ADRES_ZONDER_LOON') AS adres_zonder_loon,
                  count(DISTINCT bsn) FILTER (WHERE signaal = 'LOON_ZONDER_ADRES') AS loon_zonder_adres,
                  count(DISTINCT loonheffingennummer) FILTER (WHERE signaal = 'LOON_ZONDER_ADRES') AS werkgevers
           FROM signals_p WHERE gemeentecode IS NOT NULL
           GROUP BY 1 ORDER BY adres_zonder_loon + loon_zonder_adres DESC, gemeentecode LIMIT ?""", [limit]).fetchall()
    return [{"gemeentecode": g, "naam": names.get(g, g), "adres_zonder_loon": a, "loon_zonder_adres": lza,
             "werkgevers": w} for g, a, lza, w in rows]


def resolution_rate(con: duckdb.DuckDBPyConnection) -> dict:
    """Of last month's LOON_ZONDER_ADRES notices (bsn × employer), how many are resolved now."""
    previous, resolved = con.execute(
        """SELECT count(*), count(*) FILTER (WHERE NOT EXISTS (
               SELECT 1 FROM signals_p c WHERE c.signaal = prev.signaal AND c.bsn = prev.bsn
                 AND c.loonheffingennummer IS NOT DISTINCT FROM prev.loonheffingennummer))
           FROM signals_prev prev WHERE prev.signaal = 'LOON_ZONDER_ADRES'""").fetchone()
    return {"vorige": previous, "opgelost": resolved, "aandeel": (resolved / previous) if previous else None}


def national_context(con: duckdb.DuckDBPyConnection, period: str, inputs: dict, figures: dict,
                     quality: list[dict], code_version: str) -> dict:
    """Everything the template needs, charts included."""
    history = [
        {"period": p, **json.loads(f)}
        for p, f in con.execute("SELECT period, figures FROM wh.period_figures WHERE period < ? ORDER BY period",
                                [period]).fetchall()
    ][-12:]
    history.append({"period": period, "signals": figures["signals"], "lifecycle": figures["lifecycle"]})
    reasons = dict(con.execute("""SELECT reden, count(*) FROM signals_p WHERE signaal = 'LOON_ZONDER_ADRES'
                                  GROUP BY 1 ORDER BY 1""").fetchall())
    municipalities = top_municipalities(con)
    resolution = resolution_rate(con)
    periods = [h["period"] for h in history]
    charts = {
        "per_maand": line_chart("Signalen per maand", periods,
                                {code: [h["signals"].get(code, 0) for h in history] for code in figures["signals"]}),
        "levenscyclus": line_chart("Nieuw, blijvend en opgelost per maand", periods,
                                   {k: [h["lifecycle"].get(k, 0) for h in history]
                                    for k in ("nieuw", "blijvend", "opgelost")}),
        "per_reden": bar_chart("LOON_ZONDER_ADRES per reden",
                               [(REASON_LABELS.get(r, r), n) for r, n in reasons.items()]),
        "gemeenten": bar_chart("Gemeenten met de meeste signalen",
                               [(f"{m['naam']} ({m['gemeentecode']})", m["adres_zonder_loon"] + m["loon_zonder_adres"])
                                for m in municipalities]),
    }
    return {"period": period, "code_version": code_version, "inputs": inputs, "signals": figures["signals"],
            "lifecycle": figures["lifecycle"], "quality": quality, "history": history, "reasons": reasons,
            "reason_labels": REASON_LABELS, "municipalities": municipalities, "resolution": resolution,
            "charts": charts}
