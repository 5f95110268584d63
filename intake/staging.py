"""Turn one input (all text, in file order) into a staged table, quarantine lines and findings.

The order of the decisions is the contract's (DESIGN.md §3):
1. exact duplicates are loaded once, the copies are quarantined (``DUBBELE_RIJ``);
2. an invalid or empty key quarantines the row (``BSN_ONGELDIG``, ``LHNR_ONGELDIG``);
3. a key that still occurs in more than one row quarantines all those rows
   (``DUBBELE_SLEUTEL``) and, for BRP/RNI, takes that BSN out of every signal;
4. payroll rows with any other broken field are quarantined (they can't be judged);
   register rows keep their place with the broken field emptied (a *finding*).

Everything is set-based SQL over the input's table in the run's DuckDB database, so a
national register (18 million rows) is never copied into a data frame: the SQL form of the
rule table (``schemas/rules.py``) produces one row per failing cell, and the decisions above
are joins over those few rows. The pandera row model, generated from the same table, then
checks (``intake.cross_check``) a bounded sample of the input (blocks spread over it plus the block where each rule
first fired) with the Polars form of the rules; if pandera and SQL disagree on any cell the
run stops as an internal error rather than publish a quarantine nobody can trust.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

import duckdb
import polars as pl

from intake.cross_check import cross_check_sample
from schemas import sql_rules as sr
from schemas.contract import QUARANTINE_PRIORITY, Column, InputContract, Kind
from schemas.reference import GEMEENTEN_HISTORIE
from schemas.rules import ENDED_CODES, VALID_CODES, RuleInputs, cell_rules, sql_checks

ISSUE_COLUMNS = "bron VARCHAR, rijnummer BIGINT, reden VARCHAR, kolom VARCHAR, waarde VARCHAR"
MAX_VALUE_CHARS = 100
HISTORY_TABLE = "ref_gemeenten_historie"


@dataclass
class StagedInput:
    """The outcome of staging one input; the rows live in the tables named by ``tables``."""

    name: str
    rows: int
    loaded: int
    quarantined: int
    findings: int
    sample_rows: int = 0  # rows the pandera model checked

    @property
    def tables(self) -> dict[str, str]:
        return staged_tables(self.name)


def staged_tables(name: str) -> dict[str, str]:
    return {"clean": f"stg_{name}", "quarantine": f"quarantine_{name}", "findings": f"findings_{name}",
            "conflicts": f"conflicts_{name}"}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def normalised_query(contract: InputContract, source: str, day_first: bool = False,
                     passthrough: tuple[str, ...] = (), trimmed_already: bool = False,
                     trim: Collection[str] | None = None, fold: RuleInputs | None = None) -> str:
    """A query over ``source`` (a ``read_csv(...)`` call or a subquery with the contract's column
    names) that normalises the raw text: trim, empty → null, ``YYYYMMDD`` → ``YYYY-MM-DD``,
    postcode without its space. The file is read through it, so raw text is never stored.

    Levels on purpose: the date and postcode rules refer to their input several times, and
    DuckDB would otherwise evaluate the trimming once per reference. The outer level adds the
    typed values the staged table keeps (``typed_extra``), so staging never copies the table.
    ``passthrough`` columns (a GBA-V line number) are carried along unchanged.
    ``trimmed_already``: ``source`` has trimmed every value (the GBA-V mapping trims each
    element it reads), so the trim level is skipped (trimming twice gives the same text).
    ``trim``: the columns that may hold a value starting or ending with a trim character
    (``intake.edge_scan``); every other column is only made null when empty, which is what
    trimming would give it. None: trim every column.
    ``fold``: the rule inputs with which the ``folded_columns`` are judged while reading, so
    their text is never stored (``fold_select``); None: every column is read as it is.
    """
    def cleaned(name: str) -> str:
        return sr.clean_text(_q(name)) if trim is None or name in trim else f"nullif({_q(name)}, '')"

    trimmed = ", ".join([f"{cleaned(c.name)} AS {_q(c.name)}" for c in contract.columns]
                        + [_q(c) for c in passthrough])
    exprs = [_q(c) for c in passthrough]
    for col in contract.columns:
        e = _q(col.name)
        if col.kind in (Kind.DATE, Kind.LO3_DATE):
            e = sr.normalise_date(e, day_first)
        elif col.kind is Kind.POSTCODE:
            e = sr.normalise_postcode(e)
        exprs.append(f"{e} AS {_q(col.name)}")
    typed = [f"{expr} AS {_q(name)}" for name, expr in filter(None, map(typed_extra, contract.columns))]
    normalised = f"SELECT {', '.join(exprs)} FROM {source if trimmed_already else f'(SELECT {trimmed} FROM {source})'}"
    query = f"SELECT *, {', '.join(typed)} FROM ({normalised})" if typed else normalised
    return f"SELECT {fold_select(contract, fold)} FROM ({query})" if fold and folded_columns(contract) else query


FOLD_HASH = "gevouwen__hash"


def folded_columns(contract: InputContract) -> list[Column]:
    """The columns judged while reading and never stored as text: not kept, with rules that
    need only the row itself (a municipality code is looked up in a table, which would make the
    read a join and lose the file order), and named by no other column's ``required_unless``
    (the pandera cross-check leaves folded columns out). brp's seven address columns and
    polis' ``sv_loon``: at national scale 18 M rows × 7 strings the run would otherwise copy,
    hold and drop again."""
    needed = {c.required_unless for c in contract.columns}
    return [c for c in contract.columns
            if not c.kept and c.kind is not Kind.GEMEENTECODE and c.name not in needed]


def fold_select(contract: InputContract, inputs: RuleInputs) -> str:
    """The select list that replaces each folded column (over the normalised, typed columns).

    A folded column with rules keeps its value only where one of them fails (an empty value as
    ``''``, which normalised text never is), so ``stage`` finds exactly the failing cells and
    their values in a column that is null nearly everywhere; one 64-bit hash over all folded
    values stands in for them when exact copies are compared (``_duplicates``)."""
    folded = folded_columns(contract)
    present = set(staged_columns(contract))
    sparse = []
    for col in folded:
        if not cell_rules(col):
            continue
        typed = _typed_date(col, present)
        fails = " OR ".join(f"({rule.sql_failure(_q(col.name), inputs, _q(typed) if typed else None)})"
                            for rule in cell_rules(col))
        sparse.append(f"CASE WHEN {fails} THEN coalesce({_q(col.name)}, '') END AS {_q(col.name)}")
    values = ", ".join(_q(c.name) for c in folded)
    return ", ".join([f"* EXCLUDE ({values})", *sparse, f"hash({values}) AS {FOLD_HASH}"])


TYPED_SUFFIX = "__getypeerd"


def staged_columns(contract: InputContract, folded: bool = False) -> list[str]:
    """The columns ``normalised_query`` gives ``stage``: the contract's, then the typed values
    (a GBA-V extract selects a register's share of a wider table by these). ``folded``: as read
    with ``fold`` (``fold_select``): of the folded columns only those with rules, and the hash."""
    fold = {c.name for c in folded_columns(contract)} if folded else set()
    names = [c.name for c in contract.columns if c.name not in fold or cell_rules(c)]
    return names + [t[0] for t in map(typed_extra, contract.columns) if t] + ([FOLD_HASH] if fold else [])


def typed_extra(column: Column) -> tuple[str, str] | None:
    """``(column name, SQL over the normalised text)`` of the typed value a column is staged as,
    computed while reading; None when the text itself is staged.

    A value that breaks its rule is emptied (finding) or its row removed (quarantine) later,
    so whatever the cast makes of it here never reaches a rule.
    """
    c = _q(column.name)
    if column.kind is Kind.LO3_DATE:  # kept or not: the rules compare the earliest day
        return column.name + "_vroegst", sr.earliest_day(c)
    if not column.kept:
        return None
    if column.kind is Kind.DATE:
        return column.name + TYPED_SUFFIX, f"TRY_CAST({c} AS DATE)"
    if column.kind is Kind.DECIMAL:
        return column.name + TYPED_SUFFIX, f"TRY_CAST({c} AS DECIMAL(18, 4))"
    if column.kind is Kind.BOOL:
        return column.name + TYPED_SUFFIX, sr.parse_bool(c)
    return None


def _typed_date(column: Column, present: set[str]) -> str | None:
    """The column of ``column``'s typed date in the source (``typed_extra``), which its rule
    reads instead of casting again; None for other kinds or when the source lacks it."""
    extra = typed_extra(column) if column.kind in (Kind.DATE, Kind.LO3_DATE) else None
    return extra[0] if extra and extra[0] in present else None


def _sparse_value(name: str) -> str:
    """The value a folded column's sparse cell stands for (``fold_select``: ``''`` is an empty one)."""
    return f"nullif({_q(name)}, '')"


def _sparse_checks(column: Column, inputs: RuleInputs) -> list[tuple[str, str]]:
    """``sql_checks`` of a folded column (``fold_select``): a value is there only where a rule
    failed, so each rule is judged on those few values."""
    return [(rule.reason, f"{_q(column.name)} IS NOT NULL AND ({rule.sql_failure(_sparse_value(column.name), inputs)})")
            for rule in cell_rules(column)]


def _finish_in_place(con: duckdb.DuckDBPyConnection, source: str, contract: InputContract, target: str,
                     quarantine: str, findings: str, present: Collection[str]) -> None:
    """Turn ``source`` (whose columns are ``present``) into the staged table without copying it:
    remove the quarantined rows, empty the cells with a finding, drop the text that is not
    staged (of a folded column, its sparse value if it has one; the fold hash) and rename."""
    con.execute(f"DELETE FROM {source} WHERE rowid IN (SELECT idx FROM {quarantine})")
    extras = {c.name: typed_extra(c) for c in contract.columns}
    kept = {c.name for c in contract.columns if c.kept}
    for (kolom,) in con.execute(f"SELECT DISTINCT kolom FROM {findings} ORDER BY 1").fetchall():
        cells = ([_q(kolom)] if kolom in kept else []) + ([_q(extras[kolom][0])] if extras[kolom] else [])
        if not cells:  # text about to be dropped, nothing typed kept
            continue
        con.execute(f"UPDATE {source} SET {', '.join(f'{c} = NULL' for c in cells)} "
                    f"WHERE rowid IN (SELECT idx FROM {findings} WHERE kolom = ?)", [kolom])
    for col in contract.columns:
        typed = extras[col.name][0] if extras[col.name] and extras[col.name][0].endswith(TYPED_SUFFIX) else None
        if typed or (not col.kept and col.name in present):
            con.execute(f"ALTER TABLE {source} DROP COLUMN {_q(col.name)}")
        if typed:
            con.execute(f"ALTER TABLE {source} RENAME COLUMN {_q(typed)} TO {_q(col.name)}")
    if FOLD_HASH in present:
        con.execute(f"ALTER TABLE {source} DROP COLUMN {FOLD_HASH}")
    con.execute(f"DROP TABLE IF EXISTS {target}")
    con.execute(f"ALTER TABLE {source} RENAME TO {target}")


def load_municipal_division(con: duckdb.DuckDBPyConnection, peildatum: date | None) -> None:
    """``ref_gemeente_geldig`` and ``ref_gemeente_vervallen`` for ``peildatum`` (None: the current
    division), computed set-based from the shipped history table (``schemas/reference``)."""
    con.execute(f"""CREATE TEMP TABLE IF NOT EXISTS {HISTORY_TABLE} AS
        SELECT gemeentecode, begindatum, einddatum FROM read_csv(?, delim=';', header=true, auto_detect=false,
            columns={{'gemeentecode': 'VARCHAR', 'gemeentenaam': 'VARCHAR', 'provinciecode': 'VARCHAR',
                     'provincienaam': 'VARCHAR', 'begindatum': 'DATE', 'einddatum': 'DATE'}})""",
                [str(GEMEENTEN_HISTORIE)])
    on = "begindatum <= $peil AND (einddatum IS NULL OR einddatum > $peil)" if peildatum else "einddatum IS NULL"
    gone = "einddatum <= $peil" if peildatum else "einddatum IS NOT NULL"
    params = {"peil": peildatum} if peildatum else {}
    con.execute(f"CREATE OR REPLACE TEMP TABLE {VALID_CODES} AS SELECT DISTINCT gemeentecode AS code "
                f"FROM {HISTORY_TABLE} WHERE {on}", params)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {ENDED_CODES} AS SELECT DISTINCT gemeentecode AS code "
                f"FROM {HISTORY_TABLE} WHERE {gone} AND gemeentecode NOT IN (SELECT code FROM {VALID_CODES})",
                params)


