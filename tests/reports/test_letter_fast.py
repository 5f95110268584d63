"""The fast employer letter and CSV rows (issue 16) against the reference renderers.

``reports.letter_fast`` must give the same text as the Jinja template for every input, and
``csv_dialect.csv_line`` the same text as ``render_csv``: both are checked on generated
employers and rows with hostile characters, empty fields, both languages and every situation.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feedbackcyclus.settings import LetterSettings
from reports.csv_dialect import csv_line, header_text, render_csv
from reports.documents import render_employer_letter
from reports.employer import HEADER
from reports.letter_fast import TEMPLATE_SHA256, FastLetter, template_sha256
from transforms.employer_rows import EMPLOYER_FIELDS

# text with the characters that matter: markup, quotes, the CSV delimiter, line ends, formula starts, accents
TEXT = st.text(alphabet=st.sampled_from(list("aZ09 <>&\"';=+-@\t\r\n,.éŁ€–")), max_size=12)
OPTIONAL = st.one_of(st.none(), st.just(""), TEXT)
REASONS = ["BSN_ONBEKEND", "OVERLEDEN", "VERTROKKEN", "RNI_ZONDER_VERBLIJFSADRES"]


@st.composite
def signal_row(draw, bsns):
    signaal = draw(st.sampled_from(["LOON_ZONDER_ADRES", "RNI_LANGER_DAN_4_MAANDEN"]))
    reden = draw(st.sampled_from(REASONS)) if signaal == "LOON_ZONDER_ADRES" else None
    dates = st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2026, 12, 31)),
                      st.sampled_from(["1990-00-00", "2001-02-03"]))
    return {"signaal_id": draw(st.one_of(st.none(), st.just("FBC-202610-000001"), TEXT)), "periode": "2026-10",
            "signaal": signaal, "reden": reden, "bsn": draw(st.sampled_from(bsns)),
            "geslachtsnaam": draw(OPTIONAL), "voornamen": draw(OPTIONAL), "geboortedatum": draw(dates),
            "ikv_id": draw(OPTIONAL), "datum_aanvang_ikv": draw(st.one_of(st.none(), st.just(date(2025, 1, 1)))),
            "eerste_periode": draw(st.one_of(st.none(), st.sampled_from(["2026-08", "2026-10"]))),
            "status": draw(st.sampled_from(["nieuw", "blijvend"])), "terugkoppeling": draw(OPTIONAL),
            "toelichting": draw(OPTIONAL)}


@st.composite
def employer_with_rows(draw):
    employer = {f: draw(OPTIONAL) for f in EMPLOYER_FIELDS}
    if draw(st.booleans()):  # abroad (English letter): neither postcode nor municipality
        employer["postcode"] = employer["gemeentecode"] = draw(st.sampled_from([None, ""]))
    bsns = draw(st.lists(st.sampled_from(["111222333", "123456782", "999999990"]), min_size=1, max_size=3,
                         unique=True))
    rows = draw(st.lists(signal_row(bsns), min_size=1, max_size=6))
    # one person's rows share the income relation (they come from one join per BSN and employer)
    first = {}
    for r in rows:
        r["ikv_id"], r["datum_aanvang_ikv"] = first.setdefault(r["bsn"], (r["ikv_id"], r["datum_aanvang_ikv"]))
    return draw(st.sampled_from(["111111110L01", "<b>&'\"L01"])), employer, rows


def test_the_pinned_template_is_the_one_the_fast_letter_mirrors():
    assert template_sha256() == TEMPLATE_SHA256, (
        "brief.html changed: check reports/letter_fast.py against it (this module's tests), then update "
        "TEMPLATE_SHA256")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=employer_with_rows(), period=st.sampled_from(["2026-10", "2026-01", "2027-12"]))
def test_fast_letter_is_the_jinja_letter(case, period):
    lhnr, employer, rows = case
    sender = LetterSettings()
    expected = render_employer_letter(period, {**employer, "loonheffingennummer": lhnr}, rows, sender)
    assert FastLetter(period, sender).render(lhnr, employer, [tuple(r[h] for h in HEADER) for r in rows]) == expected


@settings(max_examples=60, deadline=None)
@given(case=employer_with_rows(), sender=st.builds(
    LetterSettings, afzender=TEXT, afzender_adres=TEXT, contact=TEXT, ondertekenaar=TEXT, portaal_url=TEXT,
    reactiekanaal=TEXT))
def test_fast_letter_escapes_the_settings_like_jinja(case, sender):
    lhnr, employer, rows = case
    expected = render_employer_letter("2026-10", {**employer, "loonheffingennummer": lhnr}, rows, sender)
    assert FastLetter("2026-10", sender).render(lhnr, employer, [tuple(r[h] for h in HEADER) for r in rows]) == expected


def test_fast_letter_on_a_literal_case():
    """A readable case: the marker values land where the template puts them."""
    rows = [("FBC-202610-000001", "2026-10", "LOON_ZONDER_ADRES", "BSN_ONBEKEND", "111222333", "Jansen", "Piet",
             "1990-01-01", "IKV1", date(2025, 1, 1), "2026-10", "nieuw", None, None)]
    employer = {"naam": "Kas & Co", "straat": "Veilingweg", "huisnummer": "1", "huisnummer_toevoeging": "A",
                "postcode": "2671AA", "plaats": "Naaldwijk", "gemeentecode": "1783"}
    html = FastLetter("2026-10", replace(LetterSettings(), afzender="<Afzender>")).render("111111110L01", employer, rows)
    assert "<title>Signalen over de registratie van uw werknemers – Kas &amp; Co – 2026-10</title>" in html
    assert "Kas &amp; Co<br>\nVeilingweg 1 A<br>\n2671AA Naaldwijk\n</div>" in html
    assert "&lt;Afzender&gt;" in html and "<Afzender>" not in html
    assert "bij 1 van uw werknemers" in html and "FBC-202610-111111110L01" in html
    assert "Jansen" not in html and "naam niet vermeld" in html  # unknown BSN: no person data


CELL = st.one_of(st.none(), st.booleans(), TEXT, st.dates(), st.integers(-5, 5),
                 st.decimals(allow_nan=False, allow_infinity=False, places=2),
                 st.just(Decimal("1E+2")), st.just(""))


@settings(max_examples=500, deadline=None)
@given(rows=st.lists(st.lists(CELL, min_size=1, max_size=5), max_size=5), width=st.integers(1, 4))
def test_csv_line_is_render_csv(rows, width):
    rows = [r[:width] + [None] * (width - len(r[:width])) for r in rows]
    header = [f"k{i}" for i in range(width)]
    assert (header_text(header) + "".join(map(csv_line, rows))).encode("utf-8") == render_csv(header, rows)


@given(value=st.one_of(st.text(), TEXT, st.none(), st.integers(), st.dates()))
def test_escape_is_markupsafes(value):
    import markupsafe

    from reports.letter_fast import escape

    assert escape(value) == str(markupsafe.escape(value)) and type(escape(value)) is str
