"""Readers for the generator's own data files in ``sample_data/data/`` (names, streets, employer
name parts). Reference tables that are product data live in ``schemas/reference`` instead."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


@cache
def read_rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of a ``;``-separated UTF-8 file with a header, in file order."""
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh, delimiter=";"))


@cache
def read_lines(name: str) -> tuple[str, ...]:
    """The lines of a UTF-8 text file, one value a line, in file order."""
    return tuple((DATA_DIR / name).read_text(encoding="utf-8").splitlines())
