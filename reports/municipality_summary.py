"""``gemeenten/<code>/samenvatting.html``: the month for one municipality, on one page.

Counts (new vs persisting stay-address signals), the employers established there with the
most employees without a Dutch address, and the stay addresses with the most RNI
registrants (a housing signal). Only that municipality's data; written only into folders
that already exist because the municipality has rows to publish.

The summary links only to the files that are in that folder when it is written (a folder
holds only files with rows, DESIGN.md §5), so it must be rendered after the municipality's
CSV and spreadsheet files. It states the legal frame (Wet BRP), the next step
(adresonderzoek), a deadline of four weeks and how to answer: per signal in the portal
(DESIGN.md §9), with the contact from the ``[brief]`` settings.
"""

from __future__ import annotations

import csv
from itertools import groupby
from pathlib import Path

import duckdb

from feedbackcyclus.periods import peildatum
from feedbackcyclus.settings import LetterSettings, RuleSettings
from reports.letter import letter_dates, long_date
from reports.output import Output, write_text
from reports.templating import render
from schemas.reference import gemeenten

COUNTS_SQL = """
SELECT gemeentecode,
       count(*) FILTER (WHERE signaal = 'ADRES_ZONDER_LOON') AS azl,
       count(*) FILTER (WHERE signaal = 'ADRES_ZONDER_LOON' AND status = 'nieuw') AS azl_nieuw,
       count(*) FILTER (WHERE signaal = 'ADRES_ZONDER_LOON' AND status = 'blijvend') AS azl_blijvend,
       count(DISTINCT bsn) FILTER (WHERE signaal = 'LOON_ZONDER_ADRES') AS lza_werknemers,
       count(DISTINCT loonheffingennummer) FILTER (WHERE signaal = 'LOON_ZONDER_ADRES') AS lza_werkgevers,
       count(*) FILTER (WHERE signaal = 'LOON_ZONDER_ADRES' AND status = 'nieuw') AS lza_nieuw
FROM signals_p WHERE gemeentecode IS NOT NULL GROUP BY 1 ORDER BY 1
"""

EMPLOYERS_SQL = """
SELECT gemeentecode, loonheffingennummer, naam, plaats, aantal_werknemers, aantal_zonder_nl_adres,
       aandeel_zonder_nl_adres
FROM (SELECT *, row_number() OVER (PARTITION BY gemeentecode
                                   ORDER BY aantal_zonder_nl_adres DESC, loonheffingennummer) AS rn
      FROM employer_figures WHERE gemeentecode IS NOT NULL AND aantal_zonder_nl_adres > 0)
WHERE rn <= 10 ORDER BY gemeentecode, rn
"""

ADDRESSES_SQL = """
SELECT * EXCLUDE (rn) FROM (
    SELECT *, row_number() OVER (PARTITION BY gemeentecode ORDER BY ingeschrevenen DESC, postcode, huisnummer,
                                 huisletter, toevoeging, straat) AS rn
    FROM rni_stay_addresses WHERE ingeschrevenen >= 2)
WHERE rn <= 10 ORDER BY gemeentecode, rn
"""


def _grouped(con: duckdb.DuckDBPyConnection, sql: str) -> dict[str, list[dict]]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
    return {k: list(g) for k, g in groupby(rows, key=lambda r: r["gemeentecode"])}


# What each published file of a municipality folder holds, in the order listed.
FILES = {
    "adressignalen": "Verblijfsadressen (RNI) van mensen die geen loon meer ontvangen (ADRES_ZONDER_LOON)",
    "rni_langer_dan_4_maanden": ("RNI-ingeschrevenen met een verblijfsadres in uw gemeente die 4 of meer van de "
                                 "laatste 6 maanden loon ontvingen (RNI_LANGER_DAN_4_MAANDEN)"),
    "werkgevers": "Werkgevers in uw gemeente met werknemers zonder Nederlands adres",
}


def published_files(folder: Path) -> list[dict]:
    """The data files present in ``folder``: name, description, number of rows (CSV)."""
    out = []
    for stem, description in FILES.items():
        for suffix in (".csv", ".xlsx"):
            path = folder / f"{stem}{suffix}"
            if path.is_file():
                out.append({"naam": path.name, "omschrijving": description,
                            "rijen": _csv_rows(path) if suffix == ".csv" else None,
                            "soort": "CSV (;)" if suffix == ".csv" else "Excel-werkblad"})
    return out


def _csv_rows(path: Path) -> int:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return max(sum(1 for _ in csv.reader(handle, delimiter=";")) - 1, 0)


def write_municipality_summaries(con: duckdb.DuckDBPyConnection, root: Path, period: str,
                                 codes: list[str], letter: LetterSettings | None = None,
                                 rules: RuleSettings | None = None) -> list[Output]:
    letter, rules = letter or LetterSettings(), rules or RuleSettings()
    written, reply_by = letter_dates(period, letter)
    counts = {k: v[0] for k, v in _grouped(con, COUNTS_SQL).items()}
    employers = _grouped(con, EMPLOYERS_SQL)
    addresses = _grouped(con, ADDRESSES_SQL)
    names = gemeenten()
    outputs = []
    for code in sorted(set(codes)):
        html = render("samenvatting.html", period=period, peildatum=peildatum(period).isoformat(),
                      gemeentecode=code, gemeentenaam=names.get(code, code), counts=counts.get(code, {}),
                      employers=employers.get(code, []), addresses=addresses.get(code, []),
                      files=published_files(root / "gemeenten" / code), sender=letter,
                      summary_date=long_date(written, "nl"), reply_date=long_date(reply_by, "nl"),
                      portal_path=f"/perioden/{period}/terugkoppeling", rni_min=rules.rni_min_months,
                      rni_window=rules.rni_window_months)
        outputs.append(write_text(root, f"gemeenten/{code}/samenvatting.html", html))
    return outputs
