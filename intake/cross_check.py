"""The runtime guard between the two forms of every cell rule: SQL judges every row, the
pandera row model (generated from the same rule table) judges a bounded sample, and they must
agree on every cell. A disagreement is a bug in feedbackcyclus, so the run stops rather than
publish a quarantine nobody can trust.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

import duckdb

from feedbackcyclus.errors import FeedbackError
from feedbackcyclus.sqltext import sql_identifier
from schemas import sql_rules as sr
from schemas.contract import InputContract
from schemas.row_models import row_failures
from schemas.rules import RuleInputs

SAMPLE_BLOCKS = 30
SAMPLE_BLOCK_ROWS = 1_000


class RuleMismatch(FeedbackError):
    """The SQL rules and the pandera model judged a cell differently: a bug, never bad input."""

    exit_code = 1


def cross_check_sample(con: duckdb.DuckDBPyConnection, source: str, rows: int, contract: InputContract,
                       inputs: RuleInputs, fail: str, offset: int, folded: Collection[str] = ()) -> int:
    """Run the pandera row model on a bounded sample and require the SQL rules' verdicts.

    The sample is ``SAMPLE_BLOCKS`` blocks of ``SAMPLE_BLOCK_ROWS`` rows spread over the
    input plus, for every (column, rule) that fired, the block of its first failing row, so
    each rule is checked where it fired and where it did not. Returns the number of rows
    checked. Messages name rows and columns, never values. ``folded`` columns were judged
    while reading and their values are gone, so they are left out (their kinds' rules are
    cross-checked on the kept columns of the same and other inputs).
    """
    if folded:
        contract = replace(contract, columns=tuple(c for c in contract.columns if c.name not in folded))
    # Contiguous blocks, so the scan reads a few row groups instead of every column of every
    # row: evenly spread ones, and the first block in which each (column, rule) fired.
    # Spread over row ids, not rows: the GBA-V resident register is a table whose RNI lists
    # were deleted, so its ids have gaps (for any other input the two are the same).
    span = max(rows, con.execute(f"SELECT coalesce(max(rowid) + 1, 0) FROM {source}").fetchone()[0])
    spread = [i * span // SAMPLE_BLOCKS for i in range(SAMPLE_BLOCKS)]
    fired = [r[0] for r in con.execute(f"SELECT min(idx) FROM {fail} GROUP BY kolom, reden").fetchall()]
    starts = sorted({s - s % SAMPLE_BLOCK_ROWS for s in spread} | {i - i % SAMPLE_BLOCK_ROWS for i in fired})
    cols = ", ".join(sql_identifier(c) for c in contract.column_names)
    con.execute(f"CREATE OR REPLACE TEMP TABLE sample_{contract.name} AS " + " UNION ALL ".join(
        f"SELECT rowid AS idx, {cols} FROM {source} WHERE rowid BETWEEN {a} AND {a + SAMPLE_BLOCK_ROWS - 1}"
        for a in starts) + " ORDER BY idx")
    sample = con.execute(f"SELECT * FROM sample_{contract.name}").pl()
    idx = sample["idx"]
    by_pandera = row_failures(contract, sample.drop("idx"), inputs)
    pandera = {(int(idx[i]), k, r) for i, k, r in by_pandera.select("index", "kolom", "reden").iter_rows()}
    expected = {(int(i), k, r) for i, k, r in con.execute(
        f"SELECT idx, kolom, reden FROM {fail} SEMI JOIN sample_{contract.name} USING (idx) "
        f"WHERE kolom NOT IN {sr.text_list([*folded, ''])}").fetchall()}
    con.execute(f"DROP TABLE sample_{contract.name}")
    if pandera != expected:
        diff = sorted(pandera ^ expected)[:5]
        where = "; ".join(f"rij {i + offset}, kolom {k}: {r} volgens {'pandera' if (i, k, r) in pandera else 'SQL'}"
                          for i, k, r in diff)
        raise RuleMismatch(f"{contract.name}: de rijregels in SQL en het pandera-model zijn het oneens "
                           f"({len(pandera ^ expected)} cellen; {where}). Dit is een fout in feedbackcyclus.")
    return sample.height
