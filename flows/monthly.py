"""The Prefect flow ``monthly-feedback-cycle``: thin tasks around ``flows.steps``.

Tasks receive the ``RunContext`` (settings, period and the DuckDB connection) and pass
table names, never data frames, so nothing large or personal goes through Prefect.
Results are not persisted and caching is off: a rerun always recomputes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from feedbackcyclus.locations import private_umask
from feedbackcyclus.periods import parse_period, previous_month
from feedbackcyclus.settings import Settings, load_settings
from flows import steps
from flows.artifacts import publish_artifacts
from flows.context import RunContext

TASK_OPTIONS = {"cache_policy": NO_CACHE, "persist_result": False, "retries": 0}


@task(name="ingest", **TASK_OPTIONS)
def ingest_task(ctx: RunContext) -> dict:
    """Read and validate the four inputs; quarantine and findings per row."""
    return steps.ingest_step(ctx)


@task(name="validate", **TASK_OPTIONS)
def validate_task(ctx: RunContext, inputs: dict) -> list[dict]:
    """Batch quality gates: may this period be published?"""
    return steps.quality_step(ctx, inputs)


@task(name="match", **TASK_OPTIONS)
def match_task(ctx: RunContext) -> dict:
    """The matching rules, lifecycle, employer figures and risk feed."""
    return steps.match_step(ctx)


@task(name="publish", **TASK_OPTIONS)
def publish_task(ctx: RunContext, inputs: dict, quality: list[dict], figures: dict) -> str:
    """Render, commit the warehouse, swap the period folder into place."""
    return str(steps.publish_step(ctx, inputs, quality, figures))


def run_cycle(ctx: RunContext) -> dict:
    """The run with each step as a Prefect task."""
    return steps.execute(ctx, ingest=ingest_task, validate=validate_task, match=match_task, publish=publish_task)


_process_settings: Settings | None = None


@contextmanager
def settings_for_runs(settings: Settings) -> Iterator[None]:
    """Run the flow in this process with ``settings`` (the CLI's, paths included).

    Paths are not flow parameters (DESIGN.md §6 v2): anyone who can start a run in the
    Prefect UI could otherwise point it at any folder. The CLI calls the flow in its own
    process and hands its settings over here; a served deployment reads its settings file
    (``FEEDBACKCYCLUS_CONFIG``) instead.
    """
    global _process_settings
    previous, _process_settings = _process_settings, settings
    try:
        yield
    finally:
        _process_settings = previous


def deployment_settings() -> Settings:
    """The settings of this process: the CLI's when it runs the flow, else the settings file."""
    return _process_settings if _process_settings is not None else load_settings()


@flow(name="monthly-feedback-cycle", log_prints=False, persist_result=False)
def monthly_feedback_cycle(period: str | None = None, accept_quality_warnings: bool = False,
                           command: str = "run") -> dict:
    """One period from inbox to published reports (DESIGN.md §2).

    ``period`` is ``YYYY-MM``; empty (a scheduled run) means the previous calendar month in
    Europe/Amsterdam, the payroll month whose extracts arrive early in the month. Paths and
    thresholds are settings of the deployment (``deployment_settings``), not parameters.
    """
    private_umask()
    period = period or previous_month()
    parse_period(period)
    base = deployment_settings()
    base = replace(base, accept_quality_warnings=accept_quality_warnings or base.accept_quality_warnings)
    logger = get_run_logger()
    ctx = RunContext(settings=base, period=period, command=command, progress=logger.info)
    result = run_cycle(ctx)
    logger.info("gepubliceerd: %s", Path(result["folder"]))
    publish_artifacts(result)
    return result
