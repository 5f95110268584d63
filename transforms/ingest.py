"""Ingest the four inputs of a period into the run's staged tables.

For each input: locate and fingerprint the file, read it once as text into DuckDB
(normalised while reading), apply the row rules set-based (``transforms.staging``), and
register ``stg_<input>``. Quarantine lines and findings of all inputs end up in
``quarantine`` and ``findings``; the BSNs with an ambiguous key in ``brp`` or ``rni`` in
``excluded_bsn``. No input is ever held as a data frame.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from feedbackcyclus.errors import InputError
from feedbackcyclus.settings import Settings
from schemas.contract import CONTRACTS, INPUT_ORDER
from transforms import source_files
from transforms.source_mapping import SourceMapping, load_mappings
from transforms.staging import normalised_query, stage, staged_tables


@dataclass
class InputReport:
    """What the manifest says about one input (DESIGN.md §5 ``inputs``)."""

    path: str
    sha256: str
    encoding: str
    rows: int
    loaded: int
    quarantined: int
    findings: int
    extra_columns: list[str] = field(default_factory=list)
    format: str = "csv"
    delimiter: str | None = ";"

    def as_manifest(self) -> dict:
        return asdict(self)


def ingest_input(con: duckdb.DuckDBPyConnection, period_dir: Path, name: str, settings: Settings,
                 tmp_dir: Path, mapping: SourceMapping | None = None) -> InputReport:
    """Read one input once (normalised on the way in) and stage it; the rows stay in DuckDB."""
    contract = CONTRACTS[name]
    path = source_files.locate(period_dir, name)
    src = source_files.inspect(path, contract, tmp_dir, mapping)
    raw_table = f"raw_{name}"
    day_first = bool(mapping and mapping.day_first)

    def load() -> None:
        source_files.load(con, src, contract, raw_table, lambda source: normalised_query(contract, source, day_first))

    try:
        try:
            load()
        except source_files.NotUtf8:
            # Optimistic UTF-8 did not hold: classify the whole file (Windows-1252 is accepted
            # and transcoded, anything else stops the run) and read it again.
            src.encoding = source_files.classify_encoding(path)
            if src.encoding != "windows-1252":  # valid UTF-8 to Python, not to DuckDB
                raise InputError("ongeldige tekencodering", file=str(path),
                                 rule="CSV in UTF-8 (met of zonder BOM) of Windows-1252") from None
            source_files.read_header(src, tmp_dir)
            load()
    except InputError:
        src.digest.result()  # a file with NUL bytes is reported as such, not as whatever broke first
        raise
    src.sha256 = src.digest.result()
    if src.read_path:
        src.read_path.unlink(missing_ok=True)
    staged = stage(con, raw_table, contract, settings.quality, offset=source_files.first_row_number(src))
    return InputReport(
        path=str(path), sha256=src.sha256, encoding=src.encoding, rows=staged.rows, loaded=staged.loaded,
        quarantined=staged.quarantined, findings=staged.findings,
        extra_columns=src.extra_columns, format=src.format,
        delimiter=src.delimiter if src.format == "csv" else None,
    )


def ingest_period(con: duckdb.DuckDBPyConnection, settings: Settings, period: str,
                  tmp_dir: Path, progress=None) -> dict[str, InputReport]:
    """Stage all four inputs; returns the per-input manifest entries.

    Leaves ``stg_<input>``, and across inputs ``quarantine``, ``findings`` and
    ``excluded_bsn`` (BSNs with an ambiguous key in ``brp`` or ``rni``).
    """
    period_dir = settings.inbox / period
    reports: dict[str, InputReport] = {}
    mappings = load_mappings(settings.source_mappings)
    for name in INPUT_ORDER:
        if progress:
            progress(f"inlezen {name}")
        report = ingest_input(con, period_dir, name, settings, tmp_dir, mappings.get(name))
        reports[name] = report
        if progress:
            progress(f"{name}: {report.rows} rijen, {report.loaded} geladen, {report.quarantined} in quarantaine, "
                     f"{report.findings} bevindingen")
    for kind in ("quarantine", "findings"):
        union = " UNION ALL ".join(f"SELECT bron, rijnummer, reden, kolom, waarde FROM {staged_tables(n)[kind]}"
                                   for n in INPUT_ORDER)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {kind} AS {union}")
        for n in INPUT_ORDER:
            con.execute(f"DROP TABLE {staged_tables(n)[kind]}")
    con.execute("CREATE OR REPLACE TEMP TABLE excluded_bsn AS "
                "SELECT bsn FROM conflicts_brp UNION SELECT bsn FROM conflicts_rni")
    for n in INPUT_ORDER:
        con.execute(f"DROP TABLE {staged_tables(n)['conflicts']}")
    return reports
