"""Batch quality gates (DESIGN.md §7): may this period be published?

Per input a handful of profile metrics is computed in DuckDB over the staged tables (so a
national table is never converted to pandas); the metrics form one small pandas frame,
one row per input, and a Great Expectations suite judges it. GX decides pass/fail; each
(expectation, input) becomes one ``GateResult`` for the manifest and for the offline page
``kwaliteit/gx/index.html`` (``reports.quality_page``). GX runs in an ephemeral context: it
writes no files and keeps no earlier validations. Thresholds come from ``QualitySettings``.

Two gates catch a re-delivered month (DESIGN.md §7 v2): an input byte-identical to the one
of the last published run of P−1 (sha256 from the run registry), and payroll rows whose
declaration period (tijdvak) lies wholly outside P.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass

import duckdb

from feedbackcyclus.periods import first_day, peildatum, shift
from feedbackcyclus.settings import QualitySettings
from schemas.contract import CONTRACTS
from schemas.reference import landen, nationaliteiten

SECTOR_CODES = tuple(f"{i:02d}" for i in range(1, 70))  # UWV sectors 01–69 (52 = uitzendbedrijven)
# A GBA-V extract is one input staged as both registers (DESIGN.md §3a).
STAGED_AS = {"gbav": ("brp", "rni")}


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


@dataclass(frozen=True)
class Gate:
    """One expectation: a metric column that must stay at or below a threshold."""

    metric: str
    threshold_field: str
    uitleg: str


GATES = (
    Gate("quarantaine_aandeel", "max_quarantine_share", "aandeel rijen in quarantaine"),
    Gate("bevindingen_aandeel", "max_finding_share", "aandeel rijen met een geleegd veld (bevinding)"),
    Gate("rijen_verandering", "max_row_change", "verandering van het aantal rijen t.o.v. de vorige periode"),
    Gate("leeg_verplicht_aandeel", "max_null_share_required", "hoogste aandeel lege waarden in een verplichte kolom"),
    Gate("onbekende_code_aandeel", "max_unknown_code_share",
         "aandeel onbekende codes (sector, nationaliteit tabel 32, land tabel 34)"),
    Gate("dubbele_sleutel_aandeel", "max_duplicate_key_share", "aandeel rijen met een dubbele BSN of loonheffingennummer"),
    Gate("werkgever_onbekend_aandeel", "max_unknown_employer_share",
         "aandeel loonheffingennummers uit de polis dat in werkgevers ontbreekt"),
    Gate("snapshot_achterstand_dagen", "max_snapshot_lag_days",
         "dagen tussen de laatste mutatiedatum in het register en de peildatum (oude momentopname?)"),
    Gate("identiek_aan_vorige_periode", "max_identical_to_previous",
         "1 als het bestand byte-voor-byte gelijk is aan dat van de vorige periode (opnieuw geleverde maand?)"),
    Gate("tijdvak_buiten_periode_aandeel", "max_payroll_outside_period_share",
         "aandeel polisrijen waarvan het aangiftetijdvak geheel buiten de periode ligt (verkeerde maand geleverd?)"),
)


def previous_inputs(con: duckdb.DuckDBPyConnection, previous_period: str) -> dict[str, dict]:
    """The manifest ``inputs`` of the last published run of P−1 (empty when there is none)."""
    row = con.execute(
        """SELECT inputs FROM history_published_runs WHERE period = ?
           ORDER BY finished_at DESC LIMIT 1""", [previous_period]).fetchone()
    return json.loads(row[0]) if row and row[0] else {}


def previous_rows(con: duckdb.DuckDBPyConnection, period: str, previous_period: str) -> dict[str, int]:
    """Rows per input of the last published run of P−1 (empty when there is none)."""
    return {name: entry.get("rows", 0) for name, entry in previous_inputs(con, previous_period).items()}


def _share(part: float, whole: float) -> float:
    return round(part / whole, 6) if whole else 0.0


def profile_metrics(con: duckdb.DuckDBPyConnection, period: str, inputs: dict, previous: dict[str, int],
                    previous_sha256: dict[str, str] | None = None) -> list[dict]:
    """One dict of metrics per input, computed in DuckDB (small by construction)."""
    previous_sha256 = previous_sha256 or {}
    metrics = []
    for name, info in inputs.items():
        nulls: list[float] = []
        for part in STAGED_AS.get(name, (name,)):
            nulls += _required_null_shares(con, name, part)
        row = {
            "input": name,
            "rijen": info["rows"],
            "quarantaine_aandeel": _share(info["quarantined"], info["rows"]),
            "bevindingen_aandeel": _share(info["findings"], info["rows"]),
            "rijen_verandering": (round(abs(info["rows"] - previous[name]) / previous[name], 6)
                                  if previous.get(name) else None),
            "leeg_verplicht_aandeel": max(nulls, default=0.0),
            "onbekende_code_aandeel": max(_unknown_codes(con, part) for part in STAGED_AS.get(name, (name,))),
            "dubbele_sleutel_aandeel": None,
            "werkgever_onbekend_aandeel": None,
            "snapshot_achterstand_dagen": None,
            "identiek_aan_vorige_periode": (int(info.get("sha256") == previous_sha256[name])
                                            if previous_sha256.get(name) else None),
            "tijdvak_buiten_periode_aandeel": None,
        }
        if name in STAGED_AS or CONTRACTS[name].key:
            dup = con.execute("SELECT count(*) FROM quarantine WHERE bron = ? AND reden = 'DUBBELE_SLEUTEL'",
                              [name]).fetchone()[0]
            row["dubbele_sleutel_aandeel"] = _share(dup, info["rows"])
        metrics.append(row)
    by_name = {m["input"]: m for m in metrics}
    if "polis" in by_name and "werkgevers" in by_name:
        unknown, total = con.execute(
            """SELECT count(*) FILTER (WHERE w.loonheffingennummer IS NULL), count(*)
               FROM (SELECT DISTINCT loonheffingennummer FROM stg_polis) p
               LEFT JOIN stg_werkgevers w USING (loonheffingennummer)""").fetchone()
        by_name["polis"]["werkgever_onbekend_aandeel"] = _share(unknown, total)
    peil = peildatum(period)
    if "polis" in by_name:
        outside = con.execute(
            """SELECT count(*) FILTER (WHERE tijdvak_einde < ? OR tijdvak_aanvang > ?) FROM stg_polis""",
            [first_day(period), peil]).fetchone()[0]
        by_name["polis"]["tijdvak_buiten_periode_aandeel"] = _share(outside, inputs["polis"]["loaded"])
    latest_by_register = {}
    for name, column in (("brp", "greatest(datum_aanvang_adres_vroegst, datum_vertrek_vroegst, "
                                  "datum_overlijden_vroegst)"),
                         ("rni", "greatest(datum_inschrijving_vroegst, datum_aanvang_verblijfsadres_vroegst)")):
        if name in by_name or "gbav" in by_name:
            latest_by_register[name] = con.execute(f"SELECT max({column}) FROM stg_{name} WHERE {column} <= ?",
                                                   [peil]).fetchone()[0]
    for name, entry in by_name.items():
        dates = [latest_by_register.get(part) for part in STAGED_AS.get(name, (name,))]
        if name in ("brp", "rni", "gbav") and any(dates):
            entry["snapshot_achterstand_dagen"] = (peil - max(d for d in dates if d)).days
    return metrics


def _required_null_shares(con: duckdb.DuckDBPyConnection, name: str, part: str) -> list[float]:
    """Per required column of ``part`` (an input, or a register of a GBA-V extract): its share of
    empty cells among the loaded rows."""
    contract = CONTRACTS[part]
    loaded = con.execute(f"SELECT count(*) FROM stg_{part}").fetchone()[0]
    required = [c.name for c in contract.kept_columns if c.required]
    nulls = list(con.execute("SELECT " + ", ".join(f"count(*) FILTER (WHERE \"{c}\" IS NULL)" for c in required)
                             + f" FROM stg_{part}").fetchone())
    # a required column that is not kept: every empty cell there is a finding (or quarantined)
    dropped = [c.name for c in contract.columns if c.required and not c.kept]
    if dropped:
        nulls += [n for _, n in con.execute(
            "SELECT kolom, count(DISTINCT rijnummer) FROM findings WHERE bron = ? AND list_contains(?, kolom) "
            "GROUP BY kolom", [name, dropped]).fetchall()]
    return [_share(n, loaded) for n in nulls]


def _unknown_codes(con: duckdb.DuckDBPyConnection, name: str) -> float:
    checks = {"werkgevers": [("sector_code", list(SECTOR_CODES))],
              "brp": [("nationaliteit", sorted(nationaliteiten()))],
              "rni": [("nationaliteit", sorted(nationaliteiten())), ("land_woonadres", sorted(landen()))]}.get(name, [])
    worst = 0.0
    loaded = con.execute(f"SELECT count(*) FROM stg_{name}").fetchone()[0] if checks else 0
    for column, codes in checks:
        n = con.execute(f"SELECT count(*) FROM stg_{name} WHERE \"{column}\" IS NOT NULL "
                        f"AND NOT list_contains(?, \"{column}\")", [codes]).fetchone()[0]
        worst = max(worst, _share(n, loaded))
    return worst


def preload() -> None:
    """Import Great Expectations ahead of time (a run calls this in a background thread while
    DuckDB reads the inputs): its import alone takes seconds, which would otherwise be spent
    waiting between ingest and the gates."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("TQDM_DISABLE", "1")
    import great_expectations  # noqa: F401
    import pandas  # noqa: F401


