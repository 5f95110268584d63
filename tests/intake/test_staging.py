"""Quarantine and findings on literal rows (DESIGN.md §3)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

from intake.staging import issue_frame
from schemas.bsn import bsn_valid
from tests.builders import BSN, LHNR, brp_row, polis_row, rni_row, werkgever_row
from tests.transforms.rule_fixtures import stage_rows


@dataclass
class Staged:
    """What staging left in DuckDB, fetched into small frames for the assertions."""

    clean: pl.DataFrame
    quarantine: pl.DataFrame
    findings: pl.DataFrame
    conflicting_keys: pl.Series
    loaded: int


def staged(name: str, rows: list[dict]) -> Staged:
    con = duckdb.connect()
    s = stage_rows(con, name, rows)
    t = s.tables
    return Staged(clean=con.execute(f"SELECT * FROM {t['clean']} ORDER BY ALL").pl(),
                  quarantine=issue_frame(con, t["quarantine"]), findings=issue_frame(con, t["findings"]),
                  conflicting_keys=con.execute(f"SELECT bsn FROM {t['conflicts']} ORDER BY bsn").pl()["bsn"],
                  loaded=s.loaded)


def lines(frame: pl.DataFrame) -> list[tuple]:
    return [tuple(r) for r in frame.select("rijnummer", "reden", "kolom", "waarde").rows()]


def test_polis_quarantine_reasons():
    s = staged("polis", [
        polis_row(BSN[0]),                                  # 2 ok
        polis_row("123456789"),                             # 3 11-proef fails
        polis_row("12345678A"),                             # 4 letters
        polis_row(None),                                    # 5 empty key
        polis_row(BSN[0], loonheffingennummer="123L01"),    # 6
        polis_row(BSN[1], datum_aanvang_ikv="2026-13-45"),  # 7
        polis_row(BSN[1], sv_loon="-10.00"),                # 8
        polis_row(BSN[1], ikv_id=None),                     # 9
        polis_row(BSN[0]),                                  # 10 exact copy of row 2
        polis_row(BSN[2], tijdvak_aanvang="1026-10-01"),    # 11 wrong century
    ])
    assert lines(s.quarantine) == [
        (3, "BSN_ONGELDIG", "bsn", "123456789"),
        (4, "BSN_ONGELDIG", "bsn", "12345678A"),
        (5, "BSN_ONGELDIG", "bsn", None),
        (6, "LHNR_ONGELDIG", "loonheffingennummer", "123L01"),
        (7, "DATUM_ONGELDIG", "datum_aanvang_ikv", "2026-13-45"),
        (8, "BEDRAG_ONGELDIG", "sv_loon", "-10.00"),
        (9, "VERPLICHT_VELD_LEEG", "ikv_id", None),
        (10, "DUBBELE_RIJ", None, None),
        (11, "DATUM_ONGELDIG", "tijdvak_aanvang", "1026-10-01"),
    ]
    assert s.clean["bsn"].to_list() == [BSN[0]]  # row 2 only (row 10 is its copy)
    assert s.findings.height == 0


def test_register_findings_empty_the_field_and_keep_the_person():
    s = staged("brp", [
        brp_row(BSN[0], postcode="0123AB"),
        brp_row(BSN[1], gemeentecode="9999", geboortedatum="1985-13-00"),
        brp_row(BSN[2], geslachtsnaam=None),
        brp_row(BSN[3], gemeentecode="363"),   # lost leading zero: not in the table
    ])
    assert s.quarantine.height == 0
    assert lines(s.findings) == [
        (2, "POSTCODE_ONGELDIG", "postcode", "0123AB"),
        (3, "DATUM_ONGELDIG", "geboortedatum", "1985-13-00"),
        (3, "GEMEENTECODE_ONBEKEND", "gemeentecode", "9999"),
        (4, "VERPLICHT_VELD_LEEG", "geslachtsnaam", None),
        (5, "GEMEENTECODE_ONBEKEND", "gemeentecode", "363"),
    ]
    clean = {r["bsn"]: r for r in s.clean.to_dicts()}
    assert len(clean) == 4
    assert "postcode" not in s.clean.columns  # validated and reported, but no rule reads it (kept=False)
    assert clean[BSN[1]]["gemeentecode"] is None and clean[BSN[1]]["geboortedatum"] is None
    assert clean[BSN[3]]["gemeentecode"] is None


def test_duplicates_and_ambiguous_keys():
    s = staged("rni", [
        rni_row(BSN[0]), rni_row(BSN[0]),                        # exact copy: loaded once
        rni_row(BSN[1]), rni_row(BSN[1], geslachtsnaam="Nowak"),  # ambiguous key: both out
        rni_row("123"),
    ])
    assert lines(s.quarantine) == [
        (3, "DUBBELE_RIJ", None, None),
        (4, "DUBBELE_SLEUTEL", "bsn", BSN[1]),
        (5, "DUBBELE_SLEUTEL", "bsn", BSN[1]),
        (6, "BSN_ONGELDIG", "bsn", "123"),
    ]
    assert s.clean["bsn"].to_list() == [BSN[0]]
    assert s.conflicting_keys.to_list() == [BSN[1]]
    assert s.loaded + s.quarantine.height == 5


def test_werkgevers_key_and_foreign_employer():
    s = staged("werkgevers", [
        werkgever_row(LHNR[0]),
        werkgever_row(LHNR[1], postcode=None, gemeentecode=None, plaats="Wrocław"),  # abroad: fine
        werkgever_row(LHNR[2]), werkgever_row(LHNR[2], naam="Ander"),
        werkgever_row("bad"),
        werkgever_row(LHNR[3], postcode="1234 ab", is_uitlener="misschien"),
    ])
    assert lines(s.quarantine) == [
        (4, "DUBBELE_SLEUTEL", "loonheffingennummer", LHNR[2]),
        (5, "DUBBELE_SLEUTEL", "loonheffingennummer", LHNR[2]),
        (6, "LHNR_ONGELDIG", "loonheffingennummer", "bad"),
    ]
    assert lines(s.findings) == [(7, "VERPLICHT_VELD_LEEG", "is_uitlener", "misschien")]
    clean = {r["loonheffingennummer"]: r for r in s.clean.to_dicts()}
    assert clean[LHNR[3]]["postcode"] == "1234AB"
    assert clean[LHNR[0]]["is_uitlener"] is True


def test_copies_of_a_row_with_an_empty_key():
    s = staged("rni", [rni_row(None), rni_row(None), rni_row(BSN[2])])
    assert lines(s.quarantine) == [(2, "BSN_ONGELDIG", "bsn", None), (3, "DUBBELE_RIJ", None, None)]
    assert s.clean["bsn"].to_list() == [BSN[2]]


def test_pandera_cross_check_stops_a_run_whose_sql_rule_drifted(monkeypatch):
    """The pandera sample check is a real guard: a SQL rule that no longer matches its Polars
    twin (here: the postcode rule suddenly accepting a leading zero) stops the run as a bug."""
    import pytest

    from intake.cross_check import RuleMismatch
    from schemas import sql_rules

    monkeypatch.setattr(sql_rules, "is_valid_postcode", lambda col: f"{col} GLOB '[0-9][0-9][0-9][0-9][A-Z][A-Z]'")
    with pytest.raises(RuleMismatch, match="rni.*kolom verblijf_postcode: POSTCODE_ONGELDIG volgens pandera") as caught:
        staged("rni", [rni_row(BSN[0], stay=True, verblijf_postcode="0123AB"), rni_row(BSN[1])])
    assert caught.value.exit_code == 1
    assert "0123AB" not in str(caught.value)  # positions, never values


def test_findings_are_stored_in_line_order_and_the_file_order_setting_is_restored():
    """The cell verdicts are built without DuckDB's insertion order (``staging._create_unordered``):
    the findings must still be stored by line, column and rule, and the setting every later file
    read needs (``loaders.create_in_file_order``) must be back afterwards."""
    con = duckdb.connect()
    bsns = [b for b in (f"{n:09d}" for n in range(100_000_000, 100_001_000)) if bsn_valid(b)][:40]
    s = stage_rows(con, "brp", [brp_row(b, gemeentecode="9999" if i % 3 == 0 else "0363",
                                        geboortedatum="1985-13-00" if i % 2 == 0 else "19850101")
                                for i, b in enumerate(bsns)])
    stored = con.execute(f"SELECT rijnummer, kolom FROM (SELECT rowid AS r, * FROM {s.tables['findings']}) "
                         "ORDER BY r").fetchall()
    assert len(stored) == 20 + 14
    assert stored == sorted(stored)
    assert con.execute("SELECT current_setting('preserve_insertion_order')").fetchone()[0] is True
