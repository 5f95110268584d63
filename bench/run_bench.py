"""Measure the floor (bench/floor.sql in bare DuckDB) and ``feedbackcyclus run`` side by side.

Usage: ``python -m bench.run_bench --scale {small,medium,national} [--keep] [--base DIR]
[--floor-repeat N] [--register-format {brp-rni,gbav}]``.

``--register-format gbav`` measures the run on the same months with the registers delivered
as one GBA-V extract (DESIGN.md §3a, ``generate --register-format gbav``, cached in
``<base>/inbox-gbav``); the floor still reads the ``brp``/``rni`` shape of those months (it has
no LO3 reader), so the ratio says what reading persoonslijsten costs on top. Default folder:
``var/bench/<scale>-gbav``.

1. The inbox (two periods from 2026-09, generated with ``variations=False`` so every file is
   plain UTF-8 with ';' and ISO dates and the floor can read it as is) is generated once and
   cached in ``var/bench/<scale>/inbox`` with a stamp (scale, seed, periods, generator hash).
2. The floor: ``bench/floor.sql`` with the paths substituted, run by DuckDB's Python API in a
   child process on the second period (3 times and the median for small/medium, once for
   national).
3. ``feedbackcyclus run`` for the first period (history; timed, reported separately), then for
   the second period (the measurement), each as a child process with its own Prefect home and
   FEEDBACKCYCLUS_STATE_DIR under the bench folder.

The parts: ``bench/measure.py`` (child processes, RSS, the sub-steps from the pipeline's progress
lines), ``bench/inbox.py`` (the cached inbox), ``bench/floor.py`` (the floor); this module wires
them, reads the run's stages from the run registry and the manifest (``run_stages``) and writes
the result. Progress goes to stderr; the last line on stdout is one JSON object (also written to
``<base>/result.json``); ``definitions`` in it says what each figure means. Without ``--keep``
the run's warehouse and reports and the floor's output are set aside afterwards (the inbox cache,
the logs and result.json stay; see below). ``make bench`` runs medium, national, medium gbav and national gbav
(each national against its medium for the growth figure).

Nothing is deleted between measurements. This disk is ext4 without a journal, where the kernel
will not hand out an inode number freed in the last 1–6 minutes and scans past every such number
on each file it creates (``recently_deleted`` in ``find_inode_bit``): after a bench's ~1 M
outputs are deleted, creating the next 80 000 employer folders costs ~55 s of system time
instead of ~8 (docs/performance.md, "Deleted files slow the next publication"). So earlier
outputs are renamed into ``<bench folder>/trash/`` (instant) and deleted only by ``--cleanup``, which
``make bench`` runs once at the very end.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from datetime import UTC
from pathlib import Path

from bench.floor import floor_child, measure_floor
from bench.inbox import PERIODS, ensure_inbox
from bench.measure import ROOT, log, machine, measure, settle, steps

DEFINITIONS = {
    "floor_s": "wall time of the child process running bench/floor.sql (interpreter start included); "
               "the median of floor_runs_s (the floor is cheap enough to repeat, the disk is noisy)",
    "floor_sql_s": "of which DuckDB executing the script",
    "run_wall_s": "wall time of the whole `feedbackcyclus run` child process, temporary Prefect server included",
    "run_s": "the run as the run registry times it, from its registration to its close: run_wall_s minus "
             "stages.before_run_s and stages.after_run_s (CLI and temporary Prefect server start-up and "
             "shut-down, which a served deployment does not pay per run); whole seconds (the registry's "
             "timestamps), never below pipeline_s",
    "pipeline_s": "ingest + validate + match + publish, as timed by the pipeline (run registry)",
    "overhead_s": "run_wall_s minus pipeline_s: CLI start, Prefect server start and stop, flow and task "
                  "orchestration, run registry",
    "ratio": "run_s / floor_s; ratio_wall = run_wall_s / floor_s; ratio_pipeline = pipeline_s / floor_s",
    "peak_rss_mb": "largest resident set of any single process of the run (wait4 ru_maxrss of the child, "
                   "includes reaped descendants such as the Prefect server)",
    "peak_rss_tree_mb": "largest sum of resident sets over the run's process tree, sampled every 0.2 s",
    "rows_per_s": "input rows of the period (manifest inputs.*.rows, summed) / run_s",
    "stages": "seconds; ingest/validate/match/publish from the run registry (run_timings), publish_render "
              "(part of publish) from the manifest's timings_s; before_run_s = the registry's started_at minus "
              "the child's start, after_run_s = the child's exit minus the registry's finished_at (wall clock; "
              "the registry keeps whole seconds, so each is exact to 1 s)",
    "steps": "seconds and peak RSS of the process tree (peak_rss_mb, sampled) per input within ingest and per "
             "part within publish; INTERIM (see steps_source) delimited by the pipeline's progress lines "
             "('inlezen X' … 'X: … rijen'; 'publiceren: X' … next line), seconds from the run registry "
             "once it records them (timings ingest.<input>, publish.<part>)",
}
STAGES = ("ingest", "validate", "match", "publish")
TRASH = "trash"  # in a bench folder: outputs waiting for --cleanup


def run_stages(work: Path, period: str, measured: dict) -> tuple[dict, dict, dict]:
    """The measured run's stages from the run registry and the manifest; (stages, manifest, the
    registry's timings)."""
    from feedbackcyclus.settings import EngineSettings
    from feedbackcyclus.warehouse import connect, list_runs, run_timings

    manifest = json.loads((work / "reports" / period / "manifest.json").read_text())
    con = connect(work / "warehouse.duckdb", EngineSettings(), read_only=True)
    try:  # the registry has the publish time too (the manifest is written during publish)
        timings = run_timings(con, manifest["run_id"])
        row = next((r for r in list_runs(con, 1000) if r[0] == manifest["run_id"]), None)
    finally:
        con.close()
    missing = [name for name in STAGES if name not in timings]
    if row is None or missing:
        raise SystemExit(f"bench: the run registry lacks run {manifest['run_id']} or its timings {missing}")
    stages = {name: timings[name] for name in STAGES}
    stages["publish_render"] = manifest["timings_s"].get("publish_render")
    started, finished = (t if t.tzinfo else t.replace(tzinfo=UTC) for t in row[4:6])
    stages["before_run_s"] = round(started.timestamp() - measured["started_epoch"], 3)
    stages["after_run_s"] = round(measured["ended_epoch"] - finished.timestamp(), 3)
    return stages, manifest, timings


