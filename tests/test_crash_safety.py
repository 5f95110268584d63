"""A run killed with SIGKILL at any stage leaves every published period intact and readable,
nothing half-written in the period folders, and the next run completes normally."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import make_settings, run_plain
from tests.test_lifecycle_scenario import build_inbox

ROOT = Path(__file__).parent.parent
RUN = """
import sys
from pathlib import Path
from tests.conftest import make_settings, run_plain
root = Path(sys.argv[1])
run_plain(make_settings(root, accept_quality_warnings=True), sys.argv[2])
"""


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def without_manifest(files: dict[str, str]) -> dict[str, str]:
    """Everything but manifest.json (run id and times) is the same for the same inputs."""
    return {k: v for k, v in files.items() if k != "manifest.json"}


def assert_intact(folder: Path, before: dict[str, str]) -> None:
    assert snapshot(folder) == before
    manifest = json.loads((folder / "manifest.json").read_text())
    for out in manifest["outputs"]:
        assert hashlib.sha256((folder / out["path"]).read_bytes()).hexdigest() == out["sha256"]


@pytest.mark.parametrize("stage", ["ingest", "publish", "warehouse-write", "swap", "commit"])
def test_sigkill_at_stage(workdir, stage):
    build_inbox(workdir / "inbox")
    settings = make_settings(workdir, accept_quality_warnings=True)
    for p in ("2026-04", "2026-05"):
        run_plain(settings, p)
    published = {p: snapshot(workdir / "reports" / p) for p in ("2026-04", "2026-05")}

    marker = workdir / "paused"
    env = {**os.environ, "FEEDBACKCYCLUS_PAUSE_AT": stage, "FEEDBACKCYCLUS_PAUSE_FILE": str(marker)}
    proc = subprocess.Popen([sys.executable, "-c", RUN, str(workdir), "2026-05"], cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert proc.poll() is None, "the run ended before reaching the pause point"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()

    for p, before in published.items():
        if p == "2026-05" and stage in ("swap", "commit"):
            # killed after the atomic exchange, before the commit: the new publication is complete
            # and in place until the next run's recover() puts back what the warehouse holds
            after = snapshot(workdir / "reports" / p)
            assert without_manifest(after) == without_manifest(before)
            manifest = json.loads((workdir / "reports" / p / "manifest.json").read_text())
            assert all(hashlib.sha256((workdir / "reports" / p / o["path"]).read_bytes()).hexdigest() == o["sha256"]
                       for o in manifest["outputs"])
        else:
            assert_intact(workdir / "reports" / p, before)
    visible = [e.name for e in (workdir / "reports").iterdir() if not e.name.startswith(".")]
    assert sorted(visible) == ["2026-04", "2026-05"]

    # the next run recovers and completes; the warehouse is consistent with the publication
    result = run_plain(settings, "2026-05")
    assert result["lifecycle"] == {"nieuw": 0, "blijvend": 1, "opgelost": 0}
    con = duckdb.connect(str(workdir / "warehouse.duckdb"), read_only=True)
    held = dict(con.execute("SELECT period, run_id FROM period_figures").fetchall())
    con.close()
    for p in ("2026-04", "2026-05"):
        assert json.loads((workdir / "reports" / p / "manifest.json").read_text())["run_id"] == held[p]
    assert held["2026-05"] == result["run_id"]
    assert sorted(e.name for e in (workdir / "reports").iterdir()) == ["2026-04", "2026-05"]
    assert without_manifest(snapshot(workdir / "reports" / "2026-05")) == without_manifest(published["2026-05"])
