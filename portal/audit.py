"""The audit log (DESIGN.md §9): who asked for which person-level file or outcome, and the answer.

Rows are appended only (the database refuses UPDATE and DELETE on the table). A row holds
time, user, role, method, path and result — never a password, session token, CSRF token,
query string or file content.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from feedbackcyclus.portal_database import audit_log, write_transaction
from portal.clock import Clock, utc_now

COLUMNS = ("tijdstip", "gebruiker", "rol", "methode", "pad", "resultaat")


def _printable(text: str, limit: int) -> str:
    """Control characters (NUL, CR, LF, …) of a hostile path written as ``\\xNN``: one line per row."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)[:limit]


def record(engine: Engine, user: str, role: str, method: str, path: str, result: str,
           now: Clock = utc_now) -> None:
    with write_transaction(engine) as con:
        con.execute(audit_log.insert().values(tijdstip=now(), gebruiker=_printable(user, 100), rol=role[:20],
                                              methode=_printable(method, 10), pad=_printable(path, 1000),
                                              resultaat=result[:40]))


def rows_since(engine: Engine, since: date | None) -> Iterator[tuple]:
    query = sa.select(*[audit_log.c[c] for c in COLUMNS]).order_by(audit_log.c.id)
    if since is not None:
        query = query.where(audit_log.c.tijdstip >= datetime(since.year, since.month, since.day))
    with engine.connect() as con:
        yield from con.execute(query)


def as_csv(engine: Engine, since: date | None) -> str:
    """The log as CSV (``;``, UTF-8, ISO timestamps in UTC) for ``feedbackcyclus audit``."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows_since(engine, since):
        writer.writerow([row[0].isoformat(timespec="seconds") + "Z", *row[1:]])
    return out.getvalue()
