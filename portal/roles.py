"""Roles, their scopes and the outcome codes each may report (DESIGN.md §9, contract)."""

from __future__ import annotations

import re

ROLES = ("analist", "gemeente", "werkgever", "inspectie")

_SCOPE_PATTERNS = {
    "gemeente": re.compile(r"^\d{4}$"),
    "werkgever": re.compile(r"^\d{9}L\d{2}$"),
}

OUTCOME_CODES: dict[str, tuple[str, ...]] = {
    "gemeente": ("IN_ONDERZOEK", "AFGEROND_MET_BRP_MUTATIE", "AFGEROND_ZONDER_BRP_MUTATIE", "ONJUIST_SIGNAAL"),
    "werkgever": ("WERKNEMER_GEINFORMEERD", "GECORRIGEERD_IN_LOONAANGIFTE", "WERKNEMER_UIT_DIENST", "ONJUIST_SIGNAAL"),
}

OUTCOME_LABELS = {
    "IN_ONDERZOEK": "In onderzoek",
    "AFGEROND_MET_BRP_MUTATIE": "Afgerond, met BRP-mutatie",
    "AFGEROND_ZONDER_BRP_MUTATIE": "Afgerond, zonder BRP-mutatie",
    "ONJUIST_SIGNAAL": "Onjuist signaal",
    "WERKNEMER_GEINFORMEERD": "Werknemer geïnformeerd",
    "GECORRIGEERD_IN_LOONAANGIFTE": "Gecorrigeerd in de loonaangifte",
    "WERKNEMER_UIT_DIENST": "Werknemer uit dienst",
}

_USER_NAME = re.compile(r"^[A-Za-z0-9._@-]{1,100}$")


def check_user_name(name: str) -> str:
    if not _USER_NAME.match(name or ""):
        raise ValueError("gebruikersnaam: 1–100 tekens uit letters, cijfers en . _ @ -")
    return name


def check_scope(role: str, scope: str | None) -> str | None:
    """The scope an account of ``role`` must have: a gemeentecode, a loonheffingennummer, or none."""
    if role not in ROLES:
        raise ValueError(f"onbekende rol {role!r}; kies uit {', '.join(ROLES)}")
    pattern = _SCOPE_PATTERNS.get(role)
    if pattern is None:
        if scope:
            raise ValueError(f"rol {role} heeft geen scope (laat --scope weg)")
        return None
    if not scope or not pattern.match(scope):
        what = "een gemeentecode van 4 cijfers" if role == "gemeente" else "een loonheffingennummer (123456789L01)"
        raise ValueError(f"rol {role} vraagt --scope met {what}")
    return scope
