"""Hostile input: every case ends with exit 2, a message naming file, row/column and rule,
no traceback, nothing published, and the warehouse and earlier periods untouched."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import polars as pl
import pytest

from tests.builders import BSN, LHNR, brp_row, polis_row, rni_row, write_input, write_period
from tests.conftest import cli_args, deterministic_files, make_settings, run_plain

GOOD, BAD = "2026-09", "2026-10"


def baseline(root: Path) -> None:
    for p in (GOOD, BAD):
        write_period(root / "inbox", p, polis=[polis_row(b, period=p) for b in BSN[:6]],
                     brp=[brp_row(b) for b in BSN[:3]], rni=[rni_row(b) for b in BSN[3:6]])


@pytest.fixture(scope="module")
def published_baseline(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-base")
    baseline(root)
    run_plain(make_settings(root, accept_quality_warnings=True), GOOD)
    return root


def file(root: Path, name: str, period: str = BAD) -> Path:
    return root / "inbox" / period / name


def replace_text(root: Path, name: str, edit: Callable[[str], str]) -> None:
    path = file(root, name)
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")


def lines(root: Path, name: str) -> list[str]:
    return file(root, name).read_text(encoding="utf-8").splitlines()


def set_lines(root: Path, name: str, new: list[str], end: str = "\n") -> None:
    file(root, name).write_text("\n".join(new) + end, encoding="utf-8")


def parquet_with_int_bsn(root: Path) -> None:
    frame = pl.read_csv(file(root, "polis.csv"), separator=";", infer_schema=False)
    frame = frame.with_columns(pl.col("bsn").cast(pl.Int64))
    file(root, "polis.csv").unlink()
    frame.write_parquet(file(root, "polis.parquet"))


CASES: dict[str, tuple[Callable[[Path], None], list[str]]] = {
    "missing file": (lambda r: file(r, "rni.csv").unlink(), ["rni.csv of rni.parquet ontbreekt"]),
    "empty file": (lambda r: file(r, "brp.csv").write_bytes(b""), ["brp.csv", "leeg"]),
    "header only": (lambda r: set_lines(r, "werkgevers", lines(r, "werkgevers.csv")[:1])
                    if False else set_lines(r, "werkgevers.csv", lines(r, "werkgevers.csv")[:1]),
                    ["werkgevers.csv", "alleen een kopregel"]),
    "missing required column": (lambda r: replace_text(r, "polis.csv", lambda t: t.replace("sv_loon", "loon", 1)),
                                ["polis.csv", "rij 1", "kolom sv_loon", "verplichte kolom ontbreekt"]),
    "duplicate column names": (lambda r: replace_text(r, "brp.csv", lambda t: t.replace("straat", "woonplaats", 1)),
                               ["brp.csv", "woonplaats", "twee keer"]),
    "unknown delimiter": (lambda r: replace_text(r, "rni.csv", lambda t: t.replace(";", "\t")),
                          ["rni.csv", "scheidingsteken tab"]),
    "mixed delimiters": (lambda r: set_lines(r, "polis.csv", lines(r, "polis.csv")[:2]
                                             + [lines(r, "polis.csv")[2].replace(";", ",")]
                                             + lines(r, "polis.csv")[3:]),
                         ["polis.csv", "rij 3", "te weinig velden"]),
    "ragged row": (lambda r: set_lines(r, "brp.csv", lines(r, "brp.csv")[:3] + [lines(r, "brp.csv")[3] + ";extra"]),
                   ["brp.csv", "rij 4", "te veel velden"]),
    "unterminated quote": (lambda r: set_lines(r, "rni.csv", lines(r, "rni.csv")[:2]
                                               + [lines(r, "rni.csv")[2].replace("Kowalski", '"Kowalski')]
                                               + lines(r, "rni.csv")[3:]),
                           ["rni.csv", "rij"]),
    "truncated last line": (lambda r: set_lines(r, "polis.csv", lines(r, "polis.csv")[:-1]
                                                + [lines(r, "polis.csv")[-1][:25]], end=""),
                            ["polis.csv", "rij 7", "te weinig velden"]),
    "binary garbage": (lambda r: file(r, "brp.csv").write_bytes(bytes(range(256)) * 64),
                       ["brp.csv", "geen tekstbestand"]),
    "utf-16": (lambda r: file(r, "rni.csv").write_bytes(file(r, "rni.csv").read_text().encode("utf-16")),
               ["rni.csv", "NUL"]),
    "neither utf-8 nor windows-1252": (lambda r: file(r, "werkgevers.csv").write_bytes(
        file(r, "werkgevers.csv").read_bytes().replace(b"Kas & Co", b"Kas \x81\x8d Co")),
        ["werkgevers.csv", "geen UTF-8 en geen Windows-1252"]),
    "parquet with wrong column types": (parquet_with_int_bsn, ["polis.parquet", "kolom bsn", "tekst"]),
    "parquet that is not parquet": (lambda r: (file(r, "rni.csv").unlink(),
                                               file(r, "rni.parquet").write_bytes(b"PAR1 not really")),
                                    ["rni.parquet", "Parquet onleesbaar"]),
    "huge single field": (lambda r: set_lines(r, "brp.csv", lines(r, "brp.csv")[:2]
                                              + [lines(r, "brp.csv")[2].replace("Jansen", "J" * 2_000_000)]),
                          ["brp.csv", "langer dan"]),
    "path is a directory": (lambda r: (file(r, "polis.csv").unlink(), file(r, "polis.csv").mkdir()),
                            ["polis.csv", "geen gewoon bestand"]),
    "period folder missing": (lambda r: shutil.rmtree(r / "inbox" / BAD), ["bestaat niet"]),
    "csv and parquet both present": (lambda r: file(r, "rni.parquet").write_bytes(b"x"),
                                     ["rni.csv", "rni.parquet", "één"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_case(case, published_baseline, tmp_path, cli, monkeypatch):
    root = tmp_path / "root"
    shutil.copytree(published_baseline, root)
    monkeypatch.setenv("FEEDBACKCYCLUS_STATE_DIR", str(root / "state"))
    before = deterministic_files(root / "reports" / GOOD)
    mutate, expected = CASES[case]
    mutate(root)

    code, out, message = cli(["run", "--period", BAD, *cli_args(root)])
    assert code == 2, message
    assert "Traceback" not in out + message
    for fragment in expected:
        assert fragment in message, (fragment, message)
    assert not (root / "reports" / BAD).exists()
    assert not [p for p in (root / "reports").iterdir() if p.name.startswith(".")]
    assert deterministic_files(root / "reports" / GOOD) == before
    con = duckdb.connect(str(root / "warehouse.duckdb"), read_only=True)
    assert con.execute("SELECT list(period ORDER BY period) FROM period_figures").fetchone()[0] == [GOOD]
    assert con.execute("SELECT count(*) FROM signals WHERE period = ?", [BAD]).fetchone()[0] == 0
    status = con.execute("SELECT status FROM runs WHERE period = ?", [BAD]).fetchall()
    con.close()
    assert status in ([], [("failed",)])


ROW_LEVEL = {
    "invalid date": ("polis", {"datum_aanvang_ikv": "2026-02-30"}, "DATUM_ONGELDIG"),
    "wrong century": ("polis", {"tijdvak_aanvang": "1026-10-01"}, "DATUM_ONGELDIG"),
    "negative wages": ("polis", {"sv_loon": "-2100.00"}, "BEDRAG_ONGELDIG"),
    "bsn with letters": ("polis", {"bsn": "12345678X"}, "BSN_ONGELDIG"),
}


@pytest.mark.parametrize("case", sorted(ROW_LEVEL))
def test_row_level_problems_are_quarantined_and_gated(case, tmp_path, cli, monkeypatch):
    monkeypatch.setenv("FEEDBACKCYCLUS_STATE_DIR", str(tmp_path / "state"))
    name, change, reason = ROW_LEVEL[case]
    polis = [polis_row(b, period=BAD) for b in BSN[:6]]
    change = dict(change)
    polis.append(polis_row(change.pop("bsn", BSN[7]), LHNR[0], period=BAD, **change))
    write_period(tmp_path / "inbox", BAD, polis=polis, brp=[brp_row(b) for b in BSN[:8]])

    # 1 bad row of 7 is far above the 1 % quarantine gate: stopped, nothing published
    code, _, err = cli(["run", "--period", BAD, *cli_args(tmp_path)])
    assert code == 2
    assert "Traceback" not in err
    assert "quarantaine_aandeel" in err and "--accept-quality-warnings" in err
    assert not (tmp_path / "reports" / BAD).exists()
    kept = list((tmp_path / "state" / "kwaliteit" / BAD).glob("*/kwaliteit.json"))
    assert kept and str(kept[0].parent) in err

    # accepted: published, quarantined with the reason, recorded in the manifest
    assert cli(["run", "--period", BAD, *cli_args(tmp_path), "--accept-quality-warnings"])[0] == 0
    folder = tmp_path / "reports" / BAD
    quarantine = (folder / "kwaliteit" / "quarantaine.csv").read_text(encoding="utf-8-sig")
    assert f"{name};8;{reason};" in quarantine
    import json

    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["accepted_quality_warnings"] is True
    assert any(not q["passed"] for q in manifest["quality"])
    assert manifest["inputs"][name]["rows"] == 7 and manifest["inputs"][name]["quarantined"] == 1


def test_bad_period_argument_exits_2(capsys):
    from flows.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["run", "--period", "2026-13"])
    assert exc.value.code == 2
    assert "JJJJ-MM" in capsys.readouterr().err


def test_real_console_shows_no_traceback(tmp_path):
    """A real subprocess (its own Prefect server): bad input gives one message and exit 2."""
    import os
    import subprocess
    import sys

    baseline(tmp_path)
    replace_text(tmp_path, "brp.csv", lambda t: t.replace("geslachtsnaam", "achternaam", 1))
    env = {**os.environ, "FEEDBACKCYCLUS_STATE_DIR": str(tmp_path / "state"), "PREFECT_HOME": str(tmp_path / "p")}
    env.pop("PREFECT_API_URL", None)
    run = subprocess.run([sys.executable, "-m", "flows.cli", "run", "--period", BAD, *cli_args(tmp_path)],
                         cwd=Path(__file__).parent.parent, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 2
    assert "Traceback" not in run.stdout + run.stderr
    assert "kolom geslachtsnaam" in run.stderr and "brp.csv" in run.stderr
    assert not (tmp_path / "reports" / BAD).exists()


def test_parquet_inputs_are_read(tmp_path):
    """The positive case: a whole period delivered as Parquet with text identifiers."""
    baseline(tmp_path)
    for name in ("polis", "werkgevers", "brp", "rni"):
        path = file(tmp_path, f"{name}.csv")
        pl.read_csv(path, separator=";", infer_schema=False).write_parquet(path.with_suffix(".parquet"))
        path.unlink()
    result = run_plain(make_settings(tmp_path, accept_quality_warnings=True), BAD)
    assert result["signals"]["LOON_ZONDER_ADRES"] == 3


def test_windows_1252_and_comma_and_bom_are_accepted(tmp_path):
    baseline(tmp_path)
    folder = tmp_path / "inbox" / BAD
    write_input(folder, "brp", [brp_row(b, geslachtsnaam="Šťastný") for b in BSN[:3]], encoding="cp1252"
                if False else "utf-8", delimiter=",")
    write_input(folder, "rni", [rni_row(b, geslachtsnaam="Žukowski", voornamen="Paweł") for b in BSN[3:6]],
                encoding="utf-8")
    (folder / "rni.csv").write_bytes(b"\xef\xbb\xbf" + (folder / "rni.csv").read_bytes())
    write_input(folder, "werkgevers", [{"loonheffingennummer": LHNR[0], "kvk_nummer": "12345678",
                                        "naam": "Šimek Žalud s.r.o.", "straat": "Kasweg", "huisnummer": "1",
                                        "postcode": "2671AA", "plaats": "Naaldwijk", "gemeentecode": "1783",
                                        "sector_code": "52", "is_uitlener": "true"}], encoding="cp1252")
    run_plain(make_settings(tmp_path, accept_quality_warnings=True), BAD)
    import json

    manifest = json.loads((tmp_path / "reports" / BAD / "manifest.json").read_text())
    assert manifest["inputs"]["werkgevers"]["encoding"] == "windows-1252"
    assert manifest["inputs"]["rni"]["encoding"] == "utf-8-bom"
    assert manifest["inputs"]["brp"]["delimiter"] == ","
    letter = (tmp_path / "reports" / BAD / "werkgevers" / LHNR[0] / "brief.html").read_text(encoding="utf-8")
    assert "Šimek Žalud s.r.o." in letter


def test_broken_settings_file_exits_2(tmp_path, cli):
    config = tmp_path / "settings.toml"
    config.write_text("[rules]\nrni_min_months = 4\nonbekend = 1\n")
    code, _, err = cli(["--config", str(config), "run", "--period", BAD, *cli_args(tmp_path)])
    assert code == 2
    assert "instellingen ongeldig" in err and "[rules] onbekend" in err and str(config) in err
    assert "Traceback" not in err
