"""Small shared pieces of the security suite."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tests.builders import BSN, LHNR, brp_row, polis_row, rni_row, werkgever_row, write_period

P1, P2 = "2026-04", "2026-05"


def tiny_inbox(inbox: Path, periods: tuple[str, ...] = (P1, P2)) -> None:
    """Two small periods whose files all differ from month to month (no re-delivery gate)."""
    for i, p in enumerate(periods):
        write_period(inbox, p, polis=[polis_row(BSN[5], LHNR[0], period=p), polis_row(BSN[6], LHNR[1], period=p)],
                     werkgevers=[werkgever_row(x, huisnummer=str(i + 1)) for x in LHNR[:2]],
                     brp=[brp_row(BSN[6], geslachtsnaam="Wit", datum_aanvang_adres=f"2020-0{i + 1}-01")],
                     rni=[rni_row(BSN[5], geslachtsnaam="Xiao", datum_inschrijving=f"2019-0{i + 1}-01")])


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}