def run_great_expectations(metrics: list[dict], quality: QualitySettings, period: str) -> list[GateResult]:
    """Judge the metrics frame with a GX suite (ephemeral context: no files, no history)."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("TQDM_DISABLE", "1")
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    import great_expectations as gx
    import pandas as pd

    frame = pd.DataFrame(metrics)
    from great_expectations.data_context.types.base import DataContextConfig, InMemoryStoreBackendDefaults

    # in memory, and without a Data Docs site (GX's default would pick a folder in the system temp)
    context = gx.get_context(mode="ephemeral", project_config=DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False)))
    context.variables.progress_bars = {"globally": False, "metric_calculations": False}
    batch = (context.data_sources.add_pandas("kwaliteit")
             .add_dataframe_asset("invoerprofiel").add_batch_definition_whole_dataframe(period))
    suite = context.suites.add(gx.ExpectationSuite(name=f"kwaliteitspoorten-{period}"))
    for gate in GATES:
        suite.add_expectation(gx.expectations.ExpectColumnValuesToBeBetween(
            column=gate.metric, min_value=0, max_value=getattr(quality, gate.threshold_field),
            meta={"uitleg": gate.uitleg}))
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(name=f"poorten-{period}", data=batch, suite=suite))
    outcome = definition.run(batch_parameters={"dataframe": frame}, result_format="COMPLETE")
    failed_rows: dict[str, set[int]] = {}
    for res in outcome.results:
        failed_rows[res.expectation_config.kwargs["column"]] = set(res.result.get("unexpected_index_list") or [])
    results = []
    for gate in GATES:
        for i, m in enumerate(metrics):
            if m[gate.metric] is None:
                continue
            results.append(GateResult(gate.metric, m["input"], m[gate.metric], getattr(quality, gate.threshold_field),
                                      i not in failed_rows.get(gate.metric, set()), gate.uitleg))
    return results


def evaluate_gates(con: duckdb.DuckDBPyConnection, period: str, inputs: dict,
                   quality: QualitySettings) -> list[GateResult]:
    before = previous_inputs(con, shift(period, -1))
    metrics = profile_metrics(con, period, inputs, {n: e.get("rows", 0) for n, e in before.items()},
                              {n: e["sha256"] for n, e in before.items() if e.get("sha256")})
    return run_great_expectations(metrics, quality, period)
