"""Spreadsheet twins of the published CSVs (DESIGN.md §5 v2).

A CSV opened by double-click in Excel or LibreOffice with a Dutch locale loses what matters:
BSN ``088305545`` becomes 88305545, gemeentecode ``0518`` becomes 518, ``0.2500`` stays text
or becomes a date. The twin ``<name>.xlsx`` holds the same header and rows in one sheet with
typed cells, so nothing is left to the program's guessing:

- identifiers and codes (everything not listed below) are text cells, leading zeros kept;
- complete dates (``datum_*``, ``geboortedatum``, ``peildatum``) are date cells, incomplete
  LO3 dates (``1985-00-00``) stay text; periods (``2026-10``) are text;
- counts (``aantal_*``, ``maanden_*``, ``risicoscore``, ``rijnummer``) and shares
  (``aandeel_*``) are numbers;
- no formulas: every text is written as a string cell, so the CSV's ``'`` prefix against
  formula injection is not needed (and not written);
- header row frozen, with an autofilter.

The bytes depend only on header and rows: the document's creation date is fixed and the
zip entries carry xlsxwriter's fixed timestamp, so a rerun publishes identical files.
xlsxwriter's ``constant_memory`` mode streams rows to disk, so a national sheet costs little
memory. ``employer_signals_xlsx`` renders an employer's list on request (the portal).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import xlsxwriter

from reports.csv_dialect import BOM, FORMULA_START
from reports.output import Output

FIXED_CREATED = datetime(2026, 1, 1)
_COMPLETE_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
TEXT, DATE, COUNT, SHARE = "text", "date", "count", "share"


def column_kind(name: str) -> str:
    """How a column of the output contract is typed in the spreadsheet (see module docstring)."""
    if name.startswith("aandeel_"):
        return SHARE
    if name.startswith(("aantal_", "maanden_")) or name in ("risicoscore", "rijnummer"):
        return COUNT
    if name.startswith("datum_") or name in ("geboortedatum", "peildatum"):
        return DATE
    return TEXT


def _as_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    m = _COMPLETE_DATE.fullmatch(str(value))
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:  # an incomplete LO3 date such as 1985-00-00: shown as text
        return None


def _as_number(value: object) -> float | int | None:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, Decimal):
        return float(value)
    text = str(value).strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        return float(text)


def _as_text(value: object) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _write(target: str | Path, header: Sequence[str], rows: Iterable[Sequence[object]], sheet: str) -> int:
    workbook = xlsxwriter.Workbook(str(target), {"constant_memory": True, "strings_to_numbers": False,
                                                "strings_to_formulas": False, "strings_to_urls": False})
    workbook.set_properties({"created": FIXED_CREATED})
    bold = workbook.add_format({"bold": True})
    formats = {DATE: workbook.add_format({"num_format": "yyyy-mm-dd"}), COUNT: workbook.add_format({"num_format": "0"}),
               SHARE: workbook.add_format({"num_format": "0.0000"})}
    ws = workbook.add_worksheet(sheet)
    kinds = [column_kind(h) for h in header]
    for i, (name, kind) in enumerate(zip(header, kinds, strict=True)):
        ws.set_column(i, i, max(len(name) + 2, 12 if kind is DATE else 10))
    ws.freeze_panes(1, 0)
    for i, name in enumerate(header):
        ws.write_string(0, i, name, bold)
    n = 0
    for n, row in enumerate(rows, start=1):
        for i, (value, kind) in enumerate(zip(row, kinds, strict=True)):
            if value is None or value == "":
                continue
            if kind is DATE and (day := _as_date(value)) is not None:
                ws.write_datetime(n, i, datetime(day.year, day.month, day.day), formats[DATE])
            elif kind in (COUNT, SHARE):
                ws.write_number(n, i, _as_number(value), formats[kind])
            else:
                ws.write_string(n, i, _as_text(value))
    ws.autofilter(0, 0, max(n, 1), len(header) - 1)
    workbook.close()
    return n


def render_xlsx(header: Sequence[str], rows: Iterable[Sequence[object]], sheet: str = "Blad1") -> bytes:
    """The workbook's bytes (rendered through a private temp file: constant_memory streams rows)."""
    with tempfile.TemporaryDirectory(prefix="fbc-xlsx-") as tmp:
        path = Path(tmp) / "twin.xlsx"
        _write(path, header, rows, sheet)
        return path.read_bytes()


def write_twin(root: Path, rel_csv: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Output:
    """Write ``<rel_csv minus .csv>.xlsx`` beside the CSV; rows are the values the CSV was written from."""
    rel = rel_csv[: -len(".csv")] + ".xlsx"
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    data = render_xlsx(header, rows, sheet=Path(rel).stem[:31])
    path.write_bytes(data)
    return Output(rel, len(rows), hashlib.sha256(data).hexdigest())


def _unprefixed(text: str) -> str:
    """A published CSV cell as it was before the formula-injection prefix was added."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def employer_signals_xlsx(period_dir: Path, lhnr: str) -> bytes:
    """The XLSX twin of ``werkgevers/<lhnr>/registratiesignalen.csv`` of a published period.

    For the portal, which answers ``werkgevers/<lhnr>/registratiesignalen.xlsx`` on request.
    Raises FileNotFoundError when that employer has no list in the period. Same CSV, same bytes.
    """
    if not re.fullmatch(r"\d{9}L\d{2}", lhnr):
        raise FileNotFoundError("geen geldig loonheffingennummer")
    source = period_dir / "werkgevers" / lhnr / "registratiesignalen.csv"
    text = source.read_bytes().decode("utf-8")
    reader = csv.reader(io.StringIO(text.removeprefix(BOM), newline=""), delimiter=";")
    header = next(reader)
    rows = [[_unprefixed(v) for v in row] for row in reader]
    return render_xlsx(header, rows, sheet="registratiesignalen")
