"""Text-file repairs the reader falls back on when optimistic reading does not hold: a file
that is not UTF-8 (classified, and transcoded when Windows-1252) and a file that mixes CRLF and
LF line ends (DuckDB's strict CSV parser takes one kind per file). Both stream in chunks, so a
national file is never held in memory, and both only run after a first read failed.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from feedbackcyclus.errors import InputError

CHUNK = 16 * 1024 * 1024
CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
NUL_MESSAGE = "bevat NUL-bytes: dit is geen tekstbestand (binair of UTF-16?)"


class NotUtf8(Exception):
    """DuckDB met bytes that are not UTF-8 while reading: classify the file, maybe transcode."""


class MixedLineEnds(Exception):
    """The file mixes CRLF and LF line ends (DuckDB's strict parser takes one kind per file):
    read a copy with LF only."""


BARE_LF = re.compile(rb"(?<!\r)\n")


def has_mixed_line_ends(path: Path) -> bool:
    """One streaming pass: does the file hold both CRLF and a bare LF? Only run when strict
    parsing failed, so a well-formed national file is never scanned twice."""
    crlf = lf = False
    previous = b""
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            text = previous + chunk
            crlf = crlf or b"\r\n" in text
            lf = lf or BARE_LF.search(text, len(previous)) is not None  # the carried byte was judged already
            if crlf and lf:
                return True
            previous = chunk[-1:]
    return False


def normalise_line_ends(path: Path, target: Path) -> None:
    """Streaming copy with every CRLF turned into LF (a CR at a chunk's end waits for the next)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    carry = b""
    tmp = target.with_name(target.name + ".tmp")
    with path.open("rb") as src, tmp.open("wb") as dst:
        while chunk := src.read(CHUNK):
            data = carry + chunk
            carry = b"\r" if data.endswith(b"\r") else b""
            dst.write(data[:-1].replace(b"\r\n", b"\n") if carry else data.replace(b"\r\n", b"\n"))
        dst.write(carry)
    tmp.replace(target)


def classify_encoding(path: Path) -> str:
    """One streaming pass: ``utf-8``, ``utf-8-bom`` or ``windows-1252``, else stop the run.

    Only needed when a file is not plain UTF-8 (DuckDB itself checks UTF-8 while reading,
    see ``ingest_input``), so national UTF-8 files are not decoded twice.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8_ok, cp1252_ok, bom = True, True, False
    with path.open("rb") as fh:
        first = True
        while chunk := fh.read(CHUNK):
            if first:
                bom, first = chunk.startswith(codecs.BOM_UTF8), False
            if b"\x00" in chunk:
                raise InputError(NUL_MESSAGE, file=str(path), rule="CSV in UTF-8 of Windows-1252")
            if utf8_ok:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8_ok = False
            if cp1252_ok and any(b in chunk for b in CP1252_UNDEFINED):
                cp1252_ok = False
    if utf8_ok:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8_ok = False
    if utf8_ok:
        return "utf-8-bom" if bom else "utf-8"
    if cp1252_ok:
        return "windows-1252"
    raise InputError("de tekencodering is geen UTF-8 en geen Windows-1252", file=str(path),
                     rule="CSV in UTF-8 (met of zonder BOM) of Windows-1252")


def transcode_cp1252(path: Path, target: Path) -> None:
    """Streaming Windows-1252 → UTF-8 copy, because DuckDB's latin-1 mode rejects 0x80–0x9F."""
    target.parent.mkdir(parents=True, exist_ok=True)
    decoder = codecs.getincrementaldecoder("cp1252")()
    with path.open("rb") as src, target.open("wb") as dst:
        while chunk := src.read(CHUNK):
            dst.write(decoder.decode(chunk).encode("utf-8"))
        dst.write(decoder.decode(b"", final=True).encode("utf-8"))
