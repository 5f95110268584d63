"""The month's national summary as Prefect artifacts (markdown and a table), so an analyst
sees it under the flow run in the Prefect UI. Counts only, never personal data."""

from __future__ import annotations

from prefect.artifacts import create_markdown_artifact, create_table_artifact


def summary_markdown(result: dict) -> str:
    signals = "\n".join(f"| {code} | {n:,} |".replace(",", ".") for code, n in result["signals"].items())
    lc = result["lifecycle"]
    return (
        f"# Feedbackcyclus {result['period']}\n\n"
        "Een signaal is een aanwijzing die nader onderzoek waard is, geen oordeel.\n\n"
        "| signaal | aantal |\n|---|---:|\n" + signals + "\n\n"
        f"Nieuw **{lc['nieuw']}**, blijvend **{lc['blijvend']}**, opgelost **{lc['opgelost']}**.\n\n"
        f"Gepubliceerd in `{result['folder']}` (run {result['run_id']}); zie `rapport.html` en `manifest.json`.\n"
    )


def publish_artifacts(result: dict) -> None:
    """Create the artifacts of one published month (call inside the flow run)."""
    key = f"feedbackcyclus-{result['period']}"
    create_markdown_artifact(markdown=summary_markdown(result), key=key,
                             description=f"Landelijke samenvatting {result['period']}")
    create_table_artifact(
        table=[{"signaal": code, "aantal": n} for code, n in result["signals"].items()]
        + [{"signaal": f"levenscyclus: {k}", "aantal": v} for k, v in result["lifecycle"].items()],
        key=f"{key}-tabel", description=f"Signalen en levenscyclus {result['period']}")
