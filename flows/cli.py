"""The ``feedbackcyclus`` command line (DESIGN.md §6).

Exit codes: 0 published/done; 2 bad input, failed quality gate or refused run (with a
message naming file, row or column and rule); 1 internal error. Bad input never prints a
traceback. Prefect is imported only by the commands that run the flow.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
from dataclasses import replace
from pathlib import Path

from feedbackcyclus.errors import FeedbackError, RunRefused, WarehouseInUse
from feedbackcyclus.locations import check_locations, private_umask
from feedbackcyclus.periods import parse_period, period_range
from feedbackcyclus.settings import Settings, load_settings
from flows import cli_portal
from flows.lock import run_lock

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT = 0, 1, 2


def _period(text: str) -> str:
    try:
        parse_period(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="feedbackcyclus", description=__doc__.splitlines()[0])
    parser.add_argument("--config", help="TOML-bestand met instellingen (standaard config/feedbackcyclus.toml)")
    sub = parser.add_subparsers(dest="command", required=True)

    def run_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--inbox", help="map met <JJJJ-MM>/{polis,werkgevers,brp,rni}.{csv,parquet}")
        p.add_argument("--reports", help="map waarin <JJJJ-MM>/ gepubliceerd wordt")
        p.add_argument("--warehouse", help="DuckDB-bestand van het warehouse")
        p.add_argument("--accept-quality-warnings", action="store_true",
                       help="publiceer ook als een kwaliteitspoort faalt (wordt in het manifest vastgelegd)")
        p.add_argument("--cascade", action="store_true",
                       help="herbereken en herpubliceer ook alle latere, al gepubliceerde perioden")

    run = sub.add_parser("run", help="draai de cyclus voor één periode")
    run.add_argument("--period", required=True, type=_period)
    run_options(run)

    backfill = sub.add_parser("backfill", help="draai een reeks perioden op volgorde")
    backfill.add_argument("--from", dest="start", required=True, type=_period)
    backfill.add_argument("--to", dest="end", required=True, type=_period)
    run_options(backfill)

    gen = sub.add_parser("generate", help="maak voorbeeldinvoer")
    gen.add_argument("--scale", choices=("small", "medium", "national"), default="small")
    gen.add_argument("--periods", type=int, default=6)
    gen.add_argument("--out", required=True)
    gen.add_argument("--seed", type=int, default=20261)
    gen.add_argument("--start", type=_period, default="2026-05", help="eerste periode (standaard 2026-05)")
    gen.add_argument("--register-format", choices=("brp-rni", "gbav"), default="brp-rni",
                     help="registers als brp + rni (standaard) of als één GBA-V-extract gbav.csv (DESIGN.md §3a)")

    purge = sub.add_parser("purge", help="verwijder persoonsgegevens van perioden ouder dan N maanden")
    purge.add_argument("--keep-months", type=int, required=True)
    purge.add_argument("--reports")
    purge.add_argument("--warehouse")

    from flows.cli_brieven import add_parser as add_brieven
    add_brieven(sub, _period)

    status = sub.add_parser("status", help="toon het runregister")
    status.add_argument("--warehouse")
    status.add_argument("--limit", type=int, default=50)
    cli_portal.add_commands(sub)  # portal, account, audit (DESIGN.md §9)
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    settings = load_settings(args.config)
    settings = settings.with_paths(getattr(args, "inbox", None), getattr(args, "reports", None),
                                   getattr(args, "warehouse", None))
    if getattr(args, "accept_quality_warnings", False):
        settings = replace(settings, accept_quality_warnings=True)
    return settings


def prepare_prefect(settings: Settings) -> None:
    """Keep Prefect's state beside the warehouse (``state_dir/prefect``, never the current
    directory) and quiet: no analytics, no network. An explicit ``PREFECT_HOME`` wins."""
    home = Path(os.environ.get("PREFECT_HOME") or (settings.state_dir / "prefect").resolve())
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.environ["PREFECT_HOME"] = str(home)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    os.environ.setdefault("PREFECT_LOGGING_EXTRA_LOGGERS", "")
    os.environ.setdefault("DO_NOT_TRACK", "1")


class _NoTracebackForUserErrors(logging.Filter):
    """Prefect logs a failing task or flow with its traceback; for bad input the message is enough."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, FeedbackError):
            record.exc_info, record.exc_text = None, None
        elif "FeedbackError" in str(getattr(record, "msg", "")) or "InputError" in str(record.msg):
            record.exc_text = None
        return True


def _install_log_filter() -> None:
    flt = _NoTracebackForUserErrors()
    for name in ("prefect", "prefect.flow_runs", "prefect.task_runs", ""):
        logger = logging.getLogger(name)
        for handler in logger.handlers:
            if flt not in handler.filters:
                handler.addFilter(flt)


def later_published(settings: Settings, period: str) -> list[str]:
    """Published periods after ``period`` (they depend on it through the lifecycle)."""
    if not settings.warehouse.exists():
        return []
    from feedbackcyclus.warehouse import connect, published_periods

    con = connect(settings.warehouse, settings.engine, read_only=True)
    try:
        return [p for p in published_periods(con) if p > period]
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


_flow_started = False  # whether a Prefect flow run (and so a flow log) exists for this command


