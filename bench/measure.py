"""Measuring a child process: wall time (and the wall clock at its start and end), peak RSS
(one process and the whole tree), its output time-stamped line by line.

The run's stages come from structured sources (``run_bench``: the run registry and the
manifest). One thing still comes from the child's output, until the registry records it:
the sub-steps within ingest (per input) and publish (per part), with the peak RSS of each
(``steps``). Their needles are the pipeline's own progress messages ('inlezen X', 'X: …
rijen', 'publiceren: X'), not Prefect's log texts.
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
    started, started_epoch = time.monotonic(), time.time()
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
    wall, ended_epoch = time.monotonic() - started, time.time()
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
            "samples": samples, "started_epoch": started_epoch, "ended_epoch": ended_epoch}


def step_marks(lines: list[tuple[float, str]]) -> list[tuple[str, float, float]]:
    """(label, start, end) of the sub-steps the pipeline announces in its output.

    ``ingest <input>`` runs from 'inlezen <input>' to its summary line '<input>: … rijen';
    ``publish <part>`` from 'publiceren: <part>' to the next part, the last one to the next
    line of output whatever it says (so it includes the quality page, the manifest, the
    warehouse commit and the folder swap). The message is the text after the last ' - '.
    """
    spans: list[tuple[str, float, float]] = []
    ingest: tuple[str, float] | None = None
    part: tuple[str, float] | None = None
    for at, text in lines:
        message = text.rsplit(" - ", 1)[-1].strip()
        if part is not None:  # any line ends the running part; a new one may start here
            spans.append((f"publish {part[0]}", part[1], at))
            part = None
        if message.startswith("inlezen "):
            ingest = (message.removeprefix("inlezen "), at)
        elif ingest is not None and message.startswith(f"{ingest[0]}: "):
            spans.append((f"ingest {ingest[0]}", ingest[1], at))
            ingest = None
        elif message.startswith("publiceren: "):
            part = (message.removeprefix("publiceren: "), at)
    return spans


def steps(lines: list[tuple[float, str]], samples: list[tuple[float, int]], wall: float) -> dict:
    """Seconds and peak RSS of the process tree (MB, sampled) per sub-step (``step_marks``)."""
    result: dict[str, dict[str, float]] = {}
    for label, at, until in step_marks(lines):
        inside = [b for t, b in samples if at <= t <= until]
        before = [b for t, b in samples if t < at][-1:]  # a step shorter than the sampling interval
        step = result.setdefault(label, {"s": 0.0, "peak_rss_mb": 0.0})
        step["s"] = round(step["s"] + until - at, 3)
        step["peak_rss_mb"] = max(step["peak_rss_mb"], round(max(inside or before or [0]) / 2**20, 1))
    return result


def settle(seconds: float = 5.0) -> None:
    """Flush dirty pages and give the disk a moment (discard, writeback) before or after measuring."""
    if hasattr(os, "sync"):
        os.sync()
    time.sleep(seconds)


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

