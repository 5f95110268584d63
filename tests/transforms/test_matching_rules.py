"""One test per rule of DESIGN.md §4 on tiny literal inputs, including the boundaries."""

from __future__ import annotations

import pytest

from feedbackcyclus.settings import RuleSettings
from tests.builders import BSN, LHNR, brp_row, polis_row, rni_row
from tests.transforms.rule_fixtures import run_rules, signals

P = "2026-10"  # first day 2026-10-01, peildatum 2026-10-31
A, B, C, D = BSN[0], BSN[1], BSN[2], BSN[3]
LZA = "LOON_ZONDER_ADRES"


# ---------------------------------------------------------------- in payroll in P
@pytest.mark.parametrize(("einde", "in_payroll"), [
    (None, True),
    ("2026-10-01", True),   # ended on the first day of P: still counts
    ("2026-09-30", False),  # ended the day before P: does not
    ("2026-10-15", True),
])
def test_in_payroll_depends_on_end_of_income_relation(tmp_path, einde, in_payroll):
    con, counts = run_rules(tmp_path, P, polis=[polis_row(A, datum_einde_ikv=einde)])
    expected = [(LZA, "BSN_ONBEKEND", A, LHNR[0])] if in_payroll else []
    assert signals(con) == expected


# ---------------------------------------------------------------- LOON_ZONDER_ADRES
def test_resident_with_address_gives_no_signal(tmp_path):
    con, _ = run_rules(tmp_path, P, polis=[polis_row(A)], brp=[brp_row(A)])
    assert signals(con) == []


@pytest.mark.parametrize(("kw", "reden"), [
    ({"datum_vertrek": "2026-10-31"}, "VERTROKKEN"),      # on peildatum
    ({"datum_vertrek": "2026-10-00"}, "VERTROKKEN"),      # incomplete: earliest day 2026-10-01
    ({"datum_overlijden": "2026-10-15"}, "OVERLEDEN"),
    ({"datum_vertrek": "2026-01-01", "datum_overlijden": "2026-10-15"}, "OVERLEDEN"),  # OVERLEDEN wins
    ({"datum_vertrek": "20261031"}, "VERTROKKEN"),        # YYYYMMDD accepted
])
def test_departed_or_deceased_resident(tmp_path, kw, reden):
    con, _ = run_rules(tmp_path, P, polis=[polis_row(A)], brp=[brp_row(A, **kw)])
    assert signals(con) == [(LZA, reden, A, LHNR[0])]


@pytest.mark.parametrize("kw", [
    {"datum_vertrek": "2026-11-01"},   # after peildatum
    {"datum_vertrek": "2026-11-00"},   # incomplete, earliest day after peildatum
    {"datum_vertrek": "0000-00-00"},   # wholly unknown counts as absent
    {"datum_overlijden": "00000000"},
])
def test_dates_after_peildatum_or_unknown_do_not_count(tmp_path, kw):
    con, _ = run_rules(tmp_path, P, polis=[polis_row(A)], brp=[brp_row(A, **kw)])
    assert signals(con) == []


def test_bsn_in_both_registers_is_a_resident(tmp_path):
    con, _ = run_rules(tmp_path, P, polis=[polis_row(A), polis_row(B)],
                       brp=[brp_row(A), brp_row(B, datum_vertrek="2026-05-01")],
                       rni=[rni_row(A), rni_row(B, stay=True)])
    # A: resident with address (the RNI row without stay address is ignored);
    # B: departed resident; its RNI stay address does not make it "known".
    assert signals(con) == [(LZA, "VERTROKKEN", B, LHNR[0])]


@pytest.mark.parametrize(("kw", "known"), [
    ({}, True),                                                        # no dates: known
    ({"datum_aanvang_verblijfsadres": "2026-10-31"}, True),            # starts on peildatum
    ({"datum_aanvang_verblijfsadres": "2026-11-01"}, False),           # starts after
    ({"datum_einde_verblijfsadres": "2026-10-31"}, True),              # ends on peildatum
    ({"datum_einde_verblijfsadres": "2026-10-30"}, False),             # ends the day before
    ({"datum_einde_verblijfsadres": "2026-10-00"}, False),             # incomplete: 2026-10-01
    ({"datum_aanvang_verblijfsadres": "0000-00-00"}, True),            # unknown = absent
])
def test_rni_stay_address_validity_window(tmp_path, kw, known):
    con, _ = run_rules(tmp_path, P, polis=[polis_row(A)], rni=[rni_row(A, stay=True, **kw)])
    expected = [] if known else [(LZA, "RNI_ZONDER_VERBLIJFSADRES", A, LHNR[0])]
    assert signals(con) == expected


