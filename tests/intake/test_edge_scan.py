"""The edge scan decides which columns a read trims: it must never miss an edged field, and a
read that trims only those columns must stage exactly what trimming every column stages."""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake import edge_scan
from intake.edge_scan import EdgeScans, edged_fields, first_line_delimiter
from intake.ingest import ingest_input
from schemas.contract import BRP
from schemas.rules import RuleInputs
from schemas.sql_rules import TRIM_CHARACTERS
from tests.builders import BSN, brp_row

NBSP = "\u00a0"


def write(path: Path, lines: list[str], newline: str = "\n") -> Path:
    path.write_bytes(newline.join(lines).encode("utf-8") + newline.encode())
    return path


def test_a_clean_file_needs_no_trim(tmp_path):
    f = write(tmp_path / "a.csv", ["a;b;c", "1;twee woorden;3", "x;y;z"])
    assert edged_fields(f, ";") == frozenset()


def test_each_kind_of_edge_names_its_column(tmp_path):
    f = write(tmp_path / "a.csv", ["a;b;c;d;e", " 1;x;y;z;w", "1;x ;y;z;w", "1;x;\ty;z;w", f"1;x;y;z{NBSP};w",
                                   "1;x;y;z;w ", f"1;mid{NBSP}dle;in\tside;q;w"])
    assert edged_fields(f, ";") == frozenset({0, 1, 2, 3, 4})


def test_characters_inside_a_field_flag_the_line_but_no_column(tmp_path):
    f = write(tmp_path / "a.csv", ["a;b", f"x{NBSP}y;p\tq", "two words;and three words"])
    assert edged_fields(f, ";") == frozenset()


def test_the_header_is_not_data(tmp_path):
    f = write(tmp_path / "a.csv", [" a; b ", "1;2"])
    assert edged_fields(f, ";") == frozenset()


def test_a_comma_file_is_split_on_commas(tmp_path):
    f = write(tmp_path / "a.csv", ["a,b,c", "1,x; y ,3"])  # '; ' is inside a field here
    assert first_line_delimiter(f) == ","
    assert edged_fields(f, ",") == frozenset({1})


@pytest.mark.parametrize("lines,newline", [
    (["a;b", '"1";x'], "\n"),  # a quote: fields may hold delimiters and line ends
    (["a;b", "1;x"], "\r\n"),  # CR line ends
    (["a;b", "1;x\ry"], "\n"),  # a lone CR
])
def test_what_cannot_be_judged_line_by_line_trims_everything(tmp_path, lines, newline):
    assert edged_fields(write(tmp_path / "a.csv", lines, newline), ";") is None


def test_too_many_flagged_lines_trims_everything(tmp_path):
    f = write(tmp_path / "a.csv", ["a;b", *[f"{i}; x" for i in range(5)]])
    assert edged_fields(f, ";", max_lines=5) == frozenset({1})
    assert edged_fields(f, ";", max_lines=4) is None


def test_without_grep_everything_is_trimmed(tmp_path, monkeypatch):
    monkeypatch.setattr(edge_scan.shutil, "which", lambda _: None)
    assert edged_fields(write(tmp_path / "a.csv", ["a;b", "1;2"]), ";") is None


def test_a_result_is_used_only_for_the_bytes_it_scanned(tmp_path):
    f = write(tmp_path / "a.csv", ["a;b", "1; x"])
    scans = EdgeScans({"brp": f})
    assert scans.columns_to_trim("brp", f, ";", ["a", "b"]) == {"b"}
    assert scans.columns_to_trim("brp", tmp_path / "copy.csv", ";", ["a", "b"]) is None  # a repaired copy
    assert scans.columns_to_trim("brp", f, ",", ["a", "b"]) is None
    assert scans.columns_to_trim("rni", f, ";", ["a", "b"]) is None  # never scanned


FIELD = st.text(alphabet=["a", "é", " ", "\t", NBSP, "Š"], max_size=4)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(FIELD, min_size=3, max_size=3), min_size=1, max_size=8))
def test_the_scan_names_exactly_the_edged_columns(rows):
    expected = {i for row in rows for i, f in enumerate(row) if f != f.strip(TRIM_CHARACTERS)}
    with tempfile.TemporaryDirectory() as tmp:
        f = write(Path(tmp) / "a.csv", ["a;b;c", *(";".join(r) for r in rows)])
        assert edged_fields(f, ";") == frozenset(expected)


def _brp_csv(folder: Path, rows: list[dict]) -> None:
    folder.mkdir(parents=True)
    names = [c.name for c in BRP.columns]
    write(folder / "brp.csv", [";".join(names), *(";".join(r[n] or "" for n in names) for r in rows)])


def _staged(folder: Path, tmp: Path, edges: EdgeScans | None) -> dict[str, list[tuple]]:
    con = duckdb.connect()
    ingest_input(con, folder, "brp", RuleInputs.defaults(), tmp, edges=edges)
    return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
            for t in ("stg_brp", "quarantine_brp", "findings_brp", "conflicts_brp")}


def test_trimming_only_the_edged_columns_stages_what_trimming_all_does(tmp_path):
    rows = [brp_row(BSN[1], geslachtsnaam=" Jansen ", postcode="1012 lg "),
            brp_row(BSN[2], datum_vertrek=" 20240101", huisnummer=f"12{NBSP}"),
            brp_row(BSN[3], voornamen="\t", geboortedatum="1990-01-01 "),
            brp_row(BSN[4]), brp_row(BSN[4]),  # an exact copy
            brp_row(BSN[5], gemeentecode=" 0363"), brp_row(BSN[5], gemeentecode="0363"),  # equal once trimmed
            brp_row(BSN[6], woonplaats="Den Haag", straat="Lange Voorhout")]
    folder = tmp_path / "inbox" / "2026-10"
    _brp_csv(folder, rows)
    edges = EdgeScans({"brp": folder / "brp.csv"})
    assert edges.columns_to_trim("brp", folder / "brp.csv", ";", [c.name for c in BRP.columns]) == {
        "geslachtsnaam", "postcode", "datum_vertrek", "huisnummer", "voornamen", "geboortedatum", "gemeentecode"}
    trimmed_some = _staged(folder, tmp_path / "t1", edges)
    trimmed_all = _staged(folder, tmp_path / "t2", None)
    assert trimmed_some == trimmed_all
    assert len(trimmed_all["stg_brp"]) == 6 and len(trimmed_all["quarantine_brp"]) == 2
