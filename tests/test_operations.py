"""Operating safely: one run at a time, retention (purge)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import polars as pl

from tests.conftest import cli_args, make_settings, run_plain
from tests.test_lifecycle_scenario import (
    EXPECTED_LIFECYCLE,
    EXPECTED_SIGNALS,
    PERIODS,
    build_inbox,
    published_signals,
)

HOLD_LOCK = """
import sys, time
from pathlib import Path
from flows.lock import run_lock
with run_lock(Path(sys.argv[1]), "abc123", "2026-10"):
    Path(sys.argv[2]).write_text("held")
    time.sleep(120)
"""


def test_second_run_is_refused_and_a_dead_holder_is_taken_over(workdir, cli):
    build_inbox(workdir / "inbox")
    warehouse, marker = workdir / "warehouse.duckdb", workdir / "held"
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(warehouse), str(marker)],
                              cwd=Path(__file__).parent.parent)
    try:
        for _ in range(200):
            if marker.exists():
                break
            time.sleep(0.05)
        code, _, err = cli(["run", "--period", "2026-04", *cli_args(workdir), "--accept-quality-warnings"])
        assert code == 2
        assert "another run is active (run_id abc123, period 2026-10, since" in err
        assert not (workdir / "reports" / "2026-04").exists()
    finally:
        holder.kill()
        holder.wait()
    code, _, _ = cli(["run", "--period", "2026-04", *cli_args(workdir), "--accept-quality-warnings"])
    assert code == 0
    assert (workdir / "reports" / "2026-04" / "manifest.json").exists()


def test_purge_removes_person_level_data_and_later_periods_keep_working(workdir, cli):
    build_inbox(workdir / "inbox")
    settings = make_settings(workdir, accept_quality_warnings=True)
    for p in PERIODS[:-1]:
        run_plain(settings, p)
    code, out, _ = cli(["purge", "--keep-months", "2", "--reports", str(workdir / "reports"),
                 "--warehouse", str(workdir / "warehouse.duckdb")])
    assert code == 0
    assert "perioden vanaf 2026-08" in out and "loonhistorie vanaf 2026-04" in out

    old = workdir / "reports" / "2026-05"
    assert not (old / "signalen.parquet").exists()
    assert not (old / "werkgevers").exists() and not (old / "kwaliteit").exists()
    assert (old / "rapport.html").exists() and (old / "inspectie" / "risicoanalyse.csv").exists()
    manifest = json.loads((old / "manifest.json").read_text())
    assert "purged_at" in manifest
    assert all((old / o["path"]).exists() for o in manifest["outputs"])
    kept = workdir / "reports" / "2026-09"
    assert (kept / "signalen.parquet").exists()

    con = duckdb.connect(str(workdir / "warehouse.duckdb"), read_only=True)
    assert con.execute("SELECT min(period) FROM signals").fetchone()[0] == "2026-08"
    assert con.execute("SELECT count(DISTINCT period) FROM period_figures").fetchone()[0] == 6
    con.close()

    # the next month still gets its lifecycle and 4-of-6 signals right
    run_plain(settings, "2026-10")
    folder = workdir / "reports" / "2026-10"
    assert json.loads((folder / "manifest.json").read_text())["lifecycle"] == EXPECTED_LIFECYCLE["2026-10"]
    assert published_signals(folder) == EXPECTED_SIGNALS["2026-10"]
    assert pl.read_parquet(folder / "signalen.parquet").height == len(EXPECTED_SIGNALS["2026-10"])
