"""Read a GBA-V extract (``gbav.csv``, DESIGN.md §3a) into the raw ``brp`` and ``rni`` tables.

The extract is read set-based in DuckDB, as text (a national extract holds ~22 million
persoonslijsten on ~30 million lines, 4.7 GB):
1. ``header_layout``: which column holds the label, and the first occurrence of every LO3
   element the mapping needs (markers like ``01.H``, empty and repeated headers are ignored);
2. ``whole_line_select``: every line, read whole (one field, no quoting), reduced to one
   boolean (does it start a persoonslijst?); kept in file order, it gives each persoonslijst
   its line number (``number_lines``). A file with quotes, carriage returns or empty lines is
   read by ``line_select`` instead (the CSV reader's own fields, as exact, three times dearer).
   The same pass flags lines that may hold a field with a trim character at its edge
   (``edge_test``; ``edged_fields_select`` then names those fields' columns);
3. ``persoonslijst_select``: only the label rows (the rows up to the next label hold history
   categories 51–66 and repeated categories), mapped in the same read to one row per
   persoonslijst in the shape of ``brp`` and ``rni`` (``schemas/lo3.py``); every element that a
   trim can change is trimmed once, here (with the whole-line pass: only the edged columns,
   usually none), so the staging normalisation around it skips its own trim level; each
   register's own columns are null on the other register's lists (``own_register``) and the
   RNI-only values are packed into one list column (``packed_select``), which keeps the table
   that spills at the memory limit a quarter smaller;
4. ``set_aside``: of several persoonslijsten with one BSN, the older versions (07.80.10, then
   07.80.20) are not used (``OUDERE_VERSIE``), and a BSN still tied between a resident and an
   RNI list is ambiguous (``DUBBELE_SLEUTEL``); identical lists and ties within one register
   are left to staging, which handles them as for ``brp``/``rni`` (DESIGN.md §3) and takes the
   BSNs that repeat in each register from here (``repeated_keys``) instead of grouping them again;
5. ``register_select`` and ``register_lines``: the RNI lists in line order (a copy, their
   RNI-only values unpacked and typed), and the line number of each; ``residents_in_place``: the rest of the table becomes the resident
   register, without a copy. ``stage`` takes it from there.

Why two reads instead of one (issue 16): a table of every line with ~45 element columns (null
on the history lines) is ~30 GB in DuckDB's uncompressed in-memory format at national scale,
which spilled to disk for minutes. The narrow read costs one more pass over the file (cheap:
whole lines, not ~55 fields each) and keeps one byte per line; the wide read keeps only the
persoonslijsten, already normalised for staging (``intake.ingest`` wraps ``persoonslijst_select`` in the staging
normalisation over ``REGISTERS``), so the resident register is that table, not a copy of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from feedbackcyclus.errors import InputError
from schemas import lo3
from schemas import sql_rules as sr
from schemas.contract import BRP, BRP_FROM_GBAV, RNI, InputContract

PL_TABLE = "gbav_persoonslijsten"  # one row per persoonslijst, in file order
LABELS = "gbav_regels"  # the line number (``regel``) of each persoonslijst: row k of PL_TABLE ↔ row k here
SET_ASIDE = "gbav_apart"  # persoonslijsten not used: older versions, cross-register ties
SHARED_KEY = "gbav_meervoud"  # the persoonslijsten whose BSN is on more than one list (``set_aside``)
LINE = "regel"
APART = "apart"  # PL_TABLE column: true for the persoonslijsten in SET_ASIDE
# Columns of PL_TABLE beside the registers' own, carried through normalisation unchanged.
PASSTHROUGH = ("is_rni", "versie", "versie_datum", "inhoud", APART)

# Both registers' columns in one contract: the persoonslijsten are normalised (and typed) once,
# in the read, as ``brp`` columns followed by the RNI-only ones. A shared column has one
# definition in both registers (the person part and ``datum_overlijden``).
REGISTERS = InputContract(
    name="gbav", key="bsn", quarantine_broken_fields=False,
    columns=BRP_FROM_GBAV.columns + tuple(c for c in RNI.columns if c.name not in BRP_FROM_GBAV.column_names),
)


@dataclass
class Layout:
    """Where things are in the header of one extract."""

    label: str | None  # name of the label column; None: every row is one persoonslijst
    columns: dict[str, str] = field(default_factory=dict)  # element → name of its first column
    missing: list[str] = field(default_factory=list)  # needed elements the extract does not have
    unused: list[str] = field(default_factory=list)  # headers not read (listed as extra columns)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def header_layout(headers: list[str], names: list[str], file: str) -> Layout:
    """``headers`` as delivered (normalised, mapped), ``names`` the unique names they are read by.

    The label column is a first column whose header is not an LO3 element number.
    """
    label = names[0] if headers and not lo3.ELEMENT.match(headers[0]) else None
    needed = lo3.needed_elements(headers)
    columns: dict[str, str] = {}
    for header, name in zip(headers, names, strict=True):
        if header in needed and header not in columns:
            columns[header] = name
    absent = [e for e in lo3.REQUIRED_ELEMENTS if e not in columns]
    if absent:
        raise InputError(f"LO3-element {', '.join(absent)} ontbreekt in de kopregel", file=file, row=1,
                         column=absent[0], rule="GBA-V-extract met de elementen van DESIGN.md §3a")
    used = set(columns.values()) | ({label} if label else set())
    unused = list(dict.fromkeys(h for h, n in zip(headers, names, strict=True) if n not in used and h))
    return Layout(label, columns, [e for e in needed if e not in columns and not e.startswith("17.")], unused)


def _label(layout: Layout) -> str:
    return sr.clean_text(_q(layout.label)) if layout.label else "'1'"


def _starts_persoonslijst(layout: Layout) -> str:
    """``_label(layout) IS NOT NULL``, cheaper: a label that starts with no trim character is
    not trimmed away, so ``clean_text`` runs only on the rare label that starts with one."""
    if not layout.label:
        return "true"
    label = _q(layout.label)
    starts = ", ".join(str(ord(c)) for c in sr.TRIM_CHARACTERS)
    return f"(({label} <> '' AND ord({label}) NOT IN ({starts})) OR {_label(layout)} IS NOT NULL)"


def line_select(layout: Layout, source: str) -> str:
    """Every line of ``source`` (a ``read_csv``) as one boolean ``pl``: does a persoonslijst start here."""
    return f"SELECT {_label(layout)} IS NOT NULL AS pl FROM {source}"


LINE_DELIMITER = "\x01"  # a control character no extract holds: read through it, a line is one field
WHOLE_LINE = "lijn"


def whole_line_select(layout: Layout, source: str, delimiter: str) -> str:
    """``line_select`` over ``source`` read as whole lines (one column ``lijn``, no quoting), plus
    ``twijfel``: a line this shortcut cannot judge exactly as the CSV reader would (a quote, a
    carriage return, an empty line), after which ``intake.ingest`` falls back to ``line_select``.

    The label is the first field; ``clean_text`` of it is null only when it is empty or all
    trim characters, so a line that starts with neither the delimiter nor a trim character
    starts a persoonslijst without looking further (nearly every label row)."""
    line, d = _q(WHOLE_LINE), sr.literal(delimiter)
    doubt = f"{line} IS NULL OR {line} = '' OR contains({line}, chr(34)) OR contains({line}, chr(13))"
    if layout.label is None:
        return f"SELECT true AS pl, {doubt} AS twijfel, {edge_test(delimiter)} AS {EDGE} FROM {source}"
    starts = ", ".join(str(ord(c)) for c in sr.TRIM_CHARACTERS)
    label = (f"CASE WHEN starts_with({line}, {d}) THEN false WHEN ord({line}) NOT IN ({starts}) THEN true "
             f"ELSE {sr.clean_text(f'split_part({line}, {d}, 1)')} IS NOT NULL END")
    return f"SELECT coalesce({label}, false) AS pl, {doubt} AS twijfel, {edge_test(delimiter)} AS {EDGE} FROM {source}"


EDGE = "rand"  # whole-line column: the line may hold a field that starts or ends with a trim character


def edge_test(delimiter: str) -> str:
    """True for a whole line (``lijn``, no quotes, no carriage return) that may hold a field
    starting or ending with a trim character; never false for one that does.

    Fields are the text between delimiters, so a field starts with ``c`` exactly when the line
    starts with ``c`` or holds delimiter + ``c`` (ends likewise). A tab or no-break space flags
    the line wherever it is (one cheap test each; such lines are rare). CR and LF need no test:
    a line with a CR is not read this way, and a line holds no LF.

    Cost (medium extract, 3 M lines, CPU-s): a one-character ``contains`` is a memchr (~0.05),
    a two-character one ~0.5 each, so the space tests run only on lines that hold a space
    (half of them: street names): 0.8 against 1.3 for all four tests on every line."""
    line, d = _q(WHOLE_LINE), delimiter
    tests = []
    for c in sr.TRIM_CHARACTERS:
        if c in (d, "\r", "\n"):
            continue
        if c == " ":
            edges = " OR ".join([f"starts_with({line}, ' ')", f"ends_with({line}, ' ')",
                                 f"contains({line}, {sr.literal(d + c)})", f"contains({line}, {sr.literal(c + d)})"])
            tests.append(f"CASE WHEN contains({line}, ' ') THEN {edges} ELSE false END")
        else:
            tests.append(f"contains({line}, chr({ord(c)}))")
    return f"coalesce({' OR '.join(tests)}, false)" if tests else "false"


def edged_fields_select(source: str, delimiter: str) -> str:
    """The (1-based) positions of the fields that start or end with a trim character, over the
    whole lines of ``source`` that ``edge_test`` flags: one row per position."""
    line, d = _q(WHOLE_LINE), sr.literal(delimiter)
    trim = sr.literal(sr.TRIM_CHARACTERS)
    return f"""SELECT DISTINCT unnest(list_filter(range(1, len(f) + 1), lambda i: trim(f[i], {trim}) <> f[i])) AS veld
               FROM (SELECT string_split({line}, {d}) AS f FROM {source} WHERE {edge_test(delimiter)})"""


def number_lines(con: duckdb.DuckDBPyConnection, lines_table: str, first_line: int) -> None:
    """``gbav_regels``: the line number of every persoonslijst, in file order (consumes ``lines_table``)."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE {LABELS} AS SELECT rowid + {int(first_line)} AS {LINE} "
                f"FROM {lines_table} WHERE pl")
    con.execute(f"DROP TABLE {lines_table}")