def stage(con: duckdb.DuckDBPyConnection, source: str, contract: InputContract, inputs: RuleInputs,
          *, offset: int, bron: str | None = None, line_numbers: str | None = None,
          repeated_keys: str | None = None) -> StagedInput:
    """Apply the row rules of one input; see the module docstring for the order.

    ``source`` (made by ``normalised_query``) holds the normalised text of the contract's
    columns in file order, so ``rowid + offset`` is the line (CSV) or row (Parquet) number an
    analyst can look up. It is consumed: it becomes ``stg_<input>``. The rules of
    ``schemas.rules`` judge dates on ``inputs``' years and municipality codes on its
    ``peildatum``. A register mapped from a GBA-V extract (DESIGN.md §3a) is reported
    as ``bron`` (``gbav``) with the extract's line numbers: ``line_numbers`` names a table
    ``(idx, regel)`` giving the line of each row of ``source``. ``repeated_keys`` names a table
    ``(k)`` of exactly the keys (null included) that occur more than once in ``source``, when the
    caller knows them already (``_duplicates`` then skips its grouping over every row).
    """
    name = contract.name
    t = staged_tables(name)
    fail, copies, keydup = f"fail_{name}", f"copies_{name}", f"keydup_{name}"
    keys = contract.key_columns
    lit = sr.literal

    load_municipal_division(con, inputs.peildatum)
    present = {d[0] for d in con.execute(f"SELECT * FROM {source} LIMIT 0").description}
    folded = {c.name for c in folded_columns(contract)} if FOLD_HASH in present else set()
    checks = []
    for col in contract.columns:
        rows = source
        pre = [r.precompute for r in cell_rules(col) if r.precompute]  # e.g. the BSN cast once, not per digit
        if pre:
            rows = (f"(SELECT rowid, *, {', '.join(f'{p.sql(_q(col.name))} AS {_q(p.name)}' for p in pre)} "
                    f"FROM {source})")
        value = _sparse_value(col.name) if col.name in folded else _q(col.name)
        checks.extend((col.name, value, rows, reason, condition)
                      for reason, condition in (_sparse_checks(col, inputs) if col.name in folded
                                                else sql_checks(col, inputs, _typed_date(col, present))))
    parts = [f"SELECT rowid AS idx, {lit(kolom)} AS kolom, {lit(reason)} AS reden, {value} AS waarde, {i} AS regel "
             f"FROM {rows} WHERE {condition}" for i, (kolom, value, rows, reason, condition) in enumerate(checks)]
    _create_unordered(con, fail, " UNION ALL ".join(parts))

    _duplicates(con, source, contract, fail, copies, keydup, repeated_keys, folded)

    reasons = [f"SELECT idx, 'DUBBELE_RIJ' AS reden, NULL::VARCHAR AS kolom, NULL::VARCHAR AS waarde FROM {copies}",
               f"SELECT idx, 'DUBBELE_SLEUTEL', {lit(contract.key or '')}, waarde FROM {keydup}"]
    if contract.quarantine_broken_fields:
        reasons.append(f"SELECT idx, reden, kolom, waarde FROM {fail}")
    else:
        reasons.append(f"SELECT idx, reden, kolom, waarde FROM {fail} WHERE kolom IN {sr.text_list(keys)} "
                          f"AND idx NOT IN (SELECT idx FROM {copies})")
    priority = " ".join(f"WHEN {lit(r)} THEN {i}" for i, r in enumerate(QUARANTINE_PRIORITY))
    order = " ".join(f"WHEN {lit(c)} THEN {i}" for i, c in enumerate(contract.column_names))
    rank = f"(CASE reden {priority} END) * 1000 + coalesce(CASE kolom {order} END, -1)"
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE {t['quarantine']} AS
        SELECT {lit(bron or name)} AS bron, idx + {offset} AS rijnummer, arg_min(reden, {rank}) AS reden,
               arg_min(kolom, {rank}) AS kolom, left(arg_min(waarde, {rank}), {MAX_VALUE_CHARS}) AS waarde, idx
        FROM ({" UNION ALL ".join(reasons)}) GROUP BY idx ORDER BY idx""")

    if contract.quarantine_broken_fields:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {t['findings']} ({ISSUE_COLUMNS}, idx BIGINT)")
    else:
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE {t['findings']} AS
            SELECT {lit(bron or name)} AS bron, idx + {offset} AS rijnummer, reden, kolom,
                   left(waarde, {MAX_VALUE_CHARS}) AS waarde, idx
            FROM {fail} WHERE idx NOT IN (SELECT idx FROM {t['quarantine']}) ORDER BY idx, kolom, regel""")

    if line_numbers:
        for kind in ("quarantine", "findings"):
            con.execute(f"UPDATE {t[kind]} SET rijnummer = l.regel FROM {line_numbers} l WHERE l.idx = {t[kind]}.idx")
    con.execute(f"CREATE OR REPLACE TEMP TABLE {t['conflicts']} AS SELECT DISTINCT waarde AS bsn FROM {keydup}")
    rows, quarantined, findings = con.execute(f"""
        SELECT (SELECT count(*) FROM {source}), (SELECT count(*) FROM {t['quarantine']}),
               (SELECT count(*) FROM {t['findings']})""").fetchone()
    sampled = cross_check_sample(con, source, rows, contract, inputs, fail, offset, folded)
    _finish_in_place(con, source, contract, t["clean"], t["quarantine"], t["findings"], present)
    loaded = con.execute(f"SELECT count(*) FROM {t['clean']}").fetchone()[0]
    if rows != loaded + quarantined:
        raise AssertionError(f"{name}: rows {rows} != loaded {loaded} + quarantined {quarantined}")
    con.execute(f"DROP TABLE {fail}; DROP TABLE {copies}; DROP TABLE {keydup}")
    return StagedInput(name, rows, loaded, quarantined, findings, sampled)


