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

- a value with a character XML does not allow (``_xHHHH_`` escape) — checked once per row;
- a date column holding text with a non-ASCII character (Python's ``\\d`` takes any digit);
- a count or share column holding text that is not a plain number (``0``, ``12``,
  ``0.2500``: Python's ``repr(float)`` of a short decimal is that decimal without its
  trailing zeros; anything else, e.g. ``-0.0``, ``1e5``, ``007``, ``1_000``, stays Python's);
- a column of a type not listed below (DOUBLE, DECIMAL, TIMESTAMP, …): every row.

In the XML the row number is the character NUL (``ROW``), which no value can hold (a value
with NUL is one of the rows left to Python), and ``reports.xlsx`` replaces it per row.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from reports.xlsx import COUNT, DATE, ROW, SHARE, STYLE, TEXT, _column_letters, column_kind

_INTEGER = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT"}
_ILLEGAL_XML = r"'[\x00-\x08\x0b\x0c\x0e-\x1f\x{FFFE}\x{FFFF}]'"  # as reports.xlsx._ILLEGAL_XML
_NON_ASCII = r"'[^\x00-\x7f]'"
_PLAIN_INT = r"'0|[1-9][0-9]{0,17}'"
_PLAIN_DECIMAL = r"'(0|[1-9][0-9]{0,5})\.[0-9]{1,6}'"
_FULL_DATE = r"'[0-9]{4}-[0-9]{2}-[0-9]{2}'"
_NULL = "NULL::VARCHAR"


def _escaped(text: str) -> str:
    """SQL for ``reports.xlsx._escape`` of a text without illegal characters."""
    return f"replace(replace(replace({text}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')"


def _text(ref: str, text: str) -> str:
    return f"""'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">' || {_escaped(text)} || '</t></is></c>'"""


def _value(ref: str, kind: str, number: str) -> str:
    return f"""'<c r="{ref}" s="{STYLE[kind]}"><v>' || {number} || '</v></c>'"""


def _column(ref: str, kind: str, col: str, type_: str) -> str:
    """SQL for one cell (``''`` for none, NULL: leave the row to Python) of ``col`` of DuckDB type ``type_``."""
    if type_ == "VARCHAR":
        if kind is TEXT:
            return f"CASE WHEN {col} IS NULL OR {col} = '' THEN '' ELSE {_text(ref, col)} END"
        if kind is DATE:
            day = f"try_cast({col} AS DATE)"
            return (f"CASE WHEN {col} IS NULL OR {col} = '' THEN '' "
                    f"WHEN regexp_full_match({col}, {_FULL_DATE}) AND {day} IS NOT NULL AND year({day}) >= 1 "
                    f"THEN {_value(ref, DATE, f'({day} - DATE {chr(39)}1899-12-30{chr(39)})::VARCHAR')} "
                    f"WHEN regexp_matches({col}, {_NON_ASCII}) THEN {_NULL} ELSE {_text(ref, col)} END")
        trimmed = f"rtrim({col}, '0')"  # the pattern has a '.', which stops the trim
        number = (f"CASE WHEN regexp_full_match({col}, {_PLAIN_INT}) THEN {col} "
                  f"WHEN regexp_full_match({col}, {_PLAIN_DECIMAL}) "
                  f"THEN {trimmed} || CASE WHEN {trimmed} LIKE '%.' THEN '0' ELSE '' END END")
        return f"CASE WHEN {col} IS NULL OR {col} = '' THEN '' ELSE {_value(ref, kind, number)} END"
    if type_ == "BOOLEAN":
        as_text = f"CASE WHEN {col} THEN 'ja' ELSE 'nee' END" if kind is TEXT or kind is DATE else f"{col}::INTEGER::VARCHAR"
        cell = _text(ref, as_text) if kind is TEXT or kind is DATE else _value(ref, kind, as_text)
        return f"CASE WHEN {col} IS NULL THEN '' ELSE {cell} END"
    if type_ in _INTEGER:
        cell = _value(ref, kind, f"{col}::VARCHAR") if kind is COUNT or kind is SHARE else _text(ref, f"{col}::VARCHAR")
        return f"CASE WHEN {col} IS NULL THEN '' ELSE {cell} END"
    if type_ == "DATE":
        cell = (_value(ref, DATE, f"({col} - DATE '1899-12-30')::VARCHAR") if kind is DATE
                else _text(ref, f"{col}::VARCHAR") if kind is TEXT else _NULL)
        return f"CASE WHEN {col} IS NULL THEN '' ELSE {cell} END"
    return _NULL


def cells_sql(columns: Sequence[str], header: Sequence[str], types: Sequence[str]) -> str:
    """SQL for a row's cells (columns ``columns`` of DuckDB types ``types``, named ``header`` in the
    sheet), with ``ROW`` for the row number; NULL where ``reports.xlsx`` must render the row."""
    refs = [f"{_column_letters(i)}' || chr({ord(ROW)}) || '" for i in range(len(header))]
    parts = [_column(ref, column_kind(h), col, t)
             for ref, h, col, t in zip(refs, header, columns, types, strict=True)]
    texts = [col for col, t in zip(columns, types, strict=True) if t == "VARCHAR"]
    legal = f"NOT regexp_matches(concat({', '.join(texts)}), {_ILLEGAL_XML})" if texts else "true"
    # ``||``, not concat(): a NULL cell (left to Python) must make the whole row NULL
    return f"CASE WHEN {legal} THEN {' || '.join(f'({p})' for p in parts)} END"


def with_cells(con: duckdb.DuckDBPyConnection, query: str, header: Sequence[str], params: list | dict | None = None,
               *, skip: int = 0) -> duckdb.DuckDBPyConnection:
    """Run ``query`` (ordered) with one column more: each row's twin cells (``cells_sql``).

    The first ``skip`` columns (a partition key) are not in the sheet. The outer SELECT only
    adds a column, which keeps the query's order (DuckDB preserves order through a projection).
    """
    params = params if params is not None else []
    probe = con.execute(f"SELECT * FROM ({query}) LIMIT 0", params).description
    names = [f"c{i}" for i in range(len(probe))]
    types = [str(d[1]) for d in probe]
    cells = cells_sql(names[skip:], header, types[skip:])
    return con.execute(f"SELECT *, {cells} FROM ({query}) AS q({', '.join(names)})", params)
