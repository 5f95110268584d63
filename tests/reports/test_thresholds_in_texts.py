"""Texts that name a rule's threshold take it from the settings, not from a literal (issue 12)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from feedbackcyclus.settings import RuleSettings
from reports.national import signal_definitions

TEMPLATES = Path(__file__).resolve().parents[2] / "reports" / "templates"


def test_definitions_follow_the_rule_settings():
    default = signal_definitions(RuleSettings())
    assert "4 of meer van de laatste 6 maanden" in default["RNI_LANGER_DAN_4_MAANDEN"]
    assert "3 of meer werkgevers samen meer dan 259,5 uur (1,5 × 173)" in default["MEERVOUDIG_BSN_GEBRUIK"]
    other = signal_definitions(replace(RuleSettings(), rni_min_months=3, rni_window_months=9, multi_min_employers=4,
                                       multi_hours_above=1200.0))
    assert "3 of meer van de laatste 9 maanden" in other["RNI_LANGER_DAN_4_MAANDEN"]
    assert "4 of meer werkgevers samen meer dan 1.200,0 uur verloond" in other["MEERVOUDIG_BSN_GEBRUIK"]


def test_the_municipality_summary_names_the_window_from_the_settings():
    text = (TEMPLATES / "samenvatting.html").read_text()
    assert "{{ rni_min }} van de\nlaatste {{ rni_window }} maanden" in text
    assert "4 van de\nlaatste 6" not in text
