"""Effectiveness figures for the national report (DESIGN.md §9), on a literal warehouse."""

from __future__ import annotations

from datetime import datetime

import duckdb
import pytest

from feedbackcyclus import warehouse
from feedbackcyclus.outcome_store import FIRST_DDL, LATEST_DDL
from transforms.effectiveness import effectiveness

LZA, AZL = "LOON_ZONDER_ADRES", "ADRES_ZONDER_LOON"


def _warehouse(with_ids: bool = True) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("ATTACH ':memory:' AS wh")
    sid = "signaal_id VARCHAR, " if with_ids else ""
    con.execute(f"CREATE TABLE wh.signals (period VARCHAR, {sid}signaal VARCHAR, reden VARCHAR, bsn VARCHAR)")
    con.execute(f"CREATE TEMP TABLE signals_p ({sid}signaal VARCHAR, reden VARCHAR, bsn VARCHAR)")
    con.execute("CREATE TABLE wh.payroll_months (period VARCHAR, bsn VARCHAR)")
    con.execute("CREATE TEMP TABLE payroll_bsn (bsn VARCHAR)")
    con.execute("CREATE TABLE wh.runs (period VARCHAR, status VARCHAR, finished_at TIMESTAMP)")
    con.execute("CREATE TABLE wh.period_figures (period VARCHAR, published_at TIMESTAMP)")
    warehouse.create_history_views(con)
    return con


@pytest.fixture
def con():
    con = _warehouse()
    con.executemany("INSERT INTO wh.signals VALUES (?, ?, ?, ?, ?)", [
        ("2026-08", "FBC-202608-000001", LZA, "RNI_ZONDER_VERBLIJFSADRES", "b1"),
        ("2026-09", "FBC-202608-000001", LZA, "RNI_ZONDER_VERBLIJFSADRES", "b1"),
        ("2026-08", "FBC-202608-000002", LZA, "BSN_ONBEKEND", "b2"),
        ("2026-09", "FBC-202609-000003", AZL, None, "b3"),
        ("2026-09", "FBC-202609-000005", LZA, "BSN_ONBEKEND", "b5")])
    con.executemany("INSERT INTO signals_p VALUES (?, ?, ?, ?)", [
        ("FBC-202609-000003", AZL, None, "b3"), ("FBC-202610-000004", AZL, None, "b4"),
        ("FBC-202609-000005", LZA, "BSN_ONBEKEND", "b5")])
    con.executemany("INSERT INTO wh.payroll_months VALUES (?, ?)", [
        ("2026-08", "b1"), ("2026-08", "b2"), ("2026-09", "b1"), ("2026-09", "b5")])
    con.executemany("INSERT INTO payroll_bsn VALUES (?)", [("b1",), ("b5",)])
    con.executemany("INSERT INTO wh.runs VALUES (?, ?, ?)", [
        ("2026-08", "failed", datetime(2026, 9, 1)), ("2026-08", "published", datetime(2026, 9, 5)),
        ("2026-08", "published", datetime(2026, 9, 25)),  # a rerun does not move the publication date
        ("2026-09", "published", datetime(2026, 10, 5))])
    con.executemany("INSERT INTO wh.period_figures VALUES (?, ?)", [
        ("2026-08", datetime(2026, 9, 25)), ("2026-09", datetime(2026, 10, 5))])
    con.execute(LATEST_DDL)
    con.execute(FIRST_DDL)
    con.executemany("INSERT INTO terugkoppeling_latest VALUES (?, ?, ?, ?)", [
        ("FBC-202608-000001", "GECORRIGEERD_IN_LOONAANGIFTE", datetime(2026, 10, 1), "werkgever"),
        ("FBC-202608-000002", "ONJUIST_SIGNAAL", datetime(2026, 10, 20), "werkgever"),
        ("FBC-202609-000003", "IN_ONDERZOEK", datetime(2026, 10, 10), "gemeente"),
        ("FBC-202609-000005", "ONJUIST_SIGNAAL", datetime(2026, 10, 6), "werkgever")])
    con.executemany("INSERT INTO terugkoppeling_first VALUES (?, ?)", [
        ("FBC-202608-000001", datetime(2026, 9, 20)), ("FBC-202608-000002", datetime(2026, 10, 20)),
        ("FBC-202609-000003", datetime(2026, 10, 10)), ("FBC-202609-000005", datetime(2026, 10, 6))])
    return con


