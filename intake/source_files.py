"""Find and fingerprint one input file of a period and settle its header, delimiter and encoding.

Why this is more than ``read_csv``: the registers must never be made to lie (DESIGN.md §3),
so a structurally broken file (ragged rows, an unterminated quote, a binary blob, an
unknown encoding) stops the run with a message naming file, row and rule instead of
silently losing rows. Values are read as text: identifiers keep their leading zeros. This
module looks at the file (no rows read); ``intake.loaders`` reads the rows into DuckDB.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from feedbackcyclus.errors import InputError
from intake.source_mapping import SourceMapping
from intake.text_repair import CHUNK, NUL_MESSAGE, classify_encoding, transcode_cp1252
from schemas.contract import InputContract

MAX_LINE_BYTES = 1024 * 1024


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


def mapped_names(src: SourceFile, names: list[str]) -> list[str]:
    """Delivered column names as the contract's: normalised, then renamed by the source mapping."""
    names = [n.strip().strip('"').strip().lower() for n in names]
    return src.mapping.rename(names) if src.mapping else names


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
    src.headers = mapped_names(src, next(csv.reader([header], delimiter=src.delimiter)))
    src.columns = _unique_names(src.headers)
    if src.encoding == "windows-1252":
        src.read_path = tmp_dir / f"{src.name}.utf8.csv"
        transcode_cp1252(src.path, src.read_path)
