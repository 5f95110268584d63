"""The Prefect flow ``monthly-feedback-cycle``: thin tasks around ``flows.steps``.

Tasks receive the ``RunContext`` (settings, period and the DuckDB connection) and pass
table names, never data frames, so nothing large or personal goes through Prefect.
Results are not persisted and caching is off: a rerun always recomputes.
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from feedbackcyclus.periods import parse_period, previous_month
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


@flow(name="monthly-feedback-cycle", log_prints=False, persist_result=False)
def monthly_feedback_cycle(period: str | None = None, inbox: str | None = None, reports: str | None = None,
                           warehouse: str | None = None, accept_quality_warnings: bool = False,
                           config: str | None = None, command: str = "run") -> dict:
    """One period from inbox to published reports (DESIGN.md §2).

    ``period`` is ``YYYY-MM``; empty (a scheduled run) means the previous calendar month in
    Europe/Amsterdam, the payroll month whose extracts arrive early in the month.
    """
    from dataclasses import replace

    from feedbackcyclus.settings import load_settings

    period = period or previous_month()
    parse_period(period)
    base = load_settings(config)
    base = replace(base.with_paths(inbox, reports, warehouse),
                   accept_quality_warnings=accept_quality_warnings or base.accept_quality_warnings)
    logger = get_run_logger()
    ctx = RunContext(settings=base, period=period, command=command, progress=logger.info)
    result = run_cycle(ctx)
    logger.info("gepubliceerd: %s", Path(result["folder"]))
    publish_artifacts(result)
    return result
