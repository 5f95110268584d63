"""HTML pages from Jinja templates (autoescaped), in Dutch, without JavaScript."""

from __future__ import annotations

from pathlib import Path

from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = Path(__file__).resolve().parent / "templates"


class Pages:
    def __init__(self) -> None:
        self.env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                               trim_blocks=True, lstrip_blocks=True)
        self.stylesheet = (TEMPLATES / "portal.css").read_text(encoding="utf-8")

    def render(self, name: str, status_code: int = 200, **context) -> HTMLResponse:
        context.setdefault("account", None)
        return HTMLResponse(self.env.get_template(name).render(**context), status_code=status_code)
