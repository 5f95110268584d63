"""Prefect for a CLI process: where its state lives, and what its log shows.

Only the commands that run the flow call this (``flows.commands.run``); the others never
import Prefect. ``prepare_prefect`` must run before Prefect is imported: Prefect reads its
settings from the environment at import time.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from feedbackcyclus.errors import FeedbackError
from feedbackcyclus.settings import Settings

_flow_runs = 0  # flow runs started by this command (so a Prefect flow-run log exists to point at)


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


class NoTracebackForUserErrors(logging.Filter):
    """Prefect logs a failing task or flow with ``exc_info`` (its traceback); for bad input
    (a ``FeedbackError``: exit 2, the message names file, row or column and rule) the message
    is enough, for anything else the traceback stays — that is what the operator sends us.

    A type check, no text matching: every Prefect record that carries a traceback carries the
    exception itself (``logger.error(..., exc_info=True)`` inside the ``except`` that caught
    it, or ``logger.exception``). The records that only *name* the error ("Finished in state
    Failed('… InputError: …')") carry no traceback, so there is nothing to remove there.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, FeedbackError):
            record.exc_info, record.exc_text = None, None
        return True


def install_log_filter() -> None:
    """Put the filter on the handlers Prefect's logging set-up made (after ``setup_logging``)."""
    flt = NoTracebackForUserErrors()
    for name in ("prefect", "prefect.flow_runs", "prefect.task_runs", ""):
        for handler in logging.getLogger(name).handlers:
            if not any(isinstance(f, NoTracebackForUserErrors) for f in handler.filters):
                handler.addFilter(flt)


def start_logging() -> None:
    """Prefect's logging configuration, then the filter above on its handlers."""
    from prefect.logging.configuration import setup_logging

    setup_logging()
    install_log_filter()


def flow_run_started() -> None:
    global _flow_runs
    _flow_runs += 1


def forget_flow_runs() -> None:
    """At the start of a command (the CLI can be called more than once in one process)."""
    global _flow_runs
    _flow_runs = 0


def flow_log_exists() -> bool:
    """Whether an internal error can be looked up in a Prefect flow-run log."""
    return _flow_runs > 0
