"""Batch quality gates (DESIGN.md §7): may this period be published?

Metrics are computed in DuckDB over the staged tables (a handful of numbers per input),
then judged against thresholds from ``QualitySettings``. Each gate gives one result with
the observed value, the threshold and pass/fail; the manifest lists them all.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import duckdb

from feedbackcyclus.settings import QualitySettings


@dataclass
class GateResult:
    expectation: str
    input: str
    observed: float | int | None
    threshold: float | int | str | None
    passed: bool
    uitleg: str

    def as_manifest(self) -> dict:
        return asdict(self)


def previous_rows(con: duckdb.DuckDBPyConnection, period: str, previous_period: str) -> dict[str, int]:
    """Rows per input of the last published run of P−1 (empty when there is none)."""
    row = con.execute(
        """SELECT inputs FROM wh.runs WHERE period = ? AND status = 'published'
           ORDER BY finished_at DESC LIMIT 1""", [previous_period]).fetchone()
    if not row or not row[0]:
        return {}
    import json

    return {name: entry.get("rows", 0) for name, entry in json.loads(row[0]).items()}


def evaluate_gates(con: duckdb.DuckDBPyConnection, inputs: dict, previous: dict[str, int],
                   quality: QualitySettings) -> list[GateResult]:
    results: list[GateResult] = []
    for name, info in inputs.items():
        rows = info["rows"]
        share = info["quarantined"] / rows if rows else 0.0
        results.append(GateResult(
            "quarantaine_aandeel", name, round(share, 6), quality.max_quarantine_share,
            share <= quality.max_quarantine_share,
            f"aandeel rijen in quarantaine ten hoogste {quality.max_quarantine_share:.1%}"))
        fshare = info["findings"] / rows if rows else 0.0
        results.append(GateResult(
            "bevindingen_aandeel", name, round(fshare, 6), quality.max_finding_share,
            fshare <= quality.max_finding_share,
            f"aandeel bevindingen ten hoogste {quality.max_finding_share:.1%} van de rijen"))
        if previous.get(name):
            change = abs(rows - previous[name]) / previous[name]
            results.append(GateResult(
                "rijen_verandering_t_o_v_vorige_periode", name, round(change, 6), quality.max_row_change,
                change <= quality.max_row_change,
                f"aantal rijen verandert ten hoogste {quality.max_row_change:.0%} ten opzichte van de vorige periode"))
    unknown, employers = con.execute(
        """SELECT count(*) FILTER (WHERE w.loonheffingennummer IS NULL), count(*)
           FROM (SELECT DISTINCT loonheffingennummer FROM stg_polis) p
           LEFT JOIN stg_werkgevers w USING (loonheffingennummer)""").fetchone()
    share = unknown / employers if employers else 0.0
    results.append(GateResult(
        "werkgevers_uit_polis_onbekend", "werkgevers", round(share, 6), quality.max_unknown_employer_share,
        share <= quality.max_unknown_employer_share,
        "loonheffingennummers uit de polis die ontbreken in werkgevers"))
    return results
