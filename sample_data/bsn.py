"""Burgerservicenummers for sample data: the 11-proef and a vectorised, collision-free generator.

Why a bijection instead of "draw and retry": the generator works on chunks of persons and
must give the same person the same BSN in every period without keeping a table of them.
``bsn_numbers(index, key)`` maps person index ``i`` to a valid BSN by

1. scrambling ``i`` with a keyed permutation of ``[0, 89_999_999)`` (bijective mixing on
   27 bits plus cycle-walking back into the range), and
2. decoding the scrambled number ``k`` as (7-digit prefix ``k // 9``, choice ``k % 9`` of
   the 8th digit). For every 7-digit prefix at least 9 of the 10 possible 8th digits leave
   a check digit 0–9 for the 11-proef, so every ``k`` gives a different valid BSN.

Distinct indices therefore always give distinct BSNs; about 10 % of them start with ``0``
(leading zeros are significant and must survive every step of the pipeline).
"""

from __future__ import annotations

import numpy as np

from schemas.bsn import bsn_valid as is_valid_bsn  # noqa: F401 - re-exported for the generator's callers

CAPACITY = 89_999_999  # usable indices: 9 × 10**7 codes minus 000000000
_BITS = 27
_MASK = np.uint64((1 << _BITS) - 1)


def _round_constants(key: int) -> list[tuple[np.uint64, np.uint64]]:
    """Three (odd multiplier, addend) pairs derived from the key, all below 2**27."""
    rng = np.random.default_rng(key & 0xFFFFFFFFFFFFFFFF)
    draws = rng.integers(0, 1 << _BITS, size=6, dtype=np.uint64)
    return [(draws[2 * r] | np.uint64(1), draws[2 * r + 1]) for r in range(3)]


def _permute_27(x: np.ndarray, rounds: list[tuple[np.uint64, np.uint64]]) -> np.ndarray:
    """A bijection on 27-bit integers: multiply by odd, add, xor-shift (each step invertible)."""
    for mul, add in rounds:
        x = (x * mul + add) & _MASK
        x = x ^ (x >> np.uint64(13))
    return x


def _scramble(index: np.ndarray, key: int) -> np.ndarray:
    """Keyed permutation of ``[0, CAPACITY)``: cycle-walk the 27-bit bijection until in range."""
    rounds = _round_constants(key)
    x = _permute_27(index.astype(np.uint64), rounds)
    todo = np.flatnonzero(x >= CAPACITY)
    while todo.size:
        x[todo] = _permute_27(x[todo], rounds)
        todo = todo[x[todo] >= CAPACITY]
    return x.astype(np.int64)


def _decode(k: np.ndarray) -> np.ndarray:
    """Code ``k`` in ``[1, 9·10**7)`` → BSN as int64 (see module docstring)."""
    prefix = k // 9
    choice = k % 9
    partial = np.zeros_like(prefix)
    rest = prefix.copy()
    for weight in (3, 4, 5, 6, 7, 8, 9):  # d7 … d1
        partial += weight * (rest % 10)
        rest //= 10
    # The one 8th digit that would need check digit 10: 2·d8 ≡ 10 − partial (mod 11); 2⁻¹ = 6.
    forbidden = ((10 - partial) * 6) % 11
    d8 = choice + (choice >= forbidden)
    d9 = (partial + 2 * d8) % 11
    return prefix * 100 + d8 * 10 + d9


def bsn_numbers(index: np.ndarray, key: int) -> np.ndarray:
    """Valid BSNs (as int64; format with 9-digit zero padding) for distinct indices < CAPACITY."""
    index = np.asarray(index, dtype=np.int64)
    if index.size and (index.min() < 0 or index.max() >= CAPACITY):
        raise ValueError(f"BSN index must be in [0, {CAPACITY})")
    return _decode(_scramble(index, key) + 1)


def make_bsns(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` unique valid BSNs as 9-character strings (some with a leading zero)."""
    if not 0 <= n <= CAPACITY:
        raise ValueError(f"n must be in [0, {CAPACITY}]")
    key = int(rng.integers(0, 2**63 - 1))
    start = int(rng.integers(0, CAPACITY - n + 1))
    numbers = bsn_numbers(np.arange(start, start + n, dtype=np.int64), key)
    return np.strings.zfill(numbers.astype(np.str_), 9)
