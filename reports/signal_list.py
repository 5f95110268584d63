"""``signalen.parquet``: every signal of P for the analyst (DESIGN.md §5).

Columns signaal_id, signaal, reden, bsn, loonheffingennummer, gemeentecode, status,
eerste_periode, laatste_loonperiode, terugkoppeling, toelichting (v2), all text, sorted by
signaal, reden, bsn, loonheffingennummer so reruns give the same bytes. The analyst's
``toelichting`` is the full one (with a date of death; the employer's leaves it out).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from reports.output import Output, file_output

COLUMNS = ("signaal_id", "signaal", "reden", "bsn", "loonheffingennummer", "gemeentecode", "status",
           "eerste_periode", "laatste_loonperiode", "terugkoppeling", "toelichting")


def write_signal_list(con: duckdb.DuckDBPyConnection, root: Path) -> Output:
    path = root / "signalen.parquet"
    cols = ", ".join(COLUMNS)
    con.execute(
        f"""COPY (SELECT {cols} FROM signals_p
                  ORDER BY signaal, reden NULLS FIRST, bsn, loonheffingennummer NULLS FIRST)
            TO ? (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000)""",
        [path.as_posix()],
    )
    rows = con.execute("SELECT count(*) FROM signals_p").fetchone()[0]
    return file_output(root, path, rows)
