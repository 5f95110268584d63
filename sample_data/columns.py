"""Column formatting: numpy arrays → polars string Series in the input contract's formats.

Every writer goes through these so that dates, digits, decimals and nulls are spelled the
same way in every file.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from sample_data.geography import POSTCODE_LETTERS, Address


def _null(s: pl.Series, mask: np.ndarray | None) -> pl.Series:
    if mask is None or not mask.any():
        return s
    return s.scatter(np.flatnonzero(mask), None)


def _const(value: str, n: int) -> pl.Series:
    return pl.repeat(value, n, eager=True, dtype=pl.String)


def _digits(values: np.ndarray, width: int, null: np.ndarray | None = None) -> pl.Series:
    return _null(pl.Series(np.asarray(values, np.int64)).cast(pl.String).str.zfill(width), null)


def _dates(days: np.ndarray, fmt: str, null: np.ndarray | None = None) -> pl.Series:
    safe = np.where(null, 0, days) if null is not None else days
    s = pl.Series(np.asarray(safe, np.int64).astype(np.int32)).cast(pl.Date).dt.to_string(fmt)
    return _null(s, null)


def _lo3_dates(days: np.ndarray, precision: np.ndarray, null: np.ndarray | None = None) -> pl.Series:
    """BRP dates; precision 1 = day unknown, 2 = month and day unknown, 3 = wholly unknown."""
    df = pl.DataFrame({"d": _dates(days, "%Y-%m-%d", null), "p": precision})
    return df.select(
        pl.when(pl.col("d").is_null())
        .then(None)
        .when(pl.col("p") == 3)
        .then(pl.lit("0000-00-00"))
        .when(pl.col("p") == 2)
        .then(pl.col("d").str.slice(0, 5) + "00-00")
        .when(pl.col("p") == 1)
        .then(pl.col("d").str.slice(0, 8) + "00")
        .otherwise(pl.col("d"))
    ).to_series()


def _decimal(hundredths: np.ndarray) -> pl.Series:
    """Non-negative integer hundredths → ``1234.56``."""
    h = np.asarray(hundredths, np.int64)
    return pl.Series(h // 100).cast(pl.String) + "." + pl.Series(h % 100).cast(pl.String).str.zfill(2)


def _text(values: pl.Series, index: np.ndarray, null: np.ndarray | None = None) -> pl.Series:
    return _null(values.gather(np.where(index < 0, 0, index)), null if null is not None else index < 0)


def _bools(values: np.ndarray) -> pl.Series:
    return pl.Series(np.where(values, "true", "false"))


def _postcode(addr: Address, null: np.ndarray | None = None) -> pl.Series:
    first = pl.Series(list(POSTCODE_LETTERS.replace("S", ""))).gather(addr.pc_letters // 20)
    second = pl.Series(list(POSTCODE_LETTERS)).gather(addr.pc_letters % 20)
    return _null(_digits(addr.pc_number, 4) + first + second, null)
