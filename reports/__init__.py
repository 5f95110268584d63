"""Rendering of the published files (DESIGN.md §5): CSV, Parquet, HTML, manifest."""
