"""A user's signals of a period: the rows of the signal files it may open (DESIGN.md §5, §9).

The portal does not ask the warehouse which signals belong to whom: a user's signals are
exactly those in its own published files, read through ``authorize`` like any download.
So the scope of an outcome can never be wider than the scope of the files.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from portal.accounts import Account
from portal.authz import authorize

SIGNAL_FILES = {
    "gemeente": ("gemeenten/{scope}/adressignalen.csv", "gemeenten/{scope}/rni_langer_dan_4_maanden.csv"),
    "werkgever": ("werkgevers/{scope}/registratiesignalen.csv",),
}
_DEFAULT_SIGNAL = {"rni_langer_dan_4_maanden.csv": "RNI_LANGER_DAN_4_MAANDEN"}


@dataclass(frozen=True)
class Signal:
    signaal_id: str
    signaal: str
    reden: str
    bsn: str
    naam: str
    status: str
    terugkoppeling: str
    toelichting: str


def _cell(row: dict, key: str) -> str:
    value = (row.get(key) or "").strip()
    return value[1:] if value.startswith("'") else value  # undo the formula-injection guard for display


def read_signal_file(path: Path) -> list[dict]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def user_signals(account: Account, reports_root: Path, period: str) -> list[Signal]:
    """The signals of ``period`` in the files this account may open, in file order."""
    found: dict[str, Signal] = {}
    for pattern in SIGNAL_FILES.get(account.rol, ()):
        relpath = pattern.format(scope=account.scope)
        grant = authorize(account, reports_root, period, relpath)
        if grant is None or grant.kind != "file":
            continue
        default = _DEFAULT_SIGNAL.get(relpath.rsplit("/", 1)[-1], "")
        for row in read_signal_file(grant.path):
            sid = _cell(row, "signaal_id")
            if not sid or sid in found:
                continue
            name = " ".join(x for x in (_cell(row, "voornamen"), _cell(row, "geslachtsnaam")) if x)
            found[sid] = Signal(sid, _cell(row, "signaal") or default, _cell(row, "reden"), _cell(row, "bsn"), name,
                                _cell(row, "status"), _cell(row, "terugkoppeling"), _cell(row, "toelichting"))
    return list(found.values())
