"""Retention of published files: person-level files of old periods are deleted.

What stays in a purged period folder: ``manifest.json`` (updated: ``purged_at`` and the
remaining outputs), ``rapport.html`` (aggregates only), ``inspectie/`` (employer-level
counts) and ``gemeenten/<code>/werkgevers.csv`` (employer-level counts).
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

PERSON_LEVEL = ("signalen.parquet", "kwaliteit", "werkgevers")
PERSON_LEVEL_IN_MUNICIPALITY = ("adressignalen.csv", "adressignalen.xlsx", "rni_langer_dan_4_maanden.csv",
                                "rni_langer_dan_4_maanden.xlsx", "samenvatting.html")


def purge_period_folder(folder: Path) -> list[str]:
    """Delete the person-level files of one published period; return their relative paths."""
    removed: list[str] = []
    for name in PERSON_LEVEL:
        target = folder / name
        if target.is_dir():
            removed += [p.relative_to(folder).as_posix() for p in sorted(target.rglob("*")) if p.is_file()]
            shutil.rmtree(target)
        elif target.exists():
            removed.append(name)
            target.unlink()
    for path in sorted((folder / "gemeenten").glob("*/*")):
        if path.name in PERSON_LEVEL_IN_MUNICIPALITY:
            removed.append(path.relative_to(folder).as_posix())
            path.unlink()
    for sub in sorted((folder / "gemeenten").glob("*")):
        if sub.is_dir() and not any(sub.iterdir()):
            sub.rmdir()
    manifest_path = folder / "manifest.json"
    if removed and manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        gone = set(removed)
        manifest["outputs"] = [o for o in manifest.get("outputs", []) if o["path"] not in gone]
        manifest["purged_at"] = datetime.now(UTC).replace(microsecond=0).isoformat()
        manifest["purged_outputs"] = len(removed)
        tmp = manifest_path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp.replace(manifest_path)
    return removed
