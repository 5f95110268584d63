"""Sample inbox data for the feedbackcyclus: a month-by-month population model.

``generate(scale, periods, out, seed, start)`` writes, for each of ``periods`` consecutive
months ``P`` from ``start``, the four inputs of DESIGN.md §3 as snapshots at the last day of
``P`` (the peildatum): ``brp.csv`` and ``rni.csv`` are full registers, ``werkgevers.csv`` the
full employer relation file and ``polis.csv`` the payroll rows of ``P``.

Why a counter-based model. Every attribute of a person or employer is a pure function of
(seed, field, person index, block/month): a splitmix64 hash, not a sequential random
stream. A period can therefore be generated on its own, chunk by chunk (1 M persons at a
time, vectorised with numpy, columns built with polars, appended to open CSV files), and a
person keeps the same BSN, name and history in every period without a table of people in
memory. The same seed gives the same bytes; ``periods`` ≤ 36 does not change the data of
the months that are generated (the model's horizon is fixed at 24 months before and 36
after ``start``).

Population (numbers per scale in ``SCALES``; national ≈ 18 M residents, 4 M RNI
registrants, 10.5 M payroll rows a month, 0.5 M employers; medium = 10 %; small ≈ 6,000
residents, 1,500 RNI, 3,000 payroll persons, 400 employers):

* Residents (BRP). 92 % Dutch (0001, Dutch names), 3 % EU labour-migrant nationalities,
  4.7 % other (Turkish, Moroccan, German, Belgian, Syrian), 0.3 % unknown nationality.
  Age uniform 0–85 (8 % 85–100). Municipality weighted by approximate population (largest
  32 municipalities by hand, every other one weight 35 k); postcode from a deterministic
  4-digit range per municipality inside its province's real postcode area, letters without
  F I O Q U Y (and no S first). Address tenure 5–25 years, 65 % of moves within the same
  municipality (≈ 0.6 % of residents move each month). 4 % have a house letter, 7 % an
  addition, 0.1 % live at a location description (no street address), 0.05 % have no first
  names, 2 % of those born abroad have a birth date ``YYYY-00-00``.
  Departure abroad: 0.06 % a month (0.3 % for EU-migrant nationalities); death: 0.005 % a
  month under 50, 0.03 % 50–74, 0.3 % from 75 (none under 2). Both dates stay in the BRP
  extract. After a departure 70 % stop working that day, 25 % stay on the payroll 1–2
  months, 5 % keep working (cross-border) → ``LOON_ZONDER_ADRES``/``VERTROKKEN``; after a
  death 85 % stop that day, 15 % a month later → ``OVERLEDEN``.
  Work: employed per job block with probability by age (15–17: 50 %, 18–22: 78 %,
  23–62: 90 %, 63–67: 68 %, 68–74: 5 %, 75+: 1 %); a job block lasts 1–10 years (so ≈ 1.5 % change or
  lose/find a job each month, the old and new income relation both appear in the change
  month, the old one with ``datum_einde_ikv`` in the month); 8 % hold a second job (blocks
  of 6–48 months, employed 60 %). Regular jobs: 86 % general employers, 10 % agencies,
  1.5 % agriculture, 1.5 % food, 1 % logistics; hours 60–180, €14.71–45 an hour (skewed low).
* Scheduled events (``scheduled_events`` per month and kind; small scale only, 2): extra
  employed residents aged 25–60 of whom that many depart and that many die in every month
  of the horizon, so ``VERTROKKEN`` and ``OVERLEDEN`` occur in every period of the small
  sample (at medium/national the natural rates give hundreds a month).
* Labour migrants (RNI → payroll), nationality mix Polish 42 %, Romanian 20 %, Bulgarian
  12 %, Hungarian 7 %, Lithuanian 5 %, Latvian, Slovak, Portuguese 3 % each, Spanish,
  Italian 2 %, Greek 1 %; names with diacritics; birth dates ``YYYY-MM-00`` 8 %,
  ``YYYY-00-00`` 5 %, ``0000-00-00`` 0.5 %.
  - Arrivals: ``arrivals_per_month`` over the horizon, seasonal (Jan ×0.6 … May ×1.5 …
    Dec ×0.5). The RNI registration comes first, the first payroll 1–14 days later. Work
    through agencies (60 %), agriculture/horticulture (22 %), food (7 %), logistics (6 %),
    foreign employers (5 %); employers in Westland, Venlo, Horst aan de Maas, Rotterdam,
    the Betuwe, Peel en Maas, Aalsmeer, Hollands Kroon, … weigh ×3. A relation lasts 2–8
    months; hours 110–200 a month (agri/agency ×1.12 May–Aug, ×0.85 Dec–Feb), €14.71–17.50
    an hour (around the 2026 minimum wage).
  - Types: 45 % short stay (1–3 months of work, then leave without deregistering), 25 %
    long stay in the RNI only (6–24 months → ``RNI_LANGER_DAN_4_MAANDEN``), 30 % register as
    residents 4–7 months after arrival and keep working (they move from ``rni`` to ``brp``;
    30 % of them appear in both files in the month of the move).
  - Stay address (verblijfsadres, only for registrations from November 2022): 35 % of
    arrivals; municipality = the first employer's municipality (70 %, when Dutch) or a
    hotspot (Westland 1783, Venlo 0983, Horst aan de Maas 1507, Rotterdam 0599, Neder-Betuwe
    1740, Overbetuwe 1734, West Betuwe 1960, Peel en Maas 1894, Aalsmeer 0358, Hollands Kroon
    1911, Schiedam 0606, 's-Gravenhage 0518; 80 %, else anywhere). Start 0–14 days after
    registration (15 %: 30–75 days, i.e. in the future in the first snapshot). 15 % carry a
    declared end 1–4 months after the start (stale while still working →
    ``RNI_ZONDER_VERBLIJFSADRES``), 30 % are ended when the person leaves, 55 % stay open after
    the person left (→ ``ADRES_ZONDER_LOON``). 3 % of stay streets contain a comma.
  - Historic registrants (2014 … start−25 months): never in payroll in the window; 30 % of
    those registered from November 2022 have a stay address, 45 % of which ended.
  - Long-term RNI workers (registered 7–60 months before start): work through the whole
    window, 15 % with a stay address.
  - ``contactgegevens_bekend`` is true for 25 % of migrants (15 % of historic ones) and
    50 % of Dutch people abroad; the RNI desk is empty for 3 % (historic 8 %) and the
    country of residence for 5 %.
* Dutch people abroad (RNI, nationality 0001, 95 %): registered 2014 … start+36 months,
  living in Belgium, Germany, Spain, …; 85 % without RNI desk; 3 % work in NL (frontier
  workers → ``RNI_ZONDER_VERBLIJFSADRES``).
* Payroll BSNs in no register (→ ``BSN_ONBEKEND``): ``unknown_bsn`` persons, working all months.
* Shared BSNs (→ ``MEERVOUDIG_BSN_GEBRUIK``): ``multi_bsn`` persons (60 % in RNI, 40 % in BRP)
  with 3–4 simultaneous relations of 90–160 hours each (> 259.5 in total).
* Employers: 3 % agencies (sector 52, ``is_uitlener`` true, 70 % in Westland, Venlo,
  Rotterdam and the Betuwe, size ×4), 4 % agriculture (01, 75 % in the horticulture areas),
  3 % food (50), 3 % logistics (32; both 30 % in migrant areas), 1 % foreign (no postcode,
  no gemeentecode, 70 % no KvK number, 60 % of them sector 52), 86 % general sectors (UWV
  sectors 03, 12, 17, 19, 33, 35, 41, 43–45, 61, 64); size Pareto (α = 1.1, capped at
  5,000). 1 % of others lend staff too. 0.5 % a month re-register under a new
  loonheffingennummer (takeover): the relations end on the last day before and restart on
  the first day under the new number; the old number stays in the file for 3 months. 30 % of
  agencies and 10 % of others declare 4-week periods (tijdvak ending on the last Sunday of
  the month). KvK number missing for 2 % of Dutch employers. Subnumber ``L01`` for 85 %.
* 15 % of ended income relations get a late payment (0 hours, 10–40 % of a month's wage)
  in the next month, with ``datum_einde_ikv`` before that period: not "in payroll".

Bad rows (every kind in every period, rate ``BAD_ROW_RATE`` = 0.03 % of the file's rows
per kind, at least one per kind and file; copies are inserted right after the row they were
made from, so no person or payroll row is lost): ``polis`` invalid BSN (check digit), BSN
with a letter (``O`` for ``0``), empty BSN, invalid loonheffingennummer (8 digits), exact
duplicate row, invalid date ``2026-13-45`` (``20261345`` in the YYYYMMDD period), negative
``sv_loon``, empty ``ikv_id`` — all copies, so ≈ 0.24 % of polis rows are quarantined;
``brp``/``rni`` copies with an invalid BSN, exact duplicates, duplicate keys (same BSN,
first names + ``M.``), and in place (findings) an invalid postcode (``0123AB``, ``12345``,
…; ``verblijf_postcode`` in rni), gemeentecode ``9999`` (``verblijf_gemeentecode``), an
invalid date (``2026-13-45``, ``2025-02-30``, …) in ``geboortedatum`` or
``datum_aanvang_adres``/``datum_inschrijving``, an empty ``geslachtsnaam``; ``werkgevers``
an extra row with ``X`` instead of ``L`` in the loonheffingennummer, a second row with the
number of a small employer (name + `` Holding``), and in place gemeentecode ``9999`` and an
invalid postcode. At small scale the minimum of one per kind means about 0.75 % of the 400
werkgevers rows are quarantined.

Reader variations (by period index, only when ``variations`` is true): 1 ``werkgevers.csv``
in Windows-1252, 2 ``rni.csv`` with ``,`` as delimiter, 3 ``polis.csv`` with ``YYYYMMDD``
dates, 4 ``brp.csv`` with a UTF-8 BOM. Everything else: UTF-8, ``;``, ``YYYY-MM-DD``.
"""

