"""Stage tiny literal inputs through the real row rules into a run connection."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from feedbackcyclus import warehouse
from feedbackcyclus.settings import EngineSettings, QualitySettings, RuleSettings
from intake.staging import StagedInput, normalised_query, stage
from schemas.contract import CONTRACTS
from schemas.rules import RuleInputs
from tests.builders import rni_row, werkgever_row
from transforms.matching import match_period


def stage_rows(con: duckdb.DuckDBPyConnection, name: str, rows: list[dict],
               quality: QualitySettings | None = None) -> StagedInput:
    """Stage literal rows as if they were lines 2, 3, … of ``<name>.csv`` (raw text, not normalised),
    read as a run reads them (the columns no output reads folded, ``staging.fold_select``)."""
    contract = CONTRACTS[name]
    raw = pl.DataFrame([{c: r.get(c) for c in contract.column_names} for r in rows],  # noqa: F841
                       schema={c: pl.Utf8 for c in contract.column_names}, orient="row")
    inputs = RuleInputs.of(quality or QualitySettings())
    con.execute(f"CREATE OR REPLACE TEMP TABLE raw_{name} AS {normalised_query(contract, 'raw', fold=inputs)}")
    return stage(con, f"raw_{name}", contract, inputs, offset=2)


def stage_literal(con: duckdb.DuckDBPyConnection, name: str, rows: list[dict]) -> None:
    stage_rows(con, name, rows)


def run_rules(tmp: Path, period: str, *, polis: list[dict], brp: list[dict] | None = None,
              rni: list[dict] | None = None, werkgevers: list[dict] | None = None,
              history: dict[str, list[str]] | None = None, rules: RuleSettings | None = None,
              con: duckdb.DuckDBPyConnection | None = None,
              release: bool = False) -> tuple[duckdb.DuckDBPyConnection, dict]:
    """Stage the literal rows, add payroll history, run every rule of §4. Returns (con, counts).
    The working tables are kept (``release=False``) so a test can run a rule again afterwards."""
    con = con or warehouse.connect(tmp / "wh.duckdb", EngineSettings())
    stage_literal(con, "polis", polis)
    lhnrs = sorted({r["loonheffingennummer"] for r in polis})
    stage_literal(con, "werkgevers", werkgevers if werkgevers is not None else [werkgever_row(x) for x in lhnrs])
    stage_literal(con, "brp", brp or [])
    stage_literal(con, "rni", rni or [rni_row("011053227", geslachtsnaam="Vulling")])
    con.execute("CREATE OR REPLACE TEMP TABLE excluded_bsn AS "
                "SELECT bsn FROM conflicts_brp UNION SELECT bsn FROM conflicts_rni")
    for p, bsns in (history or {}).items():
        con.executemany("INSERT INTO wh.payroll_months VALUES (?, ?)", [(p, b) for b in bsns])
    return con, match_period(con, period, rules or RuleSettings(), release=release)


def signals(con: duckdb.DuckDBPyConnection, code: str | None = None) -> list[tuple]:
    """(signaal, reden, bsn, loonheffingennummer) rows, sorted."""
    where = "WHERE signaal = ?" if code else ""
    return con.execute(f"SELECT signaal, reden, bsn, loonheffingennummer FROM signals_p {where} ORDER BY ALL",
                       [code] if code else []).fetchall()
