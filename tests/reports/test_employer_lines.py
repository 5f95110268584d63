"""The employer CSV lines made by DuckDB (``reports.employer.read_range`` with
``csv_dialect.checked_line_sql``) are the text ``render_csv`` writes for the same rows:
plain rows, rows that need quoting, formula prefixes, NULLs, and NUL (left to Python)."""

from __future__ import annotations

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports.csv_dialect import render_csv
from reports.employer import HEADER, read_range, write_range
from transforms.employer_rows import EMPLOYER_FIELDS

COLUMNS = ("loonheffingennummer", *HEADER, *(f"werkgever_{f}" for f in EMPLOYER_FIELDS))
NASTY = ["", "gewoon", "a;b", 'zegt "ja"', "regel\r\nerna", "lf\nalleen", "=SOM(A1)", "+31", "-5", "@x", "\tt",
         "\rcr", "nul\x00teken", "'al", "Zoë Ærø", ";", '"', " spatie "]
TEXT = st.one_of(st.none(), st.sampled_from(NASTY), st.text(max_size=8))


def _source(tmp_path, rows) -> tuple[duckdb.DuckDBPyConnection, object]:
    con = duckdb.connect()
    con.execute(f"CREATE TABLE t ({', '.join(f'{c} VARCHAR' for c in COLUMNS)})")
    con.executemany(f"INSERT INTO t VALUES ({', '.join('?' * len(COLUMNS))})", rows)
    path = tmp_path / "rows.parquet"
    con.execute("COPY (SELECT * FROM t ORDER BY loonheffingennummer, signaal_id) TO ? (FORMAT parquet)",
                [path.as_posix()])
    return con, path


def _expected_body(rows) -> bytes:
    return render_csv(HEADER, [r[1:len(HEADER) + 1] for r in rows])


def test_lines_of_literal_hostile_rows(tmp_path):
    rows = []
    for i, value in enumerate(NASTY):
        rows.append(("111111111L01", f"S{i:02}", "2026-10", "LOON_ZONDER_ADRES", "VERTROKKEN", value, value, value,
                     None, value, value, "2026-09", "NIEUW", None, value, "Naam", None, None, None, None, None, None))
    _, path = _source(tmp_path, rows)
    fetched = read_range(path, "111111111L01", "111111111L01")
    assert [r[:-1] for r in fetched] == rows  # order and values as exported
    lines = [r[-1] for r in fetched]
    assert lines[NASTY.index("nul\x00teken")] is None  # NUL: left to csv_line
    assert sum(line is None for line in lines) == 1
    (tmp_path / "out").mkdir()
    write_range(path, tmp_path / "out", "2026-10", "111111111L01", "111111111L01")
    written = (tmp_path / "out" / "werkgevers" / "111111111L01" / "registratiesignalen.csv").read_bytes()
    assert written == _expected_body(rows)
    assert b'"a;b"' in written and b"'=SOM(A1)" in written


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.tuples(*[TEXT] * 5), min_size=1, max_size=6))
def test_lines_of_generated_rows_equal_render_csv(tmp_path_factory, cells):
    tmp_path = tmp_path_factory.mktemp("lines")
    rows = [("222222222L01", f"S{i:02}", "2026-10", "RNI_LANGER_DAN_4_MAANDEN", None, a or "", b, c, d, e, None, "2026-04",
             "BLIJVEND", a, e, None, None, None, None, None, None, None) for i, (a, b, c, d, e) in enumerate(cells)]
    _, path = _source(tmp_path, rows)
    (tmp_path / "out").mkdir()
    outputs = write_range(path, tmp_path / "out", "2026-10", "222222222L01", "222222222L01")
    written = (tmp_path / "out" / "werkgevers" / "222222222L01" / "registratiesignalen.csv").read_bytes()
    assert written == _expected_body(rows)
    assert [o.rows for o in outputs if o.path.endswith(".csv")] == [len(rows)]
