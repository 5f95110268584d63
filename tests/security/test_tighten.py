"""``locations.tighten`` (the walk over a staged publication before the swap): whatever was
created wider ends up owner-only, at any depth; symlinks are neither changed nor followed."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from feedbackcyclus.locations import tighten


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_a_staged_folder_ends_up_owner_only_even_if_created_wider(tmp_path):
    staging = tmp_path / ".staging-2026-10-abc"
    deep = staging / "werkgevers" / "123456789L01"
    deep.mkdir(parents=True)
    (staging / "gemeenten" / "0363").mkdir(parents=True)
    files = [staging / "manifest.json", deep / "brief.html", deep / "registratiesignalen.csv",
             staging / "gemeenten" / "0363" / "signalen.csv"]
    for f in files:
        f.write_text("x")
    wide = {staging: 0o755, staging / "werkgevers": 0o775, deep: 0o777, staging / "gemeenten": 0o700,
            staging / "gemeenten" / "0363": 0o750, files[0]: 0o644, files[1]: 0o666, files[2]: 0o600, files[3]: 0o604}
    for path, mode in wide.items():
        os.chmod(path, mode)
    outside = tmp_path / "outside.txt"
    outside.write_text("not ours")
    os.chmod(outside, 0o644)
    (deep / "link").symlink_to(outside)
    (staging / "dangling").symlink_to(tmp_path / "nowhere")

    tighten([staging, tmp_path / "absent"])

    for path in wide:
        assert _mode(path) == (0o700 if path.is_dir() else 0o600), path
    assert _mode(outside) == 0o644  # a symlink's target is not ours to change
    assert (deep / "link").is_symlink() and (staging / "dangling").is_symlink()


def test_a_single_file_and_a_symlinked_folder_given_as_top(tmp_path):
    wal = tmp_path / "warehouse.duckdb.wal"
    wal.write_text("x")
    os.chmod(wal, 0o644)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o755)
    os.chmod(elsewhere, 0o755)
    (elsewhere / "f").write_text("x")
    os.chmod(elsewhere / "f", 0o644)
    (tmp_path / "via-link").symlink_to(elsewhere)

    tighten([wal, tmp_path / "via-link"])

    assert _mode(wal) == 0o600
    assert _mode(elsewhere) == 0o755 and _mode(elsewhere / "f") == 0o644  # not followed


def test_made_private_folders_are_checked_but_not_walked(tmp_path):
    staging = tmp_path / "staging"
    inner = staging / "werkgevers" / "123456789L01"
    inner.mkdir(parents=True)
    (staging / "werkgevers" / "x").write_text("x")
    for path, mode in ((staging, 0o755), (staging / "werkgevers", 0o755), (inner, 0o755),
                       (staging / "werkgevers" / "x", 0o644)):
        os.chmod(path, mode)

    tighten([staging], made_private=[staging / "werkgevers"])

    assert _mode(staging) == 0o700 and _mode(staging / "werkgevers") == 0o700  # the folder itself: checked
    assert _mode(inner) == 0o755 and _mode(staging / "werkgevers" / "x") == 0o644  # its contents: its writer's


def test_employer_folders_are_owner_only_whatever_the_umask(tmp_path):
    """What lets the publish step skip the employer folders in its walk: ``write_range`` creates
    them owner-only itself, even under umask 000 (the published check of the whole tree under
    umask 022 is ``test_run_environment``)."""
    from reports.employer import FOLDER, write_range
    from tests.reports.test_employer_lines import _source

    rows = [(lhnr, "S1", "2026-10", "LOON_ZONDER_ADRES", "VERTROKKEN", "123456782", "N", "V", "1990-01-01", "i",
             "2026-01-01", "2026-09", "NIEUW", None, None, "Bedrijf", None, None, None, None, None, None)
            for lhnr in ("111111111L01", "222222222L01")]
    _, source = _source(tmp_path, rows)
    out = tmp_path / "out"
    out.mkdir()
    previous = os.umask(0)
    try:
        outputs = write_range(source, out, "2026-10", "111111111L01", "222222222L01")
    finally:
        os.umask(previous)
    made = [out / FOLDER, *(out / FOLDER).rglob("*")]
    assert len(outputs) == 4 and len(made) == 7
    assert {p.name: _mode(p) for p in made if p.is_file()} == {"brief.html": 0o600, "registratiesignalen.csv": 0o600}
    assert {_mode(p) for p in made if p.is_dir()} == {0o700}
