"""Writing one period: CSV files in the contract's dialects (and the GBA-V extract via
``lo3_writer``), bad rows applied chunk by chunk.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

from sample_data.bad_rows import BadRows
from sample_data.layout import COLUMNS, FILES
from sample_data.lo3_writer import Lo3Sink
from sample_data.model import Model
from sample_data.months import EPOCH_ORDINAL, last_day


class CsvSink:
    """An open CSV file that chunks are appended to, in one of the contract's dialects."""

    def __init__(self, path: Path, columns: tuple[str, ...], variation: str | None) -> None:
        self.path, self.columns = path, columns
        self.separator = "," if variation == "comma" else ";"
        self.encoding = "cp1252" if variation == "windows-1252" else "utf-8"
        self.rows = 0
        self._fh = path.open("wb")
        if variation == "bom":
            self._fh.write(b"\xef\xbb\xbf")
        self._fh.write((self.separator.join(columns) + "\n").encode(self.encoding))

    def write(self, df: pl.DataFrame) -> None:
        df = df.select(self.columns)
        self.rows += len(df)
        if self.encoding == "utf-8":
            df.write_csv(self._fh, include_header=False, separator=self.separator)
        else:
            self._fh.write(df.write_csv(include_header=False, separator=self.separator).encode(self.encoding))

    def close(self) -> None:
        self._fh.close()


def write_period(model: Model, month: int, folder: Path, variation: tuple[str, str] | None,
                 register_format: str = "brp-rni") -> dict[str, int]:
    """Write the inputs of one period; returns the number of data rows per file.

    ``register_format="gbav"``: the same register rows as one GBA-V extract ``gbav.csv``
    (``sample_data/lo3_writer.py``; its count is persoonslijsten) instead of ``brp`` and ``rni``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    kind = {variation[0]: variation[1]} if variation else {}
    date_fmt = "%Y%m%d" if kind.get("polis") == "yyyymmdd" else "%Y-%m-%d"
    gbav = register_format == "gbav"
    written = ("polis", "werkgevers") if gbav else FILES
    sinks = {n: CsvSink(folder / f"{n}.csv", COLUMNS[n], kind.get(n)) for n in written}
    lo3 = Lo3Sink(folder / "gbav.csv", model.seed, date.fromordinal(int(last_day(month)) + EPOCH_ORDINAL)) \
        if gbav else None
    bad = {n: BadRows(n, model.seed, month, date_fmt if n == "polis" else "%Y-%m-%d") for n in FILES}
    try:
        for seg, key in model.chunks():
            people = model.people(seg, key, month)
            registers = {}
            for name, frame in (
                ("brp", model.brp_frame(people)),
                ("rni", model.rni_frame(people, month)),
                ("polis", model.polis_frame(people, month, date_fmt)),
            ):
                if frame is not None and len(frame):
                    frame = bad[name].apply(frame)
                    if name in sinks:
                        sinks[name].write(frame)
                    else:
                        registers[name] = frame
            if lo3 is not None and registers:
                lo3.write(registers.get("brp"), registers.get("rni"))
        sinks["werkgevers"].write(bad["werkgevers"].apply(model.employers.frame(month)))
    finally:
        for sink in [*sinks.values(), *([lo3] if lo3 else [])]:
            sink.close()
    counts = {n: sinks[n].rows for n in written}
    if lo3 is not None:
        counts["gbav"] = lo3.rows
    return counts
