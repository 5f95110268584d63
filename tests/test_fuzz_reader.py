"""Fuzzing the reader: random bytes and random rows either load with rows = loaded +
quarantined, or stop with an input error (exit 2) — never anything else."""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feedbackcyclus.errors import FeedbackError
from intake.ingest import ingest_input
from schemas.contract import CONTRACTS
from schemas.rules import RuleInputs

FIELD = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
    st.sampled_from(["", "111222333", "2026-10-01", "20261001", "1985-00-00", "-5", "12.5", "0363", '"', ";",
                     "\n", "\r\n", "ł", "ș", "=1+1", "true", "123456789L01"]),
)


def ingest(tmp: Path, name: str, data: bytes) -> None:
    folder = tmp / "inbox" / "2026-10"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.csv").write_bytes(data)
    con = duckdb.connect()
    try:
        report = ingest_input(con, folder, name, RuleInputs.defaults(), tmp / "tmp")
        quarantined = con.execute(f"SELECT count(*) FROM quarantine_{name}").fetchone()[0]
    except FeedbackError as exc:
        assert exc.exit_code == 2
        assert "Traceback" not in str(exc)
        return
    finally:
        con.close()
    assert report.rows == report.loaded + report.quarantined
    assert quarantined == report.quarantined


@given(st.sampled_from(sorted(CONTRACTS)), st.binary(max_size=400))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_random_bytes(name, data):
    with tempfile.TemporaryDirectory() as tmp:
        ingest(Path(tmp), name, data)


@given(st.sampled_from(sorted(CONTRACTS)), st.lists(st.lists(FIELD, max_size=20), max_size=8),
       st.sampled_from([";", ","]), st.sampled_from(["\n", "\r\n"]), st.sampled_from(["utf-8", "cp1252"]))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_random_rows_under_a_valid_header(name, rows, delimiter, newline, encoding):
    header = delimiter.join(CONTRACTS[name].column_names)
    body = newline.join(delimiter.join(r) for r in rows)
    text = header + newline + body
    data = text.encode(encoding, errors="replace")
    with tempfile.TemporaryDirectory() as tmp:
        ingest(Path(tmp), name, data)


@st.composite
def well_formed(draw):
    name = draw(st.sampled_from(sorted(CONTRACTS)))
    columns = CONTRACTS[name].column_names
    safe = FIELD.filter(lambda v: not any(c in ';"' or ord(c) < 32 for c in v))
    rows = draw(st.lists(st.lists(safe, min_size=len(columns), max_size=len(columns)), min_size=1, max_size=8))
    return name, ";".join(columns) + "\n" + "\n".join(";".join(r) for r in rows) + "\n", len(rows)


@given(well_formed())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_well_formed_random_rows_always_load(case):
    """Rows with the right number of fields are never fatal: each is loaded or quarantined."""
    name, text, n = case
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "inbox" / "2026-10"
        folder.mkdir(parents=True)
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
        con = duckdb.connect()
        report = ingest_input(con, folder, name, RuleInputs.defaults(), Path(tmp) / "tmp")
        quarantined = con.execute(f"SELECT count(*) FROM quarantine_{name}").fetchone()[0]
        con.close()
    assert report.rows == n == report.loaded + report.quarantined
    assert quarantined == report.quarantined
