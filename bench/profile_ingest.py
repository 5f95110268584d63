"""Profile the ingest of one period statement by statement (issue 16).

Usage: ``python -m bench.profile_ingest INBOX PERIOD [--memory-limit 4GB] [--top N]``.

Runs ``intake.ingest.ingest_period`` on a fresh in-memory DuckDB with the engine settings a
run uses (memory limit, temp directory under ``var/profile``) and records the wall time of
every SQL statement. Prints per input the total and the slowest statements (their first
characters only: the SQL text holds no person data, but it is long) and writes all of them
to ``var/profile/statements-<period>.json``. No run registry, no warehouse, no publication:
ingest only.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace
from pathlib import Path

import duckdb

from feedbackcyclus.periods import peildatum
from feedbackcyclus.settings import load_settings
from intake import source_files
from intake.edge_scan import EdgeScans
from intake.ingest import GBAV, csv_inputs, ingest_gbav, ingest_input, ingest_period
from schemas.rules import RuleInputs

ROOT = Path(__file__).resolve().parent.parent


class TimedConnection:
    """A DuckDB connection that records (seconds, current label, SQL) of every ``execute``."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con
        self.label = "start"
        self.records: list[tuple[float, str, str]] = []

    plans: Path | None = None  # write DuckDB's profile (JSON) of every statement here

    def execute(self, sql, *args, **kwargs):
        if self.plans:
            self._con.execute(f"PRAGMA profiling_output='{self.plans / f'{len(self.records):04d}.json'}'")
        started = time.perf_counter()
        self._con.execute(sql, *args, **kwargs)
        self.records.append((time.perf_counter() - started, self.label, " ".join(str(sql).split())))
        return self

    def fetchone(self):
        return self._con.fetchone()

    def fetchall(self):
        return self._con.fetchall()

    def pl(self):
        return self._con.pl()

    def __getattr__(self, name):
        return getattr(self._con, name)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("inbox", type=Path)
    parser.add_argument("period")
    parser.add_argument("--memory-limit", default="4GB")
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "profile")
    parser.add_argument("--input", help="only this input (polis, werkgevers, brp, rni or gbav)")
    parser.add_argument("--plans", action="store_true", help="DuckDB's JSON profile of every statement in OUT/plans")
    parser.add_argument("--digest", action="store_true",
                        help="print rows and an order-sensitive checksum of every table the ingest leaves "
                             "(staged, quarantine, findings, conflicts): two code versions compared A/B must agree")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    settings = replace(load_settings(), inbox=args.inbox)
    con = duckdb.connect(":memory:")
    con.execute("SET memory_limit = ?", [args.memory_limit])
    con.execute("SET temp_directory = ?", [str(args.out / "duckdb-tmp")])
    timed = TimedConnection(con)
    if args.plans:
        timed.plans = args.out / "plans"
        timed.plans.mkdir(exist_ok=True)
        con.execute("PRAGMA enable_profiling='json'")
    marks: list[tuple[float, str]] = []
    started = time.perf_counter()

    def progress(line: str) -> None:
        marks.append((time.perf_counter() - started, line))
        if line.startswith("inlezen "):
            timed.label = line.split()[1]
        print(f"{time.perf_counter() - started:8.1f} s  {line}", flush=True)

    tmp = args.out / "tmp"
    tmp.mkdir(exist_ok=True)
    if args.input:
        progress(f"inlezen {args.input}")
        inputs = RuleInputs.of(settings.quality, peildatum(args.period))
        period_dir = args.inbox / args.period
        if args.input == GBAV:
            ingest_gbav(timed, source_files.locate(period_dir, GBAV), inputs, tmp)
        else:  # with the edge scan a run makes (``ingest_period``), so the read trims what a run's does
            ingest_input(timed, period_dir, args.input, inputs, tmp,
                         edges=EdgeScans(csv_inputs(period_dir, [args.input])))
    else:
        ingest_period(timed, settings, args.period, tmp, progress)
    total = time.perf_counter() - started
    by_input: dict[str, float] = {}
    for s, label, _ in timed.records:
        by_input[label] = by_input.get(label, 0.0) + s
    print(f"\ningest {total:.1f} s; SQL per input: " + ", ".join(f"{k} {v:.1f} s" for k, v in by_input.items()))
    for label in by_input:
        rows = sorted(((s, i, sql) for i, (s, lab, sql) in enumerate(timed.records) if lab == label),
                      reverse=True)[:args.top]
        print(f"\n== {label}")
        for s, i, sql in rows:
            print(f"{s:7.2f} s  #{i:04d}  {sql[:230]}")
    (args.out / f"statements-{args.period}.json").write_text(json.dumps(
        [{"s": round(s, 3), "input": label, "sql": sql} for s, label, sql in timed.records], indent=1))
    if args.digest:
        for name, rows, digest in table_digests(con):
            print(f"digest {name}: {rows} rows, {digest}")
    if args.plans:
        for i, (s, _, _) in enumerate(timed.records):
            if s >= 1.0:
                print(f"\n#{i:04d} {s:.1f} s: {top_operators(timed.plans / f'{i:04d}.json')}")


def table_digests(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int, int]]:
    """``(table, rows, checksum)`` of every table the ingest left: the sum of a hash of each
    row together with its ``rowid`` (so row order, i.e. line numbers, counts too), except for
    the BSN sets (``conflicts_*``, ``excluded_bsn``), made by ``DISTINCT`` in no particular order."""
    names = [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE regexp_matches(table_name, "
        "'^(stg|quarantine|findings|conflicts|excluded)_|^(quarantine|findings|excluded_bsn)$') "
        "ORDER BY 1").fetchall()]
    def row_hash(name: str) -> str:
        return "hash(t)" if name.startswith(("conflicts_", "excluded")) else "hash(t.rowid, t)"

    return [(n, *con.execute(f'SELECT count(*), coalesce(sum({row_hash(n)}), 0) FROM "{n}" t').fetchone())
            for n in names]


def top_operators(plan: Path, n: int = 5) -> str:
    """The ``n`` operators with the largest timing in one DuckDB JSON profile (CPU seconds
    summed over threads), with their row counts."""
    def walk(node):
        yield node
        for child in node.get("children", []):
            yield from walk(child)
    try:
        nodes = list(walk(json.loads(plan.read_text())))
    except (OSError, ValueError):
        return "(no profile)"
    nodes.sort(key=lambda x: -x.get("operator_timing", 0))
    return "; ".join(f"{x.get('operator_name') or x.get('operator_type')} {x.get('operator_timing', 0):.1f} s "
                     f"({x.get('operator_cardinality')} rows)" for x in nodes[:n])


if __name__ == "__main__":
    main()
