"""Our outputs opened by the programs users really use: LibreOffice Calc for the CSVs and
headless Chromium for rapport.html. Skipped (with the reason) only where the program is absent."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.builders import BSN, LHNR, brp_row, polis_row, rni_row, werkgever_row, write_period
from tests.conftest import make_settings, run_plain

P = "2026-10"
LEADING_ZERO = "010015838"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    root = tmp_path_factory.mktemp("clients")
    polis = [polis_row(LEADING_ZERO), polis_row(BSN[6]), polis_row(BSN[7]), polis_row(BSN[8])]
    rni = [rni_row(LEADING_ZERO, geslachtsnaam="Wałęsa", voornamen="Łukasz"),
           rni_row(BSN[6], geslachtsnaam="Ștefănescu", voornamen="Țurcanu"),
           rni_row(BSN[7], geslachtsnaam="Kővári", voornamen="Ödön"),
           rni_row(BSN[8], geslachtsnaam="=HYPERLINK(\"http://x\")", voornamen="-1+2")]
    write_period(root / "inbox", P, polis=polis, rni=rni, brp=[brp_row(BSN[0])],
                 werkgevers=[werkgever_row(LHNR[0], naam="@Kas & Co")])
    run_plain(make_settings(root, accept_quality_warnings=True), P)
    return root / "reports" / P


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if not path:
        pytest.skip("LibreOffice (soffice) is not installed: run scripts/install-test-clients.sh")
    return path


def to_xlsx(csv_path: Path, out: Path, text_columns: int) -> Path:
    """Import as a user would with 'text' for every column (59 = ';', 34 = '"', 76 = UTF-8)."""
    formats = "/".join(f"{i}/2" for i in range(1, text_columns + 1))
    subprocess.run([soffice(), "--headless", "--norestore", f"-env:UserInstallation=file://{out}/profile",
                    "--infilter=CSV:59,34,76,1," + formats, "--convert-to", "xlsx", "--outdir", str(out),
                    str(csv_path)], check=True, capture_output=True, timeout=180)
    return out / (csv_path.stem + ".xlsx")


def test_libreoffice_keeps_zeros_diacritics_and_neutralises_formulas(published, tmp_path):
    from openpyxl import load_workbook

    csv_path = published / "werkgevers" / LHNR[0] / "registratiesignalen.csv"
    sheet = load_workbook(to_xlsx(csv_path, tmp_path, 14)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    header, body = rows[0], rows[1:]
    assert header[2:5] == ["signaal", "reden", "bsn"]
    by_bsn = {r[4]: r for r in body}
    assert LEADING_ZERO in by_bsn                         # leading zero kept, as text
    assert by_bsn[LEADING_ZERO][5] == "Wałęsa" and by_bsn[LEADING_ZERO][6] == "Łukasz"
    assert by_bsn[BSN[6]][5] == "Ștefănescu" and by_bsn[BSN[6]][6] == "Țurcanu"
    assert by_bsn[BSN[7]][5] == "Kővári"
    hostile = by_bsn[BSN[8]]
    assert hostile[5] == "'=HYPERLINK(\"http://x\")" and hostile[6] == "'-1+2"
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"cell {cell.coordinate} became a formula"


def test_libreoffice_reads_the_municipality_file(published, tmp_path):
    from openpyxl import load_workbook

    csv_path = published / "gemeenten" / "1783" / "werkgevers.csv"
    sheet = load_workbook(to_xlsx(csv_path, tmp_path, 11)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[1][1] == LHNR[0] and rows[1][3] == "'@Kas & Co"
    assert rows[1][10] == "1.0000"


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.skip("Chromium is not installed: run scripts/install-test-clients.sh")
    return path


def headless(tmp_path: Path) -> list[str]:
    return [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'c'}"]


def test_chromium_draws_the_charts(published, tmp_path):
    url = (published / "rapport.html").as_uri()
    dom = subprocess.run([*headless(tmp_path), "--dump-dom", url], capture_output=True, text=True, timeout=120,
                         check=True).stdout
    charts = re.findall(r'<svg class="grafiek".*?</svg>', dom, flags=re.S)
    assert len(charts) >= 3  # a first month: the lifecycle chart is "nog niet te berekenen", not a chart of zeros
    assert "Nieuw, blijvend en opgelost per maand: nog niet te berekenen" in dom
    assert all(re.search(r"<(polyline|rect|circle)\b", c) for c in charts)
    assert "http://" not in dom.replace("http://www.w3.org/2000/svg", "")  # self-contained, no CDN
    shot = tmp_path / "rapport.png"
    subprocess.run([*headless(tmp_path), "--window-size=1100,1800", f"--screenshot={shot}", url],
                   capture_output=True, timeout=120, check=True)
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank one
    assert LEADING_ZERO not in dom and "Wałęsa" not in dom  # no personal data in the national report


def test_libreoffice_opens_the_published_twins_by_default(published, tmp_path):
    """The .xlsx twin opened without any import settings under a Dutch locale keeps codes as text."""
    from tests.reports.test_xlsx import cells, convert

    back = cells(convert(published / "gemeenten" / "1783" / "werkgevers.xlsx", "xlsx", tmp_path).read_bytes())
    assert back[0][1] == ("loonheffingennummer", "s")
    assert back[1][1] == (LHNR[0], "s") and back[1][3] == ("@Kas & Co", "s")   # no ' prefix needed, no formula
    assert back[1][10] == (1, "n")                                              # aandeel is a number
    feed = cells(convert(published / "inspectie" / "risicoanalyse.xlsx", "xlsx", tmp_path).read_bytes())
    header = [v for v, _ in feed[0]]
    row = dict(zip(header, feed[1], strict=True))
    assert row["gemeentecode"] == ("1783", "s") and row["sector_code"] == ("52", "s")
    assert row["peildatum"][1] == "d" and row["risicoscore"][1] == "n"
