"""Ingest the inputs of a period into the run's staged tables.

For each input: locate and fingerprint the file, read it once as text into DuckDB
(normalised while reading), apply the row rules set-based (``intake.staging``), and
register ``stg_<input>``. The registers come either as ``brp`` + ``rni`` or as one GBA-V
extract ``gbav`` (DESIGN.md §3a), which is mapped into the same ``stg_brp`` and ``stg_rni`` so
matching does not know the difference. Quarantine lines and findings of all inputs end up in
``quarantine`` and ``findings``; the BSNs with an ambiguous key in ``excluded_bsn``. No input
is ever held as a data frame.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from feedbackcyclus.errors import InputError
from feedbackcyclus.periods import peildatum
from feedbackcyclus.settings import Settings
from feedbackcyclus.sqltext import sql_string
from intake import source_files, text_repair
from intake.edge_scan import EdgeScans
from intake.loaders import create_in_file_order, first_row_number, load, load_csv
from intake.source_files import MAX_LINE_BYTES
from intake.source_mapping import SourceMapping, load_mappings, mapping_path
from intake.staging import normalised_query, stage, staged_columns, staged_tables, typed_extra
from schemas import gbav
from schemas.contract import BRP_FROM_GBAV, CONTRACTS, RNI
from schemas.rules import RuleInputs

REGISTER_INPUTS = ("brp", "rni")
GBAV = "gbav"


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
    missing_columns: list[str] = field(default_factory=list)
    format: str = "csv"
    delimiter: str | None = ";"
    lines: int | None = None  # gbav only: lines of the extract (rows = persoonslijsten)

    def as_manifest(self) -> dict:
        entry = asdict(self)
        if entry["lines"] is None:
            del entry["lines"]
        return entry


def _read(src: source_files.SourceFile, tmp_dir: Path, attempt: Callable[[], None]) -> None:
    """Run ``attempt`` once; when the optimistic reading did not hold, fix the copy read and retry.

    Not UTF-8: classify the whole file (Windows-1252 is accepted and transcoded, anything else
    stops the run). Mixed CRLF/LF line ends: read a copy with LF only (DESIGN.md §3 v2).
    """
    for _ in range(3):
        try:
            attempt()
            break
        except text_repair.NotUtf8:
            src.encoding = text_repair.classify_encoding(src.path)
            if src.encoding != "windows-1252":  # valid UTF-8 to Python, not to DuckDB
                raise InputError("ongeldige tekencodering", file=str(src.path),
                                 rule="CSV in UTF-8 (met of zonder BOM) of Windows-1252") from None
            source_files.read_header(src, tmp_dir)
        except text_repair.MixedLineEnds:
            target = tmp_dir / f"{src.name}.lf.csv"
            text_repair.normalise_line_ends(src.read_path or src.path, target)
            if src.read_path and src.read_path != target:
                src.read_path.unlink(missing_ok=True)
            src.read_path, src.line_ends_fixed = target, True
    else:
        raise InputError("CSV onleesbaar", file=str(src.path), rule="CSV volgens het invoercontract")


def _fingerprint(src: source_files.SourceFile, read: Callable[[], None]) -> None:
    try:
        read()
    except InputError:
        src.digest.result()  # a file with NUL bytes is reported as such, not as whatever broke first
        raise
    src.sha256 = src.digest.result()
    if src.read_path:
        src.read_path.unlink(missing_ok=True)


def ingest_input(con: duckdb.DuckDBPyConnection, period_dir: Path, name: str, inputs: RuleInputs,
                 tmp_dir: Path, mapping: SourceMapping | None = None, edges: EdgeScans | None = None) -> InputReport:
    """Read one input once (normalised on the way in) and stage it; the rows stay in DuckDB.

    ``edges`` (the period's ``EdgeScans``) tells which columns of a CSV file need trimming;
    without it, or for a file read through a repaired copy, every column is trimmed. The
    columns no output reads are judged while reading and not stored (``staging.fold_select``)."""
    contract = CONTRACTS[name]
    path = source_files.locate(period_dir, name)
    src = source_files.inspect(path, contract, tmp_dir, mapping)
    raw_table = f"raw_{name}"
    day_first = bool(mapping and mapping.day_first)

    def read() -> None:
        trim = None
        if edges is not None and src.format == "csv" and src.read_path is None:
            trim = edges.columns_to_trim(name, src.path, src.delimiter, src.columns)
        load(con, src, contract, raw_table,
             lambda source: normalised_query(contract, source, day_first, trim=trim, fold=inputs))

    _fingerprint(src, lambda: _read(src, tmp_dir, read))
    staged = stage(con, raw_table, contract, inputs, offset=first_row_number(src))
    return InputReport(
        path=str(path), sha256=src.sha256, encoding=src.encoding, rows=staged.rows, loaded=staged.loaded,
        quarantined=staged.quarantined, findings=staged.findings,
        extra_columns=src.extra_columns, missing_columns=src.missing_columns, format=src.format,
        delimiter=src.delimiter if src.format == "csv" else None,
    )


def _whole_lines(con: duckdb.DuckDBPyConnection, src: source_files.SourceFile, layout: gbav.Layout) -> int:
    """``gbav_lijnen(pl)`` from the file read as whole lines (``gbav.whole_line_select``): a third
    of the CPU of the CSV read of every line, which tokenises all ~55 fields of 30 M lines only to
    look at the first. Returns the lines of the file (header included), or 0 when the shortcut
    cannot tell the lines exactly as the CSV reader does (quotes, carriage returns, empty lines,
    anything it cannot read): then ``gbav.line_select`` reads them, as before."""
    path = src.read_path or src.path
    with path.open("rb") as fh:  # a quoted header may span lines; the CSV reader would skip them all
        if src.delimiter == gbav.LINE_DELIMITER or b'"' in fh.readline(MAX_LINE_BYTES):
            return 0
    try:
        create_in_file_order(con, "gbav_lijnen", gbav.whole_line_select(layout, WHOLE_LINES, src.delimiter),
                             [str(path)])
    except duckdb.Error:
        con.execute("DROP TABLE IF EXISTS gbav_lijnen")
        return 0
    rows, doubtful = con.execute("SELECT count(*), count(*) FILTER (WHERE twijfel) FROM gbav_lijnen").fetchone()
    if rows == 0 or doubtful:
        con.execute("DROP TABLE gbav_lijnen")
        return 0
    con.execute("ALTER TABLE gbav_lijnen DROP COLUMN twijfel")
    return rows + 1


WHOLE_LINES = (f"read_csv(?, delim={sql_string(gbav.LINE_DELIMITER)}, quote='', escape='', header=true, "
               f"columns={{{sql_string(gbav.WHOLE_LINE)}: 'VARCHAR'}}, auto_detect=false, strict_mode=true, "
               f"null_padding=false, max_line_size={MAX_LINE_BYTES}, encoding='utf-8')")


def _edged_columns(con: duckdb.DuckDBPyConnection, src: source_files.SourceFile) -> set[str]:
    """After ``_whole_lines`` succeeded: the columns that hold a field starting or ending with a
    trim character, which the wide read must trim (``gbav.persoonslijst_select``); every other
    column is read as it is (trimming it is the identity). Nearly always none: then no element
    is trimmed at all (205 CPU-s of the national read). When the whole-line read flagged some
    lines (``gbav.edge_test``), those lines are read whole once more to find their columns."""
    flagged = con.execute(f"SELECT count(*) FILTER (WHERE {gbav.EDGE}) FROM gbav_lijnen").fetchone()[0]
    con.execute(f"ALTER TABLE gbav_lijnen DROP COLUMN {gbav.EDGE}")
    if not flagged:
        return set()
    positions = con.execute(gbav.edged_fields_select(WHOLE_LINES, src.delimiter),
                            [str(src.read_path or src.path)]).fetchall()
    return {src.columns[p - 1] for (p,) in positions if p <= len(src.columns)}


def _labels_agree(con: duckdb.DuckDBPyConnection) -> bool:
    """The whole-line read found as many persoonslijsten as the CSV read (a guard: they always do)."""
    found, read = con.execute(f"SELECT (SELECT count(*) FROM gbav_lijnen WHERE pl), "
                              f"(SELECT count(*) FROM {gbav.PL_TABLE})").fetchone()
    if found != read:
        con.execute("DROP TABLE gbav_lijnen")
    return found == read


# The typed values of the RNI-only columns (column → SQL over its text): computed on the RNI lists
# when they are taken from the persoonslijsten (``gbav.packed_select``), not while reading.
RNI_TYPED = dict(filter(None, (typed_extra(c) for c in RNI.columns if c.name in gbav.RNI_ONLY)))


def ingest_gbav(con: duckdb.DuckDBPyConnection, path: Path, inputs: RuleInputs, tmp_dir: Path,
                mapping: SourceMapping | None = None) -> InputReport:
    """Read a GBA-V extract and stage its persoonslijsten as ``stg_brp`` and ``stg_rni``.

    The file is read twice (``schemas.gbav``: whole lines, one byte each, for the line numbers,
    then the persoonslijsten), which at national scale is minutes cheaper than keeping every
    line's elements; the sha256 is still computed once, beside the reads.

    Counted as one input ``gbav``: ``rows`` = persoonslijsten = loaded + quarantined (older
    versions included), ``lines`` = lines of the file; quality lines name the extract's lines.
    """
    src = source_files.open_source(path, GBAV, tmp_dir, mapping)
    if src.format != "csv":
        raise InputError("een GBA-V-extract wordt als CSV geleverd", file=str(path), rule="gbav.csv (DESIGN.md §3a)")
    layout = gbav.header_layout(src.headers, src.columns, str(path))
    day_first = bool(mapping and mapping.day_first)
    lines = 0

    def narrow() -> int:
        return load(con, src, None, "gbav_lijnen", lambda source: gbav.line_select(layout, source)) + 1

    def wide(trim: set[str] | None) -> None:
        load_csv(con, src, None, gbav.PL_TABLE, lambda source: gbav.packed_select(normalised_query(
            gbav.REGISTERS, f"({gbav.persoonslijst_select(layout, source, trim)})", day_first,
            passthrough=gbav.PASSTHROUGH, trimmed_already=True, fold=inputs),
            [*gbav.PASSTHROUGH, *staged_columns(gbav.REGISTERS, folded=True)], list(RNI_TYPED)))

    def read() -> None:  # twice: every line narrow (line numbers), then the persoonslijsten wide
        nonlocal lines
        shortcut = _whole_lines(con, src, layout)
        trim = _edged_columns(con, src) if shortcut else None  # None: trim every element
        lines = shortcut or narrow()
        try:
            wide(trim)
        except (InputError, text_repair.NotUtf8, text_repair.MixedLineEnds):
            if shortcut:  # the CSV read of every line stops on this file first, as it always did
                narrow()
            raise
        if shortcut and not _labels_agree(con):  # the whole-line read was not exact: read as without it
            lines = narrow()
            wide(None)

    _fingerprint(src, lambda: _read(src, tmp_dir, read))
    gbav.number_lines(con, "gbav_lijnen", first_row_number(src))
    persoonslijsten = con.execute(f"SELECT count(*) FROM {gbav.PL_TABLE}").fetchone()[0]
    gbav.set_aside(con)
    for name in ("brp", "rni"):
        gbav.repeated_keys(con, f"herhaald_{name}", rni=name == "rni")
    create_in_file_order(con, "raw_rni", gbav.register_select(staged_columns(RNI), rni=True, typed=RNI_TYPED), [])
    gbav.register_lines(con, "regels_rni", rni=True)
    gbav.residents_in_place(con, "raw_brp", staged_columns(BRP_FROM_GBAV, folded=True), "regels_brp")
    totals = {"loaded": 0, "quarantined": 0, "findings": 0}
    for name, contract in (("brp", BRP_FROM_GBAV), ("rni", RNI)):
        staged = stage(con, f"raw_{name}", contract, inputs, offset=0, bron=GBAV, line_numbers=f"regels_{name}",
                       repeated_keys=f"herhaald_{name}")
        con.execute(f"DROP {'VIEW' if name == 'brp' else 'TABLE'} regels_{name}; DROP TABLE herhaald_{name}")
        for key in totals:
            totals[key] += getattr(staged, key)
    con.execute(f"DROP TABLE {gbav.LABELS}")
    aside = con.execute(f"SELECT count(*) FROM {gbav.SET_ASIDE}").fetchone()[0]
    con.execute(f"""CREATE OR REPLACE TEMP TABLE quarantine_{GBAV} AS
                    SELECT '{GBAV}' AS bron, {gbav.LINE} AS rijnummer, reden, kolom, waarde FROM {gbav.SET_ASIDE}""")
    con.execute(f"CREATE OR REPLACE TEMP TABLE conflicts_{GBAV} AS "
                f"SELECT DISTINCT waarde AS bsn FROM {gbav.SET_ASIDE} WHERE reden = 'DUBBELE_SLEUTEL'")
    con.execute(f"DROP TABLE {gbav.SET_ASIDE}")
    quarantined = totals["quarantined"] + aside
    if persoonslijsten != totals["loaded"] + quarantined:
        raise AssertionError(f"gbav: persoonslijsten {persoonslijsten} != geladen + quarantaine")
    return InputReport(
        path=str(path), sha256=src.sha256, encoding=src.encoding, rows=persoonslijsten, loaded=totals["loaded"],
        quarantined=quarantined, findings=totals["findings"], extra_columns=layout.unused,
        missing_columns=layout.missing, format="csv", delimiter=src.delimiter, lines=lines,
    )


def register_format(period_dir: Path) -> str:
    """``gbav`` when the period holds a GBA-V extract, else ``brp-rni``; both is an error."""
    extract = [period_dir / f"{GBAV}.{ext}" for ext in ("csv", "parquet") if (period_dir / f"{GBAV}.{ext}").exists()]
    if not extract:
        return "brp-rni"
    registers = [p.name for n in REGISTER_INPUTS for ext in ("csv", "parquet")
                 if (p := period_dir / f"{n}.{ext}").exists()]
    if registers:
        raise InputError(f"zowel {extract[0].name} als {', '.join(registers)} in {period_dir}; lever de registers "
                         "óf als brp en rni óf als één GBA-V-extract", file=extract[0].name,
                         rule="gbav.csv in plaats van brp en rni (DESIGN.md §3a)")
    return GBAV


def csv_inputs(period_dir: Path, names: list[str]) -> dict[str, Path]:
    """The CSV files of ``names`` that can be found now (the others are reported by their read)."""
    found = {}
    for name in names:
        try:
            path = source_files.locate(period_dir, name)
        except InputError:
            continue
        if path.suffix.lower() == ".csv":
            found[name] = path
    return found


def ingest_period(con: duckdb.DuckDBPyConnection, settings: Settings, period: str,
                  tmp_dir: Path, progress=None, timings: dict[str, float] | None = None) -> dict[str, InputReport]:
    """Stage all inputs; returns the per-input manifest entries (``polis``, ``werkgevers`` and
    either ``brp`` + ``rni`` or ``gbav``). ``timings`` receives the seconds per input (``ingest.<input>``).

    Leaves ``stg_polis``, ``stg_werkgevers``, ``stg_brp``, ``stg_rni``, and across inputs
    ``quarantine``, ``findings`` and ``excluded_bsn`` (BSNs with an ambiguous key in a register).
    """
    period_dir = settings.inbox / period
    reports: dict[str, InputReport] = {}
    mappings = load_mappings(mapping_path(settings.source_mappings))
    inputs = RuleInputs.of(settings.quality, peildatum(period))
    fmt = register_format(period_dir) if period_dir.is_dir() else "brp-rni"
    names = ("polis", "werkgevers", *((GBAV,) if fmt == GBAV else REGISTER_INPUTS))
    edges = EdgeScans(csv_inputs(period_dir, [n for n in names if n != GBAV]))
    for name in names:
        if progress:
            progress(f"inlezen {name}")
        started = time.monotonic()
        if name == GBAV:
            report = ingest_gbav(con, source_files.locate(period_dir, GBAV), inputs, tmp_dir, mappings.get(GBAV))
        else:
            report = ingest_input(con, period_dir, name, inputs, tmp_dir, mappings.get(name), edges)
        reports[name] = report
        if timings is not None:
            timings[f"ingest.{name}"] = round(time.monotonic() - started, 3)
        if progress:
            progress(f"{name}: {report.rows} rijen, {report.loaded} geladen, {report.quarantined} in quarantaine, "
                     f"{report.findings} bevindingen")
    staged = ("polis", "werkgevers", *REGISTER_INPUTS)
    for kind in ("quarantine", "findings"):
        tables = [staged_tables(n)[kind] for n in staged] + ([f"quarantine_{GBAV}"] if kind == "quarantine"
                                                              and fmt == GBAV else [])
        union = " UNION ALL ".join(f"SELECT bron, rijnummer, reden, kolom, waarde FROM {t}" for t in tables)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {kind} AS {union}")
        for t in tables:
            con.execute(f"DROP TABLE {t}")
    conflicts = [staged_tables(n)["conflicts"] for n in REGISTER_INPUTS] + ([f"conflicts_{GBAV}"] if fmt == GBAV
                                                                            else [])
    con.execute("CREATE OR REPLACE TEMP TABLE excluded_bsn AS " + " UNION ".join(f"SELECT bsn FROM {t}"
                                                                                 for t in conflicts))
    for t in [staged_tables("polis")["conflicts"], staged_tables("werkgevers")["conflicts"], *conflicts]:
        con.execute(f"DROP TABLE {t}")
    return reports
