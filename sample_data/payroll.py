"""Payroll (``polis.csv``): income relations per job block, takeovers, late payments, hours and
wages, shared BSNs with 3–4 simultaneous relations.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from sample_data.columns import day_texts, hundredths_text, zero_padded
from sample_data.months import NEVER, NO_DATE, first_day, last_day, last_sunday
from sample_data.persons import Jobs, People, SegmentBase
from sample_data.scales import HOURS_SEASON, MIN_WAGE


class Payroll(SegmentBase):
    """Payroll rows of a chunk for one month."""

    def polis_frame(self, p: People, month: int, date_fmt: str) -> pl.DataFrame | None:
        parts = [self._relations(job, month) for job in p.jobs if len(job.rows)]
        if p.multi_jobs is not None and len(p.multi_jobs):
            parts.append(self._multi_relations(p, month))
        parts = [x for x in parts if len(x["rows"])]
        if not parts:
            return None
        r = {k: np.concatenate([x[k] for x in parts], axis=-1) for k in parts[0]}
        order = np.lexsort((r["kind"], r["salt"], r["rows"]))
        r = {k: v[..., order] for k, v in r.items()}
        return self._polis_columns(p, r, month, date_fmt)

    def _block(self, job: Jobs, month: int, k: np.ndarray) -> dict[str, np.ndarray]:
        """Employer, employment and first day of job block ``k``."""
        d, er = self.draw, self.employers
        start_month = job.anchor + k * job.block_len
        cum = er.cum_migrant if job.pool == "migrant" else er.cum_regular
        slot = d.pick("job.er", job.key, cum, job.salt, k)
        version = er.version_at(slot, month)
        takeover = np.where(version == 1, first_day(np.minimum(er.change[slot], NEVER)), NO_DATE)
        start = first_day(start_month) + d.ints("job.day", job.key, 1, 27, job.salt, k)
        return {
            "slot": slot,
            "version": version,
            "start": start,
            "aanvang": np.maximum.reduce([start, job.spell_lo, takeover]),
            "employed": d.unif("job.emp", job.key, job.salt, k) < job.p_emp,
        }

    def _candidates(self, job: Jobs, month: int) -> dict[str, np.ndarray]:
        """Relations of ``month``: the current block's, and the previous one when it ended this month."""
        lo_m, hi_m = first_day(month), last_day(month)
        k = np.floor_divide(month - job.anchor, job.block_len)
        cur = self._block(job, month, k)
        takeover_end = self.employers.change[cur["slot"]] == month + 1
        cur_einde = np.where(job.spell_hi <= hi_m, job.spell_hi, np.where(takeover_end, hi_m, NO_DATE))
        cur_ok = (
            cur["employed"]
            & (cur["aanvang"] <= hi_m)
            & (job.spell_hi >= lo_m)
            & (cur["aanvang"] <= job.spell_hi)
        )
        prev = self._block(job, month, k - 1)
        prev_einde = np.minimum(cur["start"] - 1, job.spell_hi)
        prev_ok = (
            (job.anchor + k * job.block_len == month)
            & prev["employed"]
            & (prev_einde >= lo_m)
            & (prev["aanvang"] <= prev_einde)
        )
        out = []
        for kind, blk, einde, ok, kk in (
            (1, prev, prev_einde, prev_ok, k - 1),
            (2, cur, cur_einde, cur_ok, k),
        ):
            out.append(
                {
                    "rows": job.rows[ok],
                    "key": job.key[ok],
                    "salt": np.full(ok.sum(), job.salt),
                    "kind": np.full(ok.sum(), kind),
                    "block": kk[ok],
                    "slot": blk["slot"][ok],
                    "version": blk["version"][ok],
                    "aanvang": blk["aanvang"][ok],
                    "einde": einde[ok],
                }
            )
        return {c: np.concatenate([o[c] for o in out]) for c in out[0]}

    def _relations(self, job: Jobs, month: int) -> dict[str, np.ndarray]:
        """This month's relations plus late payments for relations that ended last month."""
        d = self.draw
        now = self._candidates(job, month)
        now["pay"] = self._pay(job, now, month)
        before = self._candidates(job, month - 1)
        ended = before["einde"] != NO_DATE
        late = ended & (
            d.unif("job.late", before["key"], job.salt, before["block"], before["version"]) < 0.15
        )
        late_rows = {c: v[late] for c, v in before.items()}
        late_rows["kind"] = np.zeros(late.sum(), np.int64)
        full = self._pay(job, late_rows, month - 1)
        share = 0.1 + 0.3 * d.unif("job.lateshare", late_rows["key"], job.salt, late_rows["block"])
        late_rows["pay"] = np.stack([np.zeros(late.sum(), np.int64), (full[1] * share).astype(np.int64)])
        return {c: np.concatenate([late_rows[c], now[c]], axis=-1) for c in now}

    def _pay(self, job: Jobs, r: dict[str, np.ndarray], month: int) -> np.ndarray:
        """[hours, wage] in hundredths for the rows' relations in ``month``."""
        d, er = self.draw, self.employers
        lo_m, hi_m = first_day(month), last_day(month)
        hrs_lo, hrs_hi = job.hours
        base = hrs_lo + (hrs_hi - hrs_lo) * d.unif("job.hours", r["key"], job.salt, r["block"])
        noise = 0.92 + 0.16 * d.unif("job.hm", r["key"], job.salt, r["block"], month)
        seasonal = np.where(
            (job.pool == "migrant") & np.isin(er.kind[r["slot"]], (1, 2)), HOURS_SEASON[month % 12], 1.0
        )
        end = np.where(r["einde"] == NO_DATE, hi_m, np.minimum(r["einde"], hi_m))
        worked = np.clip(end - np.maximum(r["aanvang"], lo_m) + 1, 0, None) / (hi_m - lo_m + 1)
        weeks = np.where(er.four_weekly[r["slot"]], 28 / 30.44, 1.0)
        hours = np.round(base * noise * seasonal * worked * weeks * 100).astype(np.int64)
        w_lo, w_hi = job.wage
        wage = np.round(
            (w_lo + (w_hi - w_lo) * d.unif("job.wage", r["key"], job.salt, r["block"]) ** 2) * 100
        )
        return np.stack([hours, hours * wage.astype(np.int64) // 100])

    def _multi_relations(self, p: People, month: int) -> dict[str, np.ndarray]:
        """3–4 simultaneous agency relations of 90–160 hours each, employers renewed every 4 months."""
        d, er = self.draw, self.employers
        rows = p.multi_jobs
        key = p.key[rows]
        count = np.where(d.unif("s.count", key) < 0.5, 3, 4)
        epoch = month // 4
        slots = _distinct_columns([d.pick("s.er", key, er.cum_migrant, j, epoch) for j in range(4)], er.n)
        parts = []
        for j in range(4):
            ok = count > j
            kk, rr = key[ok], rows[ok]
            slot = slots[j][ok]
            hours = d.ints("s.hours", kk, 9000, 16001, j, month)
            wage = d.ints("s.wage", kk, int(MIN_WAGE * 100), 1651, j, epoch)
            parts.append(
                {
                    "rows": rr,
                    "key": kk,
                    "salt": np.full(ok.sum(), 10 + j),
                    "kind": np.full(ok.sum(), 2),
                    "block": np.full(ok.sum(), epoch),
                    "slot": slot,
                    "version": er.version_at(slot, month),
                    "aanvang": first_day(epoch * 4) + d.ints("s.day", kk, 0, 28, j, epoch),
                    "einde": np.full(ok.sum(), NO_DATE),
                    "pay": np.stack([hours, hours * wage // 100]),
                }
            )
        return {c: np.concatenate([x[c] for x in parts], axis=-1) for c in parts[0]}

    def _polis_columns(self, p: People, r: dict[str, np.ndarray], month: int, fmt: str) -> pl.DataFrame:
        d, er = self.draw, self.employers
        hi_m = int(last_day(month))
        four = er.four_weekly[r["slot"]]
        tv_end = np.where(four, last_sunday(hi_m), hi_m)
        tv_start = np.where(four, tv_end - 27, first_day(month))
        ikv = 1 + (d.bits("ikv", r["key"], r["salt"], r["block"], r["version"]) % np.uint64(99_999)).astype(
            np.int64
        )
        bsn = zero_padded(p.bsn, 9).gather(r["rows"])
        return pl.DataFrame(
            {
                "bsn": bsn,
                "loonheffingennummer": er.lhnr_of(r["slot"], r["version"]),
                "ikv_id": pl.Series(ikv).cast(pl.String),
                "datum_aanvang_ikv": day_texts(r["aanvang"], fmt),
                "datum_einde_ikv": day_texts(r["einde"], fmt, r["einde"] == NO_DATE),
                "tijdvak_aanvang": day_texts(tv_start, fmt),
                "tijdvak_einde": day_texts(tv_end, fmt),
                "sv_loon": hundredths_text(r["pay"][1]),
                "verloonde_uren": hundredths_text(r["pay"][0]),
            }
        )



def _distinct_columns(columns: list[np.ndarray], n: int) -> list[np.ndarray]:
    """Make the j-th employer differ from the earlier ones of the same row (next slot on a clash)."""
    out: list[np.ndarray] = []
    for col in columns:
        col = col.copy()
        for _ in range(len(columns)):
            clash = np.zeros(len(col), bool)
            for prev in out:
                clash |= col == prev
            col = np.where(clash, (col + 1) % n, col)
        out.append(col)
    return out
