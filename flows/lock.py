"""One run at a time per warehouse.

The lock is an ``flock`` on an open descriptor of the warehouse's *folder*, not on a lock
file: a file can be deleted (or replaced) under a running process, after which a second
run would lock a new file and both would publish. A folder that holds the warehouse cannot
be removed while the run uses it, and its descriptor stays the same object whatever
happens to the names inside it. The kernel releases the lock when the holder dies, even
by SIGKILL, so a stale lock of a dead process is simply taken over. Consequence: one run
at a time per warehouse folder (keep two warehouses in two folders).

``<warehouse>.lock`` only tells who has the lock (run id, period, since, pid, host) for the
message the second run gets; deleting it changes nothing. Within one process the lock is
re-entrant (a backfill holds it across its periods).
"""

from __future__ import annotations

import contextlib
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


def active_run_message(warehouse: Path) -> str:
    info = holder(warehouse)
    return (f"another run is active (run_id {info.get('run_id', '?')}, period {info.get('period', '?')}, "
            f"since {info.get('since', '?')}, pid {info.get('pid', '?')}) on {warehouse}; "
            "wait until it has finished")


def _write_holder(warehouse: Path, info: dict) -> None:
    path = lock_path(warehouse)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, json.dumps(info).encode())
    finally:
        os.close(fd)


@contextmanager
def run_lock(warehouse: Path, run_id: str, period: str, on_takeover=None) -> Iterator[None]:
    folder = Path(os.path.abspath(warehouse)).parent
    folder.mkdir(parents=True, exist_ok=True)
    key = str(folder.resolve())
    if key in _held:
        yield
        return
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise RunRefused(active_run_message(warehouse)) from None
    try:
        previous = holder(warehouse)
        if previous.get("pid") and on_takeover:
            on_takeover(f"verlopen slot van run {previous.get('run_id')} (pid {previous.get('pid')}) overgenomen")
        _write_holder(warehouse, {"run_id": run_id, "period": period,
                                  "since": datetime.now(UTC).replace(microsecond=0).isoformat(),
                                  "pid": os.getpid(), "host": socket.gethostname()})
    except BaseException:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
        raise
    _held[key] = fd
    try:
        yield
    finally:
        del _held[key]
        # the folder may have become read-only or full; the flock below is what counts
        with contextlib.suppress(OSError):
            _write_holder(warehouse, {})
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
