"""Issue 11 items 3 and 7: the warehouse and the published folder agree in every failure order.

The swap happens inside the warehouse transaction and the commit after it; a failed swap
rolls back, a failed commit swaps back, a kill in between is repaired by ``recover``. A full
disk says so, names the folder, and leaves no staging folder behind (exit 2).
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from feedbackcyclus.errors import DiskFull
from reports.publish import recover
from tests.conftest import cli_args, make_settings, run_plain
from tests.security.helpers import P1, P2, tiny_inbox, tree_digest

ROOT = Path(__file__).parent.parent.parent
RUN = """
import sys
from pathlib import Path
from tests.conftest import make_settings, run_plain
root = Path(sys.argv[1])
run_plain(make_settings(root, accept_quality_warnings=True), sys.argv[2])
"""


def warehouse_run(root: Path, period: str) -> str | None:
    con = duckdb.connect(str(root / "warehouse.duckdb"), read_only=True)
    row = con.execute("SELECT run_id FROM period_figures WHERE period = ?", [period]).fetchone()
    con.close()
    return row[0] if row else None


def folder_run(root: Path, period: str) -> str | None:
    path = root / "reports" / period / "manifest.json"
    return json.loads(path.read_text(encoding="utf-8"))["run_id"] if path.exists() else None


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "reports").iterdir() if p.name.startswith("."))


@pytest.fixture
def published(workdir):
    tiny_inbox(workdir / "inbox")
    settings = make_settings(workdir, accept_quality_warnings=True)
    run_plain(settings, P1)
    return workdir, settings


@pytest.mark.parametrize("stage", ["swap", "commit"])
@pytest.mark.parametrize("rerun", [True, False], ids=["rerun-of-published", "first-publication"])
def test_failed_swap_or_commit_leaves_warehouse_and_folder_as_they_were(published, stage, rerun, monkeypatch):
    root, settings = published
    period = P1 if rerun else P2
    before_files = tree_digest(root / "reports" / period) if rerun else None
    before_run = warehouse_run(root, period)
    monkeypatch.setenv("FEEDBACKCYCLUS_FAIL_AT", stage)
    with pytest.raises(OSError):
        run_plain(settings, period)
    assert warehouse_run(root, period) == before_run == folder_run(root, period)
    if rerun:
        assert tree_digest(root / "reports" / period) == before_files
    else:
        assert not (root / "reports" / period).exists()
    assert leftovers(root) == []
    assert not list((root / "state" / "tmp").glob("*"))
    monkeypatch.delenv("FEEDBACKCYCLUS_FAIL_AT")
    result = run_plain(settings, period)  # and the next run simply works
    assert warehouse_run(root, period) == result["run_id"] == folder_run(root, period)


@pytest.mark.parametrize("rerun", [True, False], ids=["rerun-of-published", "first-publication"])
def test_killed_between_swap_and_commit_is_rolled_back_by_the_next_run(published, rerun):
    root, settings = published
    period = P1 if rerun else P2
    before_run = warehouse_run(root, period)
    marker = root / "paused"
    env = {**os.environ, "FEEDBACKCYCLUS_PAUSE_AT": "commit", "FEEDBACKCYCLUS_PAUSE_FILE": str(marker)}
    proc = subprocess.Popen([sys.executable, "-c", RUN, str(root), period], cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    # killed: the new folder is in place, the warehouse never committed it
    assert folder_run(root, period) not in (None, before_run)
    assert warehouse_run(root, period) == before_run

    con = duckdb.connect(str(root / "warehouse.duckdb"))
    con.close()
    done = recover(root / "reports", lambda p: warehouse_run(root, p))
    assert done and leftovers(root) == []
    assert folder_run(root, period) == before_run  # the previous publication, or none
    result = run_plain(settings, period)
    assert warehouse_run(root, period) == result["run_id"] == folder_run(root, period)


def _folder(path: Path, run_id: str | None) -> Path:
    path.mkdir(parents=True)
    if run_id:
        (path / "manifest.json").write_text(json.dumps({"run_id": run_id}))
    return path


@pytest.mark.parametrize(("names", "want", "expected"), [
    # exchanged, killed before commit: the old one (under the staging name) comes back
    ({"2026-05": "new", ".staging-2026-05-new": "old"}, "old", "old"),
    # committed, killed before the old one was deleted: keep the new one
    ({"2026-05": "new", ".staging-2026-05-new": "old"}, "new", "new"),
    # first publication, killed before commit: the folder goes
    ({"2026-05": "new", ".old-2026-05-new": None}, None, None),
    # killed between the two renames of the fallback: the old one comes back
    ({".old-2026-05-new": "old", ".staging-2026-05-new": "new"}, "old", "old"),
    # killed while rendering: only the staging folder goes
    ({"2026-05": "old", ".staging-2026-05-new": None}, "old", "old"),
    # a warehouse that does not know the period does not make recover delete a publication
    ({"2026-05": "old", ".staging-2026-05-new": None}, None, "old"),
])
def test_recover_puts_back_what_the_warehouse_holds(tmp_path, names, want, expected):
    for name, run_id in names.items():
        _folder(tmp_path / name, run_id)
    recover(tmp_path, lambda period: want)
    assert sorted(p.name for p in tmp_path.iterdir()) == ([] if expected is None else ["2026-05"])
    if expected:
        assert json.loads((tmp_path / "2026-05" / "manifest.json").read_text())["run_id"] == expected


def test_disk_full_while_publishing_is_named_and_cleaned_up(published, cli, monkeypatch):
    root, settings = published
    before = tree_digest(root / "reports" / P1)

    def full(folder, context):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(folder / "rapport.html"))

    monkeypatch.setattr("reports.publish.write_national_report", full)
    code, _, err = cli(["run", "--period", P1, *cli_args(root), "--accept-quality-warnings"])
    assert code == 2
    assert "schijf vol" in err and "ENOSPC" in err and "Traceback" not in err
    assert str(root / "reports") in err  # the folder, not a file inside the staging folder only
    assert tree_digest(root / "reports" / P1) == before
    assert leftovers(root) == []
    assert not list((root / "state" / "tmp").glob("*"))


def test_disk_full_is_an_exit_2_error_naming_the_folder(published, monkeypatch):
    root, settings = published

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(root / "reports" / ".staging-x" / "a.csv"))

    monkeypatch.setattr("reports.publish.write_signal_list", full)
    with pytest.raises(DiskFull) as exc:
        run_plain(settings, P2)
    assert exc.value.exit_code == 2
    assert str(root / "reports") in str(exc.value)
    assert leftovers(root) == [] and not (root / "reports" / P2).exists()
