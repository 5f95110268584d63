"""The command modules on tiny literal warehouses: the cascade rule (``plan_periods``) and the
refusal of a warehouse that cannot be read — exit 2 with what to do, never a silent pass."""

from __future__ import annotations

import duckdb
import pytest

from feedbackcyclus.errors import RunRefused
from feedbackcyclus.warehouse import connect
from flows.commands.run import later_published, plan_periods
from tests.conftest import cli_args, make_settings


def published(root, *periods: str):
    settings = make_settings(root)
    con = connect(settings.warehouse, settings.engine)
    for p in periods:
        con.execute("INSERT INTO wh.period_figures VALUES (?, ?, now(), '{}')", [p, f"run-{p}"])
    con.close()
    return settings


def test_no_warehouse_means_nothing_published(tmp_path):
    settings = make_settings(tmp_path)
    assert later_published(settings, "2026-05") == []
    assert plan_periods(settings, ["2026-05"], cascade=False) == ["2026-05"]
    assert not settings.warehouse.exists()  # asking did not create one


def test_a_new_warehouse_without_tables_has_nothing_published(tmp_path):
    settings = make_settings(tmp_path)
    duckdb.connect(str(settings.warehouse)).close()  # a valid, empty DuckDB file
    assert plan_periods(settings, ["2026-05"], cascade=False) == ["2026-05"]


def test_rerun_of_an_older_period_is_refused_without_cascade(tmp_path):
    settings = published(tmp_path, "2026-05", "2026-06", "2026-07")
    with pytest.raises(RunRefused, match=r"periode 2026-05 is ouder dan .* 2026-06, 2026-07.*--cascade"):
        plan_periods(settings, ["2026-05"], cascade=False)
    assert plan_periods(settings, ["2026-05"], cascade=True) == ["2026-05", "2026-06", "2026-07"]
    # a backfill over the later periods itself needs no cascade; the newest period reruns freely
    assert plan_periods(settings, ["2026-05", "2026-06", "2026-07"], cascade=False) == ["2026-05", "2026-06",
                                                                                          "2026-07"]
    assert plan_periods(settings, ["2026-07"], cascade=False) == ["2026-07"]
    assert plan_periods(settings, ["2026-06", "2026-07"], cascade=True) == ["2026-06", "2026-07"]
    assert plan_periods(settings, ["2026-04", "2026-05"], cascade=True) == ["2026-04", "2026-05", "2026-06",
                                                                              "2026-07"]


def test_a_warehouse_that_opens_but_cannot_be_read_is_refused(tmp_path):
    settings = make_settings(tmp_path)
    con = duckdb.connect(str(settings.warehouse))
    con.execute("CREATE TABLE period_figures (periode VARCHAR)")  # not our shape: no column period
    con.close()
    with pytest.raises(RunRefused, match="kan niet worden gelezen \\(BinderException\\).*reservekopie"):
        plan_periods(settings, ["2026-05"], cascade=False)


@pytest.mark.parametrize("content", [b"", b"geen duckdb" * 100])
def test_an_unreadable_warehouse_refuses_the_run_with_exit_2(workdir, cli, content):
    (workdir / "warehouse.duckdb").write_bytes(content)
    code, out, err = cli(["run", "--period", "2026-05", *cli_args(workdir)])
    assert code == 2, err
    assert "warehouse-bestand" in err and "reservekopie" in err and "Traceback" not in out + err
    assert not (workdir / "reports").exists()


def test_a_warehouse_of_another_shape_refuses_the_run_with_exit_2(workdir, cli):
    con = duckdb.connect(str(workdir / "warehouse.duckdb"))
    con.execute("CREATE TABLE period_figures (periode VARCHAR)")
    con.close()
    code, out, err = cli(["backfill", "--from", "2026-05", "--to", "2026-06", *cli_args(workdir)])
    assert code == 2, err
    assert "kan niet worden gelezen" in err and "Traceback" not in out + err
    assert "Prefect-log" not in err  # refused before any flow run
