"""``kwaliteit/gx/index.html``: the month's quality gates as one offline page.

Rendered by us from the Great Expectations validation result (one row per expectation and
input, as in the manifest's ``quality``) instead of publishing GX's own Data Docs: those
load JavaScript and CSS from CDNs when opened, keep every earlier validation of the month,
and stamp run times into the pages, so a rerun published different bytes (DESIGN.md §2, §8
v2). This page holds only the current validation, no run id or time, and loads nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from reports.output import Output, write_text
from reports.templating import render

PAGE = "kwaliteit/gx/index.html"


def render_quality_page(period: str, quality: list[dict], accepted: bool) -> str:
    results = sorted(quality, key=lambda r: (r["expectation"], r["input"]))
    failed = sum(1 for r in results if not r["passed"])
    return render("kwaliteitspoorten.html", period=period, results=results, failed=failed, accepted=accepted)


def write_quality_page(root: Path, period: str, quality: list[dict], accepted: bool) -> Output:
    return write_text(root, PAGE, render_quality_page(period, quality, accepted))


def keep_failed_quality_report(folder: Path, period: str, run_id: str, quality: list[dict]) -> None:
    """A run stopped by a quality gate publishes nothing; the analyst gets ``kwaliteit.json``
    and ``kwaliteit.html`` in the private quality folder instead (DESIGN.md §7)."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    (folder / "kwaliteit.json").write_text(json.dumps({"period": period, "run_id": run_id, "quality": quality},
                                                      indent=2, ensure_ascii=False), encoding="utf-8")
    (folder / "kwaliteit.html").write_text(render_quality_page(period, quality, accepted=False), encoding="utf-8")
