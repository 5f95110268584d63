"""Wire the rules of DESIGN.md §4 in their dependency order (no logic of its own).

staged inputs → who is in payroll → who has a Dutch address → payroll history →
the four signals → last payroll period of their BSNs → lifecycle (with case ids) → the
facts behind each signal → the outcomes reported per case → employer figures → risk feed →
the rows each audience receives (employers, municipalities).

The working tables of the rules are dropped as soon as their last reader is done
(``RELEASED_AFTER``): at national scale they hold tens of millions of rows next to the staged
registers under the engine's memory limit, and what is freed is spill the later rules (and the
publication) do not pay. The staged inputs go the same way: the quality gates read them before
the match, nothing after it, so ``stg_polis`` becomes ``payroll_rows`` in place
(``in_payroll``) and the registers are dropped after their last rule. Only the tables the
publication and the warehouse commit read stay (``schemas/catalogue.py`` PUBLISHED, and
``payroll_bsn``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

import duckdb

from feedbackcyclus.settings import RuleSettings
from transforms.dutch_address import address_status
from transforms.effectiveness import effectiveness
from transforms.employer_figures import employer_figures
from transforms.employer_rows import employer_signal_rows
from transforms.lifecycle import apply_lifecycle
from transforms.municipality_rows import municipality_rows
from transforms.outcomes import attach_outcomes
from transforms.payroll import in_payroll, last_payroll_period, payroll_history
from transforms.resolution import resolution_counts
from transforms.risk_score import risk_feed
from transforms.signal_facts import signal_facts
from transforms.signals.combine import SIGNAL_CODES, combine_signals

T = TypeVar("T")

# rule → the working tables (schemas/catalogue.py RULES) no rule after it reads
RELEASED_AFTER = {
    "lifecycle": ("signal_candidates", "last_payroll"),
    "outcomes": ("signals_prev",),
    "employer_rows": ("signal_person_facts", "stg_brp"),
    "municipality_rows": ("payroll_window", "stg_rni", "stg_werkgevers"),
    "resolution": ("person_status", "payroll_rows"),
}


def match_period(con: duckdb.DuckDBPyConnection, period: str, rules: RuleSettings,
                 run_started: datetime | None = None, timings: dict[str, float] | None = None,
                 release: bool = True) -> dict:
    """Compute every signal of P into ``signals_p`` and the audiences' tables; return the counts
    (``signals``, ``lifecycle``, ``terugkoppeling`` for the manifest) and the national report's
    figures of the cycle (``resolution``: how the signals of P−1 ended; ``effectiveness``, §9).
    ``timings`` receives the seconds of each rule (``match.<rule>``) for the profile of a run;
    ``release=False`` keeps the working tables and the staged inputs (tests that call a rule again
    afterwards)."""
    clock = _Clock(con, timings, release)
    clock("in_payroll", in_payroll, con, period, release)
    clock("address_status", address_status, con, period)
    clock("payroll_history", payroll_history, con, period, rules.rni_window_months)
    clock("signals", combine_signals, con, rules)
    clock("last_payroll", last_payroll_period, con, period)
    lifecycle = clock("lifecycle", apply_lifecycle, con, period)
    clock("signal_facts", signal_facts, con, period, rules)
    outcomes = clock("outcomes", attach_outcomes, con)
    clock("employer_figures", employer_figures, con, period)
    clock("risk_feed", risk_feed, con, period)
    clock("employer_rows", employer_signal_rows, con, period)
    clock("municipality_rows", municipality_rows, con, period)
    resolution = clock("resolution", resolution_counts, con, period)
    effect = clock("effectiveness", effectiveness, con, period, run_started or datetime.now(UTC))
    counts = dict(con.execute("SELECT signaal, count(*) FROM signals_p GROUP BY 1").fetchall())
    return {"signals": {code: counts.get(code, 0) for code in SIGNAL_CODES}, "lifecycle": lifecycle,
            "terugkoppeling": outcomes, "resolution": resolution, "effectiveness": effect}


class _Clock:
    """Call a rule and keep its wall time under ``match.<name>`` (nothing kept without a dict);
    then drop the working tables it was the last reader of (``RELEASED_AFTER``)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, timings: dict[str, float] | None, release: bool) -> None:
        self.con = con
        self.timings = timings
        self.release = release

    def __call__(self, name: str, rule: Callable[..., T], *args: object) -> T:
        started = time.monotonic()
        result = rule(*args)
        for table in RELEASED_AFTER.get(name, ()) if self.release else ():
            self.con.execute(f"DROP TABLE IF EXISTS {table}")
        if self.timings is not None:
            self.timings[f"match.{name}"] = round(time.monotonic() - started, 3)
        return result
