"""Purge removes every person-level file of a municipality, the v2 ones included."""

from __future__ import annotations

from pathlib import Path

from reports.retention import purge_period_folder


def test_new_person_level_municipality_files_are_purged(tmp_path: Path):
    folder = tmp_path / "2026-05"
    names = ("adressignalen.csv", "adressignalen.xlsx", "rni_langer_dan_4_maanden.csv",
             "rni_langer_dan_4_maanden.xlsx", "werkgevers.csv", "werkgevers.xlsx")
    for name in names:
        (folder / "gemeenten" / "0363").mkdir(parents=True, exist_ok=True)
        (folder / "gemeenten" / "0363" / name).write_text("x")
    removed = purge_period_folder(folder)
    assert sorted(removed) == sorted(f"gemeenten/0363/{n}" for n in names[:4])
    assert sorted(p.name for p in (folder / "gemeenten" / "0363").iterdir()) == ["werkgevers.csv", "werkgevers.xlsx"]
