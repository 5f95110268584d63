"""``manifest.json``: what a published period holds and how it came about (DESIGN.md §5).

Written last into the staging folder, after every other file, so a folder with a manifest is
complete. It names the run (id, times, code version), the inputs with their fingerprints and
row counts, the signal and lifecycle counts, the outcomes reported, the quality gates, the
stage timings, and every published file with its rows and sha256 — enough to check a
folder without the warehouse.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from reports.output import Output


def build_manifest(*, period: str, run_id: str, code_version: str, started_at: datetime, finished_at: datetime,
                   accepted_quality_warnings: bool, inputs: dict, figures: dict, quality: list[dict],
                   timings: dict[str, float], outputs: list[Output]) -> dict:
    return {
        "period": period,
        "run_id": run_id,
        "status": "published",
        "code_version": code_version,
        "started_at": started_at.isoformat(),
        "finished_at": finished_at.isoformat(),
        "accepted_quality_warnings": accepted_quality_warnings,
        "inputs": inputs,
        "signals": figures["signals"],
        "lifecycle": figures["lifecycle"],
        "terugkoppeling": figures["terugkoppeling"],
        "quality": quality,
        "timings_s": timings,
        "outputs": [o.as_manifest() for o in sorted(outputs, key=lambda o: o.path)],
    }


def write_manifest(folder: Path, manifest: dict) -> None:
    path = folder / "manifest.json"
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8")
