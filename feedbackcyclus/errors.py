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
