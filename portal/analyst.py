"""What the analyst sees beside the files: outcomes per signal type, and signals called wrong twice.

A signal marked ``ONJUIST_SIGNAAL`` in two or more cases (``signaal_id``) of the same
person is how a rule shows it is wrong (DESIGN.md §9): the analyst sees those people with
their cases. Signal types and BSNs come from the published ``signalen.parquet`` files
(read with an in-memory DuckDB, never the warehouse); outcomes from the portal database.
The national report of the next run holds the full effectiveness figures.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from feedbackcyclus.portal_database import outcomes

_LATEST = """SELECT signaal_id, uitkomst, rol, scope FROM (
    SELECT signaal_id, uitkomst, rol, scope,
           row_number() OVER (PARTITION BY signaal_id ORDER BY ingevoerd_op DESC, id DESC) AS rn
    FROM outcomes) latest WHERE rn = 1"""


def _latest_outcomes(engine: Engine) -> pa.Table:
    with engine.connect() as con:
        rows = con.execute(sa.text(_LATEST)).fetchall() if sa.inspect(con).has_table(outcomes.name) else []
    cols = list(zip(*rows, strict=True)) if rows else [[], [], [], []]
    return pa.table({name: pa.array(list(values), pa.string())
                     for name, values in zip(("signaal_id", "uitkomst", "rol", "scope"), cols, strict=True)})


def _signal_files(reports_root: Path, upto: str) -> list[str]:
    root = reports_root.resolve()
    return sorted(p.as_posix() for p in root.glob("[0-9][0-9][0-9][0-9]-[0-9][0-9]/signalen.parquet")
                  if p.parent.name <= upto and not p.parent.is_symlink())


def analyst_view(engine: Engine, reports_root: Path, period: str) -> dict:
    """Outcome counts per signal type for ``period`` and people with ≥ 2 ONJUIST_SIGNAAL cases up to it."""
    files = _signal_files(reports_root, period)
    empty = {"per_signaal": [], "twee_keer_onjuist": [], "beschikbaar": False}
    if not files:
        return empty
    con = duckdb.connect(":memory:")
    try:
        con.register("latest", _latest_outcomes(engine))
        con.read_parquet(files, union_by_name=True, filename=True).create_view("s")
        columns = {r[0] for r in con.execute("DESCRIBE s").fetchall()}
        if "signaal_id" not in columns:
            return empty
        per_signal = con.execute(
            """SELECT s.signaal, coalesce(l.uitkomst, '(geen)') AS uitkomst, count(*) AS n
               FROM s LEFT JOIN latest l USING (signaal_id)
               WHERE s.filename LIKE '%/' || ? || '/signalen.parquet'
               GROUP BY ALL ORDER BY 1, 2""", [period]).fetchall()
        twice = con.execute(
            """WITH cases AS (SELECT DISTINCT s.bsn, s.signaal_id, s.signaal, l.rol, l.scope
                              FROM s JOIN latest l USING (signaal_id) WHERE l.uitkomst = 'ONJUIST_SIGNAAL')
               SELECT bsn, count(DISTINCT signaal_id) AS zaken,
                      string_agg(DISTINCT signaal_id, ', ' ORDER BY signaal_id) AS signaal_ids,
                      string_agg(DISTINCT signaal, ', ' ORDER BY signaal) AS signalen,
                      string_agg(DISTINCT rol || ' ' || coalesce(scope, ''), ', ') AS gemeld_door
               FROM cases GROUP BY bsn HAVING count(DISTINCT signaal_id) >= 2 ORDER BY zaken DESC, bsn""").fetchall()
    finally:
        con.close()
    return {"per_signaal": [{"signaal": s, "uitkomst": u, "aantal": n} for s, u, n in per_signal],
            "twee_keer_onjuist": [{"bsn": b, "zaken": z, "signaal_ids": i, "signalen": sg, "gemeld_door": g}
                                  for b, z, i, sg, g in twice],
            "beschikbaar": True}
