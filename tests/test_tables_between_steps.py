"""The tables between the steps are the ones ``schemas/catalogue.py`` names (issue 12).

Checked on the source text: a report that starts reading a staged or intermediate table, a rule
that creates a table nobody named, or ``wh.*`` SQL outside the warehouse module fails here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from feedbackcyclus.warehouse import HISTORY_VIEWS
from schemas import catalogue

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = ("intake", "schemas", "transforms", "reports", "feedbackcyclus", "flows", "portal")
READ = re.compile(r"\b(?:FROM|JOIN)\s+([a-z_][a-z_0-9.]*)")
CTE = re.compile(r"(?:WITH|,)\s*([a-z_][a-z_0-9]*)\s+AS\s*\(")
CREATED = re.compile(r"CREATE (?:OR REPLACE )?TEMP (?:TABLE|VIEW) ([a-z_][a-z_0-9]*)")


def sql_texts(path: Path) -> list[str]:
    """Every string constant of a module; an f-string counts as the text of its literal parts."""
    texts, parts = [], set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.JoinedStr):
            texts.append("".join(v.value if isinstance(v, ast.Constant) else "x" for v in node.values))
            parts |= {id(v) for v in node.values}
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in parts:
            texts.append(node.value)
    return texts


def tables_read(package: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        for text in sql_texts(path):
            ctes = set(CTE.findall(text))
            for name in READ.findall(text):
                if name not in ctes and "." not in name and name not in {"read_parquet", "read_csv", "x"}:
                    found.setdefault(name, set()).add(path.name)
    return found


def test_reports_read_only_published_tables():
    read = tables_read("reports")
    assert {t: sorted(m) for t, m in read.items() if t not in catalogue.READABLE_BY_REPORTS} == {}
    assert {"signals_p", "employer_signal_rows", "municipality_rni_rows"} <= read.keys()  # the check sees them


def test_every_table_a_rule_creates_is_named():
    created = {name for path in (ROOT / "transforms").rglob("*.py") for text in sql_texts(path)
               for name in CREATED.findall(text)}
    assert created - (set(catalogue.RULES) | set(catalogue.PUBLISHED)) == set()
    assert {"signals_p", "person_status", "municipality_address_rows"} <= created


def test_the_rules_read_only_named_tables():
    named = set(catalogue.STAGED) | set(catalogue.RULES) | set(catalogue.PUBLISHED) | set(catalogue.HISTORY)
    read = tables_read("transforms")
    assert {t: sorted(m) for t, m in read.items() if t not in named} == {}


def test_history_views_are_the_catalogues():
    assert set(HISTORY_VIEWS) == set(catalogue.HISTORY)


@pytest.mark.parametrize("package", PRODUCT)
def test_only_the_warehouse_module_touches_wh(package):
    offenders = sorted(str(p.relative_to(ROOT)) for p in (ROOT / package).rglob("*.py")
                       if p != ROOT / "feedbackcyclus" / "warehouse.py"
                       and any(re.search(r"\bwh\.[a-z_]+", t) for t in sql_texts(p)))
    assert offenders == []
