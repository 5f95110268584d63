"""Reference tables that are part of the input contract (DESIGN.md §2 v2, §3 v2).

``gemeenten_historie.csv`` holds every Dutch municipality code since 1970 with its begin
and end date (CBS municipal division per year, via NLExtract; see README.md here). A
municipality code in an input is judged against the division *at the period's reference
date*, not against today's list: a code of a municipality merged before the reference date
is ``GEMEENTECODE_VERVALLEN`` (the register has not caught up with a merger), a code that
never existed — or only exists from after the reference date — is ``GEMEENTECODE_ONBEKEND``.

The end date is the first day on which the code no longer exists (the day its successor
begins), so a code is valid on ``begindatum <= peildatum < einddatum``.

The other tables (source notes in SOURCE.md) are product data as well: ``gemeenten_2025.csv``
gives the names of today's municipalities (reports, and the sample-data generator, which
imports them from here and never the reverse), ``nationaliteiten_tabel32.csv`` and
``landen_tabel34.csv`` the GBA code tables that the quality gates judge codes against.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent
GEMEENTEN_HISTORIE = HERE / "gemeenten_historie.csv"


@dataclass(frozen=True)
class GemeentePeriode:
    """One row of the history: a code, its name and the days it existed."""

    gemeentecode: str
    gemeentenaam: str
    begindatum: date
    einddatum: date | None  # None: still exists

    def valid_on(self, day: date) -> bool:
        return self.begindatum <= day and (self.einddatum is None or day < self.einddatum)


@cache
def gemeenten_historie() -> tuple[GemeentePeriode, ...]:
    """Every row of ``gemeenten_historie.csv`` (a code may have several: Vianen changed province)."""
    with GEMEENTEN_HISTORIE.open(encoding="utf-8", newline="") as fh:
        return tuple(
            GemeentePeriode(r["gemeentecode"], r["gemeentenaam"], date.fromisoformat(r["begindatum"]),
                            date.fromisoformat(r["einddatum"]) if r["einddatum"] else None)
            for r in csv.DictReader(fh, delimiter=";"))


@cache
def gemeentecodes_op(peildatum: date | None = None) -> tuple[frozenset[str], frozenset[str]]:
    """``(valid, ended)`` on ``peildatum``: the codes of municipalities that exist that day, and
    those that existed but ended on or before it. ``None`` means the current division (rows
    without an end date). Every other code is unknown on that day."""
    rows = gemeenten_historie()
    if peildatum is None:
        valid = frozenset(r.gemeentecode for r in rows if r.einddatum is None)
        return valid, frozenset(r.gemeentecode for r in rows) - valid
    valid = frozenset(r.gemeentecode for r in rows if r.valid_on(peildatum))
    ended = frozenset(r.gemeentecode for r in rows if r.einddatum is not None and r.einddatum <= peildatum)
    return valid, ended - valid


def read_table(name: str) -> list[dict[str, str]]:
    """The rows of one ``;``-separated reference table shipped in this folder."""
    with (HERE / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


@cache
def gemeenten() -> dict[str, str]:
    """gemeentecode (4 digits, string) → municipality name (the 2025 division)."""
    return {r["gemeentecode"]: r["gemeentenaam"] for r in read_table("gemeenten_2025.csv")}


@cache
def nationaliteiten() -> dict[str, str]:
    """GBA table 32: nationality code → description."""
    return {r["nationaliteitcode"]: r["omschrijving"] for r in read_table("nationaliteiten_tabel32.csv")}


@cache
def landen() -> dict[str, str]:
    """GBA table 34: country code → description."""
    return {r["landcode"]: r["omschrijving"] for r in read_table("landen_tabel34.csv")}
