"""The floor: ``bench/floor.sql`` in bare DuckDB, in a child process, repeated and the median
taken (the disk is noisy; the floor is cheap enough to repeat)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from bench.measure import log, measure

FLOOR_SQL = Path(__file__).resolve().parent / "floor.sql"


def floor_child(period_dir: str, out: str, first_day: str, peildatum: str) -> None:
    """Run in the child process: bench/floor.sql with the paths substituted, nothing else."""
    import duckdb

    sql = FLOOR_SQL.read_text()
    for key, value in {"inbox": period_dir, "out": out, "first_day": first_day, "peildatum": peildatum}.items():
        sql = sql.replace("{" + key + "}", value.replace("'", "''"))
    started = time.monotonic()
    con = duckdb.connect()
    con.execute(sql)
    con.close()
    print(f"floor_sql_s={time.monotonic() - started:.3f}", flush=True)



def measure_floor(period_dir: Path, period: str, floor_out: Path, logs: Path, env: dict,
                  repeat: int) -> tuple[dict, list[dict]]:
    """Run the floor ``repeat`` times on ``period_dir``; returns (the median run, all runs)."""
    from feedbackcyclus.periods import first_day, peildatum

    floors = []
    for i in range(1, repeat + 1):
        out = floor_out / str(i)
        out.mkdir()
        log(f"floor {i}/{repeat}: bench/floor.sql in bare DuckDB on {period_dir}")
        floor = measure([sys.executable, "-m", "bench.run_bench", "--floor-child", str(period_dir), str(out),
                         first_day(period).isoformat(), peildatum(period).isoformat()], env,
                        logs / f"floor-{i}.log")
        floor["sql_s"] = next((float(text.split("=", 1)[1]) for _, text in floor["lines"]
                               if text.startswith("floor_sql_s=")), None)
        log(f"floor {i}: {floor['wall_s']} s (SQL {floor['sql_s']} s), peak RSS {floor['peak_rss_mb']} MB")
        floors.append(floor)
    return sorted(floors, key=lambda f: f["wall_s"])[(len(floors) - 1) // 2], floors
