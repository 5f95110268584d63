"""Turn a raw input (all text) into a staged table, quarantine lines and findings.

The order of the decisions is the contract's (DESIGN.md §3):
1. exact duplicates are loaded once, the copies are quarantined (``DUBBELE_RIJ``);
2. an invalid or empty key quarantines the row (``BSN_ONGELDIG``, ``LHNR_ONGELDIG``);
3. a key that still occurs in more than one row quarantines all those rows
   (``DUBBELE_SLEUTEL``) and, for BRP/RNI, takes that BSN out of every signal;
4. payroll rows with any other broken field are quarantined (they can't be judged);
   register rows keep their place with the broken field emptied (a *finding*).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from feedbackcyclus.settings import QualitySettings
from schemas import row_rules as rr
from schemas.contract import QUARANTINE_PRIORITY, InputContract, Kind
from schemas.row_models import row_failures

ISSUE_SCHEMA = {"bron": pl.Utf8, "rijnummer": pl.Int64, "reden": pl.Utf8, "kolom": pl.Utf8, "waarde": pl.Utf8}
MAX_VALUE_CHARS = 100


@dataclass
class StagedInput:
    """The outcome of staging one input."""

    clean: pl.DataFrame
    quarantine: pl.DataFrame
    findings: pl.DataFrame
    conflicting_keys: pl.Series  # keys with DUBBELE_SLEUTEL (BSNs to leave out of every signal)

    @property
    def loaded(self) -> int:
        return self.clean.height


def normalise(raw: pl.DataFrame, contract: InputContract, day_first: bool = False) -> pl.DataFrame:
    """Trim, empty → null, ``YYYYMMDD`` → ``YYYY-MM-DD``, postcode without space."""
    exprs = []
    for col in contract.columns:
        e = rr.clean_text(pl.col(col.name))
        if col.kind in (Kind.DATE, Kind.LO3_DATE):
            e = rr.normalise_date(e, day_first)
        elif col.kind is Kind.POSTCODE:
            e = rr.normalise_postcode(e)
        exprs.append(e.alias(col.name))
    return raw.select(pl.col("rijnummer").cast(pl.Int64), *exprs)


def _issue_frame(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select(
        pl.col("bron"), pl.col("rijnummer"), pl.col("reden"), pl.col("kolom"),
        pl.col("waarde").str.slice(0, MAX_VALUE_CHARS),
    ).cast(ISSUE_SCHEMA)  # type: ignore[arg-type]


def _cell_values(frame: pl.DataFrame, cells: pl.DataFrame) -> pl.DataFrame:
    """Attach the (normalised) value of each failing cell: ``index, kolom`` → ``waarde``."""
    if cells.height == 0:
        return cells.with_columns(pl.lit(None, pl.Int64).alias("rijnummer"), pl.lit(None, pl.Utf8).alias("waarde"))
    long = (
        frame.with_row_index("index").with_columns(pl.col("index").cast(pl.Int64))
        .join(cells.select("index").unique(), on="index")
        .unpivot(index=["index", "rijnummer"], variable_name="kolom", value_name="waarde")
    )
    return cells.join(long, on=["index", "kolom"], how="left")


def exact_copies(frame: pl.DataFrame, columns: list[str]) -> pl.Series:
    """True for every row that repeats an earlier row exactly (the first one is kept).

    Hashing first and comparing whole rows only among rows whose hash repeats keeps this
    one cheap pass over tens of millions of rows; a hash collision is resolved exactly.
    """
    repeated = frame.select(pl.struct(columns).hash().is_duplicated().alias("r"))["r"]
    if not repeated.any():
        return pl.repeat(False, frame.height, dtype=pl.Boolean, eager=True).alias("copy")
    candidates = frame.with_row_index("i").filter(repeated)
    copies = candidates.filter(~pl.struct(columns).is_first_distinct())["i"]
    return pl.repeat(False, frame.height, dtype=pl.Boolean, eager=True).alias("copy").scatter(copies, True)


def stage(raw: pl.DataFrame, contract: InputContract, quality: QualitySettings,
          day_first: bool = False) -> StagedInput:
    """Apply the row rules of one input; see the module docstring for the order."""
    frame = normalise(raw, contract, day_first)
    del raw  # the caller passes the raw frame without keeping it: free it as soon as possible
    body = frame.drop("rijnummer")
    failures = _cell_values(frame, row_failures(contract, body, quality)).with_columns(bron=pl.lit(contract.name))

    marks = frame.select(pl.int_range(pl.len(), dtype=pl.Int64).alias("index"), "rijnummer",
                         exact_copies(frame, contract.column_names).alias("copy"))
    key_bad = failures.filter(pl.col("kolom").is_in(contract.key_columns))
    marks = marks.with_columns(pl.col("index").is_in(key_bad["index"].implode()).alias("key_bad"))

    conflicting = pl.Series(contract.key or "key", [], pl.Utf8)
    if contract.key:
        candidates = marks.filter(~pl.col("copy") & ~pl.col("key_bad")).select("index").join(
            frame.with_row_index("index").select(pl.col("index").cast(pl.Int64), contract.key), on="index")
        dup_keys = candidates.filter(pl.len().over(contract.key) > 1)
        conflicting = dup_keys[contract.key].unique().sort()
        marks = marks.with_columns(pl.col("index").is_in(dup_keys["index"].implode()).alias("key_dup"))
    else:
        marks = marks.with_columns(pl.lit(False).alias("key_dup"))

    reasons: list[pl.DataFrame] = []
    copies = marks.filter(pl.col("copy")).select(
        "index", "rijnummer", reden=pl.lit("DUBBELE_RIJ"), kolom=pl.lit(None, pl.Utf8), waarde=pl.lit(None, pl.Utf8))
    reasons.append(copies)
    reasons.append(key_bad.join(marks.filter(~pl.col("copy")).select("index"), on="index")
                   .select("index", "rijnummer", "reden", "kolom", "waarde"))
    if contract.key:
        dup_rows = marks.filter(pl.col("key_dup")).join(
            frame.with_row_index("index").select(pl.col("index").cast(pl.Int64), pl.col(contract.key).alias("waarde")),
            on="index",
        ).select("index", "rijnummer", reden=pl.lit("DUBBELE_SLEUTEL"), kolom=pl.lit(contract.key), waarde="waarde")
        reasons.append(dup_rows)
    if contract.quarantine_broken_fields:
        reasons.append(failures.select("index", "rijnummer", "reden", "kolom", "waarde"))

    priority = {r: i for i, r in enumerate(QUARANTINE_PRIORITY)}
    column_order = {c: i for i, c in enumerate(contract.column_names)}
    quarantined = (
        pl.concat([r.cast({"index": pl.Int64, "rijnummer": pl.Int64}) for r in reasons])
        .with_columns(
            pl.col("reden").replace_strict(priority, return_dtype=pl.Int32).alias("_p"),
            pl.col("kolom").replace_strict(column_order, default=-1, return_dtype=pl.Int32).alias("_c"),
        )
        .sort("index", "_p", "_c")
        .unique(subset="index", keep="first", maintain_order=True)
        .with_columns(bron=pl.lit(contract.name))
    )
    dropped = quarantined["index"].implode()
    findings = failures.filter(~pl.col("index").is_in(dropped)) if not contract.quarantine_broken_fields \
        else failures.clear()

    # One lazy plan (filter, empty the findings, cast) so the large frame is materialised once.
    kept = frame.lazy().with_row_index("index").with_columns(pl.col("index").cast(pl.Int64)).filter(
        ~pl.col("index").is_in(dropped))
    clean = typed(_empty_findings(kept, findings, contract).drop("index"), contract).collect()
    del frame, body
    return StagedInput(
        clean=clean,
        quarantine=_issue_frame(quarantined).sort("rijnummer"),
        findings=_issue_frame(findings).sort("rijnummer", "kolom"),
        conflicting_keys=conflicting,
    )


def _empty_findings(kept: pl.LazyFrame, findings: pl.DataFrame, contract: InputContract) -> pl.LazyFrame:
    """Null every cell that has a finding, column by column (set-based)."""
    if findings.height == 0:
        return kept
    exprs = []
    for col in findings["kolom"].unique().to_list():
        rows = findings.filter(pl.col("kolom") == col)["index"].implode()
        exprs.append(pl.when(pl.col("index").is_in(rows)).then(None).otherwise(pl.col(col)).alias(col))
    return kept.with_columns(exprs)


def typed(frame: pl.LazyFrame, contract: InputContract) -> pl.LazyFrame:
    """Cast validated text to the staged types; LO3 dates also get their earliest day."""
    exprs: list[pl.Expr] = [pl.col("rijnummer")]
    for col in contract.columns:
        c = pl.col(col.name)
        if col.kind is Kind.DATE:
            exprs.append(c.str.to_date("%Y-%m-%d", strict=False).alias(col.name))
        elif col.kind is Kind.LO3_DATE:
            exprs.append(c)
            exprs.append(rr.earliest_day(c).alias(f"{col.name}_vroegst"))
        elif col.kind is Kind.DECIMAL:
            exprs.append(c.cast(pl.Decimal(18, 4), strict=False).alias(col.name))
        elif col.kind is Kind.BOOL:
            exprs.append(rr.parse_bool(c).alias(col.name))
        else:
            exprs.append(c)
    return frame.select(exprs)
