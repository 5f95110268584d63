"""``feedbackcyclus account add|disable`` and ``feedbackcyclus audit`` (DESIGN.md §9)."""

from __future__ import annotations

import io
import sys

import pytest

from flows.cli import main


@pytest.fixture
def config(tmp_path, location):
    path = tmp_path / "feedbackcyclus.toml"
    path.write_text(f'state_dir = "{tmp_path / "state"}"\n[portal]\ndatabase = "{location}"\n', encoding="utf-8")
    return str(path)


def _cli(config, *args, stdin: str | None = None, capsys=None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(["--config", config, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_account_add_prints_a_random_password_that_logs_in(config, capsys, monkeypatch, location):
    from feedbackcyclus.portal_database import open_engine
    from portal.accounts import authenticate

    code, out, _ = _cli(config, "account", "add", "--user", "ams", "--role", "gemeente", "--scope", "0363",
                        capsys=capsys)
    assert code == 0
    password = out.strip().splitlines()[-1]
    assert len(password) >= 20 and " " not in password
    code, out2, _ = _cli(config, "account", "add", "--user", "ams2", "--role", "gemeente", "--scope", "0363",
                         capsys=capsys)
    assert out2.strip().splitlines()[-1] != password
    engine = open_engine(location)
    account = authenticate(engine, "ams", password)
    assert (account.gebruiker, account.rol, account.scope) == ("ams", "gemeente", "0363")
    from feedbackcyclus.portal_database import accounts
    with engine.connect() as con:
        stored = con.execute(accounts.select().where(accounts.c.gebruiker == "ams")).first().wachtwoord_hash
    assert stored.startswith("$argon2id$") and password not in stored


def test_password_from_stdin(config, capsys, monkeypatch, location):
    from feedbackcyclus.portal_database import open_engine
    from portal.accounts import authenticate

    code, out, _ = _cli(config, "account", "add", "--user", "chef", "--role", "analist", "--password-stdin",
                        stdin="mijn-lange-wachtwoord\n", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 0 and "mijn-lange-wachtwoord" not in out
    assert authenticate(open_engine(location), "chef", "mijn-lange-wachtwoord") is not None


@pytest.mark.parametrize("args", [
    ["--role", "gemeente"], ["--role", "gemeente", "--scope", "363"], ["--role", "gemeente", "--scope", "03630"],
    ["--role", "werkgever", "--scope", "123456789"], ["--role", "werkgever", "--scope", "12345678L01"],
    ["--role", "analist", "--scope", "0363"], ["--role", "inspectie", "--scope", "x"],
])
def test_scope_is_validated_per_role(config, capsys, args):
    code, out, err = _cli(config, "account", "add", "--user", "x", *args, capsys=capsys)
    assert code == 2 and "scope" in err and out == ""


def test_duplicate_user_is_refused(config, capsys):
    assert _cli(config, "account", "add", "--user", "a", "--role", "inspectie", capsys=capsys)[0] == 0
    code, _, err = _cli(config, "account", "add", "--user", "a", "--role", "inspectie", capsys=capsys)
    assert code == 2 and "bestaat al" in err


def test_disable_ends_sessions_and_blocks(config, capsys, location):
    from feedbackcyclus.portal_database import open_engine
    from portal.accounts import authenticate
    from portal.sessions import create_session, session_account

    _, out, _ = _cli(config, "account", "add", "--user", "wg", "--role", "werkgever", "--scope", "123456789L01",
                     capsys=capsys)
    password = out.strip().splitlines()[-1]
    engine = open_engine(location)
    from datetime import timedelta
    token = create_session(engine, authenticate(engine, "wg", password))
    code, out, _ = _cli(config, "account", "disable", "--user", "wg", capsys=capsys)
    assert code == 0 and "1 sessie" in out
    assert session_account(engine, token, timedelta(minutes=30)) is None
    assert authenticate(engine, "wg", password) is None
    assert _cli(config, "account", "disable", "--user", "niemand", capsys=capsys)[0] == 2


def test_audit_command_prints_csv(config, capsys, location):
    from feedbackcyclus.portal_database import open_engine
    from portal import audit

    audit.record(open_engine(location), "ams", "gemeente", "GET", "/perioden/2026-10/rapport.html", "200")
    code, out, _ = _cli(config, "audit", "--since", "2000-01-01", capsys=capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "tijdstip;gebruiker;rol;methode;pad;resultaat"
    assert lines[1].endswith(";ams;gemeente;GET;/perioden/2026-10/rapport.html;200")
    code, out, _ = _cli(config, "audit", "--since", "2999-01-01", capsys=capsys)
    assert out.splitlines() == ["tijdstip;gebruiker;rol;methode;pad;resultaat"]


def test_sqlite_database_is_owner_only(config, capsys, tmp_path, location):
    if location.startswith("postgresql"):
        pytest.skip("file permissions concern the SQLite file")
    import os
    import stat

    _cli(config, "account", "add", "--user", "a", "--role", "inspectie", capsys=capsys)
    assert stat.S_IMODE(os.stat(location).st_mode) == 0o600


def test_portal_command_serves_until_stopped(config, capsys, reports, tmp_path):
    """``feedbackcyclus portal --port … --reports …`` as an operator starts it, over real HTTP."""
    import os
    import signal
    import subprocess
    import time

    from tests.portal.live import RawClient, free_port

    _, out, _ = _cli(config, "account", "add", "--user", "ams", "--role", "gemeente", "--scope", "0363",
                     capsys=capsys)
    password = out.strip().splitlines()[-1]
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "flows.cli", "--config", config, "portal", "--port", str(port),
                               "--reports", str(reports)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env={**os.environ, "FEEDBACKCYCLUS_STATE_DIR": str(tmp_path / "state")})
    try:
        raw = RawClient(port)
        deadline = time.monotonic() + 60
        while True:
            try:
                status = raw.login("ams", password)
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, server.stderr.read()
                time.sleep(0.2)
        assert status == 303
        status, headers, body = raw.request("GET", "/perioden/2026-10/gemeenten/0363/adressignalen.csv")
        assert status == 200 and body.startswith(b"\xef\xbb\xbfsignaal_id;")
        assert raw.request("GET", "/perioden/2026-10/gemeenten/0599/adressignalen.csv")[0] == 404
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
