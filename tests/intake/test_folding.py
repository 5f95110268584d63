"""Folded columns (``staging.fold_select``): judged while reading, never stored, and staging gives
exactly what it gives when their text is read and kept until the end."""

from __future__ import annotations

import duckdb
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from intake.staging import FOLD_HASH, folded_columns, normalised_query, stage
from schemas.contract import CONTRACTS
from schemas.rules import RuleInputs
from tests.builders import BSN, LHNR, brp_row, polis_row

INPUTS = RuleInputs.defaults()
TABLES = ("stg", "quarantine", "findings", "conflicts")


def _staged(name: str, rows: list[dict], fold: bool) -> dict[str, list[tuple]]:
    contract = CONTRACTS[name]
    raw = pl.DataFrame([{c: r.get(c) for c in contract.column_names} for r in rows],  # noqa: F841
                       schema={c: pl.Utf8 for c in contract.column_names}, orient="row")
    con = duckdb.connect()
    query = normalised_query(contract, "raw", fold=INPUTS if fold else None)
    con.execute(f"CREATE TEMP TABLE raw_{name} AS {query}")
    stage(con, f"raw_{name}", contract, INPUTS, offset=2)
    return {t: con.execute(f"SELECT * FROM {t}_{name} ORDER BY ALL").fetchall() for t in TABLES}


def test_the_folded_columns_are_those_no_output_reads_and_the_cell_alone_judges():
    assert [c.name for c in folded_columns(CONTRACTS["brp"])] == [
        "straat", "huisnummer", "huisletter", "huisnummer_toevoeging", "postcode", "woonplaats",
        "datum_aanvang_adres"]
    assert [c.name for c in folded_columns(CONTRACTS["polis"])] == ["sv_loon"]
    assert folded_columns(CONTRACTS["rni"]) == []  # rni_loket is looked up in the municipal division
    assert folded_columns(CONTRACTS["werkgevers"]) == []


def test_the_read_keeps_a_folded_value_only_where_a_rule_fails():
    rows = [brp_row(BSN[1]), brp_row(BSN[2], postcode="1012 lg"), brp_row(BSN[3], postcode="101LG"),
            brp_row(BSN[4], datum_aanvang_adres=None), brp_row(BSN[5], datum_aanvang_adres="2010-13-01"),
            brp_row(BSN[6], datum_aanvang_adres="2010-00-00")]
    raw = pl.DataFrame(rows, schema={c: pl.Utf8 for c in CONTRACTS["brp"].column_names}, orient="row")  # noqa: F841
    con = duckdb.connect()
    read = con.execute(normalised_query(CONTRACTS["brp"], "raw", fold=INPUTS)).pl()
    assert "straat" not in read.columns and "woonplaats" not in read.columns
    assert read["postcode"].to_list() == [None, None, "101LG", None, None, None]
    assert read["datum_aanvang_adres"].to_list() == [None, None, None, "", "2010-13-01", None]
    hashes = read[FOLD_HASH].to_list()
    assert hashes[0] == hashes[1]  # the same address once "1012 lg" is normalised
    assert len(set(hashes)) == len(hashes) - 1


def test_brp_staged_folded_as_with_every_column_kept():
    rows = [brp_row(BSN[1]), brp_row(BSN[1]),  # an exact copy
            brp_row(BSN[2]), brp_row(BSN[2], straat="Rokin"),  # differ only in a folded column: a key tie
            brp_row(BSN[3], postcode="1012AB"), brp_row(BSN[3], postcode="1012 ab"),  # equal once normalised
            brp_row(BSN[4], postcode="10123"), brp_row(BSN[4], postcode="10123"),  # a copy with a finding
            brp_row(BSN[5], datum_aanvang_adres=None, postcode="XX"),  # two findings on folded columns
            brp_row(BSN[6], datum_aanvang_adres="1999-02-30"), brp_row(BSN[7], datum_aanvang_adres="1999-00-00"),
            brp_row(BSN[8], huisletter="A", huisnummer_toevoeging="bis", woonplaats=None),
            brp_row("123", postcode="bad")]  # quarantined for its key, the finding is not reported
    folded, kept = _staged("brp", rows, True), _staged("brp", rows, False)
    assert folded == kept
    assert [r[2] for r in kept["quarantine"]] == ["DUBBELE_RIJ", "DUBBELE_SLEUTEL", "DUBBELE_SLEUTEL",
                                                 "DUBBELE_RIJ", "DUBBELE_RIJ", "BSN_ONGELDIG"]
    assert {(r[2], r[3]) for r in kept["findings"]} == {
        ("POSTCODE_ONGELDIG", "postcode"), ("VERPLICHT_VELD_LEEG", "datum_aanvang_adres"),
        ("DATUM_ONGELDIG", "datum_aanvang_adres")}


def test_polis_staged_folded_as_with_every_column_kept():
    rows = [polis_row(BSN[1]), polis_row(BSN[1]),  # an exact copy
            polis_row(BSN[2]), polis_row(BSN[2], sv_loon="2100.01"),  # differ only in sv_loon: both loaded
            polis_row(BSN[3], sv_loon="twee"), polis_row(BSN[4], sv_loon=None),
            polis_row(BSN[5], LHNR[1], sv_loon="1,5")]
    folded, kept = _staged("polis", rows, True), _staged("polis", rows, False)
    assert folded == kept
    assert [(r[2], r[3], r[4]) for r in kept["quarantine"]] == [
        ("DUBBELE_RIJ", None, None), ("BEDRAG_ONGELDIG", "sv_loon", "twee"),
        ("VERPLICHT_VELD_LEEG", "sv_loon", None), ("BEDRAG_ONGELDIG", "sv_loon", "1,5")]
    assert len(kept["stg"]) == 3


ADDRESS_VALUES = st.sampled_from([None, "", " ", "Damrak", "damrak", "1", "1012LG", "1012 lg", "1012", "A",
                                  "2010-01-01", "2010-00-00", "20100101", "2010-02-30", "0000-00-00", "x"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(BSN[1:4] + ["", "12"]),
                          st.fixed_dictionaries({c: ADDRESS_VALUES for c in (
                              "straat", "huisnummer", "huisletter", "postcode", "woonplaats",
                              "datum_aanvang_adres")})),
                min_size=1, max_size=12))
def test_folding_never_changes_what_staging_gives(rows):
    """Whatever the folded columns hold, and however rows repeat one another."""
    literal = [brp_row(bsn, **values) for bsn, values in rows]
    assert _staged("brp", literal, True) == _staged("brp", literal, False)
