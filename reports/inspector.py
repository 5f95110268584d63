"""``inspectie/risicoanalyse.csv`` (and ``.parquet``): one row per employer with any signal,
for the joint risk analysis of Arbeidsinspectie, Belastingdienst, UWV and certifiers.

Employer-level counts only, never a BSN (DESIGN.md §8). The score is explained in
``transforms/risk_score.py`` and docs/risk-score.md.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from reports.csv_dialect import write_csv
from reports.output import Output, file_output

HEADER = ("loonheffingennummer", "kvk_nummer", "naam", "gemeentecode", "sector_code", "is_uitlener",
          "aantal_werknemers", "aantal_zonder_nl_adres", "aandeel_zonder_nl_adres",
          "aantal_rni_langer_dan_4_maanden", "aantal_meervoudig_bsn", "maanden_met_signaal", "risicoscore",
          "risicofactoren")

SELECT_SQL = """
SELECT loonheffingennummer, kvk_nummer, naam, gemeentecode, sector_code, is_uitlener,
       aantal_werknemers, aantal_zonder_nl_adres, printf('%.4f', aandeel_zonder_nl_adres) AS aandeel_zonder_nl_adres,
       aantal_rni_langer_dan_4_maanden, aantal_meervoudig_bsn, maanden_met_signaal, risicoscore, risicofactoren
FROM risk_feed ORDER BY loonheffingennummer
"""


def write_inspector_files(con: duckdb.DuckDBPyConnection, root: Path) -> list[Output]:
    rows = con.execute(SELECT_SQL).fetchall()
    rel = "inspectie/risicoanalyse.csv"
    outputs = [Output(rel, len(rows), write_csv(root / rel, HEADER, rows))]
    parquet = root / "inspectie" / "risicoanalyse.parquet"
    con.execute(f"COPY ({SELECT_SQL}) TO ? (FORMAT parquet, COMPRESSION zstd)", [parquet.as_posix()])
    outputs.append(file_output(root, parquet, len(rows)))
    return outputs
