"""Read a GBA-V extract (``gbav.csv``, DESIGN.md §3a) into the raw ``brp`` and ``rni`` tables.

The extract is read once, as text, set-based in DuckDB (a national extract holds ~22 million
persoonslijsten spread over several times as many lines):
1. ``header_layout``: which column holds the label, and the first occurrence of every LO3
   element the mapping needs (markers like ``01.H``, empty and repeated headers are ignored);
2. ``raw_select``: every line, but only the label row of a persoonslijst keeps its values
   (the rows up to the next label hold history categories 51–66 and repeated categories);
3. ``map_persoonslijsten``: one row per persoonslijst in the shape of ``brp`` and ``rni``
   (``schemas/lo3.py``), with the extract's line number;
4. ``set_aside``: of several persoonslijsten with one BSN, the older versions (07.80.10, then
   07.80.20) are not used (``OUDERE_VERSIE``), and a BSN still tied between a resident and an
   RNI list is ambiguous (``DUBBELE_SLEUTEL``); identical lists and ties within one register
   are left to staging, which handles them as for ``brp``/``rni`` (DESIGN.md §3);
5. ``register_select``: the rows of one register, in line order, for ``stage``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from feedbackcyclus.errors import InputError
from schemas import lo3
from schemas import sql_rules as sr
from schemas.contract import BRP, RNI, InputContract

PL_TABLE = "gbav_persoonslijsten"
SET_ASIDE = "gbav_apart"  # persoonslijsten not used: older versions, cross-register ties
LINE = "regel"


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


def raw_select(layout: Layout, source: str) -> str:
    """Every line of ``source`` (a ``read_csv``), keeping values only on label rows."""
    if layout.label:
        label = sr.clean_text(_q(layout.label))
        keep = "__label IS NOT NULL"
    else:
        label, keep = "'1'", "true"
    values = ", ".join(f"CASE WHEN {keep} THEN {sr.clean_text(_q(name))} END AS {_q(element)}"
                       for element, name in layout.columns.items())
    return f"SELECT __label, {values} FROM (SELECT {label} AS __label, * FROM {source})"


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


def map_persoonslijsten(con: duckdb.DuckDBPyConnection, raw_table: str, layout: Layout, first_line: int) -> int:
    """``gbav_persoonslijsten``: one row per label row, columns of both registers, its line
    number, whether it is an RNI list, its version and a hash of its content as that register
    sees it. Returns the number of persoonslijsten."""
    exprs = column_expressions(layout)
    cols = ", ".join(f"{expr} AS {_q(name)}" for name, expr in exprs.items())
    content = {reg: "hash(" + ", ".join(_q(c) for c in contract.column_names) + ")"
               for reg, contract in (("brp", BRP), ("rni", RNI))}
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE {PL_TABLE} AS
        SELECT *, CASE WHEN is_rni THEN {content['rni']} ELSE {content['brp']} END AS inhoud
        FROM (SELECT rowid + {int(first_line)} AS {LINE},
                     coalesce({_element(layout, lo3.GEMEENTE)} = {sr.literal(lo3.RNI_GEMEENTE)}, false) AS is_rni,
                     TRY_CAST({_element(layout, lo3.VERSIE)} AS BIGINT) AS versie,
                     rpad({_element(layout, lo3.VERSIE_DATUM)}, 17, '0') AS versie_datum,
                     {cols}
              FROM {raw_table} WHERE __label IS NOT NULL)""")
    return con.execute(f"SELECT count(*) FROM {PL_TABLE}").fetchone()[0]


def set_aside(con: duckdb.DuckDBPyConnection) -> None:
    """``gbav_apart(regel, reden, kolom, waarde)``: persoonslijsten that are not used.

    Per BSN on more than one list, lists are ranked by version (07.80.10) and then its
    timestamp (07.80.20); identical lists share the best rank among them. Lists whose rank is
    not the best are older versions. A BSN that then still has a resident list and an RNI list
    is a tie across the registers: all its lists are ``DUBBELE_SLEUTEL``.
    """
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE {SET_ASIDE} AS
        WITH multi AS (SELECT bsn FROM {PL_TABLE} WHERE bsn IS NOT NULL GROUP BY bsn HAVING count(*) > 1),
        ranked AS (
            SELECT {LINE}, bsn, is_rni, inhoud, versie,
                   dense_rank() OVER (PARTITION BY bsn ORDER BY versie DESC NULLS LAST,
                                      versie_datum DESC NULLS LAST) AS r
            FROM {PL_TABLE} SEMI JOIN multi USING (bsn)),
        grouped AS (SELECT *, min(r) OVER (PARTITION BY bsn, inhoud) AS best_of_content FROM ranked),
        older AS (SELECT {LINE}, 'OUDERE_VERSIE' AS reden, {sr.literal(lo3.VERSIE)} AS kolom,
                         CAST(versie AS VARCHAR) AS waarde
                  FROM grouped WHERE best_of_content > 1),
        current AS (SELECT * FROM grouped WHERE best_of_content = 1),
        tied AS (SELECT bsn FROM current WHERE {sr.is_valid_bsn('bsn')}
                 GROUP BY bsn HAVING count(DISTINCT is_rni) > 1)
        SELECT * FROM older
        UNION ALL
        SELECT {LINE}, 'DUBBELE_SLEUTEL', 'bsn', bsn FROM current SEMI JOIN tied USING (bsn)""")


def register_select(contract: InputContract, rni: bool) -> str:
    """The persoonslijsten of one register that are used, in line order, as a subquery with the
    contract's columns and ``regel``."""
    cols = ", ".join(_q(c) for c in contract.column_names)
    return (f"(SELECT {cols}, {LINE} FROM {PL_TABLE} WHERE is_rni = {'true' if rni else 'false'} "
            f"AND {LINE} NOT IN (SELECT {LINE} FROM {SET_ASIDE}) ORDER BY {LINE})")
