"""Issue 11 items 2, 4 and 6: what an operator types is checked before anything is written.

- a period is ``[0-9]{4}-(0[1-9]|1[0-2])`` in full, years 2000–2099 (exit 2 otherwise);
- inbox, reports, warehouse and state must not overlap (exit 2, the delivery untouched);
- every setting is checked at load, naming the key and the file actually read (exit 2).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from feedbackcyclus.errors import ConfigError
from feedbackcyclus.periods import parse_period
from feedbackcyclus.settings import load_settings
from feedbackcyclus.settings_check import build, setting
from flows.cli import main
from tests.security.helpers import P1, tiny_inbox, tree_digest

BAD_PERIODS = ["2026-05\n", "٢٠٢٦-٠٥", "２０２６-05", "2026-13", "2026-00", "9999-12", "1999-12", "2100-01",
               " 2026-05", "2026-5", "2026-05-01", ""]


@pytest.mark.parametrize("text", BAD_PERIODS)
def test_period_is_refused(text):
    with pytest.raises(ValueError):
        parse_period(text)


@pytest.mark.parametrize("argv", [["run", "--period"], ["backfill", "--from", "2026-04", "--to"],
                                  ["backfill", "--to", "2026-04", "--from"]])
@pytest.mark.parametrize("text", ["2026-05\n", "٢٠٢٦-٠٥", "9999-12", "2026-13"])
def test_cli_refuses_bad_period_with_exit_2(argv, text, tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main([*argv, text, "--inbox", str(tmp_path / "i"), "--reports", str(tmp_path / "r")])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "JJJJ-MM" in err or "2000-2099" in err
    assert not (tmp_path / "r").exists()


def test_good_periods_at_the_edges():
    assert parse_period("2000-01") == (2000, 1) and parse_period("2099-12") == (2099, 12)


def _overlap_cases(root: Path) -> dict[str, list[str]]:
    inbox = root / "inbox"
    (root / "link").symlink_to(inbox)
    return {
        "reports equals inbox": ["--inbox", str(inbox), "--reports", str(inbox)],
        "reports inside inbox": ["--inbox", str(inbox), "--reports", str(inbox / "out")],
        "inbox inside reports": ["--inbox", str(inbox), "--reports", str(root)],
        "warehouse inside reports": ["--inbox", str(inbox), "--reports", str(root / "r"),
                                     "--warehouse", str(root / "r" / "w.duckdb")],
        "warehouse inside inbox": ["--inbox", str(inbox), "--reports", str(root / "r"),
                                   "--warehouse", str(inbox / "w.duckdb")],
        "reports is a symlink to inbox": ["--inbox", str(inbox), "--reports", str(root / "link")],
    }


@pytest.mark.parametrize("case", ["reports equals inbox", "reports inside inbox", "inbox inside reports",
                                  "warehouse inside reports", "warehouse inside inbox",
                                  "reports is a symlink to inbox"])
def test_overlapping_locations_are_refused_before_anything_is_written(case, tmp_path, capsys, monkeypatch):
    tiny_inbox(tmp_path / "inbox", (P1,))
    monkeypatch.delenv("FEEDBACKCYCLUS_STATE_DIR", raising=False)
    args = _overlap_cases(tmp_path)[case]
    if "--warehouse" not in args:
        args += ["--warehouse", str(tmp_path / "wh" / "w.duckdb")]
    before = tree_digest(tmp_path / "inbox")
    entries = sorted(p.name for p in tmp_path.iterdir())
    code = main(["run", "--period", P1, *args, "--accept-quality-warnings"])
    assert code == 2
    err = capsys.readouterr().err
    assert "dezelfde plek" in err or "liggen in elkaar" in err
    assert tree_digest(tmp_path / "inbox") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == entries  # no warehouse, lock or state created


BAD_SETTINGS = {
    "negative threshold": ("[quality]\nmax_quarantine_share = -0.01\n", "[quality] max_quarantine_share"),
    "share above one": ("[quality]\nmax_finding_share = 1.5\n", "[quality] max_finding_share"),
    "wrong type": ("[quality]\nmax_row_change = \"20%\"\n", "[quality] max_row_change"),
    "memory too small": ("[engine]\nmemory_limit = \"1KB\"\n", "[engine] memory_limit"),
    "memory without unit": ("[engine]\nmemory_limit = \"lots\"\n", "[engine] memory_limit"),
    "zero threads": ("[engine]\nthreads = 0\n", "[engine] threads"),
    "negative workers": ("[engine]\npublish_workers = -3\n", "[engine] publish_workers"),
    "bool as number": ("[engine]\nthreads = true\n", "[engine] threads"),
    "negative lag": ("[quality]\nmax_snapshot_lag_days = -1\n", "[quality] max_snapshot_lag_days"),
    "unknown key": ("[rules]\nonbekend = 1\n", "[rules] onbekend"),
    "unknown top-level key": ("inboxx = \"x\"\n", "inboxx"),
    "section as value": ("rules = 3\n", "[rules]"),
    "inconsistent rule": ("[rules]\nrni_min_months = 8\n", "[rules] rni_min_months"),
    "empty path": ("reports = \"\"\n", "reports"),
    "not toml": ("[engine\nthreads = 2\n", ""),
}


@pytest.mark.parametrize("case", sorted(BAD_SETTINGS))
def test_bad_setting_is_refused_naming_key_and_file(case, tmp_path):
    text, key = BAD_SETTINGS[case]
    path = tmp_path / "instellingen.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_settings(path)
    assert str(path) in str(exc.value)
    assert f"instelling {key}" in str(exc.value) if key else "TOML" in str(exc.value)


def test_cli_names_the_file_from_the_environment_and_exits_2(tmp_path, capsys, monkeypatch):
    path = tmp_path / "deploy.toml"
    path.write_text("[engine]\npublish_workers = -3\n", encoding="utf-8")
    monkeypatch.setenv("FEEDBACKCYCLUS_CONFIG", str(path))
    code = main(["run", "--period", P1, "--inbox", str(tmp_path / "i"), "--reports", str(tmp_path / "r"),
                 "--warehouse", str(tmp_path / "w.duckdb")])
    err = capsys.readouterr().err
    assert code == 2
    assert str(path) in err and "[engine] publish_workers" in err and "config/feedbackcyclus.toml" not in err
    assert not (tmp_path / "r").exists() and not (tmp_path / "w.duckdb").exists()


def test_a_named_settings_file_that_does_not_exist_is_an_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("FEEDBACKCYCLUS_CONFIG", str(tmp_path / "ontbreekt.toml"))
    assert main(["status", "--warehouse", str(tmp_path / "w.duckdb")]) == 2
    assert "ontbreekt.toml" in capsys.readouterr().err


def test_good_settings_are_read_with_units_and_relative_paths(tmp_path):
    path = tmp_path / "ok.toml"
    path.write_text('reports = "pub"\n[engine]\nmemory_limit = "512MiB"\nthreads = 2\npublish_workers = 1\n'
                    '[quality]\nmax_row_change = 1\n', encoding="utf-8")
    settings = load_settings(path)
    assert settings.engine.memory_limit == "512MiB" and settings.engine.threads == 2
    assert settings.quality.max_row_change == 1.0 and isinstance(settings.quality.max_row_change, float)
    assert settings.reports == tmp_path / "pub"


def test_a_new_section_plugs_in_with_its_field_metadata(tmp_path):
    """How another section ([brief], [portal]) gets the same checks: declare fields with ``setting``."""

    @dataclasses.dataclass(frozen=True)
    class Brief:
        afzender: str = setting("[AFZENDER INVULLEN]", nonempty=True)
        reactietermijn_dagen: int = setting(42, minimum=1, maximum=365)

    assert build(Brief, {"reactietermijn_dagen": 30}, file="x.toml", base=None).reactietermijn_dagen == 30
    with pytest.raises(ConfigError, match=r"instelling \[brief\] reactietermijn_dagen"):
        build(Brief, {"reactietermijn_dagen": 0}, file="x.toml", base=None, prefix="[brief] ")
    with pytest.raises(ConfigError, match=r"afzender"):
        build(Brief, {"afzender": "  "}, file="x.toml", base=None)


def test_internal_error_before_any_flow_run_does_not_point_at_a_prefect_log(tmp_path, capsys, monkeypatch):
    def broken(settings):
        raise RuntimeError("bug")

    monkeypatch.setattr("flows.commands.run.check_locations", broken)
    code = main(["run", "--period", P1, "--inbox", str(tmp_path / "i"), "--reports", str(tmp_path / "r"),
                 "--warehouse", str(tmp_path / "w.duckdb")])
    err = capsys.readouterr().err
    assert code == 1
    assert "interne fout (RuntimeError)" in err and "FEEDBACKCYCLUS_DEBUG=1" in err and "Prefect-log" not in err


@dataclasses.dataclass(frozen=True)
class Portal:
    database: str | None = None
    hosts: list[str] = dataclasses.field(default_factory=list)
    rol: str = setting("analist", choices=("analist", "gemeente"))


@dataclasses.dataclass(frozen=True)
class Top:
    portal: Portal = dataclasses.field(default_factory=Portal)


def test_a_section_added_as_a_plain_dataclass_field_is_read_and_type_checked(tmp_path):
    top = build(Top, {"portal": {"database": "postgresql://db/fbc", "hosts": ["a", "b"]}}, file="x.toml", base=None)
    assert top.portal.database == "postgresql://db/fbc" and top.portal.hosts == ["a", "b"]
    with pytest.raises(ConfigError, match=r"instelling \[portal\] database"):
        build(Top, {"portal": {"database": 5}}, file="x.toml", base=None)
    with pytest.raises(ConfigError, match=r"instelling \[portal\] hosts\[1\]"):
        build(Top, {"portal": {"hosts": ["a", 2]}}, file="x.toml", base=None)
    with pytest.raises(ConfigError, match=r"niet een van analist, gemeente"):
        build(Top, {"portal": {"rol": "admin"}}, file="x.toml", base=None)
