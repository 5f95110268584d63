"""The twins' cells and the CSV lines made by DuckDB (reports.xlsx_sql, csv_dialect.line_sql) are
the text reports.xlsx and csv_dialect.csv_line make from the Python values: same file bytes, on
hostile values of every column kind and type, and the rows the SQL cannot be sure of are left
to Python."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports.csv_dialect import render_csv, write_csv
from reports.partitioned import write_partitioned
from reports.xlsx import _write
from reports.xlsx_sql import with_cells

# one column per (kind, DuckDB type) the outputs use or might use
COLUMNS = {  # sheet header → DuckDB type
    "naam": "VARCHAR", "geboortedatum": "VARCHAR", "datum_aanvang_ikv": "DATE", "aantal_werknemers": "BIGINT",
    "aandeel_zonder_nl_adres": "VARCHAR", "maanden_in_loon": "VARCHAR", "contactgegevens_bekend": "BOOLEAN",
    "huisnummer": "INTEGER", "peildatum": "DATE", "rijnummer": "INTEGER", "toelichting": "VARCHAR",
    "datum_inschrijving_rni": "BOOLEAN", "aantal_x": "BOOLEAN", "periode": "DATE",
}
HEADER = tuple(COLUMNS)

HOSTILE_TEXT = ["", " ", "Jansen", "a & b <c> d", "=1+1", "-3", "'quoted'", "x;y", 'say "hi"', "line\r\nend",
                "tab\there", "nul\x00byte", "bell\x07", "\ufffe", "\uffff", "é ü ł 漢", "_x0041_", "0", "007", "12",
                "0.2500", "1.0000", "0.0000", "0.0001", "10.000", "123456.123456", "00.5", "-0.0000", "1e5", " 3",
                "1_000", "+4", "3.", ".5", "2026-10-01", "1985-00-00", "2024-02-29", "2023-02-29", "0000-01-01",
                "9999-12-31", "٢٠٢٤-٠١-٠١", "2026-10", "2026-1-01", "1234567890123456789", "nan", "inf"]


def _table(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    con.execute("CREATE OR REPLACE TABLE t (k INTEGER, " + ", ".join(f'"{h}" {t}' for h, t in COLUMNS.items()) + ")")
    con.executemany(f"INSERT INTO t VALUES ({', '.join('?' * (len(COLUMNS) + 1))})", rows)


def _both(tmp_path: Path, con: duckdb.DuckDBPyConnection) -> tuple[bytes, bytes, int]:
    """Both workbooks (Python's refusal of a count cell that is no number — ValueError — must be
    the SQL path's too, since such a row is left to Python), and how many rows SQL left to Python."""
    fetched = with_cells(con, "SELECT * EXCLUDE (k) FROM t ORDER BY k", HEADER).fetchall()
    rows = [r[:-2] for r in fetched]
    cells = [r[-1] for r in fetched]
    digest = write_csv(tmp_path / "python.csv", HEADER, rows)
    assert write_csv(tmp_path / "sql.csv", HEADER, rows, [r[-2] for r in fetched]) == digest
    assert (tmp_path / "sql.csv").read_bytes() == render_csv(HEADER, rows)
    try:
        _write(tmp_path / "python.xlsx", HEADER, rows, "blad")
    except ValueError:
        with pytest.raises(ValueError):
            _write(tmp_path / "sql.xlsx", HEADER, rows, "blad", cells)
        return b"", b"", cells.count(None)
    _write(tmp_path / "sql.xlsx", HEADER, rows, "blad", cells)
    return (tmp_path / "python.xlsx").read_bytes(), (tmp_path / "sql.xlsx").read_bytes(), cells.count(None)


NUMBERS = [t for t in HOSTILE_TEXT if t.strip().lstrip("+-").replace(".", "", 1).replace("_", "").isdigit()
           or t in ("", "nan", "inf", "1e5")]


def _row(k: int, text: str | None, number: int | None, day: date | None, flag: bool | None,
         numeric: str | None = None) -> tuple:
    """A row of every column; count/share text columns get a number-like text (others make Python refuse)."""
    numeric = numeric or (NUMBERS[k % len(NUMBERS)] if text is not None else None)
    return (k, text, text, day, number, numeric, numeric, flag, number, day, number, text, flag,
            flag, day)


def test_hostile_values_same_bytes_and_doubtful_rows_left_to_python(tmp_path: Path):
    con = duckdb.connect()
    rows = [_row(i, text, i - 3 if i % 5 else None, date(1900 + i, 1 + i % 12, 1) if i % 4 else None,
                 None if i % 3 == 0 else bool(i % 2)) for i, text in enumerate([*HOSTILE_TEXT, None])]
    _table(con, rows)
    python, sql, left = _both(tmp_path, con)
    assert python and sql == python
    # NUL, BEL, U+FFFE/U+FFFF, the Arabic-Indic date and the numbers that are not plain go to Python
    assert 8 <= left < len(rows) - 8


def test_plain_rows_are_all_rendered_by_sql(tmp_path: Path):
    con = duckdb.connect()
    _table(con, [_row(1, "Jansen en Zn", 3, date(2026, 10, 1), True, "0.2500"), _row(2, None, None, None, None),
                 _row(3, "2026-10-01", 0, date(1901, 2, 3), False, "12"), _row(4, "=x", 7, None, None, "1.0000")])
    python, sql, left = _both(tmp_path, con)
    assert python and sql == python and left == 0
    lines = with_cells(con, "SELECT * EXCLUDE (k) FROM t ORDER BY k", HEADER).fetchall()
    assert all(r[-2] is not None for r in lines)  # no ; " CR LF in these: every line from SQL


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.one_of(st.none(), st.text(max_size=12), st.sampled_from(HOSTILE_TEXT)),
                          st.one_of(st.none(), st.integers(-2**31, 2**31 - 1)),
                          st.one_of(st.none(), st.dates(date(1, 1, 1), date(9999, 12, 31))),
                          st.one_of(st.none(), st.booleans())), min_size=1, max_size=8))
