"""``feedbackcyclus status``: the run registry as a table (DESIGN.md §6).

Read-only: a warehouse another run has open is reported (who, since when), not waited for.
"""

from __future__ import annotations

import argparse
import shutil

from feedbackcyclus.errors import WarehouseInUse
from feedbackcyclus.settings import Settings

COLUMNS = ("run_id", "periode", "opdracht", "status", "start", "einde", "waarschuwingen geaccepteerd", "melding")


def add_parsers(sub: argparse._SubParsersAction) -> None:
    status = sub.add_parser("status", help="toon het runregister")
    status.add_argument("--warehouse")
    status.add_argument("--limit", type=int, default=50)
    status.set_defaults(execute=execute)


def execute(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.warehouse.exists():
        print(f"Nog geen warehouse op {settings.warehouse}: er is nog niets gedraaid.")
        return 0
    from rich.console import Console
    from rich.table import Table

    from feedbackcyclus.warehouse import connect, list_runs
    from flows.lock import holder

    try:
        con = connect(settings.warehouse, settings.engine, read_only=True)
    except WarehouseInUse:
        info = holder(settings.warehouse)
        print(f"Het warehouse is in gebruik door run {info.get('run_id', '?')} (periode {info.get('period', '?')}, "
              f"sinds {info.get('since', '?')}); probeer het na afloop opnieuw.")
        return 0
    try:
        rows = list_runs(con, args.limit)
    finally:
        con.close()
    table = Table(title=f"Runregister ({settings.warehouse})")
    for col in COLUMNS:
        table.add_column(col)
    for r in rows:
        table.add_row(*["" if v is None else ("ja" if v is True else "nee" if v is False else str(v)) for v in r])
    Console(width=max(140, shutil.get_terminal_size().columns)).print(table)
    return 0
