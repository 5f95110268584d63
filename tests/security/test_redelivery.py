"""Issue 11 item 9: a re-delivered month does not pass the quality gates (DESIGN.md §7 v2).

Last month's files copied as this month's, or payroll whose declaration periods lie mostly
outside P, stop the run with exit 2 unless ``--accept-quality-warnings``.
"""

from __future__ import annotations

import json
import shutil

import pytest

from feedbackcyclus.errors import QualityGateFailed
from feedbackcyclus.settings import QualitySettings
from tests.builders import BSN, LHNR, polis_row, write_input
from tests.conftest import cli_args, make_settings, run_plain
from tests.security.helpers import P1, P2, tiny_inbox


def failed_gates(manifest_or_message) -> set[str]:
    return {(q["input"], q["expectation"]) for q in manifest_or_message["quality"] if not q["passed"]}


@pytest.fixture
def april_published(workdir):
    tiny_inbox(workdir / "inbox")
    run_plain(make_settings(workdir, accept_quality_warnings=True), P1)
    return workdir


def test_last_months_files_copied_as_this_month_fail_the_gate(april_published, cli):
    root = april_published
    shutil.rmtree(root / "inbox" / P2)
    shutil.copytree(root / "inbox" / P1, root / "inbox" / P2)
    code, _, err = cli(["run", "--period", P2, *cli_args(root)])
    assert code == 2
    for name in ("polis", "werkgevers", "brp", "rni"):
        assert f"{name}: identiek_aan_vorige_periode = 1" in err
    assert "polis: tijdvak_buiten_periode_aandeel = 1.0" in err
    assert not (root / "reports" / P2).exists()

    code, _, err = cli(["run", "--period", P2, *cli_args(root), "--accept-quality-warnings"])
    assert code == 0, err
    manifest = json.loads((root / "reports" / P2 / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["accepted_quality_warnings"] is True
    assert {("polis", "identiek_aan_vorige_periode"), ("polis", "tijdvak_buiten_periode_aandeel"),
            ("rni", "identiek_aan_vorige_periode")} <= failed_gates(manifest)


def test_a_fresh_month_passes_both_gates(april_published):
    root = april_published
    result = run_plain(make_settings(root, accept_quality_warnings=True), P2)
    manifest = json.loads((root / "reports" / P2 / "manifest.json").read_text(encoding="utf-8"))
    assert result["period"] == P2
    judged = {(q["input"], q["expectation"]): q for q in manifest["quality"]}
    assert judged[("polis", "identiek_aan_vorige_periode")]["observed"] == 0
    assert judged[("polis", "tijdvak_buiten_periode_aandeel")]["observed"] == 0.0
    assert not failed_gates(manifest) & {(n, "identiek_aan_vorige_periode") for n in ("polis", "brp", "rni")}


def test_payroll_mostly_outside_the_period_fails_even_when_the_files_differ(april_published):
    root = april_published
    rows = [polis_row(BSN[5], LHNR[0], period=P1, ikv_id="A"), polis_row(BSN[6], LHNR[1], period=P1, ikv_id="B"),
            polis_row(BSN[7], LHNR[1], period=P2)]
    write_input(root / "inbox" / P2, "polis", rows)
    with pytest.raises(QualityGateFailed, match=r"polis: tijdvak_buiten_periode_aandeel = 0\.666667"):
        run_plain(make_settings(root), P2)


def test_thresholds_are_settings():
    q = QualitySettings()
    assert q.max_identical_to_previous == 0 and q.max_payroll_outside_period_share == 0.5