def test_generated_values_same_bytes(tmp_path: Path, values):
    con = duckdb.connect()
    _table(con, [_row(i, *v) for i, v in enumerate(values)])
    python, sql, _ = _both(tmp_path, con)
    assert sql == python


def test_unknown_types_leave_every_row_to_python(tmp_path: Path):
    con = duckdb.connect()
    fetched = with_cells(con, "SELECT 'a' AS naam, 0.25::DOUBLE AS aandeel, 1.5::DECIMAL(4, 2) AS aantal",
                         ("naam", "aandeel_x", "aantal_x")).fetchall()
    assert fetched == [("a", 0.25, pytest.approx(1.5), None, None)]


def test_partitioned_twins_keep_the_query_order(tmp_path: Path):
    """The cells come from the same rows, in the same order, as the CSV: per partition and row number."""
    con = duckdb.connect()
    con.execute("""CREATE TABLE p AS SELECT (i % 7)::VARCHAR AS gemeente, i AS rijnummer, 'naam ' || i AS naam
                   FROM range(5000) r(i)""")
    header = ("rijnummer", "naam")
    outputs = write_partitioned(con, tmp_path / "sql", "SELECT * FROM p ORDER BY gemeente, rijnummer DESC", header,
                                "g", "f.csv", twin=True)
    rows = con.execute("SELECT gemeente, rijnummer, naam FROM p ORDER BY gemeente, rijnummer DESC").fetchall()
    for code in sorted({r[0] for r in rows}):
        mine = [r[1:] for r in rows if r[0] == code]
        _write(tmp_path / f"{code}.xlsx", header, mine, "f")
        assert (tmp_path / "sql" / "g" / code / "f.xlsx").read_bytes() == (tmp_path / f"{code}.xlsx").read_bytes()
        assert (tmp_path / "sql" / "g" / code / "f.csv").read_bytes() == render_csv(header, mine)
    assert len(outputs) == 14


def test_quoted_csv_fields_made_by_sql_and_nul_left_to_python(tmp_path: Path):
    con = duckdb.connect()
    _table(con, [_row(1, "a;b", 3, None, None, "12"), _row(2, 'say "hi"', None, None, True, "1.0000"),
                 _row(3, "=x;\r\n", -4, None, None, "0"), _row(4, "nul\x00;", 1, None, None, "0")])
    python, sql, _ = _both(tmp_path, con)
    assert python and sql == python
    lines = [r[-2] for r in with_cells(con, "SELECT * EXCLUDE (k) FROM t ORDER BY k", HEADER).fetchall()]
    assert [line is not None for line in lines] == [True, True, True, False]
    assert lines[0].startswith('"a;b";"a;b";')