from __future__ import annotations

import csv
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from sample_data.bsn import bsn_numbers
from sample_data.lo3_writer import Lo3Sink

REFERENCE_DIR = Path(__file__).parent / "reference"

COLUMNS: dict[str, tuple[str, ...]] = {
    "polis": (
        "bsn",
        "loonheffingennummer",
        "ikv_id",
        "datum_aanvang_ikv",
        "datum_einde_ikv",
        "tijdvak_aanvang",
        "tijdvak_einde",
        "sv_loon",
        "verloonde_uren",
    ),
    "werkgevers": (
        "loonheffingennummer",
        "kvk_nummer",
        "naam",
        "straat",
        "huisnummer",
        "huisnummer_toevoeging",
        "postcode",
        "plaats",
        "gemeentecode",
        "sector_code",
        "is_uitlener",
    ),
    "brp": (
        "bsn",
        "geslachtsnaam",
        "voornamen",
        "geboortedatum",
        "nationaliteit",
        "gemeentecode",
        "straat",
        "huisnummer",
        "huisletter",
        "huisnummer_toevoeging",
        "postcode",
        "woonplaats",
        "datum_aanvang_adres",
        "datum_vertrek",
        "datum_overlijden",
    ),
    "rni": (
        "bsn",
        "geslachtsnaam",
        "voornamen",
        "geboortedatum",
        "nationaliteit",
        "datum_inschrijving",
        "rni_loket",
        "land_woonadres",
        "verblijf_straat",
        "verblijf_huisnummer",
        "verblijf_huisletter",
        "verblijf_toevoeging",
        "verblijf_postcode",
        "verblijf_woonplaats",
        "verblijf_gemeentecode",
        "datum_aanvang_verblijfsadres",
        "datum_einde_verblijfsadres",
        "contactgegevens_bekend",
        "datum_overlijden",
    ),
}
FILES = ("polis", "werkgevers", "brp", "rni")
REGISTER_FORMATS = ("brp-rni", "gbav")  # gbav: brp and rni as one GBA-V extract (DESIGN.md §3a)

# Reader variations by period index (documented in the module docstring).
VARIATIONS: dict[int, tuple[str, str]] = {
    1: ("werkgevers", "windows-1252"),
    2: ("rni", "comma"),
    3: ("polis", "yyyymmdd"),
    4: ("brp", "bom"),
}

BAD_ROW_RATE = 0.0003
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
    "brp": (
        "bsn_ongeldig",
        "dubbele_rij",
        "dubbele_sleutel",
        "postcode_ongeldig",
        "gemeentecode_onbekend",
        "datum_ongeldig",
        "verplicht_leeg",
    ),
    "rni": (
        "bsn_ongeldig",
        "dubbele_rij",
        "dubbele_sleutel",
        "postcode_ongeldig",
        "gemeentecode_onbekend",
        "datum_ongeldig",
        "verplicht_leeg",
    ),
    "werkgevers": ("lhnr_ongeldig", "dubbele_sleutel", "gemeentecode_onbekend", "postcode_ongeldig"),
}


