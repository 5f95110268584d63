"""Write one CSV per audience (a municipality, an employer) from one sorted query.

The query is run once and split by its first column while streaming, so tens of
thousands of employer folders cost one scan, not one query each. The partition column
itself is not written. With ``twin`` each CSV gets its spreadsheet twin (``reports.xlsx``)
from the same rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import duckdb

from reports.csv_dialect import write_csv
from reports.output import Output
from reports.xlsx import write_twin
from reports.xlsx_sql import with_cells


def _rows(cursor: duckdb.DuckDBPyConnection, size: int = 100_000) -> Iterator[tuple]:
    while batch := cursor.fetchmany(size):
        yield from batch


def write_partitioned(con: duckdb.DuckDBPyConnection, root: Path, query: str, header: Sequence[str],
                      folder: str, filename: str, params: list | dict | None = None, *, twin: bool = False
                      ) -> list[Output]:
    """``query`` must return the partition key first and be ordered by it.

    With ``twin`` the query is run with two columns more, each row's CSV line and spreadsheet
    cells (``reports.xlsx_sql``), which the files are written from."""
    outputs: list[Output] = []
    current, rows, lines, cells = None, [], [], []

    def flush() -> None:
        if current is not None and rows:
            rel = f"{folder}/{current}/{filename}"
            outputs.append(Output(rel, len(rows), write_csv(root / rel, header, rows, lines if twin else None)))
            if twin:
                outputs.append(write_twin(root, rel, header, rows, cells))

    params = params if params is not None else []
    cursor = with_cells(con, query, header, params, skip=1) if twin else con.execute(query, params)
    end = -2 if twin else None
    for row in _rows(cursor):
        if row[0] != current:
            flush()
            current, rows, lines, cells = row[0], [], [], []
        rows.append(row[1:end])
        if twin:
            lines.append(row[-2])
            cells.append(row[-1])
    flush()
    return outputs
