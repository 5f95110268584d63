"""Row rules as vectorised Polars expressions: the pandera side of the row contract.

Each rule is a function from a string column expression to a boolean expression (the
11-proef is nine digit slices and a weighted sum of ``schemas.bsn``'s weights, not a Python
loop). The rule table ``schemas/rules.py`` pairs each with its SQL twin and reason code; the
pandera models in ``schemas/row_models.py`` are generated from that table. Ingest runs the
SQL twin of every rule (``schemas/sql_rules.py``) on all rows in DuckDB and runs these,
through pandera, on a bounded sample of each input; a disagreement on any cell stops the run. Character
classes are spelled out (``[0-9]``, ``TRIM_CHARACTERS``) so the two agree by construction.
"""

from __future__ import annotations

import polars as pl

from schemas.bsn import ALL_ZEROS, BSN_WEIGHTS
from schemas.sql_rules import FALSE_WORDS, TRIM_CHARACTERS, TRUE_WORDS


# ---------------------------------------------------------------- normalisers
def clean_text(expr: pl.Expr) -> pl.Expr:
    """Trim ``TRIM_CHARACTERS``; an empty field is null (DESIGN.md §3)."""
    stripped = expr.str.strip_chars(TRIM_CHARACTERS)
    return pl.when(stripped.str.len_bytes() == 0).then(None).otherwise(stripped)


def normalise_date(expr: pl.Expr, day_first: bool = False) -> pl.Expr:
    """``YYYYMMDD`` → ``YYYY-MM-DD`` (and ``DD-MM-YYYY`` when a source mapping says so);
    anything else is left for the validity rule."""
    out = (
        pl.when(expr.str.contains(r"^[0-9]{8}$"))
        .then(expr.str.slice(0, 4) + "-" + expr.str.slice(4, 2) + "-" + expr.str.slice(6, 2))
        .otherwise(expr)
    )
    if day_first:
        out = (
            pl.when(expr.str.contains(r"^[0-9]{2}-[0-9]{2}-[0-9]{4}$"))
            .then(expr.str.slice(6, 4) + "-" + expr.str.slice(3, 2) + "-" + expr.str.slice(0, 2))
            .otherwise(out)
        )
    return out


def normalise_postcode(expr: pl.Expr) -> pl.Expr:
    """``1234 ab`` → ``1234AB``: one space is tolerated, letters are upper-cased."""
    return (
        pl.when(expr.str.contains(r"^[0-9]{4} ?[A-Za-z]{2}$"))
        .then(expr.str.replace(" ", "", literal=True).str.to_uppercase())
        .otherwise(expr)
    )


# ---------------------------------------------------------------- identifiers
def is_valid_bsn(expr: pl.Expr) -> pl.Expr:
    """9 digits, 11-proef (9·d1+8·d2+…+2·d8−1·d9 ≡ 0 mod 11), not 000000000. Null is invalid."""
    digits = [expr.str.slice(i, 1).cast(pl.Int32, strict=False) for i in range(9)]
    weighted = sum(w * d for w, d in zip(BSN_WEIGHTS, digits, strict=True))
    return (expr.str.contains(r"^[0-9]{9}$") & (weighted % 11 == 0) & (expr != ALL_ZEROS)).fill_null(False)


def is_valid_lhnr(expr: pl.Expr) -> pl.Expr:
    """``^\\d{9}L\\d{2}$``. Null is invalid."""
    return expr.str.contains(r"^[0-9]{9}L[0-9]{2}$").fill_null(False)


def is_valid_postcode(expr: pl.Expr) -> pl.Expr:
    return expr.str.contains(r"^[1-9][0-9]{3}[A-Z]{2}$")


def is_known_gemeentecode(expr: pl.Expr, codes: list[str]) -> pl.Expr:
    return expr.is_in(codes)


# ---------------------------------------------------------------- values
def is_valid_decimal(expr: pl.Expr) -> pl.Expr:
    """A non-negative amount with ``.`` as decimal separator."""
    return expr.str.contains(r"^[0-9]{1,15}(\.[0-9]+)?$")


def is_valid_bool(expr: pl.Expr) -> pl.Expr:
    return expr.str.to_lowercase().is_in(TRUE_WORDS + FALSE_WORDS)


def parse_bool(expr: pl.Expr) -> pl.Expr:
    low = expr.str.to_lowercase()
    return pl.when(low.is_in(TRUE_WORDS)).then(True).when(low.is_in(FALSE_WORDS)).then(False).otherwise(None)


def _year(expr: pl.Expr) -> pl.Expr:
    return expr.str.slice(0, 4).cast(pl.Int32, strict=False)


def is_valid_date(expr: pl.Expr, min_year: int, max_year: int) -> pl.Expr:
    """A complete calendar date ``YYYY-MM-DD`` within the plausible years."""
    parsed = expr.str.to_date("%Y-%m-%d", strict=False)
    return (
        expr.str.contains(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
        & parsed.is_not_null()
        & _year(expr).is_between(min_year, max_year)
    )


def is_valid_lo3_date(expr: pl.Expr, min_year: int, max_year: int) -> pl.Expr:
    """A complete date, or an incomplete one as the BRP allows (``0000-00-00``,
    ``YYYY-00-00``, ``YYYY-MM-00``)."""
    month = expr.str.slice(5, 2)
    wholly_unknown = expr == "0000-00-00"
    year_only = expr.str.contains(r"^[0-9]{4}-00-00$")
    year_month = expr.str.contains(r"^[0-9]{4}-(0[1-9]|1[0-2])-00$") & month.is_not_null()
    partial_ok = (year_only | year_month) & _year(expr).is_between(min_year, max_year)
    return wholly_unknown | partial_ok | is_valid_date(expr, min_year, max_year)


def earliest_day(expr: pl.Expr) -> pl.Expr:
    """The earliest day an (incomplete) date can mean; a wholly unknown date is null.

    ``1985-00-00`` → 1985-01-01, ``1985-07-00`` → 1985-07-01 (DESIGN.md §3).
    """
    completed = (
        pl.when(expr == "0000-00-00").then(None)
        .when(expr.str.ends_with("-00-00")).then(expr.str.slice(0, 4) + "-01-01")
        .when(expr.str.ends_with("-00")).then(expr.str.slice(0, 7) + "-01")
        .otherwise(expr)
    )
    return completed.str.to_date("%Y-%m-%d", strict=False)
