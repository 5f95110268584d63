"""The GBA-V (LO3 persoonslijst) extract of DESIGN.md §3a as data: which LO3 elements make
which column of ``brp`` and ``rni``.

Real BRP/RNI extracts come as one file of persoonslijsten, residents and RNI registrants
together, with LO3 element numbers (category.group.element, ``01.01.20`` = BSN) as headers.
This module only *describes* the mapping; ``schemas/gbav.py`` turns it into one set-based
DuckDB query, so a national extract (~22 million persoonslijsten) is never looped over.

Why the rules are what they are:
- ``1999`` in 08.09.10 is the RNI pseudo-municipality (GBA table 33): that person is an RNI
  registrant, everyone else a resident of the municipality in 08.09.10.
- A persoonslijst suspended (07.67.20) for emigration (``E``) or death (``O``) keeps the date
  in 07.67.10; without it an emigrant or a deceased person would look like an ordinary resident.
- The surname prefix (voorvoegsel, 01.02.30: "du", "van der") is part of the name people use.
- An emigrant has no Dutch address, so no address start date is demanded of them.
"""

from __future__ import annotations

import re

ELEMENT = re.compile(r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}$")
RNI_GEMEENTE = "1999"

# contract column → LO3 elements, first filled one wins (the §3a fallbacks)
PERSON = {
    "bsn": ("01.01.20",),
    "voornamen": ("01.02.10",),
    "geboortedatum": ("01.03.10",),
    "nationaliteit": ("04.05.10",),
}
BRP_ELEMENTS = {
    **PERSON,
    "gemeentecode": ("08.09.10",),
    "straat": ("08.11.15", "08.11.10"),  # officiële straatnaam, else straatnaam
    "huisnummer": ("08.11.20",),
    "huisletter": ("08.11.30",),
    "huisnummer_toevoeging": ("08.11.40",),
    "postcode": ("08.11.60",),
    "woonplaats": ("08.11.70",),
    "datum_aanvang_adres": ("08.10.30",),
}
RNI_ELEMENTS = {
    **PERSON,
    "datum_inschrijving": ("08.09.20", "08.10.30"),
    "land_woonadres": ("08.13.10",),
    "verblijf_straat": ("16.11.15", "16.11.10"),
    "verblijf_huisnummer": ("16.11.20",),
    "verblijf_huisletter": ("16.11.30",),
    "verblijf_toevoeging": ("16.11.40",),
    "verblijf_postcode": ("16.11.60",),
    "verblijf_woonplaats": ("16.11.70",),
    "verblijf_gemeentecode": ("16.09.10",),
    "datum_aanvang_verblijfsadres": ("16.10.30",),
    "datum_einde_verblijfsadres": ("16.18.10",),
}

VOORVOEGSEL, GESLACHTSNAAM = "01.02.30", "01.02.40"
DATUM_OVERLIJDEN = "06.08.10"
DATUM_VERTREK = "08.13.20"  # datum vertrek uit Nederland
GEMEENTE = "08.09.10"
OPSCHORTING_DATUM, OPSCHORTING_REDEN = "07.67.10", "07.67.20"
OPSCHORTING_EMIGRATIE, OPSCHORTING_OVERLIJDEN = "E", "O"
VERSIE, VERSIE_DATUM = "07.80.10", "07.80.20"  # versienummer, datumtijdstempel of the persoonslijst
CONTACT_CATEGORY = "17"  # any filled element of category 17: contact details are known

# Without these no persoonslijst can be read at all: stop the run naming the element.
REQUIRED_ELEMENTS = ("01.01.20", GESLACHTSNAAM, "01.03.10", GEMEENTE)


def needed_elements(headers: list[str]) -> list[str]:
    """Every element the mapping reads, plus the category-17 elements this header has."""
    fixed = {e for els in (*BRP_ELEMENTS.values(), *RNI_ELEMENTS.values()) for e in els}
    fixed |= {VOORVOEGSEL, GESLACHTSNAAM, DATUM_OVERLIJDEN, DATUM_VERTREK, GEMEENTE, OPSCHORTING_DATUM,
              OPSCHORTING_REDEN, VERSIE, VERSIE_DATUM}
    contact = {h for h in headers if ELEMENT.match(h) and h.startswith(CONTACT_CATEGORY + ".")}
    return sorted(fixed | contact)
