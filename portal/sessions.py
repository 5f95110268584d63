"""Server-side sessions (DESIGN.md §9): a random token in the cookie, only its hash stored.

A session ends after ``idle`` without a request, at logout, and when its account is
disabled. The CSRF token of a session is derived from the session token (HMAC), so it is
never stored and a stolen database row does not yield it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from feedbackcyclus.portal_database import accounts, sessions, write_transaction
from portal.accounts import Account
from portal.clock import Clock, utc_now

_TOUCH_EVERY = timedelta(seconds=30)  # write last-seen at most this often: fewer writes under load


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def csrf_token(session_token: str) -> str:
    return hmac.new(session_token.encode("utf-8"), b"feedbackcyclus-csrf", hashlib.sha256).hexdigest()


def csrf_valid(session_token: str, submitted: str | None) -> bool:
    return bool(submitted) and hmac.compare_digest(csrf_token(session_token), str(submitted))


def create_session(engine: Engine, account: Account, now: Clock = utc_now) -> str:
    token = secrets.token_urlsafe(32)
    moment = now()
    with write_transaction(engine) as con:
        con.execute(sessions.insert().values(token_hash=_hash(token), gebruiker=account.gebruiker,
                                             aangemaakt_op=moment, laatst_gezien=moment))
    return token


def session_account(engine: Engine, token: str | None, idle: timedelta, now: Clock = utc_now) -> Account | None:
    """The active account of a live session, touching it; ``None`` for an unknown, idle or blocked one."""
    if not token or len(token) > 200:
        return None
    key, moment = _hash(token), now()
    with engine.connect() as con:
        row = con.execute(sa.select(accounts.c.gebruiker, accounts.c.rol, accounts.c.scope, accounts.c.uitgeschakeld,
                                    sessions.c.laatst_gezien)
                          .join(accounts, accounts.c.gebruiker == sessions.c.gebruiker)
                          .where(sessions.c.token_hash == key)).first()
    if row is None:
        return None
    if row.uitgeschakeld or moment - row.laatst_gezien > idle:
        end_session(engine, token)
        return None
    if moment - row.laatst_gezien > _TOUCH_EVERY:
        with write_transaction(engine) as con:
            con.execute(sessions.update().where(sessions.c.token_hash == key).values(laatst_gezien=moment))
    return Account(row.gebruiker, row.rol, row.scope)


def end_session(engine: Engine, token: str | None) -> None:
    if token:
        with write_transaction(engine) as con:
            con.execute(sessions.delete().where(sessions.c.token_hash == _hash(token)))


def purge_idle(engine: Engine, idle: timedelta, now: Clock = utc_now) -> int:
    with write_transaction(engine) as con:
        return con.execute(sessions.delete().where(sessions.c.laatst_gezien < now() - idle)).rowcount
