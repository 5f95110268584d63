"""The data behind ``rapport.html``, the national report for the RvIG analyst.

Aggregates only: no BSN, name or address may reach this context (DESIGN.md §8).
"""

from __future__ import annotations

import json

import duckdb


def national_context(con: duckdb.DuckDBPyConnection, period: str, inputs: dict, figures: dict,
                     quality: list[dict], code_version: str) -> dict:
    """Everything the template needs; history comes from earlier periods in the warehouse."""
    history = [
        {"period": p, **json.loads(f)}
        for p, f in con.execute("SELECT period, figures FROM wh.period_figures WHERE period < ? ORDER BY period",
                                [period]).fetchall()
    ]
    history.append({"period": period, "signals": figures["signals"], "lifecycle": figures["lifecycle"]})
    reasons = dict(con.execute("""SELECT reden, count(*) FROM signals_p WHERE signaal = 'LOON_ZONDER_ADRES'
                                  GROUP BY 1 ORDER BY 1""").fetchall())
    return {"period": period, "code_version": code_version, "inputs": inputs, "signals": figures["signals"],
            "lifecycle": figures["lifecycle"], "quality": quality, "history": history, "reasons": reasons}
