"""The spreadsheet twins' cells rendered by DuckDB, beside the rows of the CSV (issue 16).

``reports.xlsx`` writes a cell from its Python value at ~1–2 µs; a national month has ~7 M
twin cells (the municipality files, the inspector's feed, the quality lists), and making
them in Python was the largest cost of the publish step's own process. So the query that
gives a file's rows also gives, per row, that row's cells as XML (``cells_sql``), computed by
DuckDB's vectorised string functions: the writer only puts in the row number and writes.

The SQL must produce exactly the text ``reports.xlsx._cell`` produces, so it covers only
the cases where that is plain to see; every other row gets NULL and is rendered by
``_cell`` as before (the result is the same text either way, tested on hostile values in
``tests/reports/test_xlsx_sql.py``):

- a row whose texts hold ``& < >`` or a character XML does not allow (``_xHHHH_``): one
  regular expression per row (``XML_SPECIAL``) over all its texts;
- a date column holding text with a non-ASCII character (Python's ``\\d`` takes any digit);
- a count or share column holding text that is not a plain number (``0``, ``12``,
  ``0.2500``: Python's ``repr(float)`` of a short decimal is that decimal without its
  trailing zeros; anything else, e.g. ``-0.0``, ``1e5``, ``007``, ``1_000``, stays Python's);
- a column of a type not listed below (DOUBLE, DECIMAL, TIMESTAMP, …): every row.

In the XML the row number is the character NUL (``ROW``), which no value can hold (a value
with NUL is one of the rows left to Python), and ``reports.xlsx`` replaces it per row.
The same query gives each row's CSV line (``csv_dialect.line_sql``), on the same terms.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from reports.csv_dialect import INTEGER_TYPES, NEEDS_QUOTING, line_sql
from reports.xlsx import COUNT, DATE, ROW, SHARE, STYLE, TEXT, _column_letters, column_kind

# A row whose texts hold one of these has its twin cells rendered in Python: XML escapes
# (``& < >`` and, as ``_xHHHH_``, what XML does not allow, as reports.xlsx._ILLEGAL_XML).
XML_SPECIAL = r"'[&<>\x00-\x08\x0b\x0c\x0e-\x1f\x{FFFE}\x{FFFF}]'"
_NON_ASCII = r"'[^\x00-\x7f]'"
_PLAIN_INT = r"'0|[1-9][0-9]{0,17}'"
_PLAIN_DECIMAL = r"'(0|[1-9][0-9]{0,5})\.[0-9]{1,6}'"
_FULL_DATE = r"'[0-9]{4}-[0-9]{2}-[0-9]{2}'"
_EPOCH = "DATE '1899-12-30'"


def _text(ref: str, text: str) -> str:
    """A text cell of a text without ``XML_SPECIAL`` characters (nothing to escape)."""
    return f"""concat('<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">', {text}, '</t></is></c>')"""


def _value(ref: str, kind: str, number: str) -> str:
    return f"""concat('<c r="{ref}" s="{STYLE[kind]}"><v>', {number}, '</v></c>')"""


def _column(ref: str, kind: str, col: str, type_: str) -> tuple[str, str | None] | None:
    """(SQL for one cell, ``''`` for none; SQL of when it holds, None: always) of ``col`` of DuckDB type
    ``type_``; None: a type left to Python."""
    if type_ == "VARCHAR":
        if kind is TEXT:
            return f"CASE WHEN {col} IS NULL OR {col} = '' THEN '' ELSE {_text(ref, col)} END", None
        if kind is DATE:
            day = f"try_cast({col} AS DATE)"
            whole = f"regexp_full_match({col}, {_FULL_DATE}) AND {day} IS NOT NULL AND year({day}) >= 1"
            return (f"CASE WHEN {col} IS NULL OR {col} = '' THEN '' WHEN {whole} "
                    f"THEN {_value(ref, DATE, f'({day} - {_EPOCH})')} ELSE {_text(ref, col)} END",
                    f"NOT coalesce(regexp_matches({col}, {_NON_ASCII}), false)")  # Python's \d takes any digit
        trimmed = f"rtrim({col}, '0')"  # the decimal pattern has a '.', which stops the trim
        number = (f"CASE WHEN regexp_full_match({col}, {_PLAIN_INT}) THEN {col} "
                  f"WHEN {trimmed} LIKE '%.' THEN concat({trimmed}, '0') ELSE {trimmed} END")
        return (f"CASE WHEN {col} IS NULL OR {col} = '' THEN '' ELSE {_value(ref, kind, number)} END",
                f"({col} IS NULL OR {col} = '' OR regexp_full_match({col}, {_PLAIN_INT}) "
                f"OR regexp_full_match({col}, {_PLAIN_DECIMAL}))")
    if type_ == "BOOLEAN":
        if kind is COUNT or kind is SHARE:
            cell = _value(ref, kind, f"{col}::INTEGER")
        else:
            cell = _text(ref, f"CASE WHEN {col} THEN 'ja' ELSE 'nee' END")
        return f"CASE WHEN {col} IS NULL THEN '' ELSE {cell} END", None
    if type_ in INTEGER_TYPES:
        cell = _value(ref, kind, col) if kind is COUNT or kind is SHARE else _text(ref, col)
        return f"CASE WHEN {col} IS NULL THEN '' ELSE {cell} END", None
    if type_ == "DATE" and kind is not COUNT and kind is not SHARE:
        cell = _value(ref, DATE, f"({col} - {_EPOCH})") if kind is DATE else _text(ref, f"{col}::VARCHAR")
        return f"CASE WHEN {col} IS NULL THEN '' ELSE {cell} END", None
    return None


def cells_sql(columns: Sequence[str], header: Sequence[str], types: Sequence[str]) -> str | None:
    """SQL for a row's cells (columns ``columns`` of DuckDB types ``types``, named ``header`` in the
    sheet) with ``ROW`` for the row number, for a row without ``XML_SPECIAL`` characters; NULL where
    ``reports.xlsx`` must render the row; None: every row."""
    refs = [f"{_column_letters(i)}' || chr({ord(ROW)}) || '" for i in range(len(header))]
    parts = [_column(ref, column_kind(h), col, t)
             for ref, h, col, t in zip(refs, header, columns, types, strict=True)]
    if None in parts:
        return None
    cells = f"concat({', '.join(p[0] for p in parts)})"  # one allocation per row, not one per ``||``
    holds = [p[1] for p in parts if p[1] is not None]
    return f"CASE WHEN {' AND '.join(holds)} THEN {cells} END" if holds else cells


def with_cells(con: duckdb.DuckDBPyConnection, query: str, header: Sequence[str], params: list | dict | None = None,
               *, skip: int = 0) -> duckdb.DuckDBPyConnection:
    """Run ``query`` (ordered) with two columns more: each row's CSV line
    (``csv_dialect.line_sql``; NULL for a row with NUL) and its twin's cells (``cells_sql``;
    NULL for a row whose texts hold an ``XML_SPECIAL`` character), NULL where Python must make it.

    The first ``skip`` columns (a partition key) are in neither file. The outer SELECT only
    adds columns, which keeps the query's order (DuckDB preserves order through a projection).
    """
    params = params if params is not None else []
    probe = con.execute(f"SELECT * FROM ({query}) LIMIT 0", params).description
    names = [f"c{i}" for i in range(len(probe))]
    types = [str(d[1]) for d in probe]
    texts = [n for n, t in zip(names[skip:], types[skip:], strict=True) if t == "VARCHAR"]
    all_text = f"concat({', '.join(texts)})" if texts else "''"
    plain, quoted = line_sql(names[skip:], types[skip:]), line_sql(names[skip:], types[skip:], quoting=True)
    line = (f"CASE WHEN NOT regexp_matches(t__, '{NEEDS_QUOTING}') THEN {plain} "
            f"WHEN NOT contains(t__, chr(0)) THEN {quoted} END" if plain else "NULL")
    cells = cells_sql(names[skip:], header, types[skip:])
    cells = f"CASE WHEN NOT regexp_matches(t__, {XML_SPECIAL}) THEN {cells} END" if cells else "NULL"
    return con.execute(f"""SELECT * EXCLUDE (t__), ({line})::VARCHAR, ({cells})::VARCHAR
                           FROM (SELECT *, {all_text} AS t__ FROM ({query}) AS q({', '.join(names)}))""", params)


def fetch_with_cells(con: duckdb.DuckDBPyConnection, query: str, header: Sequence[str]
                     ) -> tuple[list[tuple], list[str | None], list[str | None]]:
    """``with_cells`` of a whole (small) file fetched at once: (rows, CSV lines, twin cells)."""
    fetched = with_cells(con, query, header).fetchall()
    return [r[:-2] for r in fetched], [r[-2] for r in fetched], [r[-1] for r in fetched]
