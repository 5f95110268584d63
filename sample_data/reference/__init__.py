"""Reference tables shipped with the product (copied from ``shared/reference``, see SOURCE.md).

``gemeenten_2025.csv`` gives the names of today's municipalities (generator, reports). Input codes
are judged against the municipal history at the reference date in ``schemas/reference``
(DESIGN.md §3 v2), not against this list.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent


def _read(name: str) -> list[dict[str, str]]:
    with (HERE / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


@cache
def gemeenten() -> dict[str, str]:
    """gemeentecode (4 digits, string) → municipality name."""
    return {r["gemeentecode"]: r["gemeentenaam"] for r in _read("gemeenten_2025.csv")}


@cache
def nationaliteiten() -> dict[str, str]:
    """GBA table 32: nationality code → description."""
    return {r["nationaliteitcode"]: r["omschrijving"] for r in _read("nationaliteiten_tabel32.csv")}


@cache
def landen() -> dict[str, str]:
    """GBA table 34: country code → description."""
    return {r["landcode"]: r["omschrijving"] for r in _read("landen_tabel34.csv")}
