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
    path.write_text(manifest_text(manifest), encoding="utf-8")


_OUTPUT_KEYS = ("path", "rows", "sha256")
_EMPTY_OUTPUTS = '"outputs": []\n}'


def manifest_text(manifest: dict) -> str:
    """``json.dumps(manifest, indent=2, ensure_ascii=False)`` and a line end, the same text.

    With ``indent`` the json module encodes in Python, ~1.1 s for the ~160 000 outputs of a
    national month, after the employer workers are done (issue 16). So the list of outputs
    (the last key) is formatted here, with json's own string encoder; anything but the usual
    shape of an entry (str path, int-or-None rows, str hash) goes through ``json.dumps``.
    """
    def whole() -> str:
        return json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=False) + "\n"

    outputs = manifest.get("outputs")
    if not outputs or list(manifest)[-1] != "outputs":
        return whole()
    enc = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) uses for a str
    entries = []
    for o in outputs:
        if (type(o) is not dict or tuple(o) != _OUTPUT_KEYS or type(o["path"]) is not str
                or type(o["sha256"]) is not str or not (o["rows"] is None or type(o["rows"]) is int)):
            return whole()
        rows = "null" if o["rows"] is None else int.__repr__(o["rows"])
        entries.append(f'    {{\n      "path": {enc(o["path"])},\n      "rows": {rows},\n'
                       f'      "sha256": {enc(o["sha256"])}\n    }}')
    head = json.dumps({**manifest, "outputs": []}, indent=2, ensure_ascii=False, sort_keys=False)
    if not head.endswith(_EMPTY_OUTPUTS):
        return whole()
    return head[:-len(_EMPTY_OUTPUTS)] + '"outputs": [\n' + ",\n".join(entries) + "\n  ]\n}\n"
