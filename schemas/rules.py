"""The rule table: which rule judges a column of each kind, under which reason code (DESIGN.md §3).

Every rule has one entry here with its reason code and its two executable forms: a DuckDB
SQL predicate (``schemas/sql_rules.py``, run on every row by ``intake.staging``) and a Polars
predicate (``schemas/row_rules.py``, run through the pandera model of ``schemas/row_models.py``
on a sample). Both rule sets are generated from ``cell_rules``, so the kind → reason-code
mapping cannot drift between them; the runtime cross-check then only has to catch a
difference in how one predicate is spelled in the two languages.

Both predicates say when a value *passes*. ``judges_empty`` says whether an empty cell is
judged (keys and required columns) or passes unseen (every other rule judges only a value
that is present).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import polars as pl

from feedbackcyclus.settings import QualitySettings
from feedbackcyclus.sqltext import sql_identifier
from schemas import row_rules as rr
from schemas import sql_rules as sr
from schemas.contract import Column, Kind
from schemas.reference import gemeentecodes_op

# One-column tables (``code``) of the municipal division on the reference date, loaded by
# ``intake.staging.load_municipal_division`` before the SQL rules run.
VALID_CODES = "ref_gemeente_geldig"     # codes of municipalities existing on peildatum
ENDED_CODES = "ref_gemeente_vervallen"  # codes that existed but ended on or before it


@dataclass(frozen=True)
class RuleInputs:
    """What rules need besides the cell: the plausible years of a date (settings ``quality``)
    and the reference date municipality codes are judged on (None: the current division).
    Only these travel to the rules, not the whole settings object."""

    min_year: int
    max_year: int
    peildatum: date | None = None

    @classmethod
    def of(cls, quality: QualitySettings, peildatum: date | None = None) -> RuleInputs:
        return cls(min_year=quality.min_year, max_year=quality.max_year, peildatum=peildatum)

    @classmethod
    def defaults(cls, peildatum: date | None = None) -> RuleInputs:
        """The default settings' years (tests and ``MODELS``)."""
        return cls.of(QualitySettings(), peildatum)


@dataclass(frozen=True)
class Precompute:
    """A per-row value a SQL rule reads instead of recomputing it (the BSN as one integer
    instead of nine casts): staging adds ``name`` computed by ``sql(column)`` before the rules."""

    name: str
    sql: Callable[[str], str]


@dataclass(frozen=True)
class CellRule:
    """One rule on one column: the reason code and the pass predicate in SQL and in Polars."""

    reason: str
    sql: Callable[[str, RuleInputs], str]  # quoted column → SQL boolean, true when the value passes
    polars: Callable[[pl.Expr, RuleInputs], pl.Expr]  # column → boolean expression, true when it passes
    judges_empty: bool = False
    precompute: Precompute | None = None
    # The same predicate reading the column's typed value too (``intake.staging.typed_extra``:
    # ``TRY_CAST(col AS DATE)`` of a date, ``earliest_day(col)`` of an LO3 date) where staging
    # has it, so the cast made while reading is not made again; same verdict, property-tested.
    sql_typed: Callable[[str, str, RuleInputs], str] | None = None

    def sql_failure(self, column_sql: str, inputs: RuleInputs, typed_sql: str | None = None) -> str:
        """The SQL condition that is true when the cell fails this rule (``typed_sql``: the
        column's typed value, used when the rule has a ``sql_typed`` form)."""
        passes = (self.sql_typed(column_sql, typed_sql, inputs) if typed_sql and self.sql_typed
                  else self.sql(column_sql, inputs))
        fails = f"NOT coalesce({passes}, false)"
        return fails if self.judges_empty else f"{column_sql} IS NOT NULL AND {fails}"

    def polars_pass(self, column: pl.Expr, inputs: RuleInputs) -> pl.Expr:
        """The Polars expression that is true when the cell passes this rule (empty included)."""
        passed = self.polars(column, inputs).fill_null(False)
        return passed if self.judges_empty else column.is_null() | passed


def _division(inputs: RuleInputs) -> tuple[list[str], list[str]]:
    """The valid and the ended municipality codes on the reference date, as sorted lists."""
    valid, ended = gemeentecodes_op(inputs.peildatum)
    return sorted(valid), sorted(ended)


BSN_NUMBER = Precompute("bsn_number", sr.bsn_number)

