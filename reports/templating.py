"""Jinja2 environment for the HTML documents (autoescaped, templates in ``reports/templates``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

TEMPLATES = Path(__file__).parent / "templates"


def _nl_number(value: float | int | None, decimals: int = 0) -> str:
    if value is None:
        return ""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def _nl_percent(share: float | None, decimals: int = 1) -> str:
    """A share (0.222) as a Dutch percentage: ``22,2 %``."""
    if share is None:
        return ""
    return f"{_nl_number(100 * share, decimals)} %"


@cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                      undefined=StrictUndefined, auto_reload=False, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["nl"] = _nl_number
    env.filters["pct"] = _nl_percent
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)
