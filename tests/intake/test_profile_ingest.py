"""``bench/profile_ingest.py`` (the issue-16 profile) on a tiny input, so the tool cannot rot."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.builders import LHNR, werkgever_row, write_input

ROOT = Path(__file__).parent.parent.parent


def test_profile_of_one_input_lists_its_statements_and_plans(tmp_path):
    write_input(tmp_path / "inbox" / "2026-10", "werkgevers",
                [werkgever_row(LHNR[0]), werkgever_row(LHNR[1]), werkgever_row("bad")])
    out = tmp_path / "profile"
    run = subprocess.run([sys.executable, "-m", "bench.profile_ingest", str(tmp_path / "inbox"), "2026-10",
                          "--input", "werkgevers", "--plans", "--out", str(out)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "== werkgevers" in run.stdout
    statements = json.loads((out / "statements-2026-10.json").read_text())
    sql = [s["sql"] for s in statements]
    assert any(s.startswith("CREATE OR REPLACE TEMP TABLE raw_werkgevers AS") for s in sql)
    assert any("quarantine_werkgevers" in s for s in sql)
    assert all(s["input"] == "werkgevers" and s["s"] >= 0 for s in statements)
    queries = [q for q in sql if not q.startswith(("SET ", "RESET "))]  # settings have no plan
    assert len(list((out / "plans").glob("*.json"))) >= len(queries) // 2  # one DuckDB profile a statement


def test_table_digests_see_rows_values_and_order():
    import duckdb

    from bench.profile_ingest import table_digests

    def digests(rows: list[tuple]) -> list:
        con = duckdb.connect()
        con.execute("CREATE TEMP TABLE quarantine_polis (rijnummer BIGINT, reden VARCHAR)")
        con.executemany("INSERT INTO quarantine_polis VALUES (?, ?)", rows)
        con.execute("CREATE TEMP TABLE conflicts_brp AS SELECT * FROM (VALUES ('1'), ('2')) v(bsn) ORDER BY "
                    f"bsn {'DESC' if rows[0][0] == 3 else 'ASC'}")  # a set: its order must not count
        con.execute("CREATE TEMP TABLE scratch AS SELECT 1 AS x")  # not an ingest table
        return table_digests(con)

    base = digests([(2, "BSN_ONGELDIG"), (3, "DUBBELE_RIJ")])
    assert [(n, r) for n, r, _ in base] == [("conflicts_brp", 2), ("quarantine_polis", 2)]
    assert digests([(2, "BSN_ONGELDIG"), (3, "DUBBELE_RIJ")]) == base
    reordered = digests([(3, "DUBBELE_RIJ"), (2, "BSN_ONGELDIG")])
    assert reordered[0] == base[0] and reordered[1] != base[1]  # the set's order is ignored, the lines' is not
    assert digests([(2, "BSN_ONGELDIG"), (3, "DUBBELE_SLEUTEL")]) != base  # another value
