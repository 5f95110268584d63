"""Find, fingerprint and read one input file of a period into a raw DuckDB table.

Why this is more than ``read_csv``: the registers must never be made to lie (DESIGN.md §3),
so a structurally broken file (ragged rows, an unterminated quote, a binary blob, an
unknown encoding) stops the run with a message naming file, row and rule instead of
silently losing rows. Values are read as text: identifiers keep their leading zeros.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from feedbackcyclus.errors import InputError
from feedbackcyclus.sqltext import sql_string
from schemas.contract import Column, InputContract, Kind
from transforms.source_mapping import SourceMapping
from transforms.text_repair import (  # noqa: F401 - part of this module's interface for ingest
    CHUNK,
    NUL_MESSAGE,
    MixedLineEnds,
    classify_encoding,
    has_mixed_line_ends,
    normalise_line_ends,
    transcode_cp1252,
)

MAX_LINE_BYTES = 1024 * 1024
# Columns whose leading zeros matter: a Parquet file must deliver them as text.
TEXT_ONLY_KINDS = (Kind.BSN, Kind.LHNR, Kind.GEMEENTECODE, Kind.POSTCODE)
TEXT_ONLY_NAMES = ("kvk_nummer", "sector_code", "nationaliteit", "land_woonadres", "ikv_id")


@dataclass
class SourceFile:
    """What the manifest records about one input, plus what the reader needs."""

    name: str
    path: Path
    format: str
    sha256: str = ""
    encoding: str = "utf-8"
    delimiter: str = ";"
    columns: list[str] = field(default_factory=list)  # names to read by (unique)
    headers: list[str] = field(default_factory=list)  # the (mapped) header as delivered
    extra_columns: list[str] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)  # nullable contract columns absent: null in every row
    read_path: Path | None = None  # a UTF-8 (LF) copy when the original was Windows-1252 or had mixed line ends
    digest: Digest | None = None  # the sha256, being computed in the background
    mapping: SourceMapping | None = None  # supplier headers → contract columns (config/bronnen.toml)
    line_ends_fixed: bool = False  # read_path is an LF-only copy


def locate(period_dir: Path, name: str) -> Path:
    """``NAME.csv`` or ``NAME.parquet`` in the period folder, exactly one of them."""
    if not period_dir.exists():
        raise InputError(f"de periodemap {period_dir} bestaat niet", rule="inbox/<JJJJ-MM>/ per periode")
    if not period_dir.is_dir():
        raise InputError(f"{period_dir} is geen map", rule="inbox/<JJJJ-MM>/ per periode")
    found = [period_dir / f"{name}.{ext}" for ext in ("csv", "parquet") if (period_dir / f"{name}.{ext}").exists()]
    if not found:
        raise InputError(f"{name}.csv of {name}.parquet ontbreekt in {period_dir}", file=name,
                         rule="elke periode levert polis, werkgevers, brp en rni")
    if len(found) > 1:
        raise InputError(f"zowel {name}.csv als {name}.parquet in {period_dir}; lever er één",
                         file=name, rule="één bestand per invoer")
    path = found[0]
    if not path.is_file():
        raise InputError("is geen gewoon bestand (een map?)", file=str(path), rule="invoer is een bestand")
    if path.stat().st_size == 0:
        raise InputError("het bestand is leeg (geen kopregel)", file=str(path), rule="CSV met kopregel")
    return path




class NotUtf8(Exception):
    """DuckDB met bytes that are not UTF-8 while reading: classify the file, maybe transcode."""


class Digest:
    """sha256 of a file (and whether it holds NUL bytes), computed in a background thread.

    ``hashlib`` releases the GIL, so hashing a national register (1.8 GB, ~1.5 s) runs while
    DuckDB reads the same file instead of before it.
    """

    def __init__(self, path: Path, *, text: bool) -> None:
        self.path, self.text = path, text
        self._result: tuple[str, bool] | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=f"sha256-{path.name}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            digest, nul = hashlib.sha256(), False
            with self.path.open("rb") as fh:
                while chunk := fh.read(CHUNK):
                    digest.update(chunk)
                    nul = nul or (self.text and b"\x00" in chunk)
            self._result = (digest.hexdigest(), nul)
        except BaseException as exc:  # noqa: BLE001 - re-raised in result()
            self._error = exc

    def result(self) -> str:
        """The hex digest; stops the run if a text file turned out to hold NUL bytes."""
        self._thread.join()
        if self._error:
            raise self._error
        digest, nul = self._result
        if nul:
            raise InputError(NUL_MESSAGE, file=str(self.path), rule="CSV in UTF-8 of Windows-1252")
        return digest


def _header_line(path: Path, encoding: str) -> str:
    """The first line, decoded on its own (the rest of the file may still turn out not to be UTF-8)."""
    codec = "cp1252" if encoding == "windows-1252" else "utf-8-sig"
    with path.open("rb") as fh:
        line = fh.readline(MAX_LINE_BYTES)
    try:
        text = line.decode(codec)
    except UnicodeDecodeError:
        raise InputError("de kopregel is geen geldige tekst in UTF-8 of Windows-1252", file=str(path), row=1,
                         rule="CSV in UTF-8 (met of zonder BOM) of Windows-1252") from None
    return re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]  # a lone CR ends a line too


def detect_delimiter(header: str, file: str) -> str:
    """``;`` is the contract; a ``,`` file is accepted. Anything else stops the run."""
    if ";" in header:
        return ";"
    if "," in header:
        return ","
    for other, label in (("\t", "tab"), ("|", "|")):
        if other in header:
            raise InputError(f"scheidingsteken {label} wordt niet ondersteund", file=file, row=1,
                             rule="scheidingsteken ; (of ,)")
    return ";"


def check_columns(names: list[str], contract: InputContract, file: str) -> tuple[list[str], list[str]]:
    """Stop on a contract column that occurs twice or a missing required one; return the extra
    columns (ignored, listed in the manifest) and the missing nullable ones (null in every row,
    listed in the manifest: DESIGN.md §3 v2). A header the contract does not need may repeat or
    be empty: it is ignored like any extra column."""
    wanted = set(contract.column_names)
    seen: set[str] = set()
    for n in names:
        if n in seen and n in wanted:
            raise InputError(f"kolomnaam {n!r} komt twee keer voor in de kopregel", file=file, row=1,
                             column=n, rule="unieke kolomnamen")
        seen.add(n)
    missing = [c for c in contract.columns if c.name not in seen]
    required = [c.name for c in missing if c.required]
    if required:
        raise InputError(f"verplichte kolom ontbreekt: {', '.join(required)}", file=file, row=1,
                         column=required[0], rule=f"kolommen van {contract.name} (DESIGN.md §3)")
    return list(dict.fromkeys(n for n in names if n not in wanted)), [c.name for c in missing]


def _unique_names(names: list[str]) -> list[str]:
    """Names DuckDB can read by: an ignored header that is empty or repeated gets a position suffix."""
    seen: set[str] = set()
    out = []
    for i, n in enumerate(names):
        name = n if n and n not in seen else f"{n or 'kolom'}#{i + 1}"
        seen.add(name)
        out.append(name)
    return out


def _with_missing(source: str, missing: list[str]) -> str:
    """``source`` plus a null text column for every missing nullable contract column."""
    if not missing:
        return source
    nulls = ", ".join(f'NULL::VARCHAR AS "{c}"' for c in missing)
    return f"(SELECT *, {nulls} FROM {source})"


def _mapped(src: SourceFile, names: list[str]) -> list[str]:
    return src.mapping.rename(names) if src.mapping else names


def _normalise_name(name: str) -> str:
    return name.strip().strip('"').strip().lower()


def _first_bytes(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(MAX_LINE_BYTES)


def inspect(path: Path, contract: InputContract, tmp_dir: Path, mapping: SourceMapping | None = None) -> SourceFile:
    """Read the header and settle the encoding as far as the first line tells; no rows are read.

    The sha256 is started in the background (``src.digest``). A file whose first line is valid
    UTF-8 is taken to be UTF-8 until DuckDB meets a byte that is not (``NotUtf8``, handled by
    ``ingest_input``); anything else is classified now and transcoded when Windows-1252.
    """
    src = open_source(path, contract.name, tmp_dir, mapping)
    if src.format == "csv":
        src.extra_columns, src.missing_columns = check_columns(src.headers, contract, str(path))
    return src


def open_source(path: Path, name: str, tmp_dir: Path, mapping: SourceMapping | None = None) -> SourceFile:
    """``inspect`` without the contract's column check (a GBA-V extract has its own)."""
    fmt = "parquet" if path.suffix == ".parquet" else "csv"
    src = SourceFile(name=name, path=path, format=fmt, mapping=mapping)
    src.digest = Digest(path, text=fmt == "csv")
    if fmt == "parquet":
        src.encoding = "parquet"
        return src
    head = _first_bytes(path)
    if b"\x00" in head:
        raise InputError(NUL_MESSAGE, file=str(path), rule="CSV in UTF-8 of Windows-1252")
    try:
        head.split(b"\n", 1)[0].decode("utf-8")  # the first line (or the whole head if it has none)
        src.encoding = "utf-8-bom" if head.startswith(codecs.BOM_UTF8) else "utf-8"
    except UnicodeDecodeError:
        src.encoding = classify_encoding(path)
    read_header(src, tmp_dir)
    return src


