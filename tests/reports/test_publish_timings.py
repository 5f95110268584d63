"""The publish step times its parts after the render (issue 16): the run's result, the run
registry (which the bench reads) and — for what happened before the manifest — the manifest's
``timings_s`` hold them; the warehouse rows written while the workers finish are committed."""

from __future__ import annotations

import json

import duckdb

from feedbackcyclus import warehouse
from tests.conftest import make_settings, run_plain
from tests.security.helpers import P1, tiny_inbox

AFTER_RENDER = {"publish.vastleggen", "publish.kwaliteitspagina", "publish.manifest", "publish.rechten",
                "publish.wissel", "publish.commit", "publish.opruimen"}


def test_publish_parts_are_timed_in_the_registry_and_the_manifest(tmp_path):
    tiny_inbox(tmp_path / "inbox", (P1,))
    result = run_plain(make_settings(tmp_path, accept_quality_warnings=True), P1)
    assert set(result["timings_s"]) >= AFTER_RENDER
    assert all(result["timings_s"][k] >= 0 for k in AFTER_RENDER)
    con = duckdb.connect()
    con.execute(f"ATTACH '{(tmp_path / 'warehouse.duckdb').as_posix()}' AS wh (READ_ONLY)")
    try:
        assert set(warehouse.run_timings(con, result["run_id"])) >= AFTER_RENDER
        held = con.execute("SELECT run_id FROM wh.period_figures WHERE period = ?", [P1]).fetchall()
    finally:
        con.close()
    assert held == [(result["run_id"],)]
    manifest = json.loads((tmp_path / "reports" / P1 / "manifest.json").read_text())
    # written before the manifest: in it; the parts after it only in the registry
    assert {"publish.vastleggen", "publish.kwaliteitspagina", "publish_render"} <= set(manifest["timings_s"])
    assert "publish.rechten" not in manifest["timings_s"]
