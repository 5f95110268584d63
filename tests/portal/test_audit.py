"""Audit (DESIGN.md §9): every allowed and refused access to person data is logged; no secret is."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.portal.conftest import PASSWORD, csrf_of, login

P = "2026-10"


def _rows(engine) -> list[tuple]:
    from feedbackcyclus.portal_database import audit_log

    with engine.connect() as con:
        return [tuple(r) for r in con.execute(sa.select(audit_log.c.gebruiker, audit_log.c.rol, audit_log.c.methode,
                                                        audit_log.c.pad, audit_log.c.resultaat)
                                              .order_by(audit_log.c.id))]


def test_every_access_to_person_data_is_logged_and_no_secret(client, engine):
    from portal import audit

    client.get(f"/perioden/{P}/gemeenten/0363/adressignalen.csv")  # no session
    assert client.post("/login", data={"gebruiker": "amsterdam", "wachtwoord": "Geheim-Fout-123"}).status_code == 401
    client.post("/login", data={"gebruiker": "Wachtwoord-In-Naamveld-99", "wachtwoord": "x"})
    login(client, "amsterdam")
    token = client.cookies.get("fbc_sessie")
    client.get(f"/perioden/{P}/gemeenten/0363/adressignalen.csv")
    client.get(f"/perioden/{P}/gemeenten/0599/adressignalen.csv")
    client.get(f"/perioden/{P}/gemeenten/0363/%2e%2e/0599/adressignalen.csv")
    csrf = csrf_of(client)
    client.post(f"/perioden/{P}/terugkoppeling", data={"signaal_id": "FBC-202610-000002", "uitkomst": "IN_ONDERZOEK"})
    client.post(f"/perioden/{P}/terugkoppeling", data={"csrf_token": csrf, "signaal_id": "FBC-202610-000004",
                                                       "uitkomst": "IN_ONDERZOEK"})
    client.post(f"/perioden/{P}/terugkoppeling", data={"csrf_token": csrf, "signaal_id": "FBC-202610-000002",
                                                       "uitkomst": "IN_ONDERZOEK", "toelichting": "huisbezoek Kade 5"})
    rows = _rows(engine)
    expected = [
        ("(geen sessie)", "", "GET", f"/perioden/{P}/gemeenten/0363/adressignalen.csv", "303 geen sessie"),
        ("amsterdam", "", "POST", "/login", "401 geweigerd"),
        ("(onbekende naam)", "", "POST", "/login", "401 geweigerd"),
        ("amsterdam", "gemeente", "POST", "/login", "303 aangemeld"),
        ("amsterdam", "gemeente", "GET", f"/perioden/{P}/gemeenten/0363/adressignalen.csv", "200"),
        ("amsterdam", "gemeente", "GET", f"/perioden/{P}/gemeenten/0599/adressignalen.csv", "404"),
        ("amsterdam", "gemeente", "GET", f"/perioden/{P}/gemeenten/0363/../0599/adressignalen.csv", "404"),
        ("amsterdam", "gemeente", "GET", f"/perioden/{P}/terugkoppeling", "200"),
        ("amsterdam", "gemeente", "POST", f"/perioden/{P}/terugkoppeling", "403 csrf"),
        ("amsterdam", "gemeente", "POST", f"/perioden/{P}/terugkoppeling", "422"),
        ("amsterdam", "gemeente", "POST", f"/perioden/{P}/terugkoppeling", "303 1 opgeslagen"),
    ]
    assert rows == expected
    dump = repr(rows) + audit.as_csv(engine, None)
    for secret in (PASSWORD, "Geheim-Fout-123", "Wachtwoord-In-Naamveld-99", token, csrf, "111222333", "Kowalski",
                   "huisbezoek", "Kade 5", "FBC-202610-000002"):
        assert secret not in dump, secret


def test_audit_log_is_append_only(client, engine):
    from feedbackcyclus.portal_database import audit_log

    login(client, "amsterdam")
    assert _rows(engine)
    for statement in (audit_log.update().values(resultaat="x"), audit_log.delete()):
        with pytest.raises(sa.exc.DBAPIError), engine.begin() as con:
            con.execute(statement)
    assert _rows(engine)[-1][-1] == "303 aangemeld"


def test_audit_csv_since(engine, clock):
    from portal import audit

    audit.record(engine, "a", "analist", "GET", "/perioden/2026-10/x", "200", clock)
    clock.advance(days=2)
    audit.record(engine, "b", "gemeente", "GET", "/perioden/2026-10/y", "404", clock)
    text = audit.as_csv(engine, clock.now.date())
    assert text.splitlines() == ["tijdstip;gebruiker;rol;methode;pad;resultaat",
                                 "2026-11-22T09:00:00Z;b;gemeente;GET;/perioden/2026-10/y;404"]
