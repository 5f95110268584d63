"""The worked example of docs/risk-score.md, computed by transforms.risk_score."""

from __future__ import annotations

import duckdb

from transforms.risk_score import risk_feed


def test_worked_example():
    con = duckdb.connect()
    con.execute("""CREATE TEMP TABLE employer_figures AS SELECT
        '123456789L01' AS loonheffingennummer, '52' AS sector_code, true AS is_uitlener,
        40 AS aantal_werknemers, 10 AS aantal_zonder_nl_adres, 10 / 40 AS aandeel_zonder_nl_adres,
        2 AS aantal_rni_langer_dan_4_maanden, 0 AS aantal_meervoudig_bsn, 4 AS aantal_blijvend_zonder_nl_adres,
        true AS heeft_signaal, 3 AS maanden_met_signaal""")
    risk_feed(con)
    score, factors = con.execute("SELECT risicoscore, risicofactoren FROM risk_feed").fetchone()
    assert score == 47
    assert factors == ("aandeel zonder NL-adres 25% (+10); signaal in 3 maand(en) (+8); eerder gemeld, niet "
                       "opgelost: 4 werknemer(s) (+15); uitzendbureau/uitlener (+10); 2 RNI langer dan 4 maanden (+4)")


def test_score_is_capped_and_employers_without_signal_are_left_out():
    con = duckdb.connect()
    con.execute("""CREATE TEMP TABLE employer_figures AS SELECT * FROM (VALUES
        ('A', '52', true, 5, 5, 1.0, 9, 9, 5, true, 12),
        ('B', '01', false, 5, 0, 0.0, 0, 0, 0, false, 1)) t(loonheffingennummer, sector_code, is_uitlener,
        aantal_werknemers, aantal_zonder_nl_adres, aandeel_zonder_nl_adres, aantal_rni_langer_dan_4_maanden,
        aantal_meervoudig_bsn, aantal_blijvend_zonder_nl_adres, heeft_signaal, maanden_met_signaal)""")
    risk_feed(con)
    assert con.execute("SELECT loonheffingennummer, risicoscore FROM risk_feed").fetchall() == [("A", 100)]
