"""Errors that map onto the CLI's exit codes (DESIGN.md §6).

Everything an analyst can fix (a broken extract, a failed quality gate) is an
``InputError`` or ``QualityGateFailed`` and ends with exit 2 and a message that names
file, row or column and the rule. Anything else is a bug and ends with exit 1.
Messages never contain personal data: they name positions, not values of BSNs or names.
"""

from __future__ import annotations


class FeedbackError(Exception):
    """Base class for the errors the CLI reports without a traceback."""

    exit_code = 1


class InputError(FeedbackError):
    """The inbox of a period cannot be used as delivered."""

    exit_code = 2

    def __init__(self, message: str, *, file: str | None = None, row: int | None = None,
                 column: str | None = None, rule: str | None = None) -> None:
        parts = []
        if file:
            parts.append(f"bestand {file}")
        if row is not None:
            parts.append(f"rij {row}")
        if column:
            parts.append(f"kolom {column}")
        where = ", ".join(parts)
        text = f"{where}: {message}" if where else message
        if rule:
            text += f" (regel: {rule})"
        super().__init__(text)
        self.file, self.row, self.column, self.rule = file, row, column, rule


class QualityGateFailed(FeedbackError):
    """One or more batch expectations failed; nothing was published."""

    exit_code = 2


class RunRefused(FeedbackError):
    """The run would leave the warehouse inconsistent or collide with another run."""

    exit_code = 2


class ConfigError(FeedbackError):
    """A setting has a wrong type, range or unit; names the key and the file that was read."""

    exit_code = 2

    def __init__(self, message: str, *, key: str | None = None, file: str | None = None) -> None:
        where = ", ".join(p for p in (f"bestand {file}" if file else "", f"instelling {key}" if key else "") if p)
        super().__init__(f"instellingen ongeldig ({where}): {message}" if where else f"instellingen ongeldig: {message}")
        self.key, self.file = key, file


class DiskFull(FeedbackError):
    """The disk ran full while the run wrote; nothing was published and the staging is gone.

    Exit 2, not 1: the operator fixes it by freeing space and rerunning, not by a code change.
    """

    exit_code = 2

    def __init__(self, folder: str) -> None:
        super().__init__(
            f"schijf vol: er is geen ruimte meer op de schijf van {folder} (ENOSPC). Er is niets "
            "gepubliceerd en de tijdelijke bestanden zijn opgeruimd; maak ruimte vrij en draai opnieuw.")
        self.folder = folder


class WarehouseInUse(RunRefused):
    """The warehouse file is open in another process (DuckDB's own file lock)."""