def _element(layout: Layout, element: str) -> str:
    return _q(element) if element in layout.columns else "NULL::VARCHAR"


def _first_filled(layout: Layout, elements: tuple[str, ...]) -> str:
    present = [_element(layout, e) for e in elements]
    return present[0] if len(present) == 1 else f"coalesce({', '.join(present)})"


def column_expressions(layout: Layout) -> dict[str, str]:
    """Contract column → SQL over one label row (the union of the ``brp`` and ``rni`` columns)."""
    e = lambda element: _element(layout, element)  # noqa: E731 - a short alias reads better here
    suspended = e(lo3.OPSCHORTING_REDEN)
    exprs = {name: _first_filled(layout, els) for name, els in {**lo3.BRP_ELEMENTS, **lo3.RNI_ELEMENTS}.items()}
    exprs["geslachtsnaam"] = (f"CASE WHEN {e(lo3.GESLACHTSNAAM)} IS NULL THEN NULL "
                              f"WHEN {e(lo3.VOORVOEGSEL)} IS NULL THEN {e(lo3.GESLACHTSNAAM)} "
                              f"ELSE {e(lo3.VOORVOEGSEL)} || ' ' || {e(lo3.GESLACHTSNAAM)} END")
    exprs["datum_vertrek"] = (f"coalesce({e(lo3.DATUM_VERTREK)}, CASE WHEN {suspended} = "
                              f"{sr.literal(lo3.OPSCHORTING_EMIGRATIE)} THEN {e(lo3.OPSCHORTING_DATUM)} END)")
    exprs["datum_overlijden"] = (f"coalesce({e(lo3.DATUM_OVERLIJDEN)}, CASE WHEN {suspended} = "
                                 f"{sr.literal(lo3.OPSCHORTING_OVERLIJDEN)} THEN {e(lo3.OPSCHORTING_DATUM)} END)")
    contact = [_q(x) for x in layout.columns if x.startswith(lo3.CONTACT_CATEGORY + ".")]
    exprs["contactgegevens_bekend"] = (f"CASE WHEN {' OR '.join(f'{c} IS NOT NULL' for c in contact)} "
                                       "THEN 'true' ELSE 'false' END") if contact else "'false'"
    exprs["rni_loket"] = "NULL::VARCHAR"  # the RNI desk is not an element of the extract
    return exprs


