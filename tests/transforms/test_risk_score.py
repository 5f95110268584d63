"""The risk score (transforms.risk_score): size-aware, and the worked example of
docs/risk-score.md is computed here and compared with the document."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from reports.risk_method import render_method
from transforms.risk_score import SCORE_VERSION, risk_feed

DOC = Path(__file__).parents[2] / "docs" / "risk-score.md"
COLUMNS = """loonheffingennummer, sector_code, is_uitlener, aantal_werknemers, aantal_zonder_nl_adres,
    aandeel_zonder_nl_adres, aantal_rni_langer_dan_4_maanden, aantal_meervoudig_bsn,
    aantal_blijvend_zonder_nl_adres, heeft_signaal, maanden_met_signaal"""

# The worked example: a staffing agency with 24 of 115 without address and 20 RNI>4, a one-person
# firm with its one employee signalled, and a large employer without signals (national rate 25/1000).
WORKED_EXAMPLE = [
    ("100000001L01", "52", True, 115, 24, 24 / 115, 20, 2, 4, True, 6),
    ("200000002L01", "01", False, 1, 1, 1.0, 0, 0, 0, True, 1),
    ("300000003L01", "47", False, 884, 0, 0.0, 0, 0, 0, False, 4),
]


def feed(rows: list[tuple], period: str = "2026-10") -> list[tuple]:
    con = duckdb.connect()
    values = ", ".join("(" + ", ".join(["?"] * 11) + ")" for _ in rows)
    con.execute(f"CREATE TEMP TABLE employer_figures AS SELECT * FROM (VALUES {values}) t({COLUMNS})",
                [v for r in rows for v in r])
    risk_feed(con, period)
    return con.execute("""SELECT loonheffingennummer, periode, peildatum::VARCHAR, score_versie, risicoscore,
                          risicofactoren FROM risk_feed ORDER BY 1""").fetchall()


def test_one_person_firm_does_not_outrank_the_staffing_agency():
    agency, one_person = feed(WORKED_EXAMPLE)
    assert agency[4] == 78 and one_person[4] == 7
    # even persistent, notified and unresolved the one-person firm stays far below
    worst_small = [("200000002L01", "52", True, 1, 1, 1.0, 0, 0, 1, True, 12), WORKED_EXAMPLE[2]]
    assert feed(worst_small)[0][4] < agency[4]


def test_self_describing_rows():
    agency = feed(WORKED_EXAMPLE)[0]
    assert agency[1:4] == ("2026-10", "2026-10-31", SCORE_VERSION)


def test_clean_dutch_factors():
    factors = {r[0]: r[5] for r in feed(WORKED_EXAMPLE)}
    assert factors["200000002L01"] == ("1 van 1 werknemer zonder NL-adres (+1); geschat aandeel zonder NL-adres "
                                       "7,1% (+4); signalen in 1 maand (+2)")
    assert "(s)" not in factors["100000001L01"] and "(en)" not in factors["100000001L01"]


def test_employers_without_signal_are_left_out_and_every_factor_at_its_cap_gives_100():
    rows = feed([("A", "52", True, 40, 40, 1.0, 99, 99, 5, True, 12), ("B", "01", False, 5, 0, 0.0, 0, 0, 0, False, 1)])
    assert [(r[0], r[4]) for r in rows] == [("A", 100)]


def test_worked_example_in_the_documentation():
    text = DOC.read_text(encoding="utf-8")
    assert text.startswith(render_method()), "docs/risk-score.md must open with the published method text"
    agency = feed(WORKED_EXAMPLE)[0]
    assert re.search(r"\*\*risicoscore\*\* \| \| \*\*(\d+)\*\*", text).group(1) == str(agency[4])
    documented = re.search(r"`risicofactoren`: `([^`]+)`", text).group(1)
    assert documented == agency[5]
