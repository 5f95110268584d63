"""Issue 11 items 5, 10, 11, 12 and 13: what a run leaves on disk and says.

- item 5: under umask 022 every file and folder with person data is created 0600/0700;
- item 10: deleting the lock file does not let a second run in; a DuckDB file-lock clash
  is "another run is active" with exit 2;
- item 11: with all paths given nothing is created in the current directory;
- item 12: the published quality page is only this run's, byte-identical on a rerun, offline;
- item 13: a 0-byte warehouse and a 50 MB field get their real cause named.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from feedbackcyclus.errors import InputError, RunRefused
from feedbackcyclus.settings import Settings
from flows.lock import lock_path, run_lock
from tests.conftest import cli_args, make_settings, run_plain
from tests.security.helpers import P1, P2, tiny_inbox

ROOT = Path(__file__).parent.parent.parent


def group_or_other_readable(paths) -> list[str]:
    return [f"{p} {stat.S_IMODE(p.lstat().st_mode):o}" for p in paths
            if not p.is_symlink() and stat.S_IMODE(p.lstat().st_mode) & 0o077]


@pytest.fixture
def umask_022():
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def test_everything_with_person_data_is_owner_only_under_umask_022(tmp_path, cli, monkeypatch, umask_022):
    tiny_inbox(tmp_path / "inbox")
    monkeypatch.setenv("FEEDBACKCYCLUS_STATE_DIR", str(tmp_path / "state"))
    os.umask(0o022)
    (tmp_path / "reports").mkdir(mode=0o755)  # an existing reports root made by someone else
    # a warehouse left readable by an older version is tightened on the next run
    code, _, err = cli(["run", "--period", P1, *cli_args(tmp_path), "--accept-quality-warnings"])
    assert code == 0, err
    os.chmod(tmp_path / "warehouse.duckdb", 0o644)
    os.umask(0o022)
    code, _, err = cli(["run", "--period", P2, *cli_args(tmp_path), "--accept-quality-warnings"])
    assert code == 0, err
    published = [p for period in (P1, P2) for p in [tmp_path / "reports" / period,
                                                    *(tmp_path / "reports" / period).rglob("*")]]
    assert len(published) > 20
    assert group_or_other_readable(published) == []
    assert group_or_other_readable([tmp_path / "warehouse.duckdb"]) == []
    assert group_or_other_readable(list((tmp_path / "state").rglob("*"))) == []
    check = subprocess.run([sys.executable, "/work/shared/tools/check_outputs.py", str(tmp_path / "reports" / P2)],
                           capture_output=True, text=True)
    assert "readable by others" not in check.stdout + check.stderr


def test_quality_report_of_a_failed_gate_is_owner_only(tmp_path, cli, monkeypatch, umask_022):
    tiny_inbox(tmp_path / "inbox", (P1,))
    monkeypatch.setenv("FEEDBACKCYCLUS_STATE_DIR", str(tmp_path / "state"))
    code, _, err = cli(["run", "--period", P1, *cli_args(tmp_path)])
    assert code == 2 and "kwaliteitspoort" in err
    kept = list((tmp_path / "state" / "kwaliteit").rglob("*"))
    assert any(p.name == "kwaliteit.json" for p in kept) and any(p.name == "kwaliteit.html" for p in kept)
    assert group_or_other_readable(kept) == []


HOLD_LOCK = """
import sys, time
from pathlib import Path
from flows.lock import run_lock
with run_lock(Path(sys.argv[1]), "abc123", "2026-10"):
    Path(sys.argv[2]).write_text("held")
    time.sleep(120)
