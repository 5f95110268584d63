"""Retention: which periods' person-level rows may go (DESIGN.md §8).

Kept: the run registry, ``period_figures`` (aggregate counts per period) and
``employer_months`` (employer-level counts). Removed: ``signals`` (BSNs) before the cutoff,
and ``payroll_months`` before the cutoff — except the periods the 4-of-6-months rule of later
periods still needs, so purging never changes a later period's signals. The deleting itself
is ``feedbackcyclus.warehouse.purge_before``.
"""

from __future__ import annotations

from feedbackcyclus.periods import shift


def retention_cutoffs(newest: str, keep_months: int, rule_window: int) -> tuple[str, str]:
    """(first period whose signals stay, first period whose payroll history stays)."""
    cutoff = shift(newest, -(keep_months - 1))
    return cutoff, min(cutoff, shift(newest, -(rule_window - 1)))
