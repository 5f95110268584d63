"""Time the GBA-V read of one period and fingerprint what it leaves (issue 16, helper G).

Usage: ``python -m bench.gbav_fingerprint INBOX PERIOD [--work DIR] > result.json``, then
``python -m bench.gbav_fingerprint --compare A.json B.json``.

Runs ``intake.ingest.ingest_gbav`` alone on a fresh in-memory DuckDB with a run's engine
settings (memory limit, temp directory on disk) and prints one JSON object: the seconds, the
manifest entry and, per table it leaves, the row count with the xor and the sum of a hash per
row (staged registers with their row id, so their order counts; quarantine, findings and
conflicts as sets). To A/B two versions of the code, run this file against each checkout
back to back (``PYTHONPATH=<checkout> python bench/gbav_fingerprint.py …``; the checkout's
``intake`` is then imported) and compare: equal fingerprints mean the same rows in
the same order, the same quarantine, findings and conflicts, the same line numbers. Prints no
row content.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

import duckdb

from feedbackcyclus.periods import peildatum
from feedbackcyclus.settings import load_settings
from intake import source_files
from intake.ingest import GBAV, ingest_gbav
from schemas.rules import RuleInputs

ROOT = Path(__file__).resolve().parent.parent
ORDERED = ("stg_brp", "stg_rni")
AS_SETS = ("quarantine_brp", "quarantine_rni", "quarantine_gbav", "findings_brp", "findings_rni",
           "conflicts_brp", "conflicts_rni", "conflicts_gbav")


def fingerprints(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    prints = {}
    for table in ORDERED + AS_SETS:
        names = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] != "idx"]
        row = ", ".join(["rowid"] * (table in ORDERED) + [f'"{n}"' for n in names])
        prints[table] = [str(x) for x in con.execute(
            f"SELECT count(*), bit_xor(hash({row})), sum(hash({row}) % 1000003) FROM {table}").fetchone()]
    return prints


def measure(inbox: Path, period: str, work: Path, memory_limit: str) -> dict:
    shutil.rmtree(work, ignore_errors=True)
    (work / "tmp").mkdir(parents=True)
    con = duckdb.connect(":memory:")
    con.execute("SET memory_limit = ?", [memory_limit])
    con.execute("SET temp_directory = ?", [str(work / "duckdb-tmp")])
    inputs = RuleInputs.of(load_settings().quality, peildatum(period))
    started = time.perf_counter()
    report = ingest_gbav(con, source_files.locate(inbox / period, GBAV), inputs, work / "tmp")
    seconds = time.perf_counter() - started
    result = {"ingest_gbav_s": round(seconds, 1), "report": report.as_manifest(), "prints": fingerprints(con)}
    con.close()
    shutil.rmtree(work, ignore_errors=True)
    return result


def compare(a: Path, b: Path) -> int:
    left, right = json.loads(a.read_text()), json.loads(b.read_text())
    differ = [k for k in left["prints"].keys() | right["prints"].keys()
              if left["prints"].get(k) != right["prints"].get(k)]
    report = [k for k in left["report"].keys() | right["report"].keys()
              if k != "path" and left["report"].get(k) != right["report"].get(k)]
    print(f"seconds {left['ingest_gbav_s']} / {right['ingest_gbav_s']}; tables differing: {sorted(differ)}; "
          f"manifest fields differing: {sorted(report)}")
    return 1 if differ or report else 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("inbox", type=Path, nargs="?")
    parser.add_argument("period", nargs="?")
    parser.add_argument("--work", type=Path, default=ROOT / "var" / "gbav-fingerprint")
    parser.add_argument("--memory-limit", default="4GB")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("A", "B"))
    args = parser.parse_args()
    if args.compare:
        sys.exit(compare(*args.compare))
    if not (args.inbox and args.period):
        parser.error("INBOX and PERIOD, or --compare A B")
    print(json.dumps(measure(args.inbox, args.period, args.work, args.memory_limit), sort_keys=True))


if __name__ == "__main__":
    main()
