"""Build tiny literal inboxes for tests: rows as dicts, written in the input contract's dialect."""

from __future__ import annotations

from pathlib import Path

from schemas.contract import CONTRACTS

# Valid BSNs (11-proef) for literal scenarios; index with BSN[n].
BSN = [
    "111222333", "123456782", "999999990", "010000008", "100000009", "010015838", "010071271",
    "010300922", "010316760", "010364274", "010467221", "010490978", "010593925", "010609763",
    "010641439", "010657277", "010886928", "010942361", "011005713", "011053227", "000000012",
]
LHNR = ["111111110L01", "222222220L01", "333333330L01", "444444440L01", "555555550L01"]


def polis_row(bsn: str, lhnr: str = LHNR[0], period: str = "2026-10", **kw: str | None) -> dict:
    y, m = period.split("-")
    row = {"bsn": bsn, "loonheffingennummer": lhnr, "ikv_id": "IKV1", "datum_aanvang_ikv": "2025-01-01",
           "datum_einde_ikv": None, "tijdvak_aanvang": f"{y}-{m}-01", "tijdvak_einde": f"{y}-{m}-28",
           "sv_loon": "2100.00", "verloonde_uren": "160"}
    row.update(kw)
    return row


def werkgever_row(lhnr: str = LHNR[0], **kw: str | None) -> dict:
    row = {"loonheffingennummer": lhnr, "kvk_nummer": "12345678", "naam": "Kas & Co B.V.", "straat": "Veilingweg",
           "huisnummer": "1", "huisnummer_toevoeging": None, "postcode": "2671AA", "plaats": "Naaldwijk",
           "gemeentecode": "1783", "sector_code": "52", "is_uitlener": "true"}
    row.update(kw)
    return row


def brp_row(bsn: str, **kw: str | None) -> dict:
    row = {"bsn": bsn, "geslachtsnaam": "Jansen", "voornamen": "Jan", "geboortedatum": "1980-05-01",
           "nationaliteit": "0001", "gemeentecode": "0363", "straat": "Damrak", "huisnummer": "1",
           "huisletter": None, "huisnummer_toevoeging": None, "postcode": "1012LG", "woonplaats": "Amsterdam",
           "datum_aanvang_adres": "2010-01-01", "datum_vertrek": None, "datum_overlijden": None}
    row.update(kw)
    return row


def rni_row(bsn: str, stay: bool = False, **kw: str | None) -> dict:
    row = {"bsn": bsn, "geslachtsnaam": "Kowalski", "voornamen": "Piotr", "geboortedatum": "1990-00-00",
           "nationaliteit": "0072", "datum_inschrijving": "2025-03-01", "rni_loket": "1783",
           "land_woonadres": "7028", "verblijf_straat": None, "verblijf_huisnummer": None,
           "verblijf_huisletter": None, "verblijf_toevoeging": None, "verblijf_postcode": None,
           "verblijf_woonplaats": None, "verblijf_gemeentecode": None, "datum_aanvang_verblijfsadres": None,
           "datum_einde_verblijfsadres": None, "contactgegevens_bekend": "false"}
    if stay:
        row.update({"verblijf_straat": "Kasweg", "verblijf_huisnummer": "12", "verblijf_postcode": "2671BB",
                    "verblijf_woonplaats": "Naaldwijk", "verblijf_gemeentecode": "1783",
                    "datum_aanvang_verblijfsadres": "2025-03-01"})
    row.update(kw)
    return row


def write_input(folder: Path, name: str, rows: list[dict], *, delimiter: str = ";", encoding: str = "utf-8",
                columns: list[str] | None = None) -> Path:
    """Write one input CSV; ``None`` becomes an empty field."""
    folder.mkdir(parents=True, exist_ok=True)
    cols = columns or CONTRACTS[name].column_names
    lines = [delimiter.join(cols)]
    for r in rows:
        values = []
        for c in cols:
            v = r.get(c)
            v = "" if v is None else str(v)
            if delimiter in v or '"' in v:
                v = '"' + v.replace('"', '""') + '"'
            values.append(v)
        lines.append(delimiter.join(values))
    path = folder / f"{name}.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def write_period(inbox: Path, period: str, *, polis: list[dict], werkgevers: list[dict] | None = None,
                 brp: list[dict] | None = None, rni: list[dict] | None = None) -> Path:
    """A whole period folder. Registers get a filler row so no input is ever empty."""
    folder = inbox / period
    lhnrs = sorted({r["loonheffingennummer"] for r in polis})
    write_input(folder, "polis", polis)
    write_input(folder, "werkgevers", werkgevers if werkgevers is not None else [werkgever_row(x) for x in lhnrs])
    write_input(folder, "brp", brp if brp else [brp_row("011005713", geslachtsnaam="Vulling")])
    write_input(folder, "rni", rni if rni else [rni_row("011053227", geslachtsnaam="Vulling")])
    return folder
