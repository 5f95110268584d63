"""The steps of a monthly run as plain functions (the Prefect tasks call these).

open → ingest → quality → match → publish → close. Each step takes the ``RunContext`` and
works on tables in its connection; no step holds business rules of its own.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from pathlib import Path

import duckdb

from feedbackcyclus import warehouse
from feedbackcyclus.errors import DiskFull, FeedbackError, QualityGateFailed
from feedbackcyclus.faults import fail_point, pause_point
from feedbackcyclus.locations import check_locations, disk_full, private_umask, tighten
from feedbackcyclus.outcome_store import load_outcome_rows, read_outcomes
from flows.context import RunContext, code_version, now
from flows.lock import run_lock
from intake.ingest import ingest_period
from reports import employer as employer_folders
from reports.manifest import build_manifest, write_manifest
from reports.national import national_context
from reports.publish import recover, render_period, staging_dir, swap_into_place
from reports.quality_page import keep_failed_quality_report, write_quality_page
from schemas.quality_gates import evaluate_gates
from schemas.quality_gates import preload as preload_quality_tools
from transforms.matching import match_period


def open_run(ctx: RunContext) -> None:
    threading.Thread(target=preload_quality_tools, name="gx-preload", daemon=True).start()
    outcomes = read_outcomes(ctx.settings, ctx.started_at)  # §9: answers stored before this run, read-only
    ctx.con = warehouse.connect(ctx.settings.warehouse, ctx.settings.engine)
    con = ctx.con
    load_outcome_rows(con, outcomes)
    for line in recover(ctx.settings.reports, lambda period: warehouse.published_run_id(con, period)):
        ctx.progress(line)
    warehouse.register_start(con, run_id=ctx.run_id, period=ctx.period, command=ctx.command,
                             started_at=ctx.started_at, code_version=code_version(),
                             accepted_quality_warnings=ctx.settings.accept_quality_warnings, pid=ctx.pid,
                             host=ctx.host)
    ctx.tmp_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    tighten([ctx.tmp_dir])


@contextlib.contextmanager
def disk_full_is_reported(ctx: RunContext, default: Path | None = None):
    """Inside a step: a full disk becomes ``DiskFull`` (exit 2, the folder named) right where it
    happens, so Prefect logs one message instead of an internal error with a traceback."""
    try:
        yield
    except FeedbackError:
        raise
    except Exception as exc:
        if disk_full(exc):
            raise DiskFull(_full_folder(ctx, exc, default)) from None
        raise


def ingest_step(ctx: RunContext) -> dict:
    with disk_full_is_reported(ctx):
        reports = ingest_period(ctx.con, ctx.settings, ctx.period, ctx.tmp_dir, ctx.progress, ctx.timings)
    pause_point("ingest")
    return {name: r.as_manifest() for name, r in reports.items()}


def quality_step(ctx: RunContext, inputs: dict) -> list[dict]:
    """Run the GX batch gates; stop before publishing when one fails (unless accepted)."""
    results = evaluate_gates(ctx.con, ctx.period, inputs, ctx.settings.quality)
    failed = [r for r in results if not r.passed]
    as_dicts = [r.as_manifest() for r in results]
    if failed and not ctx.settings.accept_quality_warnings:
        keep = ctx.settings.quality_dir / ctx.period / ctx.run_id
        keep_failed_quality_report(keep, ctx.period, ctx.run_id, as_dicts)
        tighten([ctx.settings.quality_dir])
        lines = "; ".join(f"{r.input}: {r.expectation} = {r.observed} (grens {r.threshold})" for r in failed)
        raise QualityGateFailed(
            f"kwaliteitspoort niet gehaald voor {ctx.period}: {lines}. Er is niets gepubliceerd. "
            f"Kwaliteitsrapport (kwaliteit.json, kwaliteit.html): {keep}. Bekijk de invoer, of publiceer bewust met "
            "--accept-quality-warnings.")
    for r in failed:
        ctx.progress(f"kwaliteitswaarschuwing geaccepteerd: {r.input}: {r.expectation} = {r.observed}")
    return as_dicts


def match_step(ctx: RunContext) -> dict:
    with disk_full_is_reported(ctx):
        return match_period(ctx.con, ctx.period, ctx.settings.rules, ctx.started_at, ctx.timings)


def publish_step(ctx: RunContext, inputs: dict, quality: list[dict], figures: dict) -> Path:
    """Render into a staging folder, swap it into place inside the warehouse transaction, commit.

    One warehouse transaction spans the step: the period's rows are written in it while the
    employer workers finish their folders (``render_period``'s ``while_waiting``: time this
    process otherwise only waited), and it commits only after the swap, so the warehouse never
    holds a period that is not published; a failed commit swaps the previous folder back, any
    earlier failure rolls back. The staging folder is gone on every path. Every part after the
    render is timed into ``ctx.timings`` (``publish.*``: run registry and bench).
    """
    root = ctx.settings.reports
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    staging = staging_dir(root, ctx.period, ctx.run_id)
    con = ctx.con
    try:
        with disk_full_is_reported(ctx, root):
            con.execute("BEGIN TRANSACTION")
            try:
                _render(ctx, staging, inputs, quality, figures)
                with ctx.timed("publish.rechten"):  # the employer folders are made owner-only by their writer
                    tighten([staging], made_private=[staging / employer_folders.FOLDER])
                with ctx.timed("publish.wissel"):
                    swap = swap_into_place(root, staging, ctx.period, ctx.run_id)
                try:
                    pause_point("commit")
                    fail_point("commit", ctx.settings.warehouse)
                    with ctx.timed("publish.commit"):
                        con.execute("COMMIT")
                except BaseException:
                    swap.undo()
                    raise
            except BaseException:
                _rollback(con)
                raise
            with ctx.timed("publish.opruimen"):
                swap.finish()
            return swap.final
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _render(ctx: RunContext, staging: Path, inputs: dict, quality: list[dict], figures: dict) -> None:
    render_started = time.monotonic()
    context = national_context(ctx.con, ctx.period, inputs, figures, quality, code_version(), ctx.settings.rules)
    outputs = render_period(ctx.con, staging, ctx.period, context, ctx.progress, work_dir=ctx.tmp_dir,
                            workers=ctx.settings.engine.publish_workers or os.cpu_count() or 1,
                            letter=ctx.settings.brief, rules=ctx.settings.rules, timings=ctx.timings,
                            while_waiting=lambda: _record_period(ctx, figures))
    with ctx.timed("publish.kwaliteitspagina"):
        page = write_quality_page(staging, ctx.period, quality, ctx.settings.accept_quality_warnings)
    manifest = build_manifest(
        period=ctx.period, run_id=ctx.run_id, code_version=code_version(), started_at=ctx.started_at,
        finished_at=now(), accepted_quality_warnings=ctx.settings.accept_quality_warnings, inputs=inputs,
        figures=figures, quality=quality, outputs=[*outputs, page],
        timings={**ctx.timings, "publish_render": round(time.monotonic() - render_started, 3)})
    pause_point("publish")
    with ctx.timed("publish.manifest"):
        write_manifest(staging, manifest)


def _record_period(ctx: RunContext, figures: dict) -> None:
    """The period's warehouse rows, in the transaction ``publish_step`` opened (not committed here)."""
    with ctx.timed("publish.vastleggen"):
        warehouse.commit_period(ctx.con, ctx.period, ctx.run_id, now(), figures)
    pause_point("warehouse-write")


