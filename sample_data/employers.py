"""Employers: kinds, sizes, municipalities, loonheffingennummers, takeovers and the relation file.

Every attribute of an employer slot is drawn from its index (``Draw``), so the relation file of
any month can be written without the others. Name parts are data files in ``sample_data/data/``.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from sample_data.bsn import bsn_numbers
from sample_data.columns import bool_texts, pick_text, postcode_texts, repeat_text, zero_padded
from sample_data.datafiles import read_lines, read_rows
from sample_data.geography import (
    AGENCY_HOTSPOTS,
    AGRI_HOTSPOTS,
    STAY_HOTSPOTS,
    STREETS,
    TOEVOEGINGEN,
    Municipalities,
    draw_address,
)
from sample_data.months import FUTURE_MONTHS, HISTORY_MONTHS, NEVER
from sample_data.names import NAMES
from sample_data.randomness import Draw

EMPLOYER_KINDS = ("general", "agency", "agri", "food", "logistics", "foreign")
KIND_SHARE = np.array([0.86, 0.03, 0.04, 0.03, 0.03, 0.01])
GENERAL_SECTORS = pl.Series(["03", "12", "17", "19", "33", "35", "41", "43", "44", "45", "61", "64"])
KIND_SECTOR = {"agency": "52", "agri": "01", "food": "50", "logistics": "32"}
REGULAR_POOL = np.array([0.86, 0.10, 0.015, 0.015, 0.01, 0.0])
MIGRANT_POOL = np.array([0.0, 0.60, 0.22, 0.07, 0.06, 0.05])
EMPLOYER_CHURN = 0.005  # share of employers re-registering under a new number, per month
OLD_NUMBER_MONTHS = 3  # months a replaced number stays in the relation file

# Employer names are all Windows-1252-encodable (one period's werkgevers.csv is cp1252).
_NL_SURNAMES_CP1252 = [s for s in NAMES["nl"][0] if s.encode("cp1252", "ignore").decode("cp1252") == s]


def _employer_name_parts() -> dict[str, tuple[list[str], list[str], list[str]]]:
    """``employer_names.csv`` → kind → (first parts, second parts, suffixes); ``@nl-surnames``
    stands for the Dutch surnames of ``names.csv`` that Windows-1252 can encode."""
    parts: dict[str, tuple[list[str], list[str], list[str]]] = {}
    for row in read_rows("employer_names.csv"):
        values = _NL_SURNAMES_CP1252 if row["value"] == "@nl-surnames" else [row["value"]]
        parts.setdefault(row["kind"], ([], [], []))[int(row["part"]) - 1].extend(values)
    return parts


def _foreign_countries() -> list[tuple[str, list[str], list[str], list[str]]]:
    """``foreign_employers.csv`` → per country: (legal-form suffix, owners, cities, streets)."""
    fields = ("suffix", "owner", "city", "street")
    countries: dict[str, tuple[list[str], list[str], list[str], list[str]]] = {}
    for row in read_rows("foreign_employers.csv"):
        countries.setdefault(row["country"], ([], [], [], []))[fields.index(row["field"])].append(row["value"])
    return [(suffix[0], owners, cities, streets) for suffix, owners, cities, streets in countries.values()]


EMPLOYER_NAME_PARTS = _employer_name_parts()
# Employers established abroad, per country: legal-form suffix, owner names, cities, streets.
FOREIGN_COUNTRIES = _foreign_countries()
FOREIGN_TRADES = pl.Series(read_lines("foreign_trades.txt"))


def _nested(lists: list[list[str]]) -> tuple[pl.Series, np.ndarray, np.ndarray]:
    """Lists of unequal length flattened for vectorised lookup: (values, offsets, counts)."""
    counts = np.array([len(x) for x in lists], np.int64)
    return pl.Series([v for x in lists for v in x]), np.concatenate([[0], np.cumsum(counts)[:-1]]), counts


FOREIGN_SUFFIX = pl.Series([c[0] for c in FOREIGN_COUNTRIES])
FOREIGN_OWNERS, FOREIGN_CITIES, FOREIGN_STREETS = (
    _nested([c[i] for c in FOREIGN_COUNTRIES]) for i in (1, 2, 3)
)


def _nested_pick(
    draw: Draw,
    name: str,
    key: np.ndarray,
    group: np.ndarray,
    nested: tuple[pl.Series, np.ndarray, np.ndarray],
    *extra: np.ndarray | int,
) -> pl.Series:
    values, offsets, counts = nested
    return values.gather(offsets[group] + draw.ints(name, key, 0, counts[group], *extra))


class Employers:
    """All employer slots; a slot may change its loonheffingennummer once (takeover)."""

    def __init__(self, draw: Draw, n: int, muni: Municipalities, start: int, key: int) -> None:
        self.draw, self.n, self.muni = draw, n, muni
        slot = np.arange(n, dtype=np.int64)
        self.slot = slot
        self.kind = draw.pick("er.kind", slot, np.cumsum(KIND_SHARE))
        foreign = self.kind == EMPLOYER_KINDS.index("foreign")
        self.weight = np.minimum((1 - draw.unif("er.size", slot)) ** (-1 / 1.1), 5000.0)
        self.weight = np.where(self.kind == 1, self.weight * 4, self.weight)
        self.gem = self._municipality(slot, foreign)
        self.uitlener = (self.kind == 1) | (draw.unif("er.lend", slot) < 0.01)
        self.four_weekly = draw.unif("er.4w", slot) < np.where(self.kind == 1, 0.30, 0.10)
        churn = draw.unif("er.churn", slot) < EMPLOYER_CHURN * (HISTORY_MONTHS + FUTURE_MONTHS)
        self.change = np.where(
            churn,
            start - HISTORY_MONTHS + draw.ints("er.when", slot, 0, HISTORY_MONTHS + FUTURE_MONTHS),
            NEVER,
        )
        hot = np.isin(
            self.gem, [muni.index(c) for c in {**AGENCY_HOTSPOTS, **AGRI_HOTSPOTS, **STAY_HOTSPOTS}]
        )
        self.cum_regular = self._pool(REGULAR_POOL, np.ones(n))
        self.cum_migrant = self._pool(MIGRANT_POOL, np.where(hot, 3.0, 1.0))
        self.lhnr = [self._lhnr(slot, v, key) for v in (0, 1)]
        self.small = self.weight <= np.median(self.weight)

    def _municipality(self, slot: np.ndarray, foreign: np.ndarray) -> np.ndarray:
        d, m = self.draw, self.muni
        general = d.pick("er.gem", slot, m.cumulative())
        agency = d.pick("er.gem.agency", slot, m.cumulative(AGENCY_HOTSPOTS, 0.7))
        agri = d.pick("er.gem.agri", slot, m.cumulative(AGRI_HOTSPOTS, 0.75))
        migrant = d.pick("er.gem.mig", slot, m.cumulative(STAY_HOTSPOTS, 0.30))
        gem = np.select(
            [self.kind == 1, self.kind == 2, np.isin(self.kind, (3, 4))], [agency, agri, migrant], general
        )
        return np.where(foreign, -1, gem)

    def _pool(self, shares: np.ndarray, boost: np.ndarray) -> np.ndarray:
        """Cumulative draw weights: each kind gets its share, spread by size × boost."""
        w = self.weight * boost
        per_kind = np.bincount(self.kind, weights=w, minlength=len(EMPLOYER_KINDS))
        factor = np.divide(shares, per_kind, out=np.zeros_like(shares), where=per_kind > 0)
        return np.cumsum(w * factor[self.kind])

    def _lhnr(self, slot: np.ndarray, version: int, key: int) -> pl.Series:
        rsin = bsn_numbers(slot + version * self.n, key ^ 0x5EED)
        u = self.draw.unif("er.sub", slot, version)
        sub = np.where(u < 0.85, 1, np.where(u < 0.95, 2, 3 + (u * 100).astype(np.int64) % 3))
        return zero_padded(rsin, 9) + "L" + zero_padded(sub, 2)

    def lhnr_of(self, slot: np.ndarray, version: np.ndarray) -> pl.Series:
        return self.lhnr[0].gather(slot).zip_with(pl.Series(version == 0), self.lhnr[1].gather(slot))

    def version_at(self, slot: np.ndarray, month: int | np.ndarray) -> np.ndarray:
        return (np.asarray(month) >= self.change[slot]).astype(np.int64)

    def frame(self, month: int) -> pl.DataFrame:
        """The relation file at the end of ``month``: current numbers plus recently replaced ones."""
        current = self.version_at(self.slot, month)
        recent_old = (month - self.change >= 0) & (month - self.change < OLD_NUMBER_MONTHS)
        slot = np.concatenate([self.slot, self.slot[recent_old]])
        version = np.concatenate([current, np.zeros(recent_old.sum(), np.int64)])
        order = np.lexsort((-version, slot))
        return self._rows(slot[order], version[order])

    def _rows(self, slot: np.ndarray, version: np.ndarray) -> pl.DataFrame:
        d, kind = self.draw, self.kind[slot]
        foreign = kind == 5
        gem = self.gem[slot]
        addr = draw_address(d, "er.addr", slot, np.where(foreign, 0, gem), self.muni, n_streets=len(STREETS))
        kvk_null = d.unif("er.kvk.null", slot, version) < np.where(foreign, 0.7, 0.02)
        sector = pick_text(GENERAL_SECTORS, d.ints("er.sector", slot, 0, len(GENERAL_SECTORS)))
        for k, code in KIND_SECTOR.items():
            sector = sector.zip_with(pl.Series(kind != EMPLOYER_KINDS.index(k)), repeat_text(code, len(slot)))
        foreign_sector = pl.Series(np.where(d.unif("er.fsector", slot) < 0.6, "52", "03"))
        country = d.ints("er.country", slot, 0, len(FOREIGN_COUNTRIES))
        return pl.DataFrame(
            {
                "loonheffingennummer": self.lhnr_of(slot, version),
                "kvk_nummer": zero_padded(
                    10_000_000 + d.ints("er.kvk", slot, 0, 90_000_000, version), 8, kvk_null
                ),
                "naam": self._names(slot, version, kind, country),
                "straat": pick_text(STREETS, addr.street).zip_with(
                    pl.Series(~foreign), _nested_pick(d, "er.fstreet", slot, country, FOREIGN_STREETS)
                ),
                "huisnummer": zero_padded(addr.number, 1),
                "huisnummer_toevoeging": pick_text(
                    TOEVOEGINGEN, np.where(d.unif("er.toev", slot) < 0.05, addr.toev, -1)
                ),
                "postcode": postcode_texts(addr, foreign),
                "plaats": pick_text(pl.Series(self.muni.places), np.where(foreign, 0, gem)).zip_with(
                    pl.Series(~foreign), _nested_pick(d, "er.fcity", slot, country, FOREIGN_CITIES)
                ),
                "gemeentecode": pick_text(pl.Series(self.muni.codes), gem),
                "sector_code": sector.zip_with(pl.Series(~foreign), foreign_sector),
                "is_uitlener": bool_texts(self.uitlener[slot] | (foreign & (foreign_sector == "52").to_numpy())),
                "_small": self.small[slot],
            }
        )

    def _names(
        self, slot: np.ndarray, version: np.ndarray, kind: np.ndarray, country: np.ndarray
    ) -> pl.Series:
        """Name = part + ' ' + part + suffix, from the kind's word lists (all cp1252-safe)."""
        d = self.draw
        out = (
            _nested_pick(d, "er.fowner", slot, country, FOREIGN_OWNERS, version)
            + " "
            + pick_text(FOREIGN_TRADES, d.ints("er.ftrade", slot, 0, len(FOREIGN_TRADES), version))
            + FOREIGN_SUFFIX.gather(country)
        )
        for k, (first, second, suffix) in EMPLOYER_NAME_PARTS.items():
            ki = EMPLOYER_KINDS.index(k)
            a = pick_text(pl.Series(first), self.draw.ints("er.n1", slot, 0, len(first), version))
            b = pick_text(pl.Series(second), self.draw.ints("er.n2", slot, 0, len(second), version))
            c = pick_text(pl.Series(suffix), self.draw.ints("er.n3", slot, 0, len(suffix), version))
            out = out.zip_with(pl.Series(kind != ki), a + " " + b + c)
        return out.str.slice(0, 1).str.to_uppercase() + out.str.slice(1)