# The columns only one register reads: on a list of the other register they are null (``own_register``).
BRP_ONLY = tuple(c for c in BRP_FROM_GBAV.column_names if c not in RNI.column_names)
RNI_ONLY = tuple(c for c in RNI.column_names if c not in BRP_FROM_GBAV.column_names)


def own_register(exprs: dict[str, str], rni: str = "is_rni") -> dict[str, str]:
    """``exprs`` with each register's own columns null on the other register's lists (``rni``:
    the boolean column telling them apart). Nothing reads them there: ``brp`` takes the resident
    lists' ``BRP_ONLY`` columns and ``rni`` the RNI lists' ``RNI_ONLY`` ones, and the content
    hash of a list covers only its own register's columns. So the staging normalisation and
    typed values (dates, earliest days, the yes/no of ``contactgegevens_bekend``) are not
    computed 22 million times for nothing, and the table holds nulls there instead of text."""
    return {name: (f"CASE WHEN {rni} THEN {expr} END" if name in RNI_ONLY
                   else f"CASE WHEN NOT {rni} THEN {expr} END" if name in BRP_ONLY else expr)
            for name, expr in exprs.items()}


def persoonslijst_select(layout: Layout, source: str, trim: set[str] | None = None) -> str:
    """The label rows of ``source`` (a ``read_csv``) as persoonslijsten, in file order: the
    columns of both registers (each register's own columns null on the other's lists,
    ``own_register``), whether it is an RNI list, its version, a hash of its content as
    that register sees it, and ``apart`` (false; ``set_aside`` marks the ones not used).

    Levels on purpose, as in ``intake.staging.normalised_query``: every element is trimmed
    once, then mapped (the mapping reads some elements several times), then hashed.
    ``trim``: the columns of ``source`` that hold a value starting or ending with a trim
    character (``edged_fields_select``), None when not known. The others are read as they are:
    in a file without quotes an empty field is already null, so ``clean_text`` of such a
    column is the identity, and skipping it leaves every value (and the hash) the same."""
    values = ", ".join(f"{sr.clean_text(_q(name)) if trim is None or name in trim else _q(name)} AS {_q(element)}"
                       for element, name in layout.columns.items())
    exprs = own_register(column_expressions(layout))
    cols = ", ".join(f"{expr} AS {_q(name)}" for name, expr in exprs.items())
    content = {reg: "hash(" + ", ".join(_q(c) for c in contract.column_names) + ")"
               for reg, contract in (("brp", BRP), ("rni", RNI))}
    rni = f"coalesce({_element(layout, lo3.GEMEENTE)} = {sr.literal(lo3.RNI_GEMEENTE)}, false)"
    return f"""
        SELECT *, CASE WHEN is_rni THEN {content['rni']} ELSE {content['brp']} END AS inhoud, false AS {APART}
        FROM (SELECT is_rni,
                     TRY_CAST({_element(layout, lo3.VERSIE)} AS BIGINT) AS versie,
                     rpad({_element(layout, lo3.VERSIE_DATUM)}, 17, '0') AS versie_datum,
                     {cols}
              FROM (SELECT {values}, {rni} AS is_rni FROM {source} WHERE {_starts_persoonslijst(layout)}))"""


