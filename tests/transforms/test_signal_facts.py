"""``toelichting`` (DESIGN.md §5 v2): the facts behind each signal, on tiny literal inputs
staged through the real row rules."""

from __future__ import annotations

from pathlib import Path

from feedbackcyclus.settings import RuleSettings
from tests.builders import BSN, LHNR, brp_row, polis_row, rni_row
from tests.transforms.rule_fixtures import run_rules

P = "2026-10"
HISTORY = {"2026-06": [BSN[5], BSN[6]], "2026-08": [BSN[5]], "2026-09": [BSN[5], BSN[7]]}


def facts(con, bsn: str) -> dict[str, tuple[str, str]]:
    """signaal → (toelichting, toelichting_werkgever) of one BSN."""
    rows = con.execute("SELECT signaal, toelichting, toelichting_werkgever FROM signals_p WHERE bsn = ?",
                       [bsn]).fetchall()
    return {s: (t, w) for s, t, w in rows}


def test_rni_without_stay_address_with_months_and_employment(tmp_path: Path):
    con, _ = run_rules(tmp_path, P, polis=[polis_row(BSN[5], datum_aanvang_ikv="2024-02-03")],
                       rni=[rni_row(BSN[5], datum_inschrijving="2025-00-00")], history=HISTORY)
    sentence = ("Ingeschreven in de RNI sinds 2025-00-00 zonder verblijfsadres in Nederland, 4 van de laatste 6 "
                "maanden in loon, bij deze werkgever sinds 2024-02-03.")
    assert facts(con, BSN[5])["LOON_ZONDER_ADRES"] == (sentence, sentence)
    assert facts(con, BSN[5])["RNI_LANGER_DAN_4_MAANDEN"][0] == (
        "Ingeschreven in de RNI sinds 2025-00-00 zonder verblijfsadres in Nederland, 4 van de laatste 6 maanden in "
        "loon (bij 4 of meer is inschrijving als ingezetene verplicht), bij deze werkgever sinds 2024-02-03.")


def test_months_follow_the_settings(tmp_path: Path):
    rules = RuleSettings(rni_window_months=3, rni_min_months=2)
    con, _ = run_rules(tmp_path, P, polis=[polis_row(BSN[5])], rni=[rni_row(BSN[5])], history=HISTORY, rules=rules)
    assert facts(con, BSN[5])["RNI_LANGER_DAN_4_MAANDEN"][0] == (
        "Ingeschreven in de RNI sinds 2025-03-01 zonder verblijfsadres in Nederland, 3 van de laatste 3 maanden in "
        "loon (bij 2 of meer is inschrijving als ingezetene verplicht), bij deze werkgever sinds 2025-01-01.")


def test_expired_stay_address_and_departure(tmp_path: Path):
    con, _ = run_rules(tmp_path, P, polis=[polis_row(BSN[5]), polis_row(BSN[6], LHNR[1])],
                       rni=[rni_row(BSN[5], stay=True, datum_einde_verblijfsadres="2026-09-30")],
                       brp=[brp_row(BSN[6], datum_vertrek="2026-09-10")])
    assert facts(con, BSN[5])["LOON_ZONDER_ADRES"][0] == (
        "Ingeschreven in de RNI sinds 2025-03-01 met een verblijfsadres in Nederland dat geldig was tot 2026-09-30, "
        "1 van de laatste 6 maanden in loon, bij deze werkgever sinds 2025-01-01.")
    assert facts(con, BSN[6])["LOON_ZONDER_ADRES"][0] == (
        "Volgens de BRP op 2026-09-10 vertrokken naar het buitenland, 1 van de laatste 6 maanden in loon, "
        "bij deze werkgever sinds 2025-01-01.")


def test_employer_learns_only_that_the_bsn_is_registered_as_deceased(tmp_path: Path):
    con, _ = run_rules(tmp_path, P, polis=[polis_row(BSN[5])], brp=[brp_row(BSN[5], datum_overlijden="2026-08-00")])
    analyst, employer = facts(con, BSN[5])["LOON_ZONDER_ADRES"]
    assert analyst == ("Volgens de BRP overleden op 2026-08-00, 1 van de laatste 6 maanden in loon, "
                       "bij deze werkgever sinds 2025-01-01.")
    assert employer == ("Dit BSN staat in de BRP geregistreerd als overleden, 1 van de laatste 6 maanden in loon, "
                        "bij deze werkgever sinds 2025-01-01.")
    assert "2026-08" not in employer


def test_rni_death_as_the_register_delivers_it(tmp_path: Path):
    """rni.datum_overlijden (contract v2): the analyst sees the date, the employer only the fact."""
    con, _ = run_rules(tmp_path, P, polis=[polis_row(BSN[5])], rni=[rni_row(BSN[5], datum_overlijden="2026-07-04")])
    analyst, employer = facts(con, BSN[5])["LOON_ZONDER_ADRES"]
    assert analyst == ("Volgens de RNI overleden op 2026-07-04, 1 van de laatste 6 maanden in loon, "
                       "bij deze werkgever sinds 2025-01-01.")
    assert employer == ("Dit BSN staat in de RNI geregistreerd als overleden, 1 van de laatste 6 maanden in loon, "
                        "bij deze werkgever sinds 2025-01-01.")


def test_unknown_bsn_and_multiple_use(tmp_path: Path):
    polis = [polis_row(BSN[9], lhnr, verloonde_uren="100.5") for lhnr in LHNR[:3]]
    con, _ = run_rules(tmp_path, P, polis=polis)
    got = facts(con, BSN[9])
    assert got["LOON_ZONDER_ADRES"][0] == ("Dit BSN staat niet in de BRP en niet in de RNI, 1 van de laatste 6 "
                                           "maanden in loon, bij deze werkgever sinds 2025-01-01.")
    assert got["MEERVOUDIG_BSN_GEBRUIK"][0] == (
        "Dit BSN staat niet in de BRP en niet in de RNI, in 2026-10 in loon bij 3 werkgevers met samen 301,5 "
        "verloonde uren (meer dan 259,5), 1 van de laatste 6 maanden in loon.")


def test_stay_address_without_payroll(tmp_path: Path):
    con, _ = run_rules(tmp_path, P, polis=[polis_row(BSN[1])],
                       rni=[rni_row(BSN[6], stay=True), rni_row(BSN[8], stay=True)], history=HISTORY)
    assert facts(con, BSN[6])["ADRES_ZONDER_LOON"][0] == (
        "Ingeschreven in de RNI sinds 2025-03-01 met verblijfsadres in Nederland sinds 2025-03-01, niet in loon in "
        "2026-10, laatst in loon in 2026-06 (1 van de laatste 6 maanden).")
    assert facts(con, BSN[8])["ADRES_ZONDER_LOON"][0] == (
        "Ingeschreven in de RNI sinds 2025-03-01 met verblijfsadres in Nederland sinds 2025-03-01, niet in loon in "
        "2026-10 en in geen van de bewaarde maanden (vanaf 2026-06).")
