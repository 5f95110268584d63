"""A 7-period literal scenario that exercises every lifecycle transition (DESIGN.md §4).

X (RNI, no stay address) paid in 04 05 .. 07 08 .. 10: a signal that disappears and comes
back gets a new eerste_periode; RNI_LANGER_DAN_4_MAANDEN at 08 (4 non-consecutive months)
and again at 10 (05 07 08 10).
Y (RNI with stay address) paid 04 05 06 (exactly 3: no signal), its relation ends mid-July
(4 months: signal at 07), then ADRES_ZONDER_LOON from 08 with laatste_loonperiode 07.
Z (resident) departs in September while still paid: VERTROKKEN at 09 and 10.
W (resident) is paid every month and never signalled.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest

from feedbackcyclus.periods import period_range
from tests.builders import BSN, LHNR, brp_row, polis_row, rni_row, write_period
from tests.conftest import cli_args, deterministic_files, make_settings, run_plain

X, Y, Z, W = BSN[5], BSN[6], BSN[7], BSN[8]
PERIODS = period_range("2026-04", "2026-10")
X_PAID = {"2026-04", "2026-05", "2026-07", "2026-08", "2026-10"}


def build_inbox(inbox: Path) -> None:
    for p in PERIODS:
        polis = [polis_row(W, LHNR[3], period=p)]
        if p in X_PAID:
            polis.append(polis_row(X, LHNR[0], period=p))
        if p <= "2026-06":
            polis.append(polis_row(Y, LHNR[1], period=p))
        else:  # the relation ends mid-July and is still reported afterwards
            polis.append(polis_row(Y, LHNR[1], period=p, datum_einde_ikv="2026-07-15"))
        polis.append(polis_row(Z, LHNR[2], period=p))
        z = brp_row(Z, geslachtsnaam="Zwart", datum_vertrek="2026-09-10" if p >= "2026-09" else None)
        write_period(inbox, p, polis=polis, brp=[brp_row(W, geslachtsnaam="Wit"), z],
                     rni=[rni_row(X, geslachtsnaam="Xiao"), rni_row(Y, stay=True, geslachtsnaam="Ybarra")])


EXPECTED_LIFECYCLE = {
    "2026-04": {"nieuw": 1, "blijvend": 0, "opgelost": 0},
    "2026-05": {"nieuw": 0, "blijvend": 1, "opgelost": 0},
    "2026-06": {"nieuw": 0, "blijvend": 0, "opgelost": 1},
    "2026-07": {"nieuw": 2, "blijvend": 0, "opgelost": 0},
    "2026-08": {"nieuw": 2, "blijvend": 1, "opgelost": 1},
    "2026-09": {"nieuw": 1, "blijvend": 1, "opgelost": 2},
    "2026-10": {"nieuw": 2, "blijvend": 2, "opgelost": 0},
}

# (signaal, reden, bsn, lhnr, status, eerste_periode, laatste_loonperiode)
LZA, RNI4, AZL = "LOON_ZONDER_ADRES", "RNI_LANGER_DAN_4_MAANDEN", "ADRES_ZONDER_LOON"
RZV = "RNI_ZONDER_VERBLIJFSADRES"
EXPECTED_SIGNALS = {
    "2026-04": [(LZA, RZV, X, LHNR[0], "nieuw", "2026-04", "2026-04")],
    "2026-05": [(LZA, RZV, X, LHNR[0], "blijvend", "2026-04", "2026-05")],
    "2026-06": [],
    "2026-07": [(LZA, RZV, X, LHNR[0], "nieuw", "2026-07", "2026-07"),
                (RNI4, None, Y, LHNR[1], "nieuw", "2026-07", "2026-07")],
    "2026-08": [(AZL, None, Y, None, "nieuw", "2026-08", "2026-07"),
                (LZA, RZV, X, LHNR[0], "blijvend", "2026-07", "2026-08"),
                (RNI4, None, X, LHNR[0], "nieuw", "2026-08", "2026-08")],
    "2026-09": [(AZL, None, Y, None, "blijvend", "2026-08", "2026-07"),
                (LZA, "VERTROKKEN", Z, LHNR[2], "nieuw", "2026-09", "2026-09")],
    "2026-10": [(AZL, None, Y, None, "blijvend", "2026-08", "2026-07"),
                (LZA, RZV, X, LHNR[0], "nieuw", "2026-10", "2026-10"),
                (LZA, "VERTROKKEN", Z, LHNR[2], "blijvend", "2026-09", "2026-10"),
                (RNI4, None, X, LHNR[0], "nieuw", "2026-10", "2026-10")],
}


def published_signals(folder: Path) -> list[tuple]:
    frame = pl.read_parquet(folder / "signalen.parquet")
    return [tuple(r) for r in frame.select("signaal", "reden", "bsn", "loonheffingennummer", "status",
                                           "eerste_periode", "laatste_loonperiode").rows()]


@pytest.fixture
def scenario(workdir: Path):
    build_inbox(workdir / "inbox")
    settings = make_settings(workdir, accept_quality_warnings=True)
    for p in PERIODS:
        run_plain(settings, p)
    return workdir, settings


def test_every_transition(scenario):
    root, _ = scenario
    for p in PERIODS:
        folder = root / "reports" / p
        manifest = json.loads((folder / "manifest.json").read_text())
        assert manifest["lifecycle"] == EXPECTED_LIFECYCLE[p], p
        assert published_signals(folder) == EXPECTED_SIGNALS[p], p


# signaal_id per period, in the order of EXPECTED_SIGNALS: a continuing case keeps its id, a
# case back after a gap (X in 2026-07 and 2026-10) gets a new one; nieuw numbered per P.
EXPECTED_IDS = {
    "2026-04": ["FBC-202604-000001"],
    "2026-05": ["FBC-202604-000001"],
    "2026-06": [],
    "2026-07": ["FBC-202607-000001", "FBC-202607-000002"],
    "2026-08": ["FBC-202608-000001", "FBC-202607-000001", "FBC-202608-000002"],
    "2026-09": ["FBC-202608-000001", "FBC-202609-000001"],
    "2026-10": ["FBC-202608-000001", "FBC-202610-000001", "FBC-202609-000001", "FBC-202610-000002"],
}


def test_signal_ids_follow_the_case(scenario):
    root, _ = scenario
    for p in PERIODS:
        ids = pl.read_parquet(root / "reports" / p / "signalen.parquet")["signaal_id"].to_list()
        assert ids == EXPECTED_IDS[p], p


def test_employer_file_carries_lifecycle(scenario):
    root, _ = scenario
    text = (root / "reports" / "2026-10" / "werkgevers" / LHNR[0] / "registratiesignalen.csv").read_bytes()
    rows = text.decode("utf-8-sig").split("\r\n")
    assert rows[0] == ("signaal_id;periode;signaal;reden;bsn;geslachtsnaam;voornamen;geboortedatum;ikv_id;"
                       "datum_aanvang_ikv;eerste_periode;status;terugkoppeling;toelichting")
    assert rows[1] == (f"FBC-202610-000001;2026-10;{LZA};{RZV};{X};Xiao;Piotr;1990-00-00;IKV1;2025-01-01;2026-10;nieuw;;"
                       "Ingeschreven in de RNI sinds 2025-03-01 zonder verblijfsadres in Nederland, 4 van de laatste "
                       "6 maanden in loon, bij deze werkgever sinds 2025-01-01.")
    assert rows[2].startswith(f"FBC-202610-000002;2026-10;{RNI4};;{X};Xiao;")
    assert rows[2].endswith(";2026-10;nieuw;;Ingeschreven in de RNI sinds 2025-03-01 zonder verblijfsadres in "
                            "Nederland, 4 van de laatste 6 maanden in loon (bij 4 of meer is inschrijving als "
                            "ingezetene verplicht), bij deze werkgever sinds 2025-01-01.")


def test_rerun_older_period_is_refused_then_cascades_with_identical_bytes(scenario, cli):
    root, _ = scenario
    before = {p: deterministic_files(root / "reports" / p) for p in ("2026-08", "2026-09", "2026-10")}
    manifests = {p: json.loads((root / "reports" / p / "manifest.json").read_text()) for p in before}

    code, _, err = cli(["run", "--period", "2026-08", *cli_args(root), "--accept-quality-warnings"])
    assert code == 2
    assert "2026-09, 2026-10" in err and "--cascade" in err
    assert json.loads((root / "reports" / "2026-08" / "manifest.json").read_text())["run_id"] == \
        manifests["2026-08"]["run_id"]

    code, _, _ = cli(["run", "--period", "2026-08", *cli_args(root), "--accept-quality-warnings", "--cascade"])
    assert code == 0
    for p, files in before.items():
        folder = root / "reports" / p
        assert deterministic_files(folder) == files, p
        manifest = json.loads((folder / "manifest.json").read_text())
        assert manifest["run_id"] != manifests[p]["run_id"]
        assert manifest["lifecycle"] == EXPECTED_LIFECYCLE[p]


def test_backfill_runs_in_order(workdir, cli):
    build_inbox(workdir / "inbox")
    code, _, _ = cli(["backfill", "--from", "2026-04", "--to", "2026-10", *cli_args(workdir),
                 "--accept-quality-warnings"])
    assert code == 0
    for p in PERIODS:
        manifest = json.loads((workdir / "reports" / p / "manifest.json").read_text())
        assert manifest["lifecycle"] == EXPECTED_LIFECYCLE[p]


def test_lifecycle_needs_previous_period(workdir):
    """Running P without P−1 in the warehouse makes everything nieuw (nothing to compare with)."""
    build_inbox(workdir / "inbox")
    settings = replace(make_settings(workdir), accept_quality_warnings=True)
    result = run_plain(settings, "2026-10")
    assert result["lifecycle"] == {"nieuw": 3, "blijvend": 0, "opgelost": 0}
