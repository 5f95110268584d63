"""The portal over HTTP (Starlette's TestClient): the paths, fields and status codes of DESIGN.md §9."""

from __future__ import annotations

import pytest

from tests.portal.conftest import PASSWORD, csrf_of, login

P = "2026-10"


def test_login_sets_a_session_cookie_and_redirects_home(client):
    response = client.post("/login", data={"gebruiker": "amsterdam", "wachtwoord": PASSWORD})
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "Secure" not in cookie
    home = client.get("/")
    assert home.status_code == 200
    assert f"/perioden/{P}/gemeenten/0363/adressignalen.csv" in home.text
    assert "0599" not in home.text


def test_secure_cookie_behind_a_tls_proxy(settings, engine, clock, accounts, with_settings):
    from fastapi.testclient import TestClient

    from portal.app import create_app

    app = create_app(with_settings(settings, secure_cookies=True), engine=engine, clock=clock)
    with TestClient(app, base_url="https://portal.example", follow_redirects=False) as c:
        response = c.post("/login", data={"gebruiker": "amsterdam", "wachtwoord": PASSWORD})
    assert "Secure" in response.headers["set-cookie"]
    assert response.headers["strict-transport-security"].startswith("max-age=")


@pytest.mark.parametrize("password", ["wrong-password-123", ""])
def test_wrong_credentials_are_401(client, password):
    assert client.post("/login", data={"gebruiker": "amsterdam", "wachtwoord": password}).status_code == 401
    assert client.post("/login", data={"gebruiker": "nobody", "wachtwoord": PASSWORD}).status_code == 401
    assert client.get("/").status_code == 303


def test_without_session_redirects_to_login_or_401(client):
    for path in ("/", f"/perioden/{P}/rapport.html", f"/perioden/{P}/terugkoppeling"):
        response = client.get(path)
        assert response.status_code == 303 and response.headers["location"] == "/login"
    assert client.post(f"/perioden/{P}/terugkoppeling", data={"csrf_token": "x"}).status_code == 401


ALLOWED = {
    "analist": ["rapport.html", "manifest.json", "signalen.parquet", "kwaliteit/quarantaine.csv",
                "gemeenten/0363/adressignalen.csv", "gemeenten/0599/adressignalen.csv",
                "werkgevers/987654321L01/registratiesignalen.csv", "inspectie/risicoanalyse.csv"],
    "amsterdam": ["rapport.html", "gemeenten/0363/adressignalen.csv", "gemeenten/0363/rni_langer_dan_4_maanden.csv"],
    "bouwbv": ["werkgevers/123456789L01/registratiesignalen.csv", "werkgevers/123456789L01/brief.html"],
    "inspecteur": ["rapport.html", "inspectie/risicoanalyse.csv"],
}
ALL = sorted({p for paths in ALLOWED.values() for p in paths} | {"gemeenten/0363/rni_langer_dan_4_maanden.csv"})
ALLOWED["analist"] = ALL


@pytest.mark.parametrize("user", sorted(ALLOWED))
def test_each_role_opens_exactly_its_files(client, reports, user):
    login(client, user)
    for path in ALL:
        response = client.get(f"/perioden/{P}/{path}")
        if path in ALLOWED[user]:
            assert response.status_code == 200, path
            assert response.content == (reports / P / path).read_bytes(), path
        else:
            assert response.status_code == 404, (user, path)


def test_downloads_are_the_published_bytes_with_a_file_name(client, reports):
    login(client, "amsterdam")
    response = client.get(f"/perioden/{P}/gemeenten/0363/adressignalen.csv")
    assert response.content.startswith(b"\xef\xbb\xbfsignaal_id;periode;signaal;bsn")
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="adressignalen.csv"' in response.headers["content-disposition"]
    assert "no-store" in response.headers["cache-control"]


def test_every_response_carries_the_security_headers(client):
    for response in (client.get("/login"), client.get("/nothing"), client.post("/login", data={})):
        csp = response.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "script-src 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
    login(client, "amsterdam")
    response = client.get(f"/perioden/{P}/rapport.html")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_pages_load_nothing_from_elsewhere_and_run_no_script(client):
    login(client, "amsterdam")
    for path in ("/", f"/perioden/{P}/terugkoppeling", "/login"):
        text = client.get(path).text
        assert "<script" not in text.lower()
        assert "http://" not in text and "https://" not in text
        assert '<html lang="nl">' in text


def test_feedback_page_shows_own_signals_with_facts_and_a_csrf_form_each(client):
    login(client, "amsterdam")
    page = client.get(f"/perioden/{P}/terugkoppeling")
    assert page.status_code == 200
    for sid in ("FBC-202608-000001", "FBC-202610-000002", "FBC-202609-000003"):
        assert f'name="signaal_id" value="{sid}"' in page.text
    assert "FBC-202610-000004" not in page.text  # Rotterdam's
    assert "Volgens de RNI ingeschreven sinds 2025-03-01; 5 van de laatste 6 maanden in loon." in page.text
    forms = page.text.count("<form")
    assert page.text.count('<input type="hidden" name="csrf_token"') == forms
    assert 'value="AFGEROND_MET_BRP_MUTATIE"' in page.text and 'value="GECORRIGEERD_IN_LOONAANGIFTE"' not in page.text


