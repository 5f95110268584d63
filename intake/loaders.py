"""Read the rows of one inspected input file into a raw DuckDB table, all values as text.

A structurally broken file (ragged rows, an unterminated quote, an overlong line, a Parquet
column whose type cannot hold the contract's value) stops the run with a message naming
file, row and rule, never the offending text (it may hold a BSN or a name). The reader is
optimistic: a file is read as UTF-8 with one kind of line end, and the two exceptions of
``intake.text_repair`` tell ``intake.ingest`` to repair a copy and read again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from feedbackcyclus.errors import FeedbackError, InputError
from feedbackcyclus.sqltext import sql_string
from intake.source_files import MAX_LINE_BYTES, SourceFile, check_columns, mapped_names
from intake.text_repair import MixedLineEnds, NotUtf8, has_mixed_line_ends
from schemas.contract import Column, InputContract, Kind

# Columns whose leading zeros matter: a Parquet file must deliver them as text.
TEXT_ONLY_KINDS = (Kind.BSN, Kind.LHNR, Kind.GEMEENTECODE, Kind.POSTCODE)
TEXT_ONLY_NAMES = ("kvk_nummer", "sector_code", "nationaliteit", "land_woonadres", "ikv_id")


def _with_missing(source: str, missing: list[str]) -> str:
    """``source`` plus a null text column for every missing nullable contract column."""
    if not missing:
        return source
    nulls = ", ".join(f'NULL::VARCHAR AS "{c}"' for c in missing)
    return f"(SELECT *, {nulls} FROM {source})"


_LINE = re.compile(r"[Ll]ine:?\s*(\d+)")


def _safe_duckdb_message(exc: Exception) -> tuple[str, int | None]:
    """DuckDB quotes offending lines verbatim; keep only the category and line number."""
    text = str(exc)
    m = _LINE.search(text)
    first = text.split("\n", 1)[0]
    first = re.split(r"Original Line|:\s*\"", first)[0][:200]
    return first, int(m.group(1)) if m else None


REJECT_TEXT = {
    "MISSING COLUMNS": "te weinig velden in de rij (afgebroken regel of ander scheidingsteken?)",
    "TOO MANY COLUMNS": "te veel velden in de rij (gemengde scheidingstekens of een veld met ; zonder aanhalingstekens?)",
    "UNQUOTED VALUE": "aanhalingsteken niet afgesloten",
    "INVALID ENCODING": "ongeldige tekencodering",
    "INVALID UNICODE": "ongeldige tekencodering",
    "LINE SIZE OVER MAXIMUM": f"regel langer dan {MAX_LINE_BYTES // 1024} KiB",
}


class FileOrderLost(FeedbackError):
    """DuckDB planned a read that may not keep the file's row order: every line number in the
    quarantine and the findings would be wrong. A bug in feedbackcyclus, never bad input."""

    exit_code = 1


def create_in_file_order(con: duckdb.DuckDBPyConnection, table: str, query: str, params: list) -> None:
    """``CREATE TEMP TABLE table AS query`` such that ``rowid`` is the position in the file.

    Why this is not a plain CTAS: DuckDB keeps insertion order only when it can plan an
    order-preserving ("batch") insert. Its optimizer turns a constant ``IN`` list of five or
    more values (the trim test of ``clean_text`` has five, the yes/no words eight) into a join,
    and with a join in the pipeline the insert becomes a parallel one: at national scale the
    rows then land in the order the threads finish (measured: the first row of brp.csv at
    position 0 in one run, elsewhere in the next), and ``rowid + 2`` is no longer the line.
    So the rewrite is switched off for the read, and the plan is checked before it runs.
    """
    previous = con.execute("SELECT current_setting('disabled_optimizers')").fetchone()[0] or ""
    con.execute(f"SET disabled_optimizers = {sql_string(','.join(filter(None, [previous, 'in_clause'])))}")
    try:
        statement = f"CREATE OR REPLACE TEMP TABLE {table} AS {query}"
        plan = "\n".join(row[1] for row in con.execute("EXPLAIN " + statement, params).fetchall())
        if "BATCH_CREATE_TABLE_AS" not in plan:
            raise FileOrderLost(f"de inleesopdracht voor {table} behoudt de volgorde van het bestand niet; "
                                "regelnummers zouden niet kloppen. Dit is een fout in feedbackcyclus.")
        con.execute(statement, params)
    finally:
        con.execute(f"SET disabled_optimizers = {sql_string(previous)}")


def load_csv(con: duckdb.DuckDBPyConnection, src: SourceFile, contract: InputContract, table: str,
             query: Callable[[str], str]) -> int:
    """Read the file once into ``table``: every field as VARCHAR, through ``query(source)``.

    Rows keep file order (``rowid`` 0 is line 2, after the header). ``query`` wraps the
    ``read_csv`` call (columns named as in the contract); extra columns are read but not kept.
    """
    path = str(src.read_path or src.path)
    columns = "{" + ", ".join(f"{sql_string(c)}: 'VARCHAR'" for c in src.columns) + "}"
    rej = f"rej_{src.name}"
    con.execute(f"DROP TABLE IF EXISTS {rej}; DROP TABLE IF EXISTS {rej}_scan")
    try:
        create_in_file_order(con, table, query(_with_missing(
                f"""read_csv(?, delim=?, quote='"', escape='"', header=true, columns={columns},
                auto_detect=false, strict_mode=true, null_padding=false, store_rejects=true,
                rejects_table='{rej}', rejects_scan='{rej}_scan', max_line_size={MAX_LINE_BYTES},
                encoding='utf-8')""", src.missing_columns)),
            [path, src.delimiter])
    except duckdb.Error as exc:
        message, line = _safe_duckdb_message(exc)
        if src.read_path is None and re.search(r"unicode|encoding|utf-?8", message, re.IGNORECASE):
            raise NotUtf8() from None
        if "invalid state" in message and not src.line_ends_fixed and has_mixed_line_ends(Path(path)):
            raise MixedLineEnds() from None
        raise InputError(f"CSV onleesbaar: {message}", file=str(src.path), row=line,
                         rule="CSV volgens het invoercontract") from None
    reject = con.execute(f"SELECT line, error_type::VARCHAR, column_name, line_byte_position FROM {rej} "
                         "ORDER BY line LIMIT 1").fetchone()
    if reject and reject[1] in ("INVALID ENCODING", "INVALID UNICODE") and src.read_path is None:
        raise NotUtf8()
    if reject:
        total = con.execute(f"SELECT count(*) FROM {rej}").fetchone()[0]
        line, kind, column, line_start = reject
        if kind == "UNQUOTED VALUE" and quoted_line_length(Path(path), line_start) > MAX_LINE_BYTES:
            kind = "LINE SIZE OVER MAXIMUM"  # DuckDB stops at its line limit and calls the quote unclosed
        more = f" ({total} rijen in totaal afgekeurd)" if total > 1 else ""
        raise InputError(f"{REJECT_TEXT.get(kind, kind.lower())}{more}", file=str(src.path), row=int(line),
                         column=column if kind not in REJECT_TEXT else None,
                         rule="elke rij heeft precies de kolommen van de kopregel")
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def quoted_line_length(path: Path, start: int | None) -> int:
    """Bytes from ``start`` to the end of that CSV record (quotes honoured); 0 when its quote
    never closes. Tells a field longer than DuckDB's line limit from a really unclosed quote."""
    import mmap

    if start is None:
        return 0
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        pos, quoted = start, False
        while True:
            nxt = data.find(b'"', pos) if quoted else min(
                (i for i in (data.find(b'"', pos), data.find(b"\n", pos)) if i >= 0), default=-1)
            if nxt < 0:
                return 0 if quoted else len(data) - start
            if data[nxt:nxt + 1] == b"\n":
                return nxt - start
            quoted, pos = not quoted, nxt + 1


