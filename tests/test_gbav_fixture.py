"""A GBA-V extract in the real shape fed unchanged through ``feedbackcyclus run`` (DESIGN.md §3a).

``tests/fixtures/gbav_testset/gbav.csv``: part of the public Haal Centraal GBA-V test set plus
hand-written persoonslijsten in the same layout (see SOURCE.md there). A payroll and an
employer file are built for its BSNs; hand-picked persons are checked in the published files.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import polars as pl
import pytest

from tests.builders import LHNR, polis_row, werkgever_row, write_input
from tests.conftest import cli_args

FIXTURE = Path(__file__).parent / "fixtures" / "gbav_testset" / "gbav.csv"
P = "2026-10"
RESIDENTS = {"Lg01_716": "999993653", "Lg01_675": "999993872", "Lg01_593": "999992740"}
PARENT_IN_CATEGORY_02 = "999994785"  # a BSN of a parent of Lg01_593: not a persoonslijst of its own
HAND = {"E1": "999970008", "E2": "999971062", "O1": "999972145", "R1": "999973198", "R2": "999974270",
        "V": "999975328", "H": "999976400", "HOLD": "999977465", "M": "999978536"}
LZA = "LOON_ZONDER_ADRES"


def read(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))


@pytest.fixture(scope="module")
def published(tmp_path_factory, prefect_harness):
    import flows.cli as cli_module

    root = tmp_path_factory.mktemp("testset")
    folder = root / "inbox" / P
    folder.mkdir(parents=True)
    shutil.copyfile(FIXTURE, folder / "gbav.csv")
    paid = [*RESIDENTS.values(), PARENT_IN_CATEGORY_02, *HAND.values()]
    write_input(folder, "polis", [polis_row(b) for b in paid])
    write_input(folder, "werkgevers", [werkgever_row(LHNR[0])])
    state = root / "state"
    import os
    os.environ["FEEDBACKCYCLUS_STATE_DIR"] = str(state)
    try:
        code = cli_module.main(["run", "--period", P, "--accept-quality-warnings", *cli_args(root)])
    finally:
        os.environ.pop("FEEDBACKCYCLUS_STATE_DIR", None)
    assert code == 0
    assert (folder / "gbav.csv").read_bytes() == FIXTURE.read_bytes()  # the delivery is never modified
    return root / "reports" / P


def test_hand_picked_persons(published):
    signals = set(pl.read_parquet(published / "signalen.parquet").select(
        "signaal", "reden", "bsn", "loonheffingennummer").rows())
    assert signals == {
        (LZA, "VERTROKKEN", HAND["E1"], LHNR[0]),                  # emigrant, 08.13.20
        (LZA, "VERTROKKEN", HAND["E2"], LHNR[0]),                  # list suspended for emigration
        (LZA, "OVERLEDEN", HAND["O1"], LHNR[0]),                   # deceased, date 2026-09-00
        (LZA, "OVERLEDEN", HAND["R1"], LHNR[0]),                   # deceased RNI registrant
        (LZA, "RNI_ZONDER_VERBLIJFSADRES", HAND["R2"], LHNR[0]),   # RNI, exotic diacritics
        (LZA, "RNI_ZONDER_VERBLIJFSADRES", HAND["V"], LHNR[0]),    # the newer of two versions: RNI
        (LZA, "BSN_ONBEKEND", HAND["H"], LHNR[0]),                 # an old BSN, only in a history line
        (LZA, "BSN_ONBEKEND", PARENT_IN_CATEGORY_02, LHNR[0]),     # a parent's BSN is not a person
    }  # the three residents of the public test set, the holder of the old BSN and FBC-M: an address


def test_names_as_mapped(published):
    letters = {r["bsn"]: r for r in read(published / "werkgevers" / LHNR[0] / "registratiesignalen.csv")}
    assert letters[HAND["E1"]]["geslachtsnaam"] == "van Dijk"
    assert (letters[HAND["R2"]]["geslachtsnaam"], letters[HAND["R2"]]["voornamen"]) == (
        "Ţîrcovnicu-Ğüneş", "Ştefăniţă Đurđica")


def test_manifest_and_quality_files_name_the_extract(published):
    manifest = json.loads((published / "manifest.json").read_text())
    entry = manifest["inputs"]["gbav"]
    assert (entry["rows"], entry["lines"], entry["loaded"], entry["quarantined"]) == (12, 22, 11, 1)
    assert entry["encoding"] == "utf-8-bom"
    assert "16.09.10" in entry["missing_columns"]  # the 2022 test set has no RNI stay address yet
    assert "01.H" in [c.upper() for c in entry["extra_columns"]]
    quarantine = read(published / "kwaliteit" / "quarantaine.csv")
    assert [(q["bron"], q["rijnummer"], q["reden"]) for q in quarantine if q["bron"] == "gbav"] == [
        ("gbav", "18", "OUDERE_VERSIE")]
    findings = read(published / "kwaliteit" / "bevindingen.csv")
    assert [(f["bron"], f["rijnummer"], f["reden"], f["kolom"], f["waarde"]) for f in findings] == [
        ("gbav", "22", "GEMEENTECODE_VERVALLEN", "gemeentecode", "0003")]
