"""Profile the match step of one period statement by statement (issue 16).

Usage: ``python -m bench.profile_match INBOX PERIOD --warehouse WH [--staged FILE] [--plans] [--top N]
[--repeat N] [--digest]``.

``WH`` is a warehouse that already holds the periods before PERIOD (a bench's or a run's); it
is copied into ``var/profile-match`` first and never changed. The tool opens the copy the way
a run does (``warehouse.connect`` with the run's engine settings), ingests PERIOD untimed, and
then runs ``transforms.matching.match_period`` ``--repeat`` times on a ``TimedConnection``
(the staged tables loaded again before each repeat: the match consumes them),
printing the seconds per rule and the slowest statements (SQL text only: no person data);
``--plans`` adds DuckDB's JSON profile of every statement and prints its top operators
(CPU seconds summed over threads). No quality gates, no publication, no commit.

``--digest`` prints, after the last match, the rows and checksums of every table the match
leaves for the publication or the warehouse commit (``DIGESTED``) and the figures
``match_period`` returns: two code versions compared A/B on the same staged tables must print
the same lines (the ``effectiveness`` figures depend on the clock only through the 4-week
answer window, which a month published today does not reach).
"""

from __future__ import annotations

import argparse
import hashlib
import json
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
from schemas.catalogue import PUBLISHED
from transforms import matching
from transforms.matching import match_period

ROOT = Path(__file__).resolve().parent.parent
# what publish and commit read of the match: the published tables (quarantine and findings are
# the intake's) and payroll_bsn (→ wh.payroll_months)
DIGESTED = tuple(sorted((set(PUBLISHED) - {"quarantine", "findings"}) | {"payroll_bsn"}))
# tables whose row order is part of the result: created with ORDER BY and committed or read in
# that order (wh.signals takes signals_p's order); the others are compared as sets of rows
ORDERED = ("signals_p", "employer_figures", "risk_feed")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("inbox", type=Path)
    parser.add_argument("period")
    parser.add_argument("--warehouse", type=Path, required=True, help="holds the periods before PERIOD (copied)")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "profile-match")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=1, help="run the match this many times (tables replaced)")
    parser.add_argument("--plans", action="store_true", help="DuckDB's JSON profile of every statement in OUT/plans")
    parser.add_argument("--digest", action="store_true", help="rows and checksums of every table publish or "
                        "commit reads, and the returned figures, after the last match (compare A/B)")
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
    cpu = count_cpu_per_rule()
    source = args.staged
    if args.repeat > 1 and not source:
        source = args.out / "staged-for-repeat.duckdb"
        source.unlink(missing_ok=True)
        copy_tables(con, source, into_temp=False)
    for attempt in range(args.repeat):
        if attempt:  # a run's match consumes the staged inputs (transforms/matching.py): load them again
            copy_tables(con, source, into_temp=True)
        timed.records.clear()
        timings: dict[str, float] = {}
        cpu.clear()
        started, cpu_started = time.perf_counter(), time.process_time()
        figures = match_period(timed, args.period, settings.rules, datetime.now(UTC), timings)
        total, cpu_total = time.perf_counter() - started, time.process_time() - cpu_started
        print(f"\nmatch #{attempt + 1}: {total:.1f} s; " + ", ".join(
            f"{k.removeprefix('match.')} {v:.1f}" for k, v in sorted(timings.items(), key=lambda kv: -kv[1])))
        print(f"match #{attempt + 1} CPU: {cpu_total:.1f} s; " + ", ".join(
            f"{k} {v:.1f}" for k, v in sorted(cpu.items(), key=lambda kv: -kv[1])))
        held, spilled = con.execute("SELECT sum(memory_usage_bytes), sum(temporary_storage_bytes) "
                                    "FROM duckdb_memory()").fetchone()
        print(f"match #{attempt + 1} left for the publication: DuckDB memory {held / 1e9:.2f} GB, "
              f"temporary storage {spilled / 1e9:.2f} GB")
    if args.digest:
        for line in table_digests(con):
            print(line)
        print("digest figures: " + json.dumps(figures, sort_keys=True, default=str))
    ranked = sorted(((s, i, sql) for i, (s, _, sql) in enumerate(timed.records)), reverse=True)[:args.top]
    for s, i, sql in ranked:
        print(f"{s:7.2f} s  #{i:04d}  {sql[:260]}")
        if args.plans:
            print(f"           {top_operators(timed.plans / f'{i:04d}.json')}")


def count_cpu_per_rule() -> dict[str, float]:
    """CPU seconds of this process (every DuckDB thread) per rule, filled while ``match_period``
    runs: on a machine shared with other work the wall time of a rule swings with the load, its
    CPU time much less, so an A/B of two code versions compares both."""
    cpu: dict[str, float] = {}
    call = matching._Clock.__call__

    def counted(clock, name, rule, *args):
        started = time.process_time()
        try:
            return call(clock, name, rule, *args)
        finally:
            cpu[name] = time.process_time() - started

    matching._Clock.__call__ = counted
    return cpu


def table_digests(con) -> list[str]:
    """One line per table of ``DIGESTED``: rows, a checksum of its columns (names and types), an
    order-insensitive checksum of its rows (sum of row hashes) and, for ``ORDERED``, an
    order-sensitive one (each row's hash with its ``rowid``, i.e. its position)."""
    lines = []
    for name in DIGESTED:
        columns = con.execute(f'DESCRIBE "{name}"').fetchall()
        shape = hashlib.sha256(repr([(c[0], c[1]) for c in columns]).encode()).hexdigest()[:12]
        ordered = "sum(hash(t.rowid, t))" if name in ORDERED else "NULL"
        rows, unordered, in_order = con.execute(
            f'SELECT count(*), coalesce(sum(hash(t)), 0), {ordered} FROM "{name}" t').fetchone()
        lines.append(f"digest {name}: {rows} rows, columns {shape}, rows {unordered}"
                     + (f", in order {in_order}" if name in ORDERED else ""))
    return lines


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
