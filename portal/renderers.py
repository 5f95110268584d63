"""An employer's spreadsheet and letter PDF, rendered on request and cached (DESIGN.md §5).

The monthly batch does not write ``registratiesignalen.xlsx`` or ``brief.pdf`` for tens of
thousands of employers; the portal asks the same renderers that ``feedbackcyclus brieven``
uses and serves their bytes unchanged. The cache key is the SHA-256 of everything the
render can depend on — the employer folder's published files and the period's
``manifest.json`` — so a republished period never serves a stale file. Cache files are
written atomically and readable by the owner only (person data, DESIGN.md §8).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _render(kind: str, period_dir: Path, lhnr: str) -> bytes:
    # Imported on request: the renderers belong to the reports package (another issue's work).
    if kind == "xlsx":
        from reports.xlsx import employer_signals_xlsx

        return employer_signals_xlsx(period_dir, lhnr)
    from reports.letter_pdf import render_letter_pdf

    return render_letter_pdf(period_dir, lhnr)


def cache_key(kind: str, employer_dir: Path) -> str:
    digest = hashlib.sha256(kind.encode())
    manifest = employer_dir.parent.parent / "manifest.json"
    for path in [*sorted(p for p in employer_dir.iterdir() if p.is_file()), manifest]:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def rendered(kind: str, employer_dir: Path, cache_dir: Path) -> bytes:
    """The render's bytes for the employer folder, from the cache when its sources are unchanged."""
    cached = cache_dir / kind / f"{cache_key(kind, employer_dir)}.{kind}"
    if cached.is_file():
        return cached.read_bytes()
    data = _render(kind, employer_dir.parent.parent, employer_dir.name)
    cached.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=cached.parent, prefix=".tmp-")  # mkstemp creates 0600
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, cached)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        raise
    return data
