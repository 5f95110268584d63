"""The run reads outcomes (DESIGN.md §9): latest per signaal_id stored before it started, read-only."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import date, datetime

import duckdb
import pytest

from feedbackcyclus.errors import RunRefused
from feedbackcyclus.outcome_store import load_outcomes, read_latest_outcomes
from feedbackcyclus.portal_database import outcomes
from feedbackcyclus.settings import PortalSettings


def _store(engine, sid, code, at, rol="gemeente"):
    with engine.begin() as con:
        con.execute(outcomes.insert().values(signaal_id=sid, periode="2026-10", uitkomst=code, datum=date(2026, 11, 1),
                                             toelichting=None, gebruiker="u", rol=rol, scope="0363", ingevoerd_op=at))


def test_no_database_yet_gives_empty_tables(tmp_path, settings):
    settings = replace(settings, portal=PortalSettings(database=str(tmp_path / "nergens" / "portal.sqlite3")))
    con = duckdb.connect()
    assert load_outcomes(con, settings, datetime(2026, 11, 1)) == 0
    assert con.execute("SELECT count(*) FROM terugkoppeling_latest").fetchone() == (0,)
    assert con.execute("DESCRIBE terugkoppeling_latest").fetchall()[0][:2] == ("signaal_id", "VARCHAR")
    assert [(r[0], r[1]) for r in con.execute("DESCRIBE terugkoppeling_latest").fetchall()] == [
        ("signaal_id", "VARCHAR"), ("uitkomst", "VARCHAR"), ("gemeld_op", "TIMESTAMP"), ("rol", "VARCHAR")]
    assert not (tmp_path / "nergens").exists()  # the run creates nothing


def test_latest_outcome_before_the_run_per_signal(settings, engine):
    _store(engine, "FBC-202610-000001", "IN_ONDERZOEK", datetime(2026, 11, 2, 10))
    _store(engine, "FBC-202610-000001", "AFGEROND_MET_BRP_MUTATIE", datetime(2026, 11, 9, 10))
    _store(engine, "FBC-202610-000001", "ONJUIST_SIGNAAL", datetime(2026, 11, 30, 10))  # after the run started
    _store(engine, "FBC-202610-000002", "WERKNEMER_GEINFORMEERD", datetime(2026, 11, 3), rol="werkgever")
    _store(engine, "FBC-202610-000002", "WERKNEMER_UIT_DIENST", datetime(2026, 11, 3), rol="werkgever")  # same time
    _store(engine, "FBC-202610-000003", "IN_ONDERZOEK", datetime(2026, 12, 1))
    con = duckdb.connect()
    assert load_outcomes(con, settings, datetime(2026, 11, 29, 12)) == 2
    assert con.execute("SELECT * FROM terugkoppeling_latest ORDER BY 1").fetchall() == [
        ("FBC-202610-000001", "AFGEROND_MET_BRP_MUTATIE", datetime(2026, 11, 9, 10), "gemeente"),
        ("FBC-202610-000002", "WERKNEMER_UIT_DIENST", datetime(2026, 11, 3), "werkgever")]
    assert con.execute("SELECT * FROM terugkoppeling_first ORDER BY 1").fetchall() == [
        ("FBC-202610-000001", datetime(2026, 11, 2, 10)), ("FBC-202610-000002", datetime(2026, 11, 3))]
    load_outcomes(con, settings, datetime(2026, 11, 29, 12))  # idempotent
    assert con.execute("SELECT count(*) FROM terugkoppeling_latest").fetchone() == (2,)


def test_aware_run_start_is_compared_in_utc(settings, engine):
    from datetime import UTC, timedelta, timezone

    _store(engine, "FBC-202610-000001", "IN_ONDERZOEK", datetime(2026, 11, 2, 10))
    cet = timezone(timedelta(hours=1))
    con = duckdb.connect()
    assert load_outcomes(con, settings, datetime(2026, 11, 2, 10, 59, 59, tzinfo=cet)) == 0  # 09:59:59 UTC
    assert load_outcomes(con, settings, datetime(2026, 11, 2, 10, 0, 1, tzinfo=UTC)) == 1


def test_reader_does_not_wait_for_a_portal_write(settings, engine, location):
    """A run reads while the portal holds an open write transaction: no waiting, only committed rows."""
    _store(engine, "FBC-202610-000001", "IN_ONDERZOEK", datetime(2026, 11, 2))
    holding, release = threading.Event(), threading.Event()

    def writer():
        with engine.begin() as con:
            con.execute(outcomes.insert().values(signaal_id="FBC-202610-000009", periode="2026-10",
                                                 uitkomst="IN_ONDERZOEK", datum=date(2026, 11, 1), gebruiker="u",
                                                 rol="gemeente", scope="0363", ingevoerd_op=datetime(2026, 11, 3)))
            holding.set()
            release.wait(20)

    thread = threading.Thread(target=writer)
    thread.start()
    assert holding.wait(10)
    started = time.monotonic()
    rows = read_latest_outcomes(location, datetime(2026, 12, 1))
    elapsed = time.monotonic() - started
    release.set()
    thread.join()
    assert [r[0] for r in rows] == ["FBC-202610-000001"]
    assert elapsed < 2.0


def test_reader_cannot_write_sqlite(settings, engine, location):
    if location.startswith("postgresql"):
        pytest.skip("SQLite read-only mode")
    import sqlalchemy as sa

    from feedbackcyclus.portal_database import open_read_only

    ro = open_read_only(location)
    with pytest.raises(sa.exc.OperationalError), ro.begin() as con:
        con.execute(sa.text("DELETE FROM outcomes"))


def test_unreachable_postgres_stops_the_run_with_a_clear_message():
    from feedbackcyclus.outcome_store import read_latest_outcomes

    with pytest.raises(RunRefused, match="portaaldatabase"):
        read_latest_outcomes("postgresql://nobody@127.0.0.1:1/none", datetime(2026, 11, 1))


def _tiny_inbox(settings):
    from tests.builders import BSN, LHNR, polis_row, rni_row, write_period

    write_period(settings.inbox, "2026-10", polis=[polis_row(BSN[5], LHNR[0])], rni=[rni_row(BSN[5])])


def test_run_with_unreachable_postgres_stops_before_opening_anything(workdir):
    from tests.conftest import make_settings, run_plain

    settings = replace(make_settings(workdir, accept_quality_warnings=True),
                       portal=PortalSettings(database="postgresql://nobody@127.0.0.1:1/none"))
    _tiny_inbox(settings)
    with pytest.raises(RunRefused, match="portaaldatabase"):
        run_plain(settings, "2026-10")
    assert not (settings.reports / "2026-10").exists()


def test_run_reads_a_portal_database_with_answers(workdir, location):
    from feedbackcyclus.portal_database import open_engine
    from tests.conftest import make_settings, run_plain

    settings = replace(make_settings(workdir, accept_quality_warnings=True), portal=PortalSettings(database=location))
    _store(open_engine(location), "FBC-202609-000001", "IN_ONDERZOEK", datetime(2026, 10, 2))
    _tiny_inbox(settings)
    result = run_plain(settings, "2026-10")
    assert result["signals"]["LOON_ZONDER_ADRES"] == 1
    assert "Werkt de cyclus?" in (settings.reports / "2026-10" / "rapport.html").read_text(encoding="utf-8")
