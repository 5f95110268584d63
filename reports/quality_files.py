"""``kwaliteit/quarantaine.csv`` (rows not used) and ``kwaliteit/bevindingen.csv`` (fields
emptied, to report back to the register). Same columns: bron;rijnummer;reden;kolom;waarde,
sorted by bron, then rijnummer as a number (row 9 before row 10). Each with its spreadsheet
twin (``.xlsx``, DESIGN.md §5 v2).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from reports.csv_dialect import write_csv
from reports.output import Output
from reports.xlsx import write_twin
from reports.xlsx_sql import fetch_with_cells
from schemas.catalogue import READABLE_BY_REPORTS

HEADER = ("bron", "rijnummer", "reden", "kolom", "waarde")


def write_issue_file(con: duckdb.DuckDBPyConnection, root: Path, table: str, name: str) -> list[Output]:
    if table not in READABLE_BY_REPORTS:
        raise ValueError(f"{table} is not a published table (schemas/catalogue.py)")
    rows, lines, cells = fetch_with_cells(
        con, f"SELECT {', '.join(HEADER)} FROM {table} ORDER BY bron, rijnummer, kolom NULLS FIRST, reden", HEADER)
    rel = f"kwaliteit/{name}"
    return [Output(rel, len(rows), write_csv(root / rel, HEADER, rows, lines)),
            write_twin(root, rel, HEADER, rows, cells)]


def write_quality_files(con: duckdb.DuckDBPyConnection, root: Path) -> list[Output]:
    return (write_issue_file(con, root, "quarantine", "quarantaine.csv")
            + write_issue_file(con, root, "findings", "bevindingen.csv"))
