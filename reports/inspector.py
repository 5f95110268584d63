"""``inspectie/``: the risk feed for the joint risk analysis of Arbeidsinspectie,
Belastingdienst, UWV and certifiers.

``risicoanalyse.csv`` (with ``.xlsx`` twin and ``.parquet``): one row per employer with any
signal, self-describing — every row carries ``periode``, ``peildatum`` and ``score_versie``,
so a row loaded into another system still says what it means. ``risicoscore.md``: the
score's method and version, rendered from the parameters the score is computed with.
Employer-level counts only, never a BSN (DESIGN.md §8). In Parquet ``aandeel_zonder_nl_adres``
is a DOUBLE and ``peildatum`` a DATE; in the CSV the share has 4 decimals.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from reports.csv_dialect import write_csv
from reports.output import Output, file_output, write_text
from reports.risk_method import render_method
from reports.xlsx import write_twin
from reports.xlsx_sql import fetch_with_cells

HEADER = ("periode", "peildatum", "score_versie", "loonheffingennummer", "kvk_nummer", "naam", "gemeentecode",
          "sector_code", "is_uitlener", "aantal_werknemers", "aantal_zonder_nl_adres", "aandeel_zonder_nl_adres",
          "aantal_rni_langer_dan_4_maanden", "aantal_meervoudig_bsn", "maanden_met_signaal", "risicoscore",
          "risicofactoren")


def _select(share: str) -> str:
    columns = ", ".join(share if c == "aandeel_zonder_nl_adres" else c for c in HEADER)
    return f"SELECT {columns} FROM risk_feed ORDER BY loonheffingennummer"


CSV_SQL = _select("printf('%.4f', aandeel_zonder_nl_adres) AS aandeel_zonder_nl_adres")
PARQUET_SQL = _select("aandeel_zonder_nl_adres::DOUBLE AS aandeel_zonder_nl_adres")


def write_inspector_files(con: duckdb.DuckDBPyConnection, root: Path) -> list[Output]:
    rows, lines, cells = fetch_with_cells(con, CSV_SQL, HEADER)
    rel = "inspectie/risicoanalyse.csv"
    outputs = [Output(rel, len(rows), write_csv(root / rel, HEADER, rows, lines)),
               write_twin(root, rel, HEADER, rows, cells)]
    parquet = root / "inspectie" / "risicoanalyse.parquet"
    con.execute(f"COPY ({PARQUET_SQL}) TO ? (FORMAT parquet, COMPRESSION zstd)", [parquet.as_posix()])
    outputs.append(file_output(root, parquet, len(rows)))
    outputs.append(write_text(root, "inspectie/risicoscore.md", render_method()))
    return outputs
