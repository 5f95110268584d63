"""What the analyst sees (issue 14): everything, outcome counts, and signals called wrong twice."""

from __future__ import annotations

import shutil

from tests.portal.conftest import csrf_of, login
from tests.portal.published import build_period

P = "2026-10"


def _answer(client, user, sid, code):
    login(client, user)
    response = client.post(f"/perioden/{P}/terugkoppeling", data={
        "csrf_token": csrf_of(client), "signaal_id": sid, "uitkomst": code})
    assert response.status_code == 303


def test_signal_called_wrong_twice_for_one_person_is_shown(client):
    # 111222333 has three cases: FBC-202608-000001 and FBC-202609-000003 (Amsterdam), FBC-202610-000005 (employer)
    _answer(client, "amsterdam", "FBC-202608-000001", "ONJUIST_SIGNAAL")
    _answer(client, "bouwbv", "FBC-202610-000005", "ONJUIST_SIGNAAL")
    _answer(client, "amsterdam", "FBC-202610-000002", "ONJUIST_SIGNAAL")  # 123456782: once only
    _answer(client, "amsterdam", "FBC-202609-000003", "IN_ONDERZOEK")
    login(client, "analist")
    page = client.get(f"/perioden/{P}/terugkoppeling")
    assert page.status_code == 200
    section = page.text.split("Tweemaal of vaker gemeld als onjuist signaal", 1)[1].split("<h2>", 1)[0]
    assert "<td>111222333</td>" in section
    assert "FBC-202608-000001, FBC-202610-000005" in section
    assert "ADRES_ZONDER_LOON, LOON_ZONDER_ADRES" in section
    assert "123456782" not in section
    counts = page.text.split("Laatste terugkoppeling per signaaltype", 1)[1]
    assert "<td>ADRES_ZONDER_LOON</td><td>ONJUIST_SIGNAAL</td><td class=\"n\">2</td>" in counts
    assert "<td>RNI_LANGER_DAN_4_MAANDEN</td><td>IN_ONDERZOEK</td><td class=\"n\">1</td>" in counts


def test_later_answer_replaces_the_onjuist(client):
    _answer(client, "amsterdam", "FBC-202608-000001", "ONJUIST_SIGNAAL")
    _answer(client, "bouwbv", "FBC-202610-000005", "ONJUIST_SIGNAAL")
    _answer(client, "bouwbv", "FBC-202610-000005", "GECORRIGEERD_IN_LOONAANGIFTE")
    login(client, "analist")
    section = client.get(f"/perioden/{P}/terugkoppeling").text.split("Tweemaal", 1)[1].split("<h2>", 1)[0]
    assert "111222333" not in section


def test_cases_across_periods_count(client, reports):
    build_period(reports, "2026-09")  # same ids one month earlier: still the same cases
    _answer(client, "amsterdam", "FBC-202608-000001", "ONJUIST_SIGNAAL")
    _answer(client, "amsterdam", "FBC-202609-000003", "ONJUIST_SIGNAAL")
    login(client, "analist")
    section = client.get(f"/perioden/{P}/terugkoppeling").text.split("Tweemaal", 1)[1].split("<h2>", 1)[0]
    assert "FBC-202608-000001, FBC-202609-000003" in section


def test_without_signal_ids_the_page_says_so(client, reports):
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"signaal": ["ADRES_ZONDER_LOON"], "bsn": ["111222333"]}),
                   reports / P / "signalen.parquet")
    login(client, "analist")
    page = client.get(f"/perioden/{P}/terugkoppeling")
    assert page.status_code == 200 and "geen signalen met <code>signaal_id</code>" in page.text
    shutil.rmtree(reports / P)
    assert client.get(f"/perioden/{P}/terugkoppeling").status_code == 404


def test_analyst_sees_every_file_in_the_index(client):
    login(client, "analist")
    page = client.get("/").text
    for rel in ("rapport.html", "signalen.parquet", "gemeenten/0599/adressignalen.csv",
                "werkgevers/987654321L01/registratiesignalen.csv", "inspectie/risicoanalyse.csv"):
        assert f"/perioden/{P}/{rel}" in page
