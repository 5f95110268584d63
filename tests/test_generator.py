"""Tests of the sample-data generator against the input contract (DESIGN.md §3, §4).

Why these checks: the sample is what every other test and ``make run`` feed the pipeline,
so it must follow the contract exactly where it is meant to (headers, dialect, valid BSNs,
real codes), break it exactly where it is meant to (each kind of bad row in each period,
the documented reader variations), and contain the ingredients of every signal. The
rules here are written out independently of the generator's own code.
"""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sample_data.bsn import CAPACITY, bsn_numbers, is_valid_bsn, make_bsns
from sample_data.generator import generate

REFERENCE = Path(__file__).resolve().parents[1] / "schemas" / "reference"
PERIODS = ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]
EXPECTED_COLUMNS = {
    "polis": "bsn;loonheffingennummer;ikv_id;datum_aanvang_ikv;datum_einde_ikv;tijdvak_aanvang;"
    "tijdvak_einde;sv_loon;verloonde_uren",
    "werkgevers": "loonheffingennummer;kvk_nummer;naam;straat;huisnummer;huisnummer_toevoeging;postcode;"
    "plaats;gemeentecode;sector_code;is_uitlener",
    "brp": "bsn;geslachtsnaam;voornamen;geboortedatum;nationaliteit;gemeentecode;straat;huisnummer;"
    "huisletter;huisnummer_toevoeging;postcode;woonplaats;datum_aanvang_adres;datum_vertrek;datum_overlijden",
    "rni": "bsn;geslachtsnaam;voornamen;geboortedatum;nationaliteit;datum_inschrijving;rni_loket;"
    "land_woonadres;verblijf_straat;verblijf_huisnummer;verblijf_huisletter;verblijf_toevoeging;"
    "verblijf_postcode;verblijf_woonplaats;verblijf_gemeentecode;datum_aanvang_verblijfsadres;"
    "datum_einde_verblijfsadres;contactgegevens_bekend;datum_overlijden",
}
# Documented reader variations: period → (file, variation).
VARIATIONS = {
    "2026-06": ("werkgevers", "cp1252"),
    "2026-07": ("rni", "comma"),
    "2026-08": ("polis", "yyyymmdd"),
    "2026-09": ("brp", "bom"),
}
BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
POSTCODE = r"^[1-9]\d{3}[A-Z]{2}$"
LHNR = r"^\d{9}L\d{2}$"


# ---------------------------------------------------------------- helpers
def _table(name: str, column: str) -> set[str]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as fh:
        return {row[column] for row in csv.DictReader(fh, delimiter=";")}


GEMEENTEN = _table("gemeenten_2025.csv", "gemeentecode")
NATIONALITEITEN = _table("nationaliteiten_tabel32.csv", "nationaliteitcode")
LANDEN = _table("landen_tabel34.csv", "landcode")


