"""The HTML documents: the employer notice letters and the national report.

Documents hold no run-specific volatile data (no run_id, no timestamps) so that a rerun
with the same inputs publishes the same bytes; those live in manifest.json.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import groupby
from pathlib import Path

import duckdb

from feedbackcyclus.periods import peildatum
from reports.output import Output, write_text
from reports.templating import render

EXPLANATIONS = {
    "LOON_ZONDER_ADRES:RNI_ZONDER_VERBLIJFSADRES": "Ingeschreven in de RNI zonder geldig Nederlands verblijfsadres.",
    "LOON_ZONDER_ADRES:VERTROKKEN": "Volgens de BRP vertrokken naar het buitenland, maar wel in uw loonaangifte.",
    "LOON_ZONDER_ADRES:OVERLEDEN": "Volgens de BRP overleden, maar wel in uw loonaangifte.",
    "LOON_ZONDER_ADRES:BSN_ONBEKEND": "Dit BSN komt niet voor in de BRP en niet in de RNI.",
    "RNI_LANGER_DAN_4_MAANDEN:": "Ingeschreven in de RNI, maar al 4 van de laatste 6 maanden in loondienst: "
                                 "inschrijving als ingezetene bij de gemeente is waarschijnlijk verplicht.",
}
LETTER_COLUMNS = ("signaal", "reden", "bsn", "geslachtsnaam", "voornamen", "geboortedatum", "ikv_id",
                  "datum_aanvang_ikv", "eerste_periode", "status")


def reference_number(period: str, lhnr: str) -> str:
    """A stable reference per notice: the same employer and period give the same number."""
    return f"FBC-{period.replace('-', '')}-{lhnr}"


def reply_date(period: str) -> str:
    return (peildatum(period) + timedelta(days=42)).isoformat()


def write_employer_letters(con: duckdb.DuckDBPyConnection, root: Path, period: str) -> list[Output]:
    employers = {r[0]: dict(zip(("loonheffingennummer", "naam", "straat", "huisnummer", "huisnummer_toevoeging",
                                 "postcode", "plaats"), r, strict=True))
                 for r in con.execute("""SELECT loonheffingennummer, naam, straat, huisnummer, huisnummer_toevoeging,
                                         postcode, plaats FROM stg_werkgevers""").fetchall()}
    cursor = con.execute("SELECT * FROM employer_signal_rows ORDER BY loonheffingennummer, signaal, "
                         "reden NULLS FIRST, bsn")
    outputs = []
    rows = cursor.fetchall()
    for lhnr, group in groupby(rows, key=lambda r: r[0]):
        items = [dict(zip(LETTER_COLUMNS, r[1:], strict=True)) for r in group]
        employer = employers.get(lhnr, {"loonheffingennummer": lhnr, "naam": None, "straat": None,
                                        "huisnummer": None, "huisnummer_toevoeging": None, "postcode": None,
                                        "plaats": None})
        html = render("brief.html", period=period, employer=employer, rows=items,
                      reference=reference_number(period, lhnr), reply_date=reply_date(period),
                      explanations=EXPLANATIONS)
        outputs.append(write_text(root, f"werkgevers/{lhnr}/brief.html", html))
    return outputs


def write_national_report(root: Path, context: dict) -> Output:
    return write_text(root, "rapport.html", render("rapport.html", **context))