def set_aside(con: duckdb.DuckDBPyConnection) -> None:
    """``gbav_apart(regel, reden, kolom, waarde)``: persoonslijsten that are not used, also
    marked ``apart`` in ``gbav_persoonslijsten``.

    Per BSN on more than one list, lists are ranked by version (07.80.10) and then its
    timestamp (07.80.20); identical lists share the best rank among them. Lists whose rank is
    not the best are older versions. A BSN that then still has a resident list and an RNI list
    is a tie across the registers: all its lists are ``DUBBELE_SLEUTEL``.
    """
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE {SHARED_KEY} AS
        WITH multi AS (SELECT bsn FROM {PL_TABLE} WHERE bsn IS NOT NULL GROUP BY bsn HAVING count(*) > 1)
        SELECT rowid AS pos, bsn, is_rni, inhoud, versie, versie_datum FROM {PL_TABLE} SEMI JOIN multi USING (bsn)""")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE {SET_ASIDE} AS
        WITH ranked AS (
            SELECT pos, bsn, is_rni, inhoud, versie,
                   dense_rank() OVER (PARTITION BY bsn ORDER BY versie DESC NULLS LAST,
                                      versie_datum DESC NULLS LAST) AS r
            FROM {SHARED_KEY}),
        grouped AS (SELECT *, min(r) OVER (PARTITION BY bsn, inhoud) AS best_of_content FROM ranked),
        older AS (SELECT pos, 'OUDERE_VERSIE' AS reden, {sr.literal(lo3.VERSIE)} AS kolom,
                         CAST(versie AS VARCHAR) AS waarde
                  FROM grouped WHERE best_of_content > 1),
        current AS (SELECT * FROM grouped WHERE best_of_content = 1),
        tied AS (SELECT bsn FROM current WHERE {sr.is_valid_bsn('bsn')}
                 GROUP BY bsn HAVING count(DISTINCT is_rni) > 1),
        apart AS (SELECT * FROM older
                  UNION ALL
                  SELECT pos, 'DUBBELE_SLEUTEL', 'bsn', bsn FROM current SEMI JOIN tied USING (bsn))
        SELECT l.{LINE}, a.reden, a.kolom, a.waarde, a.pos FROM apart a JOIN {LABELS} l ON l.rowid = a.pos""")
    con.execute(f"UPDATE {PL_TABLE} SET {APART} = true WHERE rowid IN (SELECT pos FROM {SET_ASIDE})")


