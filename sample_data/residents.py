"""Residents (BRP): nationality, age, address history, departures and deaths, and their jobs;
plus the scheduled events segment (employed residents who depart or die every month).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from sample_data.columns import null_where, repeat_text
from sample_data.geography import STREETS, draw_address
from sample_data.months import FAR_DAY, HISTORY_MONTHS, NEVER, NO_DATE, first_day, last_day, month_of
from sample_data.names import OTHER_RESIDENT_NATIONALITIES
from sample_data.persons import Jobs, People, SegmentBase
from sample_data.scales import MIN_WAGE


class Residents(SegmentBase):
    """The ``residents`` and ``events`` segments."""

    def _residents(
        self, key: np.ndarray, month: int, scheduled: tuple[np.ndarray, ...] | None = None
    ) -> People:
        """Residents; ``scheduled`` = (departure, death, lags) forced for the events segment."""
        d = self.draw
        peil, t0 = last_day(month), first_day(self.start)
        u = d.unif("r.nat", key)
        mig_group, mig_code, _ = self._migrant_nationality(key, "r.natm")
        oth = d.pick("r.nato", key, np.cumsum([w for _, w in OTHER_RESIDENT_NATIONALITIES]))
        oth_group = np.array([self.names.group(n.group) for n, _ in OTHER_RESIDENT_NATIONALITIES])[oth]
        oth_code = pl.Series([n.code for n, _ in OTHER_RESIDENT_NATIONALITIES]).gather(oth)
        eu, other, unknown = (u >= 0.92) & (u < 0.95), (u >= 0.95) & (u < 0.997), u >= 0.997
        nl = self.names.group("nl")
        group = np.where(eu, mig_group, np.where(other, oth_group, nl))
        code = repeat_text("0001", len(key)).zip_with(pl.Series(~eu), mig_code)
        code = null_where(code.zip_with(pl.Series(~other), oth_code), unknown)
        age_days = np.where(
            d.unif("r.old", key) < 0.92,
            d.ints("r.age", key, 0, 85 * 365),
            d.ints("r.age2", key, 85 * 365, 100 * 365),
        )
        if scheduled is not None:
            age_days = d.ints("e.age", key, 25 * 365, 60 * 365)
        birth = t0 - age_days
        precision = np.where((eu | other) & (d.unif("r.bprec", key) < 0.02), 2, 0)
        people = self._base(
            key, group, code, birth, precision, np.ones(len(key), bool), np.zeros(len(key), bool)
        )
        self._resident_address(people, key, month, birth)
        dep, death, dep_lag, death_lag = scheduled or self._resident_events(key, age_days, eu)
        people.departed = np.where(dep <= peil, dep, NO_DATE)
        people.died = np.where(death <= peil, death, NO_DATE)
        people.jobs = self._resident_jobs(
            key, age_days, birth, dep, death, dep_lag, death_lag, always_employed=scheduled is not None
        )
        return people

    def _events(self, key: np.ndarray, month: int) -> People:
        """Employed residents with a departure or death scheduled in every month of the horizon.

        Why: at small scale the natural rates give a death of an employee only every few
        months; these ``scheduled_events`` per month and kind make ``VERTROKKEN`` and
        ``OVERLEDEN`` appear in every period of the sample.
        """
        d, n = self.draw, self.scale.scheduled_events
        j = key - self.offsets["events"]
        event_month = self.start - HISTORY_MONTHS + j // (2 * n)
        day = first_day(event_month) + d.ints("e.day", key, 0, 28)
        departs = j % (2 * n) < n
        dep = np.where(departs, day, FAR_DAY)
        death = np.where(departs, FAR_DAY, day)
        dep_lag = np.where(d.unif("e.deplag", key) < 0.5, 0, 1 + d.ints("e.lagm", key, 0, 2))
        death_lag = np.where(d.unif("e.deathlag", key) < 0.7, 0, 1)
        return self._residents(key, month, (dep, death, dep_lag, death_lag))

    def _resident_address(self, people: People, key: np.ndarray, month: int, birth: np.ndarray) -> None:
        d = self.draw
        tenure = d.ints("r.tenure", key, 60, 301)
        phase = d.ints("r.phase", key, 0, tenure)
        block = (month - self.start + phase) // tenure
        since_month = self.start - phase + block * tenure
        since = np.maximum(first_day(since_month) + d.ints("r.moveday", key, 0, 28, block), birth)
        home = d.pick("r.home", key, self.cum_gem)
        moved = d.pick("r.gem", key, self.cum_gem, block)
        gem = np.where(d.unif("r.same", key, block) < 0.65, home, moved)
        people.home = draw_address(d, "r.addr", key, gem, self.muni, block, n_streets=len(STREETS))
        people.no_street = d.unif("r.nostreet", key) < 0.001
        people.address_since = since

    def _resident_events(
        self, key: np.ndarray, age_days: np.ndarray, eu: np.ndarray
    ) -> tuple[np.ndarray, ...]:
        """Departure and death days (FAR_DAY when none in the horizon) and their payroll lags."""
        d = self.draw
        span = HISTORY_MONTHS + self.future
        lo = self.start - HISTORY_MONTHS
        age = age_days / 365.25
        dep_rate = np.where(eu, 0.003, 0.0006)
        death_rate = np.where(age < 50, 0.00005, np.where(age < 75, 0.0003, 0.003))
        grown = age >= 2
        dep = np.where(
            grown & (d.unif("r.dep", key) < dep_rate * span),
            first_day(lo + d.ints("r.depm", key, 0, span)) + d.ints("r.depd", key, 0, 28),
            FAR_DAY,
        )
        death = np.where(
            grown & (d.unif("r.death", key) < death_rate * span),
            first_day(lo + d.ints("r.deathm", key, 0, span)) + d.ints("r.deathd", key, 0, 28),
            FAR_DAY,
        )
        u = d.unif("r.deplag", key)
        dep_lag = np.where(u < 0.7, 0, np.where(u < 0.95, 1 + (u * 1000).astype(np.int64) % 2, NEVER))
        death_lag = np.where(d.unif("r.deathlag", key) < 0.85, 0, 1)
        return dep, death, dep_lag, death_lag

    def _resident_jobs(
        self,
        key: np.ndarray,
        age_days: np.ndarray,
        birth: np.ndarray,
        dep: np.ndarray,
        death: np.ndarray,
        dep_lag: np.ndarray,
        death_lag: np.ndarray,
        *,
        always_employed: bool = False,
    ) -> tuple[Jobs, ...]:
        d = self.draw
        age = age_days / 365.25
        p = np.select(
            [age < 15, age < 18, age < 23, age < 63, age < 68, age < 75],
            [0.0, 0.50, 0.78, 0.90, 0.68, 0.05],
            0.01,
        )
        if always_employed:
            p = np.ones(len(key))
        hi = np.minimum(_work_end(dep, dep_lag), _work_end(death, death_lag))
        lo = birth + 15 * 365 + 4
        rows = np.arange(len(key))
        main_len = d.ints("r.joblen", key, 12, 121)
        main = Jobs(
            rows,
            key,
            1,
            main_len,
            self.start - d.ints("r.jobph", key, 0, main_len),
            lo,
            hi,
            p,
            "regular",
            (60.0, 180.0),
            (MIN_WAGE, 45.0),
        )
        second = d.unif("r.second", key) < 0.08
        s_len = d.ints("r.job2len", key, 6, 49)
        side = Jobs(
            rows[second],
            key[second],
            2,
            s_len[second],
            self.start - d.ints("r.job2ph", key, 0, s_len)[second],
            lo[second],
            hi[second],
            np.where(p[second] > 0, 0.6, 0.0),
            "regular",
            (16.0, 80.0),
            (MIN_WAGE, 25.0),
        )
        return main, side



def _work_end(event: np.ndarray, lag: np.ndarray) -> np.ndarray:
    """Last working day after a departure/death: that day (lag 0), the end of a later month, or never."""
    month = month_of(np.minimum(event, FAR_DAY - 1))
    later = last_day(month + np.minimum(lag, 1200))
    return np.where(
        event >= FAR_DAY, FAR_DAY, np.where(lag == 0, event, np.where(lag >= NEVER, FAR_DAY, later))
    )