def load_parquet(con: duckdb.DuckDBPyConnection, src: SourceFile, contract: InputContract, table: str,
                 query: Callable[[str], str]) -> int:
    """Read a Parquet input through ``query(source)``; identifier columns must be text so leading
    zeros survive. Rows keep file order (``rowid`` 0 is row 1)."""
    try:
        described = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(src.path)]).fetchall()
    except duckdb.Error as exc:
        message, _ = _safe_duckdb_message(exc)
        raise InputError(f"Parquet onleesbaar: {message}", file=str(src.path), rule="geldig Parquet-bestand") from None
    names = mapped_names(src, [r[0] for r in described])
    src.headers = names
    src.extra_columns, src.missing_columns = check_columns(names, contract, str(src.path))
    originals, types = {}, {}
    for name, (original, typ, *_) in zip(names, described, strict=True):
        originals.setdefault(name, original)
        types.setdefault(name, typ)
    src.columns = list(originals)
    null_typed = _arrow_null_columns(src.path)
    selects = [f'NULL::VARCHAR AS "{c}"' for c in src.missing_columns]
    for col in contract.columns:
        if col.name in src.missing_columns:
            continue
        selects.append(f"{_parquet_text(col, originals[col.name], types[col.name], null_typed, src)} AS \"{col.name}\"")
    try:
        create_in_file_order(con, table, query(f"(SELECT {', '.join(selects)} FROM read_parquet(?))"),
                             [str(src.path)])
    except duckdb.Error as exc:
        message, _ = _safe_duckdb_message(exc)
        raise InputError(f"Parquet onleesbaar: {message}", file=str(src.path), rule="geldig Parquet-bestand") from None
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


