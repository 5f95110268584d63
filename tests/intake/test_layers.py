"""Where reading lives (DESIGN.md §2 v2, issue 12): ``intake/`` reads and stages the inputs
beside ``schemas/``; ``transforms/`` holds the rules of §4 and reads no file. Checked on the
source text, so a stray import or a file read in the wrong layer fails here, not in review."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# package → top-level packages it must not import
FORBIDDEN = {
    "intake": {"transforms", "flows", "reports", "portal", "sample_data", "prefect"},
    "schemas": {"intake", "transforms", "flows", "reports", "portal", "prefect"},
    "transforms": {"intake", "flows", "prefect"},
}
FILE_READERS = {"read_csv", "read_csv_auto", "read_parquet", "read_text", "read_bytes", "open", "scan_csv",
                "scan_parquet"}


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def imported(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_point_one_way(package):
    wrong = {str(p.relative_to(ROOT)): sorted(imported(ast.parse(p.read_text())) & FORBIDDEN[package])
             for p in modules(package)}
    assert {k: v for k, v in wrong.items() if v} == {}


def file_reads(package: str) -> list[str]:
    """Calls that read a file (``open``, ``read_text`` …) and SQL text that does (``read_csv(``)."""
    found = []
    for path in modules(package):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
                if name in FILE_READERS:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and any(
                    f"{r}(" in node.value for r in ("read_csv", "read_parquet")):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} SQL")
    return found


def test_transforms_reads_no_files():
    assert file_reads("transforms") == []
    assert file_reads("intake")  # the detector sees the reading where it belongs


@pytest.mark.parametrize("package", ["intake", "schemas", "transforms", "reports", "feedbackcyclus", "flows", "portal",
                                     "sample_data", "bench"])
def test_no_module_over_400_lines(package):
    assert {str(p.relative_to(ROOT)): n for p in modules(package)
            if (n := len(p.read_text().splitlines())) > 400} == {}
