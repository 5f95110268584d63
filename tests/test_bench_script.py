"""The benchmark script itself, at small scale, so it cannot rot (``make bench`` runs it at scale).

Part of ``make test`` (not marked ``bench``): two CLI runs with a temporary Prefect server,
about 35 s.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_bench_prints_the_json_line(tmp_path):
    run = subprocess.run([sys.executable, "-m", "bench.run_bench", "--scale", "small", "--base", str(tmp_path),
                          "--keep", "--floor-repeat", "1"], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    for key in ("scale", "floor_s", "run_s", "run_wall_s", "pipeline_s", "ratio", "peak_rss_mb", "rows_per_s",
                "stages", "machine", "definitions"):
        assert key in result, key
    assert result["scale"] == "small"
    assert result["floor_s"] > 0 and result["run_s"] > 0 and result["peak_rss_mb"] > 0
    assert 0 < result["pipeline_s"] <= result["run_s"] <= result["run_wall_s"]
    stages = result["stages"]
    assert {"ingest", "validate", "match", "publish", "publish_render", "before_run_s", "after_run_s"} <= set(stages)
    assert result["pipeline_s"] == round(sum(stages[n] for n in ("ingest", "validate", "match", "publish")), 3)
    assert 0 < stages["publish_render"] <= stages["publish"]
    # the CLI and the temporary Prefect server start before the run is registered (seconds, not 0)
    assert stages["before_run_s"] > 1 and stages["after_run_s"] >= 0
    assert result["overhead_s"] == round(result["run_wall_s"] - result["pipeline_s"], 3)
    assert result["run_s"] <= result["run_wall_s"] - stages["before_run_s"] + 1  # registry: whole seconds
    # the interim sub-steps from the pipeline's progress lines: every input, every part of publish
    assert {"ingest polis", "ingest werkgevers", "ingest brp", "ingest rni", "publish signalen.parquet",
            "publish werkgevers", "publish rapport.html"} <= set(result["steps"])
    assert sum(result["steps"][f"ingest {n}"]["s"] for n in ("polis", "werkgevers", "brp", "rni")) \
        <= stages["ingest"] + 1
    assert result["rows"]["total"] == sum(result["rows"][n] for n in ("polis", "werkgevers", "brp", "rni")) > 0
    assert result["register_format"] == "brp-rni"
    assert json.loads((tmp_path / "result.json").read_text()) == result
    # the floor wrote what it claims to: per-municipality and per-employer CSVs
    assert list((tmp_path / "floor-out").glob("1/gemeenten/gemeentecode=*/adressignalen*.csv"))
    assert list((tmp_path / "floor-out").glob("1/gemeenten/gemeentecode=*/werkgevers*.csv"))
    assert list((tmp_path / "floor-out").glob("1/werkgevers/loonheffingennummer=*/registratiesignalen*.csv"))
    assert (tmp_path / "run" / "reports" / "2026-10" / "manifest.json").exists()


def test_bench_gbav_variant(tmp_path):
    """``--register-format gbav``: the run reads one GBA-V extract; the floor the same months as brp/rni."""
    run = subprocess.run([sys.executable, "-m", "bench.run_bench", "--scale", "small", "--base", str(tmp_path),
                          "--floor-repeat", "1", "--register-format", "gbav"], cwd=ROOT, capture_output=True,
                         text=True, timeout=240)
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["register_format"] == "gbav"
    assert set(result["rows"]) == {"polis", "werkgevers", "gbav", "total"}
    assert result["gbav_lines"] > result["rows"]["gbav"] > 0
    assert result["run_s"] > 0 and result["floor_s"] > 0
    assert "ingest gbav" in result["steps"] and "ingest brp" not in result["steps"]
    assert (tmp_path / "inbox-gbav" / "2026-10" / "gbav.csv").exists()
    assert (tmp_path / "inbox" / "2026-10" / "brp.csv").exists()  # what the floor reads
    # without --keep the outputs are set aside, not deleted (a deletion slows the next bench's
    # file creation on this disk), until --cleanup
    assert not (tmp_path / "run").exists() and not (tmp_path / "floor-out").exists()
    set_aside = sorted(p.name.rsplit("-", 1)[0] for p in (tmp_path / "trash").iterdir())
    assert set_aside == ["floor-out", "run"]
    assert list((tmp_path / "trash").glob("run-*/reports/2026-10/manifest.json"))
    cleanup = subprocess.run([sys.executable, "-m", "bench.run_bench", "--cleanup", "--base", str(tmp_path)],
                             cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert cleanup.returncode == 0, cleanup.stderr[-3000:]
    assert not (tmp_path / "trash").exists() and (tmp_path / "result.json").exists()


def test_sub_steps_prefer_the_run_registry():
    from bench.run_bench import sub_steps

    logged = {"ingest polis": {"s": 1.3, "peak_rss_mb": 600.0}, "publish werkgevers": {"s": 0.8, "peak_rss_mb": 850.0}}
    assert sub_steps({"ingest": 3.0, "publish": 1.5}, logged) == (logged, sub_steps({}, {})[1])
    assert "log lines" in sub_steps({}, {})[1]
    steps, source = sub_steps({"ingest": 3.0, "ingest.polis": 1.2, "publish.werkgevers": 0.7, "publish.inspectie": 0.1},
                              logged)
    assert steps == {"ingest polis": {"s": 1.2, "peak_rss_mb": 600.0}, "publish werkgevers": {"s": 0.7, "peak_rss_mb": 850.0},
                     "publish inspectie": {"s": 0.1}}
    assert source.startswith("run registry")


def test_sub_steps_keep_logged_steps_the_registry_lacks():
    from bench.run_bench import sub_steps

    logged = {"ingest polis": {"s": 1.3, "peak_rss_mb": 600.0}, "publish werkgevers": {"s": 0.8, "peak_rss_mb": 850.0}}
    steps, source = sub_steps({"publish.werkgevers": 0.7}, logged)
    assert steps == {"ingest polis": {"s": 1.3, "peak_rss_mb": 600.0}, "publish werkgevers": {"s": 0.7, "peak_rss_mb": 850.0}}
    assert source.endswith("from log lines (interim): ingest polis")
