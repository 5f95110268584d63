"""Orchestration and the CLI: Prefect flows and tasks that wire schemas/, transforms/ and reports/."""
