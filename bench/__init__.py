"""National-scale benchmark (``make bench``): the bare-DuckDB floor against the real run."""