def read_header(src: SourceFile, tmp_dir: Path) -> None:
    """Delimiter and (mapped) column names from the first line; transcode a Windows-1252 file."""
    header = _header_line(src.path, src.encoding)
    if not header.strip():
        raise InputError("de eerste regel (kopregel) is leeg", file=str(src.path), row=1, rule="CSV met kopregel")
    src.delimiter = detect_delimiter(header, str(src.path))
    src.headers = _mapped(src, [_normalise_name(n) for n in next(csv.reader([header], delimiter=src.delimiter))])
    src.columns = _unique_names(src.headers)
    if src.encoding == "windows-1252":
        src.read_path = tmp_dir / f"{src.name}.utf8.csv"
        transcode_cp1252(src.path, src.read_path)


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
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {table} AS " + query(_with_missing(
                f"""read_csv(?, delim=?, quote='"', escape='"', header=true, columns={columns},
                auto_detect=false, strict_mode=true, null_padding=false, store_rejects=true,
                rejects_table='{rej}', rejects_scan='{rej}_scan', max_line_size={MAX_LINE_BYTES},
                encoding='utf-8')""", src.missing_columns)),
            [path, src.delimiter],
        )
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
    names = _mapped(src, [_normalise_name(r[0]) for r in described])
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
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS "
                    + query(f"(SELECT {', '.join(selects)} FROM read_parquet(?))"), [str(src.path)])
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
