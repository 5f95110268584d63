"""How last month's signals were resolved (transforms/resolution.py), on literal rows."""

from __future__ import annotations

from tests.builders import BSN, LHNR, brp_row, polis_row, rni_row
from tests.transforms.rule_fixtures import run_rules
from transforms.resolution import resolution_counts

P, PREV = "2026-10", "2026-09"
A, B, C, D, E, F, G = BSN[5], BSN[6], BSN[7], BSN[8], BSN[9], BSN[10], BSN[11]


def test_each_resolved_signal_gets_the_way_it_went(tmp_path):
    previous_signals = [
        ("LOON_ZONDER_ADRES", "RNI_ZONDER_VERBLIJFSADRES", A, LHNR[0]),  # now has a stay address → registered
        ("LOON_ZONDER_ADRES", "RNI_ZONDER_VERBLIJFSADRES", B, LHNR[0]),  # moved to another employer → left payroll
        ("ADRES_ZONDER_LOON", None, C, None),                            # paid again
        ("ADRES_ZONDER_LOON", None, D, None),                            # stay address ended → registration updated
        ("RNI_LANGER_DAN_4_MAANDEN", None, E, LHNR[0]),                  # now a resident → registered
        ("MEERVOUDIG_BSN_GEBRUIK", None, F, None),                       # still paid, fewer hours → other
        ("LOON_ZONDER_ADRES", "BSN_ONBEKEND", G, LHNR[0]),               # still there → not resolved at all
    ]
    stay = {"verblijf_straat": "Kasweg", "verblijf_huisnummer": "1", "verblijf_postcode": "2671BB",
            "verblijf_woonplaats": "Naaldwijk", "verblijf_gemeentecode": "1783"}
    con, _ = run_rules(
        tmp_path, P,
        polis=[polis_row(A, LHNR[0]), polis_row(B, LHNR[1]), polis_row(C, LHNR[0]), polis_row(E, LHNR[0]),
               polis_row(F, LHNR[0]), polis_row(G, LHNR[0])],
        brp=[brp_row(E), brp_row(F)],
        rni=[rni_row(A, **stay), rni_row(B), rni_row(C, **stay),
             rni_row(D, **stay, datum_einde_verblijfsadres="2026-10-15")])
    con.executemany("INSERT INTO wh.signals (period, signaal, reden, bsn, loonheffingennummer, gemeentecode, "
                    "status, eerste_periode, laatste_loonperiode) VALUES (?, ?, ?, ?, ?, NULL, 'nieuw', ?, ?)",
                    [(PREV, s, r, b, lh, PREV, PREV) for s, r, b, lh in previous_signals])
    counts = resolution_counts(con, P)
    ways = dict(con.execute("SELECT bsn, wijze FROM resolved_signals").fetchall())
    assert ways == {A: "geregistreerd", B: "uit_loon", C: "weer_in_loon", D: "geregistreerd", E: "geregistreerd",
                    F: "overig"}
    assert counts["LOON_ZONDER_ADRES"] == {"geregistreerd": 1, "uit_loon": 1, "weer_in_loon": 0, "overig": 0,
                                           "totaal": 2}
    assert counts["LOON_ZONDER_ADRES:RNI_ZONDER_VERBLIJFSADRES"]["totaal"] == 2
    assert counts["ADRES_ZONDER_LOON"]["weer_in_loon"] == 1 and counts["ADRES_ZONDER_LOON"]["geregistreerd"] == 1
    assert counts["RNI_LANGER_DAN_4_MAANDEN"]["geregistreerd"] == 1
    assert counts["MEERVOUDIG_BSN_GEBRUIK"]["overig"] == 1
    assert "LOON_ZONDER_ADRES:BSN_ONBEKEND" not in counts
