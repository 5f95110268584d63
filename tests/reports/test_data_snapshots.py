"""Snapshot tests of the data deliverables of the lifecycle scenario (the pattern of
tests/test_report_snapshots.py): the risk feed as published, and the XLSX twins as a reader
sees them — every cell's value and type. A change in what a reader gets is a reviewed diff.
Regenerate deliberately with ``UPDATE_SNAPSHOTS=1``, then review the diff."""

from __future__ import annotations

import io
import json
import os
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from feedbackcyclus.periods import period_range
from reports.xlsx import employer_signals_xlsx
from tests.builders import LHNR
from tests.conftest import make_settings, run_plain
from tests.test_lifecycle_scenario import build_inbox

SNAPSHOTS = Path(__file__).parents[1] / "snapshots"


@pytest.fixture(scope="module")
def october(tmp_path_factory):
    root = tmp_path_factory.mktemp("snap-data")
    build_inbox(root / "inbox")
    settings = make_settings(root, accept_quality_warnings=True)
    for p in period_range("2026-04", "2026-10"):
        run_plain(settings, p)
    return root / "reports" / "2026-10"


def sheet_dump(data: bytes) -> str:
    """Every cell as [value, type]; dates as ISO text, so the snapshot is readable JSON."""
    book = load_workbook(io.BytesIO(data))
    sheet = book.active
    rows = [[[c.value.date().isoformat() if isinstance(c.value, datetime) else c.value, c.data_type]
             for c in row] for row in sheet.iter_rows()]
    return json.dumps({"sheets": book.sheetnames, "freeze_panes": sheet.freeze_panes,
                       "auto_filter": sheet.auto_filter.ref, "rows": rows}, ensure_ascii=False, indent=1) + "\n"


def check(got: bytes, snapshot: str) -> None:
    path = SNAPSHOTS / snapshot
    if os.environ.get("UPDATE_SNAPSHOTS"):
        path.write_bytes(got)
    assert path.exists(), f"no snapshot yet: run with UPDATE_SNAPSHOTS=1 and review {path}"
    assert got == path.read_bytes()


def test_risk_feed(october):
    check((october / "inspectie" / "risicoanalyse.csv").read_bytes(), "risicoanalyse.csv")
    check((october / "inspectie" / "risicoscore.md").read_bytes(), "risicoscore.md")


@pytest.mark.parametrize(("published", "snapshot"), [
    ("inspectie/risicoanalyse.xlsx", "risicoanalyse.xlsx.json"),
    ("gemeenten/1783/adressignalen.xlsx", "adressignalen-1783.xlsx.json"),
    ("gemeenten/1783/werkgevers.xlsx", "werkgevers-1783.xlsx.json"),
])
def test_xlsx_twin(october, published, snapshot):
    check(sheet_dump((october / published).read_bytes()).encode("utf-8"), snapshot)


def test_employer_list_on_request(october):
    check(sheet_dump(employer_signals_xlsx(october, LHNR[0])).encode("utf-8"), "registratiesignalen.xlsx.json")
