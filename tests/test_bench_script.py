"""The benchmark script itself, at small scale, so it cannot rot (make bench runs it at scale)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_bench_prints_the_json_line(tmp_path):
    run = subprocess.run([sys.executable, "-m", "bench.run_bench", "--scale", "small", "--base", str(tmp_path)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    for key in ("scale", "floor_s", "run_s", "ratio", "peak_rss_mb", "stages"):
        assert key in result
    assert result["scale"] == "small"
    assert result["floor_s"] > 0 and result["run_s"] > 0 and result["peak_rss_mb"] > 0
    assert {"ingest", "validate", "match", "publish"} <= set(result["stages"])
    assert any((tmp_path / "floor-out" / "werkgevers").iterdir())
    assert (tmp_path / "run" / "reports" / "2026-10" / "manifest.json").exists()
