"""Which columns of a CSV file hold a field that starts or ends with a trim character.

Staging trims every value (``sql_rules.clean_text``: spaces, tabs, CR, LF and no-break
spaces at either end, DESIGN.md §3). Per cell that test costs ~80 ns in DuckDB, ~20 CPU-s
over a national month's polis, brp and rni, while in a well-kept extract no field needs it.
So before an input is read, one byte scan of the whole file (GNU ``grep`` in the C locale,
~2 s of one core for the 1.8 GB brp) finds the few lines that *may* hold such a field, and
Python looks at just those lines to name the columns; the read then trims only those
columns and takes every other value as it is (an empty field is null either way). The scans
run in a background thread ahead of the reads (``EdgeScans``), so only the first input waits
for its own scan.

Why this is exact: without quotes a field is the text between two delimiters (or a line end),
so a field starts with a space exactly when the line starts with one or holds delimiter +
space, and ends with one likewise. A tab, CR or no-break space anywhere flags the line (they
are rare). Whatever the scan cannot judge line by line gives ``None`` — trim every column, as
before: a quote anywhere (a quoted field may hold delimiters and line ends), a CR (line ends
in this file are not plain LF), more flagged lines than ``MAX_FLAGGED_LINES``, a failed or
missing ``grep``, a line that is not UTF-8. The result is only used for the very bytes it
scanned: a file that is transcoded or rewritten before the read is trimmed in full.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Iterable
from pathlib import Path

from feedbackcyclus.errors import InputError
from intake.source_files import MAX_LINE_BYTES, detect_delimiter
from schemas.sql_rules import TRIM_CHARACTERS

MAX_FLAGGED_LINES = 100_000
NBSP_UTF8 = "\u00a0".encode()
DELIMITERS = (";", ",")  # what ``source_files.detect_delimiter`` accepts


def flag_pattern(delimiter: str) -> bytes:
    """The ``grep -E`` pattern (C locale, bytes) of a line that may hold an edged field."""
    if delimiter not in DELIMITERS:
        raise ValueError(f"no edge scan for delimiter {delimiter!r}")
    d = delimiter.encode()
    return b"|".join([b"^ ", b" $", b"[" + d + b"] ", b" [" + d + b"]", b'[\t\r"]', NBSP_UTF8])


def edged_fields(path: Path, delimiter: str, max_lines: int = MAX_FLAGGED_LINES) -> frozenset[int] | None:
    """The 0-based positions of the fields that start or end with a trim character in some data
    line of ``path`` (a UTF-8 CSV with a header line); None when that cannot be told exactly
    (see the module docstring), meaning: trim every column."""
    grep = shutil.which("grep")
    if grep is None or delimiter not in DELIMITERS:
        return None
    try:
        done = subprocess.run([grep, "-a", "-n", "-m", str(max_lines + 1), "-E", flag_pattern(delimiter), os.fspath(path)],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={**os.environ, "LC_ALL": "C"},
                              check=False)
    except OSError:
        return None
    if done.returncode == 1:
        return frozenset()
    lines = done.stdout.split(b"\n")[:-1]
    if done.returncode != 0 or len(lines) > max_lines:
        return None
    return _positions((line.split(b":", 1) for line in lines), delimiter)


def _positions(numbered: Iterable[list[bytes]], delimiter: str) -> frozenset[int] | None:
    found: set[int] = set()
    for number, line in numbered:
        if number == b"1":  # the header: names, not values
            continue
        if b'"' in line or b"\r" in line:
            return None
        try:
            fields = line.decode("utf-8").split(delimiter)
        except UnicodeDecodeError:
            return None
        found.update(i for i, f in enumerate(fields) if f != f.strip(TRIM_CHARACTERS))
    return frozenset(found)


def first_line_delimiter(path: Path) -> str:
    """The delimiter ``source_files.detect_delimiter`` will pick ("" for one it refuses), from
    the first line's bytes (every candidate is ASCII, so any ASCII-compatible decoding will do)."""
    with path.open("rb") as fh:
        first = fh.readline(MAX_LINE_BYTES)
    try:
        return detect_delimiter(first.decode("latin-1"), str(path))
    except InputError:
        return ""


class EdgeScans:
    """The edge scans of a period's CSV inputs, run one after another in a background thread
    in the order the inputs are read, so each is usually done before its read starts."""

    def __init__(self, paths: dict[str, Path]) -> None:
        self._results: dict[str, tuple[Path, str, frozenset[int] | None]] = {}
        self._done = {name: threading.Event() for name in paths}
        self._thread = threading.Thread(target=self._run, args=(dict(paths),), name="edge-scan", daemon=True)
        self._thread.start()

    def _run(self, paths: dict[str, Path]) -> None:
        for name, path in paths.items():
            try:
                delimiter = first_line_delimiter(path)
                self._results[name] = (path, delimiter, edged_fields(path, delimiter))
            except OSError:
                self._results[name] = (path, "", None)
            finally:
                self._done[name].set()

    def columns_to_trim(self, name: str, read_path: Path, delimiter: str, columns: list[str]) -> set[str] | None:
        """The columns (names in file order ``columns``) the read of ``read_path`` must trim;
        None: all of them (not scanned, scanned other bytes or another delimiter, or not exact)."""
        if name not in self._done:
            return None
        self._done[name].wait()
        path, scanned_delimiter, positions = self._results[name]
        if positions is None or path != read_path or scanned_delimiter != delimiter:
            return None
        return {columns[i] for i in positions if i < len(columns)}
