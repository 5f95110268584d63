"""Measure the floor (bench/floor.sql in bare DuckDB) and ``feedbackcyclus run`` side by side.

Usage: ``python -m bench.run_bench --scale {small,medium,national}``. The inbox (two periods,
generated without reader variations so the floor reads plain CSV) is cached under
``var/bench/<scale>/inbox``. The first period is run to create history; the second is timed.
Prints progress on stderr and one JSON line last on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

from feedbackcyclus.periods import first_day, peildatum

ROOT = Path(__file__).resolve().parent.parent
PERIODS = ("2026-09", "2026-10")
FLOOR = """
import sys, duckdb
sql = open(sys.argv[1]).read().format(inbox=sys.argv[2], out=sys.argv[3], first_day=sys.argv[4], peildatum=sys.argv[5])
duckdb.connect().execute(sql)
"""


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def timed(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """Run a command; return (wall seconds, peak RSS in MB of the process tree's largest member)."""
    stats = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-time-{os.getpid()}.txt"
    time_bin = shutil.which("time") if Path("/usr/bin/time").exists() else None
    started = time.monotonic()
    if time_bin:
        proc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", str(stats), *cmd], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        wall = time.monotonic() - started
        rss = int(stats.read_text().strip().splitlines()[-1]) / 1024
    else:
        import resource

        proc = subprocess.run(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        wall = time.monotonic() - started
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-3000:]}")
    return round(wall, 3), round(rss, 1)


def ensure_inbox(scale: str, base: Path) -> Path:
    inbox = base / "inbox"
    if all((inbox / p / "brp.csv").exists() for p in PERIODS):
        log(f"inbox cached in {inbox}")
        return inbox
    log(f"generating the {scale} inbox into {inbox} (once)")
    from sample_data.generator import generate

    shutil.rmtree(inbox, ignore_errors=True)
    generate(scale, len(PERIODS), inbox, start=PERIODS[0], variations=False)
    return inbox


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    mem = next((int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), None) if Path("/proc/meminfo").exists() else None
    return {"cpus": os.cpu_count(), "memory_gib": mem, "cpu": cpu}


def run(scale: str, base: Path) -> dict:
    inbox = ensure_inbox(scale, base)
    period = PERIODS[-1]
    rows = {}
    for name in ("polis", "werkgevers", "brp", "rni"):
        with (inbox / period / f"{name}.csv").open("rb") as fh:
            rows[name] = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 24), b"")) - 1

    floor_out = base / "floor-out"
    shutil.rmtree(floor_out, ignore_errors=True)
    floor_out.mkdir(parents=True)
    log("floor: bare DuckDB")
    floor_s, floor_rss = timed([sys.executable, "-c", FLOOR, str(ROOT / "bench" / "floor.sql"),
                                str(inbox / period), str(floor_out), first_day(period).isoformat(),
                                peildatum(period).isoformat()])
    log(f"floor: {floor_s} s, {floor_rss} MB")

    work = base / "run"
    shutil.rmtree(work, ignore_errors=True)
    env = {**os.environ, "FEEDBACKCYCLUS_STATE_DIR": str(work / "state"), "PREFECT_HOME": str(base / "prefect")}
    env.pop("PREFECT_API_URL", None)
    cli = [str(Path(sys.executable).parent / "feedbackcyclus"), "run", "--inbox", str(inbox), "--reports",
           str(work / "reports"), "--warehouse", str(work / "warehouse.duckdb"), "--accept-quality-warnings"]
    log(f"run {PERIODS[0]} (history, not timed)")
    timed([*cli, "--period", PERIODS[0]], env)
    log(f"run {period} (timed)")
    run_s, run_rss = timed([*cli, "--period", period], env)
    import duckdb

    con = duckdb.connect(str(work / "warehouse.duckdb"), read_only=True)
    stages = json.loads(con.execute("SELECT timings FROM runs WHERE period = ? AND status = 'published' "
                                    "ORDER BY finished_at DESC LIMIT 1", [period]).fetchone()[0])
    con.close()
    render = json.loads((work / "reports" / period / "manifest.json").read_text())["timings_s"]["publish_render"]
    pipeline_s = round(sum(stages.values()), 3)
    stages["publish_render"] = render
    stages["cli_and_prefect_overhead"] = round(run_s - pipeline_s, 3)
    total_rows = sum(rows.values())
    return {
        "scale": scale, "period": period, "rows": rows,
        "floor_s": floor_s, "run_s": run_s, "pipeline_s": pipeline_s,
        "ratio": round(run_s / floor_s, 2), "ratio_pipeline": round(pipeline_s / floor_s, 2),
        "peak_rss_mb": run_rss, "floor_peak_rss_mb": floor_rss,
        "rows_per_s": round(total_rows / pipeline_s) if pipeline_s else None,
        "stages": stages, "machine": machine(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("small", "medium", "national"), default="medium")
    parser.add_argument("--base", help="cache folder (default var/bench/<scale>)")
    args = parser.parse_args(argv)
    base = Path(args.base or ROOT / "var" / "bench" / args.scale).resolve()
    base.mkdir(parents=True, exist_ok=True)
    result = run(args.scale, base)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
