"""The employer folders' worker processes (reports.employer.EmployerWriters): a failed worker
is reported without its output, and workers still running when another part of the
publication fails are ended, not left behind."""

from __future__ import annotations

import subprocess
import sys

import duckdb
import pytest

from reports.employer import HEADER, EmployerWriters, worker_count, write_employer_folders
from reports.output import Output
from transforms.employer_rows import EMPLOYER_FIELDS


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


def test_worker_count_pays_only_for_enough_employers():
    assert worker_count(40, 2) == 1                 # a sample month: written by the run itself
    assert worker_count(3_999, 2) == 1
    assert worker_count(4_000, 2) == 2
    assert worker_count(80_000, 2) == 2             # national: never more than configured
    assert worker_count(0, 4) == 1
    assert worker_count(5, 4, min_per_worker=1) == 4


def _employer_rows(con) -> None:
    fields = ", ".join(f"werkgever_{f} VARCHAR" for f in EMPLOYER_FIELDS)
    con.execute(f"CREATE TEMP TABLE employer_signal_rows ({', '.join(f'{h} VARCHAR' for h in ('loonheffingennummer', *HEADER))}, {fields})")
    rows = []
    for e, lhnr in enumerate(("123456789L01", "223456789L01", "323456789L02")):
        for i, reden in enumerate(("BSN_ONBEKEND", "VERTROKKEN", None)):
            signaal = "RNI_LANGER_DAN_4_MAANDEN" if reden is None else "LOON_ZONDER_ADRES"
            rows.append((lhnr, f"S{e}{i}", "2026-10", signaal, reden, f"11122233{e}", "Kowalczyk & <Zoon>",
                         "Zoë", f"1990-01-0{i + 1}", f"ikv{i}", f"2026-0{i + 1}-01", "2026-09", "NIEUW", None,
                         "Ingezetene volgens de BRP.", f"Bedrijf {e}", "Straat", str(e + 1), None, "1234AB", "Plaats", "0363"))
    con.executemany(f"INSERT INTO employer_signal_rows VALUES ({', '.join('?' * len(rows[0]))})", rows)


def test_worker_processes_write_the_same_folders_as_the_run_itself(tmp_path):
    """The real worker path (``python -m reports.employer``), forced on a few employers, gives
    the same files and manifest entries as writing them in this process."""
    con = duckdb.connect()
    _employer_rows(con)
    here, there = tmp_path / "here", tmp_path / "there"
    alone = write_employer_folders(con, here, "2026-10", tmp_path / "w1", workers=1)
    split = write_employer_folders(con, there, "2026-10", tmp_path / "w2", workers=3, min_per_worker=1)
    assert sorted(alone, key=lambda o: o.path) == sorted(split, key=lambda o: o.path)
    assert len(alone) == 6 and {o.rows for o in alone if o.path.endswith(".csv")} == {3}
    for output in alone:
        assert (here / output.path).read_bytes() == (there / output.path).read_bytes()
