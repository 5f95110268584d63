"""Snapshot tests of rendered documents (datacompy-style): the rendered letter and
municipality summary of a fixed scenario must equal the checked-in files byte for byte.
Regenerate deliberately with ``UPDATE_SNAPSHOTS=1``, then review the diff."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from feedbackcyclus.periods import period_range
from tests.builders import LHNR
from tests.conftest import make_settings, run_plain
from tests.test_lifecycle_scenario import build_inbox

SNAPSHOTS = Path(__file__).parent / "snapshots"


@pytest.fixture(scope="module")
def october(tmp_path_factory):
    root = tmp_path_factory.mktemp("snap")
    build_inbox(root / "inbox")
    settings = make_settings(root, accept_quality_warnings=True)
    for p in period_range("2026-04", "2026-10"):
        run_plain(settings, p)
    return root / "reports" / "2026-10"


@pytest.mark.parametrize(("published", "snapshot"), [
    (f"werkgevers/{LHNR[0]}/brief.html", "brief.html"),
    ("gemeenten/1783/samenvatting.html", "samenvatting-1783.html"),
    ("inspectie/risicoanalyse.csv", "risicoanalyse.csv"),
])
def test_snapshot(october, published, snapshot):
    got = (october / published).read_bytes()
    path = SNAPSHOTS / snapshot
    if os.environ.get("UPDATE_SNAPSHOTS"):
        path.write_bytes(got)
    assert path.exists(), f"no snapshot yet: run with UPDATE_SNAPSHOTS=1 and review {path}"
    assert got == path.read_bytes()
