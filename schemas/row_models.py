"""Pandera row contracts, one per input, built from ``schemas.contract``.

They run on the raw text frame of an input (all columns strings, trimmed, empty → null)
with ``lazy=True``; every failure case carries the row index, the column and the check
name, and the check name *is* the reason code of DESIGN.md §3. The staging step turns
those failure cases into quarantine lines (row not used) or findings (field emptied).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandera.polars as pa
import polars as pl
from pandera.api.polars.types import PolarsData

from feedbackcyclus.settings import QualitySettings
from schemas import row_rules as rr
from schemas.contract import CONTRACTS, Column, InputContract, Kind
from schemas.reference import gemeentecodes_op


def _check(rule: Callable[[pl.Expr], pl.Expr], reason: str, *, ignore_na: bool = True) -> pa.Check:
    def run(data: PolarsData) -> pl.LazyFrame:
        col = pl.col(data.key)
        passed = rule(col).fill_null(False)
        return data.lazyframe.select((col.is_null() | passed) if ignore_na else passed)

    return pa.Check(run, name=reason, ignore_na=ignore_na)


def _required_unless(other: str) -> pa.Check:
    """Required while ``other`` is empty (``Column.required_unless``)."""
    def run(data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col(data.key).is_not_null() | pl.col(other).is_not_null())

    return pa.Check(run, name="VERPLICHT_VELD_LEEG", ignore_na=False)


def checks_for(column: Column, quality: QualitySettings, peildatum: date | None = None) -> list[pa.Check]:
    """The checks of one column; each check's name is its reason code. Municipality codes are
    judged against the municipal division on ``peildatum`` (None: the current one)."""
    checks: list[pa.Check] = []
    if column.kind is Kind.BSN:
        return [_check(rr.is_valid_bsn, "BSN_ONGELDIG", ignore_na=False)]
    if column.kind is Kind.LHNR:
        return [_check(rr.is_valid_lhnr, "LHNR_ONGELDIG", ignore_na=False)]
    if column.required and column.required_unless:
        checks.append(_required_unless(column.required_unless))
    elif column.required:
        checks.append(_check(lambda e: e.is_not_null(), "VERPLICHT_VELD_LEEG", ignore_na=False))
    lo, hi = quality.min_year, quality.max_year
    if column.kind is Kind.DATE:
        checks.append(_check(lambda e: rr.is_valid_date(e, lo, hi), "DATUM_ONGELDIG"))
    elif column.kind is Kind.LO3_DATE:
        checks.append(_check(lambda e: rr.is_valid_lo3_date(e, lo, hi), "DATUM_ONGELDIG"))
    elif column.kind is Kind.DECIMAL:
        checks.append(_check(rr.is_valid_decimal, "BEDRAG_ONGELDIG"))
    elif column.kind is Kind.POSTCODE:
        checks.append(_check(rr.is_valid_postcode, "POSTCODE_ONGELDIG"))
    elif column.kind is Kind.GEMEENTECODE:
        valid, ended = (sorted(s) for s in gemeentecodes_op(peildatum))
        checks.append(_check(lambda e: ~rr.is_known_gemeentecode(e, ended), "GEMEENTECODE_VERVALLEN"))
        checks.append(_check(lambda e: rr.is_known_gemeentecode(e, valid + ended), "GEMEENTECODE_ONBEKEND"))
    elif column.kind is Kind.BOOL:
        # An unreadable yes/no is treated as a missing required value (see docs/decisions.md).
        checks.append(_check(rr.is_valid_bool, "VERPLICHT_VELD_LEEG"))
    return checks


def row_model(contract: InputContract, quality: QualitySettings | None = None,
              peildatum: date | None = None) -> pa.DataFrameSchema:
    """The pandera model of one input (municipality codes judged on ``peildatum``)."""
    quality = quality or QualitySettings()
    return pa.DataFrameSchema(
        {c.name: pa.Column(pl.Utf8, checks=checks_for(c, quality, peildatum), nullable=True)
         for c in contract.columns},
        name=contract.name,
        strict=False,
        coerce=False,
    )


def row_failures(contract: InputContract, frame: pl.DataFrame,
                 quality: QualitySettings | None = None, peildatum: date | None = None) -> pl.DataFrame:
    """Run the pandera model; return one row per failing cell: ``index, kolom, reden``.

    ``index`` is the 0-based row position in ``frame``.
    """
    schema = row_model(contract, quality, peildatum)
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
