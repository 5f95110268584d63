"""The row rules of DESIGN.md §3 as DuckDB SQL expressions: what ingest runs on every row.

At national scale (33 million rows a month) the rules must run where the rows already
are, set-based in DuckDB, without a copy of a register in a data frame. Each function
takes a quoted column expression and returns a SQL boolean (or normalised text), so one
scan evaluates every rule of a column.

The same rules exist once more as Polars expressions in ``schemas/row_rules.py``; which
rule judges which column kind, under which reason code, is written once in
``schemas/rules.py``, and ``intake.staging`` runs the Polars twins (through pandera) on a
bounded sample of every input and stops the run if the two disagree on a single cell.
Both sides use the same explicit character classes (ASCII digits, the ``TRIM_CHARACTERS``
set) so they agree by construction; ``tests/schemas/test_sql_rules.py`` checks that with
property tests.

Cheap tests come first on purpose: ``LIKE 'x%'`` and ``GLOB`` compile to prefix/byte
comparisons, a ``TRY_CAST`` costs far less than a regular expression, and a string is
only rebuilt (trimmed, reformatted) when it needs to be.
"""

from __future__ import annotations

from collections.abc import Iterable

from schemas.bsn import ALL_ZEROS, BSN_WEIGHTS

# Trimmed from both ends of every field: space, tab, CR, LF and the no-break space that
# spreadsheet exports leave behind. Anything else is part of the value.
TRIM_CHARACTERS = " \t\r\n\u00a0"
TRUE_WORDS = ("true", "ja", "j", "1", "yes", "y", "t", "waar")
FALSE_WORDS = ("false", "nee", "n", "0", "no", "f", "onwaar")

DIGIT = "[0-9]"
DATE_GLOB = f"{DIGIT * 4}-{DIGIT * 2}-{DIGIT * 2}"