@dataclass(frozen=True)
class Scale:
    """Population sizes of one scale (counts of persons per segment, employers)."""

    residents: int
    dutch_abroad: int
    historic_migrants: int
    arrivals_per_month: int
    longterm_rni_workers: int
    unknown_bsn: int
    multi_bsn: int
    employers: int
    scheduled_events: int = 0  # extra departures and deaths of employed residents per month, each
    chunk: int = 1_000_000


SCALES: dict[str, Scale] = {
    "small": Scale(6_000, 800, 500, 10, 40, 3, 3, 400, scheduled_events=2),
    "medium": Scale(1_800_000, 240_000, 150_000, 3_000, 12_000, 600, 150, 50_000),
    "national": Scale(18_000_000, 2_400_000, 1_500_000, 30_000, 120_000, 6_000, 1_500, 500_000),
}

HISTORY_MONTHS = 24  # model horizon before start
FUTURE_MONTHS = 36  # model horizon after start (periods ≤ 36 keep identical data)
MIN_WAGE = 14.71  # euro an hour, approximately the 2026 statutory minimum wage
FIRST_RNI_MONTH = 2014 * 12  # the RNI exists since January 2014
STAY_ADDRESS_MONTH = 2022 * 12 + 10  # stay addresses can be registered from November 2022
NO_DATE = -(10**9)
RNI_DEATH_SHARE = 0.004
FAR_DAY = 10**8
NEVER = 10**6  # a month index that never comes
EPOCH_MONTH = 1970 * 12
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()  # day numbers are days since 1970-01-01

ARRIVAL_SEASON = np.array([0.6, 0.7, 1.1, 1.4, 1.5, 1.4, 1.3, 1.1, 1.0, 0.9, 0.7, 0.5])
HOURS_SEASON = np.array([0.85, 0.85, 1.0, 1.0, 1.12, 1.12, 1.12, 1.12, 1.0, 1.0, 1.0, 0.85])


