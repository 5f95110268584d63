"""Where a run may read and write, and with which permissions (DESIGN.md §2, §8 v2).

- ``check_locations``: inbox, reports, warehouse and the run's state must not overlap (equal,
  or one inside the other, symlinks resolved). A run replaces ``<reports>/<period>`` whole;
  with ``--reports`` equal to ``--inbox`` that would delete the delivery it reads. Refused
  with exit 2 before anything is written.
- ``private_umask``: every file and folder a run creates holds person data (or may), so the
  process umask is 077 from the start: owner-only whatever the operator's umask, inherited
  by the worker processes that write employer folders. ``tighten`` repairs what an older
  run or a library that sets its own modes left readable by others.
- ``disk_full``: recognise ENOSPC, whether Python or DuckDB ran into it.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from feedbackcyclus.errors import RunRefused

PRIVATE_UMASK = 0o077


def private_umask() -> int:
    """Set the process umask to 077; returns the previous one."""
    return os.umask(PRIVATE_UMASK)


def _resolved(path: Path) -> Path:
    return Path(os.path.abspath(path.expanduser())).resolve()


def _inside(a: Path, b: Path) -> bool:
    return a == b or b in a.parents


def check_locations(settings) -> None:
    """Refuse overlapping inbox / reports / warehouse / state locations (``RunRefused``)."""
    places = {
        "--inbox": _resolved(settings.inbox),
        "--reports": _resolved(settings.reports),
        "--warehouse": _resolved(settings.warehouse),
    }
    state = _resolved(settings.state_dir)
    places["tijdelijke bestanden (state_dir/tmp)"] = state / "tmp"
    places["kwaliteitsrapporten (state_dir/kwaliteit)"] = state / "kwaliteit"
    if settings.engine.temp_directory:
        places["[engine] temp_directory"] = _resolved(Path(settings.engine.temp_directory))
    names = list(places)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            pa, pb = places[a], places[b]
            if _inside(pa, pb) or _inside(pb, pa):
                how = "zijn dezelfde plek" if pa == pb else "liggen in elkaar"
                raise RunRefused(
                    f"{a} ({pa}) en {b} ({pb}) {how}; een run zou dan zijn eigen invoer of uitvoer "
                    "overschrijven of verwijderen. Kies gescheiden mappen; er is niets geschreven.")


def tighten(paths: Iterable[Path], *, made_private: Iterable[Path] = ()) -> None:
    """Make each existing path, and everything under a folder, owner-only (0600 / 0700).

    Symlinks are neither changed nor followed. ``made_private``: folders whose *contents*
    were created owner-only by the code that wrote them (an explicit mode 0700 / 0600 in the
    system call, which no umask or default ACL can widen): the folder itself is checked, its
    contents are not walked. That is the ~80 000 employer folders of a national month
    (``reports.employer.write_range``), whose ~160 000 ``lstat`` calls cost ~1.8 s here,
    mostly in the kernel (issue 16); everything else is walked.
    """
    skip = {os.fspath(p) for p in made_private}
    for top in paths:
        try:
            mode = os.lstat(top).st_mode
        except FileNotFoundError:
            continue
        if stat.S_ISLNK(mode):
            continue
        _tighten_mode(os.fspath(top), mode)
        if stat.S_ISDIR(mode) and os.fspath(top) not in skip:
            _tighten_tree(os.fspath(top), skip)


def _tighten_tree(top: str, skip: set[str]) -> None:
    folders = [top]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                mode = entry.stat(follow_symlinks=False).st_mode
                if stat.S_ISLNK(mode):
                    continue
                _tighten_mode(entry.path, mode)
                if stat.S_ISDIR(mode) and entry.path not in skip:
                    folders.append(entry.path)


def _tighten_mode(path: str, mode: int) -> None:
    if mode & 0o077:
        os.chmod(path, 0o700 if stat.S_ISDIR(mode) else 0o600)


def disk_full(exc: BaseException) -> bool:
    """True when ``exc`` (or what caused it) is a full disk."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
            return True
        if "No space left on device" in str(exc):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False
