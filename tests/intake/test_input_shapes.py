"""Inputs as real tools write them (DESIGN.md §3 v2): missing nullable columns, the Parquet types
pandas and pyarrow produce (null-typed, dictionary, string view, decimal, timestamp), nested
types refused by name, CSV with mixed LF/CRLF line ends."""

from __future__ import annotations

import decimal
import json
from datetime import date, datetime

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from feedbackcyclus.errors import InputError
from schemas.contract import CONTRACTS
from tests.builders import BSN, LHNR, brp_row, polis_row, rni_row, write_input, write_period
from tests.conftest import make_settings, run_plain

P = "2026-10"


def run(root) -> dict:
    run_plain(make_settings(root, accept_quality_warnings=True), P)
    return json.loads((root / "reports" / P / "manifest.json").read_text())


def signals(root) -> set[tuple]:
    return set(pl.read_parquet(root / "reports" / P / "signalen.parquet").select(
        "signaal", "reden", "bsn", "loonheffingennummer").rows())


def test_missing_nullable_columns_are_null_and_listed(workdir):
    brp = [brp_row(BSN[0], datum_vertrek="2026-10-02"), brp_row(BSN[1])]
    rni = [rni_row(BSN[2])]
    write_period(workdir / "inbox", P, polis=[polis_row(b) for b in BSN[:3]], brp=brp, rni=rni)
    folder = workdir / "inbox" / P
    brp_cols = [c for c in CONTRACTS["brp"].column_names if c not in ("datum_overlijden", "huisletter")]
    write_input(folder, "brp", brp, columns=brp_cols)
    rni_cols = [c for c in CONTRACTS["rni"].column_names if c not in ("datum_overlijden", "rni_loket")]
    write_input(folder, "rni", rni, columns=rni_cols)
    manifest = run(workdir)
    assert manifest["inputs"]["brp"]["missing_columns"] == ["huisletter", "datum_overlijden"]
    assert manifest["inputs"]["rni"]["missing_columns"] == ["rni_loket", "datum_overlijden"]
    assert manifest["inputs"]["polis"]["missing_columns"] == []
    assert manifest["inputs"]["brp"]["findings"] == 0
    assert signals(workdir) == {("LOON_ZONDER_ADRES", "VERTROKKEN", BSN[0], LHNR[0]),
                                ("LOON_ZONDER_ADRES", "RNI_ZONDER_VERBLIJFSADRES", BSN[2], LHNR[0])}


def test_a_missing_required_column_still_stops_the_run(workdir):
    write_period(workdir / "inbox", P, polis=[polis_row(BSN[0])])
    cols = [c for c in CONTRACTS["brp"].column_names if c != "datum_aanvang_adres"]
    write_input(workdir / "inbox" / P, "brp", [brp_row(BSN[0])], columns=cols)
    with pytest.raises(InputError, match="verplichte kolom ontbreekt: datum_aanvang_adres"):
        run(workdir)


def _parquet_polis(folder) -> None:
    table = pa.table({
        "bsn": pa.array([BSN[0], BSN[1]], pa.large_string()),
        "loonheffingennummer": pa.array([LHNR[0], LHNR[0]], pa.string_view()),
        "ikv_id": pa.array(["IKV1", "IKV2"]).dictionary_encode(),
        "datum_aanvang_ikv": pa.array([date(2025, 1, 1), date(2025, 2, 1)], pa.date32()),
        "datum_einde_ikv": pa.array([None, None], pa.null()),
        "tijdvak_aanvang": pa.array([datetime(2026, 10, 1, 0, 0), datetime(2026, 10, 1, 0, 0)], pa.timestamp("us")),
        "tijdvak_einde": pa.array(["2026-10-31", "20261031"]),
        "sv_loon": pa.array([decimal.Decimal("2100.50"), decimal.Decimal("0.00")], pa.decimal128(10, 2)),
        "verloonde_uren": pa.array([160.0, 1e-05], pa.float64()),
    })
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, folder / "polis.parquet")


def test_parquet_types_as_pandas_and_pyarrow_write_them(workdir):
    folder = workdir / "inbox" / P
    write_period(workdir / "inbox", P, polis=[polis_row(BSN[0])], brp=[brp_row(BSN[0], datum_vertrek="2026-10-02")])
    (folder / "polis.csv").unlink()
    _parquet_polis(folder)
    (folder / "werkgevers.csv").unlink()
    pq.write_table(pa.table({
        "loonheffingennummer": [LHNR[0]], "kvk_nummer": pa.array([None], pa.null()), "naam": ["Kas & Co"],
        "straat": ["Veilingweg"], "huisnummer": pa.array([1], pa.int64()), "huisnummer_toevoeging": [None],
        "postcode": ["2671AA"], "plaats": ["Naaldwijk"], "gemeentecode": ["1783"], "sector_code": ["52"],
        "is_uitlener": pa.array([True], pa.bool_())}), folder / "werkgevers.parquet")
    manifest = run(workdir)
    assert manifest["inputs"]["polis"]["rows"] == 2 and manifest["inputs"]["polis"]["quarantined"] == 0
    assert manifest["inputs"]["werkgevers"]["quarantined"] == 0 and manifest["inputs"]["werkgevers"]["findings"] == 0
    assert signals(workdir) == {("LOON_ZONDER_ADRES", "VERTROKKEN", BSN[0], LHNR[0]),
                                ("LOON_ZONDER_ADRES", "BSN_ONBEKEND", BSN[1], LHNR[0])}


