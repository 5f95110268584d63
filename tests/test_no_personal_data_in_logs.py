"""No BSN, name, birth date or address in console output or Prefect run logs (DESIGN.md §8)."""

from __future__ import annotations

import csv
import io
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def personal_values(inbox: Path) -> set[str]:
    values: set[str] = set()
    for path in inbox.rglob("*.csv"):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
        delim = ";" if ";" in text.split("\n", 1)[0] else ","
        for row in csv.DictReader(io.StringIO(text, newline=""), delimiter=delim):
            for key in ("bsn", "geslachtsnaam", "voornamen", "straat", "verblijf_straat", "geboortedatum"):
                v = (row.get(key) or "").strip()
                if len(v) >= 5:
                    values.add(v)
    return values


def test_sample_months_with_debug_logging(tmp_path):
    env = {**os.environ, "PREFECT_LOGGING_LEVEL": "DEBUG", "PREFECT_HOME": str(tmp_path / "prefect"),
           "FEEDBACKCYCLUS_STATE_DIR": str(tmp_path / "state")}
    env.pop("PREFECT_API_URL", None)
    cli = [sys.executable, "-m", "flows.cli"]
    subprocess.run([*cli, "generate", "--scale", "small", "--periods", "3", "--out", str(tmp_path / "inbox"),
                    "--start", "2026-08"], cwd=ROOT, env=env, check=True, capture_output=True)
    run = subprocess.run([*cli, "backfill", "--from", "2026-08", "--to", "2026-10", "--inbox", str(tmp_path / "inbox"),
                          "--reports", str(tmp_path / "reports"), "--warehouse", str(tmp_path / "wh.duckdb")],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    console = run.stdout + run.stderr
    assert "DEBUG" in console  # debug logging was really on

    db = sqlite3.connect(tmp_path / "prefect" / "prefect.db")
    api_logs = "\n".join(m for (m,) in db.execute("SELECT message FROM log"))
    params = "\n".join(str(p) for (p,) in db.execute("SELECT parameters FROM flow_run"))
    db.close()
    assert "inlezen polis" in api_logs  # the run logs were really captured

    values = personal_values(tmp_path / "inbox")
    assert len(values) > 1000
    for name, text in (("console", console), ("prefect logs", api_logs), ("flow parameters", params)):
        words = set(re.findall(r"[\w\-']+", text))
        leaked = {v for v in values if v in words or (" " in v and v in text)}
        assert not leaked, f"{name} contains personal data: {sorted(leaked)[:5]}"
