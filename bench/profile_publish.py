"""Profile the publish step of one period part by part (issue 16), without re-ingesting.

Usage:
  ``python -m bench.profile_publish prepare INBOX PERIOD [--dir var/profile-publish]``
      runs open → ingest → validate → match of ``PERIOD`` (a new warehouse, no history) exactly
      as a run does, then copies every working table the publish step reads into
      ``DIR/tables.duckdb`` (and the run's inputs, quality results and figures into
      ``DIR/state.json``). A national month takes a few minutes; do it once.
  ``python -m bench.profile_publish time [--dir …] [--only werkgevers] [--keep OUT] [--workers N]``
      opens that snapshot with the run's engine settings, renders the period into a scratch
      folder with ``reports.publish.render_period`` (every part timed, as in a run's
      ``publish.<part>`` timings) with the warehouse write (``warehouse.commit_period`` on a
      scratch copy of the warehouse) done while the employer workers finish, as the run does
      (``--rows-after``: after the render instead, to compare), then times the permission walk
      (``tighten``), ``os.sync()`` and the commit separately. ``--only
      werkgevers`` renders only the employer folders (the quick A/B loop); ``--keep OUT``
      leaves the rendered folder there and writes ``OUT.sha256`` (path and hash of every file),
      so two versions of the code can be compared byte for byte with ``diff``. ``--only
      gemeenten|inspectie|kwaliteit`` renders only that part in this process (no workers), and
      ``--only commit`` times only the warehouse write, statement by statement; ``--cprofile N``
      prints the N most expensive functions (cumulative) of what was timed.

      Without ``--keep`` the scratch folder (~240 000 files and folders at national scale) is
      deleted at the end, and on this disk (ext4 without a journal) file creation is several times
      slower for the next ~6 minutes (docs/performance.md, "Deleted files slow the next
      publication"): for back-to-back timings use ``--keep`` with a new OUT each time and delete
      them all afterwards.

The snapshot holds person data (it is the run's working tables): it lives under the
worktree's ``var/`` like the warehouse, and nothing is printed but timings and counts.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import json
import os
import pstats
import shutil
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from feedbackcyclus import warehouse
from feedbackcyclus.locations import tighten
from feedbackcyclus.settings import load_settings
from flows.context import RunContext, code_version
from reports.employer import FOLDER, write_employer_folders
from reports.inspector import write_inspector_files
from reports.municipality import write_municipality_files
from reports.national import national_context
from reports.publish import _flush_to_disk, render_period
from reports.quality_files import write_quality_files

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / "var" / "profile-publish"


def prepare(inbox: Path, period: str, folder: Path) -> None:
    from flows import steps  # the run's own steps, so the tables are exactly a run's

    folder.mkdir(parents=True, exist_ok=True)
    for stale in ("tables.duckdb", "warehouse.duckdb", "state.json"):
        (folder / stale).unlink(missing_ok=True)
    settings = replace(load_settings(), inbox=inbox, warehouse=folder / "warehouse.duckdb",
                       state_dir=folder / "state", reports=folder / "reports", accept_quality_warnings=True)
    ctx = RunContext(settings, period, progress=lambda line: print(f"  {line}", flush=True))
    started = time.monotonic()
    steps.open_run(ctx)
    inputs = steps.ingest_step(ctx)
    quality = steps.quality_step(ctx, inputs)
    figures = steps.match_step(ctx)
    print(f"ingest + validate + match {time.monotonic() - started:.1f} s", flush=True)
    con = ctx.con
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name IN ('memory', 'temp')").fetchall()]
    con.execute(f"ATTACH '{(folder / 'tables.duckdb').as_posix()}' AS snap")
    for table in tables:
        con.execute(f'CREATE TABLE snap."{table}" AS SELECT * FROM "{table}"')
    con.execute("DETACH snap")
    (folder / "state.json").write_text(json.dumps(
        {"period": period, "inputs": inputs, "quality": quality, "figures": figures, "tables": tables},
        default=str, indent=1))
    steps.close_run(ctx, "profiled")
    print(f"snapshot of {len(tables)} tables in {folder / 'tables.duckdb'}")


def _connect(folder: Path, scratch: Path) -> duckdb.DuckDBPyConnection:
    """The snapshot as working database, the run's engine settings, a scratch warehouse as ``wh``."""
    engine = load_settings().engine
    con = duckdb.connect(":memory:")
    if engine.threads:
        con.execute("SET threads = ?", [int(engine.threads)])
    if engine.memory_limit:
        con.execute("SET memory_limit = ?", [engine.memory_limit])
    con.execute("SET temp_directory = ?", [str(scratch / "duckdb-tmp")])
    con.execute(f"ATTACH '{(folder / 'tables.duckdb').as_posix()}' AS snap (READ_ONLY)")
    con.execute("USE snap")
    shutil.copyfile(folder / "warehouse.duckdb", scratch / "warehouse.duckdb")
    con.execute(f"ATTACH '{(scratch / 'warehouse.duckdb').as_posix()}' AS wh")
    warehouse.create_history_views(con)
    return con


PARTS = {  # --only PART: that part alone, in this process
    "gemeenten": lambda con, out, period: write_municipality_files(con, out, period),
    "inspectie": lambda con, out, period: write_inspector_files(con, out),
    "kwaliteit": lambda con, out, period: write_quality_files(con, out),
}


