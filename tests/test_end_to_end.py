"""End to end on generated sample data: the CLI's publication against an independent oracle."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import polars as pl
import pytest

from feedbackcyclus.periods import period_range
from tests.conftest import cli_args, deterministic_files
from tests.oracle import run_oracle

PERIODS = period_range("2026-05", "2026-10")


@pytest.fixture(scope="module")
def published(tmp_path_factory, prefect_harness):
    import os

    from flows.cli import main

    root = tmp_path_factory.mktemp("e2e")
    os.environ["FEEDBACKCYCLUS_STATE_DIR"] = str(root / "state")
    assert main(["generate", "--scale", "small", "--periods", "6", "--start", "2026-05", "--seed", "7",
                 "--out", str(root / "inbox")]) == 0
    assert main(["backfill", "--from", PERIODS[0], "--to", PERIODS[-1], *cli_args(root)]) == 0
    return root


def read_csv(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline=""), delimiter=";"))


def test_signals_match_the_oracle(published):
    oracle = run_oracle(published / "inbox", PERIODS)
    for p in PERIODS:
        folder = published / "reports" / p
        got = {tuple(r) for r in pl.read_parquet(folder / "signalen.parquet")
               .select("signaal", "reden", "bsn", "loonheffingennummer").rows()}
        assert got == oracle[p]["signals"], p
        manifest = json.loads((folder / "manifest.json").read_text())
        assert manifest["lifecycle"] == oracle[p]["lifecycle"], p
        counts = {code: sum(1 for s in oracle[p]["signals"] if s[0] == code) for code in manifest["signals"]}
        assert manifest["signals"] == counts


def test_signal_ids_follow_the_cases(published):
    """Continuing signals keep their id over the 6 months, new cases are numbered per month (oracle)."""
    oracle = run_oracle(published / "inbox", PERIODS)
    previous: dict[tuple, str] = {}
    for p in PERIODS:
        frame = pl.read_parquet(published / "reports" / p / "signalen.parquet")
        ids = {(s, b, lh): i for i, s, b, lh in frame.select("signaal_id", "signaal", "bsn", "loonheffingennummer").rows()}
        assert ids == oracle[p]["ids"], p
        assert len(set(ids.values())) == len(ids), p
        for (key, case), (status, first) in zip(ids.items(), frame.select("status", "eerste_periode").rows(),
                                                strict=True):
            assert case[4:10] == first.replace("-", ""), (p, case)
            if status == "blijvend":
                assert case == previous[key], (p, case)
        kept = sum(1 for k, i in ids.items() if previous.get(k) == i)
        assert kept == json.loads((published / "reports" / p / "manifest.json").read_text())["lifecycle"]["blijvend"]
        previous = ids


def test_every_signal_kind_and_transition_occurs(published):
    last = json.loads((published / "reports" / PERIODS[-1] / "manifest.json").read_text())
    assert all(n > 0 for n in last["signals"].values()), last["signals"]
    for p in PERIODS[1:]:
        lc = json.loads((published / "reports" / p / "manifest.json").read_text())["lifecycle"]
        assert lc["nieuw"] > 0 and lc["blijvend"] > 0 and lc["opgelost"] > 0, (p, lc)


def test_manifest_counts_add_up(published):
    for p in PERIODS:
        folder = published / "reports" / p
        manifest = json.loads((folder / "manifest.json").read_text())
        quarantine = read_csv(folder / "kwaliteit" / "quarantaine.csv")
        findings = read_csv(folder / "kwaliteit" / "bevindingen.csv")
        for name, info in manifest["inputs"].items():
            assert info["rows"] == info["loaded"] + info["quarantined"]
            assert info["quarantined"] == sum(1 for q in quarantine if q["bron"] == name)
            assert info["findings"] == sum(1 for f in findings if f["bron"] == name)
            assert info["quarantined"] > 0
        listed = {o["path"] for o in manifest["outputs"]}
        on_disk = {f.relative_to(folder).as_posix() for f in folder.rglob("*") if f.is_file()} - {"manifest.json"}
        assert listed == on_disk


def test_privacy_partitioning(published):
    """Every row under gemeenten/X/ belongs to X; under werkgevers/Y/ to Y."""
    folder = published / "reports" / PERIODS[-1]
    signals = pl.read_parquet(folder / "signalen.parquet")
    stay_gemeente = dict(signals.filter(pl.col("signaal") == "ADRES_ZONDER_LOON").select("bsn", "gemeentecode").rows())
    werkgevers = {r["loonheffingennummer"]: r for r in read_csv(published / "inbox" / PERIODS[-1] / "werkgevers.csv")
                  if "loonheffingennummer" in r} if (published / "inbox" / PERIODS[-1] / "werkgevers.csv").exists() else {}
    employer_signals = {(s, b, lh) for s, b, lh in signals.select("signaal", "bsn", "loonheffingennummer").rows()}
    municipalities = sorted((folder / "gemeenten").iterdir())
    assert municipalities
    for g in municipalities:
        for row in read_csv(g / "adressignalen.csv") if (g / "adressignalen.csv").exists() else []:
            assert stay_gemeente[row["bsn"]] == g.name
        for row in read_csv(g / "werkgevers.csv") if (g / "werkgevers.csv").exists() else []:
            if werkgevers:
                assert werkgevers[row["loonheffingennummer"]]["gemeentecode"] == g.name
    for e in sorted((folder / "werkgevers").iterdir()):
        for row in read_csv(e / "registratiesignalen.csv"):
            assert (row["signaal"], row["bsn"], e.name) in employer_signals
    inspector = (folder / "inspectie" / "risicoanalyse.csv").read_text(encoding="utf-8-sig")
    assert not any(re.search(rf"\b{b}\b", inspector) for b in signals["bsn"].to_list()[:500])


def test_rerun_publishes_identical_bytes(published, cli):
    folder = published / "reports" / PERIODS[-1]
    before = deterministic_files(folder)
    ids = pl.read_parquet(folder / "signalen.parquet")["signaal_id"].to_list()
    assert cli(["run", "--period", PERIODS[-1], *cli_args(published)])[0] == 0
    assert deterministic_files(folder) == before
    assert pl.read_parquet(folder / "signalen.parquet")["signaal_id"].to_list() == ids
    assert any(name.endswith(".xlsx") for name in before)  # the twins are among the identical files


# --- byte identity across refactors (issue 12) -------------------------------------------
FINGERPRINT = Path(__file__).parent / "snapshots" / "publication_fingerprint.json"
VOLATILE_MANIFEST_KEYS = ("run_id", "started_at", "finished_at", "code_version", "timings_s")


def publication_fingerprint(root: Path) -> dict[str, str]:
    """sha256 of every published file of every period, version strings aside.

    The manifest is fingerprinted without its run id, times and code version, with the input
    paths made relative to the test's root; ``rapport.html`` without its code-version line;
    GX's own Data Docs not at all (GX stamps its run times into them). Everything else must
    be the same bytes the reference code published.
    """
    import hashlib

    prints = {}
    for period_folder in sorted((root / "reports").iterdir()):
        for path in sorted(period_folder.rglob("*")):
            rel = path.relative_to(root / "reports").as_posix()
            if not path.is_file() or "/kwaliteit/gx/" in rel:
                continue
            data = path.read_bytes()
            if path.name == "manifest.json":
                manifest = json.loads(data)
                for key in VOLATILE_MANIFEST_KEYS:
                    manifest.pop(key)
                for entry in manifest["inputs"].values():
                    entry["path"] = Path(entry["path"]).relative_to(root).as_posix()
                manifest["outputs"] = [o if o["path"] != "rapport.html" else {"path": o["path"]}
                                       for o in manifest["outputs"]]
                data = json.dumps(manifest, sort_keys=True).encode()
            elif path.name == "rapport.html":
                data = re.sub(rb"code-versie [^ ]+ ", b"code-versie X ", data)
            prints[rel] = hashlib.sha256(data).hexdigest()
    return prints


def test_publication_is_byte_identical_to_the_reference_code(published):
    """The six sample months publish the same bytes as the code before the issue-12 refactor
    (commit eb08319, recorded in tests/snapshots/publication_fingerprint.json). A deliberate
    change of output is re-recorded with UPDATE_SNAPSHOTS=1 and shows in the diff."""
    import os

    prints = publication_fingerprint(published)
    if os.environ.get("UPDATE_SNAPSHOTS") == "1" or not FINGERPRINT.exists():
        FINGERPRINT.write_text(json.dumps(prints, indent=1, sort_keys=True) + "\n")
    expected = json.loads(FINGERPRINT.read_text())
    differ = sorted(k for k in expected.keys() | prints.keys() if expected.get(k) != prints.get(k))
    assert differ == [], f"{len(differ)} published files differ from the reference, e.g. {differ[:10]}"
    assert len(prints) > 1000
