"""``generate --register-format gbav`` and the differential test of DESIGN.md §3a: the same
generated month delivered as ``brp`` + ``rni`` and as one GBA-V extract gives the same signals."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import polars as pl
import pytest

from sample_data.generator import generate
from sample_data.lo3_writer import HEADER, MERGED_CODES
from tests.conftest import make_settings, run_plain

P = "2026-05"


@pytest.fixture(scope="module")
def both(tmp_path_factory) -> dict[str, Path]:
    roots = {}
    for fmt in ("brp-rni", "gbav"):
        root = tmp_path_factory.mktemp(fmt)
        generate("small", 1, root / "inbox", seed=20261, start=P, register_format=fmt)
        roots[fmt] = root
    return roots


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))


def test_the_extract_has_the_shape_of_a_real_one(both):
    folder = both["gbav"] / "inbox" / P
    assert sorted(p.name for p in folder.iterdir()) == ["gbav.csv", "polis.csv", "werkgevers.csv"]
    assert (folder / "gbav.csv").read_bytes().startswith(b"\xef\xbb\xbf;01.01.10;01.01.20;")
    rows = _rows(folder / "gbav.csv")
    header, lines = rows[0], rows[1:]
    assert tuple(header) == HEADER
    col = {h: header.index(h) for h in header if h}
    labelled = [r for r in lines if r[0]]
    history = [r for r in lines if not r[0]]
    assert len(history) > 0.2 * len(labelled)                                   # history and repeated lines
    assert any(r[col["01.01.20"]] for r in history)                              # an old BSN in a history line
    assert {r[col["07.67.20"]] for r in labelled} >= {"E", "O"}                  # suspended lists
    assert sum(r[col["08.09.10"]] == "1999" for r in labelled) > 1000            # RNI registrants
    assert any(r[0].startswith("PL-oud") for r in labelled)                      # older versions
    assert {r[col["08.09.10"]] for r in labelled} & set(MERGED_CODES)            # merged municipalities
    assert any(r[col["01.02.30"]] for r in labelled)                             # surname prefixes
    assert any(r[col["06.08.10"]] for r in labelled if r[col["08.09.10"]] == "1999")  # deceased RNI registrants


def test_the_same_month_as_brp_rni_or_gbav_gives_the_same_signals(both):
    manifests, signals = {}, {}
    for fmt, root in both.items():
        run_plain(make_settings(root, accept_quality_warnings=True), P)
        manifests[fmt] = json.loads((root / "reports" / P / "manifest.json").read_text())
        signals[fmt] = pl.read_parquet(root / "reports" / P / "signalen.parquet").sort(
            "signaal", "bsn", "loonheffingennummer")
    assert signals["gbav"].height > 100
    assert signals["gbav"].equals(signals["brp-rni"])
    assert manifests["gbav"]["signals"] == manifests["brp-rni"]["signals"]
    plain, extract = manifests["brp-rni"]["inputs"], manifests["gbav"]["inputs"]
    # every register row is a persoonslijst; the extract adds the older versions, quarantined as such
    older = extract["gbav"]["rows"] - plain["brp"]["rows"] - plain["rni"]["rows"]
    assert older > 0
    assert extract["gbav"]["quarantined"] == plain["brp"]["quarantined"] + plain["rni"]["quarantined"] + older
    assert extract["gbav"]["loaded"] == plain["brp"]["loaded"] + plain["rni"]["loaded"]
    assert extract["gbav"]["lines"] > extract["gbav"]["rows"]
    quarantine = _rows(both["gbav"] / "reports" / P / "kwaliteit" / "quarantaine.csv")
    assert sum(r[2] == "OUDERE_VERSIE" for r in quarantine) == older
    findings = _rows(both["gbav"] / "reports" / P / "kwaliteit" / "bevindingen.csv")
    assert any(r[2] == "GEMEENTECODE_VERVALLEN" for r in findings)
