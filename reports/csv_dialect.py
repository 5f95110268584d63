"""The output CSV dialect of DESIGN.md §5, in one place.

``;`` delimiter, UTF-8 with BOM (so Excel opens it correctly), header row, ``\\r\\n`` line
ends, a null as an empty field, booleans ``ja``/``nee``, dates ``YYYY-MM-DD``. A text cell that
starts with ``= + - @``, a tab or a CR gets a leading ``'`` so a spreadsheet does not run it
as a formula.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """One value as the contract writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def render_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    buf = io.StringIO()
    buf.write(BOM)
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return buf.getvalue().encode("utf-8")


def csv_line(values: Sequence[object]) -> str:
    """One data row with its line end, the same text ``render_csv`` writes for it, faster.

    Most cells are plain text without ``; " CR LF``: those rows are joined directly. A row
    with such a character (which must be quoted) goes through the ``csv`` module as in
    ``render_csv``, so the quoting rules live in one place.
    """
    cells = [v if type(v) is str and not v.startswith(FORMULA_START) else cell(v) for v in values]
    line = ";".join(cells)
    if (line.count(";") == len(cells) - 1 and '"' not in line and "\r" not in line and "\n" not in line
            and "\0" not in line and (line or len(cells) > 1)):
        return line + "\r\n"
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL).writerow(cells)
    return buf.getvalue()


def header_text(header: Sequence[str]) -> str:
    """The BOM and the header line, as ``render_csv`` starts a file."""
    return BOM + csv_line(header)


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]],
              lines: Sequence[str | None] | None = None) -> str:
    """Write the file; return its sha256. (The text of ``render_csv``, joined row by row with
    ``csv_line``: the same bytes, tested in ``tests/reports/test_letter_fast.py``.) ``lines``:
    per row its line as ``line_sql`` made it (None: ``csv_line`` makes it here)."""
    if lines is None:
        body = map(csv_line, rows)
    else:
        body = (line if line is not None else csv_line(row) for row, line in zip(rows, lines, strict=True))
    data = "".join([header_text(header), *body]).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT"}


def _field_sql(col: str, type_: str) -> str | None:
    """SQL for ``cell`` of a column of DuckDB type ``type_`` (None: a type left to Python)."""
    if type_ == "VARCHAR":
        formula = " OR ".join(f"prefix({col}, chr({ord(c)}))" for c in FORMULA_START)
        return f"CASE WHEN {col} IS NULL THEN '' WHEN {formula} THEN concat(chr(39), {col}) ELSE {col} END"
    if type_ == "BOOLEAN":
        return f"CASE WHEN {col} IS NULL THEN '' WHEN {col} THEN 'ja' ELSE 'nee' END"
    if type_ in INTEGER_TYPES:  # str(int), with the formula prefix before a minus sign as ``cell`` does
        return f"CASE WHEN {col} IS NULL THEN '' WHEN {col} < 0 THEN concat(chr(39), {col}) ELSE {col}::VARCHAR END"
    if type_ == "DATE":  # date.isoformat()
        return f"coalesce({col}::VARCHAR, '')"
    return None


# A text with one of these is quoted (the ``csv`` module's rules, QUOTE_MINIMAL); NUL is left to it.
NEEDS_QUOTING = r'[;"\r\n]'  # an RE2 class


def _quoted_sql(field: str) -> str:
    return f"""CASE WHEN regexp_matches({field}, '{NEEDS_QUOTING}') THEN concat('"', replace({field}, '"', '""'), '"') ELSE {field} END"""


def line_sql(columns: Sequence[str], types: Sequence[str], *, quoting: bool = False) -> str | None:
    """SQL for ``csv_line`` of a row without NUL (issue 16: DuckDB joins the national files'
    millions of cells faster than Python); with ``quoting`` texts holding ``NEEDS_QUOTING``
    are quoted as the ``csv`` module does, without it the row must hold none. None where
    ``csv_line`` must make every line: a column of another type than VARCHAR, BOOLEAN, DATE or
    an integer, or a one-column row (an empty one is written quoted)."""
    fields = [_field_sql(c, t) for c, t in zip(columns, types, strict=True)]
    if len(fields) < 2 or None in fields:
        return None
    if quoting:
        fields = [_quoted_sql(f) if t == "VARCHAR" else f for f, t in zip(fields, types, strict=True)]
    return f"concat({', '.join(f + ', ' + repr(';') for f in fields[:-1])}, {fields[-1]}, chr(13), chr(10))"


def checked_line_sql(columns: Sequence[str], types: Sequence[str]) -> str | None:
    """SQL for each row's ``csv_line`` over the columns ``columns`` (of DuckDB types ``types``),
    NULL for a row whose texts hold a NUL (``csv_line`` must make that one); None where
    ``line_sql`` cannot make any line. Rows without anything to quote take the plain join, the
    others the quoting one, so the regular expressions run once per row on all its texts."""
    plain, quoted = line_sql(columns, types), line_sql(columns, types, quoting=True)
    if plain is None:
        return None
    texts = [c for c, t in zip(columns, types, strict=True) if t == "VARCHAR"]
    all_text = f"concat({', '.join(texts)})" if texts else "''"
    return (f"CASE WHEN contains({all_text}, chr(0)) THEN NULL "
            f"WHEN NOT regexp_matches({all_text}, '{NEEDS_QUOTING}') THEN {plain} ELSE {quoted} END")
