"""The cycle closes (issue 14): answer a signal in the portal, run the next month, see it counted.

Written to the v2 contract: it needs the signal ids and the ``terugkoppeling`` column and
counts of the signal-id issue, and skips with that reason until they are merged.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pytest

from feedbackcyclus.settings import PortalSettings
from tests.builders import BSN, LHNR, brp_row, polis_row, rni_row, write_period
from tests.conftest import make_settings, run_plain
from tests.portal.conftest import PASSWORD, csrf_of

X, Y, W = BSN[5], BSN[6], BSN[8]  # X: paid, RNI without stay address; Y: RNI stay address in 1783, not paid


def _rows(path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline=""), delimiter=";"))


@pytest.mark.slow
def test_answer_run_next_month_see_it_counted(workdir, location):
    settings = replace(make_settings(workdir, accept_quality_warnings=True), portal=PortalSettings(database=location))
    for p in ("2026-09", "2026-10"):
        write_period(settings.inbox, p, polis=[polis_row(X, LHNR[0], period=p), polis_row(W, LHNR[1], period=p)],
                     brp=[brp_row(W)], rni=[rni_row(X), rni_row(Y, stay=True)])
    run_plain(settings, "2026-09")
    employer_file = settings.reports / "2026-09" / "werkgevers" / LHNR[0] / "registratiesignalen.csv"
    municipal_file = settings.reports / "2026-09" / "gemeenten" / "1783" / "adressignalen.csv"
    if "signaal_id" not in _rows(employer_file)[0]:
        pytest.skip("signal ids and the terugkoppeling column (v2 §5) are not in this branch yet")
    employer_sid = _rows(employer_file)[0]["signaal_id"]
    municipal_sid = _rows(municipal_file)[0]["signaal_id"]

    from fastapi.testclient import TestClient

    from feedbackcyclus.portal_database import open_engine
    from portal.accounts import add_account
    from portal.app import create_app

    engine = open_engine(location)
    add_account(engine, "werkgever1", "werkgever", LHNR[0], PASSWORD)
    add_account(engine, "gemeente1", "gemeente", "1783", PASSWORD)
    with TestClient(create_app(settings, engine=engine), follow_redirects=False) as client:
        for user, sid, code in (("werkgever1", employer_sid, "WERKNEMER_GEINFORMEERD"),
                                ("gemeente1", municipal_sid, "ONJUIST_SIGNAAL")):
            client.cookies.clear()
            assert client.post("/login", data={"gebruiker": user, "wachtwoord": PASSWORD}).status_code == 303
            response = client.post("/perioden/2026-09/terugkoppeling", data={
                "csrf_token": csrf_of(client, "2026-09"), "signaal_id": sid, "uitkomst": code})
            assert response.status_code == 303

    run_plain(settings, "2026-10")
    folder = settings.reports / "2026-10"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["terugkoppeling"]["WERKNEMER_GEINFORMEERD"] == 1
    assert manifest["terugkoppeling"]["ONJUIST_SIGNAAL"] == 1
    rows = {r["signaal_id"]: r for r in _rows(folder / "werkgevers" / LHNR[0] / "registratiesignalen.csv")}
    assert rows[employer_sid]["terugkoppeling"] == "WERKNEMER_GEINFORMEERD"
    rows = {r["signaal_id"]: r for r in _rows(folder / "gemeenten" / "1783" / "adressignalen.csv")}
    assert rows[municipal_sid]["terugkoppeling"] == "ONJUIST_SIGNAAL"
    report = (folder / "rapport.html").read_text(encoding="utf-8")
    assert "Werkt de cyclus?" in report and X not in report and Y not in report
