"""The employer letter's content on tiny literal rows (reports/letter.py, brief.html)."""

from __future__ import annotations

import re
from dataclasses import replace

from feedbackcyclus.settings import LetterSettings
from reports.documents import render_employer_letter
from reports.letter import is_abroad, letter_dates, people
from reports.workdays import is_working_day

EMPLOYER = {"loonheffingennummer": "111111110L01", "naam": "Kas & Co B.V.", "straat": "Veilingweg",
            "huisnummer": "1", "huisnummer_toevoeging": None, "postcode": "2671AA", "plaats": "Naaldwijk",
            "gemeentecode": "1783"}
ABROAD = {**EMPLOYER, "postcode": None, "gemeentecode": None, "plaats": "Poznań", "straat": "ul. Długa"}


def row(bsn: str, signaal: str = "LOON_ZONDER_ADRES", reden: str | None = "RNI_ZONDER_VERBLIJFSADRES", **kw):
    base = {"signaal_id": f"FBC-202610-{int(bsn) % 1000000:06d}", "periode": "2026-10", "signaal": signaal,
            "reden": reden, "bsn": bsn, "geslachtsnaam": "Kowalski", "voornamen": "Piotr",
            "geboortedatum": "1990-00-00", "ikv_id": "IKV1", "datum_aanvang_ikv": "2025-01-01",
            "eerste_periode": "2026-08", "status": "blijvend", "terugkoppeling": None, "toelichting": None}
    base.update(kw)
    return base


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_person_with_two_signals_is_one_person_with_both_advices():
    rows = [row("123456782"), row("123456782", "RNI_LANGER_DAN_4_MAANDEN", None, signaal_id="FBC-202607-000001"),
            row("111222333", reden="BSN_ONBEKEND", geslachtsnaam=None, voornamen=None, geboortedatum=None)]
    persons = people(rows)
    assert [p["bsn"] for p in persons] == ["111222333", "123456782"]
    assert persons[1]["advies"] == ["D", "E"] and persons[0]["advies"] == ["A"]
    assert [s["signaal_id"] for s in persons[1]["signalen"]] == ["FBC-202610-456782", "FBC-202607-000001"]
    html = render_employer_letter("2026-10", EMPLOYER, rows)
    assert "bij 2 van uw werknemers" in text(html)
    assert text(html).count("BSN 123456782") == 1


def test_deceased_and_unknown_bsn_show_no_name_or_birth_date():
    rows = [row("123456782", reden="OVERLEDEN", geslachtsnaam="Dood", voornamen="Iemand", geboortedatum="1950-01-01"),
            row("111222333", reden="BSN_ONBEKEND", geslachtsnaam="Ander", geboortedatum="1960-02-02")]
    persons = people(rows)
    assert all(p["naam"] is None and p["geboortedatum"] is None for p in persons)
    html = render_employer_letter("2026-10", EMPLOYER, rows)
    for secret in ("Dood", "Iemand", "1950-01-01", "Ander", "1960-02-02"):
        assert secret not in html
    assert "naam niet vermeld" in html


def test_bsn_advice_follows_the_belastingdienst_instruction():
    html = text(render_employer_letter("2026-10", EMPLOYER, [row("111222333", reden="BSN_ONBEKEND")]))
    assert "in elk aangiftetijdvak waarin u het gebruikte" in html
    assert "trek in uw loonaangifte de inkomstenverhouding met het onjuiste BSN in" in html
    assert "B. BSN van een overleden persoon" not in html  # only the advice that applies


def test_every_situation_gets_advice():
    kinds = [("LOON_ZONDER_ADRES", r) for r in ("RNI_ZONDER_VERBLIJFSADRES", "VERTROKKEN", "OVERLEDEN", "BSN_ONBEKEND")]
    kinds.append(("RNI_LANGER_DAN_4_MAANDEN", None))
    rows = [row(f"{100000000 + i}", s, r) for i, (s, r) in enumerate(kinds)]
    html = text(render_employer_letter("2026-10", EMPLOYER, rows))
    for heading in ("A. BSN onbekend", "B. BSN van een overleden persoon", "C. Vertrokken volgens de BRP",
                    "D. Geen Nederlands verblijfsadres", "E. Langer dan 4 maanden in Nederland"):
        assert heading in html


def test_dates_reference_and_placeholders_by_default():
    written, reply = letter_dates("2026-10", LetterSettings())
    assert is_working_day(written) and is_working_day(reply) and reply > written
    html = text(render_employer_letter("2026-10", EMPLOYER, [row("123456782")]))
    assert "Datum 13 november 2026" in html and "Reageren vóór 11 december 2026" in html
    assert "Kenmerk FBC-202610-111111110L01" in html
    assert "[AFZENDER — in te stellen in [brief] afzender]" in html
    assert "[REACTIEKANAAL" in html and "[CONTACTGEGEVENS" in html and "[NAAM EN FUNCTIE ONDERTEKENAAR" in html
    assert "geen oordeel" in html and "bijlage" in html.lower() and "Privacy" in html
    assert "/perioden/2026-10/terugkoppeling" in html


def test_configured_sender_replaces_the_placeholders_and_the_response_date_stays_a_working_day():
    settings = replace(LetterSettings(), afzender="RvIG", contact="088 123 45 67", reactiekanaal="https://x.test",
                       ondertekenaar="J. Jansen, teamleider", briefdatum_werkdagen=0, reactietermijn_dagen=34)
    html = text(render_employer_letter("2026-10", EMPLOYER, [row("123456782")], settings))
    for placeholder in ("[AFZENDER", "[CONTACTGEGEVENS", "[REACTIEKANAAL", "[NAAM EN FUNCTIE"):
        assert placeholder not in html
    assert "J. Jansen, teamleider" in html and "088 123 45 67" in html and "https://x.test" in html
    # 2026-10-31 is a Saturday → letter Monday 2 November; +34 days = Saturday 5 December → Monday 7 December
    assert "Datum 2 november 2026" in html and "7 december 2026" in html


def test_employer_abroad_gets_the_english_letter():
    assert is_abroad(ABROAD) and not is_abroad(EMPLOYER)
    html = render_employer_letter("2026-10", ABROAD, [row("123456782"), row("111222333", reden="BSN_ONBEKEND")])
    assert '<html lang="en">' in html
    plain = text(html)
    assert "for 2 of your employees" in plain and "not a verdict" in plain
    assert "Date 13 November 2026" in plain and "Please reply by 11 December 2026" in plain
    assert "Geachte" not in plain
    assert "bij 2 van uw werknemers" in plain  # the contract's sentence, as a Dutch one-line summary


def test_letter_is_deterministic_and_escapes_names():
    rows = [row("123456782", geslachtsnaam="<script>x</script>")]
    a, b = render_employer_letter("2026-10", EMPLOYER, rows), render_employer_letter("2026-10", EMPLOYER, rows)
    assert a == b and "<script>x" not in a and "Kas &amp; Co" in a


def test_facts_sentence_is_shown_and_kept_in_dutch_in_the_english_letter():
    fact = "Ingeschreven in de RNI sinds 2025-03-01 zonder verblijfsadres in Nederland, 5 van de laatste 6 maanden in loon."
    nl = text(render_employer_letter("2026-10", EMPLOYER, [row("123456782", toelichting=fact)]))
    assert fact in nl
    en = render_employer_letter("2026-10", ABROAD, [row("123456782", toelichting=fact)])
    assert f'<i lang="nl">{fact}</i>' in en and "Registered in the RNI without a valid Dutch stay address." in en