def repeated_keys(con: duckdb.DuckDBPyConnection, table: str, rni: bool) -> None:
    """``table(k)``: the BSNs on more than one used list of one register, null included when
    more than one of its lists has none: exactly the keys staging's duplicate check would find
    by grouping all rows of the register (``intake.staging.stage``, ``repeated_keys``), found
    here among the few lists of ``set_aside``'s shared BSNs instead. A BSN repeated in a
    register is on more than one list, so it is among them; a list without a BSN is never set
    aside. Consumes SHARED_KEY when ``rni`` (the second register)."""
    register = "true" if rni else "false"
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE {table} AS
        SELECT bsn AS k FROM {SHARED_KEY} WHERE is_rni = {register} AND pos NOT IN (SELECT pos FROM {SET_ASIDE})
        GROUP BY bsn HAVING count(*) > 1
        UNION ALL
        SELECT NULL::VARCHAR FROM {PL_TABLE} WHERE bsn IS NULL AND is_rni = {register} HAVING count(*) > 1""")
    if rni:
        con.execute(f"DROP TABLE {SHARED_KEY}")


def _used(rni: bool) -> str:
    return f"is_rni = {'true' if rni else 'false'} AND NOT {APART}"


RNI_OWN = "rni_eigen"  # PL_TABLE column: the RNI_ONLY values of an RNI list as one list (null on the others)


def packed_select(query: str, columns: list[str], recomputed: list[str]) -> str:
    """``query`` (the normalised persoonslijsten, ``columns`` in its order) with the RNI-only
    values packed into one list column ``rni_eigen`` (null on a resident list, 81 % of them at
    national scale) and without the ``recomputed`` columns (the typed values of the RNI-only
    columns: ``register_select`` computes them from the unpacked text, on the RNI lists only).

    Why: DuckDB's in-memory table stores a null text value as an offset and a validity bit, so
    the 17 RNI-only columns (13 texts, 4 typed values) held 29 % of the table while null on
    18 million lists; packed they hold 3 % and the table that spills at the memory limit is a
    quarter smaller. ``register_select`` and ``residents_in_place`` give staging the same
    columns in the same order as without packing."""
    keep = [_q(c) for c in columns if c not in RNI_ONLY and c not in recomputed]
    packed = ", ".join(_q(c) for c in RNI_ONLY)
    return f"SELECT {', '.join(keep)}, CASE WHEN is_rni THEN [{packed}] END AS {RNI_OWN} FROM ({query})"


def register_select(columns: list[str], rni: bool, typed: dict[str, str] | None = None) -> str:
    """The persoonslijsten of one register that are used, in line order: ``columns`` of them.
    A filter, not a sort: DuckDB keeps the table's order. For the RNI lists the RNI-only
    values are unpacked from ``rni_eigen`` (``packed_select``) and ``typed`` (column → SQL
    over the unpacked text, ``intake.staging.typed_extra``) computes the typed values left out."""
    typed = typed or {}
    if not rni:
        return f"SELECT {', '.join(_q(c) for c in columns)} FROM {PL_TABLE} WHERE {_used(rni)}"
    unpacked = ", ".join(f"{RNI_OWN}[{i}] AS {_q(c)}" for i, c in enumerate(RNI_ONLY, start=1))
    cols = ", ".join(f"{typed[c]} AS {_q(c)}" if c in typed else _q(c) for c in columns)
    return f"SELECT {cols} FROM (SELECT *, {unpacked} FROM {PL_TABLE} WHERE {_used(rni)})"


def register_lines(con: duckdb.DuckDBPyConnection, table: str, rni: bool) -> None:
    """``table(idx, regel)``: the line number of row ``idx`` of ``register_select(…, rni)``.

    PL_TABLE and gbav_regels are aligned by position, so this reads two narrow columns of
    one and one of the other side by side instead of carrying the line through the wide rows."""
    con.execute(f"""CREATE OR REPLACE TEMP TABLE {table}_lijst AS SELECT {LINE} FROM (
                        SELECT {LINE}, is_rni, {APART} FROM {LABELS} POSITIONAL JOIN {PL_TABLE}) WHERE {_used(rni)}""")
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT rowid AS idx, {LINE} FROM {table}_lijst")
    con.execute(f"DROP TABLE {table}_lijst")


def residents_in_place(con: duckdb.DuckDBPyConnection, table: str, columns: list[str], lines_table: str) -> None:
    """Turn PL_TABLE into ``table``: the resident lists that are used, with ``columns`` only.

    In place, not a copy (18 M wide rows at national scale): the RNI lists and the set-aside
    ones are deleted, the other columns dropped. Row ids keep their place, so ``lines_table``
    ``(idx, regel)`` is simply gbav_regels by row id: a view, not a copy of 22 M rows (drop it,
    then gbav_regels, after staging); ``stage`` takes ``rowid`` as ``idx`` and tolerates the gaps."""
    con.execute(f"CREATE OR REPLACE TEMP VIEW {lines_table} AS SELECT rowid AS idx, {LINE} FROM {LABELS}")
    con.execute(f"DELETE FROM {PL_TABLE} WHERE NOT ({_used(False)})")
    present = [r[0] for r in con.execute(f"DESCRIBE {PL_TABLE}").fetchall()]
    for column in present:
        if column not in columns:
            con.execute(f"ALTER TABLE {PL_TABLE} DROP COLUMN {_q(column)}")
    con.execute(f"DROP TABLE IF EXISTS {table}")
    con.execute(f"ALTER TABLE {PL_TABLE} RENAME TO {table}")
