"""Fixtures of the portal suite: a literal published period, a portal database, a test client.

Every test that takes ``location`` runs twice: against a SQLite file, and against a real
PostgreSQL server — a throwaway cluster started for the session from the Debian package
(``initdb``/``pg_ctl``, as the ``postgres`` OS user when we run as root). When PostgreSQL
is not installed or cannot start, those runs are skipped with the reason.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from feedbackcyclus.settings import PortalSettings, Settings
from tests.portal.published import build_period

PASSWORD = "correct-horse-battery-staple"
PG_BIN = sorted(Path("/usr/lib/postgresql").glob("*/bin"))


class FakeClock:
    """A clock the test moves: sessions, throttling and outcome times without sleeping."""

    def __init__(self, start: datetime = datetime(2026, 11, 20, 9, 0, 0)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw) -> None:
        self.now += timedelta(**kw)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresCluster:
    def __init__(self) -> None:
        if not PG_BIN:
            pytest.skip("PostgreSQL is not installed (apt-get install postgresql; scripts/install-test-clients.sh)")
        self.bin = PG_BIN[-1]
        self.root = Path(tempfile.mkdtemp(prefix="fbc-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            if shutil.which("runuser") is None:
                pytest.skip("running as root without runuser: cannot start PostgreSQL as the postgres user")
            self.as_user = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.root, "postgres", "postgres")
        self._run(["initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"])
        self._run(["pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-w", "-t", "60", "-o",
                   f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c max_connections=200", "start"])
        self.counter = itertools.count(1)

    def _run(self, cmd: list[str]) -> None:
        out = subprocess.run([*self.as_user, str(self.bin / cmd[0]), *cmd[1:]], capture_output=True, text=True,
                             timeout=120)
        if out.returncode != 0:
            pytest.skip(f"PostgreSQL could not start ({cmd[0]}): {out.stderr.strip()[:300]}")

    def new_database(self) -> str:
        import psycopg

        name = f"portal_{os.getpid()}_{next(self.counter)}"
        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True) as con:
            con.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        subprocess.run([*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(autouse=True)
def cheap_password_hashes(monkeypatch):
    """Argon2id with test-sized cost: the default profile (64 MiB, 3 passes) costs ~0.5 s a hash here."""
    from argon2 import PasswordHasher

    import portal.accounts

    monkeypatch.setattr(portal.accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture(scope="session")
def postgres_cluster():
    cluster = PostgresCluster()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request, tmp_path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "state" / "portal.sqlite3")
    return request.getfixturevalue("postgres_cluster").new_database()


@pytest.fixture
def reports(tmp_path) -> Path:
    root = tmp_path / "reports"
    build_period(root, "2026-10")
    return root


@pytest.fixture
def settings(tmp_path, location, reports) -> Settings:
    return Settings(inbox=tmp_path / "inbox", reports=reports, warehouse=tmp_path / "state" / "warehouse.duckdb",
                    state_dir=tmp_path / "state", portal=PortalSettings(database=location))


@pytest.fixture
def engine(settings):
    from feedbackcyclus.portal_database import open_engine

    eng = open_engine(settings.portal.database)
    yield eng
    eng.dispose()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def accounts(engine, clock):
    """The standard cast: one account per role, two municipalities and two employers."""
    from portal.accounts import add_account

    cast = {"analist": ("analist", None), "amsterdam": ("gemeente", "0363"), "rotterdam": ("gemeente", "0599"),
            "bouwbv": ("werkgever", "123456789L01"), "uitzend": ("werkgever", "987654321L01"),
            "inspecteur": ("inspectie", None)}
    for user, (role, scope) in cast.items():
        add_account(engine, user, role, scope, PASSWORD, now=clock)
    return cast


@pytest.fixture
def app(settings, engine, clock, accounts):
    from portal.app import create_app

    return create_app(settings, engine=engine, clock=clock)


@pytest.fixture
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app, base_url="http://testserver", follow_redirects=False) as c:
        yield c


def login(client, user: str, password: str = PASSWORD):
    client.cookies.clear()
    response = client.post("/login", data={"gebruiker": user, "wachtwoord": password})
    assert response.status_code == 303, response.text
    return response


def csrf_of(client, period: str = "2026-10") -> str:
    import re

    page = client.get(f"/perioden/{period}/terugkoppeling")
    assert page.status_code == 200
    return re.search(r'name="csrf_token" value="([0-9a-f]+)"', page.text).group(1)


@pytest.fixture
def with_settings():
    def change(settings: Settings, **portal) -> Settings:
        return replace(settings, portal=replace(settings.portal, **portal))
    return change
