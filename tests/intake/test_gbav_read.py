"""The faster GBA-V read (issue 16) gives exactly what the plain read gave.

Shortcuts in ``intake.ingest.ingest_gbav``: the line numbers come from a read of whole lines
(``gbav.whole_line_select``) instead of a CSV read of every field of every line; the mapped
persoonslijsten are not trimmed a second time; only the columns with a field that has a trim
character at its edge are trimmed at all (found by the whole-line read); staging takes the
repeated BSNs from the set-aside instead of grouping each register. Each is checked here
against the path it replaces: literal extracts line by line, and extracts through the whole
ingest, table by table, row by row."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from feedbackcyclus.periods import peildatum
from feedbackcyclus.settings import load_settings
from intake import ingest, source_files
from intake.loaders import load
from intake.staging import normalised_query
from sample_data.generator import generate
from schemas import gbav
from schemas.rules import RuleInputs
from tests.builders import BSN
from tests.lo3_builders import HEADER, resident, rni_registrant, write_gbav

P = "2026-10"


def _open(folder: Path, tmp: Path) -> tuple[source_files.SourceFile, gbav.Layout]:
    src = source_files.open_source(folder / "gbav.csv", "gbav", tmp)
    return src, gbav.header_layout(src.headers, src.columns, "gbav.csv")


def _lines_both_ways(folder: Path, tmp: Path) -> tuple[int, list, list]:
    """(lines by the shortcut or 0, its ``pl`` per line, ``pl`` per line of the CSV read)."""
    src, layout = _open(folder, tmp)
    con = duckdb.connect()
    whole = ingest._whole_lines(con, src, layout)
    shortcut = con.execute("SELECT pl FROM gbav_lijnen ORDER BY rowid").fetchall() if whole else []
    if whole:  # the edged columns, in every layout, against splitting the lines in Python
        lines = src.path.read_text(encoding="utf-8-sig").splitlines()[1:]
        edged = {src.columns[i] for line in lines for i, x in enumerate(line.split(";")) if x != x.strip(TRIMMED)}
        assert ingest._edged_columns(con, src) == edged
    load(con, src, None, "csv_lijnen", lambda source: gbav.line_select(layout, source))
    return whole, shortcut, con.execute("SELECT pl FROM csv_lijnen ORDER BY rowid").fetchall()


HISTORY = {"08.09.10": "0599", "08.11.15": "Coolsingel"}


@pytest.mark.parametrize("case", ["plain", "label with spaces", "blank label", "crlf", "no label column"])
def test_whole_lines_mark_the_same_persoonslijsten_as_the_csv_read(tmp_path, case):
    lists = [[resident(BSN[0], "PL-0"), HISTORY, HISTORY], [rni_registrant(BSN[1], "PL-1")],
             [resident(BSN[2], "PL-2"), {"04.05.10": "0052"}]]
    kw = {}
    if case == "label with spaces":
        lists[1][0][""] = "  PL-1 "  # trimmed: still a label
        lists[2][0][""] = "\tPL-2"
    if case == "blank label":
        lists[1][0][""] = " \t "  # trimmed to nothing: a history line of PL-0
    if case == "crlf":
        kw["newline"] = "\r\n"
    if case == "no label column":
        lists = [[{k: v for k, v in r.items() if k}] for pl_ in lists for r in pl_]
        kw["header"] = HEADER[1:]
    write_gbav(tmp_path / "in", lists, **kw)
    whole, shortcut, csv = _lines_both_ways(tmp_path / "in", tmp_path)
    assert whole == len(csv) + 1  # lines of the file, header included
    assert shortcut == csv
    expected = {"plain": 3, "label with spaces": 3, "blank label": 2, "crlf": 3, "no label column": 6}[case]
    assert sum(pl_ for (pl_,) in csv) == expected


@pytest.mark.parametrize("case", ["quoted field", "empty line", "quoted header"])
def test_the_shortcut_declines_what_it_cannot_judge_exactly(tmp_path, case):
    folder = tmp_path / "in"
    name = '"de Vries"' if case == "quoted field" else "de Vries"  # a quoted field may hold ; or a line end
    write_gbav(folder, [[resident(BSN[0], "PL-0", **{"01.02.40": name})], [resident(BSN[1], "PL-1")]])
    path = folder / "gbav.csv"
    if case == "empty line":  # the CSV reader and a read of whole lines may count it differently
        path.write_bytes(path.read_bytes().replace(b"\nPL-1", b"\n\nPL-1"))
    if case == "quoted header":  # a quoted header may span lines
        path.write_bytes(path.read_bytes().replace(b";01.01.20;", b';"01.01.20";', 1))
    src, layout = _open(folder, tmp_path)
    assert ingest._whole_lines(duckdb.connect(), src, layout) == 0
    if case != "empty line":  # the CSV read of every line takes over
        _, _, csv = _lines_both_ways(folder, tmp_path)
        assert [pl_ for (pl_,) in csv] == [True, True]


def _ingest(path: Path, tmp: Path) -> tuple[dict, dict]:
    con = duckdb.connect()
    report = ingest.ingest_gbav(con, path, _inputs(), tmp)
    tables = {}
    for t in ("stg_brp", "stg_rni"):
        tables[t] = con.execute(f"SELECT rowid, * FROM {t} ORDER BY rowid").fetchall()
    for t in ("quarantine_brp", "quarantine_rni", "findings_brp", "findings_rni", "quarantine_gbav",
              "conflicts_brp", "conflicts_rni", "conflicts_gbav"):
        tables[t] = sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
    return report.as_manifest(), tables


def _inputs() -> RuleInputs:
    return RuleInputs.of(load_settings().quality, peildatum(P))


def test_a_generated_extract_stages_the_same_as_by_the_plain_read(tmp_path, monkeypatch):
    """The equality check of issue 16 in miniature: a generated month (history lines, older
    versions, RNI lists, broken cells) through ``ingest_gbav`` with both shortcuts, and with
    both switched off (the CSV read of every line, the mapped values trimmed again)."""
    generate("small", 1, tmp_path / "inbox", seed=20261, start=P, register_format="gbav")
    path = tmp_path / "inbox" / P / "gbav.csv"
    fast = _ingest(path, tmp_path)

    def trimmed_again(*args, **kwargs):
        kwargs["trimmed_already"] = False
        return normalised_query(*args, **kwargs)

    monkeypatch.setattr(ingest, "_whole_lines", lambda *a: 0)
    monkeypatch.setattr(ingest, "normalised_query", trimmed_again)
    plain = _ingest(path, tmp_path)
    assert fast[0] == plain[0]
    for table in plain[1]:
        assert fast[1][table] == plain[1][table], table
    assert fast[0]["rows"] > 5000 and fast[0]["quarantined"] > 0 and fast[0]["findings"] > 0
    assert len(fast[1]["quarantine_gbav"]) > 0  # older versions set aside, with their lines


TRIMMED = " \t\r\n\u00a0"  # sql_rules.TRIM_CHARACTERS


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
def test_the_edge_test_finds_every_field_with_a_trim_character_at_its_edge(delimiter):
    """``gbav.edge_test`` may flag more lines than needed, never fewer; ``edged_fields_select``
    then names exactly the fields a trim would change (position in the line, 1-based)."""
    fields = [["PL-1", "Jan", "van der Berg", "", "1012LG"], [" PL-2", "Jan", "x"], ["PL-3", "Jan ", "x"],
              ["PL-4", "", "\u00a0Piet"], ["PL-5", "a\u00a0b", "c"], ["PL-6", "Jan", "x\t"], ["PL-7", " ", "x"],
              ["", "", "Ansje "], ["PL-9", "a\tb", "c"], ["PL-10", "Jan", "  "], ["PL-11", "\u00e0", "\u00e0 "]]
    lines = [delimiter.join(f) for f in fields if not any(delimiter in x for x in f)]
    con = duckdb.connect()
    values = "(VALUES " + ", ".join(f"({gbav.sr.literal(x)})" for x in lines) + f") t({gbav.WHOLE_LINE})"
    flagged = [f for (f,) in con.execute(f"SELECT {gbav.edge_test(delimiter)} FROM {values}").fetchall()]
    edged = [any(x != x.strip(TRIMMED) for x in line.split(delimiter)) for line in lines]
    assert all(f for f, e in zip(flagged, edged, strict=True) if e)
    assert sum(edged) >= 6
    positions = {p for (p,) in con.execute(gbav.edged_fields_select(values, delimiter)).fetchall()}
    assert positions == {i + 1 for line in lines for i, x in enumerate(line.split(delimiter)) if x != x.strip(TRIMMED)}


def _edged_extract(folder: Path) -> dict[str, str]:
    """An extract with trim characters at the edges of some elements, on label and history lines."""
    write_gbav(folder, [
        [resident(BSN[0], "PL-0", **{"01.02.40": " Jansen", "08.11.70": "Amsterdam\t", "01.02.30": "van der"}),
         {"08.11.15": "Coolsingel "}],  # a history line: its column is trimmed too (harmless)
        [rni_registrant(BSN[1], "PL-1", stay=True, **{"16.11.70": "\u00a0", "01.02.10": "Piotr Jan"})],
        [resident(BSN[2], "PL-2", **{"01.02.10": "Anna\u00a0"})]])
    return {"01.02.40": " Jansen", "08.11.70": "Amsterdam\t", "08.11.15": "Coolsingel ", "16.11.70": "\u00a0",
            "01.02.10": "Anna\u00a0"}


def test_only_the_columns_with_an_edged_field_are_trimmed(tmp_path):
    edged = _edged_extract(tmp_path / "in")
    src, layout = _open(tmp_path / "in", tmp_path)
    con = duckdb.connect()
    assert ingest._whole_lines(con, src, layout)
    assert ingest._edged_columns(con, src) == {src.columns[HEADER.index(e)] for e in edged}
    write_gbav(tmp_path / "plain", [[resident(BSN[0], "PL-0", **{"01.02.30": "van der"}), HISTORY]])
    src, layout = _open(tmp_path / "plain", tmp_path)
    con = duckdb.connect()
    assert ingest._whole_lines(con, src, layout)
    assert ingest._edged_columns(con, src) == set()
    sql = gbav.persoonslijst_select(layout, "t", set())
    assert sql.count("trim(") == 1 < gbav.persoonslijst_select(layout, "t").count("trim(")  # 1: the label test


def _extract(tmp_path: Path, build: Callable[[Path], None] | None, seed: int) -> Path:
    """The gbav.csv of a literal extract (``build``) or, with None, of a generated small month."""
    if build is not None:
        build(tmp_path / "in")
        return tmp_path / "in" / "gbav.csv"
    generate("small", 1, tmp_path / "inbox", seed=seed, start=P, register_format="gbav")
    return tmp_path / "inbox" / P / "gbav.csv"


@pytest.mark.parametrize("case", ["edged", "generated"])
def test_trimming_only_edged_columns_stages_the_same_as_trimming_all(tmp_path, monkeypatch, case):
    path = _extract(tmp_path, _edged_extract if case == "edged" else None, seed=20262)
    fast = _ingest(path, tmp_path)
    monkeypatch.setattr(ingest, "_edged_columns", lambda *a: None)  # None: trim every element
    every = _ingest(path, tmp_path)
    assert fast == every
    if case == "edged":
        assert [(r[2], r[3]) for r in fast[1]["stg_brp"]] == [("van der Jansen", "Jan"), ("Jansen", "Anna")]
        assert [r[3] for r in fast[1]["stg_rni"]] == ["Piotr Jan"]


def _shared_bsn_extract(folder: Path) -> None:
    """Lists sharing a BSN in every way staging and ``set_aside`` tell apart."""
    older = {"07.80.10": "0001", "07.80.20": "20250101120000000"}
    newer = {"07.80.10": "0002", "07.80.20": "20260101120000000"}
    write_gbav(folder, [
        [resident(BSN[0], "PL-0")], [resident(BSN[0], "PL-1")],  # identical lists: one copy
        [resident(BSN[1], "PL-2")], [resident(BSN[1], "PL-3", **{"01.02.10": "Kees"})],  # a tie: both out
        [resident(BSN[2], "PL-4", **older)], [resident(BSN[2], "PL-5", **newer)],  # older version aside
        [resident(BSN[3], "PL-6")], [rni_registrant(BSN[3], "PL-7")],  # a tie across the registers
        [resident(BSN[4], "PL-8", **newer)], [rni_registrant(BSN[4], "PL-9", **older)],  # RNI list older
        [rni_registrant(BSN[5], "PL-10")], [rni_registrant(BSN[5], "PL-11", **{"01.02.10": "Jan"})],
        [resident("", "PL-12")], [resident("", "PL-13", **{"01.02.10": "Kees"})],  # no BSN, twice
        [rni_registrant("", "PL-14")], [resident(BSN[6], "PL-15")], [resident("12345678", "PL-16")],
        [resident("12345678", "PL-17", **{"01.02.10": "Kees"})]])  # an invalid BSN, twice


@pytest.mark.parametrize("case", ["shared", "generated"])
def test_repeated_keys_from_the_set_aside_stage_the_same_as_grouping_the_register(tmp_path, monkeypatch, case):
    """``gbav.repeated_keys`` hands staging the BSNs that repeat in a register; staging without
    them (its own GROUP BY over every row) must leave exactly the same tables."""
    path = _extract(tmp_path, _shared_bsn_extract if case == "shared" else None, seed=20261)
    handed = _ingest(path, tmp_path)
    stage = ingest.stage
    monkeypatch.setattr(ingest, "stage", lambda *a, repeated_keys, **kw: stage(*a, **kw))
    grouped = _ingest(path, tmp_path)
    assert handed == grouped
    if case == "shared":
        reasons = sorted(r[2] for t in ("quarantine_brp", "quarantine_rni", "quarantine_gbav") for r in handed[1][t])
        # PL-4/PL-5 differ only in their version: the same content, so a copy, not an older version
        assert {r: reasons.count(r) for r in set(reasons)} == {
            "DUBBELE_RIJ": 2, "DUBBELE_SLEUTEL": 6, "OUDERE_VERSIE": 1, "BSN_ONGELDIG": 5}
        assert (handed[0]["loaded"], handed[0]["quarantined"]) == (4, 14)


def _plain_register_select(columns: list[str], rni: bool, typed: dict | None = None) -> str:
    """``gbav.register_select`` as before the packing: a filter of the wide table."""
    names = ", ".join(f'"{c}"' for c in columns)
    return f"SELECT {names} FROM {gbav.PL_TABLE} WHERE is_rni = {str(rni).lower()} AND NOT {gbav.APART}"


@pytest.mark.parametrize("case", ["shared", "generated"])
def test_packed_rni_values_stage_the_same_as_the_wide_table(tmp_path, monkeypatch, case):
    """The persoonslijsten hold each register's own columns only on its own lists
    (``gbav.own_register``) and the RNI-only ones packed (``gbav.packed_select``, unpacked with
    their typed values by ``register_select``); with both switched off (every column on every
    list, typed while reading) staging must leave exactly the same tables."""
    path = _extract(tmp_path, _shared_bsn_extract if case == "shared" else None, seed=20263)
    packed = _ingest(path, tmp_path)
    con = duckdb.connect()
    ingest.ingest_gbav(con, path, _inputs(), tmp_path)
    filled = con.execute("""SELECT count(*), count(datum_inschrijving_vroegst), count(verblijf_straat),
                                   count(*) FILTER (WHERE contactgegevens_bekend) FROM stg_rni""").fetchone()
    monkeypatch.setattr(gbav, "own_register", lambda exprs, rni="is_rni": exprs)
    monkeypatch.setattr(gbav, "packed_select", lambda query, columns, recomputed: query)
    monkeypatch.setattr(gbav, "register_select", _plain_register_select)
    wide = _ingest(path, tmp_path)
    assert packed == wide
    if case == "generated":  # RNI lists with every kind of RNI-only value went through the packing
        assert filled[0] > 100 and filled[1] > 100 and 0 < filled[2] < filled[0] and 0 < filled[3] < filled[0]