def run_periods(settings: Settings, periods: list[str], command: str, cascade: bool = False) -> int:
    global _flow_started
    check_locations(settings)  # before anything is written, the Prefect home included
    prepare_prefect(settings)
    from prefect.logging.configuration import setup_logging

    setup_logging()
    _install_log_filter()
    from flows.monthly import monthly_feedback_cycle, settings_for_runs

    with run_lock(settings.warehouse, f"{command}-{os.getpid()}", f"{periods[0]}..{periods[-1]}"), \
            settings_for_runs(settings):
        periods = plan_periods(settings, periods, cascade)
        for period in periods:
            _flow_started = True
            result = monthly_feedback_cycle(period=period, accept_quality_warnings=settings.accept_quality_warnings,
                                            command=command)
            print(f"{period}: gepubliceerd in {result['folder']} — signalen {result['signals']}, "
                  f"levenscyclus {result['lifecycle']}")
    print(f"Rapporten: {settings.reports.resolve()}")
    return EXIT_OK


def cmd_status(settings: Settings, limit: int) -> int:
    if not settings.warehouse.exists():
        print(f"Nog geen warehouse op {settings.warehouse}: er is nog niets gedraaid.")
        return EXIT_OK
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
        return EXIT_OK
    try:
        rows = list_runs(con, limit)
    finally:
        con.close()
    table = Table(title=f"Runregister ({settings.warehouse})")
    for col in ("run_id", "periode", "opdracht", "status", "start", "einde", "waarschuwingen geaccepteerd",
                "melding"):
        table.add_column(col)
    for r in rows:
        table.add_row(*["" if v is None else ("ja" if v is True else "nee" if v is False else str(v)) for v in r])
    Console(width=max(140, shutil.get_terminal_size().columns)).print(table)
    return EXIT_OK


def cmd_purge(settings: Settings, keep_months: int) -> int:
    if keep_months < 1:
        raise RunRefused("--keep-months moet minstens 1 zijn (de nieuwste periode blijft altijd)")
    if not settings.warehouse.exists():
        print(f"Geen warehouse op {settings.warehouse}: niets te verwijderen.")
        return EXIT_OK
    from feedbackcyclus.warehouse import connect, published_periods, purge_before
    from reports.retention import purge_period_folder
    from transforms.retention import retention_cutoffs

    with run_lock(settings.warehouse, f"purge-{os.getpid()}", "purge"):
        con = connect(settings.warehouse, settings.engine)
        try:
            periods = published_periods(con)
            if not periods:
                print("Nog niets gepubliceerd: niets te verwijderen.")
                return EXIT_OK
            cutoff, payroll_cutoff = retention_cutoffs(periods[-1], keep_months, settings.rules.rni_window_months)
            result = {"cutoff": cutoff, "payroll_cutoff": payroll_cutoff,
                      **purge_before(con, cutoff, payroll_cutoff)}
        finally:
            con.close()
        files = 0
        for folder in sorted(settings.reports.glob("[0-9][0-9][0-9][0-9]-[0-9][0-9]")):
            if folder.name < result["cutoff"]:
                files += len(purge_period_folder(folder))
    print(f"Bewaard: perioden vanaf {result['cutoff']} (loonhistorie vanaf {result['payroll_cutoff']} voor de "
          f"4-van-6-regel). Verwijderd: {result['signals_removed']} signaalrijen, "
          f"{result['payroll_rows_removed']} loonhistorierijen, {files} gepubliceerde bestanden met "
          "persoonsgegevens. Tellingen, werkgeverscijfers en het runregister blijven.")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    global _flow_started
    private_umask()  # everything a command writes may hold person data: owner-only (DESIGN.md §8)
    _flow_started = False
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = _settings(args)  # ConfigError (exit 2) names the key and the file read
        if args.command == "generate":
            from sample_data.generator import generate

            summary = generate(args.scale, args.periods, Path(args.out), seed=args.seed, start=args.start,
                               register_format=args.register_format)
            print(f"Voorbeeldinvoer geschreven naar {Path(args.out).resolve()}: {summary}")
            return EXIT_OK
        if args.command in cli_portal.COMMANDS:
            return cli_portal.run_command(args, settings)
        if args.command == "status":
            return cmd_status(settings, args.limit)
        if args.command == "purge":
            return cmd_purge(settings, args.keep_months)
        if args.command == "brieven":
            from flows.cli_brieven import cmd_brieven
            return cmd_brieven(settings, args)
        if args.command == "run":
            periods = [args.period]
        else:
            try:
                periods = period_range(args.start, args.end)
            except ValueError as exc:
                raise RunRefused(str(exc)) from None
        return run_periods(settings, periods, args.command, args.cascade)
    except FeedbackError as exc:
        print(f"feedbackcyclus: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("feedbackcyclus: afgebroken", file=sys.stderr)
        return EXIT_INTERNAL
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback, exit 1
        where = ("zie de Prefect-log van de flow run voor details" if _flow_started
                 else "draai opnieuw met FEEDBACKCYCLUS_DEBUG=1 voor de details")
        print(f"feedbackcyclus: interne fout ({type(exc).__name__}); {where}", file=sys.stderr)
        if os.environ.get("FEEDBACKCYCLUS_DEBUG"):
            raise
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