def _rollback(con) -> None:
    """Roll back if a transaction is still open (a failed COMMIT may already have ended it)."""
    with contextlib.suppress(duckdb.TransactionException):  # no transaction active: nothing committed
        con.execute("ROLLBACK")


def close_run(ctx: RunContext, status: str, message: str | None = None, inputs: dict | None = None,
              figures: dict | None = None) -> None:
    if ctx.con is None:
        return
    try:
        warehouse.register_end(ctx.con, ctx.run_id, status, now(), message=message, inputs=inputs,
                               signals=figures["signals"] if figures else None,
                               lifecycle=figures["lifecycle"] if figures else None, timings=ctx.timings)
    finally:
        ctx.con.close()
        ctx.con = None
        shutil.rmtree(ctx.tmp_dir, ignore_errors=True)


def execute(ctx: RunContext, ingest=ingest_step, validate=quality_step, match=match_step,
            publish=publish_step) -> dict:
    """Run the steps in order and keep the run registry right whatever happens.

    The Prefect flow passes its tasks as the steps; tests call this with the plain functions.
    """
    private_umask()
    check_locations(ctx.settings)
    with run_lock(ctx.settings.warehouse, ctx.run_id, ctx.period, ctx.progress):
        return _execute_locked(ctx, ingest, validate, match, publish)


def _full_folder(ctx: RunContext, exc: BaseException, default: Path | None = None) -> str:
    """The folder the run was writing to when the disk ran full (a configured root, not the
    staging folder that is deleted anyway)."""
    roots = [ctx.settings.reports, ctx.settings.state_dir, ctx.settings.warehouse.parent]
    while exc is not None:
        if isinstance(exc, OSError) and exc.filename:
            path = Path(os.path.abspath(exc.filename))
            inside = [r for r in roots if Path(os.path.abspath(r)) in path.parents]
            return str(inside[0] if inside else path.parent)
        exc = exc.__cause__ or exc.__context__
    return str(default or ctx.settings.warehouse.parent)  # DuckDB's spill folder is beside the warehouse


def _execute_locked(ctx: RunContext, ingest, validate, match, publish) -> dict:
    inputs: dict | None = None
    figures: dict | None = None
    open_run(ctx)
    try:
        with ctx.timed("ingest"):
            inputs = ingest(ctx)
        with ctx.timed("validate"):
            quality = validate(ctx, inputs)
        with ctx.timed("match"):
            figures = match(ctx)
        with ctx.timed("publish"):
            folder = publish(ctx, inputs, quality, figures)
    except FeedbackError as exc:
        close_run(ctx, "failed", str(exc), inputs, figures)
        raise
    except Exception as exc:
        if not disk_full(exc):
            close_run(ctx, "error", f"interne fout: {type(exc).__name__}", inputs, figures)
            raise
        error = DiskFull(_full_folder(ctx, exc))
        # the registry may not be writable on a full disk; the connection and temp files go anyway
        with contextlib.suppress(OSError, duckdb.Error):
            close_run(ctx, "failed", str(error), inputs, figures)
        raise error from None
    except BaseException as exc:
        close_run(ctx, "error", f"interne fout: {type(exc).__name__}", inputs, figures)
        raise
    close_run(ctx, "published", None, inputs, figures)
    return {"period": ctx.period, "run_id": ctx.run_id, "folder": str(folder), "timings_s": ctx.timings,
            **figures}
