"""Spreadsheet twins (reports.xlsx, DESIGN.md §5 v2): typed cells, frozen header with filter,
no formulas, identical bytes, the on-request employer list — and LibreOffice, opening the
file with default settings under a Dutch locale, keeps the leading zeros."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import time
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reports.csv_dialect import write_csv
from reports.xlsx import column_kind, employer_signals_xlsx, render_xlsx

HEADER = ("signaal_id", "bsn", "gemeentecode", "geslachtsnaam", "geboortedatum", "datum_aanvang_ikv",
          "aantal_werknemers", "aandeel_zonder_nl_adres", "contactgegevens_bekend", "periode")
ROWS = [
    ("FBC-202610-000001", "088305545", "0518", "=HYPERLINK(\"http://x\")", "1985-00-00", date(2024, 2, 3), 3,
     "0.2500", True, "2026-10"),
    ("FBC-202610-000002", "010015838", "0363", "Wałęsa", "1990-05-01", None, 115, 0.2087, False, "2026-10"),
]


def cells(data: bytes) -> list[list[tuple[object, str]]]:
    """(value, openpyxl data type) per cell, as a reader of the file sees it."""
    sheet = load_workbook(io.BytesIO(data)).active
    return [[(c.value, c.data_type) for c in row] for row in sheet.iter_rows()]


def test_kinds_of_the_contract_columns():
    assert [column_kind(h) for h in HEADER] == ["text", "text", "text", "text", "date", "date", "count", "share",
                                                "text", "text"]
    assert column_kind("rijnummer") == column_kind("maanden_in_loon") == column_kind("risicoscore") == "count"
    assert column_kind("peildatum") == "date" and column_kind("datum_inschrijving_rni") == "date"


def test_typed_cells_frozen_header_and_filter():
    data = render_xlsx(HEADER, ROWS)
    got = cells(data)
    assert got[0] == [(h, "s") for h in HEADER]
    assert got[1] == [("FBC-202610-000001", "s"), ("088305545", "s"), ("0518", "s"),
                      ("=HYPERLINK(\"http://x\")", "s"), ("1985-00-00", "s"), (datetime(2024, 2, 3), "d"),
                      (3, "n"), (0.25, "n"), ("ja", "s"), ("2026-10", "s")]
    assert got[2] == [("FBC-202610-000002", "s"), ("010015838", "s"), ("0363", "s"), ("Wałęsa", "s"),
                      (datetime(1990, 5, 1), "d"), (None, "n"), (115, "n"), (0.2087, "n"), ("nee", "s"),
                      ("2026-10", "s")]
    book = load_workbook(io.BytesIO(data))
    assert len(book.worksheets) == 1
    sheet = book.active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:J3"
    assert sheet["E3"].number_format == "yyyy-mm-dd" and sheet["H2"].number_format == "0.0000"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and b"<f " not in xml and b"'=" not in xml


def test_identical_bytes_later():
    first = render_xlsx(HEADER, ROWS)
    time.sleep(1.1)  # zip entries and document properties would carry the time otherwise
    assert render_xlsx(HEADER, ROWS) == first


def test_header_only_sheet():
    got = cells(render_xlsx(("bron", "rijnummer"), []))
    assert got == [[("bron", "s"), ("rijnummer", "s")]]


def test_employer_list_on_request_is_the_twin_of_the_published_csv(tmp_path: Path):
    header = ("signaal_id", "periode", "bsn", "geslachtsnaam", "geboortedatum", "toelichting")
    rows = [("FBC-202610-000001", "2026-10", "010015838", "-1+2", "1990-00-00", "Dit BSN staat niet in de BRP.")]
    folder = tmp_path / "2026-10" / "werkgevers" / "111111110L01"
    write_csv(folder / "registratiesignalen.csv", header, rows)
    data = employer_signals_xlsx(tmp_path / "2026-10", "111111110L01")
    assert data == employer_signals_xlsx(tmp_path / "2026-10", "111111110L01")
    assert cells(data)[1] == [("FBC-202610-000001", "s"), ("2026-10", "s"), ("010015838", "s"), ("-1+2", "s"),
                              ("1990-00-00", "s"), ("Dit BSN staat niet in de BRP.", "s")]
    with pytest.raises(FileNotFoundError):
        employer_signals_xlsx(tmp_path / "2026-10", "222222220L01")
    with pytest.raises(FileNotFoundError):
        employer_signals_xlsx(tmp_path / "2026-10", "../../etc")


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if not path:
        pytest.skip("LibreOffice (soffice) is not installed: run scripts/install-test-clients.sh")
    return path


DUTCH_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">
<value>nl-NL</value></prop></item>
<item oor:path="/org.openoffice.Office.Linguistic/General"><prop oor:name="DefaultLocale" oor:op="fuse">
<value>nl-NL</value></prop></item>
</oor:items>
"""


def convert(source: Path, target_format: str, out: Path) -> Path:
    """Open ``source`` the way a double-click does (no filter options) under a Dutch locale, save as
    ``target_format``."""
    profile = out / "profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(DUTCH_PROFILE, encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(out), "LANG": "nl_NL.UTF-8", "LC_ALL": "nl_NL.UTF-8"}
    subprocess.run([soffice(), "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
                    "--convert-to", target_format, "--outdir", str(out / target_format.split(":")[0]), str(source)],
                   check=True, capture_output=True, timeout=240, env=env)
    return out / target_format.split(":")[0] / (source.stem + "." + target_format.split(":")[0])


def test_libreoffice_keeps_leading_zeros_dates_and_numbers(tmp_path: Path):
    source = tmp_path / "adressignalen.xlsx"
    source.write_bytes(render_xlsx(HEADER, ROWS))
    back = cells(convert(source, "xlsx", tmp_path).read_bytes())
    assert back[1][1] == ("088305545", "s") and back[1][2] == ("0518", "s")
    assert back[2][1] == ("010015838", "s") and back[2][2] == ("0363", "s")
    assert back[1][3] == ("=HYPERLINK(\"http://x\")", "s")          # text, not a formula
    assert back[1][4] == ("1985-00-00", "s") and back[2][4] == (datetime(1990, 5, 1), "d")
    assert back[1][6] == (3, "n") and back[1][7] == (0.25, "n")
    text = convert(source, "csv", tmp_path).read_bytes().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][1] == "088305545" and rows[1][2] == "0518" and rows[2][1] == "010015838"
    assert rows[1][7] == "0,25"  # a number, written with the Dutch decimal comma: the locale is Dutch
