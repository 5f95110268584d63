"""The HTML documents: the employer notice letters and the national report.

Documents hold no run-specific volatile data (no run_id, no timestamps) so that a rerun
with the same inputs publishes the same bytes; those live in manifest.json.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from feedbackcyclus.settings import LetterSettings
from reports.letter import letter_context
from reports.output import Output, write_text
from reports.templating import render


def render_employer_letter(period: str, employer: Mapping, rows: Iterable[Mapping],
                           settings: LetterSettings | None = None) -> str:
    """The notice letter of one employer; ``rows`` are its registratiesignalen.csv rows."""
    return render("brief.html", **letter_context(period, employer, rows, settings or LetterSettings()))


def write_national_report(root: Path, context: dict) -> Output:
    return write_text(root, "rapport.html", render("rapport.html", **context))
