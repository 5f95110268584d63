"""The documents as their readers get them: letters as printed PDFs (``feedbackcyclus brieven``),
the letter and the national report in a real browser, the report through axe-core.

One published period with four employers: A (2 people), B (10 people, every situation),
C (44 people) and D (established abroad: the English letter). Real clients are skipped
with the reason when absent (scripts/install-test-clients.sh installs them).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sample_data.bsn import is_valid_bsn
from tests.builders import LHNR, brp_row, polis_row, rni_row, werkgever_row, write_period
from tests.conftest import make_settings, run_plain

P = "2026-10"
SNAPSHOTS = Path(__file__).parent / "snapshots"
A, B, C, D = LHNR[0], LHNR[1], LHNR[2], LHNR[3]


def valid_bsns(n: int, start: int = 200_000_000) -> list[str]:
    out, candidate = [], start
    while len(out) < n:
        if is_valid_bsn(f"{candidate:09d}"):
            out.append(f"{candidate:09d}")
        candidate += 1
    return out


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    root = tmp_path_factory.mktemp("docs")
    bsn = iter(valid_bsns(60))
    polis, brp, rni = [], [], []

    def person(lhnr: str, kind: str) -> None:
        b = next(bsn)
        polis.append(polis_row(b, lhnr, ikv_id=f"IKV-{b[-4:]}"))
        if kind == "rni":
            rni.append(rni_row(b, geslachtsnaam=f"Nowak-{b[-3:]}", voornamen="Anna Maria"))
        elif kind == "vertrokken":
            brp.append(brp_row(b, geslachtsnaam=f"Vertrokken-{b[-3:]}", datum_vertrek="2026-03-01"))
        elif kind == "overleden":
            brp.append(brp_row(b, geslachtsnaam="Overledene", voornamen="Geheim", datum_overlijden="2025-12-24"))
        # "onbekend": in neither register

    for kind in ("rni", "onbekend"):
        person(A, kind)
    for kind in ("rni",) * 5 + ("vertrokken", "vertrokken", "overleden", "onbekend", "onbekend"):
        person(B, kind)
    for _ in range(44):
        person(C, "rni")
    for kind in ("rni", "onbekend"):
        person(D, kind)
    werkgevers = [werkgever_row(A), werkgever_row(B, naam="Bloem B.V."), werkgever_row(C, naam="Uitzend C B.V."),
                  werkgever_row(D, naam="Horváth Work Kft.", straat="Andrássy út", huisnummer="175", postcode=None,
                                plaats="Debrecen", gemeentecode=None, kvk_nummer=None)]
    write_period(root / "inbox", P, polis=polis, brp=brp, rni=rni, werkgevers=werkgevers)
    run_plain(make_settings(root, accept_quality_warnings=True), P)
    return root / "reports" / P


def tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        pytest.skip(f"{name} is not installed (poppler-utils / chromium): run scripts/install-test-clients.sh")
    return path


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run([tool("pdfinfo"), str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)}


def pdf_text(path: Path) -> str:
    return subprocess.run([tool("pdftotext"), "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def brieven(*args: str) -> int:
    from flows.cli import main

    return main(["brieven", "--period", P, *args])


@pytest.fixture(scope="module")
def pdfs(published, tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf")
    assert brieven("--reports", str(published.parent), "--out", str(out), "--jobs", "2") == 0
    return out


def test_brieven_writes_one_a4_pdf_per_employer_with_sane_page_counts(pdfs):
    assert sorted(p.name for p in pdfs.iterdir()) == [f"{x}.pdf" for x in (A, B, C, D)]
    pages = {}
    for lhnr in (A, B, C, D):
        info = pdf_info(pdfs / f"{lhnr}.pdf")
        assert info["Page size"].startswith("595.276 x 841.89 pts"), info["Page size"]  # A4
        pages[lhnr] = int(info["Pages"])
        assert (pdfs / f"{lhnr}.pdf").stat().st_mode & 0o077 == 0  # person data: owner only
    assert pages[A] == 1      # 2 people: the whole letter on one page
    assert pages[B] <= 2      # 10 people
    assert 3 <= pages[C] <= 5  # 44 people
    assert pages[D] == 1


def test_pdf_counts_people_numbers_pages_and_repeats_the_table_header(pdfs):
    text_a = pdf_text(pdfs / f"{A}.pdf")
    assert re.search(r"bij 2 van uw\s+werknemers", text_a) and "Pagina 1 van 1" in text_a
    text_c = pdf_text(pdfs / f"{C}.pdf")
    pages = text_c.split("\f")
    assert re.search(r"bij 44 van uw\s+werknemers", text_c)
    body = [p for p in pages if p.strip()]
    assert all("Werknemer" in p and "Wat wij zagen" in p for p in body[1:])  # header repeated on every page
    assert f"Pagina {len(body)} van {len(body)}" in body[-1]
    assert text_c.index("Wat wij u vragen") < text_c.index("Bijlage: werknemers")  # the request before the list


def test_pdf_of_deceased_person_holds_no_name(pdfs):
    text_b = pdf_text(pdfs / f"{B}.pdf")
    assert "Overledene" not in text_b and "Geheim" not in text_b
    assert "Vertrokken-" in text_b  # a departed resident's name is the employer's own data


def test_same_inputs_give_the_same_pdf_bytes(published, pdfs, tmp_path):
    assert brieven("--reports", str(published.parent), "--out", str(tmp_path), "--werkgever", A, "--jobs", "1") == 0
    assert (tmp_path / f"{A}.pdf").read_bytes() == (pdfs / f"{A}.pdf").read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == [f"{A}.pdf"]


def test_brieven_refuses_a_missing_period_or_an_unknown_employer(published, tmp_path, capsys):
    from flows.cli import main

    assert main(["brieven", "--period", "2026-09", "--reports", str(published.parent), "--out", str(tmp_path)]) == 2
    assert "2026-09" in capsys.readouterr().err
    assert brieven("--reports", str(published.parent), "--out", str(tmp_path), "--werkgever", "999999990L01") == 2
    assert "999999990L01" in capsys.readouterr().err
    assert brieven("--reports", str(published.parent), "--out", str(tmp_path), "--werkgever", "../../etc") == 2
    assert not any(tmp_path.iterdir())


def test_snapshot_of_the_english_letter_and_the_pdf_text(published, pdfs):
    got = {"brief-en.html": (published / "werkgevers" / D / "brief.html").read_bytes(),
           "brief-pdf.txt": pdf_text(pdfs / f"{A}.pdf").encode("utf-8")}
    for name, data in got.items():
        path = SNAPSHOTS / name
        if os.environ.get("UPDATE_SNAPSHOTS"):
            path.write_bytes(data)
        assert path.exists(), f"no snapshot yet: run with UPDATE_SNAPSHOTS=1 and review {path}"
        assert data == path.read_bytes(), name


def chromium_args(tmp_path: Path) -> list[str]:
    return [tool("chromium"), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'c'}"]


def test_chromium_prints_the_letter_on_a4(published, tmp_path):
    url = (published / "werkgevers" / B / "brief.html").as_uri()
    out = tmp_path / "brief.pdf"
    subprocess.run([*chromium_args(tmp_path), "--no-pdf-header-footer", f"--print-to-pdf={out}", url],
                   capture_output=True, timeout=120, check=True)
    info = pdf_info(out)
    assert info["Page size"].endswith("(A4)") and int(info["Pages"]) <= 2
    assert re.search(r"bij 10 van uw\s+werknemers", pdf_text(out))


def test_report_passes_axe_core_in_chromium(published):
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')")
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright",
                                     reason="axe-playwright-python (ships axe-core) is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=tool("chromium"), args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto((published / "rapport.html").as_uri())
            result = axe_module.Axe().run(page).response
        finally:
            browser.close()
    assert result["passes"], "axe-core ran no checks"
    bad = [(v["id"], v["impact"], len(v["nodes"])) for v in result["violations"]
           if v["impact"] in ("serious", "critical")]
    assert bad == []


def test_municipality_summary_links_only_to_files_in_its_folder(published):
    summaries = sorted(published.glob("gemeenten/*/samenvatting.html"))
    assert summaries
    for summary in summaries:
        html = summary.read_text(encoding="utf-8")
        links = re.findall(r'href="([^"]+)"', html)
        assert links, summary
        assert all((summary.parent / link).is_file() for link in links), (summary, links)
        assert "adresonderzoek" in html and "geen oordeel" in html and "/perioden/2026-10/terugkoppeling" in html
    assert 'href="adressignalen.csv"' not in (published / "gemeenten" / "1783" / "samenvatting.html").read_text()


def test_first_month_report_marks_what_cannot_be_computed(published):
    html = (published / "rapport.html").read_text(encoding="utf-8")
    assert "nog niet te berekenen" in html and "Eerste maand" in html
    assert "1 van 6 maanden historie" in html


@pytest.mark.parametrize(("people", "max_pages"), [(2, 1), (10, 2)])
def test_people_with_two_long_signals_still_fit(tmp_path, people, max_pages):
    """Worst case of the v2 rows: every person has two signals with a long facts sentence."""
    from reports.documents import render_employer_letter
    from reports.letter_pdf import render_letter_pdf

    fact = ("Ingeschreven in de RNI sinds 2025-03-01 zonder verblijfsadres in Nederland, 5 van de laatste 6 "
            "maanden in loon (bij 4 of meer is inschrijving als ingezetene verplicht), bij deze werkgever sinds "
            "2025-11-03.")
    rows = []
    for b in valid_bsns(people):
        base = {"periode": P, "bsn": b, "geslachtsnaam": "Kowalczyk-Wiśniewska", "voornamen": "Małgorzata Anna",
                "geboortedatum": "1990-00-00", "ikv_id": f"IKV-{b}-2026", "datum_aanvang_ikv": "2025-11-03",
                "eerste_periode": "2026-06", "status": "blijvend", "terugkoppeling": None, "toelichting": fact}
        rows.append({**base, "signaal_id": f"FBC-202606-{b[-6:]}", "signaal": "LOON_ZONDER_ADRES",
                     "reden": "RNI_ZONDER_VERBLIJFSADRES"})
        rows.append({**base, "signaal_id": f"FBC-202607-{b[-6:]}", "signaal": "RNI_LANGER_DAN_4_MAANDEN",
                     "reden": None})
    employer = {"loonheffingennummer": A, "naam": "Kas & Co B.V.", "straat": "Veilingweg", "huisnummer": "1",
                "huisnummer_toevoeging": None, "postcode": "2671AA", "plaats": "Naaldwijk", "gemeentecode": "1783"}
    folder = tmp_path / P / "werkgevers" / A
    folder.mkdir(parents=True)
    (folder / "brief.html").write_text(render_employer_letter(P, employer, rows), encoding="utf-8")
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(render_letter_pdf(tmp_path / P, A))
    assert int(pdf_info(pdf)["Pages"]) <= max_pages
    assert re.search(rf"bij {people} van uw\s+werknemers", pdf_text(pdf))
