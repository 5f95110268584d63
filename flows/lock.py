"""One run at a time per warehouse.

The lock is an ``flock`` on ``<warehouse>.lock``: the kernel releases it when the holder
dies, even by SIGKILL, so a stale lock of a dead process is simply taken over. The file
also holds who has it (run id, period, since, pid, host) for the message the second run
gets. Within one process the lock is re-entrant (a backfill holds it across its periods).
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from feedbackcyclus.errors import RunRefused

_held: dict[str, int] = {}


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


def holder(warehouse: Path) -> dict:
    """Who holds (or last held) the lock; empty when unknown."""
    try:
        return json.loads(lock_path(warehouse).read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}


@contextmanager
def run_lock(warehouse: Path, run_id: str, period: str, on_takeover=None) -> Iterator[None]:
    key = str(warehouse.resolve())
    if key in _held:
        yield
        return
    path = lock_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        info = holder(warehouse)
        raise RunRefused(
            f"another run is active (run_id {info.get('run_id', '?')}, period {info.get('period', '?')}, "
            f"since {info.get('since', '?')}, pid {info.get('pid', '?')}) on {warehouse}; "
            "wait until it has finished") from None
    previous = holder(warehouse)
    if previous.get("pid") and on_takeover:
        on_takeover(f"verlopen slot van run {previous.get('run_id')} (pid {previous.get('pid')}) overgenomen")
    info = {"run_id": run_id, "period": period, "since": datetime.now(UTC).replace(microsecond=0).isoformat(),
            "pid": os.getpid(), "host": socket.gethostname()}
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps(info).encode(), 0)
    os.fsync(fd)
    _held[key] = fd
    try:
        yield
    finally:
        del _held[key]
        os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
