"""Source mappings: an extract with LO3-style headers is read as if it used the contract's."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest

from feedbackcyclus.errors import InputError
from schemas.contract import CONTRACTS
from tests.builders import BSN, LHNR, brp_row, polis_row, rni_row, write_input, write_period
from tests.conftest import make_settings, run_plain
from transforms.source_mapping import load_mappings

REPO_MAPPING = Path(__file__).parent.parent.parent / "config" / "bronnen.toml"
P = "2026-10"


def lo3_headers(name: str) -> list[str]:
    """The contract columns written as the LO3 element numbers of config/bronnen.toml."""
    mapping = load_mappings(REPO_MAPPING)[name]
    reverse: dict[str, str] = {}
    for header, column in mapping.columns.items():
        if "." in header:
            reverse.setdefault(column, header)
    return [reverse.get(c, c) for c in CONTRACTS[name].column_names]


def scenario(inbox: Path, lo3: bool, day_first: bool = False) -> None:
    brp = [brp_row(BSN[0]), brp_row(BSN[1], datum_vertrek="2026-10-03")]
    rni = [rni_row(BSN[2]), rni_row(BSN[3], stay=True), rni_row(BSN[4], stay=True)]
    if day_first:
        brp[1]["datum_vertrek"] = "03-10-2026"
    polis = [polis_row(b) for b in BSN[:4]]
    write_period(inbox, P, polis=polis, brp=brp, rni=rni)
    if lo3:
        folder = inbox / P
        for name, rows in (("brp", brp), ("rni", rni)):
            headers = lo3_headers(name)
            renamed = [{h: r.get(c) for h, c in zip(headers, CONTRACTS[name].column_names, strict=True)}
                       for r in rows]
            write_input(folder, name, renamed, columns=headers)


def signals(root: Path) -> list[tuple]:
    return pl.read_parquet(root / "reports" / P / "signalen.parquet").select(
        "signaal", "reden", "bsn", "loonheffingennummer").rows()


def test_lo3_headers_give_the_same_signals(workdir):
    plain, lo3 = workdir / "plain", workdir / "lo3"
    scenario(plain / "inbox", lo3=False)
    scenario(lo3 / "inbox", lo3=True)
    assert "01.01.20" in (lo3 / "inbox" / P / "brp.csv").read_text().splitlines()[0] or \
        "01.20" in (lo3 / "inbox" / P / "brp.csv").read_text().splitlines()[0]
    for root in (plain, lo3):
        run_plain(make_settings(root, accept_quality_warnings=True, source_mappings=REPO_MAPPING), P)
    assert signals(lo3) == signals(plain)
    assert signals(plain) == [
        ("ADRES_ZONDER_LOON", None, BSN[4], None),
        ("LOON_ZONDER_ADRES", "RNI_ZONDER_VERBLIJFSADRES", BSN[2], LHNR[0]),
        ("LOON_ZONDER_ADRES", "VERTROKKEN", BSN[1], LHNR[0]),
    ]


def test_day_first_dates_per_mapping(workdir):
    mapping = workdir / "bronnen.toml"
    shutil.copy(REPO_MAPPING, mapping)
    mapping.write_text(mapping.read_text().replace('[polis]\ndatumformaat = "JJJJ-MM-DD"',
                                                   '[polis]\ndatumformaat = "JJJJ-MM-DD"\n\n[brp]\n'
                                                   'datumformaat = "DD-MM-JJJJ"'))
    scenario(workdir / "inbox", lo3=True, day_first=True)
    run_plain(make_settings(workdir, accept_quality_warnings=True, source_mappings=mapping), P)
    assert ("LOON_ZONDER_ADRES", "VERTROKKEN", BSN[1], LHNR[0]) in signals(workdir)


def test_mapping_to_an_unknown_column_is_refused(tmp_path):
    bad = tmp_path / "bronnen.toml"
    bad.write_text('[brp.kolommen]\n"01.20" = "burgerservicenummer"\n')
    with pytest.raises(InputError, match="onbekende kolom"):
        load_mappings(bad)


def test_without_mapping_file_headers_must_be_the_contracts(workdir):
    scenario(workdir / "inbox", lo3=True)
    settings = replace(make_settings(workdir, accept_quality_warnings=True), source_mappings=workdir / "none.toml")
    with pytest.raises(InputError, match="verplichte kolom ontbreekt"):
        run_plain(settings, P)
