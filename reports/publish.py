"""Render every published file of a period into a folder, then swap it into place.

Write-audit-publish: everything is written into a hidden staging folder next to the
period folder (same file system), the manifest last; only then is the staging folder
swapped with ``<reports>/<YYYY-MM>``. A failed or killed run leaves the previous
publication of that period as it was, and never a half-written file under its name.

Publication and warehouse must agree in every failure order (the next month's lifecycle
is computed from the warehouse). The run therefore swaps the folder *inside* the warehouse
transaction and commits only after a successful swap (``flows.steps.publish_step``): a
failed swap rolls the transaction back, a failed commit swaps the folders back
(``Swap.undo``). A run killed between swap and commit leaves a folder the warehouse does
not know; ``recover`` (at the start of the next run) puts back whichever folder carries the
run id the warehouse holds for that period.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from feedbackcyclus.faults import fail_point, pause_point
from feedbackcyclus.settings import LetterSettings, RuleSettings
from reports.documents import write_national_report
from reports.employer import start_employer_folders
from reports.inspector import write_inspector_files
from reports.municipality import write_municipality_files
from reports.municipality_summary import write_municipality_summaries
from reports.output import Output
from reports.quality_files import write_quality_files
from reports.signal_list import write_signal_list

STAGING_PREFIX = ".staging-"
OLD_PREFIX = ".old-"
PERIOD_LEN = len("YYYY-MM")


def render_period(con: duckdb.DuckDBPyConnection, root: Path, period: str, report_context: dict,
                  progress: Callable[[str], None] | None = None, *, work_dir: Path, workers: int = 1,
                  letter: LetterSettings | None = None, rules: RuleSettings | None = None,
                  timings: dict[str, float] | None = None,
                  while_waiting: Callable[[], object] | None = None) -> list[Output]:
    """Write all outputs of §5 (except the manifest) under ``root``.

    ``work_dir`` is the run's private temp folder; ``workers`` processes write the employer
    folders (see ``reports.employer``); ``letter`` is the ``[brief]`` section (sender, contact);
    ``rules`` the thresholds the texts name; ``timings`` receives the seconds of each part
    (``publish.<part>``, for the manifest, the run registry and the bench).

    The employer folders (~80 000 nationally) are started first and written by the worker
    processes while this process renders the other parts, so both cores stay busy; their
    ``publish.werkgevers`` is the time from their start until the last worker finished
    (overlapping the other parts), ``publish.werkgevers.wacht`` the part of it this process
    only waited. Every file's bytes depend only on its own rows: the order changes nothing.
    ``while_waiting`` (the publish step's warehouse write) runs in this process after its own
    parts, while the workers may still be writing: time this process would otherwise only wait.
    """
    def timed(label: str, step: Callable[[], object]) -> object:
        if progress:
            progress(f"publiceren: {label}")
        started = time.monotonic()
        result = step()
        if timings is not None:
            timings[f"publish.{label}"] = round(time.monotonic() - started, 3)
        return result

    outputs: list[Output] = []
    employers_started = time.monotonic()
    employers = timed("werkgevers", lambda: start_employer_folders(con, root, period, work_dir, workers, letter))
    try:
        steps = [
            ("signalen.parquet", lambda: [write_signal_list(con, root)]),
            ("kwaliteit", lambda: write_quality_files(con, root)),
            ("gemeenten", lambda: write_municipality_files(con, root, period)),
            ("samenvattingen", lambda: write_municipality_summaries(
                con, root, period, [o.path.split("/")[1] for o in outputs if o.path.startswith("gemeenten/")],
                letter, rules)),
            ("inspectie", lambda: write_inspector_files(con, root)),
            ("rapport.html", lambda: [write_national_report(root, report_context)]),
        ]
        for label, step in steps:
            outputs.extend(timed(label, step))
        if while_waiting is not None:
            while_waiting()
        waited = time.monotonic()
        outputs.extend(employers.wait())
    except BaseException:
        employers.stop()
        raise
    if timings is not None:
        timings["publish.werkgevers"] = round(time.monotonic() - employers_started, 3)
        timings["publish.werkgevers.wacht"] = round(time.monotonic() - waited, 3)
    return sorted(outputs, key=lambda o: o.path)


def staging_dir(reports_root: Path, period: str, run_id: str) -> Path:
    path = reports_root / f"{STAGING_PREFIX}{period}-{run_id}"
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True, mode=0o700)
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


@dataclass
class Swap:
    """A period folder swapped into place.

    ``previous`` is where the old publication now is, or — when there was none — an empty
    marker folder, so that ``recover`` can tell a folder of a run that never committed.
    """

    final: Path
    previous: Path
    had_previous: bool

    def finish(self) -> None:
        """The warehouse committed: the old publication (or the marker) goes."""
        if self.previous.exists():
            shutil.rmtree(self.previous)

    def undo(self) -> None:
        """The warehouse did not commit: put the old publication back (or none, if there was none)."""
        if self.had_previous and _exchange(self.previous, self.final):
            shutil.rmtree(self.previous)
            return
        aside = self.final.with_name(f"{STAGING_PREFIX}{self.final.name}-undo")
        if self.final.exists():
            self.final.rename(aside)
        if self.had_previous:
            self.previous.rename(self.final)
        else:
            shutil.rmtree(self.previous, ignore_errors=True)
        shutil.rmtree(aside, ignore_errors=True)


def swap_into_place(reports_root: Path, staging: Path, period: str, run_id: str) -> Swap:
    """Put ``staging`` at ``<reports>/<period>`` without a moment in which it is missing.

    Where the kernel and file system can, the two folders are exchanged atomically (the old
    one is then under the staging name). Elsewhere: rename the old folder aside, rename the
    new one in. The old one is kept until ``Swap.finish`` (or restored by ``Swap.undo``).
    """
    _flush_to_disk()
    fail_point("swap", staging)
    final = reports_root / period
    if final.exists() and _exchange(staging, final):
        pause_point("swap")
        return Swap(final, staging, had_previous=True)
    old = reports_root / f"{OLD_PREFIX}{period}-{run_id}"
    had_previous = final.exists()
    if had_previous:
        final.rename(old)
    else:
        old.mkdir(mode=0o700)  # marker: this run put the period folder there
    try:
        staging.rename(final)
    except OSError:
        if had_previous:
            old.rename(final)
        else:
            old.rmdir()
        raise
    pause_point("swap")
    return Swap(final, old, had_previous)


def manifest_run_id(folder: Path) -> str | None:
    try:
        return json.loads((folder / "manifest.json").read_text(encoding="utf-8")).get("run_id")
    except (OSError, ValueError, AttributeError):
        return None


def recover(reports_root: Path, published_run: Callable[[str], str | None] = lambda period: None) -> list[str]:
    """Repair what a killed run left behind; returns what was done (for the console).

    ``published_run(period)`` is the run id the warehouse holds for a period. For every
    period with leftover folders, the folder carrying that run id ends up at
    ``<reports>/<period>``; a folder swapped in by a run that never committed is taken away
    again (put back the previous one, or none if there was none). Other leftovers go.
    """
    done: list[str] = []
    if not reports_root.is_dir():
        return done
    leftovers: dict[str, list[Path]] = {}
    for entry in sorted(reports_root.iterdir()):
        for prefix in (STAGING_PREFIX, OLD_PREFIX):
            if entry.name.startswith(prefix) and entry.is_dir():
                leftovers.setdefault(entry.name[len(prefix):len(prefix) + PERIOD_LEN], []).append(entry)
    for period, entries in leftovers.items():
        final = reports_root / period
        restore = _folder_to_restore(final, entries, published_run(period))
        if restore is not None:
            replacement, why = restore
            _put_in_place(final, replacement)
            entries = [e for e in entries if e != replacement]
            done.append(f"publicatie van {period}: {why}")
        for entry in entries:
            if entry.exists():
                shutil.rmtree(entry)
                done.append(f"onvoltooide publicatie {entry.name} verwijderd")
    return done


def _folder_to_restore(final: Path, entries: list[Path], want: str | None) -> tuple[Path | None, str] | None:
    """Which leftover must become ``final`` (None as folder: ``final`` must go); None: keep ``final``."""
    current = manifest_run_id(final) if final.exists() else None
    runs = {e: manifest_run_id(e) for e in entries}
    if want is not None:
        if current == want:
            return None
        match = next((e for e, r in runs.items() if r == want), None)
        return (match, f"teruggezet naar run {want}, die het warehouse bevat") if match else None
    if final.exists() and _from_crashed_run(current, entries):
        earlier = next((e for e, r in runs.items() if r is not None and r != current), None)
        return earlier, "publicatie van een run die het warehouse niet vastlegde teruggedraaid"
    if not final.exists():
        earlier = next((e for e, r in runs.items() if r is not None and e.name.startswith(OLD_PREFIX)), None)
        return (earlier, "vorige publicatie teruggezet") if earlier else None
    return None


def _from_crashed_run(run_id: str | None, entries: list[Path]) -> bool:
    """Whether the period folder was put there by the run that left ``entries`` behind."""
    return run_id is not None and any(e.name.endswith(f"-{run_id}") for e in entries)


def _put_in_place(final: Path, replacement: Path | None) -> None:
    """``replacement`` becomes ``final`` (None: ``final`` goes); whatever was at ``final`` is deleted."""
    if final.exists():
        if replacement is not None and _exchange(replacement, final):
            shutil.rmtree(replacement)
            return
        aside = final.with_name(f"{STAGING_PREFIX}{final.name}-recover")
        final.rename(aside)
        shutil.rmtree(aside)
    if replacement is not None:
        replacement.rename(final)
