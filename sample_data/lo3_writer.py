"""Write the registers of a sample period as one GBA-V extract (``gbav.csv``, DESIGN.md §3a).

The shape follows the public Haal Centraal GBA-V test set (RvIG/VNG): UTF-8 with BOM, ``;``,
a first column without a name holding the persoonslijst label, LO3 element numbers
``cc.gg.ee`` as headers with marker columns (``01.H``), an element that occurs twice
(``06.88.10``), a trailing empty header, and one persoonslijst spread over several lines: the
labelled line with the current categories, then lines without a label holding history
(categories 51–66) and repeated categories.

The same ``brp`` and ``rni`` rows the generator writes for ``--register-format brp-rni`` are
turned into persoonslijsten, so a differential test can check that both deliveries give the
same signals. What the extract adds, and the reader must see through:
- history lines (an earlier address, for some an old BSN) and a repeated nationality;
- lists suspended for emigration or death (07.67.20 ``E``/``O``, date in 07.67.10) instead of,
  or besides, 08.13.20 and 06.08.10; emigrants without an address start date (08.10.30);
- the surname prefix in 01.02.30, the official street name in 08.11.15 next to 08.11.10;
- an older version (07.80.10) of some persoonslijsten, and the RNI list of a person who has
  since registered as a resident, as a lower version;
- municipality codes of municipalities merged before the reference date on a few lists.
Rows the generator made bad on purpose (copies with an invalid BSN, exact copies, a second
row with the same BSN) become persoonslijsten of their own, as a real extract would have them.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from sample_data.bsn import bsn_numbers

LABEL = ""
HEADER: tuple[str, ...] = (
    LABEL, "01.01.10", "01.01.20", "01.02.10", "01.02.20", "01.02.30", "01.02.40", "01.03.10", "01.03.20",
    "01.03.30", "01.04.10", "01.H", "04.05.10", "04.63.10", "04.H", "06.08.10", "06.08.20", "06.88.10", "06.88.10",
    "06.H", "07.67.10", "07.67.20", "07.80.10", "07.80.20", "07.H", "08.09.10", "08.09.20", "08.10.10", "08.10.20",
    "08.10.30", "08.11.10", "08.11.15", "08.11.20", "08.11.30", "08.11.40", "08.11.60", "08.11.70", "08.13.10",
    "08.13.20", "08.H", "16.09.10", "16.10.30", "16.11.10", "16.11.15", "16.11.20", "16.11.30", "16.11.40",
    "16.11.60", "16.11.70", "16.18.10", "16.H", "17.21.10", "17.H", "",
)
POSITION = {h: i for i, h in reversed(list(enumerate(HEADER))) if h}  # first occurrence
VOORVOEGSEL = re.compile(r"^((?:van der|van den|van de|van|de|den|der|ter|ten|te|du|la|le|in 't|op de) )(.+)$")
RNI_GEMEENTE = "1999"
# Codes of municipalities merged before 2026, written on a few resident lists whose register
# has not caught up with the merger (GEMEENTECODE_VERVALLEN).
MERGED_CODES = ("0003", "0005", "0007", "0048", "0053", "0058", "0079", "0081", "0140", "0196")
SHARE = {"history": 0.3, "old_bsn": 0.05, "second_nationality": 0.03, "older_version": 0.004,
         "suspended_e": 0.3, "no_overlijden_element": 0.2, "merged_code": 0.002, "inschrijving_1030": 0.1}


def _compact(s: pl.Expr) -> pl.Expr:
    """``YYYY-MM-DD`` → ``YYYYMMDD`` (LO3 dates), whatever is in the text (bad dates stay bad)."""
    return s.str.replace_all("-", "", literal=True)


def _where(mask: np.ndarray, yes: pl.Series | str | None, no: pl.Series | str | None) -> pl.Series:
    """Text ``yes`` where ``mask`` holds, else ``no`` (a series, one text, or null)."""
    lit = lambda v: v if isinstance(v, pl.Series) else pl.lit(v, dtype=pl.String)  # noqa: E731
    return pl.select(pl.when(pl.Series(mask, dtype=pl.Boolean)).then(lit(yes)).otherwise(lit(no))).to_series()


def _split_name(names: pl.Series) -> tuple[pl.Series, pl.Series]:
    """``van der Meijden`` → (``van der``, ``Meijden``); the reader joins them with one space."""
    parts = names.str.extract_groups(VOORVOEGSEL.pattern)
    prefix = parts.struct.field("1").str.strip_chars_end(" ")
    rest = parts.struct.field("2")
    return prefix, _where(prefix.is_null().to_numpy(), names, rest)


class Lo3Sink:
    """An open ``gbav.csv`` that chunks of ``brp`` and ``rni`` rows are appended to."""

    def __init__(self, path: Path, seed: int, peildatum: date) -> None:
        self.path, self.seed, self.peildatum = path, seed, peildatum
        self.rows = 0  # persoonslijsten
        self.lines = 1
        self._chunk = 0
        self._fh = path.open("wb")
        self._fh.write(b"\xef\xbb\xbf" + ";".join(HEADER).encode("utf-8") + b"\n")

    def write(self, brp: pl.DataFrame | None, rni: pl.DataFrame | None) -> None:
        rng = np.random.default_rng([self.seed, self.peildatum.toordinal(), self._chunk, 0x103])
        self._chunk += 1
        brp_bsn = set(brp["bsn"].drop_nulls().to_list()) if brp is not None else set()
        parts = []
        if brp is not None and len(brp):
            parts.append(self._lists(self._resident_lists(brp, rng), rng, 2 * self.rows))
        if rni is not None and len(rni):
            version = pl.when(pl.col("01.01.20").is_in(list(brp_bsn))).then(pl.lit("0002")).otherwise(pl.lit("0003"))
            lists = self._rni_lists(rni).with_columns(version.alias("07.80.10"))
            parts.append(self._lists(lists, rng, 2 * self.rows + 1))
        if not parts:
            return
        frame = pl.concat(parts, how="diagonal_relaxed").sort("_order", maintain_order=True)
        self.rows += int(frame["_label"].sum())
        self.lines += len(frame)
        frame = frame.drop("_order", "_label")
        empty = pl.Series([None] * len(frame), dtype=pl.String)
        out = pl.DataFrame({f"c{i}": (frame[LABEL] if i == 0 else frame[h] if h in frame.columns and POSITION.get(h) == i
                                      else empty) for i, h in enumerate(HEADER)})
        self._fh.write(out.write_csv(include_header=False, separator=";").encode("utf-8"))

    def close(self) -> None:
        self._fh.close()

    # -- one row per persoonslijst, columns named by element
    def _person(self, df: pl.DataFrame) -> dict[str, pl.Series]:
        prefix, name = _split_name(df["geslachtsnaam"])
        return {"01.01.20": df["bsn"], "01.02.10": df["voornamen"], "01.02.30": prefix, "01.02.40": name,
                "01.03.10": df.select(_compact(pl.col("geboortedatum")))["geboortedatum"],
                "04.05.10": df["nationaliteit"]}

    def _resident_lists(self, brp: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
        n = len(brp)
        c = {k: _compact(pl.col(k)) for k in ("datum_aanvang_adres", "datum_vertrek", "datum_overlijden")}
        dates = brp.select(**c)
        suspended_e = (rng.random(n) < SHARE["suspended_e"]) & dates["datum_vertrek"].is_not_null().to_numpy()
        died = dates["datum_overlijden"].is_not_null().to_numpy()
        suspended_o = died & (rng.random(n) < 0.6)
        only_suspension = suspended_o & (rng.random(n) < SHARE["no_overlijden_element"] / 0.6)
        merged = rng.random(n) < SHARE["merged_code"]
        gemeente = _where(merged, pl.Series(rng.choice(MERGED_CODES, n), dtype=pl.String), brp["gemeentecode"])
        suspension_date = _where(suspended_o, dates["datum_overlijden"],
                                 _where(suspended_e, dates["datum_vertrek"], None))
        street = brp["straat"]
        return pl.DataFrame({
            **self._person(brp),
            "06.08.10": _where(only_suspension, None, dates["datum_overlijden"]),
            "07.67.10": suspension_date,
            "07.67.20": _where(suspended_o, "O", _where(suspended_e, "E", None)),
            "07.80.10": pl.Series(["0003"] * n),
            "08.09.10": gemeente,
            "08.09.20": dates["datum_aanvang_adres"],
            "08.10.30": _where(suspended_e, None, dates["datum_aanvang_adres"]),
            "08.11.10": street.str.slice(0, 24),  # straatnaam is at most 24 characters; 08.11.15 is the full name
            "08.11.15": street,
            "08.11.20": brp["huisnummer"], "08.11.30": brp["huisletter"], "08.11.40": brp["huisnummer_toevoeging"],
            "08.11.60": brp["postcode"], "08.11.70": brp["woonplaats"],
            "08.13.20": _where(suspended_e, None, dates["datum_vertrek"]),
        })

    def _rni_lists(self, rni: pl.DataFrame) -> pl.DataFrame:
        n = len(rni)
        d = rni.select(*(_compact(pl.col(k)) for k in ("datum_inschrijving", "datum_aanvang_verblijfsadres",
                                                        "datum_einde_verblijfsadres", "datum_overlijden")))
        in_1030 = np.arange(n) % 10 == 0  # 08.09.20 empty, 08.10.30 holds the date
        return pl.DataFrame({
            **self._person(rni),
            "06.08.10": d["datum_overlijden"],
            "08.09.10": pl.Series([RNI_GEMEENTE] * n),
            "08.09.20": _where(in_1030, None, d["datum_inschrijving"]),
            "08.10.30": _where(in_1030, d["datum_inschrijving"], None),
            "08.13.10": rni["land_woonadres"],
            "16.09.10": rni["verblijf_gemeentecode"], "16.10.30": d["datum_aanvang_verblijfsadres"],
            "16.11.10": rni["verblijf_straat"].str.slice(0, 24), "16.11.15": rni["verblijf_straat"],
            "16.11.20": rni["verblijf_huisnummer"], "16.11.30": rni["verblijf_huisletter"],
            "16.11.40": rni["verblijf_toevoeging"], "16.11.60": rni["verblijf_postcode"],
            "16.11.70": rni["verblijf_woonplaats"], "16.18.10": d["datum_einde_verblijfsadres"],
            "17.21.10": _where((rni["contactgegevens_bekend"] == "true").fill_null(False).to_numpy(), "J", None),
        })

    def _lists(self, lists: pl.DataFrame, rng: np.random.Generator, salt: int) -> pl.DataFrame:
        """Labelled lines plus history, repeated and older-version lines, in file order."""
        n = len(lists)
        base = (np.arange(n, dtype=np.int64) + salt * 10_000_000) * 4
        stamp = self.peildatum.strftime("%Y%m%d") + "120000000"
        label = pl.lit(f"PL{self._chunk:05d}{salt % 2}") + pl.Series(np.arange(n)).cast(pl.String).str.zfill(8)
        current = lists.with_columns(pl.lit(stamp).alias("07.80.20"), label.alias(LABEL),
                                     pl.Series(base + 1).alias("_order"), pl.lit(1).alias("_label"))
        extra = []
        history = rng.random(n) < SHARE["history"]
        if history.any():
            kept = [c for c in ("08.09.10", "08.11.15", "08.11.20", "08.11.60", "08.11.70", "08.13.10", "16.11.15")
                    if c in lists.columns]
            h = lists.filter(pl.Series(history)).select(kept)
            old_bsn = rng.random(int(history.sum())) < SHARE["old_bsn"]
            # an earlier BSN (category 51): valid under the 11-proef, never a person of this extract
            index = rng.integers(0, 80_000_000, int(history.sum()))
            olds = pl.Series(bsn_numbers(index, self.seed + 51)).cast(pl.String).str.zfill(9)
            extra.append(h.with_columns(_where(old_bsn, olds, None).alias("01.01.20"),
                                        pl.Series("_order", base[history] + 2), pl.lit(0).alias("_label")))
        second = rng.random(n) < SHARE["second_nationality"]
        if second.any():
            extra.append(pl.DataFrame({"04.05.10": pl.Series(["0052"] * int(second.sum())),
                                       "_order": base[second] + 3, "_label": [0] * int(second.sum())}))
        older = rng.random(n) < SHARE["older_version"]
        if older.any():
            o = lists.filter(pl.Series(older)).with_columns(
                pl.lit("0001").alias("07.80.10"), pl.lit("20190101120000000").alias("07.80.20"),
                pl.col("08.09.10").replace_strict(RNI_GEMEENTE, "0363", default=pl.col("08.09.10")).alias("08.09.10"),
                pl.lit("20190101").alias("08.10.30"),
                (pl.lit("PL-oud-") + pl.Series(base[older]).cast(pl.String)).alias(LABEL),
                pl.Series("_order", base[older]), pl.lit(1).alias("_label"))
            extra.append(o)
        return pl.concat([current, *extra], how="diagonal_relaxed")
