"""The steps of a monthly run as plain functions (the Prefect tasks call these).

open → ingest → quality → match → publish → close. Each step takes the ``RunContext`` and
works on tables in its connection; no step holds business rules of its own.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from pathlib import Path

from feedbackcyclus.errors import FeedbackError, QualityGateFailed
from feedbackcyclus.faults import pause_point
from feedbackcyclus.outcome_store import load_outcome_rows, read_outcomes
from flows.context import RunContext, code_version, now
from flows.lock import run_lock
from flows.registry import register_end, register_start
from reports.national import national_context
from reports.output import copy_tree
from reports.publish import recover, render_period, staging_dir, swap_into_place, write_manifest
from schemas.quality_gates import evaluate_gates
from schemas.quality_gates import preload as preload_quality_tools
from transforms import warehouse
from transforms.effectiveness import effectiveness
from transforms.ingest import ingest_period
from transforms.matching import match_period, persist_period


def open_run(ctx: RunContext) -> None:
    threading.Thread(target=preload_quality_tools, name="gx-preload", daemon=True).start()
    outcomes = read_outcomes(ctx.settings, ctx.started_at)  # §9: answers stored before this run, read-only
    ctx.con = warehouse.connect(ctx.settings.warehouse, ctx.settings.engine)
    load_outcome_rows(ctx.con, outcomes)
    for line in recover(ctx.settings.reports):
        ctx.progress(line)
    register_start(ctx.con, ctx)
    ctx.tmp_dir.mkdir(parents=True, exist_ok=True)


def ingest_step(ctx: RunContext) -> dict:
    reports = ingest_period(ctx.con, ctx.settings, ctx.period, ctx.tmp_dir, ctx.progress)
    pause_point("ingest")
    return {name: r.as_manifest() for name, r in reports.items()}


def quality_step(ctx: RunContext, inputs: dict) -> list[dict]:
    """Run the GX batch gates; stop before publishing when one fails (unless accepted)."""
    results, docs = evaluate_gates(ctx.con, ctx.period, inputs, ctx.settings.quality, ctx.tmp_dir / "gx")
    ctx.quality_docs = docs
    failed = [r for r in results if not r.passed]
    as_dicts = [r.as_manifest() for r in results]
    if failed and not ctx.settings.accept_quality_warnings:
        keep = ctx.settings.quality_dir / ctx.period / ctx.run_id
        keep.mkdir(parents=True, exist_ok=True)
        (keep / "kwaliteit.json").write_text(json.dumps({"period": ctx.period, "run_id": ctx.run_id,
                                                          "quality": as_dicts}, indent=2, ensure_ascii=False),
                                             encoding="utf-8")
        if docs:
            shutil.copytree(docs, keep / "data_docs", dirs_exist_ok=True)
        lines = "; ".join(f"{r.input}: {r.expectation} = {r.observed} (grens {r.threshold})" for r in failed)
        raise QualityGateFailed(
            f"kwaliteitspoort niet gehaald voor {ctx.period}: {lines}. Er is niets gepubliceerd. "
            f"Kwaliteitsrapport en GX Data Docs: {keep}. Bekijk de invoer, of publiceer bewust met "
            "--accept-quality-warnings.")
    for r in failed:
        ctx.progress(f"kwaliteitswaarschuwing geaccepteerd: {r.input}: {r.expectation} = {r.observed}")
    return as_dicts


def match_step(ctx: RunContext) -> dict:
    return match_period(ctx.con, ctx.period, ctx.settings.rules)


def publish_step(ctx: RunContext, inputs: dict, quality: list[dict], figures: dict) -> Path:
    """Render into a staging folder, commit the warehouse, swap the folder into place."""
    root = ctx.settings.reports
    root.mkdir(parents=True, exist_ok=True)
    staging = staging_dir(root, ctx.period, ctx.run_id)
    render_started = time.monotonic()
    context = national_context(ctx.con, ctx.period, inputs, figures, quality, code_version())
    context["effectiveness"] = effectiveness(ctx.con, ctx.period, ctx.started_at)  # §9, effectiviteit.html
    outputs = render_period(ctx.con, staging, ctx.period, context, ctx.progress, work_dir=ctx.tmp_dir,
                            workers=ctx.settings.engine.publish_workers or os.cpu_count() or 1)
    if ctx.quality_docs:
        outputs = sorted(outputs + copy_tree(staging, ctx.quality_docs, "kwaliteit/gx"), key=lambda o: o.path)
    manifest = {
        "period": ctx.period,
        "run_id": ctx.run_id,
        "status": "published",
        "code_version": code_version(),
        "started_at": ctx.started_at.isoformat(),
        "finished_at": now().isoformat(),
        "accepted_quality_warnings": ctx.settings.accept_quality_warnings,
        "inputs": inputs,
        "signals": figures["signals"],
        "lifecycle": figures["lifecycle"],
        "quality": quality,
        "timings_s": {**ctx.timings, "publish_render": round(time.monotonic() - render_started, 3)},
        "outputs": [o.as_manifest() for o in outputs],
    }
    pause_point("publish")
    write_manifest(staging, manifest)
    con = ctx.con
    con.execute("BEGIN TRANSACTION")
    try:
        persist_period(con, ctx.period)
        con.execute("DELETE FROM wh.period_figures WHERE period = ?", [ctx.period])
        con.execute("INSERT INTO wh.period_figures VALUES (?, ?, ?, ?)",
                    [ctx.period, ctx.run_id, now().replace(tzinfo=None),
                     json.dumps({"signals": figures["signals"], "lifecycle": figures["lifecycle"]})])
        pause_point("warehouse-write")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return swap_into_place(root, staging, ctx.period, ctx.run_id)


def close_run(ctx: RunContext, status: str, message: str | None = None, inputs: dict | None = None,
              figures: dict | None = None) -> None:
    if ctx.con is None:
        return
    try:
        register_end(ctx.con, ctx, status, message, inputs,
                     figures["signals"] if figures else None, figures["lifecycle"] if figures else None)
    finally:
        ctx.con.close()
        ctx.con = None
        shutil.rmtree(ctx.tmp_dir, ignore_errors=True)


def execute(ctx: RunContext, ingest=ingest_step, validate=quality_step, match=match_step,
            publish=publish_step) -> dict:
    """Run the steps in order and keep the run registry right whatever happens.

    The Prefect flow passes its tasks as the steps; tests call this with the plain functions.
    """
    with run_lock(ctx.settings.warehouse, ctx.run_id, ctx.period, ctx.progress):
        return _execute_locked(ctx, ingest, validate, match, publish)


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
    except BaseException as exc:
        close_run(ctx, "error", f"interne fout: {type(exc).__name__}", inputs, figures)
        raise
    close_run(ctx, "published", None, inputs, figures)
    return {"period": ctx.period, "run_id": ctx.run_id, "folder": str(folder), "timings_s": ctx.timings,
            **figures}
