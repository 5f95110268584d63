"""The employer letter's content: who, what we saw, what to do, by when (DESIGN.md §5).

The letter counts **people**: the rows of ``registratiesignalen.csv`` are per signal, and a
person can have two (no stay address *and* more than 4 months in payroll), so rows are
grouped per BSN and each person appears once, with the advice for each of their
situations. Name and birth date are left out for a deceased person and an unknown BSN: the
employer may simply be using a wrong BSN and must not learn another person's data.

Dates are derived from the period, never from the clock, so a rerun publishes the same
bytes: the letter is dated ``briefdatum_werkdagen`` working days after peildatum, and the
response date is ``reactietermijn_dagen`` later, moved to a working day. An employer
established abroad (no postcode and no gemeentecode in ``werkgevers``) gets the letter in
English, with the contract's Dutch sentence "bij N van uw werknemers" as a one-line summary.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from itertools import groupby

from feedbackcyclus.periods import parse_period, peildatum
from feedbackcyclus.settings import LetterSettings
from reports.letter_texts import MONTHS, SITUATIONS, TEXTS
from reports.workdays import add_working_days, deadline

ADVICE_LETTER = {s: chr(ord("A") + i) for i, s in enumerate(SITUATIONS)}
# Situations in which the register's name and birth date must not reach the employer.
WITHOUT_PERSON_DATA = {"BSN_ONBEKEND", "OVERLEDEN"}


def situation(row: Mapping) -> str:
    """The reden of a LOON_ZONDER_ADRES row, else the signal code itself."""
    return (row.get("reden") or row["signaal"]) if row["signaal"] == "LOON_ZONDER_ADRES" else row["signaal"]


def is_abroad(employer: Mapping) -> bool:
    """Established abroad: neither a Dutch postcode nor a municipality (DESIGN.md §3)."""
    return not employer.get("postcode") and not employer.get("gemeentecode")


def letter_dates(period: str, settings: LetterSettings) -> tuple[date, date]:
    """(letter date, response date): both Dutch working days, derived from the period."""
    written = add_working_days(peildatum(period), settings.briefdatum_werkdagen)
    return written, deadline(written, settings.reactietermijn_dagen)


def long_date(day: date, lang: str) -> str:
    return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"


def period_label(period: str, lang: str) -> str:
    year, month = parse_period(period)
    return f"{MONTHS[lang][month - 1]} {year}"


def people(rows: Iterable[Mapping]) -> list[dict]:
    """One entry per distinct BSN, sorted by BSN, with the situations of all its rows."""
    out = []
    for bsn, group in groupby(sorted(rows, key=lambda r: (r["bsn"], SITUATIONS.index(situation(r)))),
                              key=lambda r: r["bsn"]):
        group = list(group)
        kinds = [situation(r) for r in group]
        hide = bool(WITHOUT_PERSON_DATA.intersection(kinds))
        first = min(group, key=lambda r: (r.get("datum_aanvang_ikv") or "9999", r.get("ikv_id") or ""))
        out.append({
            "bsn": bsn,
            "naam": None if hide else _name(group[0]),
            "geboortedatum": None if hide else (group[0].get("geboortedatum") or None),
            "ikv_id": first.get("ikv_id"),
            "datum_aanvang_ikv": first.get("datum_aanvang_ikv"),
            "signalen": [{"situatie": kind, "signaal_id": r.get("signaal_id"), "eerste_periode": r.get("eerste_periode"),
                          "toelichting": r.get("toelichting")} for kind, r in zip(kinds, group, strict=True)],
            "advies": sorted({ADVICE_LETTER[k] for k in kinds}),
        })
    return out


def _name(row: Mapping) -> str | None:
    last, first = row.get("geslachtsnaam"), row.get("voornamen")
    if last and first:
        return f"{last}, {first}"
    return last or first or None


def letter_context(period: str, employer: Mapping, rows: Iterable[Mapping], settings: LetterSettings) -> dict:
    """Everything ``brief.html`` needs for one employer."""
    lang = "en" if is_abroad(employer) else "nl"
    persons = people(rows)
    written, reply_by = letter_dates(period, settings)
    present = {s["situatie"] for p in persons for s in p["signalen"]}
    return {
        "t": TEXTS[lang],
        "lang": lang,
        "period": period,
        "period_label": period_label(period, lang),
        "period_label_nl": period_label(period, "nl"),
        "employer": dict(employer),
        "people": persons,
        "reference": reference_number(period, employer["loonheffingennummer"]),
        "letter_date": long_date(written, lang),
        "reply_date": long_date(reply_by, lang),
        "advice": [(ADVICE_LETTER[s], s) for s in SITUATIONS if s in present],
        "sender": settings,
        "portal_path": f"/perioden/{period}/terugkoppeling",
    }


def reference_number(period: str, lhnr: str) -> str:
    """A stable reference per letter: the same employer and period give the same number."""
    return f"FBC-{period.replace('-', '')}-{lhnr}"
