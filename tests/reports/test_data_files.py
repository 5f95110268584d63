"""The v2 data files through a real run of tiny literal months: the municipality's RNI>4 list
(one row per person, the employer with the most paid hours, ties to the lowest
loonheffingennummer), the employer's list (no data of a deceased or unknown BSN), the
self-describing columns, the twins and the manifest's outcome counts."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import polars as pl
import pytest

from feedbackcyclus.periods import period_range
from tests.builders import BSN, LHNR, brp_row, polis_row, rni_row, write_period
from tests.conftest import make_settings, run_plain
from transforms.outcomes import OUTCOME_CODES

PERIODS = period_range("2026-07", "2026-10")
R1, R2, R3, DEAD, UNKNOWN = BSN[5], BSN[6], BSN[7], BSN[8], BSN[9]


def read(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline=""), delimiter=";"))


@pytest.fixture(scope="module")
def october(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("data")
    for p in PERIODS:
        polis = [polis_row(R1, LHNR[0], p, verloonde_uren="100"), polis_row(R1, LHNR[1], p, verloonde_uren="150"),
                 polis_row(R2, LHNR[2], p, verloonde_uren="80"), polis_row(R2, LHNR[0], p, verloonde_uren="80"),
                 polis_row(R3, LHNR[0], p), polis_row(DEAD, LHNR[0], p), polis_row(UNKNOWN, LHNR[0], p)]
        write_period(root / "inbox", p, polis=polis,
                     brp=[brp_row(DEAD, geslachtsnaam="Doorn", datum_overlijden="2026-06-15")],
                     rni=[rni_row(R1, stay=True, geslachtsnaam="Rus"), rni_row(R2, stay=True, geslachtsnaam="Ros"),
                          rni_row(R3, geslachtsnaam="Ras")])
    settings = make_settings(root, accept_quality_warnings=True)
    for p in PERIODS:
        run_plain(settings, p)
    return root / "reports" / "2026-10"


def test_rni_list_one_row_per_person_at_the_main_employer(october):
    rows = read(october / "gemeenten" / "1783" / "rni_langer_dan_4_maanden.csv")
    assert [(r["bsn"], r["loonheffingennummer"], r["maanden_in_loon"], r["status"], r["eerste_periode"])
            for r in rows] == [(R1, LHNR[1], "4", "nieuw", "2026-10"), (R2, LHNR[0], "4", "nieuw", "2026-10")]
    signals = pl.read_parquet(october / "signalen.parquet")
    ids = dict(((b, lh), i) for i, b, lh in signals.filter(pl.col("signaal") == "RNI_LANGER_DAN_4_MAANDEN")
               .select("signaal_id", "bsn", "loonheffingennummer").rows())
    assert [r["signaal_id"] for r in rows] == [ids[(R1, LHNR[1])], ids[(R2, LHNR[0])]]
    assert rows[0]["werkgever"] == "Kas & Co B.V." and rows[0]["straat"] == "Kasweg"
    assert rows[0]["datum_inschrijving_rni"] == "2025-03-01" and rows[0]["periode"] == "2026-10"
    assert R3 not in {r["bsn"] for r in rows}  # no stay address: no municipality


def test_folders_hold_only_files_with_rows_and_their_twins(october):
    files = sorted(p.name for p in (october / "gemeenten" / "1783").iterdir())
    assert "adressignalen.csv" not in files  # nobody with a stay address left payroll
    assert {"rni_langer_dan_4_maanden.csv", "rni_langer_dan_4_maanden.xlsx", "werkgevers.csv",
            "werkgevers.xlsx"} <= set(files)
    for name in ("kwaliteit/quarantaine.xlsx", "kwaliteit/bevindingen.xlsx", "inspectie/risicoanalyse.xlsx",
                 "inspectie/risicoscore.md"):
        assert (october / name).is_file(), name
    assert not list((october / "werkgevers").rglob("*.xlsx"))  # made on request, not in the batch
    manifest = json.loads((october / "manifest.json").read_text())
    listed = {o["path"] for o in manifest["outputs"]}
    assert "gemeenten/1783/rni_langer_dan_4_maanden.xlsx" in listed
    assert manifest["terugkoppeling"] == dict.fromkeys(OUTCOME_CODES, 0)


def test_employer_list_hides_deceased_and_unknown_persons(october):
    rows = {r["bsn"]: r for r in read(october / "werkgevers" / LHNR[0] / "registratiesignalen.csv")}
    for bsn in (DEAD, UNKNOWN):
        assert (rows[bsn]["geslachtsnaam"], rows[bsn]["voornamen"], rows[bsn]["geboortedatum"]) == ("", "", "")
    assert rows[DEAD]["toelichting"].startswith("Dit BSN staat in de BRP geregistreerd als overleden, ")
    assert "2026-06" not in rows[DEAD]["toelichting"]
    assert rows[R3]["geslachtsnaam"] == "Ras"
    assert all(r["periode"] == "2026-10" and r["signaal_id"].startswith("FBC-2026") for r in rows.values())


def test_self_describing_feed_with_numbers_in_parquet(october):
    feed = pl.read_parquet(october / "inspectie" / "risicoanalyse.parquet")
    assert feed.columns[:3] == ["periode", "peildatum", "score_versie"]
    assert feed.schema["aandeel_zonder_nl_adres"] == pl.Float64
    assert feed.schema["peildatum"] == pl.Date
    werkgevers = read(october / "gemeenten" / "1783" / "werkgevers.csv")
    assert werkgevers[0]["periode"] == "2026-10"