def test_rni_without_stay_address_and_unknown_bsn(tmp_path):
    con, _ = run_rules(tmp_path, P, polis=[polis_row(A), polis_row(B, LHNR[1]), polis_row(B, LHNR[2])],
                       rni=[rni_row(A)])
    assert signals(con) == [
        (LZA, "BSN_ONBEKEND", B, LHNR[1]),
        (LZA, "BSN_ONBEKEND", B, LHNR[2]),
        (LZA, "RNI_ZONDER_VERBLIJFSADRES", A, LHNR[0]),
    ]


def test_stay_address_registered_by_any_field(tmp_path):
    only_city = rni_row(A, verblijf_woonplaats="Venlo")
    con, _ = run_rules(tmp_path, P, polis=[polis_row(A)], rni=[only_city])
    assert signals(con) == []


def test_one_signal_per_employer_even_with_several_income_relations(tmp_path):
    con, _ = run_rules(tmp_path, P, polis=[polis_row(A, ikv_id="1"), polis_row(A, ikv_id="2")])
    assert signals(con) == [(LZA, "BSN_ONBEKEND", A, LHNR[0])]


# ---------------------------------------------------------------- ADRES_ZONDER_LOON
def test_adres_zonder_loon(tmp_path):
    con, _ = run_rules(
        tmp_path, P,
        polis=[polis_row(A), polis_row(D, datum_einde_ikv="2026-09-30")],
        rni=[rni_row(A, stay=True), rni_row(B, stay=True), rni_row(C, stay=True, datum_einde_verblijfsadres="2026-09-01"),
             rni_row(D, stay=True)],
        brp=[brp_row(C)])
    rows = con.execute("SELECT signaal, bsn, gemeentecode FROM signals_p WHERE signaal = 'ADRES_ZONDER_LOON' "
                       "ORDER BY bsn").fetchall()
    # A is paid; B and D (relation ended before P) are not; C is a resident (in both registers).
    assert rows == sorted([("ADRES_ZONDER_LOON", B, "1783"), ("ADRES_ZONDER_LOON", D, "1783")])


# ---------------------------------------------------------------- MEERVOUDIG_BSN_GEBRUIK
@pytest.mark.parametrize(("hours", "employers", "expected"), [
    (("86.5", "86.5", "86.5"), 3, False),    # exactly 259.5 is not above
    (("86.5", "86.5", "86.6"), 3, True),
    (("200", "200"), 2, False),              # two employers are not enough
    (("0.1", "0.1", "259.3001"), 3, True),   # decimal sums are exact
])
def test_meervoudig_bsn_gebruik(tmp_path, hours, employers, expected):
    polis = [polis_row(A, LHNR[i], verloonde_uren=h) for i, h in enumerate(hours)]
    con, _ = run_rules(tmp_path, P, polis=polis, brp=[brp_row(A)])
    assert signals(con, "MEERVOUDIG_BSN_GEBRUIK") == ([("MEERVOUDIG_BSN_GEBRUIK", None, A, None)] if expected else [])


def test_meervoudig_ignores_ended_relations(tmp_path):
    polis = [polis_row(A, LHNR[0], verloonde_uren="100"), polis_row(A, LHNR[1], verloonde_uren="100"),
             polis_row(A, LHNR[2], verloonde_uren="100", datum_einde_ikv="2026-09-30")]
    con, _ = run_rules(tmp_path, P, polis=polis, brp=[brp_row(A)])
    assert signals(con, "MEERVOUDIG_BSN_GEBRUIK") == []


def test_meervoudig_threshold_is_configuration(tmp_path):
    polis = [polis_row(A, LHNR[i], verloonde_uren="10") for i in range(2)]
    con, _ = run_rules(tmp_path, P, polis=polis, brp=[brp_row(A)],
                       rules=RuleSettings(multi_min_employers=2, multi_hours_above=15))
    assert signals(con, "MEERVOUDIG_BSN_GEBRUIK") == [("MEERVOUDIG_BSN_GEBRUIK", None, A, None)]