# Identifiers: an empty or malformed key makes the row unusable; no other rule applies.
KEY_RULES: dict[Kind, CellRule] = {
    Kind.BSN: CellRule("BSN_ONGELDIG", lambda c, _: sr.is_valid_bsn(c, number=BSN_NUMBER.name),
                       lambda e, _: rr.is_valid_bsn(e), judges_empty=True, precompute=BSN_NUMBER),
    Kind.LHNR: CellRule("LHNR_ONGELDIG", lambda c, _: sr.is_valid_lhnr(c), lambda e, _: rr.is_valid_lhnr(e),
                        judges_empty=True),
}

# Values: judged only when present (an empty value is the required rule's business).
VALUE_RULES: dict[Kind, tuple[CellRule, ...]] = {
    Kind.DATE: (CellRule("DATUM_ONGELDIG", lambda c, i: sr.is_valid_date(c, i.min_year, i.max_year),
                         lambda e, i: rr.is_valid_date(e, i.min_year, i.max_year),
                         sql_typed=lambda c, t, i: sr.is_valid_date(c, i.min_year, i.max_year, typed=t)),),
    Kind.LO3_DATE: (CellRule("DATUM_ONGELDIG", lambda c, i: sr.is_valid_lo3_date(c, i.min_year, i.max_year),
                             lambda e, i: rr.is_valid_lo3_date(e, i.min_year, i.max_year),
                             sql_typed=lambda c, t, i: sr.is_valid_lo3_date(c, i.min_year, i.max_year, earliest=t)),),
    Kind.DECIMAL: (CellRule("BEDRAG_ONGELDIG", lambda c, _: sr.is_valid_decimal(c),
                            lambda e, _: rr.is_valid_decimal(e)),),
    Kind.POSTCODE: (CellRule("POSTCODE_ONGELDIG", lambda c, _: sr.is_valid_postcode(c),
                             lambda e, _: rr.is_valid_postcode(e)),),
    # A code of a municipality that ended before the reference date, or one that never existed
    # on it (DESIGN.md §3 v2). SQL looks the code up in the division tables, Polars in the lists.
    Kind.GEMEENTECODE: (
        CellRule("GEMEENTECODE_VERVALLEN", lambda c, _: f"NOT {sr.is_known_code(c, ENDED_CODES)}",
                 lambda e, i: ~rr.is_known_gemeentecode(e, _division(i)[1])),
        CellRule("GEMEENTECODE_ONBEKEND",
                 lambda c, _: f"({sr.is_known_code(c, VALID_CODES)} OR {sr.is_known_code(c, ENDED_CODES)})",
                 lambda e, i: rr.is_known_gemeentecode(e, _division(i)[0] + _division(i)[1])),
    ),
    # An unreadable yes/no is treated as a missing required value (see docs/decisions.md).
    Kind.BOOL: (CellRule("VERPLICHT_VELD_LEEG", lambda c, _: sr.is_valid_bool(c), lambda e, _: rr.is_valid_bool(e)),),
}

REQUIRED = CellRule("VERPLICHT_VELD_LEEG", lambda c, _: f"{c} IS NOT NULL", lambda e, _: e.is_not_null(),
                    judges_empty=True)


def required_unless(other: str) -> CellRule:
    """Required while column ``other`` is empty (``Column.required_unless``)."""
    return CellRule("VERPLICHT_VELD_LEEG", lambda c, _: f"({c} IS NOT NULL OR {sql_identifier(other)} IS NOT NULL)",
                    lambda e, _: e.is_not_null() | pl.col(other).is_not_null(), judges_empty=True)


def cell_rules(column: Column) -> tuple[CellRule, ...]:
    """The rules of one column, in the order they are reported: a key kind has only its key
    rule; otherwise the required rule (when the column is required) and the kind's value rules."""
    if column.kind in KEY_RULES:
        return (KEY_RULES[column.kind],)
    required: tuple[CellRule, ...] = ()
    if column.required and column.required_unless:
        required = (required_unless(column.required_unless),)
    elif column.required:
        required = (REQUIRED,)
    return required + VALUE_RULES.get(column.kind, ())


def sql_checks(column: Column, inputs: RuleInputs, typed: str | None = None) -> list[tuple[str, str]]:
    """``(reason, SQL condition true when the cell fails)`` for every rule of ``column``;
    ``typed`` names a column holding its typed value (see ``CellRule.sql_typed``)."""
    c = sql_identifier(column.name)
    t = sql_identifier(typed) if typed else None
    return [(rule.reason, rule.sql_failure(c, inputs, t)) for rule in cell_rules(column)]

