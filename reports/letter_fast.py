"""The employer letter (``brief.html``) without a Jinja render per employer (issue 16).

A national month has ~80 000 letters; Jinja's render with a context of dicts cost ~0.33 ms
each, more than writing the two files. Nearly all of a letter is the same for every
employer of one language in one period (wording, dates, sender, the style sheet), so:

- **The frame comes from the template itself.** Once per language, ``brief.html`` is
  rendered by Jinja with *markers* in place of the per-employer values (name, address,
  loonheffingennummer, reference, number of people) and with no advice and no people; the
  output is split at the markers into constant fragments. Wording, layout and escaping of
  everything constant therefore stay the template's and ``letter_texts``'s.
- **The per-employer parts** (the values at the markers, the advice items and the rows of
  the enclosure's table) are filled in here, mirroring the template's expressions with
  ``markupsafe.escape`` — exactly what autoescape does to a ``{{ … }}`` value.

``tests/reports/test_letter_fast.py`` renders many generated employers (hostile characters,
empty fields, both languages, every situation) with both this and the Jinja template and
asserts identical text; ``TEMPLATE_SHA256`` pins the template version that mirror was checked
against, so an edit of ``brief.html`` fails a test until this module is checked again. The
Jinja path (``reports.documents.render_employer_letter``) stays the reference.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from functools import cache

from markupsafe import escape as _markup_escape

from feedbackcyclus.settings import LetterSettings
from reports.letter import ADVICE_LETTER, WITHOUT_PERSON_DATA, letter_dates, long_date, period_label
from reports.letter_texts import SITUATIONS, TEXTS
from reports.templating import TEMPLATES, environment

# sha256 of reports/templates/brief.html that the per-employer parts below mirror
TEMPLATE_SHA256 = "b7c63675e63038e483c3eb929881817f489982b8741c56d611fefa15765a8ce4"

# Positions of a row of ``registratiesignalen.csv`` (``reports.employer.HEADER``).
(SIGNAAL_ID, _PERIODE, SIGNAAL, REDEN, BSN, GESLACHTSNAAM, VOORNAMEN, GEBOORTEDATUM, IKV_ID, DATUM_AANVANG_IKV,
 EERSTE_PERIODE, _STATUS, _TERUGKOPPELING, TOELICHTING) = range(14)

_N_MARK = 918273645  # stands for the number of people (an int: the template formats it into sentences)
_MARK = re.compile(r"\x01(\w+)\x01|" + str(_N_MARK))
_SLOTS = ("title_name", "reference", "naam", "straat", "huisnummer", "toevoeging", "postcode", "plaats", "lhnr")
_SITUATION_ORDER = {s: i for i, s in enumerate(SITUATIONS)}


def escape(value: object) -> str:
    """``markupsafe.escape`` as plain text: what autoescape makes of a ``{{ value }}``.

    Text (nearly every value) is escaped here with the same five replacements, without
    building a ``Markup`` object each time; anything else goes through markupsafe itself.
    """
    if type(value) is str:
        return (value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
                .replace("'", "&#39;").replace('"', "&#34;"))
    return str(_markup_escape(value))


def template_sha256() -> str:
    return hashlib.sha256((TEMPLATES / "brief.html").read_bytes()).hexdigest()


class _Marked:
    """``people`` in the marker render: ``|length`` gives the marker, the loop sees nobody."""

    def __len__(self) -> int:
        return _N_MARK

    def __iter__(self):
        return iter(())


class FastLetter:
    """Renders ``brief.html`` for many employers of one period with one ``[brief]`` setting."""

    def __init__(self, period: str, settings: LetterSettings) -> None:
        self.period = period
        self.settings = settings
        self._frames = {lang: self._frame(lang) for lang in TEXTS}

    def _frame(self, lang: str) -> tuple[list[str], list[str], dict[str, str]]:
        """(constant fragments, the slot after each fragment but the last, per-language pieces)."""
        t = TEXTS[lang]
        written, reply_by = letter_dates(self.period, self.settings)
        marks = {name: f"\x01{name}\x01" for name in _SLOTS}
        html = environment().get_template("brief.html").render(
            t=t, lang=lang, period=self.period, period_label=period_label(self.period, lang),
            period_label_nl=period_label(self.period, "nl"),
            employer={"naam": marks["title_name"], "loonheffingennummer": marks["lhnr"], "straat": marks["straat"],
                      "huisnummer": marks["huisnummer"], "huisnummer_toevoeging": marks["toevoeging"],
                      "postcode": marks["postcode"], "plaats": marks["plaats"]},
            people=_Marked(), reference=marks["reference"], letter_date=long_date(written, lang),
            reply_date=long_date(reply_by, lang), advice=[], sender=self.settings,
            portal_path=f"/perioden/{self.period}/terugkoppeling")
        # the address block shows the name as ``naam or ""`` (the title as ``naam or lhnr``)
        head, sep, rest = html.partition('<div class="adres">\n\x01title_name\x01')
        html = head + sep.replace("title_name", "naam") + rest
        # the addition is printed with its leading space only when there is one
        html = html.replace(" \x01toevoeging\x01", "\x01toevoeging\x01")
        # where the advice items and the enclosure's rows go
        html = html.replace('<ul class="advies">\n', '<ul class="advies">\n\x01advice\x01', 1)
        html = html.replace("<tbody>\n", "<tbody>\n\x01people\x01", 1)
        parts = _MARK.split(html)
        fragments, slots = parts[0::2], [s or "n" for s in parts[1::2]]
        e = escape
        pieces = {
            "bsn": f'<tr>\n<td><span class="bsn">{e(t["bsn"])} ',
            "no_name": f'<em>{e(t["no_name"])}</em>', "born": f'<br>{e(t["born"])} ', "from": f' {e(t["from"])} ',
            "signal_no": f'{e(t["signal_no"])} ', "since": f'{e(t["since"])} ',
            **{f"title:{k}": f"<strong>{e(v)}.</strong> " for k, v in t["advice_title"].items()},
            **{f"explain:{k}": e(v) for k, v in t["explain"].items()},
            **{f"advice:{k}": (f"<li><strong>{ADVICE_LETTER[k]}. {e(t['advice_title'][k])}.</strong> "
                               f"{e(t['advice'][k])}</li>\n") for k in SITUATIONS},
        }
        return fragments, slots, pieces

    def render(self, lhnr: str, employer: dict, rows: Sequence[Sequence]) -> str:
        """The letter of one employer: ``employer`` as in ``letter_context`` (``EMPLOYER_FIELDS``),
        ``rows`` its ``registratiesignalen.csv`` rows (``HEADER`` order)."""
        lang = "nl" if (employer.get("postcode") or employer.get("gemeentecode")) else "en"
        fragments, slots, pieces = self._frames[lang]
        persons = _people(rows)
        naam = employer.get("naam")
        tv = employer.get("huisnummer_toevoeging")
        values = {
            "title_name": escape(naam or lhnr), "naam": escape(naam or ""), "lhnr": escape(lhnr),
            "reference": escape(f"FBC-{self.period.replace('-', '')}-{lhnr}"),
            "straat": escape(employer.get("straat") or ""), "huisnummer": escape(employer.get("huisnummer") or ""),
            "toevoeging": " " + escape(tv) if tv else "", "postcode": escape(employer.get("postcode") or ""),
            "plaats": escape(employer.get("plaats") or ""), "n": str(len(persons)),
            "advice": "".join(pieces[f"advice:{s}"] for s in SITUATIONS
                              if any(s in kinds for _, kinds in persons)),
            "people": "".join(_person_row(group, kinds, lang, pieces) for group, kinds in persons),
        }
        out = [fragments[0]]
        for slot, fragment in zip(slots, fragments[1:], strict=True):
            out.append(values[slot])
            out.append(fragment)
        return "".join(out)


def _situation(row: Sequence) -> str:
    signaal = row[SIGNAAL]
    return (row[REDEN] or signaal) if signaal == "LOON_ZONDER_ADRES" else signaal


def _people(rows: Sequence[Sequence]) -> list[tuple[list[Sequence], list[str]]]:
    """As ``reports.letter.people``: per BSN (sorted), its rows in situation order and their situations."""
    keyed = sorted(((row[BSN], _SITUATION_ORDER[_situation(row)], i) for i, row in enumerate(rows)))
    out: list[tuple[list[Sequence], list[str]]] = []
    last = object()
    for bsn, _, i in keyed:
        row = rows[i]
        if bsn != last:
            out.append(([], []))
            last = bsn
        out[-1][0].append(row)
        out[-1][1].append(_situation(row))
    return out


def _person_row(group: list[Sequence], kinds: list[str], lang: str, pieces: dict[str, str]) -> str:
    """One ``<tr>`` of the enclosure, as the template's ``{% for p in people %}`` body."""
    hide = any(k in WITHOUT_PERSON_DATA for k in kinds)
    head = group[0]
    first = min(group, key=lambda r: (r[DATUM_AANVANG_IKV] or "9999", r[IKV_ID] or ""))
    out = [pieces["bsn"], escape(head[BSN]), "</span><br>"]
    naam = None if hide else _name(head)
    out.append(escape(naam) if naam else pieces["no_name"])
    born = None if hide else (head[GEBOORTEDATUM] or None)
    if born:
        out += [pieces["born"], escape(born)]
    ikv, since = first[IKV_ID], first[DATUM_AANVANG_IKV]
    if ikv or since:
        out += ["<br>", escape(ikv or "")]
        if since:
            out += [pieces["from"], escape(since)]
    out.append("</td>\n<td>")
    for j, (row, kind) in enumerate(zip(group, kinds, strict=True)):
        if j:
            out.append("<br>")
        out.append(pieces[f"title:{kind}"])
        note = row[TOELICHTING]
        if lang == "nl":
            out.append(escape(note) if note else pieces[f"explain:{kind}"])
        else:
            out.append(pieces[f"explain:{kind}"])
            if note:
                out += [' <i lang="nl">', escape(note), "</i>"]
        out.append(' <span class="sid">(')
        if row[SIGNAAL_ID]:
            out += [pieces["signal_no"], escape(row[SIGNAAL_ID]), ", "]
        out += [pieces["since"], escape(row[EERSTE_PERIODE]), ")</span>"]
    out += ["</td>\n<td>", ", ".join(sorted({ADVICE_LETTER[k] for k in kinds})), "</td>\n</tr>\n"]
    return "".join(out)


def _name(row: Sequence) -> str | None:
    last, first = row[GESLACHTSNAAM], row[VOORNAMEN]
    if last and first:
        return f"{last}, {first}"
    return last or first or None


@cache
def fast_letter(period: str, settings: LetterSettings) -> FastLetter:
    return FastLetter(period, settings)