def test_figures_per_signal_type(con):
    result = effectiveness(con, "2026-10", datetime(2026, 11, 5))
    by_signal = {r["signaal"]: r for r in result["per_signaal"]}
    assert by_signal[LZA] == {
        "signaal": LZA, "reden": None, "zaken": 3, "beantwoord": 3, "termijn_verstreken": 3, "binnen_4_weken": 2,
        "bevestigd": 1, "onjuist": 2, "opgelost_registratie": 1, "opgelost_uit_loon": 1,
        "aandeel_binnen_4_weken": 0.6667, "aandeel_onjuist": 0.6667}
    assert by_signal[AZL] == {
        "signaal": AZL, "reden": None, "zaken": 2, "beantwoord": 1, "termijn_verstreken": 1, "binnen_4_weken": 1,
        "bevestigd": 0, "onjuist": 0, "opgelost_registratie": None, "opgelost_uit_loon": None,
        "aandeel_binnen_4_weken": 1.0, "aandeel_onjuist": 0.0}


def test_onjuist_rate_per_reason(con):
    result = effectiveness(con, "2026-10", datetime(2026, 11, 5))
    rates = {(r["signaal"], r["reden"]): (r["zaken"], r["onjuist"], r["aandeel_onjuist"]) for r in result["per_reden"]}
    assert rates == {(LZA, "BSN_ONBEKEND"): (2, 2, 1.0), (LZA, "RNI_ZONDER_VERBLIJFSADRES"): (1, 0, 0.0),
                     (AZL, ""): (2, 0, 0.0)}


def test_people_with_two_wrong_cases_are_counted(con):
    assert effectiveness(con, "2026-10", datetime(2026, 11, 5))["personen_twee_keer_onjuist"] == 0
    con.execute("INSERT INTO wh.signals VALUES ('2026-09', 'FBC-202609-000009', 'LOON_ZONDER_ADRES', 'BSN_ONBEKEND', 'b5')")
    con.execute("INSERT INTO terugkoppeling_latest VALUES ('FBC-202609-000009', 'ONJUIST_SIGNAAL', '2026-10-07', 'werkgever')")
    assert effectiveness(con, "2026-10", datetime(2026, 11, 5))["personen_twee_keer_onjuist"] == 1


def test_without_outcomes_nothing_is_answered(con):
    con.execute("DELETE FROM terugkoppeling_latest")
    con.execute("DELETE FROM terugkoppeling_first")
    rows = effectiveness(con, "2026-10", datetime(2026, 11, 5))["per_signaal"]
    assert all(r["beantwoord"] == 0 and r["binnen_4_weken"] == 0 and r["aandeel_onjuist"] is None for r in rows)


def test_without_signal_ids_the_section_says_so():
    con = _warehouse(with_ids=False)
    assert effectiveness(con, "2026-10", datetime(2026, 11, 5)) == {
        "per_signaal": [], "per_reden": [], "personen_twee_keer_onjuist": 0, "beschikbaar": False}


def test_report_section_renders_counts_and_no_bsn(con):
    from reports.templating import render

    html = render("effectiviteit.html", period="2026-10", effectiveness=effectiveness(con, "2026-10",
                                                                                      datetime(2026, 11, 5)))
    assert "Werkt de cyclus?" in html
    assert "2 van 3 (66,7%)" in html
    assert "BSN_ONBEKEND" in html and "100,0%" in html
    assert "twee of meer zaken" in html
    for bsn in ("b1", "b2", "b3", "b4", "b5"):
        assert f">{bsn}<" not in html
    empty = render("effectiviteit.html", period="2026-10", effectiveness={"beschikbaar": False})
    assert "Nog geen terugkoppeling beschikbaar" in empty
