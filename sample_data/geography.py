"""Where people live and work: municipality weights, postcode ranges, hotspots, addresses.

The municipalities are the product's reference table (``schemas.reference``, the 2025
division); the weights and postcode ranges here are the generator's own approximations.
Street names are data files in ``sample_data/data/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import polars as pl

from sample_data.datafiles import read_lines
from sample_data.randomness import Draw
from schemas.reference import read_table

# Approximate inhabitants (thousands) of the largest municipalities; all others weigh 35.
# fmt: off
BIG_MUNICIPALITIES = {
    "0363": 930, "0599": 670, "0518": 570, "0344": 370, "0772": 245, "0014": 240, "0855": 230, "0034": 225,
    "0758": 190, "0268": 185, "0200": 170, "0202": 170, "0392": 165, "0394": 160, "0153": 160, "0307": 160,
    "0479": 160, "0796": 160, "0193": 135, "0546": 128, "0637": 127, "0080": 126, "0935": 122, "0505": 121,
    "0228": 120, "1783": 115, "0484": 115, "0361": 110, "0114": 108, "0503": 105, "0983": 102, "0150": 102,
}
# fmt: on
DEFAULT_MUNICIPALITY_WEIGHT = 35
# Postcode areas per province code (4-digit number ranges, inclusive).
# fmt: off
PROVINCE_POSTCODES = {
    "20": [(9500, 9999)], "21": [(8400, 9299)], "22": [(7800, 7999), (9300, 9499)],
    "23": [(7400, 7799), (8000, 8199)], "24": [(1300, 1399), (8200, 8399)],
    "25": [(4000, 4299), (6600, 7399)], "26": [(3400, 3999)], "27": [(1000, 1299), (1400, 2199)],
    "28": [(2200, 3399)], "29": [(4300, 4599)], "30": [(4600, 4999), (5000, 5799)], "31": [(5800, 6599)],
}
# fmt: on
POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"
# Where labour migrants stay and agencies/growers are (DESIGN.md, SOURCE.md).
# fmt: off
STAY_HOTSPOTS = {
    "1783": 20, "0983": 9, "1507": 9, "0599": 9, "1740": 4, "1734": 4, "1960": 3, "1894": 5, "0358": 4,
    "1911": 5, "0606": 3, "0518": 5,
}
# fmt: on
# fmt: off
AGENCY_HOTSPOTS = {"1783": 10, "0983": 6, "0599": 6, "1740": 3, "1734": 3, "1960": 3}
# fmt: on
# fmt: off
AGRI_HOTSPOTS = {
    "1783": 12, "1507": 6, "0983": 4, "1894": 4, "1740": 3, "1734": 3, "1960": 2, "0358": 3, "1911": 3,
}
# fmt: on
# fmt: off
RNI_DESKS = {
    "1783": 20, "0983": 12, "0599": 12, "0518": 12, "0268": 6, "0363": 8, "0772": 6, "0758": 5, "0344": 3,
    "0361": 2, "0141": 2, "0222": 2, "0014": 2, "0664": 2, "0917": 2, "0080": 2, "0546": 2, "0715": 2,
    "0193": 2,
}
# fmt: on


@dataclass(frozen=True)
class Municipalities:
    codes: list[str]
    places: list[str]
    weight: np.ndarray
    pc_numbers: np.ndarray  # all usable 4-digit postcode numbers, grouped by municipality
    pc_start: np.ndarray  # per municipality: offset into pc_numbers
    pc_count: np.ndarray

    def index(self, code: str) -> int:
        return self.codes.index(code)

    def cumulative(self, boost: dict[str, float] | None = None, share: float = 1.0) -> np.ndarray:
        """Cumulative weights: population weights, plus ``share`` of the mass on ``boost``."""
        w = self.weight / self.weight.sum()
        if boost:
            hot = np.zeros(len(self.codes))
            for code, b in boost.items():
                hot[self.index(code)] = b
            w = (1 - share) * w + share * hot / hot.sum()
        return np.cumsum(w)



def load_municipalities() -> Municipalities:
    """The 2025 table plus a deterministic postcode range per municipality."""
    rows = read_table("gemeenten_2025.csv")
    codes = [r["gemeentecode"] for r in rows]
    places = [re.sub(r"\s*\([^)]*\)$", "", r["gemeentenaam"]) for r in rows]
    weight = np.array([BIG_MUNICIPALITIES.get(c, DEFAULT_MUNICIPALITY_WEIGHT) for c in codes], float)
    starts, counts, numbers = np.zeros(len(codes), np.int64), np.zeros(len(codes), np.int64), []
    offset = 0
    for prov, ranges in PROVINCE_POSTCODES.items():
        pool = np.concatenate([np.arange(a, b + 1) for a, b in ranges])
        members = [i for i, r in enumerate(rows) if r["provinciecode"] == prov]
        share = np.cumsum(weight[members]) / weight[members].sum()
        bounds = np.concatenate([[0], np.floor(share * len(pool)).astype(np.int64)])
        for j, i in enumerate(members):
            lo, hi = bounds[j], max(bounds[j + 1], bounds[j] + 1)
            starts[i], counts[i] = offset + lo, hi - lo
        numbers.append(pool)
        offset += len(pool)
    missing = [
        c
        for c in (*BIG_MUNICIPALITIES, *STAY_HOTSPOTS, *AGENCY_HOTSPOTS, *AGRI_HOTSPOTS, *RNI_DESKS)
        if c not in codes
    ]
    if missing or counts.min() < 1:
        raise ValueError(f"reference table lacks municipalities {missing}")
    return Municipalities(codes, places, weight, np.concatenate(numbers), starts, counts)



STREETS = pl.Series(read_lines("streets.txt"))
# The last two stay streets contain a comma (quoted in the ',' variation); drawn for 3 % of stay addresses.
STAY_STREETS = pl.Series(read_lines("stay_streets.txt"))
STAY_COMMA_STREETS = 2
TOEVOEGINGEN = pl.Series(["1", "2", "3", "A", "B", "bis", "hs", "I", "II", "III", "rood", "zw"])
HUISLETTERS = pl.Series(["a", "b", "c", "d", "A", "B"])


@dataclass
class Address:
    """An address drawn for a key: municipality, street, number, letter, addition, postcode."""

    gem: np.ndarray
    street: np.ndarray
    number: np.ndarray
    letter: np.ndarray  # −1 = none
    toev: np.ndarray  # −1 = none
    pc_number: np.ndarray
    pc_letters: np.ndarray


def draw_address(
    draw: Draw,
    name: str,
    key: np.ndarray,
    gem: np.ndarray,
    muni: Municipalities,
    *extra: np.ndarray | int,
    n_streets: int,
    comma_share: float = 0.0,
) -> Address:
    pick = muni.pc_start[gem] + draw.ints(name + ".pc", key, 0, muni.pc_count[gem], *extra)
    plain = n_streets - STAY_COMMA_STREETS if comma_share else n_streets
    street = draw.ints(name + ".street", key, 0, plain, *extra)
    if comma_share:
        comma = draw.unif(name + ".comma", key, *extra) < comma_share
        street = np.where(comma, plain + draw.ints(name + ".cs", key, 0, STAY_COMMA_STREETS, *extra), street)
    u_nr = draw.unif(name + ".nr", key, *extra)
    u_let = draw.unif(name + ".let", key, *extra)
    u_toev = draw.unif(name + ".toev", key, *extra)
    return Address(
        gem=gem,
        street=street,
        number=1 + (u_nr**2 * 220).astype(np.int64),
        letter=np.where(u_let < 0.04, (u_let / 0.04 * len(HUISLETTERS)).astype(np.int64), -1),
        toev=np.where(u_toev < 0.07, (u_toev / 0.07 * len(TOEVOEGINGEN)).astype(np.int64), -1),
        pc_number=muni.pc_numbers[pick],
        pc_letters=draw.ints(name + ".pcl", key, 0, 19 * 20, *extra),
    )



def subset_address(a: Address, m: np.ndarray) -> Address:
    return Address(*(getattr(a, f)[m] for f in Address.__dataclass_fields__))
