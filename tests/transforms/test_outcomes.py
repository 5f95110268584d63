"""terugkoppeling (DESIGN.md §9): the seam table, the column per signal and the manifest counts,
with a literal ``terugkoppeling_latest``."""

from __future__ import annotations

import duckdb

from transforms.outcomes import OUTCOME_CODES, attach_outcomes, ensure_latest_outcomes


def con_with(signals_p: list[tuple], signals_prev: list[tuple], latest: list[tuple]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("""CREATE TEMP TABLE signals_p (signaal_id VARCHAR, signaal VARCHAR, reden VARCHAR, bsn VARCHAR,
                   loonheffingennummer VARCHAR)""")
    con.executemany("INSERT INTO signals_p VALUES (?, 'LOON_ZONDER_ADRES', NULL, ?, 'A')", signals_p)
    con.execute("CREATE TEMP TABLE signals_prev (signaal_id VARCHAR)")
    for row in signals_prev:
        con.execute("INSERT INTO signals_prev VALUES (?)", row)
    ensure_latest_outcomes(con)
    for row in latest:
        con.execute("INSERT INTO terugkoppeling_latest VALUES (?, ?, TIMESTAMP '2026-10-20 10:00', ?)", row)
    return con


def test_seam_table_is_created_empty_with_the_agreed_columns():
    con = duckdb.connect()
    ensure_latest_outcomes(con)
    ensure_latest_outcomes(con)  # idempotent: the portal's reader may have made it first
    assert con.execute("DESCRIBE terugkoppeling_latest").fetchall() == [
        ("signaal_id", "VARCHAR", "YES", None, None, None), ("uitkomst", "VARCHAR", "YES", None, None, None),
        ("gemeld_op", "TIMESTAMP", "YES", None, None, None), ("rol", "VARCHAR", "YES", None, None, None)]
    assert con.execute("SELECT count(*) FROM terugkoppeling_latest").fetchone() == (0,)


def test_column_and_counts_over_the_cases_of_p_and_p_minus_1():
    con = con_with(
        signals_p=[("FBC-202609-000001", "111"), ("FBC-202610-000001", "222"), ("FBC-202610-000002", "333")],
        signals_prev=[("FBC-202609-000001",), ("FBC-202608-000007",)],   # 202608-7 solved in P: still counted
        latest=[("FBC-202609-000001", "IN_ONDERZOEK", "gemeente"),
                ("FBC-202610-000002", "WERKNEMER_GEINFORMEERD", "werkgever"),
                ("FBC-202608-000007", "WERKNEMER_UIT_DIENST", "werkgever"),
                ("FBC-202512-000001", "ONJUIST_SIGNAAL", "gemeente")])     # an old case: not counted
    counts = attach_outcomes(con)
    assert list(counts) == list(OUTCOME_CODES)
    assert counts == {"IN_ONDERZOEK": 1, "AFGEROND_MET_BRP_MUTATIE": 0, "AFGEROND_ZONDER_BRP_MUTATIE": 0,
                      "ONJUIST_SIGNAAL": 0, "WERKNEMER_GEINFORMEERD": 1, "GECORRIGEERD_IN_LOONAANGIFTE": 0,
                      "WERKNEMER_UIT_DIENST": 1}
    assert con.execute("SELECT signaal_id, terugkoppeling FROM signals_p ORDER BY 1").fetchall() == [
        ("FBC-202609-000001", "IN_ONDERZOEK"), ("FBC-202610-000001", None),
        ("FBC-202610-000002", "WERKNEMER_GEINFORMEERD")]


def test_no_outcomes_gives_all_codes_zero():
    con = con_with([("FBC-202610-000001", "111")], [], [])
    assert attach_outcomes(con) == dict.fromkeys(OUTCOME_CODES, 0)
