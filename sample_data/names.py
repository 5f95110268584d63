"""Nationalities, name groups and the names drawn for persons.

The names themselves are data (``sample_data/data/names.csv``: group, list, name), so a
newcomer can add a name group without touching code; their order in the file matters for
the bytes generated (a name is picked by position).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from sample_data.datafiles import read_rows
from sample_data.randomness import Draw


# Nationality (GBA table 32), name group and country of residence (GBA table 34).
@dataclass(frozen=True)
class Nationality:
    code: str
    group: str
    land: str


# fmt: off
MIGRANT_NATIONALITIES: list[tuple[Nationality, float]] = [
    (Nationality("0072", "pl", "7028"), 0.42), (Nationality("0074", "ro", "7047"), 0.2),
    (Nationality("0053", "bg", "7024"), 0.12), (Nationality("0061", "hu", "5017"), 0.07),
    (Nationality("0046", "lt", "7066"), 0.05), (Nationality("0044", "lv", "7064"), 0.03),
    (Nationality("0027", "sk", "6067"), 0.03), (Nationality("0073", "pt", "7050"), 0.03),
    (Nationality("0077", "es", "6037"), 0.02), (Nationality("0064", "it", "7044"), 0.02),
    (Nationality("0059", "gr", "6003"), 0.01),
]
# fmt: on
# fmt: off
OTHER_RESIDENT_NATIONALITIES: list[tuple[Nationality, float]] = [
    (Nationality("0339", "tr", ""), 0.35), (Nationality("0131", "ma", ""), 0.3),
    (Nationality("0055", "de", ""), 0.15), (Nationality("0052", "nl", ""), 0.1),
    (Nationality("0336", "ma", ""), 0.1),
]
# fmt: on
DUTCH = Nationality("0001", "nl", "")
# fmt: off
DUTCH_ABROAD_COUNTRIES = {
    "5010": 25, "9089": 20, "6037": 10, "5002": 8, "6014": 10, "5001": 5, "6016": 7, "5003": 5, "7050": 5,
    "5009": 5,
}
# fmt: on


def _load_names() -> dict[str, tuple[list[str], list[str], list[str]]]:
    """``names.csv`` → group → (surnames in male form, male first names, female first names)."""
    names: dict[str, tuple[list[str], list[str], list[str]]] = {}
    lists = ("surname", "male", "female")
    for row in read_rows("names.csv"):
        names.setdefault(row["group"], ([], [], []))[lists.index(row["list"])].append(row["name"])
    return names


# Surnames (male form), male and female first names per name group, in file order.
NAMES = _load_names()


def _female_surname(group: str, name: str) -> str:
    """Gendered surname forms where the language has them (Polish, Bulgarian, …)."""
    rules: dict[str, list[tuple[str, str]]] = {
        "pl": [("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")],
        "bg": [("ov", "ova"), ("ev", "eva")],
        "lt": [("as", "ienė"), ("is", "ienė"), ("us", "ienė")],
        "lv": [("š", "a"), ("s", "a")],
        "sk": [("ý", "á"), ("o", "ová"), ("", "ová")],
        "gr": [("os", "ou"), ("is", "i")],
    }
    for old, new in rules.get(group, []):
        if name.endswith(old):
            return name[: len(name) - len(old)] + new
    return name


class NameBank:
    """All names flattened into polars Series, with per-group offsets for vectorised lookup."""

    def __init__(self) -> None:
        self.groups = list(NAMES)
        sur_m, sur_f, first_m, first_f = [], [], [], []
        self.sur_off, self.sur_n, self.fm_off, self.fm_n, self.ff_off, self.ff_n = ([] for _ in range(6))
        for g in self.groups:
            surnames, males, females = NAMES[g]
            self.sur_off.append(len(sur_m))
            self.sur_n.append(len(surnames))
            sur_m += surnames
            sur_f += [_female_surname(g, s) for s in surnames]
            self.fm_off.append(len(first_m))
            self.fm_n.append(len(males))
            first_m += males
            self.ff_off.append(len(first_f))
            self.ff_n.append(len(females))
            first_f += females
        self.sur_m, self.sur_f = pl.Series(sur_m), pl.Series(sur_f)
        self.first_m, self.first_f = pl.Series(first_m), pl.Series(first_f)
        for attr in ("sur_off", "sur_n", "fm_off", "fm_n", "ff_off", "ff_n"):
            setattr(self, attr, np.array(getattr(self, attr), np.int64))

    def group(self, name: str) -> int:
        return self.groups.index(name)

    def surname(self, draw: Draw, key: np.ndarray, group: np.ndarray, female: np.ndarray) -> pl.Series:
        i = self.sur_off[group] + draw.ints("surname", key, 0, self.sur_n[group])
        return self.sur_m.gather(i).zip_with(pl.Series(~female), self.sur_f.gather(i))

    def first_names(
        self, draw: Draw, key: np.ndarray, group: np.ndarray, female: np.ndarray, count: np.ndarray
    ) -> pl.Series:
        """Up to three first names (``count`` per person), gender-appropriate."""
        parts = []
        base_m = draw.ints("firstname", key, 0, self.fm_n[group])
        base_f = draw.ints("firstname.f", key, 0, self.ff_n[group])
        step_m = draw.ints("firstname.step", key, 1, self.fm_n[group] // 2)
        step_f = draw.ints("firstname.step", key, 1, self.ff_n[group] // 2)
        for n in range(3):  # base, base+step, base+2·step: never the same name twice
            im = self.fm_off[group] + (base_m + n * step_m) % self.fm_n[group]
            jf = self.ff_off[group] + (base_f + n * step_f) % self.ff_n[group]
            parts.append(self.first_m.gather(im).zip_with(pl.Series(~female), self.first_f.gather(jf)))
        df = pl.DataFrame({"a": parts[0], "b": parts[1], "c": parts[2], "n": count})
        return df.select(
            pl.when(pl.col("n") >= 3)
            .then(pl.col("a") + " " + pl.col("b") + " " + pl.col("c"))
            .when(pl.col("n") == 2)
            .then(pl.col("a") + " " + pl.col("b"))
            .when(pl.col("n") == 1)
            .then(pl.col("a"))
            .otherwise(None)
        ).to_series()