def sub_steps(timings: dict, logged: dict) -> tuple[dict, str]:
    """Per-input and per-part seconds, and where they come from: the run registry when it holds
    them (keys ``ingest.<input>``, ``publish.<part>``), else the interim ones from the log lines.
    Peak RSS per step needs the step's place in time, so it stays from the log lines."""
    recorded = {k.replace(".", " ", 1): v for k, v in timings.items() if k.startswith(("ingest.", "match.", "publish."))}
    if not recorded:
        return logged, "log lines (interim: the run registry has no per-input or per-part timings yet)"
    merged = {label: dict(figures) for label, figures in logged.items()}  # steps the registry lacks: log lines
    for label, s in recorded.items():
        merged[label] = {"s": s, **{k: v for k, v in logged.get(label, {}).items() if k != "s"}}
    lacking = sorted(label for label in logged if label not in recorded)
    return merged, ("run registry (seconds); peak_rss_mb from log lines"
                    + (f"; from log lines (interim): {', '.join(lacking)}" if lacking else ""))


def run(scale: str, base: Path, floor_repeat: int, register_format: str = "brp-rni") -> dict:
    inbox = ensure_inbox(scale, base)  # the floor's (and, for brp-rni, the run's) inbox
    run_inbox = inbox if register_format == "brp-rni" else ensure_inbox(scale, base, register_format)
    logs = base / "logs"
    logs.mkdir(exist_ok=True)
    period = PERIODS[-1]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "DO_NOT_TRACK": "1", "GX_ANALYTICS_ENABLED": "false",
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}

    floor_out, work = base / "floor-out", base / "run"
    floor_out.mkdir(parents=True)
    settle(1.0 if scale == "small" else 5.0)

    floor, floors = measure_floor(inbox / period, period, floor_out, logs, env, floor_repeat)
    floor_sql = floor["sql_s"]

    # The CLI with a fresh warehouse and its own Prefect home (a temporary server, never a
    # configured one), state under the bench folder.
    run_env = {**env, "FEEDBACKCYCLUS_STATE_DIR": str(work / "state"), "PREFECT_HOME": str(base / "prefect")}
    for key in ("PREFECT_API_URL", "PREFECT_API_KEY", "PREFECT_PROFILES_PATH"):
        run_env.pop(key, None)
    cli = [str(Path(sys.executable).parent / "feedbackcyclus"), "run", "--inbox", str(run_inbox), "--reports",
           str(work / "reports"), "--warehouse", str(work / "warehouse.duckdb"), "--accept-quality-warnings"]
    log(f"run {PERIODS[0]} (history)")
    history = measure([*cli, "--period", PERIODS[0]], run_env, logs / f"run-{PERIODS[0]}.log")
    log(f"run {PERIODS[0]}: {history['wall_s']} s")
    log(f"run {period} (measured)")
    measured = measure([*cli, "--period", period], run_env, logs / f"run-{period}.log")
    log(f"run {period}: {measured['wall_s']} s, peak RSS {measured['peak_rss_mb']} MB "
        f"(tree {measured['peak_rss_tree_mb']} MB)")

    stages, manifest, timings = run_stages(work, period, measured)
    step_figures, steps_source = sub_steps(timings, steps(measured["lines"], measured["samples"], measured["wall_s"]))
    wall = measured["wall_s"]
    pipeline_s = round(sum(stages[name] for name in STAGES), 3)
    run_s = max(pipeline_s, round(wall - stages["before_run_s"] - stages["after_run_s"], 3))

    rows = {name: entry["rows"] for name, entry in manifest["inputs"].items()}
    total_rows = sum(rows.values())
    result = {
        "scale": scale, "register_format": register_format, "period": period, "rows": {**rows, "total": total_rows},
        "floor_s": floor["wall_s"], "floor_sql_s": floor_sql, "floor_runs_s": [f["wall_s"] for f in floors],
        "run_s": run_s, "run_wall_s": wall, "pipeline_s": pipeline_s, "overhead_s": round(wall - pipeline_s, 3),
        "ratio": round(run_s / floor["wall_s"], 2), "ratio_wall": round(wall / floor["wall_s"], 2),
        "ratio_pipeline": round(pipeline_s / floor["wall_s"], 2),
        "peak_rss_mb": measured["peak_rss_mb"], "peak_rss_tree_mb": measured["peak_rss_tree_mb"],
        "floor_peak_rss_mb": max(f["peak_rss_mb"] for f in floors),
        "rows_per_s": round(total_rows / run_s), "floor_rows_per_s": round(total_rows / floor["wall_s"]),
        "stages": stages, "steps": step_figures, "steps_source": steps_source,
        "history_run_wall_s": history["wall_s"], "history_peak_rss_mb": history["peak_rss_mb"],
        "signals": manifest.get("signals"),
    }
    if register_format == "gbav":  # rows counts persoonslijsten; the extract's lines as well
        result["gbav_lines"] = manifest["inputs"]["gbav"].get("lines")
    if scale == "national":
        result["targets"] = {"ratio_le_1_5": result["ratio"] <= 1.5,
                             "peak_rss_le_6_gib": result["peak_rss_tree_mb"] <= 6 * 1024
                             and result["peak_rss_mb"] <= 6 * 1024}
        medium = base.parent / ("medium" if register_format == "brp-rni" else f"medium-{register_format}") / "result.json"
        if medium.exists():
            before = json.loads(medium.read_text())
            growth = {"rows_x": round(total_rows / before["rows"]["total"], 2),
                      "run_s_x": round(run_s / before["run_s"], 2),
                      "pipeline_s_x": round(pipeline_s / before["pipeline_s"], 2)}
            growth["no_worse_than_linear"] = growth["run_s_x"] <= growth["rows_x"]
            result["growth_from_medium"] = growth
            result["targets"]["growth_no_worse_than_linear"] = growth["no_worse_than_linear"]
    result["machine"] = machine()
    result["definitions"] = DEFINITIONS
    return result