def time_publish(folder: Path, only: str | None, keep: Path | None, workers: int | None,
                 cprofile: int | None = None, rows_after: bool = False) -> None:
    state = json.loads((folder / "state.json").read_text())
    period = state["period"]
    settings = load_settings()
    scratch = folder / "scratch"
    shutil.rmtree(scratch, ignore_errors=True)
    (scratch / "work").mkdir(parents=True)
    out = scratch / "out"
    out.mkdir()
    con = _connect(folder, scratch)
    workers = workers or settings.engine.publish_workers or os.cpu_count() or 1
    timings: dict[str, float] = {}
    profiler = cProfile.Profile() if cprofile else None
    if profiler:
        profiler.enable()
    started = time.monotonic()
    if only == "commit":
        files = []
        _time_commit(con, period, state["figures"], timings)
    elif only in PARTS:
        cpu = os.times()
        files = PARTS[only](con, out, period)
        timings[f"publish.{only}"] = round(time.monotonic() - started, 3)
        used = os.times()  # this process with DuckDB's threads: the figure a busy machine disturbs least
        timings[f"publish.{only} (CPU s)"] = round(used.user - cpu.user + used.system - cpu.system, 3)
    elif only == "werkgevers":
        files = write_employer_folders(con, out, period, scratch / "work", workers, settings.brief)
        timings["publish.werkgevers"] = round(time.monotonic() - started, 3)
    else:
        context = national_context(con, period, state["inputs"], state["figures"], state["quality"], code_version(),
                                   settings.rules)
        timings["national_context"] = round(time.monotonic() - started, 3)
        # as flows.steps.publish_step: one transaction, the warehouse rows written while the workers finish
        # (``--rows-after``: the warehouse rows after the render instead, as before session 7, to compare)
        con.execute("BEGIN TRANSACTION")
        files = render_period(con, out, period, context, work_dir=scratch / "work", workers=workers,
                              letter=settings.brief, rules=settings.rules, timings=timings,
                              while_waiting=None if rows_after else
                              lambda: _time_period_rows(con, period, state["figures"], timings))
        timings["render (all parts)"] = round(time.monotonic() - started, 3)
        if rows_after:
            _time_period_rows(con, period, state["figures"], timings)
        _time_rest(con, out, timings)
        timings["publish (render to commit)"] = round(time.monotonic() - started, 3)
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(cprofile)
    con.close()
    for part, seconds in timings.items():
        print(f"{seconds:8.2f} s  {part}")
    print(f"{len(files)} files, {workers} worker process(es)")
    if keep:
        shutil.rmtree(keep, ignore_errors=True)
        shutil.move(out, keep)
        lines = sorted(f"{p.relative_to(keep).as_posix()} {hashlib.sha256(p.read_bytes()).hexdigest()}\n"
                       for p in keep.rglob("*") if p.is_file())
        keep.with_name(keep.name + ".sha256").write_text("".join(lines))
        print(f"kept in {keep}; hashes in {keep.name}.sha256")
    shutil.rmtree(scratch, ignore_errors=True)


def _time_commit(con: duckdb.DuckDBPyConnection, period: str, figures: dict, timings: dict[str, float]) -> None:
    """The warehouse write alone, then sync and commit."""
    con.execute("BEGIN TRANSACTION")
    _time_period_rows(con, period, figures, timings)
    _time_rest(con, None, timings)


def _time_period_rows(con: duckdb.DuckDBPyConnection, period: str, figures: dict, timings: dict[str, float]) -> None:
    started = time.monotonic()
    warehouse.commit_period(con, period, "profile", datetime.now(UTC), figures, timings=timings)
    timings["warehouse.commit_period"] = round(time.monotonic() - started, 3)


def _time_rest(con: duckdb.DuckDBPyConnection, out: Path | None, timings: dict[str, float]) -> None:
    """The part of the publish step after rendering (as ``flows.steps``): permissions, sync, commit."""
    if out is not None:
        started = time.monotonic()
        tighten([out], made_private=[out / FOLDER])
        timings["tighten (publish.rechten)"] = round(time.monotonic() - started, 3)
    started = time.monotonic()
    _flush_to_disk()
    timings["os.sync (before the swap)"] = round(time.monotonic() - started, 3)
    started = time.monotonic()
    con.execute("COMMIT")
    timings["COMMIT"] = round(time.monotonic() - started, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    prep = sub.add_parser("prepare")
    prep.add_argument("inbox", type=Path)
    prep.add_argument("period")
    prep.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    timing = sub.add_parser("time")
    timing.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    timing.add_argument("--only", choices=["werkgevers", "commit", *PARTS])
    timing.add_argument("--keep", type=Path)
    timing.add_argument("--workers", type=int)
    timing.add_argument("--cprofile", type=int, metavar="N")
    timing.add_argument("--rows-after", action="store_true",
                        help="write the warehouse rows after the render, not while the employer workers finish")
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(args.inbox, args.period, args.dir)
    else:
        time_publish(args.dir, args.only, args.keep, args.workers, args.cprofile, args.rows_after)


if __name__ == "__main__":
    main()
