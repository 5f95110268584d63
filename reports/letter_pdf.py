"""The employer letter as a print-ready PDF, rendered from a published period folder.

A plain function over the published ``werkgevers/<lhnr>/brief.html``: the ``brieven``
command calls it for printing and post, and the portal calls it when an employer asks for
``brief.pdf`` (DESIGN.md §5, §9), so the PDF always says what the published letter says.
WeasyPrint lays out the letter's print CSS (A4, page numbers in the page margin, repeated
table headers). The output is byte-identical for identical inputs: WeasyPrint writes no
creation date unless the document asks for one, and the letter asks for none. Nothing is
fetched while rendering: the letter has no external resources, and any URL is refused.
"""

from __future__ import annotations

import re
from pathlib import Path

LHNR = re.compile(r"^\d{9}L\d{2}$")


class LetterNotFound(LookupError):
    """No published letter for that employer in that period folder."""


def letter_path(period_dir: Path, lhnr: str) -> Path:
    if not LHNR.match(lhnr or ""):
        raise LetterNotFound(f"{lhnr!r} is geen loonheffingennummer (9 cijfers, L, 2 cijfers)")
    path = period_dir / "werkgevers" / lhnr / "brief.html"
    if not path.is_file():
        raise LetterNotFound(f"geen brief voor werkgever {lhnr} in {period_dir}")
    return path


def _refuse(url: str, *args: object, **kwargs: object) -> None:
    raise ValueError(f"de brief verwijst naar een externe bron ({url[:60]}); die wordt niet opgehaald")


def render_letter_pdf(period_dir: Path, lhnr: str) -> bytes:
    """The PDF of the published letter of employer ``lhnr`` in ``period_dir``.

    Raises ``LetterNotFound`` for an unknown employer or a malformed number (the number is
    checked first, so it can never walk out of the folder).
    """
    from weasyprint import HTML  # imported here: a second or so, only for who renders PDFs

    path = letter_path(Path(period_dir), lhnr)
    html = HTML(string=path.read_text(encoding="utf-8"), base_url=str(path.parent), url_fetcher=_refuse)
    return html.write_pdf(pdf_version="1.7", uncompressed_pdf=False)
