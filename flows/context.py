"""What one run carries from step to step: settings, period, run id, the DuckDB connection.

Steps exchange table names inside this connection, never data frames.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import duckdb

import feedbackcyclus
from feedbackcyclus.settings import Settings


@cache
def code_version() -> str:
    """Package version plus the git commit when run from a checkout."""
    root = Path(__file__).resolve().parent.parent
    try:
        out = subprocess.run(["git", "-C", str(root), "describe", "--always", "--dirty", "--abbrev=12"],
                             capture_output=True, text=True, timeout=5)
        if out.returncode == 0 and out.stdout.strip():
            return f"{feedbackcyclus.__version__}+{out.stdout.strip()}"
    except (OSError, subprocess.SubprocessError):
        pass
    return feedbackcyclus.__version__


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@dataclass
class RunContext:
    settings: Settings
    period: str
    command: str = "run"
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    started_at: datetime = field(default_factory=now)
    con: duckdb.DuckDBPyConnection | None = None
    progress: Callable[[str], None] = lambda message: None
    timings: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        """Record the wall time of a stage (seconds) for the manifest and the benchmark."""
        started = time.monotonic()
        try:
            yield
        finally:
            self.timings[stage] = round(time.monotonic() - started, 3)

    @property
    def tmp_dir(self) -> Path:
        return self.settings.state_dir / "tmp" / self.run_id

    @property
    def pid(self) -> int:
        return os.getpid()

    @property
    def host(self) -> str:
        return socket.gethostname()
