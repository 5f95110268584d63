"""Measuring a child process: wall time, peak RSS (one process and the whole tree), its output
time-stamped line by line, and the steps and Prefect stages read from that output.

Why from the output: the temporary Prefect server's start-up and shut-down and the per-input
and per-part steps are only visible in the child's log lines (the run registry holds the four
pipeline stages, which ``run_bench`` takes from there). The needles are the log texts of the
pipeline ('inlezen X', 'publiceren: X') and of Prefect ('Starting temporary server',
'Beginning flow run', "Task run '…' Finished in state", "Flow run '…' Finished in state").
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)



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
            except (OSError, ValueError, IndexError):  # /proc missing or process gone: the ru_maxrss figure remains
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


def prefect_stages(lines: list[tuple[float, str]], wall: float, pipeline_s: float) -> dict:
    """The harness-measured stages (seconds) around the pipeline, from the child's log lines:
    ``cli_start_s``, ``prefect_startup_s``, ``flow_overhead_s``, ``prefect_shutdown_s`` (``None``
    when a line is missing)."""
    server_start = first_at(lines, "Starting temporary server")
    flow_begin = first_at(lines, "Beginning flow run")
    flow_end = first_at(lines, "Flow run '", "Finished in state")
    if None in (server_start, flow_begin, flow_end):
        log("warning: Prefect log lines not found; startup/shutdown not separated (run_s = run_wall_s)")
    startup = round(flow_begin - server_start, 3) if server_start is not None and flow_begin is not None else None
    shutdown = round(wall - flow_end, 3) if flow_end is not None else None
    return {
        "cli_start_s": round(server_start, 3) if server_start is not None else None,
        "prefect_startup_s": startup,
        "flow_overhead_s": round(flow_end - flow_begin - pipeline_s, 3) if None not in (flow_begin, flow_end)
        else None,
        "prefect_shutdown_s": shutdown,
    }


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