NESTED = re.compile(r"^(STRUCT|MAP|UNION)\b|\]$")
FLOAT_TYPES = ("DOUBLE", "FLOAT", "REAL")


def _arrow_null_columns(path: Path) -> set[str]:
    """Columns of Arrow's null type (every value null, as pandas and pyarrow write an all-empty
    column): DuckDB reports them as INTEGER, but they are simply null (DESIGN.md §3 v2)."""
    try:
        schema = pq.read_schema(path)
    except (pa.ArrowException, OSError):
        return set()  # DuckDB read the file; let it judge the types
    return {f.name for f in schema if pa.types.is_null(f.type)}


def _parquet_text(col: Column, original: str, typ: str, null_typed: set[str], src: SourceFile) -> str:
    """The SQL turning one Parquet column into the contract's text form, or stop the run when
    its type cannot hold the column (DESIGN.md §3 v2: text, dates, amounts, booleans)."""
    source = '"' + original.replace('"', '""') + '"'
    if original in null_typed or typ == '"NULL"':
        return "NULL::VARCHAR"
    if NESTED.search(typ):
        raise InputError(f"Parquet-type {typ} is samengesteld (struct, lijst of map), geen enkele waarde",
                         file=str(src.path), column=col.name, rule="elke kolom is een enkelvoudige waarde")
    textual = typ.startswith("VARCHAR")
    if (col.kind in TEXT_ONLY_KINDS or col.name in TEXT_ONLY_NAMES) and not textual:
        raise InputError(f"Parquet-type {typ}: identificaties moeten tekst (VARCHAR) zijn zodat voorloopnullen "
                         "behouden blijven", file=str(src.path), column=col.name, rule="identificaties zijn tekst")
    if col.kind in (Kind.DATE, Kind.LO3_DATE) and (typ.startswith("DATE") or typ.startswith("TIMESTAMP")):
        return f"strftime(CAST({source} AS DATE), '%Y-%m-%d')"
    if col.kind in (Kind.DATE, Kind.LO3_DATE) and not textual:
        raise InputError(f"Parquet-type {typ} is geen datum of tekst", file=str(src.path), column=col.name,
                         rule="datums als DATE of tekst JJJJ-MM-DD")
    if col.kind is Kind.BOOL and typ == "BOOLEAN":
        return f"CASE WHEN {source} THEN 'true' WHEN NOT {source} THEN 'false' END"
    if col.kind is Kind.DECIMAL and typ in FLOAT_TYPES:  # no exponent notation: 1e-05 is an amount too
        return f"CAST(TRY_CAST({source} AS DECIMAL(38, 6)) AS VARCHAR)"
    return f"CAST({source} AS VARCHAR)"


def first_row_number(src: SourceFile) -> int:
    """The number an analyst sees for the first data row: line 2 of a CSV, row 1 of Parquet."""
    return 1 if src.format == "parquet" else 2


def load(con: duckdb.DuckDBPyConnection, src: SourceFile, contract: InputContract, table: str,
         query: Callable[[str], str]) -> int:
    """Load the file into ``table``; stop when it has no data rows (a register can't be empty)."""
    rows = (load_parquet if src.format == "parquet" else load_csv)(con, src, contract, table, query)
    if rows == 0:
        raise InputError("bevat alleen een kopregel en geen gegevensrijen", file=str(src.path),
                         rule="een periode-extract is nooit leeg")
    return rows
