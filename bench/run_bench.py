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

Progress goes to stderr; the last line on stdout is one JSON object (also written to
``<base>/result.json``); ``definitions`` in it says what each figure means. Without ``--keep``
the run's warehouse and reports and the floor's output are removed afterwards (the inbox cache,
the logs and result.json stay). ``make bench`` runs medium, then national.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR_SQL = Path(__file__).resolve().parent / "floor.sql"
PERIODS = ("2026-09", "2026-10")
SEED = 20261
INPUTS = ("polis", "werkgevers", "brp", "rni")
STAMP = ".bench-inbox.json"

DEFINITIONS = {
    "floor_s": "wall time of the child process running bench/floor.sql (interpreter start included); "
               "the median of floor_runs_s (the floor is cheap enough to repeat, the disk is noisy)",
    "floor_sql_s": "of which DuckDB executing the script",
    "run_wall_s": "wall time of the whole `feedbackcyclus run` child process, temporary Prefect server included",
    "run_s": "run_wall_s minus stages.prefect_startup_s and stages.prefect_shutdown_s "
             "(the temporary Prefect API server a deployed setup does not start per run)",
    "pipeline_s": "ingest + validate + match + publish, as timed by the pipeline (run registry)",
    "ratio": "run_s / floor_s; ratio_wall = run_wall_s / floor_s; ratio_pipeline = pipeline_s / floor_s",
    "peak_rss_mb": "largest resident set of any single process of the run (wait4 ru_maxrss of the child, "
                   "includes reaped descendants such as the Prefect server)",
    "peak_rss_tree_mb": "largest sum of resident sets over the run's process tree, sampled every 0.2 s",
    "rows_per_s": "input rows of the period (manifest inputs.*.rows, summed) / run_s",
    "steps": "seconds (s) and peak RSS of the process tree (peak_rss_mb, sampled) per step of the measured run, "
             "delimited by the child's log lines: per input within ingest, per part within publish",
    "stages": "seconds; ingest/validate/match/publish from the run registry, publish_render (part of publish) "
              "from manifest timings_s; *_s keys measured by this harness from the child's log lines: "
              "cli_start_s (spawn to 'Starting temporary server'), prefect_startup_s (to 'Beginning flow "
              "run'), flow_overhead_s (flow begin to flow end minus the four stages), prefect_shutdown_s "
              "(flow end to process exit)",
}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Child processes: wall time, peak RSS, time-stamped output


