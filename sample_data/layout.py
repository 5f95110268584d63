"""The shape of the sample inbox: columns per file, file names, register formats, reader variations.

Why a module of its own: the writers, the bad-row injector and the tests all need the same
column order, and the order decides the bytes of every generated file.
"""

from __future__ import annotations

COLUMNS: dict[str, tuple[str, ...]] = {
    "polis": (
        "bsn",
        "loonheffingennummer",
        "ikv_id",
        "datum_aanvang_ikv",
        "datum_einde_ikv",
        "tijdvak_aanvang",
        "tijdvak_einde",
        "sv_loon",
        "verloonde_uren",
    ),
    "werkgevers": (
        "loonheffingennummer",
        "kvk_nummer",
        "naam",
        "straat",
        "huisnummer",
        "huisnummer_toevoeging",
        "postcode",
        "plaats",
        "gemeentecode",
        "sector_code",
        "is_uitlener",
    ),
    "brp": (
        "bsn",
        "geslachtsnaam",
        "voornamen",
        "geboortedatum",
        "nationaliteit",
        "gemeentecode",
        "straat",
        "huisnummer",
        "huisletter",
        "huisnummer_toevoeging",
        "postcode",
        "woonplaats",
        "datum_aanvang_adres",
        "datum_vertrek",
        "datum_overlijden",
    ),
    "rni": (
        "bsn",
        "geslachtsnaam",
        "voornamen",
        "geboortedatum",
        "nationaliteit",
        "datum_inschrijving",
        "rni_loket",
        "land_woonadres",
        "verblijf_straat",
        "verblijf_huisnummer",
        "verblijf_huisletter",
        "verblijf_toevoeging",
        "verblijf_postcode",
        "verblijf_woonplaats",
        "verblijf_gemeentecode",
        "datum_aanvang_verblijfsadres",
        "datum_einde_verblijfsadres",
        "contactgegevens_bekend",
        "datum_overlijden",
    ),
}
FILES = ("polis", "werkgevers", "brp", "rni")
REGISTER_FORMATS = ("brp-rni", "gbav")  # gbav: brp and rni as one GBA-V extract (DESIGN.md §3a)

# Reader variations by period index (documented in the module docstring).
VARIATIONS: dict[int, tuple[str, str]] = {
    1: ("werkgevers", "windows-1252"),
    2: ("rni", "comma"),
    3: ("polis", "yyyymmdd"),
    4: ("brp", "bom"),
}
