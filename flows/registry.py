"""The run registry in the warehouse: every run, its period, status, times and counts."""

from __future__ import annotations

import json

import duckdb

from flows.context import RunContext, code_version, now


def register_start(con: duckdb.DuckDBPyConnection, ctx: RunContext) -> None:
    con.execute(
        """INSERT INTO wh.runs (run_id, period, command, status, started_at, code_version,
                                accepted_quality_warnings, pid, host)
           VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?)""",
        [ctx.run_id, ctx.period, ctx.command, ctx.started_at.replace(tzinfo=None), code_version(),
         ctx.settings.accept_quality_warnings, ctx.pid, ctx.host],
    )


def register_end(con: duckdb.DuckDBPyConnection, ctx: RunContext, status: str, message: str | None = None,
                 inputs: dict | None = None, signals: dict | None = None, lifecycle: dict | None = None) -> None:
    con.execute(
        """UPDATE wh.runs SET status = ?, finished_at = ?, message = ?,
                  inputs = coalesce(?, inputs), signals = coalesce(?, signals), lifecycle = coalesce(?, lifecycle),
                  timings = ?
           WHERE run_id = ?""",
        [status, now().replace(tzinfo=None), message, json.dumps(inputs) if inputs else None,
         json.dumps(signals) if signals else None, json.dumps(lifecycle) if lifecycle else None,
         json.dumps(ctx.timings), ctx.run_id],
    )


def list_runs(con: duckdb.DuckDBPyConnection, limit: int = 50) -> list[tuple]:
    return con.execute(
        """SELECT run_id, period, command, status, started_at, finished_at, accepted_quality_warnings,
                  coalesce(message, '') FROM wh.runs ORDER BY started_at DESC, run_id LIMIT ?""",
        [limit]).fetchall()
