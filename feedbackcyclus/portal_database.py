"""The portal's database: one schema, one SQL layer (SQLAlchemy Core) for SQLite and PostgreSQL.

DESIGN.md §9: accounts, sessions, outcomes and the audit log live in the portal's own
database — ``portal.sqlite3`` beside the warehouse by default, a ``postgresql://`` URL in
production (setting ``[portal] database``). The portal writes it; ``account``, ``audit``
and the monthly ``run`` use the same definitions, the run only to read outcomes. This
module holds no web code, so the pipeline may import it.

SQLite runs in WAL mode: a reader (the monthly run) never waits for the portal writing,
and the portal never waits for the reader. The file is created 0600 (person data).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from feedbackcyclus.settings import Settings

metadata = sa.MetaData()

accounts = sa.Table(
    "accounts", metadata,
    sa.Column("gebruiker", sa.String(100), primary_key=True),
    sa.Column("rol", sa.String(20), nullable=False),
    sa.Column("scope", sa.String(20), nullable=True),
    sa.Column("wachtwoord_hash", sa.String(200), nullable=False),
    sa.Column("uitgeschakeld", sa.Boolean, nullable=False, default=False),
    sa.Column("aangemaakt_op", sa.DateTime, nullable=False),
)

sessions = sa.Table(
    "sessions", metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("gebruiker", sa.String(100), sa.ForeignKey("accounts.gebruiker"), nullable=False, index=True),
    sa.Column("aangemaakt_op", sa.DateTime, nullable=False),
    sa.Column("laatst_gezien", sa.DateTime, nullable=False),
)

login_failures = sa.Table(
    "login_failures", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("gebruiker", sa.String(100), nullable=False, index=True),
    sa.Column("tijdstip", sa.DateTime, nullable=False),
)

outcomes = sa.Table(
    "outcomes", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("signaal_id", sa.String(30), nullable=False, index=True),
    sa.Column("periode", sa.String(7), nullable=False),
    sa.Column("uitkomst", sa.String(40), nullable=False),
    sa.Column("datum", sa.Date, nullable=False),
    sa.Column("toelichting", sa.Text, nullable=True),
    sa.Column("gebruiker", sa.String(100), nullable=False),
    sa.Column("rol", sa.String(20), nullable=False),
    sa.Column("scope", sa.String(20), nullable=True),
    sa.Column("ingevoerd_op", sa.DateTime, nullable=False, index=True),
)

audit_log = sa.Table(
    "audit_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("tijdstip", sa.DateTime, nullable=False, index=True),
    sa.Column("gebruiker", sa.String(100), nullable=False),
    sa.Column("rol", sa.String(20), nullable=False),
    sa.Column("methode", sa.String(10), nullable=False),
    sa.Column("pad", sa.String(1000), nullable=False),
    sa.Column("resultaat", sa.String(40), nullable=False),
)


_SQLITE_WRITER = threading.Lock()


@contextmanager
def write_transaction(engine: Engine) -> Iterator[sa.Connection]:
    """A write transaction. On SQLite, writers of one process queue on a lock instead of
    meeting SQLite's busy handler, whose growing sleeps (up to 100 ms) made the latency tail."""
    if engine.dialect.name == "sqlite":
        with _SQLITE_WRITER, engine.begin() as con:
            yield con
    else:
        with engine.begin() as con:
            yield con


def database_location(settings: Settings) -> str:
    """The configured database: a ``postgresql://`` URL or a SQLite file path."""
    return settings.portal.database or str(settings.warehouse.parent / "portal.sqlite3")


def is_postgres(location: str) -> bool:
    return location.startswith(("postgresql://", "postgresql+psycopg://", "postgres://"))


def sqlalchemy_url(location: str) -> str:
    """SQLAlchemy's URL for a location: psycopg 3 for PostgreSQL, pysqlite for a file."""
    if is_postgres(location):
        rest = location.split("://", 1)[1]
        return f"postgresql+psycopg://{rest}"
    return f"sqlite:///{Path(location).as_posix()}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA synchronous=NORMAL")  # WAL: durable at checkpoints, no fsync per audit row
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def open_engine(location: str) -> Engine:
    """An engine for the portal, ``account`` and ``audit`` (read-write); creates the tables."""
    if is_postgres(location):
        engine = sa.create_engine(sqlalchemy_url(location), pool_pre_ping=True, pool_size=20, max_overflow=30)
    else:
        path = Path(location)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
        os.chmod(path, 0o600)
        # one pooled connection per request thread (Starlette's pool has 40): nobody waits for a connection
        engine = sa.create_engine(sqlalchemy_url(location), connect_args={"check_same_thread": False},
                                  pool_size=40, max_overflow=10)
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    metadata.create_all(engine)
    _make_audit_append_only(engine)
    return engine


_SQLITE_AUDIT_GUARD = [
    """CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""",
]
_POSTGRES_AUDIT_GUARD = [
    """CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS
       $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$""",
    "DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log",
    """CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
       FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()""",
]


def _make_audit_append_only(engine: Engine) -> None:
    """The audit log is append-only for the portal: the database refuses UPDATE and DELETE."""
    statements = _POSTGRES_AUDIT_GUARD if engine.dialect.name == "postgresql" else _SQLITE_AUDIT_GUARD
    with engine.begin() as con:
        if engine.dialect.name == "postgresql":
            con.execute(sa.text("SELECT pg_advisory_xact_lock(781401)"))  # concurrent starts
            if con.execute(sa.text("SELECT 1 FROM pg_trigger WHERE tgname = 'audit_log_no_change'")).first():
                return  # in place: no DDL (and no table lock) while a portal is serving
        for statement in statements:
            con.execute(sa.text(statement))


def open_read_only(location: str) -> Engine | None:
    """An engine for the monthly run, which only reads; ``None`` when no SQLite file exists yet.

    SQLite is opened with ``mode=ro`` (a run can never write or lock out the portal);
    PostgreSQL sessions are set read-only.
    """
    if is_postgres(location):
        return sa.create_engine(sqlalchemy_url(location), connect_args={"connect_timeout": 10},
                                execution_options={"postgresql_readonly": True}, poolclass=sa.pool.NullPool)
    path = Path(location)
    if not path.is_file():
        return None
    uri = f"file:{path.resolve().as_posix()}?mode=ro"
    return sa.create_engine("sqlite://", creator=lambda: _sqlite_ro(uri), poolclass=sa.pool.NullPool)


def _sqlite_ro(uri: str):
    import sqlite3

    con = sqlite3.connect(uri, uri=True, timeout=5)
    return con
