"""The CLI's Prefect log: bad input (a ``FeedbackError``) without a traceback, an internal error
with one (``flows.prefect_env.NoTracebackForUserErrors``, a type check on the record's exception)."""

from __future__ import annotations

import io
import logging
import sys

import pytest

from feedbackcyclus.errors import InputError, QualityGateFailed
from flows.prefect_env import NoTracebackForUserErrors


def _record(exc: BaseException | None, msg: str = "Task run failed with exception: %r") -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc else None
    return logging.LogRecord("prefect.task_runs", logging.ERROR, __file__, 1, msg, (exc,), exc_info)


def _raised(exc: BaseException) -> BaseException:
    try:
        raise exc
    except BaseException as caught:  # noqa: BLE001 - only to give it a traceback
        return caught


@pytest.mark.parametrize("exc", [InputError("kolom bsn ontbreekt", file="polis.csv"),
                                 QualityGateFailed("quarantaine_aandeel 0.4 > 0.01")])
def test_a_feedback_error_loses_its_traceback(exc):
    record = _record(_raised(exc))
    assert NoTracebackForUserErrors().filter(record) is True  # the message is still logged
    assert record.exc_info is None and record.exc_text is None
    assert "Traceback" not in logging.Formatter().format(record)


def test_an_internal_error_keeps_its_traceback():
    record = _record(_raised(RuntimeError("bug")))
    assert NoTracebackForUserErrors().filter(record) is True
    assert "Traceback (most recent call last)" in logging.Formatter().format(record)


def test_no_text_matching_an_internal_error_that_mentions_input_error_keeps_its_traceback():
    record = _record(_raised(KeyError("InputError")), msg="FeedbackError in het bericht: %r")
    NoTracebackForUserErrors().filter(record)
    assert "Traceback (most recent call last)" in logging.Formatter().format(record)


@pytest.fixture
def prefect_console(prefect_harness):
    """Prefect's logging as the CLI sets it up (``start_logging``), its console into a buffer."""
    from prefect.logging.handlers import PrefectConsoleHandler

    from flows import prefect_env

    prefect_env.start_logging()
    buffer = io.StringIO()
    handlers = [h for lg in [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
                for h in getattr(lg, "handlers", []) if isinstance(h, PrefectConsoleHandler)]
    assert handlers and all(any(isinstance(f, NoTracebackForUserErrors) for f in h.filters) for h in handlers)
    for h in handlers:
        h.setStream(buffer)
        h.console.file = buffer
    yield buffer
    for h in handlers:
        h.setStream(sys.__stderr__)
        h.console.file = sys.__stderr__


def _flow_failing_with(exc: Exception):
    from prefect import flow, task

    @task(name="failing_step")
    def failing_step() -> None:
        raise exc

    @flow(name="log-filter-check")
    def check() -> None:
        failing_step()

    return check


def test_in_the_prefect_log_a_task_with_bad_input_prints_no_traceback(prefect_console):
    with pytest.raises(InputError):
        _flow_failing_with(InputError("kolom geslachtsnaam ontbreekt", file="brp.csv"))()
    log = prefect_console.getvalue()
    assert "bestand brp.csv: kolom geslachtsnaam ontbreekt" in log  # the message is there …
    assert "Traceback" not in log  # … without the traceback


def test_in_the_prefect_log_an_internal_error_in_a_task_keeps_its_traceback(prefect_console):
    with pytest.raises(ZeroDivisionError):
        _flow_failing_with(ZeroDivisionError("bug in een regel"))()
    log = prefect_console.getvalue()
    assert "Traceback (most recent call last)" in log and "ZeroDivisionError: bug in een regel" in log
