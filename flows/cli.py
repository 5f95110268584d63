"""The ``feedbackcyclus`` command line (DESIGN.md §6).

Exit codes: 0 published/done; 2 bad input, failed quality gate or refused run (with a
message naming file, row or column and rule); 1 internal error. Bad input never prints a
traceback. This module only parses and dispatches; each command lives in its own module
under ``flows/commands/`` and Prefect is imported only by the commands that run the flow.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace

from feedbackcyclus.errors import FeedbackError
from feedbackcyclus.locations import private_umask
from feedbackcyclus.settings import Settings, load_settings
from flows import prefect_env
from flows.commands import brieven, generate, portal, purge, run, status

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT = 0, 1, 2
# in the order of ``feedbackcyclus --help``; each binds ``args.execute`` for its sub-command(s)
COMMANDS = (run, generate, purge, brieven, status, portal)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="feedbackcyclus", description=__doc__.splitlines()[0])
    parser.add_argument("--config", help="TOML-bestand met instellingen (standaard config/feedbackcyclus.toml)")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_parsers(sub)
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    """The settings file, with the paths and the flag given on the command line on top."""
    settings = load_settings(args.config)
    settings = settings.with_paths(getattr(args, "inbox", None), getattr(args, "reports", None),
                                   getattr(args, "warehouse", None))
    if getattr(args, "accept_quality_warnings", False):
        settings = replace(settings, accept_quality_warnings=True)
    return settings


def main(argv: list[str] | None = None) -> int:
    private_umask()  # everything a command writes may hold person data: owner-only (DESIGN.md §8)
    prefect_env.forget_flow_runs()
    args = build_parser().parse_args(argv)
    try:
        settings = _settings(args)  # ConfigError (exit 2) names the key and the file read
        return args.execute(args, settings)
    except FeedbackError as exc:
        print(f"feedbackcyclus: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("feedbackcyclus: afgebroken", file=sys.stderr)
        return EXIT_INTERNAL
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback, exit 1
        where = ("zie de Prefect-log van de flow run voor details" if prefect_env.flow_log_exists()
                 else "draai opnieuw met FEEDBACKCYCLUS_DEBUG=1 voor de details")
        print(f"feedbackcyclus: interne fout ({type(exc).__name__}); {where}", file=sys.stderr)
        if os.environ.get("FEEDBACKCYCLUS_DEBUG"):
            raise
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
