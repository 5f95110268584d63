"""The input contract of DESIGN.md §3 as data: one ``InputContract`` per input file.

Everything downstream (the CSV reader, the pandera row models, the staging casts, the
quality gates) is derived from these tables, so a column is described in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """How a column's text is validated and typed."""

    BSN = "bsn"
    LHNR = "loonheffingennummer"
    TEXT = "text"
    DATE = "date"            # a complete calendar date
    LO3_DATE = "lo3_date"    # BRP/RNI date that may be incomplete (00000000, YYYY0000, YYYYMM00)
    DECIMAL = "decimal"      # non-negative amount with '.' as decimal separator
    BOOL = "bool"
    GEMEENTECODE = "gemeentecode"
    POSTCODE = "postcode"


@dataclass(frozen=True)
class Column:
    """One input column. ``kept = False``: validated (findings are reported) but its text is
    not kept in the staged table, because no rule or output reads it; at national scale every
    column kept is millions of strings copied and held for the rest of the run. An LO3 date
    always keeps its earliest day (``<name>_vroegst``), which the rules compare."""

    name: str
    kind: Kind
    required: bool = True
    kept: bool = True
    # Required only while this other column is empty (an LO3 emigrant has no address start).
    required_unless: str | None = None


@dataclass(frozen=True)
class InputContract:
    """One input of a period.

    ``key`` is the column that must be unique (None for ``polis``, which has no unique
    key). ``quarantine_broken_fields`` says whether a broken non-key field makes the row
    unusable (payroll) or only empties the field and records a finding (registers: a
    person must never be dropped, DESIGN.md §3).
    """

    name: str
    columns: tuple[Column, ...]
    key: str | None
    quarantine_broken_fields: bool

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def kept_columns(self) -> list[Column]:
        return [c for c in self.columns if c.kept]

    @property
    def key_columns(self) -> list[str]:
        """Columns whose failure always quarantines the row (invalid or empty key)."""
        return [c.name for c in self.columns if c.kind in (Kind.BSN, Kind.LHNR)]


K = Kind
OPT = False
DROP = {"kept": False}

POLIS = InputContract(
    name="polis",
    key=None,
    quarantine_broken_fields=True,
    columns=(
        Column("bsn", K.BSN),
        Column("loonheffingennummer", K.LHNR),
        Column("ikv_id", K.TEXT),
        Column("datum_aanvang_ikv", K.DATE),
        Column("datum_einde_ikv", K.DATE, OPT),
        Column("tijdvak_aanvang", K.DATE),  # kept (as DATE) for the gate "tijdvakken buiten P" (§7)
        Column("tijdvak_einde", K.DATE),
        Column("sv_loon", K.DECIMAL, **DROP),
        Column("verloonde_uren", K.DECIMAL),
    ),
)

WERKGEVERS = InputContract(
    name="werkgevers",
    key="loonheffingennummer",
    quarantine_broken_fields=False,
    columns=(
        Column("loonheffingennummer", K.LHNR),
        Column("kvk_nummer", K.TEXT, OPT),
        Column("naam", K.TEXT),
        Column("straat", K.TEXT),
        Column("huisnummer", K.TEXT),
        Column("huisnummer_toevoeging", K.TEXT, OPT),
        Column("postcode", K.POSTCODE, OPT),
        Column("plaats", K.TEXT),
        Column("gemeentecode", K.GEMEENTECODE, OPT),
        Column("sector_code", K.TEXT),
        Column("is_uitlener", K.BOOL),
    ),
)

# The person part both registers share (LO3 categories 01 and 04).
PERSON = (
    Column("bsn", K.BSN),
    Column("geslachtsnaam", K.TEXT),
    Column("voornamen", K.TEXT, OPT),
    Column("geboortedatum", K.LO3_DATE),
    Column("nationaliteit", K.TEXT, OPT),
)

BRP = InputContract(
    name="brp",
    key="bsn",
    quarantine_broken_fields=False,
    columns=(
        *PERSON,
        Column("gemeentecode", K.GEMEENTECODE),
        Column("straat", K.TEXT, OPT, **DROP),
        Column("huisnummer", K.TEXT, OPT, **DROP),
        Column("huisletter", K.TEXT, OPT, **DROP),
        Column("huisnummer_toevoeging", K.TEXT, OPT, **DROP),
        Column("postcode", K.POSTCODE, OPT, **DROP),
        Column("woonplaats", K.TEXT, OPT, **DROP),
        Column("datum_aanvang_adres", K.LO3_DATE, **DROP),
        Column("datum_vertrek", K.LO3_DATE, OPT),
        Column("datum_overlijden", K.LO3_DATE, OPT),
    ),
)

RNI = InputContract(
    name="rni",
    key="bsn",
    quarantine_broken_fields=False,
    columns=(
        *PERSON,
        Column("datum_inschrijving", K.LO3_DATE),
        Column("rni_loket", K.GEMEENTECODE, OPT, **DROP),
        Column("land_woonadres", K.TEXT, OPT),
        Column("verblijf_straat", K.TEXT, OPT),
        Column("verblijf_huisnummer", K.TEXT, OPT),
        Column("verblijf_huisletter", K.TEXT, OPT),
        Column("verblijf_toevoeging", K.TEXT, OPT),
        Column("verblijf_postcode", K.POSTCODE, OPT),
        Column("verblijf_woonplaats", K.TEXT, OPT),
        Column("verblijf_gemeentecode", K.GEMEENTECODE, OPT),
        Column("datum_aanvang_verblijfsadres", K.LO3_DATE, OPT),
        Column("datum_einde_verblijfsadres", K.LO3_DATE, OPT),
        Column("contactgegevens_bekend", K.BOOL),
        Column("datum_overlijden", K.LO3_DATE, OPT),  # LO3 06.08.10 (DESIGN.md §3 v2)
    ),
)

# ``brp`` as mapped from a GBA-V extract (DESIGN.md §3a): a resident who emigrated (08.13.20,
# or a list suspended for emigration) has no Dutch address, so no address start date either.
BRP_FROM_GBAV = InputContract(
    name="brp",
    key="bsn",
    quarantine_broken_fields=False,
    columns=tuple(Column(c.name, c.kind, c.required, c.kept, "datum_vertrek") if c.name == "datum_aanvang_adres"
                  else c for c in BRP.columns),
)

CONTRACTS: dict[str, InputContract] = {c.name: c for c in (POLIS, WERKGEVERS, BRP, RNI)}
INPUT_ORDER = ("polis", "werkgevers", "brp", "rni")

# The address fields whose presence means "a stay address is registered" (DESIGN.md §4).
STAY_ADDRESS_FIELDS = (
    "verblijf_straat", "verblijf_huisnummer", "verblijf_huisletter", "verblijf_toevoeging",
    "verblijf_postcode", "verblijf_woonplaats", "verblijf_gemeentecode",
)

# Reason codes (DESIGN.md §3). Order = priority when a row breaks more than one rule.
QUARANTINE_PRIORITY = (
    "BSN_ONGELDIG", "LHNR_ONGELDIG", "DUBBELE_RIJ", "DUBBELE_SLEUTEL",
    "VERPLICHT_VELD_LEEG", "DATUM_ONGELDIG", "BEDRAG_ONGELDIG",
    "POSTCODE_ONGELDIG", "GEMEENTECODE_VERVALLEN", "GEMEENTECODE_ONBEKEND", "OUDERE_VERSIE",
)
