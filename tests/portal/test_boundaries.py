"""The portal is a package of its own (DESIGN.md §2, §9): it never imports the pipeline's internals,
and the run never imports the portal's web code."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imports(folder: Path) -> set[str]:
    names: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
    return names


def test_portal_imports_no_pipeline_internals():
    imported = _imports(ROOT / "portal")
    assert not {n for n in imported if n.split(".")[0] in ("flows", "transforms", "schemas", "sample_data")}
    assert {n for n in imported if n.startswith("reports")} <= {"reports.xlsx", "reports.letter_pdf"}


def test_pipeline_imports_no_portal_code():
    for package in ("transforms", "schemas", "reports", "feedbackcyclus"):
        assert not {n for n in _imports(ROOT / package) if n.split(".")[0] == "portal"}, package
    steps = _imports(ROOT / "flows")  # only the portal commands (flows/commands/portal.py) use it
    assert {n for n in steps if n.split(".")[0] == "portal"} <= {"portal.accounts", "portal.audit", "portal.app"}
