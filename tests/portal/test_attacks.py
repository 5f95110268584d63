"""The portal as an attacker sees it (issue 14): every way out of one's own scope is the same 404.

Each case runs through Starlette's TestClient and again over real HTTP against Uvicorn on
127.0.0.1 with a raw client, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import os
import re
from datetime import timedelta

import pytest

from tests.portal.conftest import PASSWORD, csrf_of, login
from tests.portal.live import RawClient, serve

P = "2026-10"
ESCAPES = [
    f"/perioden/{P}/gemeenten/0599/adressignalen.csv",  # another municipality
    f"/perioden/{P}/gemeenten/0363/../0599/adressignalen.csv",
    f"/perioden/{P}/gemeenten/0363/%2e%2e/0599/adressignalen.csv",
    f"/perioden/{P}/gemeenten/0363/%2E%2E/%2E%2E/signalen.parquet",
    f"/perioden/{P}/gemeenten/0363/%2e%2e%2f0599%2fadressignalen.csv",
    f"/perioden/{P}/../../../../etc/passwd",
    f"/perioden/{P}/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    f"/perioden/%2e%2e/{P}/gemeenten/0599/adressignalen.csv",
    f"/perioden/{P}/gemeenten/0363/.hidden",
    f"/perioden/{P}/gemeenten/0363/",
    f"/perioden/{P}/gemeenten/0363",
    f"/perioden/{P}/gemeenten/0363/bestaat-niet.csv",
    f"/perioden/{P}/signalen.parquet",
    f"/perioden/{P}/werkgevers/123456789L01/registratiesignalen.csv",
    f"/perioden/{P}/inspectie/risicoanalyse.csv",
    f"/perioden/{P}/gemeenten/0363/link-naar-0599.csv",  # symlink into another scope
    f"/perioden/{P}/gemeenten/0363/link-naar-buiten.csv",  # symlink outside the period
    f"/perioden/{P}/gemeenten/0363/map-naar-0599/adressignalen.csv",  # symlinked folder
    "/perioden/2026-09/gemeenten/0363/adressignalen.csv",  # period that does not exist
    "/perioden/1999/gemeenten/0363/adressignalen.csv",
    f"/perioden/{P}/gemeenten/0363/adressignalen.csv%00.txt",
    f"/perioden/{P}/gemeenten/0363\\..\\0599\\adressignalen.csv",
]


@pytest.fixture
def traps(reports, tmp_path):
    folder = reports / P / "gemeenten" / "0363"
    secret = tmp_path / "geheim.csv"
    secret.write_text("buiten de periode", encoding="utf-8")
    os.symlink(reports / P / "gemeenten" / "0599" / "adressignalen.csv", folder / "link-naar-0599.csv")
    os.symlink(secret, folder / "link-naar-buiten.csv")
    os.symlink(reports / P / "gemeenten" / "0599", folder / "map-naar-0599")
    return folder


def test_escapes_are_the_same_404_in_process(client, traps):
    login(client, "amsterdam")
    reference = client.get(f"/perioden/{P}/gemeenten/0363/bestaat-niet.csv")
    assert reference.status_code == 404
    for target in ESCAPES:
        response = client.get(target)
        assert response.status_code == 404, target
        assert response.content == reference.content, target
    assert client.get(f"/perioden/{P}/gemeenten/0363/adressignalen.csv").status_code == 200


def test_escapes_are_the_same_404_over_real_http(app, traps):
    with serve(app) as port:
        raw = RawClient(port)
        assert raw.login("amsterdam", PASSWORD) == 303
        status, _, reference = raw.request("GET", f"/perioden/{P}/gemeenten/0363/bestaat-niet.csv")
        assert status == 404
        for target in ESCAPES:
            status, headers, body = raw.request("GET", target)
            assert status == 404, target
            assert body == reference, target
            assert headers["x-content-type-options"] == "nosniff"
        status, _, body = raw.request("GET", f"/perioden/{P}/gemeenten/0363/adressignalen.csv")
        assert status == 200 and b"FBC-202608-000001" in body


def test_symlink_inside_own_scope_is_served(client, reports):
    folder = reports / P / "gemeenten" / "0363"
    os.symlink(folder / "adressignalen.csv", folder / "kopie.csv")
    login(client, "amsterdam")
    assert client.get(f"/perioden/{P}/gemeenten/0363/kopie.csv").status_code == 200


def test_other_employers_signal_in_an_upload_is_refused(app):
    body = (b"signaal_id;uitkomst;datum;toelichting\r\n"
            b"FBC-202610-000005;WERKNEMER_GEINFORMEERD;2026-11-01;\r\n"
            b"FBC-202610-000007;ONJUIST_SIGNAAL;2026-11-01;niet van ons\r\n")
    with serve(app) as port:
        raw = RawClient(port)
        raw.login("bouwbv", PASSWORD)
        _, _, page = raw.request("GET", f"/perioden/{P}/terugkoppeling")
        token = re.search(rb'name="csrf_token" value="([0-9a-f]+)"', page).group(1).decode()
        boundary = "grens12345"
        multipart = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n"
                     f"--{boundary}\r\nContent-Disposition: form-data; name=\"bestand\"; filename=\"u.csv\"\r\n"
                     "Content-Type: text/csv\r\n\r\n").encode() + body + f"\r\n--{boundary}--\r\n".encode()
        status, _, text = raw.request("POST", f"/perioden/{P}/terugkoppeling", multipart,
                                      {"Content-Type": f"multipart/form-data; boundary={boundary}"})
        assert status == 422
        assert b"rij 2" in text and b"rij 1 " not in text
        status, _, _ = raw.post_form(f"/perioden/{P}/terugkoppeling", {
            "csrf_token": token, "signaal_id": "FBC-202610-000007", "uitkomst": "ONJUIST_SIGNAAL"})
        assert status == 422


def test_missing_or_wrong_csrf_is_403(client, engine):
    from feedbackcyclus.portal_database import outcomes

    login(client, "amsterdam")
    fields = {"signaal_id": "FBC-202610-000002", "uitkomst": "IN_ONDERZOEK"}
    assert client.post(f"/perioden/{P}/terugkoppeling", data=fields).status_code == 403
    assert client.post(f"/perioden/{P}/terugkoppeling", data={**fields, "csrf_token": "0" * 64}).status_code == 403
    other = client.cookies.get("fbc_sessie")
    login(client, "rotterdam")  # a token of another session is no good either
    client.cookies.set("fbc_sessie", other)
    from portal.sessions import csrf_token
    assert client.post(f"/perioden/{P}/terugkoppeling",
                       data={**fields, "csrf_token": csrf_token("someone-else")}).status_code == 403
    with engine.connect() as con:
        assert con.execute(outcomes.select()).first() is None


def test_csrf_over_real_http(app):
    with serve(app) as port:
        raw = RawClient(port)
        raw.login("amsterdam", PASSWORD)
        status, _, _ = raw.post_form(f"/perioden/{P}/terugkoppeling",
                                     {"signaal_id": "FBC-202610-000002", "uitkomst": "IN_ONDERZOEK"})
        assert status == 403


def test_disabled_accounts_old_cookie_is_dead(client, engine):
    from portal.accounts import disable_account

    login(client, "amsterdam")
    assert client.get("/").status_code == 200
    assert disable_account(engine, "amsterdam") == 1
    assert client.get("/").status_code == 303
    assert client.get(f"/perioden/{P}/gemeenten/0363/adressignalen.csv").status_code == 303
    assert client.post("/login", data={"gebruiker": "amsterdam", "wachtwoord": PASSWORD}).status_code == 401


def test_disabled_account_over_real_http(app, engine):
    from portal.accounts import disable_account

    with serve(app) as port:
        raw = RawClient(port)
        raw.login("bouwbv", PASSWORD)
        target = f"/perioden/{P}/werkgevers/123456789L01/registratiesignalen.csv"
        assert raw.request("GET", target)[0] == 200
        disable_account(engine, "bouwbv")
        status, headers, _ = raw.request("GET", target)
        assert status == 303 and headers["location"] == "/login"


def test_throttling_after_five_failures_until_the_window_passes(client, clock):
    for _ in range(5):
        assert client.post("/login", data={"gebruiker": "amsterdam", "wachtwoord": "fout-fout-fout"}).status_code == 401
    assert client.post("/login", data={"gebruiker": "amsterdam", "wachtwoord": PASSWORD}).status_code == 429
    assert client.post("/login", data={"gebruiker": "amsterdam", "wachtwoord": "fout"}).status_code == 429
    assert client.post("/login", data={"gebruiker": "rotterdam", "wachtwoord": PASSWORD}).status_code == 303
    clock.advance(minutes=14)
    assert client.post("/login", data={"gebruiker": "amsterdam", "wachtwoord": PASSWORD}).status_code == 429
    clock.advance(minutes=1, seconds=1)
    assert client.post("/login", data={"gebruiker": "amsterdam", "wachtwoord": PASSWORD}).status_code == 303


def test_throttling_over_real_http(app):
    with serve(app) as port:
        raw = RawClient(port)
        codes = [raw.login("nobody-here", "raden") for _ in range(7)]
        assert codes == [401] * 5 + [429] * 2


def test_session_expires_after_30_minutes_idle(client, clock):
    login(client, "amsterdam")
    clock.advance(minutes=29)
    assert client.get("/").status_code == 200  # activity keeps it alive
    clock.advance(minutes=29, seconds=59)
    assert client.get("/").status_code == 200
    clock.advance(minutes=30, seconds=1)
    assert client.get("/").status_code == 303
    clock.advance(seconds=1)
    assert client.get("/").status_code == 303  # and it stays dead


def test_forged_and_oversized_cookies_are_no_session(client):
    client.cookies.set("fbc_sessie", "x" * 5000)
    assert client.get("/").status_code == 303
    client.cookies.set("fbc_sessie", "' OR 1=1 --")
    assert client.get("/").status_code == 303


def test_session_token_is_stored_hashed(client, engine):
    from feedbackcyclus.portal_database import sessions

    login(client, "amsterdam")
    token = client.cookies.get("fbc_sessie")
    with engine.connect() as con:
        stored = [r.token_hash for r in con.execute(sessions.select())]
    assert stored and token not in stored and len(stored[0]) == 64


def test_csrf_token_of_page_is_accepted(client):
    login(client, "amsterdam")
    response = client.post(f"/perioden/{P}/terugkoppeling", data={
        "csrf_token": csrf_of(client), "signaal_id": "FBC-202610-000002", "uitkomst": "IN_ONDERZOEK"})
    assert response.status_code == 303


def test_idle_sessions_can_be_purged(engine, clock, accounts):
    from portal.accounts import get_active_account
    from portal.sessions import create_session, purge_idle

    create_session(engine, get_active_account(engine, "amsterdam"), clock)
    clock.advance(minutes=31)
    assert purge_idle(engine, timedelta(minutes=30), clock) == 1
