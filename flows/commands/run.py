"""``feedbackcyclus run`` and ``backfill``: the monthly flow for one period or a range.

A rerun of a period older than one already published is refused unless ``--cascade``
asks to recompute the later ones as well (``plan_periods``): their lifecycle and the
4-of-6-months rule depend on it. A warehouse that cannot be read refuses the run too
(exit 2): without it the refusal cannot be decided, and running would overwrite history.
"""

from __future__ import annotations

import argparse
import os

from feedbackcyclus.errors import RunRefused
from feedbackcyclus.locations import check_locations
from feedbackcyclus.periods import period_range
from feedbackcyclus.settings import Settings
from flows import prefect_env
from flows.commands.arguments import period
from flows.lock import run_lock


def add_parsers(sub: argparse._SubParsersAction) -> None:
    run = sub.add_parser("run", help="draai de cyclus voor één periode")
    run.add_argument("--period", required=True, type=period)
    _run_options(run)
    backfill = sub.add_parser("backfill", help="draai een reeks perioden op volgorde")
    backfill.add_argument("--from", dest="start", required=True, type=period)
    backfill.add_argument("--to", dest="end", required=True, type=period)
    _run_options(backfill)


def _run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--inbox", help="map met <JJJJ-MM>/{polis,werkgevers,brp,rni}.{csv,parquet}")
    p.add_argument("--reports", help="map waarin <JJJJ-MM>/ gepubliceerd wordt")
    p.add_argument("--warehouse", help="DuckDB-bestand van het warehouse")
    p.add_argument("--accept-quality-warnings", action="store_true",
                   help="publiceer ook als een kwaliteitspoort faalt (wordt in het manifest vastgelegd)")
    p.add_argument("--cascade", action="store_true",
                   help="herbereken en herpubliceer ook alle latere, al gepubliceerde perioden")
    p.set_defaults(execute=execute)


def execute(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "run":
        periods = [args.period]
    else:
        try:
            periods = period_range(args.start, args.end)
        except ValueError as exc:  # --from after --to
            raise RunRefused(str(exc)) from None
    return run_periods(settings, periods, args.command, args.cascade)


def later_published(settings: Settings, period: str) -> list[str]:
    """Published periods after ``period`` (they depend on it through the lifecycle).

    No warehouse file: nothing published. A file that cannot be opened is refused by
    ``connect`` (exit 2); one that opens but cannot be read as a warehouse is refused here.
    """
    if not settings.warehouse.exists():
        return []
    import duckdb

    from feedbackcyclus.warehouse import connect, published_periods

    con = connect(settings.warehouse, settings.engine, read_only=True)
    try:
        return [p for p in published_periods(con) if p > period]
    except duckdb.Error as exc:
        raise RunRefused(
            f"het warehouse {settings.warehouse} kan niet worden gelezen ({type(exc).__name__}), dus is niet "
            "na te gaan welke latere perioden al gepubliceerd zijn. Zet een reservekopie terug.") from None
    finally:
        con.close()


def plan_periods(settings: Settings, periods: list[str], cascade: bool) -> list[str]:
    """The periods to run, in order; refuse a rerun that would leave later periods stale."""
    later = [p for p in later_published(settings, periods[-1]) if p not in periods]
    if later and not cascade:
        raise RunRefused(
            f"periode {periods[-1]} is ouder dan de al gepubliceerde periode(n) {', '.join(later)}; "
            "die hangen ervan af (levenscyclus, 4-van-6-maanden). Draai opnieuw met --cascade om ook "
            "die perioden te herberekenen en te herpubliceren.")
    return periods + later


def run_periods(settings: Settings, periods: list[str], command: str, cascade: bool = False) -> int:
    """Run the flow for each period in order, under one lock for the whole range."""
    check_locations(settings)  # before anything is written, the Prefect home included
    prefect_env.prepare_prefect(settings)
    prefect_env.start_logging()
    from flows.monthly import monthly_feedback_cycle, settings_for_runs

    with run_lock(settings.warehouse, f"{command}-{os.getpid()}", f"{periods[0]}..{periods[-1]}"), \
            settings_for_runs(settings):
        periods = plan_periods(settings, periods, cascade)
        for p in periods:
            prefect_env.flow_run_started()
            result = monthly_feedback_cycle(period=p, accept_quality_warnings=settings.accept_quality_warnings,
                                            command=command)
            print(f"{p}: gepubliceerd in {result['folder']} — signalen {result['signals']}, "
                  f"levenscyclus {result['lifecycle']}")
    print(f"Rapporten: {settings.reports.resolve()}")
    return 0
