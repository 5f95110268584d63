"""A real browser (Playwright driving the system Chromium) through the portal: log in, open the
month, download a CSV, submit an outcome — keyboard only for the login, no JavaScript needed.
"""

from __future__ import annotations

import shutil

import pytest

from tests.portal.conftest import PASSWORD
from tests.portal.live import serve

P = "2026-10"


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.skip("no system Chromium (scripts/install-test-clients.sh installs it)")
    return path


@pytest.fixture
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip package playwright not installed")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=_chromium(), args=[
            "--no-sandbox", "--disable-background-networking", "--disable-component-update",
            "--disable-default-apps", "--disable-sync", "--no-first-run", "--disable-gpu"])
        yield chromium
        chromium.close()


def test_login_open_month_download_and_answer(app, browser, reports, engine, tmp_path):
    from feedbackcyclus.portal_database import outcomes

    with serve(app) as port:
        base = f"http://127.0.0.1:{port}"
        context = browser.new_context(accept_downloads=True, java_script_enabled=False)
        page = context.new_page()
        requests_elsewhere = []
        page.on("request", lambda r: None if r.url.startswith(base) else requests_elsewhere.append(r.url))
        page.goto(f"{base}/")
        assert page.url == f"{base}/login"
        page.get_by_label("Gebruikersnaam").fill("amsterdam")
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_label("Wachtwoord").press("Enter")  # keyboard submits the form
        page.wait_for_url(f"{base}/")
        assert page.get_by_role("heading", name=f"Periode {P}").is_visible()

        with page.expect_download() as info:
            page.get_by_role("link", name="gemeenten/0363/adressignalen.csv").click()
        saved = tmp_path / "download.csv"
        info.value.save_as(saved)
        assert saved.read_bytes() == (reports / P / "gemeenten" / "0363" / "adressignalen.csv").read_bytes()

        page.get_by_role("link", name=f"Signalen beantwoorden (terugkoppeling) – {P}").click()
        page.wait_for_url(f"{base}/perioden/{P}/terugkoppeling")
        page.get_by_label("Uitkomst", exact=True).nth(1).select_option("AFGEROND_MET_BRP_MUTATIE")
        page.get_by_label("Toelichting (optioneel)", exact=True).nth(1).fill("ingeschreven op het woonadres")
        page.get_by_role("button", name="Terugkoppeling opslaan voor FBC-202610-000002").click()
        page.wait_for_url(f"{base}/perioden/{P}/terugkoppeling?opgeslagen=1")
        assert page.get_by_role("status").inner_text().startswith("1 terugkoppeling(en) opgeslagen")
        assert "Laatste terugkoppeling: Afgerond, met BRP-mutatie" in page.content()
        assert requests_elsewhere == []
        context.close()
    with engine.connect() as con:
        rows = [(r.signaal_id, r.uitkomst, r.toelichting) for r in con.execute(outcomes.select())]
    assert rows == [("FBC-202610-000002", "AFGEROND_MET_BRP_MUTATIE", "ingeschreven op het woonadres")]
