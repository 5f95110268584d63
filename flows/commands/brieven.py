"""``feedbackcyclus brieven``: print-ready PDF letters from a published period (DESIGN.md §5, §6).

Orchestration only: find the period folder, choose the employers, let
``reports.letter_pdf`` render them. A missing period folder or an employer without a
published letter is bad input (exit 2), named without any personal data.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from feedbackcyclus.errors import InputError
from feedbackcyclus.settings import Settings
from flows.commands.arguments import period


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("brieven", help="schrijf de werkgeversbrieven van een gepubliceerde periode als PDF (A4)")
    p.add_argument("--period", required=True, type=period)
    p.add_argument("--reports", help="map met de gepubliceerde perioden (standaard uit de instellingen)")
    p.add_argument("--out", required=True, help="map waarin <loonheffingennummer>.pdf per werkgever komt")
    p.add_argument("--werkgever", dest="werkgevers", action="extend", nargs="+", metavar="LHNR",
                   help="alleen deze werkgever(s); standaard alle werkgevers met een brief")
    p.add_argument("--jobs", type=int, default=None,
                   help="aantal processen (standaard [engine] publish_workers, anders één per kern)")
    p.set_defaults(execute=execute)


def execute(args: argparse.Namespace, settings: Settings) -> int:
    from reports.letter_pdf import LetterNotFound, employers_with_letters, write_letter_pdfs

    period_dir = Path(args.reports or settings.reports) / args.period
    if not period_dir.is_dir():
        raise InputError(f"periode {args.period} is niet gepubliceerd in {period_dir.parent} (map ontbreekt)")
    lhnrs = sorted(set(args.werkgevers)) if args.werkgevers else employers_with_letters(period_dir)
    jobs = args.jobs or settings.engine.publish_workers or os.cpu_count() or 1
    started = time.monotonic()
    try:
        count = write_letter_pdfs(period_dir, lhnrs, Path(args.out), jobs=max(1, jobs))
    except LetterNotFound as exc:
        raise InputError(str(exc), rule="--werkgever: alleen werkgevers met een gepubliceerde brief") from None
    print(f"{count} brief/brieven als PDF geschreven naar {Path(args.out).resolve()} "
          f"in {time.monotonic() - started:.1f} s ({jobs} proces(sen))")
    return 0
