"""Charts and report templating on literal inputs (reports/charts.py, reports/templating.py)."""

from __future__ import annotations

import re

from reports.charts import bar_chart, line_chart
from reports.templating import TEMPLATES, environment


def test_line_chart_has_title_axes_distinct_markers_dashes_and_gaps():
    svg = line_chart("Signalen per maand", ["2026-05", "2026-06", "2026-07"],
                     {"Eén": [1200, 1300, 1250], "Twee": [None, None, 40], "Drie": [5, None, 7]}, "Aantal")
    assert ">Signalen per maand</text>" in svg and ">Aantal</text>" in svg and ">Periode (maand)</text>" in svg
    assert "1.200" in svg or "1.250" in svg  # Dutch thousands separator in the markers' titles
    assert 'stroke-dasharray="7 4"' in svg and 'stroke-dasharray="2 3"' in svg  # told apart without colour
    assert "<rect" in svg and "<polygon" in svg and "<circle" in svg               # different marker shapes
    assert svg.count("<polyline") == 1 + 1 + 2   # "Drie" has a gap: two stretches; "Twee" one point
    assert ">Twee</text>" in svg                 # labelled directly


def test_line_chart_without_any_value_says_not_computable():
    assert "nog niet te berekenen" in line_chart("Levenscyclus", ["2026-05"], {"Nieuw": [None]}, "Aantal")


def test_bar_chart_writes_values_and_axis_title():
    svg = bar_chart("Per reden", [("BSN onbekend", 5), ("RNI zonder verblijfsadres", 1234)], "Aantal signalen")
    assert ">1.234</text>" in svg and ">5</text>" in svg and ">Aantal signalen</text>" in svg
    assert re.search(r">Per reden</text>", svg)


def test_dutch_number_and_percent_filters():
    env = environment()
    assert env.filters["nl"](1234567) == "1.234.567"
    assert env.filters["pct"](0.2222) == "22,2 %"
    assert env.filters["pct"](0.002223, 2) == "0,22 %"


def test_effectiveness_hook_is_optional():
    template = environment().from_string('{% if effectiveness %}{% include "effectiviteit.html" ignore missing %}'
                                         '{% endif %}ok')
    assert template.render(effectiveness=None) == "ok"
    assert template.render(effectiveness={"x": 1}) == "ok"  # template not installed: nothing, no error
    report = (TEMPLATES / "rapport.html").read_text(encoding="utf-8")
    assert '{% if effectiveness %}{% include "effectiviteit.html" ignore missing %}{% endif %}' in report
