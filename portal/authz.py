"""Authorisation in one place (DESIGN.md §9): may this account open this path of this period?

Every route asks ``authorize``; it answers with a ``Grant`` (what to serve) or ``None``,
which every route turns into the same 404 — another scope, ``..`` (also percent-encoded:
the server decodes before we see the path), a hidden or odd path segment, a symlink
pointing outside the period or into another scope, a folder, a file that does not exist.

Role rules: ``analist`` everything in the period; ``gemeente`` ``gemeenten/<scope>/…`` and
``rapport.html``; ``werkgever`` ``werkgevers/<scope>/…``; ``inspectie`` ``inspectie/…`` and
``rapport.html``. Containment is checked on the *resolved* path against the *unresolved*
scope folder inside the resolved period folder, so a symlinked scope folder or file that
leads anywhere else is refused.

An employer's ``registratiesignalen.xlsx`` and ``brief.pdf`` are not published files: they
are granted as renders (DESIGN.md §5) when the published file they are rendered from —
``registratiesignalen.csv``, ``brief.html`` — is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from portal.accounts import Account

PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")
RENDERS = {"registratiesignalen.xlsx": "xlsx", "brief.pdf": "pdf"}
RENDER_SOURCES = {"xlsx": "registratiesignalen.csv", "pdf": "brief.html"}  # the published file each renders


@dataclass(frozen=True)
class Grant:
    kind: str  # "file", or a render: "xlsx", "pdf"
    path: Path  # the file to serve, or for a render the employer folder


def _scope_folder(account: Account, period_dir: Path, parts: list[str]) -> Path | None:
    """The folder this account may read ``parts`` from, or None when the role rules say no."""
    role, scope = account.rol, account.scope
    if role == "analist":
        return period_dir
    if parts == ["rapport.html"] and role in ("gemeente", "inspectie"):
        return period_dir
    if role == "gemeente" and scope and len(parts) >= 3 and parts[:2] == ["gemeenten", scope]:
        return period_dir / "gemeenten" / scope
    if role == "werkgever" and scope and len(parts) >= 3 and parts[:2] == ["werkgevers", scope]:
        return period_dir / "werkgevers" / scope
    if role == "inspectie" and len(parts) >= 2 and parts[0] == "inspectie":
        return period_dir / "inspectie"
    return None


def _contained_file(candidate: Path, folder: Path) -> Path | None:
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not real.is_file() or not real.is_relative_to(folder):
        return None
    return real


def authorize(account: Account | None, reports_root: Path, period: str, relpath: str) -> Grant | None:
    """What ``account`` may be served for ``<reports>/<period>/<relpath>``; ``None`` means 404."""
    if account is None or not PERIOD.match(period or ""):
        return None
    parts = (relpath or "").split("/")
    if not all(_SEGMENT.match(p) for p in parts):
        return None
    root = reports_root.resolve()
    period_dir = root / period
    if period_dir.is_symlink() or not period_dir.is_dir():
        return None
    folder = _scope_folder(account, period_dir, parts)
    if folder is None:
        return None
    real = _contained_file(period_dir.joinpath(*parts), folder)
    if real is not None:
        return Grant("file", real)
    render = RENDERS.get(parts[-1])
    if render and len(parts) == 3 and parts[0] == "werkgevers":
        source = _contained_file(period_dir.joinpath(*parts[:-1], RENDER_SOURCES[render]), folder)
        if source is not None:
            return Grant(render, source.parent)
    return None


def allowed_files(account: Account, reports_root: Path, period: str, limit: int = 2000) -> list[str]:
    """The published files of a period this account may open (for the index page), sorted.

    Walks only the folders the role may read. For analysts the listing is capped at
    ``limit`` (a national period has tens of thousands of employer folders).
    """
    period_dir = reports_root.resolve() / period
    if account.rol == "analist":
        starts = [period_dir]
    elif account.rol == "gemeente":
        starts = [period_dir / "rapport.html", period_dir / "gemeenten" / (account.scope or "-")]
    elif account.rol == "werkgever":
        starts = [period_dir / "werkgevers" / (account.scope or "-")]
    else:
        starts = [period_dir / "rapport.html", period_dir / "inspectie"]
    found: list[str] = []
    for start in starts:
        candidates = [start] if start.is_file() else sorted(start.rglob("*")) if start.is_dir() else []
        for path in candidates:
            rel = path.relative_to(period_dir).as_posix()
            if authorize(account, reports_root, period, rel) is not None:
                found.append(rel)
                if len(found) >= limit:
                    return found
    if account.rol == "werkgever":
        for name in RENDERS:
            rel = f"werkgevers/{account.scope}/{name}"
            if rel not in found and authorize(account, reports_root, period, rel) is not None:
                found.append(rel)
    return sorted(found)


def published_periods(reports_root: Path) -> list[str]:
    """Period folders under the reports root, newest first."""
    if not reports_root.is_dir():
        return []
    return sorted((p.name for p in reports_root.iterdir() if PERIOD.match(p.name) and p.is_dir()
                   and not p.is_symlink()), reverse=True)
