"""A literal published period folder in the v2 output contract (DESIGN.md §5), for the portal tests.

Two municipalities (0363, 0599), two employers (123456789L01, 987654321L01), an inspector
file, the national report. Each signal has a ``signaal_id``; the ids tell the tests whose
signal is whose.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ADRES = ("signaal_id;periode;signaal;bsn;geslachtsnaam;voornamen;geboortedatum;straat;huisnummer;huisletter;"
         "toevoeging;postcode;woonplaats;datum_aanvang_verblijfsadres;datum_inschrijving_rni;land_woonadres;"
         "contactgegevens_bekend;laatste_loonperiode;eerste_periode;status;terugkoppeling;toelichting")
RNI4 = ("signaal_id;periode;bsn;geslachtsnaam;voornamen;geboortedatum;straat;huisnummer;huisletter;toevoeging;"
        "postcode;woonplaats;datum_inschrijving_rni;maanden_in_loon;loonheffingennummer;werkgever;eerste_periode;"
        "status;terugkoppeling;toelichting")
REGISTRATIE = ("signaal_id;periode;signaal;reden;bsn;geslachtsnaam;voornamen;geboortedatum;ikv_id;"
               "datum_aanvang_ikv;eerste_periode;status;terugkoppeling;toelichting")

# signaal_id → (owner, signaal, reden, bsn)
SIGNALS = {
    "FBC-202608-000001": ("gemeente:0363", "ADRES_ZONDER_LOON", "", "111222333"),
    "FBC-202610-000002": ("gemeente:0363", "ADRES_ZONDER_LOON", "", "123456782"),
    "FBC-202609-000003": ("gemeente:0363", "RNI_LANGER_DAN_4_MAANDEN", "", "111222333"),
    "FBC-202610-000004": ("gemeente:0599", "ADRES_ZONDER_LOON", "", "222333444"),
    "FBC-202610-000005": ("werkgever:123456789L01", "LOON_ZONDER_ADRES", "RNI_ZONDER_VERBLIJFSADRES", "111222333"),
    "FBC-202607-000006": ("werkgever:123456789L01", "RNI_LANGER_DAN_4_MAANDEN", "", "123456782"),
    "FBC-202610-000007": ("werkgever:987654321L01", "LOON_ZONDER_ADRES", "BSN_ONBEKEND", "333444555"),
}
TOELICHTING = "Volgens de RNI ingeschreven sinds 2025-03-01; 5 van de laatste 6 maanden in loon."


def write_csv(path: Path, header: str, rows: list[list[str]]) -> None:
    """As published (§5): ``;``, UTF-8 with BOM, CRLF, a cell holding ``;`` quoted."""
    path.parent.mkdir(parents=True, exist_ok=True)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header.split(";"))
    writer.writerows(rows)
    path.write_bytes(("\ufeff" + out.getvalue()).encode("utf-8"))


def _adres_row(sid: str, period: str, bsn: str) -> list[str]:
    return [sid, period, "ADRES_ZONDER_LOON", bsn, "Kowalski", "Jan", "1990-00-00", "Dorpsstraat", "1", "", "",
            "1011AA", "Amsterdam", "2026-01-01", "2025-03-01", "6029", "ja", "2026-06", sid[4:8] + "-" + sid[8:10],
            "blijvend", "", TOELICHTING]


def build_period(root: Path, period: str) -> Path:
    folder = root / period
    folder.mkdir(parents=True)
    (folder / "rapport.html").write_text("<!DOCTYPE html><html lang=\"nl\"><title>rapport</title><p>landelijk</p>",
                                         encoding="utf-8")
    (folder / "manifest.json").write_text(json.dumps({"period": period, "status": "published"}), encoding="utf-8")
    g = folder / "gemeenten"
    write_csv(g / "0363" / "adressignalen.csv", ADRES, [_adres_row("FBC-202608-000001", period, "111222333"),
                                                        _adres_row("FBC-202610-000002", period, "123456782")])
    write_csv(g / "0363" / "rni_langer_dan_4_maanden.csv", RNI4, [[
        "FBC-202609-000003", period, "111222333", "Nowak", "Anna", "1988-04-02", "Kade", "5", "", "", "1012BB",
        "Amsterdam", "2025-03-01", "5", "123456789L01", "Bouw BV", "2026-09", "blijvend", "", TOELICHTING]])
    write_csv(g / "0599" / "adressignalen.csv", ADRES, [_adres_row("FBC-202610-000004", period, "222333444")])
    w = folder / "werkgevers"
    write_csv(w / "123456789L01" / "registratiesignalen.csv", REGISTRATIE, [
        ["FBC-202610-000005", period, "LOON_ZONDER_ADRES", "RNI_ZONDER_VERBLIJFSADRES", "111222333", "Nowak", "Anna",
         "1988-04-02", "IKV1", "2026-01-01", "2026-10", "nieuw", "", TOELICHTING],
        ["FBC-202607-000006", period, "RNI_LANGER_DAN_4_MAANDEN", "", "123456782", "Kowalski", "Jan", "1990-00-00",
         "IKV2", "2025-11-01", "2026-07", "blijvend", "IN_ONDERZOEK", TOELICHTING]])
    (w / "123456789L01" / "brief.html").write_text("<!DOCTYPE html><html lang=\"nl\"><p>brief</p>", encoding="utf-8")
    write_csv(w / "987654321L01" / "registratiesignalen.csv", REGISTRATIE, [
        ["FBC-202610-000007", period, "LOON_ZONDER_ADRES", "BSN_ONBEKEND", "333444555", "", "", "", "IKV9",
         "2026-02-01", "2026-10", "nieuw", "", "Dit BSN staat niet in de BRP en niet in de RNI."]])
    write_csv(folder / "inspectie" / "risicoanalyse.csv", "periode;loonheffingennummer;risicoscore",
              [[period, "123456789L01", "40"]])
    write_csv(folder / "kwaliteit" / "quarantaine.csv", "bron;rijnummer;reden;kolom;waarde", [])
    ids = sorted(SIGNALS)
    owners = [SIGNALS[i] for i in ids]
    pq.write_table(pa.table({
        "signaal_id": ids, "signaal": [o[1] for o in owners], "reden": [o[2] or None for o in owners],
        "bsn": [o[3] for o in owners],
        "loonheffingennummer": [o[0].split(":")[1] if o[0].startswith("werkgever") else None for o in owners],
        "gemeentecode": [o[0].split(":")[1] if o[0].startswith("gemeente") else None for o in owners],
        "status": ["nieuw"] * len(ids), "eerste_periode": [i[4:8] + "-" + i[8:10] for i in ids],
        "laatste_loonperiode": [period] * len(ids), "terugkoppeling": [None] * len(ids),
        "toelichting": [TOELICHTING] * len(ids)}), folder / "signalen.parquet")
    return folder
