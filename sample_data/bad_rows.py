"""Bad rows: each documented kind injected at ``BAD_ROW_RATE`` per file, at least once per file.

Copies are inserted right after the row they were made from (no person or payroll row is
lost); findings are made in place. Draws come from a numpy stream seeded by (seed, month,
file, chunk), so they do not disturb the counter-based model.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from sample_data.layout import FILES

BAD_ROW_RATE = 0.0003
_REGISTER_KINDS = (
    "bsn_ongeldig",
    "dubbele_rij",
    "dubbele_sleutel",
    "postcode_ongeldig",
    "gemeentecode_onbekend",
    "datum_ongeldig",
    "verplicht_leeg",
)  # brp and rni: the same kinds
BAD_KINDS: dict[str, tuple[str, ...]] = {
    "polis": (
        "bsn_ongeldig",
        "bsn_letter",
        "bsn_leeg",
        "lhnr_ongeldig",
        "dubbele_rij",
        "datum_ongeldig",
        "bedrag_negatief",
        "verplicht_leeg",
    ),
    "brp": _REGISTER_KINDS,
    "rni": _REGISTER_KINDS,
    "werkgevers": ("lhnr_ongeldig", "dubbele_sleutel", "gemeentecode_onbekend", "postcode_ongeldig"),
}



class BadRows:
    """Injects each documented kind of bad row at ``BAD_ROW_RATE``, at least once per file."""

    def __init__(self, name: str, seed: int, month: int, date_fmt: str = "%Y-%m-%d") -> None:
        self.name, self.seed, self.month, self.date_fmt = name, seed, month, date_fmt
        self.kinds = BAD_KINDS[name]
        self.done = dict.fromkeys(self.kinds, 0)
        self.rows = 0
        self.chunk = 0

    def apply(self, df: pl.DataFrame) -> pl.DataFrame:
        self.rows += len(df)
        self.chunk += 1
        rng = np.random.default_rng([self.seed, self.month, FILES.index(self.name), self.chunk])
        due = {k: max(1, round(BAD_ROW_RATE * self.rows)) - n for k, n in self.done.items()}
        fixer = {"polis": _bad_polis, "werkgevers": _bad_werkgevers}.get(self.name, _bad_register)
        out, made = fixer(df, due, rng, self)
        for k, n in made.items():
            self.done[k] += n
        return out


def _choose(rng: np.random.Generator, eligible: np.ndarray, used: np.ndarray, n: int) -> np.ndarray:
    """Up to ``n`` distinct eligible rows not used by another kind yet (``used`` is updated)."""
    free = np.flatnonzero(eligible & ~used)
    if n <= 0 or not len(free):
        return np.zeros(0, np.int64)
    pick = np.sort(rng.choice(free, size=min(n, len(free)), replace=False))
    used[pick] = True
    return pick


def _set(df: pl.DataFrame, column: str, idx: np.ndarray, values: pl.Series | str | None) -> pl.DataFrame:
    if not len(idx):
        return df
    if isinstance(values, str) or values is None:
        values = pl.Series([values] * len(idx), dtype=pl.String)
    return df.with_columns(df[column].clone().scatter(idx, values))


def _with_copies(df: pl.DataFrame, copies: list[tuple[np.ndarray, pl.DataFrame]]) -> pl.DataFrame:
    """Insert each copy right after the row it was made from."""
    copies = [(i, c) for i, c in copies if len(i)]
    if not copies:
        return df
    pos = np.concatenate([np.arange(len(df)) * 2] + [i * 2 + 1 for i, _ in copies])
    merged = pl.concat([df] + [c for _, c in copies])
    return merged[np.argsort(pos, kind="stable")]


def _bad_bsn(df: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """Same BSN with a wrong check digit: the 11-proef fails."""
    bump = pl.Series(rng.integers(1, 10, len(df)))
    last = (df["bsn"].str.slice(8, 1).cast(pl.Int64) + bump) % 10
    return df.with_columns(df["bsn"].str.slice(0, 8) + last.cast(pl.String))


def _bad_polis(
    df: pl.DataFrame, due: dict[str, int], rng: np.random.Generator, ctx: BadRows
) -> tuple[pl.DataFrame, dict[str, int]]:
    used = np.zeros(len(df), bool)
    valid = df["bsn"].is_not_null().to_numpy()
    paid = (df["sv_loon"] != "0.00").to_numpy()
    pick = {k: _choose(rng, paid if k == "bedrag_negatief" else valid, used, n) for k, n in due.items()}
    bad_date = "2026-13-45" if ctx.date_fmt == "%Y-%m-%d" else "20261345"
    copies = [
        (pick["bsn_ongeldig"], _bad_bsn(df[pick["bsn_ongeldig"]], rng)),
        (
            pick["bsn_letter"],
            df[pick["bsn_letter"]].with_columns(
                pl.col("bsn").str.slice(0, 4) + "O" + pl.col("bsn").str.slice(5)
            ),
        ),
        (pick["bsn_leeg"], df[pick["bsn_leeg"]].with_columns(pl.lit(None, pl.String).alias("bsn"))),
        (
            pick["lhnr_ongeldig"],
            df[pick["lhnr_ongeldig"]].with_columns(pl.col("loonheffingennummer").str.slice(1)),
        ),
        (pick["dubbele_rij"], df[pick["dubbele_rij"]]),
        (
            pick["datum_ongeldig"],
            df[pick["datum_ongeldig"]].with_columns(pl.lit(bad_date).alias("datum_aanvang_ikv")),
        ),
        (
            pick["bedrag_negatief"],
            df[pick["bedrag_negatief"]].with_columns((pl.lit("-") + pl.col("sv_loon")).alias("sv_loon")),
        ),
        (
            pick["verplicht_leeg"],
            df[pick["verplicht_leeg"]].with_columns(pl.lit(None, pl.String).alias("ikv_id")),
        ),
    ]
    return _with_copies(df, copies), {k: len(v) for k, v in pick.items()}


REGISTER_FIELDS = {
    "brp": {
        "postcode": "postcode",
        "gemeente": "gemeentecode",
        "datum": ("geboortedatum", "datum_aanvang_adres"),
    },
    "rni": {
        "postcode": "verblijf_postcode",
        "gemeente": "verblijf_gemeentecode",
        "datum": ("geboortedatum", "datum_inschrijving"),
    },
}
BAD_POSTCODES = ("0123AB", "123AB", "1234A", "12345", "1234-AB")
BAD_DATES = ("2026-13-45", "2025-02-30", "1987-13-00", "19850230")


def _bad_register(
    df: pl.DataFrame, due: dict[str, int], rng: np.random.Generator, ctx: BadRows
) -> tuple[pl.DataFrame, dict[str, int]]:
    """Findings in place (the person stays in the register), key problems as extra rows."""
    f = REGISTER_FIELDS[ctx.name]
    used = np.zeros(len(df), bool)
    everyone = np.ones(len(df), bool)
    has_pc = df[f["postcode"]].is_not_null().to_numpy()
    has_gem = df[f["gemeente"]].is_not_null().to_numpy()
    pick = {
        "postcode_ongeldig": _choose(rng, has_pc, used, due["postcode_ongeldig"]),
        "gemeentecode_onbekend": _choose(rng, has_gem, used, due["gemeentecode_onbekend"]),
        "datum_ongeldig": _choose(rng, everyone, used, due["datum_ongeldig"]),
        "verplicht_leeg": _choose(rng, everyone, used, due["verplicht_leeg"]),
    }
    for k in ("bsn_ongeldig", "dubbele_rij", "dubbele_sleutel"):
        pick[k] = _choose(rng, everyone, used, due[k])
    n = pick["postcode_ongeldig"]
    df = _set(df, f["postcode"], n, pl.Series(rng.choice(BAD_POSTCODES, len(n))))
    df = _set(df, f["gemeente"], pick["gemeentecode_onbekend"], "9999")
    dates = pick["datum_ongeldig"]
    for i, column in enumerate(f["datum"]):
        part = dates[i::2]
        df = _set(df, column, part, pl.Series(rng.choice(BAD_DATES, len(part))))
    df = _set(df, "geslachtsnaam", pick["verplicht_leeg"], None)
    other = df[pick["dubbele_sleutel"]]
    other = other.with_columns(
        pl.concat_str([pl.col("voornamen"), pl.lit("M.")], separator=" ", ignore_nulls=True).alias(
            "voornamen"
        )
    )
    copies = [
        (pick["bsn_ongeldig"], _bad_bsn(df[pick["bsn_ongeldig"]], rng)),
        (pick["dubbele_rij"], df[pick["dubbele_rij"]]),
        (pick["dubbele_sleutel"], other),
    ]
    return _with_copies(df, copies), {k: len(v) for k, v in pick.items()}


def _bad_werkgevers(
    df: pl.DataFrame, due: dict[str, int], rng: np.random.Generator, ctx: BadRows
) -> tuple[pl.DataFrame, dict[str, int]]:
    used = np.zeros(len(df), bool)
    domestic = df["gemeentecode"].is_not_null().to_numpy()
    small = df["_small"].to_numpy() & domestic
    pick = {
        "gemeentecode_onbekend": _choose(rng, domestic, used, due["gemeentecode_onbekend"]),
        "postcode_ongeldig": _choose(rng, domestic, used, due["postcode_ongeldig"]),
        "lhnr_ongeldig": _choose(rng, small, used, due["lhnr_ongeldig"]),
        "dubbele_sleutel": _choose(rng, small, used, due["dubbele_sleutel"]),
    }
    df = _set(df, "gemeentecode", pick["gemeentecode_onbekend"], "9999")
    n = pick["postcode_ongeldig"]
    df = _set(df, "postcode", n, pl.Series(rng.choice(BAD_POSTCODES, len(n))))
    invalid = df[pick["lhnr_ongeldig"]].with_columns(
        pl.col("loonheffingennummer").str.replace("L", "X"), (pl.col("naam") + " i.o.").alias("naam")
    )
    twin = df[pick["dubbele_sleutel"]].with_columns((pl.col("naam") + " Holding").alias("naam"))
    copies = [(pick["lhnr_ongeldig"], invalid), (pick["dubbele_sleutel"], twin)]
    return _with_copies(df, copies), {k: len(v) for k, v in pick.items()}
