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


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """Write the file; return its sha256. (The text of ``render_csv``, joined row by row with
    ``csv_line``: the same bytes, tested in ``tests/reports/test_letter_fast.py``.)"""
    data = "".join([header_text(header), *map(csv_line, rows)]).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest()