def test_an_integer_identifier_in_parquet_stops_the_run(workdir):
    write_period(workdir / "inbox", P, polis=[polis_row(BSN[0])])
    (workdir / "inbox" / P / "polis.csv").unlink()
    pq.write_table(pa.table({**{c: [polis_row(BSN[1])[c]] for c in CONTRACTS["polis"].column_names},
                             "bsn": pa.array([int(BSN[1])], pa.int64())}), workdir / "inbox" / P / "polis.parquet")
    with pytest.raises(InputError, match="kolom bsn.*identificaties moeten tekst"):
        run(workdir)


@pytest.mark.parametrize("nested", [
    pa.array([{"x": "Koster"}]),
    pa.array([["Jan", "Piet"]]),
    pa.array([[("a", "b")]], pa.map_(pa.string(), pa.string())),
], ids=["struct", "list", "map"])
def test_nested_parquet_types_stop_the_run_naming_the_column(workdir, nested):
    write_period(workdir / "inbox", P, polis=[polis_row(BSN[0])])
    folder = workdir / "inbox" / P
    (folder / "brp.csv").unlink()
    row = brp_row(BSN[0])
    pq.write_table(pa.table({**{c: [row[c]] for c in CONTRACTS["brp"].column_names}, "geslachtsnaam": nested}),
                   folder / "brp.parquet")
    with pytest.raises(InputError, match="kolom geslachtsnaam.*samengesteld"):
        run(workdir)


def test_a_csv_with_mixed_line_ends_reads_correctly(workdir):
    write_period(workdir / "inbox", P, polis=[polis_row(b) for b in BSN[:3]],
                 brp=[brp_row(BSN[0]), brp_row(BSN[1], datum_vertrek="2026-10-02"), brp_row(BSN[2])])
    path = workdir / "inbox" / P / "brp.csv"
    lines = path.read_bytes().split(b"\n")
    path.write_bytes(lines[0] + b"\r\n" + lines[1] + b"\n" + lines[2] + b"\r\n" + lines[3] + b"\n")
    manifest = run(workdir)
    assert manifest["inputs"]["brp"]["rows"] == 3 and manifest["inputs"]["brp"]["findings"] == 0
    assert signals(workdir) == {("LOON_ZONDER_ADRES", "VERTROKKEN", BSN[1], LHNR[0])}


def test_a_broken_row_in_a_mixed_line_end_csv_is_named_by_line(workdir):
    write_period(workdir / "inbox", P, polis=[polis_row(b) for b in BSN[:3]])
    path = workdir / "inbox" / P / "polis.csv"
    lines = path.read_bytes().split(b"\n")
    path.write_bytes(lines[0] + b"\r\n" + lines[1] + b"\n" + lines[2] + b";extra\r\n" + lines[3] + b"\n")
    with pytest.raises(InputError, match="rij 3"):
        run(workdir)


@pytest.mark.parametrize(("data", "mixed"), [
    (b"a\r\nb\r\nc\r\n", False), (b"a\nb\nc\n", False), (b"ab\r\ncd\ne\r\n", True),
    (b"abc\r\nxyz\r\n", False),  # a CRLF split over two chunks is one line end
    (b"abc\r\nxy\n", True),
])
def test_line_end_detection_and_copy_across_chunk_borders(tmp_path, monkeypatch, data, mixed):
    from intake import text_repair

    monkeypatch.setattr(text_repair, "CHUNK", 4)
    path = tmp_path / "x.csv"
    path.write_bytes(data)
    assert text_repair.has_mixed_line_ends(path) is mixed
    text_repair.normalise_line_ends(path, tmp_path / "lf.csv")
    assert (tmp_path / "lf.csv").read_bytes() == data.replace(b"\r\n", b"\n")


def test_integer_amounts_in_parquet(workdir):
    write_period(workdir / "inbox", P, polis=[polis_row(BSN[0])], brp=[brp_row(BSN[0])])
    folder = workdir / "inbox" / P
    (folder / "polis.csv").unlink()
    rows = [polis_row(BSN[0]), polis_row(BSN[1], ikv_id="IKV2")]
    pq.write_table(pa.table({**{c: [r[c] for r in rows] for c in CONTRACTS["polis"].column_names},
                             "sv_loon": pa.array([2100, 0], pa.int64()),
                             "verloonde_uren": pa.array([160, 12], pa.int32())}), folder / "polis.parquet")
    manifest = run(workdir)
    assert (manifest["inputs"]["polis"]["loaded"], manifest["inputs"]["polis"]["quarantined"]) == (2, 0)
    assert signals(workdir) == {("LOON_ZONDER_ADRES", "BSN_ONBEKEND", BSN[1], LHNR[0])}
