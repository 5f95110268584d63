"""Outcomes reported by municipalities and employers (DESIGN.md §9): checked, then stored all or none.

One outcome comes from a form (``signaal_id``, ``uitkomst``, ``toelichting``), many from a
CSV upload (``signaal_id;uitkomst;datum;toelichting``, ``;``, UTF-8). Every row is checked
first — its ``signaal_id`` must be one of the user's own signals of the period, its
``uitkomst`` one of the codes of the user's role, its ``datum`` a real date not in the
future — and only when no row fails are all stored, in one transaction. Errors name the
data row (1 = first row after the header) and the line of the file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from feedbackcyclus.portal_database import outcomes, write_transaction
from portal.accounts import Account
from portal.clock import Clock, utc_now
from portal.roles import OUTCOME_CODES

UPLOAD_HEADER = ("signaal_id", "uitkomst", "datum", "toelichting")
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_TOELICHTING = 2000


@dataclass(frozen=True)
class OutcomeRow:
    signaal_id: str
    uitkomst: str
    datum: date
    toelichting: str


class OutcomeRejected(ValueError):
    """Nothing was stored; ``problems`` names every failing row."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _row_label(number: int, line: int | None) -> str:
    return f"rij {number} (regel {line} van het bestand)" if line else f"rij {number}"


def check_rows(account: Account, own_ids: Iterable[str], raw: list[tuple[int | None, list[str]]],
               today: date) -> list[OutcomeRow]:
    """Validate raw ``(line, [signaal_id, uitkomst, datum, toelichting])`` rows; raise with all problems."""
    codes, own = OUTCOME_CODES.get(account.rol, ()), set(own_ids)
    problems: list[str] = []
    good: list[OutcomeRow] = []
    if not codes:
        raise OutcomeRejected([f"de rol {account.rol} meldt geen terugkoppeling"])
    for number, (line, cells) in enumerate(raw, start=1):
        label = _row_label(number, line)
        if len(cells) != len(UPLOAD_HEADER):
            problems.append(f"{label}: verwacht {len(UPLOAD_HEADER)} velden, gevonden {len(cells)}")
            continue
        sid, code, when, note = (c.strip() for c in cells)
        row_problems = []
        if sid not in own:
            row_problems.append("signaal_id hoort niet bij uw signalen van deze periode")
        if code not in codes:
            row_problems.append(f"onbekende uitkomst (kies uit {', '.join(codes)})")
        try:
            moment = date.fromisoformat(when) if when else today
            if moment > today:
                row_problems.append("datum ligt in de toekomst")
        except ValueError:
            row_problems.append("datum is geen datum JJJJ-MM-DD")
            moment = today
        if len(note) > MAX_TOELICHTING:
            row_problems.append(f"toelichting langer dan {MAX_TOELICHTING} tekens")
        if row_problems:
            problems.append(f"{label}: {'; '.join(row_problems)}")
        else:
            good.append(OutcomeRow(sid, code, moment, note))
    if problems:
        raise OutcomeRejected(problems)
    if not good:
        raise OutcomeRejected(["het bestand bevat geen rijen"])
    return good


def parse_upload(data: bytes) -> list[tuple[int, list[str]]]:
    """The data rows of an uploaded CSV with their file line numbers; raise on a wrong file."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise OutcomeRejected([f"bestand groter dan {MAX_UPLOAD_BYTES // (1024 * 1024)} MB"])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise OutcomeRejected(["bestand is geen UTF-8"]) from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    try:
        header = next(reader, None)
        if header is None or tuple(h.strip().lower() for h in header) != UPLOAD_HEADER:
            raise OutcomeRejected([f"kopregel moet zijn: {';'.join(UPLOAD_HEADER)}"])
        rows = [(reader.line_num, cells) for cells in reader if any(c.strip() for c in cells)]
    except csv.Error as exc:
        raise OutcomeRejected([f"regel {reader.line_num}: onleesbare CSV ({exc})"]) from None
    return rows


def store(engine: Engine, account: Account, period: str, rows: list[OutcomeRow], now: Clock = utc_now) -> int:
    """Insert all rows in one transaction (all or none); return how many."""
    moment = now()
    values = [{"signaal_id": r.signaal_id, "periode": period, "uitkomst": r.uitkomst, "datum": r.datum,
               "toelichting": r.toelichting or None, "gebruiker": account.gebruiker, "rol": account.rol,
               "scope": account.scope, "ingevoerd_op": moment} for r in rows]
    with write_transaction(engine) as con:
        con.execute(outcomes.insert(), values)
    return len(values)


def latest_for(engine: Engine, signal_ids: list[str]) -> dict[str, tuple[str, date, str | None]]:
    """Latest stored (uitkomst, datum, toelichting) per signaal_id among ``signal_ids``."""
    if not signal_ids:
        return {}
    latest: dict[str, tuple[str, date, str | None]] = {}
    with engine.connect() as con:
        for start in range(0, len(signal_ids), 500):
            chunk = signal_ids[start:start + 500]
            for sid, code, when, note in con.execute(
                    sa.select(outcomes.c.signaal_id, outcomes.c.uitkomst, outcomes.c.datum, outcomes.c.toelichting)
                    .where(outcomes.c.signaal_id.in_(chunk)).order_by(outcomes.c.ingevoerd_op, outcomes.c.id)):
                latest[sid] = (code, when, note)
    return latest
