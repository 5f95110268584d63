"""The 11-proef, once for the product: what a valid burgerservicenummer is (DESIGN.md §3).

The weights are the definition; ``schemas/sql_rules.py`` (every row, in DuckDB) and
``schemas/row_rules.py`` (the pandera sample) compute the same sum set-based, and
``bsn_valid`` is the plain reading of the contract's wording that both are property-tested
against. The sample-data generator may import it; nothing here imports the generator.
"""

from __future__ import annotations

# 9·d1 + 8·d2 + … + 2·d8 − 1·d9 ≡ 0 (mod 11)
BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
ALL_ZEROS = "000000000"


def bsn_valid(s: str) -> bool:
    """Nine ASCII digits, 11-proef, and not ``000000000``; anything else (None too) is invalid."""
    if not isinstance(s, str) or len(s) != 9 or not s.isascii() or not s.isdigit() or s == ALL_ZEROS:
        return False
    return sum(w * int(d) for w, d in zip(BSN_WEIGHTS, s, strict=True)) % 11 == 0
