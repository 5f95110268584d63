"""The monthly deployment, served against a real local Prefect API, runs a month."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from feedbackcyclus.periods import previous_month
from tests.conftest import cli_args
from tests.test_lifecycle_scenario import build_inbox

ROOT = Path(__file__).parent.parent


def test_schedule_is_fifth_of_month_at_six_in_amsterdam():
    from flows.deployment import DEPLOYMENT_NAME, SCHEDULE

    assert DEPLOYMENT_NAME == "maandelijks"
    assert SCHEDULE.cron == "0 6 5 * *" and SCHEDULE.timezone == "Europe/Amsterdam"
    assert previous_month(datetime(2026, 1, 5, 6, tzinfo=ZoneInfo("Europe/Amsterdam"))) == "2025-12"


def test_served_deployment_runs_a_month(workdir, prefect_harness):
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL

    build_inbox(workdir / "inbox")
    # paths are settings of the deployment (DESIGN.md §6 v2), read from its settings file
    config = workdir / "deployment.toml"
    config.write_text(f'inbox = "{workdir / "inbox"}"\nreports = "{workdir / "reports"}"\n'
                      f'warehouse = "{workdir / "warehouse.duckdb"}"\n', encoding="utf-8")
    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(),
           "FEEDBACKCYCLUS_STATE_DIR": str(workdir / "state"), "FEEDBACKCYCLUS_CONFIG": str(config)}
    server = subprocess.Popen([sys.executable, "-m", "flows.deployment"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        run = None
        while run is None:
            try:
                run = run_deployment(
                    "monthly-feedback-cycle/maandelijks", timeout=180, poll_interval=1,
                    parameters={"period": "2026-04", "accept_quality_warnings": True})
            except Exception:  # the deployment is not registered yet
                if time.monotonic() > deadline:
                    raise
                time.sleep(1)
        assert run.state.is_completed(), run.state
        manifest = json.loads((workdir / "reports" / "2026-04" / "manifest.json").read_text())
        assert manifest["status"] == "published"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_flow_run_publishes_artifacts(workdir, cli):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    build_inbox(workdir / "inbox")
    code, _, _ = cli(["run", "--period", "2026-04", *cli_args(workdir), "--accept-quality-warnings"])
    assert code == 0
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["feedbackcyclus-2026-04",
                                                                       "feedbackcyclus-2026-04-tabel"])))
    kinds = {a.key: a.type for a in artifacts}
    assert kinds == {"feedbackcyclus-2026-04": "markdown", "feedbackcyclus-2026-04-tabel": "table"}
    markdown = next(a for a in artifacts if a.type == "markdown").data
    assert "LOON_ZONDER_ADRES" in markdown and "geen oordeel" in markdown
