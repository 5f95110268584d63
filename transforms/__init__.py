"""The logic of the cycle: set-based functions over a DuckDB connection or Polars frames.

Nothing here imports Prefect or ``flows``; every function takes what it needs as
arguments (a connection, table names, a period, the settings).
"""
