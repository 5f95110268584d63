"""Column formatting: numpy arrays → polars string Series in the input contract's formats.

Every writer goes through these so that dates, digits, decimals and nulls are spelled the
same way in every file.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from sample_data.geography import POSTCODE_LETTERS, Address


def null_where(s: pl.Series, mask: np.ndarray | None) -> pl.Series:
    """``s`` with nulls where ``mask`` is true (an empty field in the CSV)."""
    if mask is None or not mask.any():
        return s
    return s.scatter(np.flatnonzero(mask), None)


def repeat_text(value: str, n: int) -> pl.Series:
    """``value`` ``n`` times, as a String Series."""
    return pl.repeat(value, n, eager=True, dtype=pl.String)


def zero_padded(values: np.ndarray, width: int, null: np.ndarray | None = None) -> pl.Series:
    """Integers as digits, left-padded with zeros to ``width`` (BSNs keep their leading zero)."""
    return null_where(pl.Series(np.asarray(values, np.int64)).cast(pl.String).str.zfill(width), null)


def day_texts(days: np.ndarray, fmt: str, null: np.ndarray | None = None) -> pl.Series:
    """Day numbers (since 1970-01-01) formatted with ``fmt``; null where ``null``."""
    safe = np.where(null, 0, days) if null is not None else days
    s = pl.Series(np.asarray(safe, np.int64).astype(np.int32)).cast(pl.Date).dt.to_string(fmt)
    return null_where(s, null)


def lo3_day_texts(days: np.ndarray, precision: np.ndarray, null: np.ndarray | None = None) -> pl.Series:
    """BRP dates; precision 1 = day unknown, 2 = month and day unknown, 3 = wholly unknown."""
    df = pl.DataFrame({"d": day_texts(days, "%Y-%m-%d", null), "p": precision})
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


def hundredths_text(hundredths: np.ndarray) -> pl.Series:
    """Non-negative integer hundredths → ``1234.56``."""
    h = np.asarray(hundredths, np.int64)
    return pl.Series(h // 100).cast(pl.String) + "." + pl.Series(h % 100).cast(pl.String).str.zfill(2)


def pick_text(values: pl.Series, index: np.ndarray, null: np.ndarray | None = None) -> pl.Series:
    """``values[index]``; index −1 (or ``null``) gives an empty field."""
    return null_where(values.gather(np.where(index < 0, 0, index)), null if null is not None else index < 0)


def bool_texts(values: np.ndarray) -> pl.Series:
    """Booleans as the contract spells them: ``true``/``false``."""
    return pl.Series(np.where(values, "true", "false"))


def postcode_texts(addr: Address, null: np.ndarray | None = None) -> pl.Series:
    """``1234AB`` from the address's number and letter pair (no S first, no F I O Q U Y)."""
    first = pl.Series(list(POSTCODE_LETTERS.replace("S", ""))).gather(addr.pc_letters // 20)
    second = pl.Series(list(POSTCODE_LETTERS)).gather(addr.pc_letters % 20)
    return null_where(zero_padded(addr.pc_number, 4) + first + second, null)
