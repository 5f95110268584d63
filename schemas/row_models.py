"""Pandera row contracts, one per input, built from ``schemas.contract`` and the rule table.

They run on the raw text frame of an input (all columns strings, trimmed, empty → null)
with ``lazy=True``; every failure case carries the row index, the column and the check
name, and the check name *is* the reason code of DESIGN.md §3. The checks are generated
from ``schemas.rules.cell_rules``, the same table the SQL rules of staging come from; the
staging step runs this model on a sample and requires the same verdicts as the SQL.
"""

from __future__ import annotations

import pandera.polars as pa
import polars as pl
from pandera.api.polars.types import PolarsData

from schemas.contract import CONTRACTS, Column, InputContract
from schemas.rules import CellRule, RuleInputs, cell_rules


def _check(rule: CellRule, inputs: RuleInputs) -> pa.Check:
    def run(data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(rule.polars_pass(pl.col(data.key), inputs))

    return pa.Check(run, name=rule.reason, ignore_na=not rule.judges_empty)


def checks_for(column: Column, inputs: RuleInputs) -> list[pa.Check]:
    """The checks of one column; each check's name is its reason code."""
    return [_check(rule, inputs) for rule in cell_rules(column)]


def row_model(contract: InputContract, inputs: RuleInputs | None = None) -> pa.DataFrameSchema:
    """The pandera model of one input (dates judged on ``inputs``' years, municipality codes on
    its reference date)."""
    inputs = inputs or RuleInputs.defaults()
    return pa.DataFrameSchema(
        {c.name: pa.Column(pl.Utf8, checks=checks_for(c, inputs), nullable=True) for c in contract.columns},
        name=contract.name,
        strict=False,
        coerce=False,
    )


def row_failures(contract: InputContract, frame: pl.DataFrame, inputs: RuleInputs | None = None) -> pl.DataFrame:
    """Run the pandera model; return one row per failing cell: ``index, kolom, reden``.

    ``index`` is the 0-based row position in ``frame``.
    """
    schema = row_model(contract, inputs)
    empty = pl.DataFrame(schema={"index": pl.Int64, "kolom": pl.Utf8, "reden": pl.Utf8})
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        if "index" not in cases.columns:
            raise
        unexpected = cases.filter(pl.col("index").is_null())
        if unexpected.height:
            # A schema-level failure (wrong dtype, missing column) is a bug upstream of here.
            raise RuntimeError(f"{contract.name}: pandera schema failure {unexpected.row(0, named=True)['check']}") from exc
        return cases.select(
            pl.col("index").cast(pl.Int64), pl.col("column").alias("kolom"), pl.col("check").alias("reden")
        ).unique().sort("index", "kolom")
    return empty


MODELS = {name: row_model(c) for name, c in CONTRACTS.items()}
