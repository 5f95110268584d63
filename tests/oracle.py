"""An independent, deliberately plain re-implementation of DESIGN.md §3–§4 in Python.

No DuckDB, Polars or project code: rows are read with the csv module and judged one by
one, so the end-to-end test can compare the product's signals against a second opinion.
"""

from __future__ import annotations

import calendar
import csv
import io
import re
from datetime import date
from pathlib import Path

W = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def read_rows(path: Path) -> list[dict]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    header = text.split("\n", 1)[0]
    delim = ";" if ";" in header else ","
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delim))
    return [{k.strip().lower(): (v.strip() or None) if v is not None else None for k, v in r.items()} for r in rows]


def bsn_ok(s):
    return bool(s) and len(s) == 9 and s.isdigit() and s != "000000000" and \
        sum(w * int(d) for w, d in zip(W, s, strict=True)) % 11 == 0


def iso(s):
    if s and re.fullmatch(r"\d{8}", s):
        return f"{s[:4]}-{s[4:6]}-{s[6:]}"
    return s


def full_date(s):
    s = iso(s)
    if not s or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return None
    try:
        d = date(int(s[:4]), int(s[5:7]), int(s[8:]))
    except ValueError:
        return None
    return d if 1880 <= d.year <= 2100 else None


def lo3_earliest(s):
    """(valid, earliest day or None)."""
    s = iso(s)
    if s is None:
        return True, None
    if s == "0000-00-00":
        return True, None
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s)
    if not m:
        return False, None
    y, mo, d = (int(x) for x in m.groups())
    if not 1880 <= y <= 2100:
        return False, None
    if mo == 0 and d == 0:
        return True, date(y, 1, 1)
    if d == 0 and 1 <= mo <= 12:
        return True, date(y, mo, 1)
    fd = full_date(s)
    return (fd is not None), fd


def decimal_ok(s):
    return bool(s) and re.fullmatch(r"\d{1,15}(\.\d+)?", s) is not None


def registers(folder: Path):
    """Usable brp and rni rows by BSN, and the BSNs with an ambiguous key."""
    out, ambiguous = {}, set()
    for name in ("brp", "rni"):
        seen, by_bsn = set(), {}
        for r in read_rows(folder / f"{name}.csv"):
            key = tuple(sorted(r.items()))
            if key in seen:
                continue
            seen.add(key)
            if bsn_ok(r["bsn"]):
                by_bsn.setdefault(r["bsn"], []).append(r)
        ambiguous |= {b for b, rs in by_bsn.items() if len(rs) > 1}
        out[name] = {b: rs[0] for b, rs in by_bsn.items() if len(rs) == 1}
    return out["brp"], out["rni"], ambiguous


def payroll(folder: Path, period: str) -> list[dict]:
    y, m = int(period[:4]), int(period[5:])
    first = date(y, m, 1)
    rows = []
    for r in read_rows(folder / "polis.csv"):
        if not bsn_ok(r["bsn"]) or not re.fullmatch(r"\d{9}L\d{2}", r["loonheffingennummer"] or ""):
            continue
        if not r["ikv_id"] or not all(full_date(r[c]) for c in ("datum_aanvang_ikv", "tijdvak_aanvang",
                                                                   "tijdvak_einde")):
            continue
        if not (decimal_ok(r["sv_loon"]) and decimal_ok(r["verloonde_uren"])):
            continue
        einde = r["datum_einde_ikv"]
        if einde is not None and full_date(einde) is None:
            continue
        if einde is None or full_date(einde) >= first:
            rows.append(r)
    return rows


