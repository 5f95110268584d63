"""The population model of one seed/scale/start: segments of person keys, chunk by chunk.

``Model`` only wires the parts: the segments come from ``residents`` and ``migrants``, the
rows from ``registers`` and ``payroll`` (mixins over one object; see ``persons``).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import polars as pl

from sample_data.employers import Employers
from sample_data.geography import RNI_DESKS, STAY_HOTSPOTS, load_municipalities
from sample_data.migrants import Migrants
from sample_data.months import FUTURE_MONTHS, HISTORY_MONTHS
from sample_data.names import NameBank
from sample_data.payroll import Payroll
from sample_data.persons import People, Segment
from sample_data.randomness import Draw
from sample_data.registers import RegisterFrames
from sample_data.residents import Residents
from sample_data.scales import Scale


class Model(Residents, Migrants, RegisterFrames, Payroll):
    """Population model of one seed/scale/start; builds each period chunk by chunk."""

    def __init__(self, scale: Scale, seed: int, start: int, periods: int) -> None:
        self.scale, self.seed, self.start = scale, seed, start
        self.future = max(FUTURE_MONTHS, periods)
        self.draw = Draw(seed)
        self.bsn_key = seed * 7919 + 17
        self.muni = load_municipalities()
        self.names = NameBank()
        self.employers = Employers(self.draw, scale.employers, self.muni, start, seed * 104729 + 3)
        self.cum_gem = self.muni.cumulative()
        self.cum_stay = self.muni.cumulative(STAY_HOTSPOTS, 0.8)
        desks = np.zeros(len(self.muni.codes))
        for code, w in RNI_DESKS.items():
            desks[self.muni.index(code)] = w
        self.cum_desk = np.cumsum(desks)
        self.places = pl.Series(self.muni.places)
        self.codes = pl.Series(self.muni.codes)
        self.offsets: dict[str, int] = {}
        self.segments = self._segments()

    def _segments(self) -> list[Segment]:
        s = self.scale
        window = s.arrivals_per_month * (HISTORY_MONTHS + self.future)
        events = 2 * s.scheduled_events * (HISTORY_MONTHS + self.future)
        sizes = [
            ("residents", s.residents),
            ("historic", s.historic_migrants),
            ("longterm", s.longterm_rni_workers),
            ("abroad", s.dutch_abroad),
            ("unknown", s.unknown_bsn),
            ("multi", s.multi_bsn),
            ("events", events),
            ("window", window),
        ]
        out, offset = [], 0
        for name, size in sizes:
            out.append(Segment(name, offset, size))
            self.offsets[name] = offset
            offset += size
        order = ("residents", "events", "window", "historic", "longterm", "abroad", "unknown", "multi")
        return sorted(out, key=lambda seg: order.index(seg.name))

    def chunks(self) -> Iterator[tuple[Segment, np.ndarray]]:
        """Person keys per segment in chunks, in file order (residents first)."""
        for seg in self.segments:
            for lo in range(0, seg.size, self.scale.chunk):
                hi = min(seg.size, lo + self.scale.chunk)
                yield seg, np.arange(seg.offset + lo, seg.offset + hi, dtype=np.int64)

    def people(self, seg: Segment, key: np.ndarray, month: int) -> People:
        return getattr(self, "_" + seg.name)(key, month)

    # -- shared attributes