def _tree_rss_bytes(root_pid: int) -> int:
    """Sum of the resident sets of ``root_pid`` and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    page = os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/statm", "rb") as fh:
                total += int(fh.read().split()[1]) * page
        except OSError:
            pass
        todo.extend(children.get(pid, ()))
    return total


def measure(cmd: list[str], env: dict, log_path: Path) -> dict:
    """Run ``cmd``; return wall seconds, peak RSS (single process and tree) and time-stamped output."""
    lines: list[tuple[float, str]] = []
    samples: list[tuple[float, int]] = []  # (seconds since start, RSS of the process tree in bytes)
    if hasattr(os, "sync"):
        os.sync()  # no writeback of earlier steps (generation, clean-up) inside the measurement
    started = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, text=True, errors="replace")

    def read() -> None:
        with log_path.open("w") as out:
            for line in proc.stdout:
                at = time.monotonic() - started
                lines.append((at, line.rstrip("\n")))
                out.write(f"{at:9.3f} {line}")

    def sample(stop: threading.Event) -> None:
        while not stop.wait(0.2):
            try:
                samples.append((time.monotonic() - started, _tree_rss_bytes(proc.pid)))
            except Exception:  # /proc missing or process gone: the ru_maxrss figure remains
                return

    stop = threading.Event()
    reader = threading.Thread(target=read, daemon=True)
    sampler = threading.Thread(target=sample, args=(stop,), daemon=True)
    reader.start()
    if Path("/proc").is_dir():
        sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    stop.set()
    reader.join(timeout=30)
    if sampler.is_alive():
        sampler.join(timeout=5)
    if proc.returncode != 0:
        tail = "\n".join(text for _, text in lines[-40:])
        raise SystemExit(f"bench: command failed ({proc.returncode}): {' '.join(cmd)}\n"
                         f"(full output in {log_path})\n{tail}")
    return {"wall_s": round(wall, 3), "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
            "peak_rss_tree_mb": round(max((b for _, b in samples), default=0) / 2**20, 1), "lines": lines,
            "samples": samples}


def steps(lines: list[tuple[float, str]], samples: list[tuple[float, int]], wall: float) -> dict:
    """Where the run's time and memory go: seconds and peak tree RSS (MB) per step.

    Steps follow the child's log lines: ``cli start`` until Prefect starts its temporary
    server, ``prefect startup`` until the flow begins, ``ingest <input>`` per 'inlezen X' line,
    ``validate``/``match`` after the previous task finished, ``publish <part>`` per
    'publiceren: X' line (the last one includes manifest, warehouse commit and folder swap),
    ``flow end`` after the publish task (run registry, artifacts) and ``shutdown`` after the
    flow finished. Steps that do not occur are left out.
    """
    marks: list[tuple[float, str]] = [(0.0, "cli start")]
    for at, text in lines:
        message = text.rsplit(" - ", 1)[-1].strip()
        if "Starting temporary server" in text:
            marks.append((at, "prefect startup"))
        elif message.startswith("inlezen "):
            marks.append((at, "ingest " + message.removeprefix("inlezen ")))
        elif message.startswith("publiceren: "):
            marks.append((at, "publish " + message.removeprefix("publiceren: ")))
        elif "Finished in state" in text and "Task run '" in text:
            task = text.split("Task run '", 1)[1].split("'", 1)[0].rsplit("-", 1)[0]
            following = {"ingest": "validate", "validate": "match", "match": "publish", "publish": "flow end"}
            if task in following:
                marks.append((at, following[task]))
        elif "Finished in state" in text and "Flow run '" in text:
            marks.append((at, "shutdown"))
        elif "Beginning flow run" in text:
            marks.append((at, "flow start"))
    result: dict[str, dict[str, float]] = {}
    for (at, label), (until, _) in zip(marks, [*marks[1:], (wall, "")], strict=True):
        inside = [b for t, b in samples if at <= t <= until]
        before = [b for t, b in samples if t < at][-1:]  # a step shorter than the sampling interval
        peak = max(inside or before or [0])
        step = result.setdefault(label, {"s": 0.0, "peak_rss_mb": 0.0})
        step["s"] = round(step["s"] + until - at, 3)
        step["peak_rss_mb"] = max(step["peak_rss_mb"], round(peak / 2**20, 1))
    return result


def settle(seconds: float = 5.0) -> None:
    """Flush dirty pages and give the disk a moment (discard, writeback) before or after measuring."""
    if hasattr(os, "sync"):
        os.sync()
    time.sleep(seconds)


def first_at(lines: list[tuple[float, str]], *needles: str) -> float | None:
    return next((at for at, text in lines if all(n in text for n in needles)), None)


# ---------------------------------------------------------------------------------------------
# Inbox cache


def inbox_stamp(scale: str, register_format: str = "brp-rni") -> dict:
    generator = ROOT / "sample_data" / "generator.py"
    stamp = {"scale": scale, "seed": SEED, "start": PERIODS[0], "periods": len(PERIODS), "variations": False,
             "generator_sha256": hashlib.sha256(generator.read_bytes()).hexdigest()}
    if register_format != "brp-rni":
        writer = ROOT / "sample_data" / "lo3_writer.py"
        stamp.update(register_format=register_format, writer_sha256=hashlib.sha256(writer.read_bytes()).hexdigest())
    return stamp


def ensure_inbox(scale: str, base: Path, register_format: str = "brp-rni") -> Path:
    inbox = base / ("inbox" if register_format == "brp-rni" else f"inbox-{register_format}")
    stamp = inbox_stamp(scale, register_format)
    names = INPUTS if register_format == "brp-rni" else (*INPUTS[:2], "gbav")
    try:
        if json.loads((inbox / STAMP).read_text()) == stamp and all(
                (inbox / p / f"{name}.csv").exists() for p in PERIODS for name in names):
            log(f"inbox cached in {inbox}")
            return inbox
    except (OSError, ValueError):
        pass
    from sample_data.generator import generate

    log(f"generating the {scale} inbox ({len(PERIODS)} periods, variations=False) into {inbox} (once)")
    started = time.monotonic()
    partial = base / f"{inbox.name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    generate(scale, len(PERIODS), partial, seed=SEED, start=PERIODS[0], variations=False,
             register_format=register_format)
    (partial / STAMP).write_text(json.dumps(stamp))
    if inbox.is_symlink() or inbox.is_file():
        inbox.unlink()
    shutil.rmtree(inbox, ignore_errors=True)
    partial.rename(inbox)
    log(f"generated in {time.monotonic() - started:.1f} s")
    return inbox


# ---------------------------------------------------------------------------------------------
# The floor


def floor_child(period_dir: str, out: str, first_day: str, peildatum: str) -> None:
    """Run in the child process: bench/floor.sql with the paths substituted, nothing else."""
    import duckdb

    sql = FLOOR_SQL.read_text()
    for key, value in {"inbox": period_dir, "out": out, "first_day": first_day, "peildatum": peildatum}.items():
        sql = sql.replace("{" + key + "}", value.replace("'", "''"))
    started = time.monotonic()
    con = duckdb.connect()
    con.execute(sql)
    con.close()
    print(f"floor_sql_s={time.monotonic() - started:.3f}", flush=True)


def machine() -> dict:
    info = {"nproc": os.cpu_count(), "cpu": platform.processor() or platform.machine(), "memory_gib": None,
            "python": platform.python_version()}
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        info["cpu"] = next(line.split(":", 1)[1].strip() for line in cpuinfo.splitlines()
                           if line.startswith("model name"))
        meminfo = Path("/proc/meminfo").read_text()
        kib = next(int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal"))
        info["memory_gib"] = round(kib / 2**20, 1)
    except (OSError, StopIteration):
        pass
    try:
        import duckdb

        info["duckdb"] = duckdb.__version__
    except ImportError:
        pass
    return info


# ---------------------------------------------------------------------------------------------
# The benchmark


def run(scale: str, base: Path, floor_repeat: int, register_format: str = "brp-rni") -> dict:
    from feedbackcyclus.periods import first_day, peildatum

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

    floors = []
    for i in range(1, floor_repeat + 1):
        out = floor_out / str(i)
        out.mkdir()
        log(f"floor {i}/{floor_repeat}: bench/floor.sql in bare DuckDB on {inbox / period}")
        floor = measure([sys.executable, "-m", "bench.run_bench", "--floor-child", str(inbox / period), str(out),
                         first_day(period).isoformat(), peildatum(period).isoformat()], env,
                        logs / f"floor-{i}.log")
        floor["sql_s"] = next((float(text.split("=", 1)[1]) for _, text in floor["lines"]
                               if text.startswith("floor_sql_s=")), None)
        log(f"floor {i}: {floor['wall_s']} s (SQL {floor['sql_s']} s), peak RSS {floor['peak_rss_mb']} MB")
        floors.append(floor)
    floor = sorted(floors, key=lambda f: f["wall_s"])[(len(floors) - 1) // 2]  # the median run
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

    manifest = json.loads((work / "reports" / period / "manifest.json").read_text())
    import duckdb

    con = duckdb.connect(str(work / "warehouse.duckdb"), read_only=True)
    try:  # the registry has the publish time too (the manifest is written during publish)
        registry = json.loads(con.execute("SELECT timings FROM runs WHERE run_id = ?",
                                          [manifest["run_id"]]).fetchone()[0])
    except (duckdb.Error, TypeError) as exc:
        log(f"warning: no timings in the run registry ({exc}); using the manifest's")
        registry = {}
    finally:
        con.close()
    stages = {name: registry.get(name, manifest["timings_s"].get(name))
              for name in ("ingest", "validate", "match", "publish")}
    stages["publish_render"] = manifest["timings_s"].get("publish_render")
    pipeline_s = round(sum(v for k, v in stages.items() if k != "publish_render" and v), 3)

    lines, wall = measured["lines"], measured["wall_s"]
    server_start = first_at(lines, "Starting temporary server")
    flow_begin = first_at(lines, "Beginning flow run")
    flow_end = first_at(lines, "Flow run '", "Finished in state")
    if None in (server_start, flow_begin, flow_end):
        log("warning: Prefect log lines not found; startup/shutdown not separated (run_s = run_wall_s)")
    startup = round(flow_begin - server_start, 3) if server_start is not None and flow_begin is not None else None
    shutdown = round(wall - flow_end, 3) if flow_end is not None else None
    stages.update({
        "cli_start_s": round(server_start, 3) if server_start is not None else None,
        "prefect_startup_s": startup,
        "flow_overhead_s": round(flow_end - flow_begin - pipeline_s, 3) if None not in (flow_begin, flow_end)
        else None,
        "prefect_shutdown_s": shutdown,
    })
    run_s = round(wall - (startup or 0) - (shutdown or 0), 3)

    rows = {name: entry["rows"] for name, entry in manifest["inputs"].items()}
    total_rows = sum(rows.values())
    result = {
        "scale": scale, "register_format": register_format, "period": period, "rows": {**rows, "total": total_rows},
        "floor_s": floor["wall_s"], "floor_sql_s": floor_sql, "floor_runs_s": [f["wall_s"] for f in floors],
        "run_s": run_s, "run_wall_s": wall, "pipeline_s": pipeline_s,
        "ratio": round(run_s / floor["wall_s"], 2), "ratio_wall": round(wall / floor["wall_s"], 2),
        "ratio_pipeline": round(pipeline_s / floor["wall_s"], 2),
        "peak_rss_mb": measured["peak_rss_mb"], "peak_rss_tree_mb": measured["peak_rss_tree_mb"],
        "floor_peak_rss_mb": max(f["peak_rss_mb"] for f in floors),
        "rows_per_s": round(total_rows / run_s), "floor_rows_per_s": round(total_rows / floor["wall_s"]),
        "stages": stages, "steps": steps(lines, measured["samples"], wall),
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("small", "medium", "national"), default="medium")
    parser.add_argument("--keep", action="store_true",
                        help="keep the run's warehouse and reports and the floor's output for inspection")
    parser.add_argument("--base", help="bench folder (default var/bench/<scale>)")
    parser.add_argument("--floor-repeat", type=int, default=None,
                        help="run the floor this many times and take the median (default 3; national 1)")
    parser.add_argument("--register-format", choices=("brp-rni", "gbav"), default="brp-rni",
                        help="registers as brp + rni (default) or as one GBA-V extract (DESIGN.md §3a)")
    parser.add_argument("--floor-child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.floor_child:
        floor_child(*args.floor_child)
        return 0
    suffix = "" if args.register_format == "brp-rni" else f"-{args.register_format}"
    base = Path(args.base or ROOT / "var" / "bench" / f"{args.scale}{suffix}").resolve()
    base.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    # Outputs of an earlier invocation are moved aside now and deleted only after the
    # measurements: on this machine's ext4 (mounted with `discard`) deleting tens of thousands of
    # files slows file creation for a while afterwards, which would be charged to what runs next.
    outputs = [base / "floor-out", base / "run"]
    trash = base / f"trash-{os.getpid()}"
    for folder in outputs:
        if folder.exists():
            trash.mkdir(exist_ok=True)
            folder.rename(trash / folder.name)
    ok = False
    try:
        result = run(args.scale, base, max(1, args.floor_repeat or (1 if args.scale == "national" else 3)),
                     args.register_format)
        (base / "result.json").write_text(json.dumps(result, indent=1) + "\n")
        log(f"measured in {time.monotonic() - started:.0f} s; result in {base / 'result.json'}")
        print(json.dumps(result), flush=True)
        ok = True
    finally:
        # a failed run keeps its outputs (and logs) for diagnosis
        doomed = sorted(base.glob("trash-*")) + (outputs if ok and not args.keep else [])
        if any(folder.exists() for folder in doomed):
            log("removing " + ", ".join(folder.name for folder in doomed if folder.exists()))
            for folder in doomed:
                shutil.rmtree(folder, ignore_errors=True)
            if args.scale != "small":
                settle()  # `make bench` runs the next scale right after this one
    return 0


if __name__ == "__main__":
    sys.exit(main())
