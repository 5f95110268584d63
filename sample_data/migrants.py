"""People known to the RNI (and those in no register): labour migrants arriving in the horizon,
historic and long-term registrants, Dutch people abroad, unknown BSNs and shared BSNs.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from sample_data.columns import null_where, repeat_text
from sample_data.geography import STREETS, draw_address
from sample_data.months import FAR_DAY, HISTORY_MONTHS, NO_DATE, first_day, last_day, month_of
from sample_data.names import DUTCH_ABROAD_COUNTRIES
from sample_data.persons import Jobs, People, SegmentBase
from sample_data.scales import ARRIVAL_SEASON, FIRST_RNI_MONTH


class Migrants(SegmentBase):
    """The ``window``, ``historic``, ``longterm``, ``abroad``, ``unknown`` and ``multi`` segments."""

    def _window(self, key: np.ndarray, month: int) -> People:
        """Labour migrants arriving during the horizon (short stay, long stay, converters)."""
        d = self.draw
        peil = last_day(month)
        group, codes, lands = self._migrant_nationality(key, "m.nat")
        birth, precision = self._migrant_birth(key)
        horizon = np.arange(self.start - HISTORY_MONTHS, self.start + self.future)
        arrival = horizon[d.pick("m.arr", key, np.cumsum(ARRIVAL_SEASON[horizon % 12]))]
        registered = first_day(arrival) + d.ints("m.arrday", key, 0, 28)
        u = d.unif("m.type", key)
        short, converter = u < 0.45, u >= 0.70
        conv_after = d.ints("m.conv", key, 4, 8)
        work_months = np.select(
            [short, converter],
            [d.ints("m.ds", key, 1, 4), d.ints("m.dc", key, conv_after + 2, 37)],
            d.ints("m.dl", key, 6, 25),
        )
        work_from = registered + d.ints("m.wait", key, 1, 15)
        work_to = np.maximum(
            first_day(arrival + work_months - 1) + d.ints("m.leave", key, 0, 28), work_from + 7
        )
        conv_day = np.where(
            converter, first_day(arrival + conv_after) + d.ints("m.convday", key, 0, 28), FAR_DAY
        )
        both = (
            converter & (month_of(np.minimum(conv_day, FAR_DAY - 1)) == month) & (d.unif("m.both", key) < 0.3)
        )
        in_brp = conv_day <= peil
        in_rni = (registered <= peil) & (~in_brp | both)
        people = self._base(key, group, codes, birth, precision, in_brp, in_rni)
        gem = self._work_gem(key, "m.stay", 3)
        self._rni_fields(people, key, registered, lands, desk_null=0.03, contact=0.25)
        self._stay(
            people,
            key,
            d.unif("m.hasstay", key) < 0.35,
            registered,
            gem,
            month,
            (0.15, 30, 121),
            (0.30, work_to + d.ints("m.dereg", key, 0, 11)),
        )
        people.home = draw_address(d, "m.home", key, gem, self.muni, n_streets=len(STREETS))
        people.no_street = np.zeros(len(key), bool)
        people.address_since = conv_day
        people.departed = np.full(len(key), NO_DATE)
        people.died = np.full(len(key), NO_DATE)
        people.jobs = (self._migrant_jobs(key, arrival, work_from, work_to, 3),)
        return people


    def _rni_registrant(
        self, key: np.ndarray, nationality: str, registered: np.ndarray, desk_null: float, contact: float
    ) -> People:
        """A migrant in the RNI only (historic and long-term segments); every draw is keyed, so the
        order in which the attributes are drawn does not matter."""
        group, codes, lands = self._migrant_nationality(key, nationality)
        birth, precision = self._migrant_birth(key)
        people = self._base(
            key, group, codes, birth, precision, np.zeros(len(key), bool), np.ones(len(key), bool)
        )
        self._rni_fields(people, key, registered, lands, desk_null=desk_null, contact=contact)
        return people

    def _historic(self, key: np.ndarray, month: int) -> People:
        """RNI registrants from 2014 until two years before start; gone, some stay addresses left."""
        d = self.draw
        first = max(FIRST_RNI_MONTH, self.start - 150)
        registered = self._registered_in(key, first, max(first + 1, self.start - HISTORY_MONTHS), "h.reg")
        people = self._rni_registrant(key, "h.nat", registered, desk_null=0.08, contact=0.15)
        self._stay(
            people,
            key,
            d.unif("h.hasstay", key) < 0.30,
            registered,
            d.pick("h.stay", key, self.cum_stay),
            month,
            (0.45, 30, 400),
        )
        return people

    def _longterm(self, key: np.ndarray, month: int) -> People:
        """RNI registrants who keep working through the whole horizon (→ RNI_LANGER_DAN_4_MAANDEN)."""
        d = self.draw
        registered = self._registered_in(key, self.start - 60, self.start - 6, "l.reg")
        people = self._rni_registrant(key, "l.nat", registered, desk_null=0.03, contact=0.25)
        self._stay(
            people,
            key,
            d.unif("l.hasstay", key) < 0.15,
            registered,
            self._work_gem(key, "l.stay", 4),
            month,
            (0.0, 30, 31),
        )
        people.jobs = (
            self._migrant_jobs(key, month_of(registered), registered + 5, np.full(len(key), FAR_DAY), 4),
        )
        return people

    def _abroad(self, key: np.ndarray, month: int) -> People:
        """Dutch people living abroad (RNI); 3 % work in NL as frontier workers."""
        d = self.draw
        nl = np.full(len(key), self.names.group("nl"))
        codes = null_where(repeat_text("0001", len(key)), d.unif("a.natnull", key) < 0.05)
        birth = first_day(self.start) - d.ints("a.age", key, 18 * 365, 90 * 365)
        registered = self._registered_in(key, FIRST_RNI_MONTH, self.start + self.future, "a.reg")
        in_rni = registered <= last_day(month)
        people = self._base(
            key, nl, codes, birth, np.zeros(len(key), np.int64), np.zeros(len(key), bool), in_rni
        )
        countries = list(DUTCH_ABROAD_COUNTRIES)
        lands = pl.Series(countries).gather(
            d.pick("a.land", key, np.cumsum(list(DUTCH_ABROAD_COUNTRIES.values())))
        )
        self._rni_fields(people, key, registered, lands, desk_null=0.85, contact=0.5)
        works = d.unif("a.works", key) < 0.03
        length = d.ints("a.joblen", key, 12, 61)[works]
        people.jobs = (
            Jobs(
                np.flatnonzero(works),
                key[works],
                5,
                length,
                self.start - d.ints("a.jobph", key, 0, 61)[works],
                registered[works],
                np.full(works.sum(), FAR_DAY),
                np.ones(works.sum()),
                "regular",
                (120.0, 175.0),
                (16.0, 45.0),
            ),
        )
        return people

    def _unknown(self, key: np.ndarray, month: int) -> People:
        """Payroll BSNs in neither register (→ BSN_ONBEKEND)."""
        group, codes, _ = self._migrant_nationality(key, "u.nat")
        birth, precision = self._migrant_birth(key)
        none = np.zeros(len(key), bool)
        people = self._base(key, group, codes, birth, precision, none, none)
        people.jobs = (
            self._migrant_jobs(
                key, np.full(len(key), self.start - 3), np.full(len(key), 0), np.full(len(key), FAR_DAY), 6
            ),
        )
        return people

    def _multi(self, key: np.ndarray, month: int) -> People:
        """BSNs used at 3–4 employers at once (→ MEERVOUDIG_BSN_GEBRUIK); 60 % RNI, 40 % BRP."""
        d = self.draw
        group, codes, lands = self._migrant_nationality(key, "s.nat")
        birth, precision = self._migrant_birth(key)
        in_rni = d.unif("s.rni", key) < 0.6
        registered = self._registered_in(key, self.start - 12, self.start - 1, "s.reg")
        people = self._base(key, group, codes, birth, precision, ~in_rni, in_rni)
        self._rni_fields(people, key, registered, lands, desk_null=0.03, contact=0.1)
        gem = d.pick("s.gem", key, self.cum_stay)
        people.home = draw_address(d, "s.home", key, gem, self.muni, n_streets=len(STREETS))
        people.no_street = np.zeros(len(key), bool)
        people.address_since = registered
        people.departed = np.full(len(key), NO_DATE)
        people.died = np.full(len(key), NO_DATE)
        people.multi_jobs = np.arange(len(key))
        return people

    # -- register frames
