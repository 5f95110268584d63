"""The employer folders' worker processes (reports.employer.EmployerWriters): a failed worker
is reported without its output, and workers still running when another part of the
publication fails are ended, not left behind."""

from __future__ import annotations

import subprocess
import sys

import pytest

from reports.employer import EmployerWriters
from reports.output import Output


def _child(code: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_wait_collects_every_workers_outputs_and_removes_the_export(tmp_path):
    source = tmp_path / "rows.parquet"
    source.write_bytes(b"x")
    line = '{"path": "werkgevers/1/brief.html", "rows": null, "sha256": "ab"}'
    writers = EmployerWriters(source, [_child(f"print({line!r})"), _child("pass")],
                              done=[Output("werkgevers/0/brief.html", None, "cd")])
    assert writers.wait() == [Output("werkgevers/0/brief.html", None, "cd"), Output("werkgevers/1/brief.html", None, "ab")]
    assert not source.exists()


def test_a_failed_worker_raises_with_its_last_line_only_and_the_others_are_ended(tmp_path):
    source = tmp_path / "rows.parquet"
    source.write_bytes(b"x")
    slow = _child("import time; time.sleep(60)")
    writers = EmployerWriters(source, [_child("raise SystemExit('kapot')"), slow])
    with pytest.raises(RuntimeError, match="hulpproces faalde.*kapot"):
        writers.wait()
    assert slow.poll() is not None and not source.exists()


def test_stop_ends_running_workers(tmp_path):
    slow = _child("import time; time.sleep(60)")
    EmployerWriters(tmp_path / "absent.parquet", [slow]).stop()
    assert slow.returncode is not None