def _create_unordered(con: duckdb.DuckDBPyConnection, table: str, query: str) -> None:
    """``CREATE TEMP TABLE table AS query`` for a table whose row order nobody reads.

    The cell verdicts (``fail_<input>``) are such a set: every reader groups them, takes a
    minimum or orders them itself (``regel``, the rule's position, orders one cell's findings
    as the rules are listed). Without DuckDB's insertion order the statement runs on both
    threads instead of one: ``fail_polis`` 2.7–2.8 against 5.1–5.6 s at national scale, the same
    CPU seconds and the same staged tables (docs/performance.md, session 9)."""
    con.execute("SET preserve_insertion_order = false")
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS {query}")
    finally:  # back to DuckDB's default, which every file read needs (``loaders.create_in_file_order``)
        con.execute("RESET preserve_insertion_order")


def _duplicates(con: duckdb.DuckDBPyConnection, source: str, contract: InputContract, fail: str,
                copies: str, keydup: str, repeated_keys: str | None = None, folded: Collection[str] = ()) -> None:
    """``copies``: every row that repeats an earlier row exactly (the first one is kept);
    ``keydup``: the rows whose valid key still occurs more than once without those copies.

    Only rows that may repeat one another are compared: in a keyed input those whose key
    occurs more than once (a copy repeats its key; one GROUP BY over the key), in ``polis``
    those whose hash over the identifying columns (``key_columns``: BSN and loonheffingennummer)
    does — a copy repeats those too, and hashing two columns instead of all nine is a quarter
    of the statement. The comparison itself is on every column, so a hash collision (or a
    person with several lines at one employer) never makes a copy. ``folded`` columns are
    compared by their hash (``fold_select``): two rows of one key that differ only there are
    taken for copies with a chance of 2⁻⁶⁴.
    """
    cols = ", ".join([_q(c) for c in contract.column_names if c not in folded] + ([FOLD_HASH] if folded else []))
    candidates = f"candidates_{contract.name}"
    if contract.key:
        k = _q(contract.key)
        repeated = (f"SELECT k FROM {repeated_keys}" if repeated_keys
                    else f"SELECT {k} AS k FROM {source} GROUP BY {k} HAVING count(*) > 1")
        may_repeat = f"""
            WITH repeated AS ({repeated})
            SELECT rowid AS idx, {cols} FROM {source} s JOIN repeated r ON s.{k} IS NOT DISTINCT FROM r.k"""
    else:
        may_repeat = f"""
            WITH hashed AS (SELECT rowid AS idx, hash({', '.join(map(_q, contract.key_columns or contract.column_names))}) AS h
                            FROM {source}),
            repeated AS (SELECT h FROM hashed GROUP BY h HAVING count(*) > 1)
            SELECT rowid AS idx, {cols} FROM {source}
            WHERE rowid IN (SELECT idx FROM hashed SEMI JOIN repeated USING (h))"""
    con.execute(f"CREATE OR REPLACE TEMP TABLE {candidates} AS {may_repeat}")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE {copies} AS
        SELECT idx FROM (
            SELECT idx, row_number() OVER (PARTITION BY {cols} ORDER BY idx) AS k FROM {candidates})
        WHERE k > 1""")
    if contract.key:
        k = _q(contract.key)
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE {keydup} AS
            WITH usable AS (
                SELECT idx, {k} AS k FROM {candidates}
                WHERE idx NOT IN (SELECT idx FROM {copies})
                  AND idx NOT IN (SELECT idx FROM {fail} WHERE kolom IN {sr.text_list(contract.key_columns)})),
            ambiguous AS (SELECT k FROM usable GROUP BY k HAVING count(*) > 1)
            SELECT idx, k AS waarde FROM usable SEMI JOIN ambiguous USING (k)""")
    else:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {keydup} (idx BIGINT, waarde VARCHAR)")
    con.execute(f"DROP TABLE {candidates}")


def issue_frame(con: duckdb.DuckDBPyConnection, table: str) -> pl.DataFrame:
    """A quarantine or findings table as a small Polars frame (tests, reports)."""
    return con.execute(f"SELECT bron, rijnummer, reden, kolom, waarde FROM {table} ORDER BY rijnummer, kolom").pl()
