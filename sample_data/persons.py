"""The records of the model (a chunk of persons, their job sequences) and the attributes every
population segment shares: BSN and names, migrant nationality and birth, RNI fields, stay
address, migrant jobs.

``SegmentBase`` is the first of the mixins that make up ``sample_data.model.Model``: one
module per job (residents, migrants, register frames, payroll), one object at run time so
that the draw names — and with them the bytes generated — stay exactly what they were.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from sample_data.bsn import bsn_numbers
from sample_data.columns import null_where
from sample_data.employers import Employers
from sample_data.geography import STAY_STREETS, Address, Municipalities, draw_address
from sample_data.months import NO_DATE, first_day, last_day, month_of
from sample_data.names import MIGRANT_NATIONALITIES, NameBank
from sample_data.randomness import Draw
from sample_data.scales import MIN_WAGE, STAY_ADDRESS_MONTH, Scale


@dataclass
class Jobs:
    """A sequence of income relations per person: blocks of ``block_len`` months from ``anchor``.

    Block k starts in month anchor + k·block_len on day 2–27; the person is employed in a
    block with probability ``p_emp``, at an employer drawn from ``pool``. Work is limited to
    days ``spell_lo`` … ``spell_hi``.
    """

    rows: np.ndarray
    key: np.ndarray
    salt: int
    block_len: np.ndarray
    anchor: np.ndarray
    spell_lo: np.ndarray
    spell_hi: np.ndarray
    p_emp: np.ndarray
    pool: str
    hours: tuple[float, float]
    wage: tuple[float, float]


@dataclass
class People:
    """One chunk of one population segment, as of a period."""

    key: np.ndarray
    bsn: np.ndarray
    group: np.ndarray
    female: np.ndarray
    nationality: pl.Series  # code or null
    birth: np.ndarray
    birth_precision: np.ndarray
    first_name_count: np.ndarray
    in_brp: np.ndarray
    in_rni: np.ndarray
    home: Address | None = None  # BRP address
    no_street: np.ndarray | None = None
    address_since: np.ndarray | None = None
    departed: np.ndarray | None = None  # day or NO_DATE, as shown at peildatum
    died: np.ndarray | None = None
    registered: np.ndarray | None = None
    desk: np.ndarray | None = None  # RNI desk municipality index or −1
    land: pl.Series | None = None
    stay: Address | None = None
    has_stay: np.ndarray | None = None
    stay_from: np.ndarray | None = None
    stay_until: np.ndarray | None = None  # NO_DATE = open
    contact: np.ndarray | None = None
    jobs: tuple[Jobs, ...] = ()
    multi_jobs: np.ndarray | None = None  # rows (chunk positions) with 3–4 simultaneous relations


@dataclass(frozen=True)
class Segment:
    name: str
    offset: int
    size: int



class SegmentBase:
    """Attributes shared by the population segments (see the module docstring)."""

    scale: Scale
    start: int
    future: int
    draw: Draw
    bsn_key: int
    muni: Municipalities
    names: NameBank
    employers: Employers
    cum_stay: np.ndarray
    cum_desk: np.ndarray
    offsets: dict[str, int]

    def _base(
        self,
        key: np.ndarray,
        group: np.ndarray,
        nationality: pl.Series,
        birth: np.ndarray,
        precision: np.ndarray,
        in_brp: np.ndarray,
        in_rni: np.ndarray,
    ) -> People:
        d = self.draw
        u = d.unif("nfirst", key)
        count = np.where(
            group == self.names.group("nl"),
            np.where(u < 0.45, 1, np.where(u < 0.85, 2, 3)),
            np.where(u < 0.8, 1, 2),
        )
        count = np.where(d.unif("nofirst", key) < 0.0005, 0, count)
        return People(
            key=key,
            bsn=bsn_numbers(key, self.bsn_key),
            group=group,
            female=d.unif("female", key) < 0.5,
            nationality=nationality,
            birth=birth,
            birth_precision=precision,
            first_name_count=count,
            in_brp=in_brp,
            in_rni=in_rni,
        )

    def _migrant_nationality(self, key: np.ndarray, name: str) -> tuple[np.ndarray, pl.Series, pl.Series]:
        weights = np.cumsum([w for _, w in MIGRANT_NATIONALITIES])
        i = self.draw.pick(name, key, weights)
        group = np.array([self.names.group(n.group) for n, _ in MIGRANT_NATIONALITIES])[i]
        codes = pl.Series([n.code for n, _ in MIGRANT_NATIONALITIES]).gather(i)
        lands = pl.Series([n.land for n, _ in MIGRANT_NATIONALITIES]).gather(i)
        return group, codes, lands

    def _migrant_birth(self, key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        d = self.draw
        birth = first_day(self.start) - d.ints("m.age", key, 19 * 365, 58 * 365)
        u = d.unif("m.bprec", key)
        precision = np.where(u < 0.005, 3, np.where(u < 0.055, 2, np.where(u < 0.135, 1, 0)))
        return birth, precision

    def _registered_in(self, key: np.ndarray, lo: int, hi: int, name: str) -> np.ndarray:
        """A registration day uniformly in months ``lo`` … ``hi − 1``."""
        month = self.draw.ints(name, key, lo, hi)
        return first_day(month) + self.draw.ints(name + ".day", key, 0, 28)

    def _stay(
        self,
        people: People,
        key: np.ndarray,
        has: np.ndarray,
        registered: np.ndarray,
        gem: np.ndarray,
        month: int,
        declared: tuple[float, int, int],
        ended_on_leaving: tuple[float, np.ndarray] | None = None,
    ) -> None:
        """Fill the RNI stay address (LO3 category 16) as known at the end of ``month``.

        ``declared`` = (share, min days, max days): an end of validity given at registration
        (shown at once, so it can lie in the future). ``ended_on_leaving`` = (share, day): the
        address is ended when the person leaves, known only from that day on.
        """
        d = self.draw
        has = has & (month_of(registered) >= STAY_ADDRESS_MONTH)
        late = d.unif("stay.late", key) < 0.15
        start = registered + np.where(late, d.ints("stay.l", key, 30, 76), d.ints("stay.e", key, 0, 15))
        u = d.unif("stay.end", key)
        share, lo, hi = declared
        until = np.where(u < share, start + d.ints("stay.days", key, lo, hi), NO_DATE)
        if ended_on_leaving is not None:
            leave_share, leave_day = ended_on_leaving
            ended = (u >= share) & (u < share + leave_share) & (leave_day <= last_day(month))
            until = np.where(ended, np.maximum(leave_day, start), until)
        people.stay = draw_address(
            d, "stay", key, gem, self.muni, n_streets=len(STAY_STREETS), comma_share=0.03
        )
        people.has_stay = has
        people.stay_from = start
        people.stay_until = np.where(has, until, NO_DATE)

    def _work_gem(self, key: np.ndarray, name: str, salt: int) -> np.ndarray:
        """Where a migrant stays: the first employer's municipality (70 %) or a hotspot."""
        d, er = self.draw, self.employers
        slot = d.pick("job.er", key, er.cum_migrant, salt, 0)
        emp_gem = er.gem[slot]
        hot = d.pick(name, key, self.cum_stay)
        return np.where((emp_gem >= 0) & (d.unif(name + ".emp", key) < 0.7), emp_gem, hot)

    # -- segments

    def _migrant_jobs(
        self,
        key: np.ndarray,
        anchor: np.ndarray,
        lo: np.ndarray,
        hi: np.ndarray,
        salt: int,
        pool: str = "migrant",
    ) -> Jobs:
        length = self.draw.ints("m.joblen", key, 2, 9)
        return Jobs(
            np.arange(len(key)),
            key,
            salt,
            length,
            anchor,
            lo,
            hi,
            np.ones(len(key)),
            pool,
            (110.0, 200.0),
            (MIN_WAGE, 17.5),
        )

    def _rni_fields(
        self,
        people: People,
        key: np.ndarray,
        registered: np.ndarray,
        lands: pl.Series,
        desk_null: float,
        contact: float,
    ) -> None:
        d = self.draw
        people.registered = registered
        people.desk = np.where(
            d.unif("rni.desknull", key) < desk_null, -1, d.pick("rni.desk", key, self.cum_desk)
        )
        people.land = null_where(lands, d.unif("rni.landnull", key) < 0.05)
        people.contact = d.unif("rni.contact", key) < contact
        people.has_stay = np.zeros(len(key), bool)