def move_to_trash(folders: list[Path], trash: Path) -> None:
    """Take outputs out of the way without deleting them (a rename frees no inode)."""
    for folder in folders:
        trash.mkdir(parents=True, exist_ok=True)
        folder.rename(trash / f"{folder.name}-{time.time_ns()}")


def empty_trash(bases: list[Path]) -> None:
    """Delete what ``move_to_trash`` set aside in each bench folder; run after the last measurement."""
    for trash in (base / TRASH for base in bases):
        if trash.exists():
            log(f"removing {trash}")
            shutil.rmtree(trash, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("small", "medium", "national"), default="medium")
    parser.add_argument("--keep", action="store_true",
                        help="keep the run's warehouse and reports and the floor's output for inspection")
    parser.add_argument("--base", help="bench folder (default var/bench/<scale>)")
    parser.add_argument("--floor-repeat", type=int, default=None,
                        help="run the floor this many times and take the median (default 3, national included: the disk is noisy)")
    parser.add_argument("--register-format", choices=("brp-rni", "gbav"), default="brp-rni",
                        help="registers as brp + rni (default) or as one GBA-V extract (DESIGN.md §3a)")
    parser.add_argument("--cleanup", action="store_true",
                        help="delete the outputs earlier benches set aside in <bench folder>/trash (every folder under var/bench, or --base), then stop (no measurement)")
    parser.add_argument("--floor-child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.floor_child:
        floor_child(*args.floor_child)
        return 0
    if args.cleanup:
        empty_trash([Path(args.base).resolve()] if args.base else sorted((ROOT / "var" / "bench").glob("*")))
        return 0
    suffix = "" if args.register_format == "brp-rni" else f"-{args.register_format}"
    base = Path(args.base or ROOT / "var" / "bench" / f"{args.scale}{suffix}").resolve()
    base.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    trash = base / TRASH
    outputs = [base / "floor-out", base / "run"]
    move_to_trash([folder for folder in outputs if folder.exists()], trash)
    ok = False
    try:
        result = run(args.scale, base, max(1, args.floor_repeat or 3),
                     args.register_format)
        (base / "result.json").write_text(json.dumps(result, indent=1) + "\n")
        log(f"measured in {time.monotonic() - started:.0f} s; result in {base / 'result.json'}")
        print(json.dumps(result), flush=True)
        ok = True
    finally:
        # a failed run keeps its outputs (and logs) for diagnosis
        if ok and not args.keep:
            move_to_trash([folder for folder in outputs if folder.exists()], trash)
        if trash.exists():
            log(f"outputs set aside in {trash}; `python -m bench.run_bench --cleanup` deletes them "
                "(`make bench` does at the end)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
