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

import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
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


def employers_with_letters(period_dir: Path) -> list[str]:
    """Every employer of the period folder that has a published letter, sorted."""
    folder = Path(period_dir) / "werkgevers"
    if not folder.is_dir():
        return []
    return sorted(p.parent.name for p in folder.glob("*/brief.html") if LHNR.match(p.parent.name))


def write_letter_pdf(period_dir: Path, lhnr: str, out_dir: Path) -> int:
    """Render one letter to ``out_dir/<lhnr>.pdf`` (owner-only, written then renamed); returns its size."""
    data = render_letter_pdf(period_dir, lhnr)
    target = Path(out_dir) / f"{lhnr}.pdf"
    tmp = target.with_name(f".{target.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, target)
    return len(data)


def _write_one(job: tuple[str, str, str]) -> int:
    period_dir, lhnr, out_dir = job
    return write_letter_pdf(Path(period_dir), lhnr, Path(out_dir))


def write_letter_pdfs(period_dir: Path, lhnrs: list[str], out_dir: Path, jobs: int = 1) -> int:
    """Render the letters of ``lhnrs`` into ``out_dir`` with ``jobs`` processes; returns the count.

    Every number is checked before any work starts, so an unknown employer stops the command
    without a half-filled folder. Letters are independent: each process renders whole letters.
    """
    for lhnr in lhnrs:
        letter_path(Path(period_dir), lhnr)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(out_dir, 0o700)  # person data: owner only, whatever the umask (DESIGN.md §8)
    work = [(str(period_dir), lhnr, str(out_dir)) for lhnr in lhnrs]
    if jobs <= 1 or len(work) < 2:
        for job in work:
            _write_one(job)
        return len(work)
    context = multiprocessing.get_context("spawn")  # fresh interpreters: no inherited threads or locks
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        for _ in pool.map(_write_one, work, chunksize=max(1, min(32, len(work) // (jobs * 4) or 1))):
            pass
    return len(work)
