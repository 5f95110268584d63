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

The bytes depend only on header and rows (fixed document date, fixed zip timestamps), so a
rerun publishes identical files. The workbook is written here, streaming, as the minimal
SpreadsheetML package (one sheet of inline strings, five cell styles): a national month has
millions of twin cells, and a general library spends ~12 µs per cell where this spends ~1–2
(docs/decisions.md). ``employer_signals_xlsx`` renders an employer's list on request (the portal).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from reports.csv_dialect import BOM, FORMULA_START
from reports.output import Output

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_COMPLETE_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Serial 0 of Excel's 1900 date system as counted from March 1900 on (Excel's phantom 1900-02-29
# makes earlier dates one off; no date the outputs hold is that old).
_EPOCH = date(1899, 12, 30)
TEXT, DATE, COUNT, SHARE = "text", "date", "count", "share"
STYLE = {"header": 1, DATE: 2, COUNT: 3, SHARE: 4}  # index into cellXfs of STYLES
ROW = "\0"  # the row number in cells rendered by reports.xlsx_sql (no value can hold NUL: see there)


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


def _escape(text: str) -> str:
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if _ILLEGAL_XML.search(text):  # not allowed in XML: written as Excel's _xHHHH_ escape
        text = _ILLEGAL_XML.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    return text


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text_cell(ref: str, text: str, style: str = "") -> str:
    return f'<c r="{ref}" t="inlineStr"{style}><is><t xml:space="preserve">{_escape(text)}</t></is></c>'


def _cell(ref: str, value: object, kind: str) -> str:
    if kind is TEXT and type(value) is str:  # the common case first
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_escape(value)}</t></is></c>' if value else ""
    if value is None or value == "":
        return ""
    if kind is DATE and (day := _as_date(value)) is not None:
        return f'<c r="{ref}" s="{STYLE[DATE]}"><v>{(day - _EPOCH).days}</v></c>'
    if kind is COUNT or kind is SHARE:
        return f'<c r="{ref}" s="{STYLE[kind]}"><v>{_as_number(value)!r}</v></c>'
    return _text_cell(ref, _as_text(value))


NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
STYLES = HEAD + f"""<styleSheet {NS}><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>\
<numFmt numFmtId="165" formatCode="0.0000"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/>\
<family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="5">\
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"""
CONTENT_TYPES = HEAD + f"""<Types xmlns="{PKG}/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
</Types>"""
ROOT_RELS = HEAD + f"""<Relationships xmlns="{PKG}/relationships">\
<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>\
<Relationship Id="rId2" Type="{PKG}/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
<Relationship Id="rId3" Type="{REL}/extended-properties" Target="docProps/app.xml"/></Relationships>"""
WORKBOOK_RELS = HEAD + f"""<Relationships xmlns="{PKG}/relationships">\
<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>\
<Relationship Id="rId2" Type="{REL}/styles" Target="styles.xml"/></Relationships>"""
CORE = HEAD + """<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>feedbackcyclus</dc:creator>\
<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:created>\
<dcterms:modified xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:modified></cp:coreProperties>"""
APP = HEAD + """<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">\
<Application>feedbackcyclus</Application></Properties>"""


def _workbook(sheet: str, filter_ref: str) -> str:
    name = _escape(sheet).replace("'", "''")
    return HEAD + f"""<workbook {NS} {NS_R}><bookViews><workbookView/></bookViews><sheets>\
<sheet name="{_escape(sheet)}" sheetId="1" r:id="rId1"/></sheets><definedNames>\
<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'{name}'!{filter_ref}</definedName>\
</definedNames></workbook>"""


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    return info


def _write(target: Path, header: Sequence[str], rows: Iterable[Sequence[object]], sheet: str,
           cells: Sequence[str | None] | None = None) -> int:
    kinds = [column_kind(h) for h in header]
    letters = [_column_letters(i) for i in range(len(header))]
    widths = "".join(f'<col min="{i}" max="{i}" width="{max(len(h) + 2, 12 if k is DATE else 10)}" customWidth="1"/>'
                     for i, (h, k) in enumerate(zip(header, kinds, strict=True), start=1))
    n = 0
    with zipfile.ZipFile(target, "w") as z:
        with z.open(_entry("xl/worksheets/sheet1.xml"), "w") as out:
            out.write((HEAD + f"""<worksheet {NS} {NS_R}><sheetViews><sheetView tabSelected="1" workbookViewId="0">\
<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>\
<sheetFormatPr defaultRowHeight="15"/><cols>{widths}</cols><sheetData><row r="1">""").encode())
            out.write("".join(_text_cell(f"{c}1", h, ' s="1"') for c, h in zip(letters, header, strict=True))
                      .encode())
            out.write(b"</row>")
            batch: list[str] = []
            for n, row in enumerate(rows, start=2):
                r = str(n)
                done = cells[n - 2] if cells is not None else None
                if done is None:
                    done = "".join(_cell(c + r, v, k) for c, v, k in zip(letters, row, kinds, strict=True))
                else:
                    done = done.replace(ROW, r)
                batch.append(f'<row r="{r}">{done}</row>')
                if len(batch) == 2000:
                    out.write("".join(batch).encode())
                    batch = []
            out.write("".join(batch).encode())
            last = max(n, 2)
            filter_ref = f"A1:{letters[-1]}{last}"
            out.write(f'</sheetData><autoFilter ref="{filter_ref}"/><pageMargins left="0.7" right="0.7" '
                      f'top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'.encode())
        abs_ref = f"$A$1:${letters[-1]}${last}"
        for name, text in (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS),
                           ("docProps/app.xml", APP), ("docProps/core.xml", CORE),
                           ("xl/workbook.xml", _workbook(sheet, abs_ref)), ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
                           ("xl/styles.xml", STYLES)):
            z.writestr(_entry(name), text.encode())
    return max(n - 1, 0)


def render_xlsx(header: Sequence[str], rows: Iterable[Sequence[object]], sheet: str = "Blad1") -> bytes:
    """The workbook's bytes (rendered through a private temp file, streaming)."""
    with tempfile.TemporaryDirectory(prefix="fbc-xlsx-") as tmp:
        path = Path(tmp) / "twin.xlsx"
        _write(path, header, rows, sheet)
        return path.read_bytes()


def write_twin(root: Path, rel_csv: str, header: Sequence[str], rows: Sequence[Sequence[object]],
               cells: Sequence[str | None] | None = None) -> Output:
    """Write ``<rel_csv minus .csv>.xlsx`` beside the CSV; rows are the values the CSV was written from.

    ``cells``: per row its cells as ``cells_sql`` rendered them (None: render that row here)."""
    rel = rel_csv[: -len(".csv")] + ".xlsx"
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    _write(path, header, rows, Path(rel).stem[:31], cells)  # straight into the (staging) folder: no temp copy
    return Output(rel, len(rows), hashlib.sha256(path.read_bytes()).hexdigest())


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
