"""``feedbackcyclus purge --keep-months N``: remove person-level data of older periods.

Which periods go is a rule (``transforms.retention.retention_cutoffs``: the payroll history
the 4-of-6-months rule needs stays longer); the warehouse rows go through
``feedbackcyclus.warehouse.purge_before`` and the published files through
``reports.retention``. Counts, employer figures and the run registry stay.
"""

from __future__ import annotations

import argparse
import os

from feedbackcyclus.errors import RunRefused
from feedbackcyclus.settings import Settings
from flows.lock import run_lock


def add_parsers(sub: argparse._SubParsersAction) -> None:
    purge = sub.add_parser("purge", help="verwijder persoonsgegevens van perioden ouder dan N maanden")
    purge.add_argument("--keep-months", type=int, required=True)
    purge.add_argument("--reports")
    purge.add_argument("--warehouse")
    purge.set_defaults(execute=execute)


def execute(args: argparse.Namespace, settings: Settings) -> int:
    keep_months = args.keep_months
    if keep_months < 1:
        raise RunRefused("--keep-months moet minstens 1 zijn (de nieuwste periode blijft altijd)")
    if not settings.warehouse.exists():
        print(f"Geen warehouse op {settings.warehouse}: niets te verwijderen.")
        return 0
    from feedbackcyclus.warehouse import connect, published_periods, purge_before
    from reports.retention import purge_period_folder
    from transforms.retention import retention_cutoffs

    with run_lock(settings.warehouse, f"purge-{os.getpid()}", "purge"):
        con = connect(settings.warehouse, settings.engine)
        try:
            periods = published_periods(con)
            if not periods:
                print("Nog niets gepubliceerd: niets te verwijderen.")
                return 0
            cutoff, payroll_cutoff = retention_cutoffs(periods[-1], keep_months, settings.rules.rni_window_months)
            removed = purge_before(con, cutoff, payroll_cutoff)
        finally:
            con.close()
        files = sum(len(purge_period_folder(folder))
                    for folder in sorted(settings.reports.glob("[0-9][0-9][0-9][0-9]-[0-9][0-9]"))
                    if folder.name < cutoff)
    print(f"Bewaard: perioden vanaf {cutoff} (loonhistorie vanaf {payroll_cutoff} voor de 4-van-6-regel). "
          f"Verwijderd: {removed['signals_removed']} signaalrijen, {removed['payroll_rows_removed']} "
          f"loonhistorierijen, {files} gepubliceerde bestanden met persoonsgegevens. Tellingen, "
          "werkgeverscijfers en het runregister blijven.")
    return 0
