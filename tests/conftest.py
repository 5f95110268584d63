"""Shared fixtures.

Prefect: one temporary API server for the whole session (``prefect_harness``), so flows
called in-process cost ~0.5 s each instead of a ~10 s server start. Tests that only need
the run without Prefect use ``run_plain`` (the same steps, called directly).
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

from feedbackcyclus.settings import Settings  # noqa: E402


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory):
    home = tmp_path_factory.mktemp("prefect-home")
    os.environ["PREFECT_HOME"] = str(home)
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch root; the CLI's state (quality reports, temp files) goes under it too."""
    monkeypatch.setenv("FEEDBACKCYCLUS_STATE_DIR", str(tmp_path / "state"))
    return tmp_path


def make_settings(root: Path, **kw) -> Settings:
    base = Settings(inbox=root / "inbox", reports=root / "reports", warehouse=root / "warehouse.duckdb",
                    state_dir=root / "state")
    return replace(base, **kw)


def run_plain(settings: Settings, period: str) -> dict:
    """One period through the same steps as the flow, without Prefect."""
    from flows import steps
    from flows.context import RunContext

    return steps.execute(RunContext(settings=settings, period=period))


def cli_args(root: Path) -> list[str]:
    return ["--inbox", str(root / "inbox"), "--reports", str(root / "reports"),
            "--warehouse", str(root / "warehouse.duckdb")]


def deterministic_files(folder: Path) -> dict[str, bytes]:
    """Published files that must be byte-identical on a rerun with the same inputs.

    Left out: manifest.json (run id, times) and the GX Data Docs (GX stamps its own run
    times into them); see docs/decisions.md.
    """
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "manifest.json" and not p.relative_to(folder).as_posix().startswith("kwaliteit/gx/")}


@pytest.fixture
def cli(prefect_harness):
    """Call the CLI in-process; returns (exit code, stdout, stderr).

    Output goes to fresh buffers; Prefect's console handlers (which keep the stream they were
    created with) are pointed at them during the call and at the real stderr afterwards.
    """
    import contextlib
    import io
    import logging
    import sys

    from prefect.logging.handlers import PrefectConsoleHandler

    import flows.cli as cli_module
    from flows import prefect_env

    def rebind(stream) -> None:
        for logger in [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]:
            for handler in getattr(logger, "handlers", []):
                if isinstance(handler, PrefectConsoleHandler):
                    handler.setStream(stream)
                    handler.console.file = stream

    def run(args: list[str]) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        original = prefect_env.install_log_filter

        def install_and_rebind() -> None:
            original()
            rebind(err)

        prefect_env.install_log_filter = install_and_rebind
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                rebind(err)
                code = cli_module.main(args)
        finally:
            prefect_env.install_log_filter = original
            rebind(sys.__stderr__)
        return code, out.getvalue(), err.getvalue()

    return run