def signals_of(folder: Path, period: str, history: dict[str, set[str]]) -> set[tuple]:
    """(signaal, reden, bsn, lhnr) of one period; ``history`` maps earlier periods to payroll BSNs."""
    y, m = int(period[:4]), int(period[5:])
    peil = date(y, m, calendar.monthrange(y, m)[1])
    brp, rni, ambiguous = registers(folder)
    rows = payroll(folder, period)
    paid = {r["bsn"] for r in rows}
    out = set()

    def stay_known(r):
        if not any(r.get(f) for f in ("verblijf_straat", "verblijf_huisnummer", "verblijf_huisletter",
                                      "verblijf_toevoeging", "verblijf_woonplaats")) and \
                not (r.get("verblijf_postcode") and re.fullmatch(r"[1-9]\d{3}[A-Z]{2}",
                                                                 r["verblijf_postcode"].replace(" ", "").upper())) \
                and not _known_gemeente(r.get("verblijf_gemeentecode"), peil):
            return False
        ok_a, aanvang = lo3_earliest(r.get("datum_aanvang_verblijfsadres"))
        ok_e, einde = lo3_earliest(r.get("datum_einde_verblijfsadres"))
        aanvang = aanvang if ok_a else None
        einde = einde if ok_e else None
        return (aanvang is None or aanvang <= peil) and (einde is None or einde >= peil)

    def deceased(r):
        ok, day = lo3_earliest(r.get("datum_overlijden")) if r else (False, None)
        return ok and day is not None and day <= peil

    for r in rows:
        b, lh = r["bsn"], r["loonheffingennummer"]
        if b in brp:
            ok_v, vert = lo3_earliest(brp[b]["datum_vertrek"])
            if deceased(brp[b]):
                out.add(("LOON_ZONDER_ADRES", "OVERLEDEN", b, lh))
            elif ok_v and vert and vert <= peil:
                out.add(("LOON_ZONDER_ADRES", "OVERLEDEN" if deceased(rni.get(b)) else "VERTROKKEN", b, lh))
        elif b in rni:
            if deceased(rni[b]):
                out.add(("LOON_ZONDER_ADRES", "OVERLEDEN", b, lh))
            elif not stay_known(rni[b]):
                out.add(("LOON_ZONDER_ADRES", "RNI_ZONDER_VERBLIJFSADRES", b, lh))
        else:
            out.add(("LOON_ZONDER_ADRES", "BSN_ONBEKEND", b, lh))
    for b, r in rni.items():
        if b not in brp and b not in paid and not deceased(r) and stay_known(r):
            out.add(("ADRES_ZONDER_LOON", None, b, None))
    window = [f"{(y * 12 + m - 1 - k) // 12:04d}-{(y * 12 + m - 1 - k) % 12 + 1:02d}" for k in range(1, 6)]
    for r in rows:
        b = r["bsn"]
        if b in rni and b not in brp and 1 + sum(b in history.get(p, set()) for p in window) >= 4:
            out.add(("RNI_LANGER_DAN_4_MAANDEN", None, b, r["loonheffingennummer"]))
    by_bsn: dict[str, list[dict]] = {}
    for r in rows:
        by_bsn.setdefault(r["bsn"], []).append(r)
    for b, rs in by_bsn.items():
        from decimal import Decimal

        if len({r["loonheffingennummer"] for r in rs}) >= 3 and \
                sum(Decimal(r["verloonde_uren"]) for r in rs) > Decimal("259.5"):
            out.add(("MEERVOUDIG_BSN_GEBRUIK", None, b, None))
    return {s for s in out if s[2] not in ambiguous}, paid


_GEMEENTEN: list[dict] = []


def _known_gemeente(code, peil):
    """A municipality existing on ``peil`` (begin ≤ peil < end) in the shipped history."""
    if not _GEMEENTEN:
        ref = Path(__file__).parent.parent / "schemas" / "reference" / "gemeenten_historie.csv"
        _GEMEENTEN.extend(csv.DictReader(ref.open(encoding="utf-8"), delimiter=";"))
    day = peil.isoformat()
    return any(r["gemeentecode"] == code and r["begindatum"] <= day and (not r["einddatum"] or day < r["einddatum"])
               for r in _GEMEENTEN)


def case_ids(period: str, keys: set[tuple], previous_ids: dict[tuple, str]) -> dict[tuple, str]:
    """signaal_id per key (signaal, bsn, lhnr): carried when present in P−1, else numbered in key order."""
    ids = {k: previous_ids[k] for k in keys if k in previous_ids}
    new = sorted((k for k in keys if k not in previous_ids), key=lambda k: (k[0], k[1], k[2] or ""))
    ids.update({k: f"FBC-{period.replace('-', '')}-{n:06d}" for n, k in enumerate(new, start=1)})
    return ids


def run_oracle(inbox: Path, periods: list[str]) -> dict[str, dict]:
    """Per period: the signal set, the lifecycle counts and the signaal_id per key."""
    history: dict[str, set[str]] = {}
    previous: set[tuple] = set()
    previous_ids: dict[tuple, str] = {}
    result = {}
    for p in periods:
        sigs, paid = signals_of(inbox / p, p, history)
        history[p] = paid
        keys = {(s[0], s[2], s[3]) for s in sigs}
        prev_keys = {(s[0], s[2], s[3]) for s in previous}
        previous_ids = case_ids(p, keys, previous_ids)
        result[p] = {"signals": sigs, "lifecycle": {"nieuw": len(keys - prev_keys), "blijvend": len(keys & prev_keys),
                                                    "opgelost": len(prev_keys - keys)}, "ids": previous_ids}
        previous = sigs
    return result