def test_one_outcome_is_stored_with_who_and_when(client, engine, clock):
    from feedbackcyclus.portal_database import outcomes

    login(client, "amsterdam")
    token = csrf_of(client)
    response = client.post(f"/perioden/{P}/terugkoppeling", data={
        "csrf_token": token, "signaal_id": "FBC-202610-000002", "uitkomst": "IN_ONDERZOEK",
        "toelichting": "huisbezoek gepland"})
    assert response.status_code == 303
    with engine.connect() as con:
        rows = con.execute(outcomes.select()).mappings().all()
    assert len(rows) == 1
    row = rows[0]
    assert (row["signaal_id"], row["periode"], row["uitkomst"], row["toelichting"]) == (
        "FBC-202610-000002", P, "IN_ONDERZOEK", "huisbezoek gepland")
    assert (row["gebruiker"], row["rol"], row["scope"]) == ("amsterdam", "gemeente", "0363")
    assert row["ingevoerd_op"] == clock.now and row["datum"] == clock.now.date()
    page = client.get(response.headers["location"])
    assert "1 terugkoppeling(en) opgeslagen" in page.text
    assert "Laatste terugkoppeling: In onderzoek" in page.text


def test_employer_codes_differ_from_municipality_codes(client):
    login(client, "bouwbv")
    token = csrf_of(client)
    bad = client.post(f"/perioden/{P}/terugkoppeling", data={
        "csrf_token": token, "signaal_id": "FBC-202610-000005", "uitkomst": "AFGEROND_MET_BRP_MUTATIE"})
    assert bad.status_code == 422 and "onbekende uitkomst" in bad.text
    good = client.post(f"/perioden/{P}/terugkoppeling", data={
        "csrf_token": token, "signaal_id": "FBC-202610-000005", "uitkomst": "GECORRIGEERD_IN_LOONAANGIFTE"})
    assert good.status_code == 303


def test_bulk_upload_stores_all_rows(client, engine):
    from feedbackcyclus.portal_database import outcomes

    login(client, "amsterdam")
    body = ("signaal_id;uitkomst;datum;toelichting\r\n"
            "FBC-202608-000001;AFGEROND_MET_BRP_MUTATIE;2026-11-02;ingeschreven\r\n"
            "FBC-202609-000003;ONJUIST_SIGNAAL;2026-11-03;woont al in Amstelveen\r\n").encode("utf-8-sig")
    response = client.post(f"/perioden/{P}/terugkoppeling", data={"csrf_token": csrf_of(client)},
                           files={"bestand": ("uitkomsten.csv", body, "text/csv")})
    assert response.status_code == 303
    with engine.connect() as con:
        rows = sorted((r.signaal_id, r.uitkomst, r.datum.isoformat()) for r in con.execute(outcomes.select()))
    assert rows == [("FBC-202608-000001", "AFGEROND_MET_BRP_MUTATIE", "2026-11-02"),
                    ("FBC-202609-000003", "ONJUIST_SIGNAAL", "2026-11-03")]


def test_bulk_upload_is_all_or_nothing_and_names_the_rows(client, engine):
    from feedbackcyclus.portal_database import outcomes

    login(client, "amsterdam")
    body = (b"signaal_id;uitkomst;datum;toelichting\n"
            b"FBC-202608-000001;IN_ONDERZOEK;2026-11-02;\n"
            b"FBC-202610-000004;IN_ONDERZOEK;2026-11-02;van Rotterdam\n"
            b"FBC-202610-000002;GEEN_IDEE;2026-11-02;\n")
    response = client.post(f"/perioden/{P}/terugkoppeling", data={"csrf_token": csrf_of(client)},
                           files={"bestand": ("u.csv", body, "text/csv")})
    assert response.status_code == 422
    assert "rij 2 (regel 3 van het bestand)" in response.text and "rij 3 (regel 4 van het bestand)" in response.text
    assert "rij 1 " not in response.text
    assert "Er is niets opgeslagen" in response.text
    with engine.connect() as con:
        assert con.execute(outcomes.select()).first() is None


@pytest.mark.parametrize("body", [b"\xff\xfe garbage", b"id;code\nx;y\n", b"signaal_id;uitkomst;datum;toelichting\n"])
def test_unusable_upload_is_422(client, body):
    login(client, "amsterdam")
    response = client.post(f"/perioden/{P}/terugkoppeling", data={"csrf_token": csrf_of(client)},
                           files={"bestand": ("u.csv", body, "text/csv")})
    assert response.status_code == 422


def test_inspector_and_analyst_report_no_outcomes(client):
    login(client, "inspecteur")
    response = client.post(f"/perioden/{P}/terugkoppeling", data={
        "csrf_token": csrf_of(client), "signaal_id": "FBC-202610-000005", "uitkomst": "ONJUIST_SIGNAAL"})
    assert response.status_code == 422


def test_feedback_for_an_unpublished_period_is_404(client):
    login(client, "amsterdam")
    assert client.get("/perioden/2026-11/terugkoppeling").status_code == 404
    assert client.get("/perioden/2026-13/terugkoppeling").status_code == 404


def test_logout_ends_the_session(client):
    login(client, "amsterdam")
    cookie = client.cookies.get("fbc_sessie")
    assert client.post("/logout").status_code == 303
    client.cookies.set("fbc_sessie", cookie)
    assert client.get("/").status_code == 303


def test_oversized_upload_is_refused_unread(client):
    from portal.outcomes import MAX_UPLOAD_BYTES

    login(client, "amsterdam")
    body = b"signaal_id;uitkomst;datum;toelichting\n" + b"x" * MAX_UPLOAD_BYTES
    response = client.post(f"/perioden/{P}/terugkoppeling", data={"csrf_token": csrf_of(client)},
                           files={"bestand": ("groot.csv", body, "text/csv")})
    assert response.status_code == 422 and "groter dan 5 MB" in response.text