# ---------------------------------------------------------------- counter-based randomness
_C1 = np.uint64(0xBF58476D1CE4E5B9)
_C2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: a bijective, well-scrambling function on uint64."""
    x = x ^ (x >> np.uint64(30))
    x = x * _C1
    x = x ^ (x >> np.uint64(27))
    x = x * _C2
    return x ^ (x >> np.uint64(31))


def _u64(values: np.ndarray | int) -> np.ndarray:
    """Any integers (negative ones wrap) as a 1-d uint64 array."""
    return np.atleast_1d(np.asarray(values, dtype=np.int64)).view(np.uint64)


class Draw:
    """Random numbers that are a pure function of (seed, field, key, extra…).

    Why: a person's attributes must be the same in every period and every chunking, so
    they are hashed from the person's index instead of drawn from a shared stream.
    """

    def __init__(self, seed: int) -> None:
        self._seed = seed
        self._bases: dict[str, np.ndarray] = {}

    def _base(self, name: str) -> np.ndarray:
        if name not in self._bases:
            raw = (self._seed * 0x9E3779B1 + zlib.crc32(name.encode())) & 0x7FFFFFFFFFFFFFFF
            self._bases[name] = _mix(_u64(raw))
        return self._bases[name]

    def bits(self, name: str, key: np.ndarray, *extra: np.ndarray | int) -> np.ndarray:
        h = _mix(_u64(key) ^ self._base(name))
        for e in extra:
            h = _mix(h ^ (_u64(e) * _GOLDEN))
        return h

    def unif(self, name: str, key: np.ndarray, *extra: np.ndarray | int) -> np.ndarray:
        return (self.bits(name, key, *extra) >> np.uint64(11)).astype(np.float64) * (1.0 / (1 << 53))

    def ints(
        self, name: str, key: np.ndarray, lo: np.ndarray | int, hi: np.ndarray | int, *extra: np.ndarray | int
    ) -> np.ndarray:
        """Integers in ``[lo, hi)``."""
        span = np.asarray(hi) - np.asarray(lo)
        return np.asarray(lo) + (self.unif(name, key, *extra) * span).astype(np.int64)

    def pick(self, name: str, key: np.ndarray, cum: np.ndarray, *extra: np.ndarray | int) -> np.ndarray:
        """Index drawn with the weights whose cumulative sum is ``cum``."""
        u = self.unif(name, key, *extra) * cum[-1]
        return np.minimum(np.searchsorted(cum, u, side="right"), len(cum) - 1)


# ---------------------------------------------------------------- calendar
def parse_month(text: str) -> int:
    """``YYYY-MM`` → absolute month index (year·12 + month − 1)."""
    m = re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])", text)
    if not m:
        raise ValueError(f"start {text!r} is not a month YYYY-MM")
    return int(m.group(1)) * 12 + int(m.group(2)) - 1


def month_text(month: int) -> str:
    return f"{month // 12:04d}-{month % 12 + 1:02d}"


def first_day(month: np.ndarray | int) -> np.ndarray:
    """Days since 1970-01-01 of the first day of each absolute month."""
    m = np.asarray(month, dtype=np.int64) - EPOCH_MONTH
    return m.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def last_day(month: np.ndarray | int) -> np.ndarray:
    return first_day(np.asarray(month, dtype=np.int64) + 1) - 1


def month_of(day: np.ndarray) -> np.ndarray:
    d = np.asarray(day, dtype=np.int64)
    return d.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64) + EPOCH_MONTH


def last_sunday(day: int) -> int:
    """The last Sunday on or before ``day`` (1970-01-04 = day 3 was a Sunday)."""
    return day - (day - 3) % 7


# ---------------------------------------------------------------- reference data
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


def _read_table(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def load_municipalities() -> Municipalities:
    """The 2025 table plus a deterministic postcode range per municipality."""
    rows = _read_table("gemeenten_2025.csv")
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

# Surnames (male form), male and female first names per name group.
# fmt: off
NAMES: dict[str, tuple[list[str], list[str], list[str]]] = {
    "nl": (
        [
            "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser",
            "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks",
            "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer",
            "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen",
            "van den Broek", "de Bruijn", "de Bruin", "van der Heijden", "Schouten", "van Beek", "Willems",
            "van Vliet", "van de Ven", "Hoekstra", "Maas", "Verhoeven", "Koster", "van Dam", "van der Wal",
            "Prins", "Blom", "Huisman", "Peeters", "de Jonge", "Kuipers", "van Veen", "Post", "Kuiper",
            "Veenstra", "Kramer", "van den Brink", "Scholten", "van Wijk", "Postma", "Martens", "Vink",
            "de Ruiter", "Timmermans", "Groen", "Gerritsen", "Jonker", "van Loon", "Boer", "Bosman",
            "'t Hart", "van 't Hof", "Coënen", "Hoëlen",
        ],
        [
            "Jan", "Pieter", "Kees", "Henk", "Willem", "Johannes", "Cornelis", "Hendrik", "Gerrit",
            "Jacobus", "Daan", "Sem", "Lucas", "Levi", "Finn", "Milan", "Bram", "Thijs", "Ruben", "Jesse",
            "Lars", "Tim", "Niels", "Sander", "Jeroen", "Martijn", "Bas", "Mark", "Dennis", "Joost", "Noël",
            "René",
        ],
        [
            "Maria", "Anna", "Johanna", "Cornelia", "Elisabeth", "Emma", "Julia", "Sophie", "Tess", "Zoë",
            "Lotte", "Sanne", "Anouk", "Femke", "Eva", "Lisa", "Iris", "Esmée", "Noor", "Fleur", "Inge",
            "Marieke", "Linda", "Petra", "Monique", "Chantal", "Renée", "Hélène", "Ilse", "Saskia",
        ],
    ),
    "pl": (
        [
            "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski",
            "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur",
            "Kwiatkowski", "Krawczyk", "Piotrowski", "Grabowski", "Nowakowski", "Pawłowski", "Michalski",
            "Król", "Wieczorek", "Jabłoński", "Wróbel", "Majewski", "Olszewski", "Stępień", "Jaworski",
            "Malinowski", "Górski", "Rutkowski", "Sikora", "Baran", "Duda", "Szewczyk", "Tomaszewski",
            "Pietrzak", "Marciniak", "Wróblewski", "Zając", "Jasiński", "Zawadzki", "Bąk", "Chmielewski",
            "Włodarczyk", "Czarnecki", "Sokołowski", "Kaźmierczak", "Głowacki", "Kołodziej", "Ziółkowski",
            "Przybylski", "Szczepański", "Kubiak",
        ],
        [
            "Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Michał", "Marcin", "Łukasz", "Grzegorz",
            "Mateusz", "Wojciech", "Jakub", "Adam", "Dawid", "Sebastian", "Przemysław", "Bartłomiej",
            "Rafał", "Zbigniew", "Jarosław", "Mirosław", "Józef", "Kacper",
        ],
        [
            "Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Magdalena", "Joanna",
            "Monika", "Dorota", "Beata", "Żaneta", "Urszula", "Jadwiga", "Grażyna", "Bożena", "Aneta",
            "Łucja", "Wiesława", "Agata", "Zofia",
        ],
    ),
    "ro": (
        [
            "Popescu", "Ionescu", "Popa", "Pop", "Radu", "Dumitru", "Stan", "Stoica", "Gheorghe", "Matei",
            "Ciobanu", "Rusu", "Munteanu", "Constantin", "Mihai", "Lungu", "Dinu", "Marin", "Tudor",
            "Ștefan", "Moldovan", "Șerban", "Țurcanu", "Bălan", "Florea", "Dobre", "Nistor", "Bărbulescu",
            "Pîrvu", "Zăvoianu", "Văduva", "Mureșan", "Toma", "Căpraru",
        ],
        [
            "Andrei", "Ion", "Gheorghe", "Vasile", "Constantin", "Alexandru", "Mihai", "Ștefan", "Florin",
            "Cătălin", "Răzvan", "Ionuț", "Bogdan", "Marius", "Adrian", "Costel", "Dănuț",
        ],
        [
            "Maria", "Elena", "Ioana", "Ana", "Mihaela", "Andreea", "Cristina", "Alina", "Florentina",
            "Gabriela", "Nicoleta", "Loredana", "Mădălina", "Ștefania", "Roxana", "Iuliana",
        ],
    ),
    "bg": (
        [
            "Ivanov", "Georgiev", "Dimitrov", "Petrov", "Nikolov", "Hristov", "Stoyanov", "Todorov",
            "Iliev", "Angelov", "Atanasov", "Kolev", "Yordanov", "Marinov", "Popov",
        ],
        [
            "Georgi", "Ivan", "Dimitar", "Nikolay", "Petar", "Hristo", "Stoyan", "Todor", "Aleksandar",
            "Vasil", "Kaloyan", "Martin",
        ],
        [
            "Maria", "Ivanka", "Elena", "Yordanka", "Desislava", "Petya", "Gergana", "Tsvetelina", "Radka",
            "Svetla", "Nadezhda",
        ],
    ),
    "hu": (
        [
            "Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga", "Kiss", "Molnár", "Németh", "Farkas",
            "Balogh", "Papp", "Takács", "Juhász", "Lakatos", "Mészáros", "Oláh", "Rácz", "Fekete", "Szűcs",
            "Győri", "Fehér", "Bíró", "Vörös", "Kőműves",
        ],
        [
            "László", "István", "József", "János", "Zoltán", "Sándor", "Gábor", "Ferenc", "Attila", "Péter",
            "Tamás", "Zsolt", "Gyula", "Balázs", "Máté",
        ],
        [
            "Mária", "Erzsébet", "Katalin", "Éva", "Ilona", "Anikó", "Zsuzsanna", "Krisztina", "Ágnes",
            "Judit", "Tünde", "Enikő", "Ildikó", "Réka", "Dóra",
        ],
    ),
    "lt": (
        [
            "Kazlauskas", "Jankauskas", "Petrauskas", "Stankevičius", "Vasiliauskas", "Žukauskas", "Butkus",
            "Paulauskas", "Urbonas", "Kavaliauskas",
        ],
        ["Jonas", "Tomas", "Mindaugas", "Darius", "Andrius", "Vytautas", "Mantas"],
        ["Rūta", "Jurgita", "Aušra", "Inga", "Eglė", "Laura", "Gintarė"],
    ),
    "lv": (
        ["Bērziņš", "Kalniņš", "Ozoliņš", "Jansons", "Liepiņš", "Krūmiņš", "Zariņš", "Pētersons"],
        ["Jānis", "Andris", "Mārtiņš", "Edgars", "Raimonds"],
        ["Kristīne", "Ilze", "Līga", "Inese", "Anita"],
    ),
    "sk": (
        [
            "Novák", "Kováč", "Horváth", "Varga", "Tóth", "Baláž", "Molnár", "Šimko", "Polák", "Kollár",
            "Lukáč", "Žiak", "Šebesta",
        ],
        ["Peter", "Ján", "Jozef", "Martin", "Tomáš", "Michal", "Ľuboš", "Štefan"],
        ["Mária", "Jana", "Eva", "Zuzana", "Katarína", "Ľubica", "Andrea"],
    ),
    "pt": (
        [
            "Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins",
            "Gonçalves", "Lourenço",
        ],
        ["João", "José", "António", "Rui", "Luís", "Tiago"],
        ["Maria", "Ana", "Conceição", "Inês", "Beatriz", "Sónia"],
    ),
    "es": (
        [
            "García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez",
            "Muñoz", "Ibáñez",
        ],
        ["José", "Antonio", "Manuel", "Jesús", "Sergio", "Álvaro"],
        ["María", "Carmen", "Lucía", "Ángela", "Nuria", "Begoña"],
    ),
    "it": (
        ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino"],
        ["Giuseppe", "Marco", "Luca", "Andrea", "Nicolò"],
        ["Giulia", "Francesca", "Chiara", "Sara", "Martina"],
    ),
    "gr": (
        ["Papadopoulos", "Georgiou", "Nikolaidis", "Papadakis", "Vlachos", "Oikonomou"],
        ["Georgios", "Dimitrios", "Konstantinos", "Nikolaos"], ["Maria", "Eleni", "Aikaterini", "Vasiliki"],
    ),
    "tr": (
        ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Öztürk", "Aydın", "Arslan", "Doğan"],
        ["Mehmet", "Mustafa", "Ahmet", "Emre", "Hüseyin", "Burak"],
        ["Ayşe", "Fatma", "Elif", "Zeynep", "Büşra", "Özlem"],
    ),
    "ma": (
        [
            "El Amrani", "Bouzid", "El Idrissi", "Benali", "Ouali", "Azzouzi", "El Haddad", "Boukhari",
            "Khalil", "Al-Hassan",
        ],
        ["Mohamed", "Ahmed", "Youssef", "Omar", "Karim", "Bilal"],
        ["Fatima", "Khadija", "Samira", "Nadia", "Rania", "Salma"],
    ),
    "de": (
        ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Schäfer", "Becker", "Hoffmann", "Koch"],
        ["Thomas", "Michael", "Jürgen", "Stefan", "Lukas"], ["Ursula", "Sabine", "Jutta", "Anja", "Lea"],
    ),
}
# fmt: on


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


# fmt: off
STREETS = pl.Series([
    "Dorpsstraat", "Kerkstraat", "Molenweg", "Schoolstraat", "Stationsweg", "Julianastraat",
    "Beatrixstraat", "Wilhelminastraat", "Emmastraat", "Nieuwstraat", "Hoofdstraat", "Kerkweg",
    "Molenstraat", "Markt", "Parallelweg", "Industrieweg", "Sportlaan", "Eikenlaan", "Beukenlaan",
    "Lindelaan", "Kastanjelaan", "Prins Bernhardstraat", "Oranjestraat", "Burgemeester de Withstraat",
    "Van Goghstraat", "Rembrandtlaan", "Vondelstraat", "Noordeinde", "Zuideinde", "Havenstraat", "Dijkweg",
    "Polderweg", "Veldweg", "Tulpstraat", "Rozenstraat", "Irisstraat", "Merelstraat", "Vinkenstraat",
    "Zwanenlaan", "Spoorstraat", "Raadhuisplein", "Koningin Julianaweg", "Mgr. Nolensstraat",
    "Sint Janstraat", "Achterweg", "Ringweg", "Karel Doormanstraat", "Laan van Meerdervoort", "Coolsingel",
    "Groenewegje", "Weteringkade", "Graaf Florislaan", "Pastoor van Arsstraat", "Albert Cuypstraat",
])
# fmt: on
# The last two stay streets contain a comma (quoted in the ',' variation); drawn for 3 % of stay addresses.
# fmt: off
STAY_STREETS = pl.Series([
    "Kassenweg", "Veilingweg", "Tuinbouwweg", "Industrieweg", "Havenweg", "Kwekerslaan", "Dorpsstraat",
    "Kerkstraat", "Molenweg", "Stationsweg", "Hoofdstraat", "Parallelweg", "Venrayseweg", "Noordlandseweg",
    "Tuinderslogies, Kassenweg", "Recreatiepark De Kievit, chalet",
])
# fmt: on
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


# ---------------------------------------------------------------- column formatting
def _null(s: pl.Series, mask: np.ndarray | None) -> pl.Series:
    if mask is None or not mask.any():
        return s
    return s.scatter(np.flatnonzero(mask), None)


def _const(value: str, n: int) -> pl.Series:
    return pl.repeat(value, n, eager=True, dtype=pl.String)


def _digits(values: np.ndarray, width: int, null: np.ndarray | None = None) -> pl.Series:
    return _null(pl.Series(np.asarray(values, np.int64)).cast(pl.String).str.zfill(width), null)


def _dates(days: np.ndarray, fmt: str, null: np.ndarray | None = None) -> pl.Series:
    safe = np.where(null, 0, days) if null is not None else days
    s = pl.Series(np.asarray(safe, np.int64).astype(np.int32)).cast(pl.Date).dt.to_string(fmt)
    return _null(s, null)


def _lo3_dates(days: np.ndarray, precision: np.ndarray, null: np.ndarray | None = None) -> pl.Series:
    """BRP dates; precision 1 = day unknown, 2 = month and day unknown, 3 = wholly unknown."""
    df = pl.DataFrame({"d": _dates(days, "%Y-%m-%d", null), "p": precision})
    return df.select(
        pl.when(pl.col("d").is_null())
        .then(None)
        .when(pl.col("p") == 3)
        .then(pl.lit("0000-00-00"))
        .when(pl.col("p") == 2)
        .then(pl.col("d").str.slice(0, 5) + "00-00")
        .when(pl.col("p") == 1)
        .then(pl.col("d").str.slice(0, 8) + "00")
        .otherwise(pl.col("d"))
    ).to_series()


def _decimal(hundredths: np.ndarray) -> pl.Series:
    """Non-negative integer hundredths → ``1234.56``."""
    h = np.asarray(hundredths, np.int64)
    return pl.Series(h // 100).cast(pl.String) + "." + pl.Series(h % 100).cast(pl.String).str.zfill(2)


def _text(values: pl.Series, index: np.ndarray, null: np.ndarray | None = None) -> pl.Series:
    return _null(values.gather(np.where(index < 0, 0, index)), null if null is not None else index < 0)


def _bools(values: np.ndarray) -> pl.Series:
    return pl.Series(np.where(values, "true", "false"))


def _postcode(addr: Address, null: np.ndarray | None = None) -> pl.Series:
    first = pl.Series(list(POSTCODE_LETTERS.replace("S", ""))).gather(addr.pc_letters // 20)
    second = pl.Series(list(POSTCODE_LETTERS)).gather(addr.pc_letters % 20)
    return _null(_digits(addr.pc_number, 4) + first + second, null)


# ---------------------------------------------------------------- employers
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
# fmt: off
EMPLOYER_NAME_PARTS: dict[str, tuple[list[str], list[str], list[str]]] = {
    "general": (
        _NL_SURNAMES_CP1252,
        [
            "Bouw", "Installatietechniek", "Advies", "Zorg", "Groep", "Holding", "Schilders", "Techniek",
            "Automatisering", "Accountants", "Makelaardij", "Horeca", "Schoonmaak", "Kinderopvang",
            "Metaal", "Bakkerij", "Café-Restaurant", "Garage", "Drukkerij",
        ],
        [" B.V.", " B.V.", " & Zn.", " N.V.", "", " V.O.F."],
    ),
    "agency": (
        [
            "Flex", "Agro", "Horti", "Euro", "Green", "Tulip", "Polder", "Delta", "Westland", "Maasland",
            "Betuwe", "Venlo", "Inter", "Pro", "Top", "Baltic", "Vistula", "Carpathia", "Danubia", "Nowak",
            "Šimek", "Kovács", "Žák", "Müller",
        ],
        [
            "Personeel", "Uitzendbureau", "Staffing", "Uitzendgroep", "Flexwerk", "Personeelsdiensten",
            "Work", "Jobs", "Force", "Recruitment",
        ],
        [" B.V.", " B.V.", "", " Nederland B.V."],
    ),
    "agri": (
        [
            "Kwekerij", "Tuinbouwbedrijf", "Glastuinbouw", "Aspergeteelt", "Champignonkwekerij",
            "Fruitteelt", "Boomkwekerij", "Paprikakwekerij", "Tomatenkwekerij", "Bloemenkwekerij",
            "Loonbedrijf", "Aardbeienteelt",
        ],
        _NL_SURNAMES_CP1252, ["", " B.V.", " V.O.F."],
    ),
    "food": (
        [
            "Vleesverwerking", "Slachterij", "Groente & Fruit", "Zuivel", "Visverwerking", "Eierhandel",
            "Kaasmakerij", "Vleeswaren",
        ],
        _NL_SURNAMES_CP1252, [" B.V."],
    ),
    "logistics": (
        ["Transport", "Logistiek", "Distributiecentrum", "Koel- en Vrieshuis", "Expeditie", "Warehousing"],
        _NL_SURNAMES_CP1252, [" B.V.", " Logistics B.V."],
    ),
}
# fmt: on
# Employers established abroad, per country: legal-form suffix, owner names, cities, streets.
# fmt: off
FOREIGN_COUNTRIES: list[tuple[str, list[str], list[str], list[str]]] = [
    (
        " Sp. z o.o.", ["Nowak", "Kowalczyk", "Mazur", "Krawczyk"], ["Warszawa", "Kraków", "Gdynia"],
        ["ul. Mokotowska", "ul. Pulawska"],
    ),
    (
        " S.R.L.", ["Popescu", "Ionescu", "Dumitru"], ["Bucuresti", "Cluj-Napoca", "Timisoara"],
        ["Strada Victoriei", "Bulevardul Unirii"],
    ),
    (
        " EOOD", ["Dimitrov", "Petrov", "Ivanov"], ["Sofia", "Plovdiv", "Varna"],
        ["ulitsa Vitosha", "bulevard Bulgaria"],
    ),
    (
        " s.r.o.", ["Šimek", "Žák", "Šebesta", "Kožený", "Novák"], ["Košice", "Žilina", "Brno"],
        ["Hlavná", "Štúrova"],
    ),
    (
        " Kft.", ["Kovács", "Nagy", "Horváth"], ["Szeged", "Debrecen", "Budapest"],
        ["Váci utca", "Andrássy út"],
    ),
    (
        " GmbH", ["Müller", "Schmidt", "Schäfer"], ["Kleve", "Düsseldorf", "Emmerich"],
        ["Hauptstraße", "Bahnhofstraße"],
    ),
    (" BV", ["Janssens", "Peeters", "Maes"], ["Antwerpen", "Genk"], ["Frankrijklei", "Stationsstraat"]),
]
# fmt: on
FOREIGN_TRADES = pl.Series(["Agro", "Personal", "Transport", "Construct", "Logistik", "Services", "Work"])


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
        return _digits(rsin, 9) + "L" + _digits(sub, 2)

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
        sector = _text(GENERAL_SECTORS, d.ints("er.sector", slot, 0, len(GENERAL_SECTORS)))
        for k, code in KIND_SECTOR.items():
            sector = sector.zip_with(pl.Series(kind != EMPLOYER_KINDS.index(k)), _const(code, len(slot)))
        foreign_sector = pl.Series(np.where(d.unif("er.fsector", slot) < 0.6, "52", "03"))
        country = d.ints("er.country", slot, 0, len(FOREIGN_COUNTRIES))
        return pl.DataFrame(
            {
                "loonheffingennummer": self.lhnr_of(slot, version),
                "kvk_nummer": _digits(
                    10_000_000 + d.ints("er.kvk", slot, 0, 90_000_000, version), 8, kvk_null
                ),
                "naam": self._names(slot, version, kind, country),
                "straat": _text(STREETS, addr.street).zip_with(
                    pl.Series(~foreign), _nested_pick(d, "er.fstreet", slot, country, FOREIGN_STREETS)
                ),
                "huisnummer": _digits(addr.number, 1),
                "huisnummer_toevoeging": _text(
                    TOEVOEGINGEN, np.where(d.unif("er.toev", slot) < 0.05, addr.toev, -1)
                ),
                "postcode": _postcode(addr, foreign),
                "plaats": _text(pl.Series(self.muni.places), np.where(foreign, 0, gem)).zip_with(
                    pl.Series(~foreign), _nested_pick(d, "er.fcity", slot, country, FOREIGN_CITIES)
                ),
                "gemeentecode": _text(pl.Series(self.muni.codes), gem),
                "sector_code": sector.zip_with(pl.Series(~foreign), foreign_sector),
                "is_uitlener": _bools(self.uitlener[slot] | (foreign & (foreign_sector == "52").to_numpy())),
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
            + _text(FOREIGN_TRADES, d.ints("er.ftrade", slot, 0, len(FOREIGN_TRADES), version))
            + FOREIGN_SUFFIX.gather(country)
        )
        for k, (first, second, suffix) in EMPLOYER_NAME_PARTS.items():
            ki = EMPLOYER_KINDS.index(k)
            a = _text(pl.Series(first), self.draw.ints("er.n1", slot, 0, len(first), version))
            b = _text(pl.Series(second), self.draw.ints("er.n2", slot, 0, len(second), version))
            c = _text(pl.Series(suffix), self.draw.ints("er.n3", slot, 0, len(suffix), version))
            out = out.zip_with(pl.Series(kind != ki), a + " " + b + c)
        return out.str.slice(0, 1).str.to_uppercase() + out.str.slice(1)


# ---------------------------------------------------------------- persons
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


class Model:
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
        code = _const("0001", len(key)).zip_with(pl.Series(~eu), mig_code)
        code = _null(code.zip_with(pl.Series(~other), oth_code), unknown)
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
        people.land = _null(lands, d.unif("rni.landnull", key) < 0.05)
        people.contact = d.unif("rni.contact", key) < contact
        people.has_stay = np.zeros(len(key), bool)

    def _historic(self, key: np.ndarray, month: int) -> People:
        """RNI registrants from 2014 until two years before start; gone, some stay addresses left."""
        d = self.draw
        group, codes, lands = self._migrant_nationality(key, "h.nat")
        birth, precision = self._migrant_birth(key)
        first = max(FIRST_RNI_MONTH, self.start - 150)
        registered = self._registered_in(key, first, max(first + 1, self.start - HISTORY_MONTHS), "h.reg")
        people = self._base(
            key, group, codes, birth, precision, np.zeros(len(key), bool), np.ones(len(key), bool)
        )
        self._rni_fields(people, key, registered, lands, desk_null=0.08, contact=0.15)
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
        group, codes, lands = self._migrant_nationality(key, "l.nat")
        birth, precision = self._migrant_birth(key)
        registered = self._registered_in(key, self.start - 60, self.start - 6, "l.reg")
        people = self._base(
            key, group, codes, birth, precision, np.zeros(len(key), bool), np.ones(len(key), bool)
        )
        self._rni_fields(people, key, registered, lands, desk_null=0.03, contact=0.25)
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
        codes = _null(_const("0001", len(key)), d.unif("a.natnull", key) < 0.05)
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
    def brp_frame(self, p: People) -> pl.DataFrame | None:
        m = p.in_brp
        if not m.any():
            return None
        key, addr = p.key[m], _subset_address(p.home, m)
        no_street = p.no_street[m]
        d = self.draw
        letter = np.where(no_street, -1, addr.letter)
        toev = np.where(no_street, -1, addr.toev)
        return pl.DataFrame(
            {
                "bsn": _digits(p.bsn[m], 9),
                "geslachtsnaam": self.names.surname(d, key, p.group[m], p.female[m]),
                "voornamen": self.names.first_names(d, key, p.group[m], p.female[m], p.first_name_count[m]),
                "geboortedatum": _lo3_dates(p.birth[m], p.birth_precision[m]),
                "nationaliteit": p.nationality.filter(pl.Series(m)),
                "gemeentecode": _text(self.codes, addr.gem),
                "straat": _text(STREETS, addr.street, no_street),
                "huisnummer": _digits(addr.number, 1, no_street),
                "huisletter": _text(HUISLETTERS, letter),
                "huisnummer_toevoeging": _text(TOEVOEGINGEN, toev),
                "postcode": _postcode(addr, no_street),
                "woonplaats": _text(self.places, addr.gem),
                "datum_aanvang_adres": _dates(p.address_since[m], "%Y-%m-%d"),
                "datum_vertrek": _dates(p.departed[m], "%Y-%m-%d", p.departed[m] == NO_DATE),
                "datum_overlijden": _dates(p.died[m], "%Y-%m-%d", p.died[m] == NO_DATE),
            }
        )

    def rni_frame(self, p: People, month: int | None = None) -> pl.DataFrame | None:
        m = p.in_rni
        if not m.any():
            return None
        d, key = self.draw, p.key[m]
        # RNI_DEATH_SHARE of registrants die some time after registering (LO3 06.08.10): from the
        # month it falls in, they are in the extract as deceased (→ OVERLEDEN, never ADRES_ZONDER_LOON).
        died = p.registered[m] + d.ints("rni.died", key, 30, 2_000)
        alive = (d.unif("rni.dead", key) >= RNI_DEATH_SHARE) | (month is None) | (died > last_day(month or 0))
        has = p.has_stay[m]
        none = ~has
        if p.stay is not None:
            stay = _subset_address(p.stay, m)
            stay_cols = {
                "verblijf_straat": _text(STAY_STREETS, stay.street, none),
                "verblijf_huisnummer": _digits(stay.number, 1, none),
                "verblijf_huisletter": _text(HUISLETTERS, np.where(none, -1, stay.letter)),
                "verblijf_toevoeging": _text(TOEVOEGINGEN, np.where(none, -1, stay.toev)),
                "verblijf_postcode": _postcode(stay, none),
                "verblijf_woonplaats": _text(self.places, stay.gem, none),
                "verblijf_gemeentecode": _text(self.codes, stay.gem, none),
                "datum_aanvang_verblijfsadres": _dates(p.stay_from[m], "%Y-%m-%d", none),
                "datum_einde_verblijfsadres": _dates(
                    p.stay_until[m], "%Y-%m-%d", none | (p.stay_until[m] == NO_DATE)
                ),
            }
        else:
            empty = pl.Series([None] * int(m.sum()), dtype=pl.String)
            stay_cols = {c: empty for c in COLUMNS["rni"][8:17]}
        return pl.DataFrame(
            {
                "bsn": _digits(p.bsn[m], 9),
                "geslachtsnaam": self.names.surname(d, key, p.group[m], p.female[m]),
                "voornamen": self.names.first_names(d, key, p.group[m], p.female[m], p.first_name_count[m]),
                "geboortedatum": _lo3_dates(p.birth[m], p.birth_precision[m]),
                "nationaliteit": p.nationality.filter(pl.Series(m)),
                "datum_inschrijving": _dates(p.registered[m], "%Y-%m-%d"),
                "rni_loket": _text(self.codes, p.desk[m]),
                "land_woonadres": p.land.filter(pl.Series(m)),
                **stay_cols,
                "contactgegevens_bekend": _bools(p.contact[m]),
                "datum_overlijden": _dates(died, "%Y-%m-%d", alive),
            }
        )

    # -- payroll
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
        bsn = _digits(p.bsn, 9).gather(r["rows"])
        return pl.DataFrame(
            {
                "bsn": bsn,
                "loonheffingennummer": er.lhnr_of(r["slot"], r["version"]),
                "ikv_id": pl.Series(ikv).cast(pl.String),
                "datum_aanvang_ikv": _dates(r["aanvang"], fmt),
                "datum_einde_ikv": _dates(r["einde"], fmt, r["einde"] == NO_DATE),
                "tijdvak_aanvang": _dates(tv_start, fmt),
                "tijdvak_einde": _dates(tv_end, fmt),
                "sv_loon": _decimal(r["pay"][1]),
                "verloonde_uren": _decimal(r["pay"][0]),
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


def _work_end(event: np.ndarray, lag: np.ndarray) -> np.ndarray:
    """Last working day after a departure/death: that day (lag 0), the end of a later month, or never."""
    month = month_of(np.minimum(event, FAR_DAY - 1))
    later = last_day(month + np.minimum(lag, 1200))
    return np.where(
        event >= FAR_DAY, FAR_DAY, np.where(lag == 0, event, np.where(lag >= NEVER, FAR_DAY, later))
    )


def _subset_address(a: Address, m: np.ndarray) -> Address:
    return Address(*(getattr(a, f)[m] for f in Address.__dataclass_fields__))


# ---------------------------------------------------------------- bad rows
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


# ---------------------------------------------------------------- writing
class CsvSink:
    """An open CSV file that chunks are appended to, in one of the contract's dialects."""

    def __init__(self, path: Path, columns: tuple[str, ...], variation: str | None) -> None:
        self.path, self.columns = path, columns
        self.separator = "," if variation == "comma" else ";"
        self.encoding = "cp1252" if variation == "windows-1252" else "utf-8"
        self.rows = 0
        self._fh = path.open("wb")
        if variation == "bom":
            self._fh.write(b"\xef\xbb\xbf")
        self._fh.write((self.separator.join(columns) + "\n").encode(self.encoding))

    def write(self, df: pl.DataFrame) -> None:
        df = df.select(self.columns)
        self.rows += len(df)
        if self.encoding == "utf-8":
            df.write_csv(self._fh, include_header=False, separator=self.separator)
        else:
            self._fh.write(df.write_csv(include_header=False, separator=self.separator).encode(self.encoding))

    def close(self) -> None:
        self._fh.close()


