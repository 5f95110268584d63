"""Source mappings: an extract with LO3-style headers is read as if it used the contract's."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest

from feedbackcyclus.errors import InputError
from intake.source_mapping import SourceMapping, load_mappings, mapping_path
from schemas.contract import CONTRACTS
from tests.builders import BSN, LHNR, brp_row, polis_row, rni_row, write_input, write_period
from tests.conftest import cli_args, make_settings, run_plain

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


def test_without_mapping_headers_must_be_the_contracts(workdir):
    scenario(workdir / "inbox", lo3=True)
    empty = workdir / "leeg.toml"
    empty.write_text("")
    settings = replace(make_settings(workdir, accept_quality_warnings=True), source_mappings=empty)
    with pytest.raises(InputError, match="verplichte kolom ontbreekt"):
        run_plain(settings, P)


def test_a_configured_mapping_file_that_is_missing_stops_the_run(workdir, cli):
    """A mapping that silently does nothing would misread every delivery (exit 2, naming the file)."""
    scenario(workdir / "inbox", lo3=False)
    config = workdir / "feedbackcyclus.toml"
    config.write_text(f'source_mappings = "{(workdir / "weg.toml").as_posix()}"\n')
    code, out, err = cli(["--config", str(config), "run", "--period", P, *cli_args(workdir)])
    assert code == 2
    assert "weg.toml" in err and "bronkoppelingen bestaat niet" in err
    assert not (workdir / "reports" / P).exists()


def test_unset_mapping_uses_the_projects_own_file():
    assert mapping_path(None) == REPO_MAPPING.resolve()


def test_fallback_list_takes_the_first_header_present():
    mapping = SourceMapping(columns={"lhnr": "loonheffingennummer"}, fallbacks={"straat": ("08.11.15", "08.11.10")})
    assert mapping.rename(["08.11.10", "08.11.15", "lhnr"]) == ["08.11.10", "straat", "loonheffingennummer"]
    assert mapping.rename(["08.11.10"]) == ["straat"]
    assert mapping.rename(["straat", "08.11.15"]) == ["straat", "08.11.15"]  # the contract name in the file wins


def test_both_street_elements_in_a_brp_extract_are_not_ambiguous(workdir):
    """Every GBA-V extract has 08.11.10 and 08.11.15; with the fallback list both may be present."""
    brp = [brp_row(BSN[0], datum_vertrek="2026-10-03")]
    write_period(workdir / "inbox", P, polis=[polis_row(BSN[0])], brp=brp)
    columns = [c if c != "straat" else "08.11.15" for c in CONTRACTS["brp"].column_names] + ["08.11.10"]
    write_input(workdir / "inbox" / P, "brp", [{**brp[0], "08.11.15": "Damrak", "08.11.10": "Damrak"}],
                columns=columns)
    run_plain(make_settings(workdir, accept_quality_warnings=True, source_mappings=REPO_MAPPING), P)
    assert signals(workdir) == [("LOON_ZONDER_ADRES", "VERTROKKEN", BSN[0], LHNR[0])]


def test_mapping_file_accepts_lo3_targets_for_gbav(tmp_path):
    good = tmp_path / "bronnen.toml"
    good.write_text('[gbav.kolommen]\n"bsn_nummer" = "01.01.20"\n')
    assert load_mappings(good)["gbav"].columns == {"bsn_nummer": "01.01.20"}
    good.write_text('[gbav.kolommen]\n"bsn_nummer" = "bsn"\n')
    with pytest.raises(InputError, match="onbekende kolom"):
        load_mappings(good)
