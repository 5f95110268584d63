"""The match leaves only what the publication and the warehouse commit read (transforms/matching.py)."""

from __future__ import annotations

from schemas.catalogue import PUBLISHED, RULES, STAGED
from tests.builders import BSN, LHNR, brp_row, polis_row, rni_row
from tests.transforms.rule_fixtures import run_rules
from transforms.matching import RELEASED_AFTER

P = "2026-10"
A, B, C = BSN[0], BSN[1], BSN[2]
INPUTS = dict(polis=[polis_row(A), polis_row(B, LHNR[1])], brp=[brp_row(A, datum_vertrek="2026-01-02")],
              rni=[rni_row(C, stay=True)])


def temp_tables(con) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE temporary").fetchall()}


def test_working_tables_are_dropped_after_their_last_reader(tmp_path):
    con, counts = run_rules(tmp_path, P, release=True, **INPUTS)
    left = temp_tables(con)
    released = {t for tables in RELEASED_AFTER.values() for t in tables}
    assert released <= set(RULES) | set(STAGED)        # only working tables and staged inputs are released
    assert left & released == set()
    # the staged inputs: nothing after the match reads them (stg_polis became payroll_rows in place)
    assert {"stg_polis", "stg_werkgevers", "stg_brp", "stg_rni"} & left == set()
    assert {"signals_p", "employer_signal_rows", "municipality_address_rows", "risk_feed", "payroll_bsn",
            "resolved_signals", "employer_figures"} <= left
    assert {t for t in PUBLISHED if t not in ("quarantine", "findings")} <= left
    # the published rows do not depend on the release
    kept_con, kept_counts = run_rules(tmp_path / "kept", P, release=False, **INPUTS)
    assert released | {"stg_polis"} <= temp_tables(kept_con)
    assert counts == kept_counts
    for table in ("signals_p", "employer_signal_rows", "employer_figures", "risk_feed"):
        sql = f"SELECT * EXCLUDE (rowid) FROM (SELECT rowid, * FROM {table}) ORDER BY rowid"
        assert con.execute(sql).fetchall() == kept_con.execute(sql).fetchall(), table
    assert con.execute("SELECT signaal, reden, bsn FROM signals_p ORDER BY ALL").fetchall() == [
        ("ADRES_ZONDER_LOON", None, C), ("LOON_ZONDER_ADRES", "BSN_ONBEKEND", B),
        ("LOON_ZONDER_ADRES", "VERTROKKEN", A)]
