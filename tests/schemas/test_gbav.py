"""A GBA-V extract (``gbav.csv``, DESIGN.md §3a) read as delivered: one tiny extract per rule of
§3a, through the whole run, values asserted on the published files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import polars as pl
import pytest

from feedbackcyclus.errors import InputError
from schemas import gbav
from schemas.contract import BRP, RNI
from tests.builders import BSN, LHNR, brp_row, polis_row, werkgever_row, write_input
from tests.conftest import cli_args, make_settings, run_plain
from tests.lo3_builders import HEADER, resident, rni_registrant, write_gbav

P = "2026-10"


def read_csv(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))


def deliver(root: Path, lists: list[list[dict]], paid: list[str], **kw) -> dict[str, int]:
    folder = root / "inbox" / P
    write_input(folder, "polis", [polis_row(b) for b in paid])
    write_input(folder, "werkgevers", [werkgever_row(LHNR[0])])
    return write_gbav(folder, lists, **kw)


def run(root: Path) -> dict:
    run_plain(make_settings(root, accept_quality_warnings=True), P)
    return json.loads((root / "reports" / P / "manifest.json").read_text())


def signals(root: Path) -> set[tuple]:
    return set(pl.read_parquet(root / "reports" / P / "signalen.parquet").select(
        "signaal", "reden", "bsn", "loonheffingennummer").rows())


def issues(root: Path, name: str) -> list[tuple]:
    return [(r["bron"], int(r["rijnummer"]), r["reden"], r["kolom"], r["waarde"])
            for r in read_csv(root / "reports" / P / "kwaliteit" / f"{name}.csv")]


@pytest.fixture(scope="module")
def extract(tmp_path_factory):
    """One extract with a person for every rule; run once, asserted by the tests below."""
    root = tmp_path_factory.mktemp("gbav")
    history = {"08.09.10": "0599", "08.11.15": "Coolsingel", "08.11.60": "3011AD"}
    lists = [
        # a resident with a surname prefix and history lines (an earlier address, a second nationality)
        [resident(BSN[0], "PL-0", **{"01.02.30": "van der", "01.02.40": "Meijden"}), history, {"04.05.10": "0052"}],
        # emigrant (08.13.20), no address start date: not required
        [resident(BSN[1], "PL-1", **{"01.02.30": "du", "01.02.40": "Burck", "08.13.20": "20261003",
                                      "08.13.10": "5010", "08.10.30": None})],
        # list suspended for emigration: the date is in 07.67.10
        [resident(BSN[2], "PL-2", **{"07.67.10": "20260915", "07.67.20": "E", "08.10.30": None})],
        # deceased resident, incomplete date
        [resident(BSN[3], "PL-3", **{"06.08.10": "20260900"})],
        # suspended for death without 06.08.10
        [resident(BSN[4], "PL-4", **{"07.67.10": "20260801", "07.67.20": "O"})],
        # deceased RNI registrant with a (stale) stay address, in payroll; and one not in payroll
        [rni_registrant(BSN[5], "PL-5", stay=True, **{"06.08.10": "20260501"})],
        [rni_registrant(BSN[6], "PL-6", stay=True, **{"06.08.10": "20250000"})],
        # RNI without stay address, registration date only in 08.10.30
        [rni_registrant(BSN[7], "PL-7", **{"08.09.20": None, "08.10.30": "20240203"})],
        # RNI with a stay address (official street name differs), contact details, not in payroll
        [rni_registrant(BSN[8], "PL-8", stay=True, **{"16.11.15": "Burgemeester Elsenlaan", "16.11.10": "Burg Elsenln",
                                                      "17.21.10": "J", "01.02.40": "Ţîrcă-Çelik"})],
        # two versions: the older an RNI list, the newer a resident list
        [rni_registrant(BSN[9], "PL-9-oud", **{"07.80.10": "0001"})],
        [resident(BSN[9], "PL-9", **{"07.80.10": "0002"})],
        # identical lists
        [resident(BSN[10], "PL-10a")], [resident(BSN[10], "PL-10b")],
        # same version, same timestamp, different content: ambiguous
        [resident(BSN[11], "PL-11a")], [resident(BSN[11], "PL-11b", **{"01.02.10": "Johannes"})],
        # same version, later timestamp wins: an RNI list without stay address
        [resident(BSN[12], "PL-12a", **{"07.80.20": "20250101120000000"})],
        [rni_registrant(BSN[12], "PL-12b", **{"07.80.20": "20260601120000000"})],
        # an old BSN only in a history line of someone else's list
        [resident(BSN[14], "PL-14"), {"01.01.20": BSN[13], "01.02.40": "Oud"}],
        # municipality codes: merged in 2021 (Appingedam) and never existed
        [resident(BSN[15], "PL-15", **{"08.09.10": "0003"})],
        [resident(BSN[16], "PL-16", **{"08.09.10": "9998"})],
        # a tie between a resident list and an RNI list
        [resident(BSN[17], "PL-17a")], [rni_registrant(BSN[17], "PL-17b")],
    ]
    paid = [BSN[i] for i in (0, 1, 2, 3, 4, 5, 7, 9, 10, 11, 12, 13, 17)]
    lines = deliver(root, lists, paid)
    manifest = run(root)
    return root, lines, manifest


def test_signals_of_the_extract(extract):
    root, _, _ = extract
    lzr = "LOON_ZONDER_ADRES"
    assert signals(root) == {
        (lzr, "VERTROKKEN", BSN[1], LHNR[0]),            # 08.13.20
        (lzr, "VERTROKKEN", BSN[2], LHNR[0]),            # 07.67.20 = E
        (lzr, "OVERLEDEN", BSN[3], LHNR[0]),             # 2026-09-00 counts as 2026-09-01
        (lzr, "OVERLEDEN", BSN[4], LHNR[0]),             # 07.67.20 = O
        (lzr, "OVERLEDEN", BSN[5], LHNR[0]),             # RNI registrant deceased: wins over the stay address
        (lzr, "RNI_ZONDER_VERBLIJFSADRES", BSN[7], LHNR[0]),
        ("ADRES_ZONDER_LOON", None, BSN[8], None),       # BSN[6] is deceased: no address signal
        (lzr, "RNI_ZONDER_VERBLIJFSADRES", BSN[12], LHNR[0]),  # the later timestamp
        (lzr, "BSN_ONBEKEND", BSN[13], LHNR[0]),         # only in a history line: not a person
    }


def test_manifest_counts_persoonslijsten_and_lines(extract):
    _, lines, manifest = extract
    entry = manifest["inputs"]["gbav"]
    assert "brp" not in manifest["inputs"] and "rni" not in manifest["inputs"]
    assert entry["rows"] == len(lines) == 22
    assert entry["lines"] == 1 + 22 + 3  # header, persoonslijsten, history lines
    assert entry["quarantined"] == 7  # 2 older versions, an identical copy, 2 ambiguous, 2 tied across registers
    assert entry["loaded"] == 15
    assert entry["findings"] == 2
    assert entry["missing_columns"] == ["16.11.30", "16.11.40"]  # not in this header: null in every row
    assert "01.01.10" in entry["extra_columns"] and "06.88.10" in entry["extra_columns"]


def test_quarantine_lines(extract):
    root, lines, _ = extract
    got = {(r[1], r[2], r[3], r[4]) for r in issues(root, "quarantaine") if r[0] == "gbav"}
    assert got == {
        (lines["PL-9-oud"], "OUDERE_VERSIE", "07.80.10", "1"),
        (lines["PL-12a"], "OUDERE_VERSIE", "07.80.10", "1"),
        (lines["PL-10b"], "DUBBELE_RIJ", "", ""),
        (lines["PL-11a"], "DUBBELE_SLEUTEL", "bsn", BSN[11]),
        (lines["PL-11b"], "DUBBELE_SLEUTEL", "bsn", BSN[11]),
        (lines["PL-17a"], "DUBBELE_SLEUTEL", "bsn", BSN[17]),
        (lines["PL-17b"], "DUBBELE_SLEUTEL", "bsn", BSN[17]),
    }


def test_findings_judge_municipality_codes_at_peildatum(extract):
    root, lines, _ = extract
    assert issues(root, "bevindingen") == [
        ("gbav", lines["PL-15"], "GEMEENTECODE_VERVALLEN", "gemeentecode", "0003"),
        ("gbav", lines["PL-16"], "GEMEENTECODE_ONBEKEND", "gemeentecode", "9998"),
    ]  # and no VERPLICHT_VELD_LEEG for the emigrants without 08.10.30, nor for 08.09.20 → 08.10.30


def test_names_and_stay_address_as_mapped(extract):
    root, _, _ = extract
    letters = read_csv(root / "reports" / P / "werkgevers" / LHNR[0] / "registratiesignalen.csv")
    by_bsn = {r["bsn"]: r for r in letters}
    assert by_bsn[BSN[1]]["geslachtsnaam"] == "du Burck"
    assert by_bsn[BSN[2]]["geslachtsnaam"] == "Jansen"
    stay = read_csv(root / "reports" / P / "gemeenten" / "1783" / "adressignalen.csv")
    assert [(r["bsn"], r["geslachtsnaam"], r["straat"], r["postcode"]) for r in stay] == [
        (BSN[8], "Ţîrcă-Çelik", "Burgemeester Elsenlaan", "2671BB")]


def test_both_gbav_and_brp_is_refused(workdir, cli):
    deliver(workdir, [[resident(BSN[0], "PL-0")]], [BSN[0]])
    write_input(workdir / "inbox" / P, "brp", [brp_row(BSN[0])])
    code, _, err = cli(["run", "--period", P, *cli_args(workdir)])
    assert code == 2
    assert "gbav.csv" in err and "brp.csv" in err
    assert not (workdir / "reports" / P).exists()


def test_without_label_column_every_row_is_a_persoonslijst(workdir):
    header = HEADER[1:]
    lists = [[{k: v for k, v in resident(BSN[0], "x", **{"08.13.20": "20261001"}).items() if k}],
             [{k: v for k, v in rni_registrant(BSN[1], "y").items() if k}]]
    deliver(workdir, lists, [BSN[0], BSN[1]], header=header, bom=False, newline="\r\n")
    manifest = run(workdir)
    assert manifest["inputs"]["gbav"]["rows"] == 2
    assert signals(workdir) == {("LOON_ZONDER_ADRES", "VERTROKKEN", BSN[0], LHNR[0]),
                                ("LOON_ZONDER_ADRES", "RNI_ZONDER_VERBLIJFSADRES", BSN[1], LHNR[0])}


def test_an_extract_without_the_bsn_element_is_refused(workdir):
    header = tuple(h for h in HEADER if h != "01.01.20")
    deliver(workdir, [[{k: v for k, v in resident(BSN[0], "x").items() if k != "01.01.20"}]], [BSN[0]],
            header=header)
    with pytest.raises(InputError, match="01.01.20 ontbreekt"):
        run(workdir)


def test_header_layout_takes_the_first_occurrence_and_ignores_markers():
    headers = ["", "01.01.20", "01.H", "", "01.01.20", "08.09.10", "01.02.40", "01.03.10", "06.88.10", "06.88.10"]
    names = ["kolom#1", "01.01.20", "01.h", "kolom#4", "01.01.20#5", "08.09.10", "01.02.40", "01.03.10",
             "06.88.10", "06.88.10#10"]
    layout = gbav.header_layout(headers, names, "gbav.csv")
    assert layout.label == "kolom#1"
    assert layout.columns["01.01.20"] == "01.01.20"
    assert "08.11.15" in layout.missing and "01.01.20" not in layout.missing
    assert layout.unused == ["01.H", "01.01.20", "06.88.10"]


def test_mapping_of_one_label_row_each():
    """``persoonslijst_select`` on literal label rows: every §3a mapping rule, no file involved; the
    line numbers (``number_lines``) skip the history row."""
    import duckdb

    rows = [
        {"__label": "a", "01.01.20": BSN[0], "01.02.30": "van der", "01.02.40": "Meijden", "08.09.10": "0363",
         "08.11.10": "Burg Elsenln", "08.11.15": "Burgemeester Elsenlaan", "07.67.10": "20260901", "07.67.20": "E",
         "16.11.10": "Tuinweg", "08.10.30": "20200101"},
        {"__label": "b", "01.01.20": BSN[1], "01.02.40": "Nowak", "08.09.10": "1999", "08.10.30": "20240203",
         "07.67.10": "20260600", "07.67.20": "O", "16.11.10": "Kasweg", "17.21.10": "J", "08.11.10": "Dorpsweg",
         "08.13.20": "20250101"},
        {"__label": "c", "01.01.20": BSN[2], "01.02.40": "Kaya", "08.09.10": "0518", "08.11.10": "Leyweg",
         "08.13.20": "20261001", "07.67.10": "20260101", "07.67.20": "E", "06.08.10": "20260505",
         "01.03.10": "19790101"},
        {"__label": None, "01.01.20": BSN[3], "01.02.40": "Geschiedenis", "08.09.10": "0599"},
    ]
    elements = sorted({k for r in rows for k in r if k[0].isdigit()})
    headers = ["", *elements]
    layout = gbav.header_layout(headers, ["__label", *elements], "gbav.csv")
    layout.label = "__label"
    con = duckdb.connect()
    frame = pl.DataFrame([{k: r.get(k) for k in ["__label", *elements]} for r in rows],  # noqa: F841
                         schema={k: pl.Utf8 for k in ["__label", *elements]}, orient="row")
    con.execute("CREATE TABLE raw AS SELECT * FROM frame")
    con.execute("CREATE TABLE lijnen AS " + gbav.line_select(layout, "raw"))
    gbav.number_lines(con, "lijnen", first_line=2)
    con.execute(f"CREATE TABLE {gbav.PL_TABLE} AS " + gbav.persoonslijst_select(layout, "raw"))
    assert con.execute(f"SELECT count(*) FROM {gbav.PL_TABLE}").fetchone()[0] == 3  # the unlabelled row is history
    got = {r[0]: r[1:] for r in con.execute(
        f"""SELECT bsn, regel, is_rni, geslachtsnaam, straat, datum_vertrek, datum_overlijden, datum_inschrijving,
                   contactgegevens_bekend, verblijf_straat FROM {gbav.LABELS} POSITIONAL JOIN {gbav.PL_TABLE}""").fetchall()}
    # a register's own columns are null on the other register's lists (``own_register``): no
    # verblijfsadres, inschrijving or contact details on a resident list, no street or departure on an RNI list
    assert got[BSN[0]] == (2, False, "van der Meijden", "Burgemeester Elsenlaan", "20260901", None, None, None, None)
    assert got[BSN[1]] == (3, True, "Nowak", None, None, "20260600", "20240203", "true", "Kasweg")
    # 08.13.20 wins over the suspension date; 06.08.10 over 07.67.10
    assert got[BSN[2]] == (4, False, "Kaya", "Leyweg", "20261001", "20260505", None, None, None)
    # the content hash of a list covers its own register's columns, as mapped
    mapped = {name: f"{expr} AS \"{name}\"" for name, expr in gbav.column_expressions(layout).items()}
    for contract in (BRP, RNI):
        own = ", ".join(f'"{c}"' for c in contract.column_names)
        hashes = con.execute(f"""SELECT list(h ORDER BY h) FROM (SELECT hash({own}) AS h FROM (
            SELECT {', '.join(mapped[c] for c in contract.column_names)} FROM raw WHERE "__label" IS NOT NULL
                   AND coalesce("08.09.10" = '1999', false) = {contract is RNI}))""").fetchone()[0]
        assert hashes == con.execute(f"SELECT list(inhoud ORDER BY inhoud) FROM {gbav.PL_TABLE} "
                                     f"WHERE is_rni = {contract is RNI}").fetchone()[0]
