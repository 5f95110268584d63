"""Profile the match step of one period statement by statement (issue 16).

Usage: ``python -m bench.profile_match INBOX PERIOD --warehouse WH [--plans] [--top N] [--repeat N]``.

``WH`` is a warehouse that already holds the periods before PERIOD (a bench's or a run's); it
is copied into ``var/profile-match`` first and never changed. The tool opens the copy the way
a run does (``warehouse.connect`` with the run's engine settings), ingests PERIOD untimed, and
then runs ``transforms.matching.match_period`` ``--repeat`` times on a ``TimedConnection``,
printing the seconds per rule and the slowest statements (SQL text only: no person data);
``--plans`` adds DuckDB's JSON profile of every statement and prints its top operators
(CPU seconds summed over threads). No quality gates, no publication, no commit.
"""

from __future__ import annotations

import argparse
import shutil
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from bench.profile_ingest import TimedConnection, top_operators
from feedbackcyclus import warehouse
from feedbackcyclus.outcome_store import load_outcome_rows
from feedbackcyclus.settings import load_settings
from intake.ingest import ingest_period
from transforms.matching import match_period

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("inbox", type=Path)
    parser.add_argument("period")
    parser.add_argument("--warehouse", type=Path, required=True, help="holds the periods before PERIOD (copied)")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "profile-match")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=1, help="run the match this many times (tables replaced)")
    parser.add_argument("--plans", action="store_true", help="DuckDB's JSON profile of every statement in OUT/plans")
    parser.add_argument("--staged", type=Path, help="keep the ingested tables in this DuckDB file and reuse them "
                        "on the next call (skips the ingest; delete the file after changing the intake)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    copy = args.out / "warehouse-copy.duckdb"
    shutil.copyfile(args.warehouse, copy)
    settings = replace(load_settings(), inbox=args.inbox, warehouse=copy)
    con = warehouse.connect(copy, replace(settings.engine, temp_directory=args.out / "duckdb-tmp"))
    load_outcome_rows(con, [])
    started = time.perf_counter()
    if args.staged and args.staged.exists():
        copy_tables(con, args.staged, into_temp=True)
        print(f"staged tables loaded from {args.staged} in {time.perf_counter() - started:.1f} s", flush=True)
    else:
        ingest_period(con, settings, args.period, args.out / "tmp", lambda line: None)
        print(f"ingest (untimed detail) {time.perf_counter() - started:.1f} s", flush=True)
        if args.staged:
            copy_tables(con, args.staged, into_temp=False)
    timed = TimedConnection(con)
    if args.plans:
        timed.plans = args.out / "plans"
        timed.plans.mkdir(exist_ok=True)
        con.execute("PRAGMA enable_profiling='json'")
    for attempt in range(args.repeat):
        timed.records.clear()
        timings: dict[str, float] = {}
        started = time.perf_counter()
        match_period(timed, args.period, settings.rules, datetime.now(UTC), timings)
        total = time.perf_counter() - started
        print(f"\nmatch #{attempt + 1}: {total:.1f} s; " + ", ".join(
            f"{k.removeprefix('match.')} {v:.1f}" for k, v in sorted(timings.items(), key=lambda kv: -kv[1])))
    ranked = sorted(((s, i, sql) for i, (s, _, sql) in enumerate(timed.records)), reverse=True)[:args.top]
    for s, i, sql in ranked:
        print(f"{s:7.2f} s  #{i:04d}  {sql[:260]}")
        if args.plans:
            print(f"           {top_operators(timed.plans / f'{i:04d}.json')}")


def copy_tables(con, file: Path, *, into_temp: bool) -> None:
    """Save the run's temp tables to ``file``, or load them back from it as temp tables."""
    con.execute(f"ATTACH '{file.as_posix()}' AS staged")
    if into_temp:
        names = [r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'staged'").fetchall()]
        for name in names:
            con.execute(f'CREATE OR REPLACE TEMP TABLE "{name}" AS SELECT * FROM staged."{name}"')
    else:
        names = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE temporary").fetchall()]
        for name in names:
            con.execute(f'CREATE TABLE staged."{name}" AS SELECT * FROM temp."{name}"')
    con.execute("DETACH staged")


if __name__ == "__main__":
    main()
