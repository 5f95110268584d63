"""The tables that connect the steps of a run, named in one place (issue 12, docs/architecture.md).

A run works in one DuckDB connection; steps hand each other tables, never data frames. Three
kinds, and who may read them:

- *private*: staged inputs and the intermediate tables of the rules. Person-level and only
  meaningful inside the run; ``transforms/`` reads them, ``reports/`` never does.
- *published*: what the reports render. Every row of these may end up in a published file
  (for its own audience only; the partitioning is the report's job).
- *history*: read-only views of the warehouse (``feedbackcyclus/warehouse.py`` is the only
  module that touches ``wh.*`` itself). The rules read all of them; the reports only the
  aggregate ``history_period_figures``.

``tests/test_tables_between_steps.py`` checks the code against these lists: every table a rule
creates is named here, and the reports' SQL reads only published tables.
"""

from __future__ import annotations

STAGED = {
    "stg_polis": "the polis rows of P that passed the row rules (in a run it becomes payroll_rows in place)",
    "stg_werkgevers": "the employers of P that passed the row rules",
    "stg_brp": "the residents (BRP) at the extract date; from brp.csv or gbav.csv",
    "stg_rni": "the RNI registrations; from rni.csv or gbav.csv",
    "excluded_bsn": "BSNs with an ambiguous key in a register: left out of every signal",
}

RULES = {
    "payroll_rows": "polis rows of P whose income relation had not ended before P (transforms/payroll.py)",
    "payroll_bsn": "the BSNs in payroll in P, with their number of payroll rows (rijen)",
    "payroll_window": "(period, bsn) in payroll over the RNI rule's window ending with P",
    "person_status": "per register BSN: resident?, Dutch address known at peildatum, why not (dutch_address.py)",
    "signal_candidates": "the four signals of P before lifecycle (transforms/signals/)",
    "last_payroll": "per signalled BSN its last period in payroll",
    "signals_prev": "the signals of P−1 from the warehouse, for the lifecycle",
    "signal_person_facts": "per signalled BSN the register facts behind its toelichting, and which register counts "
                           "for the employer rows (signal_facts.py; dropped after employer_rows.py)",
    "terugkoppeling_latest": "per signaal_id the latest outcome answered in the portal (outcome_store.py)",
    "terugkoppeling_first": "per signaal_id when it was first answered",
}

PUBLISHED = {
    "quarantine": "input lines that were not loaded, with reason (intake; → kwaliteit/quarantaine.csv)",
    "findings": "register fields that were emptied, with reason (intake; → kwaliteit/bevindingen.csv)",
    "signals_p": "every signal of P with signaal_id, status, facts per audience and outcome",
    "employer_figures": "per employer in payroll: staff, signals, shares, address (employer_figures.py)",
    "risk_feed": "per employer: the figures and risk score for inspectors (risk_score.py)",
    "resolved_signals": "signals of P−1 gone in P, with how they ended (resolution.py)",
    "employer_signal_rows": "the rows of each employer's list and letter (employer_rows.py)",
    "municipality_address_rows": "ADRES_ZONDER_LOON rows per municipality (municipality_rows.py)",
    "municipality_rni_rows": "RNI_LANGER_DAN_4_MAANDEN rows per municipality (municipality_rows.py)",
    "rni_stay_addresses": "per RNI stay address: registrants and those without wages (municipality_rows.py)",
}

HISTORY = {
    "history_payroll_months": "the warehouse's payroll_months: (period, bsn) in payroll, earlier periods",
    "history_signals": "the warehouse's signals: the signals of earlier periods with their ids",
    "history_employer_months": "the warehouse's employer_months: employer figures of earlier periods",
    "history_period_figures": "the warehouse's period_figures: the published counts of earlier periods",
    "history_published_runs": "the warehouse's runs, published ones: when, and the manifest inputs",
}

# what the reports may read: published tables and the aggregate history
READABLE_BY_REPORTS = set(PUBLISHED) | {"history_period_figures"}
