"""Ingest the four inputs of a period into the run's staged tables.

For each input: locate and fingerprint the file, read it as text into DuckDB, apply the
pandera row contract (``transforms.staging``), and register ``stg_<input>``. Quarantine
lines and findings of all inputs end up in ``quarantine`` and ``findings``; the BSNs with
an ambiguous key in ``brp`` or ``rni`` in ``excluded_bsn``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from feedbackcyclus.settings import Settings
from schemas.contract import CONTRACTS, INPUT_ORDER
from transforms import source_files
from transforms.source_mapping import SourceMapping, load_mappings
from transforms.staging import ISSUE_SCHEMA, stage


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
                 tmp_dir: Path, mapping: SourceMapping | None = None
                 ) -> tuple[InputReport, pl.DataFrame, pl.DataFrame, pl.Series]:
    contract = CONTRACTS[name]
    path = source_files.locate(period_dir, name)
    src = source_files.inspect(path, contract, tmp_dir, mapping)
    raw_table = f"raw_{name}"
    rows = source_files.load(con, src, contract, raw_table)
    if src.read_path:
        src.read_path.unlink(missing_ok=True)
    # The raw frame is handed over without a name here, so staging can free it early.
    staged = stage(con.sql(f"SELECT * FROM {raw_table}").pl(), contract, settings.quality,
                   day_first=bool(mapping and mapping.day_first))
    con.execute(f"DROP TABLE {raw_table}")
    clean = staged.clean  # noqa: F841 - referenced by name in the SQL below
    con.execute(f"CREATE OR REPLACE TEMP TABLE stg_{name} AS SELECT * FROM clean")
    loaded = staged.loaded
    del clean
    staged.clean = staged.clean.clear()  # the rows now live in DuckDB
    report = InputReport(
        path=str(path), sha256=src.sha256, encoding=src.encoding, rows=rows, loaded=loaded,
        quarantined=staged.quarantine.height, findings=staged.findings.height,
        extra_columns=src.extra_columns, format=src.format,
        delimiter=src.delimiter if src.format == "csv" else None,
    )
    if report.rows != report.loaded + report.quarantined:
        raise AssertionError(f"{name}: rows {rows} != loaded {report.loaded} + quarantined {report.quarantined}")
    return report, staged.quarantine, staged.findings, staged.conflicting_keys


def ingest_period(con: duckdb.DuckDBPyConnection, settings: Settings, period: str,
                  tmp_dir: Path, progress=None) -> dict[str, InputReport]:
    """Stage all four inputs; returns the per-input manifest entries."""
    period_dir = settings.inbox / period
    reports: dict[str, InputReport] = {}
    quarantine, findings, excluded = [], [], []
    mappings = load_mappings(settings.source_mappings)
    for name in INPUT_ORDER:
        if progress:
            progress(f"inlezen {name}")
        report, q, f, keys = ingest_input(con, period_dir, name, settings, tmp_dir, mappings.get(name))
        reports[name] = report
        quarantine.append(q)
        findings.append(f)
        if name in ("brp", "rni"):
            excluded.append(pl.DataFrame({"bsn": keys}, schema={"bsn": pl.Utf8}))
        if progress:
            progress(f"{name}: {report.rows} rijen, {report.loaded} geladen, {report.quarantined} in quarantaine, "
                     f"{report.findings} bevindingen")
    all_q = pl.concat(quarantine).cast(ISSUE_SCHEMA)  # noqa: F841
    all_f = pl.concat(findings).cast(ISSUE_SCHEMA)  # noqa: F841
    all_x = pl.concat(excluded).unique()  # noqa: F841
    con.execute("CREATE OR REPLACE TEMP TABLE quarantine AS SELECT * FROM all_q")
    con.execute("CREATE OR REPLACE TEMP TABLE findings AS SELECT * FROM all_f")
    con.execute("CREATE OR REPLACE TEMP TABLE excluded_bsn AS SELECT DISTINCT bsn FROM all_x")
    return reports
