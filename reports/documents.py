"""The HTML documents: the employer notice letters and the national report.

Documents hold no run-specific volatile data (no run_id, no timestamps) so that a rerun
with the same inputs publishes the same bytes; those live in manifest.json.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

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


def reference_number(period: str, lhnr: str) -> str:
    """A stable reference per notice: the same employer and period give the same number."""
    return f"FBC-{period.replace('-', '')}-{lhnr}"


def reply_date(period: str) -> str:
    return (peildatum(period) + timedelta(days=42)).isoformat()


def render_employer_letter(period: str, employer: dict, rows: list[dict]) -> str:
    """The notice letter of one employer; ``rows`` are its registratiesignalen.csv rows."""
    return render("brief.html", period=period, employer=employer, rows=rows,
                  reference=reference_number(period, employer["loonheffingennummer"]), reply_date=reply_date(period),
                  explanations=EXPLANATIONS)


def write_national_report(root: Path, context: dict) -> Output:
    return write_text(root, "rapport.html", render("rapport.html", **context))