def literal(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def text_list(values: Iterable[str]) -> str:
    return "(" + ", ".join(literal(v) for v in values) + ")"


# ---------------------------------------------------------------- normalisers
def clean_text(col: str) -> str:
    """Trim ``TRIM_CHARACTERS``; an empty field is null (DESIGN.md §3).

    ``ord()`` reads only the first code point and ``LIKE '%c'`` is a suffix compare, so the
    common case (nothing to trim) costs no new string.
    """
    starts = ", ".join(str(ord(c)) for c in TRIM_CHARACTERS)
    ends = " OR ".join(f"{col} LIKE {literal('%' + c)}" for c in TRIM_CHARACTERS)
    edges = f"ord({col}) IN ({starts}) OR {ends}"
    return (f"(CASE WHEN {edges} THEN nullif(trim({col}, {literal(TRIM_CHARACTERS)}), '') "
            f"WHEN {col} = '' THEN NULL ELSE {col} END)")


def normalise_date(col: str, day_first: bool = False) -> str:
    """``YYYYMMDD`` → ``YYYY-MM-DD`` (and ``DD-MM-YYYY`` when a source mapping says so).

    One ``regexp_replace`` per date, behind a byte-length test: RE2 matches and rebuilds the
    8 digits in one pass, where ``GLOB`` plus three ``substr`` and four ``||`` (the form before,
    spelled out in ``tests/schemas/test_rule_rewrites.py``) cost ~70 % more CPU on compact dates
    (a GBA-V extract's); a value of another length (an ISO date, null) is not looked at further.
    ``[0-9]`` is ASCII in RE2 and ``$`` is the end of the text (no multi-line mode), so exactly
    the values of 8 ASCII digits change, as before.
    """
    rebuilt = f"WHEN strlen({col}) = 8 THEN regexp_replace({col}, '^({DIGIT}{{4}})({DIGIT}{{2}})({DIGIT}{{2}})$', '\\1-\\2-\\3')"
    if day_first:
        rebuilt += (f" WHEN strlen({col}) = 10 THEN "
                    f"regexp_replace({col}, '^({DIGIT}{{2}})-({DIGIT}{{2}})-({DIGIT}{{4}})$', '\\3-\\2-\\1')")
    return f"(CASE {rebuilt} ELSE {col} END)"


def normalise_postcode(col: str) -> str:
    """``1234 ab`` → ``1234AB``: one space is tolerated, the letters are upper-cased."""
    return (f"(CASE WHEN {col} GLOB '{DIGIT * 4}[A-Za-z][A-Za-z]' THEN upper({col}) "
            f"WHEN {col} GLOB '{DIGIT * 4} [A-Za-z][A-Za-z]' THEN upper(substr({col}, 1, 4) || substr({col}, 6, 2)) "
            f"ELSE {col} END)")


# ---------------------------------------------------------------- identifiers
def _quotient_weights() -> tuple[tuple[int, int], ...]:
    """``(k, c_k)``: the 11-proef as ``−n + Σ c_k · (n // 10^k)`` (mod 11) for k = 1…8.

    Digit i (0 = leftmost) of a 9-digit n is ``q_(8−i) − 10·q_(9−i)`` with ``q_k = n // 10^k``
    (``q_9 = 0``), so ``Σ w_i·d_i = Σ_k q_k·(w_(8−k) − 10·w_(9−k))``; for ``BSN_WEIGHTS`` the
    coefficient of ``q_0 = n`` is −1 and the others, mod 11, are 1, 5, 7, 9, 0, 2, 4, 6.
    """
    w = (*BSN_WEIGHTS, 0)
    if w[8] != -1 or (w[7] - 10 * w[8]) % 11 != 1:  # the overflow argument of is_valid_bsn needs these two
        raise ValueError("11-proef weights changed: re-derive is_valid_bsn")
    return tuple((k, (w[8 - k] - 10 * w[9 - k]) % 11) for k in range(1, 9))


BSN_QUOTIENT_WEIGHTS = _quotient_weights()


def bsn_number(col: str) -> str:
    """The BSN as an integer, for ``is_valid_bsn(col, number=...)`` when it is computed once per row."""
    return f"TRY_CAST({col} AS BIGINT)"


def is_valid_bsn(col: str, number: str | None = None) -> str:
    """9 digits, 11-proef (9·d1+8·d2+…+2·d8−1·d9 ≡ 0 mod 11), not 000000000. Null is invalid.

    The digits come from one integer cast, not from nine string slices. With ``q_k = n //
    10^k`` every digit is ``d = q_k − 10·q_(k+1)``, so the weighted sum is a sum of the
    quotients alone; reduced mod 11 it is ``q1 − n + 5·q2 + 7·q3 + 9·q4 + 2·q6 + 4·q7 + 6·q8``
    (``BSN_QUOTIENT_WEIGHTS``): seven divisions instead of nine divisions and nine remainders,
    ~a quarter of the rule's cost. ``tests/schemas/test_rule_rewrites.py`` checks it against
    the digit-wise sum. Only the verdict of a 9-digit value matters (the ``GLOB``), and for any
    other BIGINT no partial sum leaves ``[−|n|, |n|]`` (``q1 − n`` first, then terms of the
    other sign worth at most 0.12·|n|), so it cannot overflow. Pass ``number`` (a column
    holding ``bsn_number(col)``) to cast once per row.
    """
    n = number or bsn_number(col)
    terms = [f"{c} * ({n} // {10 ** k})" if c != 1 else f"({n} // {10 ** k})" for k, c in BSN_QUOTIENT_WEIGHTS if c]
    weighted = f"{terms[0]} - {n} + {' + '.join(terms[1:])}"  # q1 first: see the overflow note above
    return (f"coalesce({col} GLOB '{DIGIT * 9}' AND {col} <> '{ALL_ZEROS}' "
            f"AND ({weighted}) % 11 = 0, false)")


def is_valid_lhnr(col: str) -> str:
    """``^\\d{9}L\\d{2}$``. Null is invalid."""
    return f"coalesce({col} GLOB '{DIGIT * 9}L{DIGIT * 2}', false)"


def is_valid_postcode(col: str) -> str:
    return f"{col} GLOB '[1-9]{DIGIT * 3}[A-Z][A-Z]'"


def is_known_code(col: str, codes: Iterable[str] | str) -> str:
    """``codes``: the values, or the name of a one-column table holding them (a hash lookup
    instead of hundreds of comparisons per row)."""
    if isinstance(codes, str):
        return f"{col} IN (SELECT * FROM {codes})"
    return f"{col} IN {text_list(sorted(codes))}"


# ---------------------------------------------------------------- values
def is_valid_decimal(col: str) -> str:
    """A non-negative amount with ``.`` as decimal separator (at most 15 digits before it)."""
    return f"regexp_full_match({col}, '[0-9]{{1,15}}(\\.[0-9]+)?')"


def is_valid_bool(col: str) -> str:
    return f"lower({col}) IN {text_list(TRUE_WORDS + FALSE_WORDS)}"


def parse_bool(col: str) -> str:
    return (f"(CASE WHEN lower({col}) IN {text_list(TRUE_WORDS)} THEN true "
            f"WHEN lower({col}) IN {text_list(FALSE_WORDS)} THEN false END)")


def is_valid_date(col: str, min_year: int, max_year: int, typed: str | None = None) -> str:
    """A complete calendar date ``YYYY-MM-DD`` within the plausible years.

    ``typed``: a column holding ``TRY_CAST(col AS DATE)`` (staging computes it while reading).
    Then the shape test is that the date, written back, is the text itself: DuckDB writes a
    date of the years 1000–9999 as ``YYYY-MM-DD`` with ASCII digits, so for those years this is
    true exactly when the ``GLOB`` and the cast both hold, and it costs no cast and no ``GLOB``
    per row. Outside those years (never with the settings' bounds) the plain form is used.
    """
    if typed and min_year >= 1000 and max_year <= 9999:
        return f"coalesce(CAST({typed} AS VARCHAR) = {col} AND year({typed}) BETWEEN {min_year} AND {max_year}, false)"
    return (f"({col} GLOB '{DATE_GLOB}' AND "
            f"coalesce(year(TRY_CAST({col} AS DATE)) BETWEEN {min_year} AND {max_year}, false))")


def is_valid_lo3_date(col: str, min_year: int, max_year: int, earliest: str | None = None) -> str:
    """A complete date, or an incomplete one as the BRP allows (``0000-00-00``,
    ``YYYY-00-00``, ``YYYY-MM-00``).

    ``earliest``: a column holding ``earliest_day(col)``; for a value that does not end in
    ``-00`` that is ``TRY_CAST(col AS DATE)``, so the complete-date branch can use it as
    ``is_valid_date``'s ``typed``.
    """
    year = f"TRY_CAST(substr({col}, 1, 4) AS INTEGER) BETWEEN {min_year} AND {max_year}"
    partial = (f"({col} GLOB '{DIGIT * 4}-00-00' OR {col} GLOB '{DIGIT * 4}-0[1-9]-00' "
               f"OR {col} GLOB '{DIGIT * 4}-1[0-2]-00')")
    return (f"({col} = '0000-00-00' OR CASE WHEN {col} LIKE '%-00' THEN {partial} AND {year} "
            f"ELSE {is_valid_date(col, min_year, max_year, earliest)} END)")


def earliest_day(col: str) -> str:
    """The earliest day an (incomplete) date can mean; a wholly unknown date is null.

    ``1985-00-00`` → 1985-01-01, ``1985-07-00`` → 1985-07-01 (DESIGN.md §3). Defined for
    values that passed ``is_valid_lo3_date``; staging empties the others first.
    """
    return (f"(CASE WHEN {col} = '0000-00-00' THEN NULL "
            f"WHEN {col} LIKE '%-00-00' THEN TRY_CAST(substr({col}, 1, 4) || '-01-01' AS DATE) "
            f"WHEN {col} LIKE '%-00' THEN TRY_CAST(substr({col}, 1, 7) || '-01' AS DATE) "
            f"ELSE TRY_CAST({col} AS DATE) END)")
