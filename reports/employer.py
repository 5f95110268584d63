"""What an employer receives, under ``werkgevers/<loonheffingennummer>/`` (DESIGN.md §5).

``registratiesignalen.csv``: that employer's LOON_ZONDER_ADRES and RNI_LANGER_DAN_4_MAANDEN
signals, with the person's name and birth date from the registers (empty for
``BSN_ONBEKEND`` and ``OVERLEDEN``: a deceased person's data must not go to an employer who
may be using a wrong BSN), the case id, outcome and facts of each signal, and the BSN's earliest-starting income relation at that employer in P, so
the employer can find the person in its own payroll administration. ``brief.html``: the
notice letter listing the same rows.

At national scale this is ~80 000 folders with two files each: rendering and creating
files, not querying, is the cost. So the rows are exported once to a Parquet file in the
run's private temp folder, split into contiguous ranges of employers, and each range is
written by its own worker process (``python -m reports.employer``) while the calling
process renders the other parts of the publication. The letter comes from
``reports.letter_fast`` (the template's frame, filled per employer) and each CSV row from
``csv_dialect.csv_line``: the same bytes as the Jinja template and ``render_csv``, at a
fraction of the cost. Every file's bytes depend only on its own rows, so the split changes
nothing in the output. Workers print only paths, counts and hashes, never personal data.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from itertools import groupby
from operator import itemgetter
from pathlib import Path

import duckdb

from feedbackcyclus.settings import LetterSettings
from reports.csv_dialect import checked_line_sql, csv_line, header_text
from reports.letter_fast import fast_letter
from reports.output import Output, write_new_file
from transforms.employer_rows import EMPLOYER_FIELDS

HEADER = ("signaal_id", "periode", "signaal", "reden", "bsn", "geslachtsnaam", "voornamen", "geboortedatum",
          "ikv_id", "datum_aanvang_ikv", "eerste_periode", "status", "terugkoppeling", "toelichting")
ORDER = "loonheffingennummer, signaal_id"
# Everything under this folder is created owner-only by ``write_range`` itself (explicit modes),
# so the publish step's permission walk (``locations.tighten``) need not visit its ~160 000 paths.
FOLDER = "werkgevers"


def export_rows(con: duckdb.DuckDBPyConnection, work_dir: Path) -> Path:
    """``employer_signal_rows`` (built by ``transforms/employer_rows.py``) as one sorted Parquet file."""
    path = work_dir / "werkgeversignalen.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    con.execute(f"COPY (SELECT * FROM employer_signal_rows ORDER BY {ORDER}) TO ? (FORMAT parquet)", [path.as_posix()])
    return path


def rows_per_employer(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int]]:
    """(loonheffingennummer, rows) of every employer with signals, in loonheffingennummer order."""
    return con.execute("""SELECT loonheffingennummer, count(*) FROM employer_signal_rows
                          GROUP BY 1 ORDER BY 1""").fetchall()


def ranges(rows: list[tuple[str, int]], parts: int) -> list[tuple[str, str]]:
    """Split the employers (``rows_per_employer``) into at most ``parts`` contiguous ranges of
    about equal work (one unit per employer for its two files, plus one per row)."""
    if not rows:
        return []
    total = sum(n + 20 for _, n in rows)
    out, start, done = [], rows[0][0], 0
    for i, (lhnr, n) in enumerate(rows):
        done += n + 20
        if done >= total * (len(out) + 1) / parts or i == len(rows) - 1:
            out.append((start, lhnr))
            if i + 1 < len(rows):
                start = rows[i + 1][0]
    return out


def read_range(source: Path, first: str, last: str) -> list[tuple]:
    """The rows of the employers ``first``..``last`` in ``ORDER``, each with its CSV line last
    (``csv_dialect.checked_line_sql``: DuckDB joins the cells; NULL where ``csv_line`` must)."""
    con = duckdb.connect()
    try:
        con.execute("SET threads = 1")
        params = [source.as_posix(), first, last]
        query = f"SELECT * FROM read_parquet(?) WHERE loonheffingennummer BETWEEN ? AND ? ORDER BY {ORDER}"
        probe = con.execute(f"SELECT * FROM ({query}) LIMIT 0", params).description
        names = [f"c{i}" for i in range(len(probe))]
        line = checked_line_sql(names[1:len(HEADER) + 1], [str(d[1]) for d in probe[1:len(HEADER) + 1]])
        # the outer SELECT only adds a column, which keeps the query's order
        return con.execute(f"SELECT *, ({line or 'NULL'})::VARCHAR FROM ({query}) AS q({', '.join(names)})",
                           params).fetchall()
    finally:
        con.close()


def write_range(source: Path, root: Path, period: str, first: str, last: str,
                letter: LetterSettings | None = None) -> list[Output]:
    """Write the folders of the employers ``first``..``last`` (inclusive) from ``source``."""
    rows = read_range(source, first, last)
    data = len(HEADER) + 1
    outputs: list[Output] = []
    (root / FOLDER).mkdir(parents=True, exist_ok=True, mode=0o700)
    base = os.fspath(root)
    letters = fast_letter(period, letter or LetterSettings())
    header = header_text(HEADER)
    for lhnr, group in groupby(rows, key=itemgetter(0)):
        group = list(group)
        employer = dict(zip(EMPLOYER_FIELDS, group[0][data:-1], strict=True))
        signal_rows = [r[1:data] for r in group]
        folder = f"{FOLDER}/{lhnr}"
        # a new owner-only folder per employer (the mode caps whatever umask or default ACL says):
        # one system call, not a walk up the tree per file
        os.mkdir(f"{base}/{folder}", 0o700)
        lines = [r[-1] if r[-1] is not None else csv_line(row) for r, row in zip(group, signal_rows, strict=True)]
        csv_bytes = "".join([header, *lines]).encode("utf-8")
        html = letters.render(lhnr, employer, signal_rows).encode("utf-8")
        outputs.append(write_new_file(base, f"{folder}/registratiesignalen.csv", csv_bytes, len(group)))
        outputs.append(write_new_file(base, f"{folder}/brief.html", html, None))
    return outputs


# A worker process costs ~0.5–1 s before it writes anything (interpreter, DuckDB, the letter
# frame); an employer ~0.5 ms. Below this many employers per worker the run writes the folders
# itself, faster: a sample month has ~40 employers, a national one ~80 000.
MIN_EMPLOYERS_PER_WORKER = 2_000


def worker_count(employers: int, workers: int, min_per_worker: int = MIN_EMPLOYERS_PER_WORKER) -> int:
    """How many worker processes pay for ``employers`` folders, at most ``workers``."""
    return max(1, min(workers, employers // max(1, min_per_worker)))


def write_employer_folders(con: duckdb.DuckDBPyConnection, root: Path, period: str, work_dir: Path,
                           workers: int = 1, letter: LetterSettings | None = None,
                           min_per_worker: int = MIN_EMPLOYERS_PER_WORKER) -> list[Output]:
    """Every employer folder, written by up to ``workers`` processes (with 1: by this one)."""
    return start_employer_folders(con, root, period, work_dir, workers, letter, min_per_worker).wait()


@dataclass
class EmployerWriters:
    """Employer folders being written by worker processes (or, with ``children`` empty, done)."""

    source: Path
    children: list[subprocess.Popen] = field(default_factory=list)
    done: list[Output] = field(default_factory=list)

    def wait(self) -> list[Output]:
        """Wait for every worker; their outputs (a failed worker raises, the others are ended)."""
        outputs = list(self.done)
        try:
            for child in self.children:
                out, err = child.communicate()
                if child.returncode != 0:
                    # the worker's own traceback names code positions, not data; keep only its last line
                    raise RuntimeError(f"werkgeversmappen: hulpproces faalde ({err.strip().splitlines()[-1:]})")
                outputs.extend(Output(**json.loads(line)) for line in out.splitlines() if line)
        finally:
            self.stop()
        return outputs

    def stop(self) -> None:
        """End the workers that still run (another part of the publication failed) and reap them."""
        for child in self.children:
            if child.poll() is None:
                child.kill()
            child.communicate()
        self.source.unlink(missing_ok=True)


def start_employer_folders(con: duckdb.DuckDBPyConnection, root: Path, period: str, work_dir: Path,
                           workers: int = 1, letter: LetterSettings | None = None,
                           min_per_worker: int = MIN_EMPLOYERS_PER_WORKER) -> EmployerWriters:
    """Start writing every employer folder; ``.wait()`` on the result gives the outputs.

    With ``workers`` > 1 that many worker processes write the folders while this process is
    free for the other parts of the publication (``reports.publish`` renders the municipality
    and inspector files meanwhile), so both cores are busy throughout. With 1 the folders are
    written here, before this returns; so they are when there are fewer than ``min_per_worker``
    employers per worker (``worker_count``). ``letter`` (the ``[brief]`` settings) reaches the
    workers as JSON on their command line.
    """
    letter = letter or LetterSettings()
    employers = rows_per_employer(con)
    workers = worker_count(len(employers), workers, min_per_worker)
    source = export_rows(con, work_dir)
    if workers <= 1:
        done = [o for first, last in ranges(employers, 1) for o in write_range(source, root, period, first, last, letter)]
        source.unlink(missing_ok=True)
        return EmployerWriters(source, done=done)
    return EmployerWriters(source, [
        subprocess.Popen([sys.executable, "-m", "reports.employer", str(source), str(root), period, a, b,
                          json.dumps(asdict(letter))], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for a, b in ranges(employers, workers)])


def _as_lines(outputs: Iterable[Output]) -> str:
    return "".join(json.dumps({"path": o.path, "rows": o.rows, "sha256": o.sha256}) + "\n" for o in outputs)


if __name__ == "__main__":  # a worker: python -m reports.employer SOURCE ROOT PERIOD FIRST LAST LETTER_JSON
    src, root_dir, period_arg, first_lhnr, last_lhnr, letter_json = sys.argv[1:7]
    sys.stdout.write(_as_lines(write_range(Path(src), Path(root_dir), period_arg, first_lhnr, last_lhnr,
                                           LetterSettings(**json.loads(letter_json)))))
