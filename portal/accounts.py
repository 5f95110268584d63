"""Accounts: Argon2id password hashes, a disabled flag, and login throttling (DESIGN.md §9).

Throttling counts failed logins per user name (also for names that do not exist, so the
answer does not reveal which accounts exist): once ``max_failures`` failures fall within
the window, every further attempt for that name is refused with 429 — also with the right
password — until the oldest of them has left the window. Refused attempts are not counted,
so the block lifts when the window has passed.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy.engine import Engine

from feedbackcyclus.portal_database import accounts, login_failures, sessions, write_transaction
from portal.clock import Clock, utc_now
from portal.roles import check_scope, check_user_name

_hasher = PasswordHasher()  # Argon2id with argon2-cffi's RFC 9106 low-memory profile
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class Account:
    gebruiker: str
    rol: str
    scope: str | None


class AccountError(ValueError):
    """An account command that cannot be carried out (message for the operator)."""


def generate_password() -> str:
    return secrets.token_urlsafe(18)


def add_account(engine: Engine, user: str, role: str, scope: str | None, password: str,
                now: Clock = utc_now) -> Account:
    check_user_name(user)
    scope = check_scope(role, scope)
    if len(password) < 12:
        raise AccountError("wachtwoord: minstens 12 tekens")
    with write_transaction(engine) as con:
        if con.execute(sa.select(accounts.c.gebruiker).where(accounts.c.gebruiker == user)).first():
            raise AccountError(f"gebruiker {user} bestaat al")
        con.execute(accounts.insert().values(gebruiker=user, rol=role, scope=scope,
                                             wachtwoord_hash=_hasher.hash(password), uitgeschakeld=False,
                                             aangemaakt_op=now()))
    return Account(user, role, scope)


def disable_account(engine: Engine, user: str) -> int:
    """Block the account and end its sessions; return how many sessions were ended."""
    with write_transaction(engine) as con:
        found = con.execute(accounts.update().where(accounts.c.gebruiker == user).values(uitgeschakeld=True))
        if found.rowcount == 0:
            raise AccountError(f"gebruiker {user} bestaat niet")
        return con.execute(sessions.delete().where(sessions.c.gebruiker == user)).rowcount


def get_active_account(engine: Engine, user: str) -> Account | None:
    with engine.connect() as con:
        row = con.execute(sa.select(accounts.c.gebruiker, accounts.c.rol, accounts.c.scope)
                          .where(accounts.c.gebruiker == user, accounts.c.uitgeschakeld.is_(False))).first()
    return Account(*row) if row else None


def account_exists(engine: Engine, user: str) -> bool:
    with engine.connect() as con:
        return con.execute(sa.select(accounts.c.gebruiker).where(accounts.c.gebruiker == user)).first() is not None


class Throttled(Exception):
    """Too many failed logins for this user name within the window."""


def authenticate(engine: Engine, user: str, password: str, *, max_failures: int = 5,
                 window: timedelta = timedelta(minutes=15), now: Clock = utc_now) -> Account | None:
    """The account when the password is right and the account active; ``None`` otherwise.

    Raises ``Throttled`` when ``max_failures`` failures for this name lie within the window.
    """
    user = (user or "")[:100]
    moment = now()
    with engine.connect() as con:
        recent = con.execute(sa.select(sa.func.count()).select_from(login_failures).where(
            login_failures.c.gebruiker == user, login_failures.c.tijdstip > moment - window)).scalar_one()
        row = con.execute(sa.select(accounts.c.gebruiker, accounts.c.rol, accounts.c.scope,
                                    accounts.c.wachtwoord_hash, accounts.c.uitgeschakeld)
                          .where(accounts.c.gebruiker == user)).first()
    if recent >= max_failures:
        raise Throttled()
    ok = _verify(row.wachtwoord_hash if row else _DUMMY_HASH, password or "")  # outside any transaction: slow
    with write_transaction(engine) as con:
        if row is None or not ok or row.uitgeschakeld:
            con.execute(login_failures.insert().values(gebruiker=user, tijdstip=moment))
            con.execute(login_failures.delete().where(login_failures.c.tijdstip < moment - window * 4))
            return None
        con.execute(login_failures.delete().where(login_failures.c.gebruiker == user))
        if _hasher.check_needs_rehash(row.wachtwoord_hash):
            con.execute(accounts.update().where(accounts.c.gebruiker == user)
                        .values(wachtwoord_hash=_hasher.hash(password)))
    return Account(row.gebruiker, row.rol, row.scope)


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