def write_period(model: Model, month: int, folder: Path, variation: tuple[str, str] | None,
                 register_format: str = "brp-rni") -> dict[str, int]:
    """Write the inputs of one period; returns the number of data rows per file.

    ``register_format="gbav"``: the same register rows as one GBA-V extract ``gbav.csv``
    (``sample_data/lo3_writer.py``; its count is persoonslijsten) instead of ``brp`` and ``rni``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    kind = {variation[0]: variation[1]} if variation else {}
    date_fmt = "%Y%m%d" if kind.get("polis") == "yyyymmdd" else "%Y-%m-%d"
    gbav = register_format == "gbav"
    written = ("polis", "werkgevers") if gbav else FILES
    sinks = {n: CsvSink(folder / f"{n}.csv", COLUMNS[n], kind.get(n)) for n in written}
    lo3 = Lo3Sink(folder / "gbav.csv", model.seed, date.fromordinal(int(last_day(month)) + EPOCH_ORDINAL)) \
        if gbav else None
    bad = {n: BadRows(n, model.seed, month, date_fmt if n == "polis" else "%Y-%m-%d") for n in FILES}
    try:
        for seg, key in model.chunks():
            people = model.people(seg, key, month)
            registers = {}
            for name, frame in (
                ("brp", model.brp_frame(people)),
                ("rni", model.rni_frame(people, month)),
                ("polis", model.polis_frame(people, month, date_fmt)),
            ):
                if frame is not None and len(frame):
                    frame = bad[name].apply(frame)
                    if name in sinks:
                        sinks[name].write(frame)
                    else:
                        registers[name] = frame
            if lo3 is not None and registers:
                lo3.write(registers.get("brp"), registers.get("rni"))
        sinks["werkgevers"].write(bad["werkgevers"].apply(model.employers.frame(month)))
    finally:
        for sink in [*sinks.values(), *([lo3] if lo3 else [])]:
            sink.close()
    counts = {n: sinks[n].rows for n in written}
    if lo3 is not None:
        counts["gbav"] = lo3.rows
    return counts


def generate(
    scale: str, periods: int, out: Path, seed: int = 20261, start: str = "2026-05", *, variations: bool = True,
    register_format: str = "brp-rni",
) -> dict:
    """Write ``periods`` months of sample inbox data to ``out/<YYYY-MM>/`` and summarise them.

    Same (scale, seed, start) → identical bytes; see the module docstring for the model.
    """
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose from {', '.join(SCALES)}")
    if periods < 1:
        raise ValueError("periods must be at least 1")
    if register_format not in REGISTER_FORMATS:
        raise ValueError(f"unknown register format {register_format!r}; choose from {', '.join(REGISTER_FORMATS)}")
    first = parse_month(start)
    model = Model(SCALES[scale], seed, first, periods)
    out = Path(out)
    summary: dict = {"scale": scale, "seed": seed, "start": start, "periods": {}, "variations": {}}
    for t in range(periods):
        month = first + t
        variation = VARIATIONS.get(t) if variations else None
        if register_format == "gbav" and variation and variation[0] in ("brp", "rni"):
            variation = None  # the registers are one extract, written in its own (real) shape
        summary["periods"][month_text(month)] = write_period(model, month, out / month_text(month), variation,
                                                             register_format)
        if variation:
            summary["variations"][month_text(month)] = f"{variation[0]}.csv: {variation[1]}"
    return summary