def _decode(raw: bytes) -> tuple[str, str]:
    """(text, encoding label) the way the contract allows: UTF-8 with/without BOM, else cp1252."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252"), "cp1252"
    if text.startswith("\ufeff"):
        return text[1:], "utf-8-bom"
    return text, "utf-8"


def read(path: Path) -> pl.DataFrame:
    """All fields as strings (empty → null), delimiter and encoding detected."""
    text, _ = _decode(path.read_bytes())
    sep = ";" if ";" in text.split("\n", 1)[0] else ","
    return pl.read_csv(io.StringIO(text), separator=sep, infer_schema=False)


def valid_bsn(col: pl.Expr) -> pl.Expr:
    weighted = sum(w * col.str.slice(i, 1).cast(pl.Int32, strict=False) for i, w in enumerate(BSN_WEIGHTS))
    return (col.str.contains(r"^\d{9}$") & (weighted % 11 == 0) & (col != "000000000")).fill_null(False)


def complete_date(col: pl.Expr) -> pl.Expr:
    norm = (
        pl.when(col.str.contains(r"^\d{8}$"))
        .then(col.str.slice(0, 4) + "-" + col.str.slice(4, 2) + "-" + col.str.slice(6, 2))
        .otherwise(col)
    )
    return norm.str.to_date("%Y-%m-%d", strict=False).is_not_null()


def lo3_date(col: pl.Expr) -> pl.Expr:
    partial = col.str.contains(r"^(0000-00-00|\d{4}-00-00|\d{4}-(0[1-9]|1[0-2])-00)$")
    return partial | complete_date(col)


def peildatum(period: str) -> str:
    y, m = map(int, period.split("-"))
    nxt = np.datetime64(f"{y + m // 12:04d}-{m % 12 + 1:02d}-01") - np.timedelta64(1, "D")
    return str(nxt)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, float]:
    out = tmp_path_factory.mktemp("small")
    t0 = time.perf_counter()
    summary = generate("small", 6, out, seed=1)
    return out, summary, time.perf_counter() - t0


@pytest.fixture(scope="module")
def frames(sample: tuple[Path, dict, float]) -> dict[str, dict[str, pl.DataFrame]]:
    out = sample[0]
    return {p: {n: read(out / p / f"{n}.csv") for n in EXPECTED_COLUMNS} for p in PERIODS}


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.csv"))}


# ---------------------------------------------------------------- BSN module
def test_is_valid_bsn_examples() -> None:
    assert is_valid_bsn("111222333")
    assert is_valid_bsn("123456782")
    assert not is_valid_bsn("123456789")
    assert not is_valid_bsn("000000000")
    assert not is_valid_bsn("12345678")
    assert not is_valid_bsn("12345678a")
    assert not is_valid_bsn("１２３４５６７８２")  # full-width digits are not ASCII digits


def test_make_bsns_unique_valid_with_leading_zeros() -> None:
    bsns = make_bsns(np.random.default_rng(5), 20_000)
    assert len(set(bsns.tolist())) == 20_000
    assert all(len(b) == 9 and is_valid_bsn(b) for b in bsns.tolist())
    assert any(b.startswith("0") for b in bsns.tolist())


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(0, CAPACITY - 1), min_size=1, max_size=200, unique=True), st.integers(0, 2**40))
def test_bsn_numbers_is_injective_and_valid(indices: list[int], key: int) -> None:
    numbers = bsn_numbers(np.array(indices), key)
    assert len(set(numbers.tolist())) == len(indices)
    assert all(is_valid_bsn(f"{n:09d}") for n in numbers.tolist())


# ---------------------------------------------------------------- structure
def test_summary_and_speed(sample: tuple[Path, dict, float]) -> None:
    out, summary, seconds = sample
    assert list(summary["periods"]) == PERIODS
    for period, rows in summary["periods"].items():
        assert set(rows) == set(EXPECTED_COLUMNS)
        for name, n in rows.items():
            data_lines = len((out / period / f"{name}.csv").read_bytes().splitlines()) - 1
            assert n == data_lines or name == "rni"  # rni may hold quoted commas, not newlines
    first = summary["periods"]["2026-05"]
    assert 2_500 <= first["polis"] <= 4_500
    assert 300 <= first["werkgevers"] <= 600
    assert 5_000 <= first["brp"] <= 7_500
    assert 1_000 <= first["rni"] <= 2_000
    assert seconds < 6, f"small sample took {seconds:.1f}s"


def test_same_seed_same_bytes(sample: tuple[Path, dict, float], tmp_path: Path) -> None:
    generate("small", 6, tmp_path / "again", seed=1)
    assert _files(sample[0]) == _files(tmp_path / "again")
    generate("small", 1, tmp_path / "other", seed=2)
    assert _files(tmp_path / "other")["2026-05/brp.csv"] != _files(sample[0])["2026-05/brp.csv"]


def test_fewer_periods_give_the_same_months(sample: tuple[Path, dict, float], tmp_path: Path) -> None:
    generate("small", 2, tmp_path / "short", seed=1)
    full, short = _files(sample[0]), _files(tmp_path / "short")
    assert short == {k: v for k, v in full.items() if k[:7] in ("2026-05", "2026-06")}


def test_headers_match_contract(sample: tuple[Path, dict, float]) -> None:
    for period in PERIODS:
        for name, header in EXPECTED_COLUMNS.items():
            text, _ = _decode((sample[0] / period / f"{name}.csv").read_bytes())
            first = text.split("\n", 1)[0]
            sep = "," if VARIATIONS.get(period) == (name, "comma") else ";"
            assert first == header.replace(";", sep), f"{period}/{name}.csv"


def test_dialect_and_documented_variations(sample: tuple[Path, dict, float]) -> None:
    for period in PERIODS:
        for name, header in EXPECTED_COLUMNS.items():
            raw = (sample[0] / period / f"{name}.csv").read_bytes()
            text, encoding = _decode(raw)
            variation = (
                VARIATIONS.get(period, (None, None))[1] if VARIATIONS.get(period, ("",))[0] == name else None
            )
            assert encoding == {"cp1252": "cp1252", "bom": "utf-8-bom"}.get(variation, "utf-8"), (
                f"{period}/{name}"
            )
            sep = "," if variation == "comma" else ";"
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
            assert all(len(r) == len(header.split(";")) for r in rows), f"{period}/{name}: ragged rows"
            assert "\r" not in text
    werkgevers_1252 = (sample[0] / "2026-06" / "werkgevers.csv").read_bytes()
    assert b"\x8a" in werkgevers_1252 or b"\x9e" in werkgevers_1252 or b"\x8e" in werkgevers_1252  # Š ž Ž
    assert re.search(r'"[^"\n]*,[^"\n]*"', (sample[0] / "2026-07" / "rni.csv").read_text("utf-8"))
    polis = read(sample[0] / "2026-08" / "polis.csv")
    good = polis.filter(pl.col("ikv_id").is_not_null())
    assert good["datum_aanvang_ikv"].str.contains(r"^\d{8}$").all()
    assert good["tijdvak_einde"].str.contains(r"^\d{8}$").all()


def test_values_follow_the_contract_formats(frames: dict[str, dict[str, pl.DataFrame]]) -> None:
    for period, f in frames.items():
        w = f["werkgevers"]
        assert set(w["is_uitlener"].unique()) == {"true", "false"}
        assert w["kvk_nummer"].drop_nulls().str.contains(r"^\d{8}$").all()
        assert set(f["rni"]["contactgegevens_bekend"].unique()) == {"true", "false"}
        p = f["polis"]
        assert p["verloonde_uren"].str.contains(r"^\d+\.\d{2}$").all()
        assert p["sv_loon"].str.contains(r"^-?\d+\.\d{2}$").all()
        if VARIATIONS.get(period, ("",))[0] != "polis":
            dates = (
                p.select("tijdvak_aanvang", "tijdvak_einde", "datum_einde_ikv")
                .unpivot()["value"]
                .drop_nulls()
            )
            assert dates.str.contains(r"^\d{4}-\d{2}-\d{2}$").all()
        hours = p["verloonde_uren"].cast(pl.Float64)
        assert hours.max() < 260 and hours.filter(hours > 0).median() > 60


# ---------------------------------------------------------------- identifiers and codes
def test_only_deliberate_copies_have_invalid_bsns(frames: dict[str, dict[str, pl.DataFrame]]) -> None:
    """Every row whose BSN fails is a corrupted copy of the row right before it."""
    for period, f in frames.items():
        for name in ("polis", "brp", "rni"):
            df = f[name].with_row_index("i")
            bad = df.filter(~valid_bsn(pl.col("bsn")))
            assert len(bad) >= 1
            prev = df.filter(pl.col("i").is_in((bad["i"] - 1).implode()))
            assert len(prev) == len(bad)
            assert prev.select(valid_bsn(pl.col("bsn"))).to_series().all(), f"{period}/{name}"
            others = [c for c in df.columns if c not in ("i", "bsn")]
            assert prev.select(others).equals(bad.select(others)), f"{period}/{name}: not a copy"
            assert len(bad) <= max(4, 0.005 * len(df))


def test_codes_are_in_the_reference_tables(frames: dict[str, dict[str, pl.DataFrame]]) -> None:
    for f in frames.values():
        for df, col in (
            (f["brp"], "gemeentecode"),
            (f["werkgevers"], "gemeentecode"),
            (f["rni"], "verblijf_gemeentecode"),
            (f["rni"], "rni_loket"),
        ):
            unknown = set(df[col].drop_nulls().unique()) - GEMEENTEN
            assert unknown <= {"9999"}, unknown
        assert "1999" not in set(f["brp"]["gemeentecode"].drop_nulls())
        for df in (f["brp"], f["rni"]):
            assert set(df["nationaliteit"].drop_nulls().unique()) <= NATIONALITEITEN
        assert set(f["rni"]["land_woonadres"].drop_nulls().unique()) <= LANDEN
        assert f["werkgevers"]["loonheffingennummer"].str.contains(LHNR).mean() > 0.99


# ---------------------------------------------------------------- bad rows
def _polis_kinds(df: pl.DataFrame) -> dict[str, int]:
    bsn = pl.col("bsn")
    return {
        "bsn_ongeldig": df.filter(bsn.str.contains(r"^\d{9}$") & ~valid_bsn(bsn)).height,
        "bsn_letter": df.filter(bsn.str.contains(r"[A-Za-z]")).height,
        "bsn_leeg": df.filter(bsn.is_null()).height,
        "lhnr_ongeldig": df.filter(~pl.col("loonheffingennummer").str.contains(LHNR)).height,
        "dubbele_rij": df.filter(df.is_duplicated()).height,
        "datum_ongeldig": df.filter(~complete_date(pl.col("datum_aanvang_ikv"))).height,
        "bedrag_negatief": df.filter(pl.col("sv_loon").str.starts_with("-")).height,
        "verplicht_leeg": df.filter(pl.col("ikv_id").is_null()).height,
    }


def _register_kinds(df: pl.DataFrame, name: str) -> dict[str, int]:
    pc, gem = (
        ("postcode", "gemeentecode") if name == "brp" else ("verblijf_postcode", "verblijf_gemeentecode")
    )
    dates = [c for c in df.columns if c.startswith("datum") or c == "geboortedatum"]
    unique = df.unique(maintain_order=True)
    return {
        "bsn_ongeldig": df.filter(~valid_bsn(pl.col("bsn"))).height,
        "dubbele_rij": df.filter(df.is_duplicated()).height,
        "dubbele_sleutel": unique.filter(pl.col("bsn").is_duplicated()).height,
        "postcode_ongeldig": df.filter(pl.col(pc).is_not_null() & ~pl.col(pc).str.contains(POSTCODE)).height,
        "gemeentecode_onbekend": df.filter(
            pl.col(gem).is_not_null() & ~pl.col(gem).is_in(sorted(GEMEENTEN))
        ).height,
        "datum_ongeldig": df.filter(
            pl.any_horizontal([pl.col(c).is_not_null() & ~lo3_date(pl.col(c)) for c in dates])
        ).height,
        "verplicht_leeg": df.filter(pl.col("geslachtsnaam").is_null()).height,
    }


def _werkgevers_kinds(df: pl.DataFrame) -> dict[str, int]:
    lhnr = pl.col("loonheffingennummer")
    return {
        "lhnr_ongeldig": df.filter(~lhnr.str.contains(LHNR)).height,
        "dubbele_sleutel": df.filter(lhnr.is_duplicated()).height,
        "gemeentecode_onbekend": df.filter(
            pl.col("gemeentecode").is_not_null() & ~pl.col("gemeentecode").is_in(sorted(GEMEENTEN))
        ).height,
        "postcode_ongeldig": df.filter(
            pl.col("postcode").is_not_null() & ~pl.col("postcode").str.contains(POSTCODE)
        ).height,
    }


# Key problems quarantine the row; in werkgevers/brp/rni the other kinds are findings (DESIGN.md §3),
# and the quality gates allow 1 % quarantine and 5 % findings.
QUARANTINE_KINDS = {"bsn_ongeldig", "dubbele_rij", "dubbele_sleutel", "lhnr_ongeldig"}


def test_every_bad_row_kind_in_every_period_and_rare(frames: dict[str, dict[str, pl.DataFrame]]) -> None:
    for period, f in frames.items():
        kinds = {
            "polis": _polis_kinds(f["polis"]),
            "brp": _register_kinds(f["brp"], "brp"),
            "rni": _register_kinds(f["rni"], "rni"),
            "werkgevers": _werkgevers_kinds(f["werkgevers"]),
        }
        for name, counts in kinds.items():
            missing = [k for k, n in counts.items() if n == 0]
            assert not missing, f"{period}/{name}.csv lacks {missing}"
            quarantined = sum(n for k, n in counts.items() if k in QUARANTINE_KINDS or name == "polis")
            findings = sum(counts.values()) - quarantined
            assert quarantined / len(f[name]) < 0.01, f"{period}/{name}: quarantine {quarantined}"
            assert findings / len(f[name]) < 0.05, f"{period}/{name}: findings {findings}"


def test_register_findings_keep_the_person(frames: dict[str, dict[str, pl.DataFrame]]) -> None:
    """A broken non-key field is in place: the row still has a valid BSN."""
    for f in frames.values():
        brp = f["brp"]
        broken = brp.filter(pl.col("geslachtsnaam").is_null() | (pl.col("gemeentecode") == "9999"))
        assert len(broken) and broken.select(valid_bsn(pl.col("bsn"))).to_series().all()


# ---------------------------------------------------------------- population model
def test_population_content(frames: dict[str, dict[str, pl.DataFrame]]) -> None:
    f = frames["2026-05"]
    rni, brp, w = f["rni"], f["brp"], f["werkgevers"]
    births = rni["geboortedatum"]
    assert births.str.contains(r"^\d{4}-\d{2}-00$").sum() > 0
    assert births.str.contains(r"^\d{4}-00-00$").sum() > 0
    assert (births == "0000-00-00").sum() > 0
    names = " ".join(rni["geslachtsnaam"].drop_nulls().to_list() + rni["voornamen"].drop_nulls().to_list())
    for ch in "łśżșțăő":
        assert ch in names, ch
    assert {"0072", "0074", "0053"} <= set(rni["nationaliteit"].drop_nulls())
    assert {"7028", "7047", "7024"} <= set(rni["land_woonadres"].drop_nulls())
    assert (brp["nationaliteit"] == "0001").mean() > 0.85
    assert brp["datum_vertrek"].is_not_null().sum() > 0 and brp["datum_overlijden"].is_not_null().sum() > 0
    with_stay = rni.filter(pl.col("verblijf_straat").is_not_null())
    assert 0 < len(with_stay) < 0.5 * len(rni)
    hotspots = {"1783", "0983", "1507", "0599", "1740", "1734", "1960", "1894", "0358", "1911", "0606"}
    assert with_stay["verblijf_gemeentecode"].is_in(sorted(hotspots)).mean() > 0.3
    agencies = w.filter(pl.col("sector_code") == "52")
    assert len(agencies) and (agencies["is_uitlener"] == "true").all()
    foreign = w.filter(pl.col("gemeentecode").is_null() & pl.col("postcode").is_null())
    assert len(foreign) > 0
    assert brp["postcode"].drop_nulls().str.contains(POSTCODE).mean() > 0.99


def _signal_ingredients(frames: dict[str, dict[str, pl.DataFrame]]) -> dict[str, dict[str, int]]:
    """The DESIGN.md §4 rules, roughly (no quarantine handling beyond dropping bad BSNs)."""
    history: dict[str, set[str]] = {}
    result = {}
    for i, (period, f) in enumerate(frames.items()):
        peil, first = peildatum(period), f"{period}-01"
        polis = f["polis"].filter(valid_bsn(pl.col("bsn")))
        einde = polis["datum_einde_ikv"]
        einde = (
            pl.when(einde.str.contains(r"^\d{8}$"))
            .then(einde.str.slice(0, 4) + "-" + einde.str.slice(4, 2) + "-" + einde.str.slice(6, 2))
            .otherwise(einde)
        )
        polis = polis.with_columns(datum_einde_ikv=einde)
        paid = polis.filter(pl.col("datum_einde_ikv").is_null() | (pl.col("datum_einde_ikv") >= first))
        brp = f["brp"].filter(valid_bsn(pl.col("bsn")))
        rni = f["rni"].filter(valid_bsn(pl.col("bsn")))
        rni_only = rni.join(brp.select("bsn"), on="bsn", how="anti")
        stay = rni_only.filter(
            pl.col("verblijf_straat").is_not_null()
            & (
                pl.col("datum_aanvang_verblijfsadres").is_null()
                | (pl.col("datum_aanvang_verblijfsadres") <= peil)
            )
            & (
                pl.col("datum_einde_verblijfsadres").is_null()
                | (pl.col("datum_einde_verblijfsadres") >= peil)
            )
        )
        persons = paid.select("bsn").unique()
        history[period] = set(persons["bsn"].to_list())
        window = list(history)[max(0, i - 5) : i + 1]
        counts: dict[str, int] = {}
        for p in window:
            for b in history[p]:
                counts[b] = counts.get(b, 0) + 1
        multi = paid.group_by("bsn").agg(
            pl.col("loonheffingennummer").n_unique().alias("n"),
            pl.col("verloonde_uren").cast(pl.Float64).sum().alias("h"),
        )
        result[period] = {
            "onbekend": persons.join(brp.select("bsn"), on="bsn", how="anti")
            .join(rni.select("bsn"), on="bsn", how="anti")
            .height,
            "vertrokken": persons.join(brp.filter(pl.col("datum_vertrek") <= peil), on="bsn").height,
            "overleden": persons.join(brp.filter(pl.col("datum_overlijden") <= peil), on="bsn").height,
            "rni_zonder_adres": persons.join(rni_only, on="bsn").join(stay, on="bsn", how="anti").height,
            "adres_zonder_loon": stay.join(persons, on="bsn", how="anti").height,
            "rni_langer": persons.filter(pl.col("bsn").is_in([b for b, n in counts.items() if n >= 4]))
            .join(rni_only, on="bsn")
            .height,
            "meervoudig": multi.filter((pl.col("n") >= 3) & (pl.col("h") > 259.5)).height,
            "late_payment": polis.filter(pl.col("datum_einde_ikv") < first).height,
            "both_registers": brp.join(rni, on="bsn").height,
        }
    return result


def test_every_signal_has_ingredients_each_period(frames: dict[str, dict[str, pl.DataFrame]]) -> None:
    found = _signal_ingredients(frames)
    for period, counts in found.items():
        for signal in (
            "onbekend",
            "vertrokken",
            "overleden",
            "rni_zonder_adres",
            "adres_zonder_loon",
            "meervoudig",
            "late_payment",
        ):
            assert counts[signal] > 0, f"{period}: no {signal}"
    assert all(found[p]["rni_langer"] > 0 for p in PERIODS[3:])
    assert sum(c["both_registers"] for c in found.values()) > 0


def test_payroll_is_stable_month_to_month(sample: tuple[Path, dict, float]) -> None:
    """The batch gate rejects a row count moving more than 20 % from P−1."""
    rows = sample[1]["periods"]
    for name in EXPECTED_COLUMNS:
        counts = [rows[p][name] for p in PERIODS]
        assert all(abs(b - a) / a < 0.05 for a, b in zip(counts, counts[1:], strict=False)), (name, counts)


def test_employer_text_is_windows_1252_safe() -> None:
    from sample_data import employers as e
    from sample_data import geography as geo

    words = [
        *geo.STREETS.to_list(),
        *geo.TOEVOEGINGEN.to_list(),
        *geo.load_municipalities().places,
        *e.FOREIGN_SUFFIX.to_list(),
        *e.FOREIGN_TRADES.to_list(),
    ]
    for parts in e.EMPLOYER_NAME_PARTS.values():
        words += [w for part in parts for w in part]
    for nested in (e.FOREIGN_OWNERS, e.FOREIGN_CITIES, e.FOREIGN_STREETS):
        words += nested[0].to_list()
    for word in words:
        word.encode("cp1252")


def test_rejects_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        generate("huge", 1, tmp_path)
    with pytest.raises(ValueError):
        generate("small", 0, tmp_path)
    with pytest.raises(ValueError):
        generate("small", 1, tmp_path, start="2026-13")


def test_generator_11_proef_agrees_with_the_product_rule() -> None:
    """The generator uses the product's 11-proef (``schemas.bsn``); its plain form must judge every
    string exactly as the Polars form of the row rules does, generated BSNs included."""
    from schemas.row_rules import is_valid_bsn as product_rule

    samples = ["111222333", "123456782", "000000000", "12345678", "1234567890", "12345678a", "１２３４５６７８２",
               "", "999999990", "100000009", "010000009", *[f"{n:09d}" for n in range(0, 10**9, 7_654_321)]]
    samples += list(make_bsns(np.random.default_rng(3), 200))
    product = pl.DataFrame({"bsn": samples}).select(product_rule(pl.col("bsn"))).to_series().fill_null(False)
    assert [is_valid_bsn(s) for s in samples] == product.to_list()
    assert sum(is_valid_bsn(s) for s in samples) > 200  # the generated ones, and some of the others
