"""``flows/`` only wires (issue 12 item 5, STYLE.md "a function that only wires"): checked on the
source text, so SQL or a generator import in the wrong place fails here, not in review.

- ``sample_data`` (the generator) is imported by one product module only,
  ``flows/commands/generate.py`` — the generator's entry point on the CLI — and lazily there;
- ``flows/`` holds no SQL of its own (the warehouse module and the steps' packages do);
- ``flows/cli.py`` is parsing and dispatch (≤ 150 lines) and importing it loads neither Prefect,
  the generator, DuckDB nor the web stack.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = ("flows", "intake", "schemas", "transforms", "reports", "feedbackcyclus", "portal")
GENERATE = ROOT / "flows" / "commands" / "generate.py"
SQL = re.compile(r"\b(SELECT|INSERT|DELETE|UPDATE|CREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP\s+)?TABLE)\b|\bwh\.")


def product_modules() -> list[Path]:
    return sorted(p for package in PRODUCT for p in (ROOT / package).rglob("*.py"))


def imports_of(tree: ast.AST, top: str) -> list[ast.stmt]:
    def names(node: ast.AST) -> list[str]:
        if isinstance(node, ast.Import):
            return [a.name for a in node.names]
        if isinstance(node, ast.ImportFrom) and node.level == 0:
            return [node.module or ""]
        return []

    return [node for node in ast.walk(tree) if any(n.split(".")[0] == top for n in names(node))]


def test_only_the_generate_command_imports_sample_data():
    importers = [str(p.relative_to(ROOT)) for p in product_modules()
                 if imports_of(ast.parse(p.read_text(encoding="utf-8")), "sample_data")]
    assert importers == ["flows/commands/generate.py"]


def test_the_generate_command_imports_the_generator_lazily():
    tree = ast.parse(GENERATE.read_text(encoding="utf-8"))
    top_level = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    assert not [n for n in top_level if n in imports_of(tree, "sample_data")]
    assert imports_of(tree, "sample_data")  # … and inside a function it is


def sql_in(path: Path) -> list[str]:
    """SQL keywords or ``wh.`` in the string constants of a module (docstrings included)."""
    return [f"{path.name}:{node.lineno} {m.group(0)}"
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            for m in SQL.finditer(node.value)]


def test_flows_hold_no_sql():
    assert {str(p.relative_to(ROOT)): hits for p in sorted((ROOT / "flows").rglob("*.py")) if (hits := sql_in(p))} == {}


def test_the_sql_detector_sees_sql(tmp_path):
    sample = tmp_path / "x.py"
    sample.write_text('q = "SELECT run_id FROM wh.runs"\nd = f"DELETE FROM {t}"\nok = "selectie van werkgevers"\n')
    assert [h.split(" ", 1)[1] for h in sql_in(sample)] == ["SELECT", "wh.", "DELETE"]


def test_cli_is_parsing_and_dispatch():
    assert len((ROOT / "flows" / "cli.py").read_text(encoding="utf-8").splitlines()) <= 150
    assert {p.name for p in (ROOT / "flows").glob("*.py")}.isdisjoint({"cli_brieven.py", "cli_portal.py"})


def test_importing_the_cli_loads_no_heavy_package():
    code = ("import sys, flows.cli; print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'prefect', 'sample_data', 'duckdb', 'polars', 'portal', 'uvicorn', 'reports', 'transforms', 'intake'}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
