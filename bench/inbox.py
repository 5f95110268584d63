"""The bench's inbox: two periods generated once per scale (and register format) and cached
under the bench folder with a stamp; a changed generator (any file of ``sample_data``, or the
municipality table it reads) invalidates the cache."""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from pathlib import Path

from bench.measure import ROOT, log

PERIODS = ("2026-09", "2026-10")
SEED = 20261
INPUTS = ("polis", "werkgevers", "brp", "rni")
STAMP = ".bench-inbox.json"


def generator_sha256() -> str:
    """One hash over the generator package's code and data and the reference table it reads."""
    files = sorted(p for p in (ROOT / "sample_data").rglob("*") if p.is_file() and p.suffix in (".py", ".csv", ".txt"))
    files.append(ROOT / "schemas" / "reference" / "gemeenten_2025.csv")
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def inbox_stamp(scale: str, register_format: str = "brp-rni") -> dict:
    stamp = {"scale": scale, "seed": SEED, "start": PERIODS[0], "periods": len(PERIODS), "variations": False,
             "generator_sha256": generator_sha256()}
    if register_format != "brp-rni":
        stamp.update(register_format=register_format)  # the GBA-V writer is part of generator_sha256
    return stamp


def ensure_inbox(scale: str, base: Path, register_format: str = "brp-rni") -> Path:
    inbox = base / ("inbox" if register_format == "brp-rni" else f"inbox-{register_format}")
    stamp = inbox_stamp(scale, register_format)
    names = INPUTS if register_format == "brp-rni" else (*INPUTS[:2], "gbav")
    try:
        if json.loads((inbox / STAMP).read_text()) == stamp and all(
                (inbox / p / f"{name}.csv").exists() for p in PERIODS for name in names):
            log(f"inbox cached in {inbox}")
            return inbox
    except (OSError, ValueError):
        pass
    from sample_data.generator import generate

    log(f"generating the {scale} inbox ({len(PERIODS)} periods, variations=False) into {inbox} (once)")
    started = time.monotonic()
    partial = base / f"{inbox.name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    generate(scale, len(PERIODS), partial, seed=SEED, start=PERIODS[0], variations=False,
             register_format=register_format)
    (partial / STAMP).write_text(json.dumps(stamp))
    if inbox.is_symlink() or inbox.is_file():
        inbox.unlink()
    shutil.rmtree(inbox, ignore_errors=True)
    partial.rename(inbox)
    log(f"generated in {time.monotonic() - started:.1f} s")
    return inbox

