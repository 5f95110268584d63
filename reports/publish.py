"""Render every published file of a period into a folder, then swap it into place.

Write-audit-publish: everything is written into a hidden staging folder next to the
period folder (same file system), the manifest last; only then is the staging folder
renamed to ``<reports>/<YYYY-MM>``. A failed or killed run leaves the previous
publication of that period as it was, and never a half-written file under its name.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb

from feedbackcyclus.faults import pause_point
from feedbackcyclus.settings import LetterSettings
from reports.documents import write_national_report
from reports.employer import write_employer_folders
from reports.inspector import write_inspector_files
from reports.municipality import write_municipality_files
from reports.municipality_summary import write_municipality_summaries
from reports.output import Output
from reports.quality_files import write_quality_files
from reports.signal_list import write_signal_list

STAGING_PREFIX = ".staging-"
OLD_PREFIX = ".old-"


def render_period(con: duckdb.DuckDBPyConnection, root: Path, period: str, report_context: dict,
                  progress: Callable[[str], None] | None = None, *, work_dir: Path, workers: int = 1,
                  letter: LetterSettings | None = None) -> list[Output]:
    """Write all outputs of §5 (except the manifest) under ``root``.

    ``work_dir`` is the run's private temp folder; ``workers`` processes write the employer
    folders (see ``reports.employer``); ``letter`` is the ``[brief]`` section (sender, contact).
    """
    steps = [
        ("signalen.parquet", lambda: [write_signal_list(con, root)]),
        ("kwaliteit", lambda: write_quality_files(con, root)),
        ("gemeenten", lambda: write_municipality_files(con, root)),
        ("samenvattingen", lambda: write_municipality_summaries(
            con, root, period, [o.path.split("/")[1] for o in outputs if o.path.startswith("gemeenten/")], letter)),
        ("werkgevers", lambda: write_employer_folders(con, root, period, work_dir, workers, letter)),
        ("inspectie", lambda: write_inspector_files(con, root)),
        ("rapport.html", lambda: [write_national_report(root, report_context)]),
    ]
    outputs: list[Output] = []
    for label, step in steps:
        if progress:
            progress(f"publiceren: {label}")
        outputs.extend(step())
    return sorted(outputs, key=lambda o: o.path)


def write_manifest(root: Path, manifest: dict) -> None:
    path = root / "manifest.json"
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8")


def staging_dir(reports_root: Path, period: str, run_id: str) -> Path:
    path = reports_root / f"{STAGING_PREFIX}{period}-{run_id}"
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def _flush_to_disk() -> None:
    """Make the staged files durable before they become visible.

    One ``sync()`` instead of an fsync per file: tens of thousands of employer files would
    otherwise cost seconds. (Against a killed process the rename alone is enough; this is
    for a power cut.)
    """
    os.sync()


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux ``renameat2(RENAME_EXCHANGE)``); False if unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def swap_into_place(reports_root: Path, staging: Path, period: str, run_id: str) -> Path:
    """Replace ``<reports>/<period>`` by ``staging`` without a moment in which it is missing.

    Where the kernel and file system can, the two folders are exchanged atomically and the
    old one (now under the staging name) is deleted. Elsewhere: rename the old folder aside,
    rename the new one in; ``recover`` puts the old one back if a crash falls in between.
    """
    _flush_to_disk()
    final = reports_root / period
    if final.exists() and _exchange(staging, final):
        pause_point("swap")
        shutil.rmtree(staging)
        return final
    old = reports_root / f"{OLD_PREFIX}{period}-{run_id}"
    if final.exists():
        final.rename(old)
    pause_point("swap")
    staging.rename(final)
    if old.exists():
        shutil.rmtree(old)
    return final


def recover(reports_root: Path) -> list[str]:
    """Repair what a killed run left behind; returns what was done (for the console).

    A leftover staging folder is deleted. An ``.old-`` folder whose period folder is missing
    (killed between the two renames) is put back: the previous publication stays valid.
    """
    done: list[str] = []
    if not reports_root.is_dir():
        return done
    for entry in sorted(reports_root.iterdir()):
        if entry.name.startswith(STAGING_PREFIX) and entry.is_dir():
            shutil.rmtree(entry)
            done.append(f"onvoltooide publicatie {entry.name} verwijderd")
        elif entry.name.startswith(OLD_PREFIX) and entry.is_dir():
            period = entry.name[len(OLD_PREFIX):len(OLD_PREFIX) + 7]
            final = reports_root / period
            if final.exists():
                shutil.rmtree(entry)
            else:
                entry.rename(final)
                done.append(f"vorige publicatie van {period} teruggezet")
    return done
