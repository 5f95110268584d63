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

from pathlib import Path

from sample_data.layout import COLUMNS, FILES, REGISTER_FORMATS, VARIATIONS  # noqa: F401  (the package's API)
from sample_data.model import Model
from sample_data.months import month_text, parse_month
from sample_data.scales import SCALES
from sample_data.writers import write_period


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
