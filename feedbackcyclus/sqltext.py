"""The one place where a value is written into SQL text instead of being bound.

Everything that can be a bound parameter is one (``con.execute(sql, [value])``). DuckDB 1.5
does not accept a parameter in a few places — the file of ``ATTACH``, option values inside
``read_csv(...)`` such as the ``columns`` struct — and there the value goes through
``sql_string``: a standard SQL string literal (``'`` doubled), so a path like
``/data/'s-Hertogenbosch; Zoë/warehouse.duckdb`` is one literal and never SQL.
"""

from __future__ import annotations

from pathlib import Path


def sql_string(value: str | Path) -> str:
    """``value`` as a SQL string literal. NUL cannot occur in a path or a header and is refused."""
    text = value.as_posix() if isinstance(value, Path) else str(value)
    if "\x00" in text:
        raise ValueError("een NUL-teken kan niet in een SQL-tekst staan")
    return "'" + text.replace("'", "''") + "'"


def sql_identifier(name: str) -> str:
    """``name`` as a quoted SQL identifier (``"`` doubled)."""
    if "\x00" in name:
        raise ValueError("een NUL-teken kan niet in een SQL-naam staan")
    return '"' + name.replace('"', '""') + '"'