# ---------------------------------------------------------------- RNI_LANGER_DAN_4_MAANDEN
@pytest.mark.parametrize(("months", "expected"), [
    (["2026-07", "2026-08"], False),                        # 3 of 6 with P
    (["2026-06", "2026-08", "2026-09"], True),              # 4 of 6, not consecutive
    (["2026-05", "2026-06", "2026-07"], True),              # 4 of 6 with P
    (["2026-03", "2026-04", "2026-05", "2026-06"], False),  # 2026-03/04 lie outside the window → 3
])
def test_rni_langer_dan_4_maanden(tmp_path, months, expected):
    con, _ = run_rules(tmp_path, P, polis=[polis_row(A, LHNR[0]), polis_row(A, LHNR[1])],
                       rni=[rni_row(A, stay=True)], history={m: [A] for m in months})
    rows = signals(con, "RNI_LANGER_DAN_4_MAANDEN")
    assert rows == ([("RNI_LANGER_DAN_4_MAANDEN", None, A, LHNR[0]), ("RNI_LANGER_DAN_4_MAANDEN", None, A, LHNR[1])]
                    if expected else [])


def test_rni_langer_needs_rni_only_and_payroll_in_p(tmp_path):
    history = {m: [A, B, C] for m in ("2026-06", "2026-07", "2026-08", "2026-09")}
    con, _ = run_rules(tmp_path, P, polis=[polis_row(A), polis_row(B, datum_einde_ikv="2026-09-01")],
                       rni=[rni_row(A, stay=True), rni_row(B, stay=True), rni_row(C, stay=True)],
                       brp=[brp_row(A)], history=history)
    # A is also a resident; B and C are not in payroll in P.
    assert signals(con, "RNI_LANGER_DAN_4_MAANDEN") == []


# ---------------------------------------------------------------- ambiguous keys
def test_bsn_with_ambiguous_key_is_left_out_of_every_signal(tmp_path):
    con, _ = run_rules(tmp_path, P, polis=[polis_row(A), polis_row(B)],
                       brp=[brp_row(A, geslachtsnaam="X"), brp_row(A, geslachtsnaam="Y")],
                       rni=[rni_row(B), rni_row(B, geslachtsnaam="Z"), rni_row(C, stay=True),
                            rni_row(C, stay=True, geslachtsnaam="Q")])
    assert signals(con) == []


def test_exact_duplicate_register_row_is_loaded_once(tmp_path):
    con, _ = run_rules(tmp_path, P, polis=[polis_row(A)], brp=[brp_row(A), brp_row(A)])
    assert signals(con) == []


# ---------------------------------------------------------------- OVERLEDEN for RNI registrants (§4 v2)
@pytest.mark.parametrize(("overlijden", "stay", "expected"), [
    ("2026-10-31", True, "OVERLEDEN"),     # on peildatum, a stay address known: OVERLEDEN wins
    ("2026-09-00", False, "OVERLEDEN"),    # incomplete date: earliest day 2026-09-01
    ("2026-11-01", False, "RNI_ZONDER_VERBLIJFSADRES"),  # after peildatum: not (yet) deceased
    ("0000-00-00", True, None),            # wholly unknown counts as absent: stay address known
])
def test_deceased_rni_registrant_in_payroll(tmp_path, overlijden, stay, expected):
    con, _ = run_rules(tmp_path, P, polis=[polis_row(A)], rni=[rni_row(A, stay=stay, datum_overlijden=overlijden)])
    assert signals(con) == ([(LZA, expected, A, LHNR[0])] if expected else [])


def test_deceased_rni_registrant_never_gets_adres_zonder_loon(tmp_path):
    con, _ = run_rules(tmp_path, P, polis=[polis_row(C)],
                       rni=[rni_row(A, stay=True, datum_overlijden="2026-10-01"),
                            rni_row(B, stay=True, datum_overlijden="2026-11-01")])
    assert signals(con, "ADRES_ZONDER_LOON") == [("ADRES_ZONDER_LOON", None, B, None)]


def test_death_in_the_rni_wins_over_departure_in_the_brp(tmp_path):
    con, _ = run_rules(tmp_path, P, polis=[polis_row(A), polis_row(B)],
                       brp=[brp_row(A, datum_vertrek="2026-03-01"), brp_row(B)],
                       rni=[rni_row(A, datum_overlijden="2026-06-01"), rni_row(B, datum_overlijden="2026-06-01")])
    # A left the BRP and died abroad: OVERLEDEN; B is a resident with an address: the BRP decides
    assert signals(con) == [(LZA, "OVERLEDEN", A, LHNR[0])]