"""

HOLD_DUCKDB = """
import sys, time, duckdb
from pathlib import Path
con = duckdb.connect(sys.argv[1])
Path(sys.argv[2]).write_text("held")
time.sleep(120)
"""


def _hold(script: str, *args: Path) -> subprocess.Popen:
    marker = args[-1]
    proc = subprocess.Popen([sys.executable, "-c", script, *map(str, args)], cwd=ROOT)
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    return proc


def test_deleting_the_lock_file_does_not_let_a_second_run_in(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    holder = _hold(HOLD_LOCK, warehouse, tmp_path / "held")
    try:
        lock_path(warehouse).unlink()
        with pytest.raises(RunRefused, match="another run is active"), run_lock(warehouse, "second", P1):
            pass
    finally:
        holder.kill()
        holder.wait()
    with run_lock(warehouse, "third", P1):  # a dead holder's lock is taken over
        pass


def test_duckdb_file_lock_clash_is_another_run_with_exit_2(tmp_path, cli, monkeypatch):
    tiny_inbox(tmp_path / "inbox", (P1,))
    monkeypatch.setenv("FEEDBACKCYCLUS_STATE_DIR", str(tmp_path / "state"))
    holder = _hold(HOLD_DUCKDB, tmp_path / "warehouse.duckdb", tmp_path / "held")
    try:
        code, _, err = cli(["run", "--period", P1, *cli_args(tmp_path), "--accept-quality-warnings"])
    finally:
        holder.kill()
        holder.wait()
    assert code == 2
    assert "another run is active" in err and f"pid {holder.pid}" in err and "Traceback" not in err


def test_nothing_is_created_in_the_current_directory(tmp_path, cli, monkeypatch):
    tiny_inbox(tmp_path / "data" / "inbox", (P1,))
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    monkeypatch.delenv("FEEDBACKCYCLUS_STATE_DIR", raising=False)
    monkeypatch.delenv("FEEDBACKCYCLUS_CONFIG", raising=False)
    code, _, err = cli(["run", "--period", P1, *cli_args(tmp_path / "data")])  # fails its gates: keeps a report
    assert code == 2 and "kwaliteitspoort" in err
    code, _, err = cli(["run", "--period", P1, *cli_args(tmp_path / "data"), "--accept-quality-warnings"])
    assert code == 0, err
    assert list(cwd.iterdir()) == []
    state = tmp_path / "data"
    assert list((state / "kwaliteit" / P1).iterdir())  # the failed run's report, beside the warehouse


def test_state_follows_the_warehouse():
    settings = Settings().with_paths(warehouse="/srv/fbc/warehouse.duckdb")
    assert settings.state_dir == Path("/srv/fbc") and settings.quality_dir == Path("/srv/fbc/kwaliteit")
    explicit = Settings(state_dir=Path("/var/lib/fbc")).with_paths(warehouse="/srv/fbc/warehouse.duckdb")
    assert explicit.state_dir == Path("/var/lib/fbc")


def test_published_quality_page_is_this_runs_identical_on_rerun_and_offline(tmp_path):
    tiny_inbox(tmp_path / "inbox", (P1,))
    settings = make_settings(tmp_path, accept_quality_warnings=True)
    folder = tmp_path / "reports" / P1
    run_plain(settings, P1)
    first = {p.relative_to(folder).as_posix(): p.read_bytes() for p in (folder / "kwaliteit").rglob("*")
             if p.is_file()}
    run_plain(settings, P1)
    second = {p.relative_to(folder).as_posix(): p.read_bytes() for p in (folder / "kwaliteit").rglob("*")
              if p.is_file()}
    assert [k for k in second if k.startswith("kwaliteit/gx/")] == ["kwaliteit/gx/index.html"]
    assert second == first
    page = second["kwaliteit/gx/index.html"].decode("utf-8")
    assert "snapshot_achterstand_dagen" in page and "niet gehaald" in page
    for html in folder.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", text, re.IGNORECASE), html
        assert "@import" not in text and "url(http" not in text


def test_zero_byte_warehouse_names_the_cause_not_a_prefect_log(tmp_path, cli, monkeypatch):
    tiny_inbox(tmp_path / "inbox", (P1,))
    monkeypatch.setenv("FEEDBACKCYCLUS_STATE_DIR", str(tmp_path / "state"))
    (tmp_path / "warehouse.duckdb").write_bytes(b"")
    code, _, err = cli(["run", "--period", P1, *cli_args(tmp_path), "--accept-quality-warnings"])
    assert code == 2
    assert "is leeg (0 bytes)" in err and str(tmp_path / "warehouse.duckdb") in err
    assert "Prefect-log" not in err and "Traceback" not in err
    assert (tmp_path / "warehouse.duckdb").stat().st_size == 0  # left for the operator to restore


def test_a_50_mb_field_is_reported_as_too_long_not_as_an_unclosed_quote(tmp_path):
    tiny_inbox(tmp_path / "inbox", (P1,))
    brp = tmp_path / "inbox" / P1 / "brp.csv"
    lines = brp.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(";")
    cells[2] = '"' + "x" * (50 * 1024 * 1024) + '"'  # voornamen
    brp.write_text("\n".join([lines[0], ";".join(cells)]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        run_plain(make_settings(tmp_path, accept_quality_warnings=True), P1)
    message = str(exc.value)
    assert "regel langer dan" in message and "rij 2" in message and "aanhalingsteken" not in message


def test_a_really_unclosed_quote_is_still_called_one(tmp_path):
    tiny_inbox(tmp_path / "inbox", (P1,))
    brp = tmp_path / "inbox" / P1 / "brp.csv"
    lines = brp.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(";")
    cells[2] = '"Jan'
    brp.write_text("\n".join([lines[0], ";".join(cells)]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="aanhalingsteken niet afgesloten"):
        run_plain(make_settings(tmp_path, accept_quality_warnings=True), P1)
