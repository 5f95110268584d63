"""Counter-based randomness: every draw is a pure function of (seed, field, key, extra…).

Why not a random stream: a person's attributes must be the same in every period and every
chunking, so they are hashed (splitmix64) from the person's index instead.
"""

from __future__ import annotations

import zlib

import numpy as np

_C1 = np.uint64(0xBF58476D1CE4E5B9)
_C2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: a bijective, well-scrambling function on uint64."""
    x = x ^ (x >> np.uint64(30))
    x = x * _C1
    x = x ^ (x >> np.uint64(27))
    x = x * _C2
    return x ^ (x >> np.uint64(31))


def _u64(values: np.ndarray | int) -> np.ndarray:
    """Any integers (negative ones wrap) as a 1-d uint64 array."""
    return np.atleast_1d(np.asarray(values, dtype=np.int64)).view(np.uint64)


class Draw:
    """Random numbers that are a pure function of (seed, field, key, extra…).

    Why: a person's attributes must be the same in every period and every chunking, so
    they are hashed from the person's index instead of drawn from a shared stream.
    """

    def __init__(self, seed: int) -> None:
        self._seed = seed
        self._bases: dict[str, np.ndarray] = {}

    def _base(self, name: str) -> np.ndarray:
        if name not in self._bases:
            raw = (self._seed * 0x9E3779B1 + zlib.crc32(name.encode())) & 0x7FFFFFFFFFFFFFFF
            self._bases[name] = _mix(_u64(raw))
        return self._bases[name]

    def bits(self, name: str, key: np.ndarray, *extra: np.ndarray | int) -> np.ndarray:
        h = _mix(_u64(key) ^ self._base(name))
        for e in extra:
            h = _mix(h ^ (_u64(e) * _GOLDEN))
        return h

    def unif(self, name: str, key: np.ndarray, *extra: np.ndarray | int) -> np.ndarray:
        return (self.bits(name, key, *extra) >> np.uint64(11)).astype(np.float64) * (1.0 / (1 << 53))

    def ints(
        self, name: str, key: np.ndarray, lo: np.ndarray | int, hi: np.ndarray | int, *extra: np.ndarray | int
    ) -> np.ndarray:
        """Integers in ``[lo, hi)``."""
        span = np.asarray(hi) - np.asarray(lo)
        return np.asarray(lo) + (self.unif(name, key, *extra) * span).astype(np.int64)

    def pick(self, name: str, key: np.ndarray, cum: np.ndarray, *extra: np.ndarray | int) -> np.ndarray:
        """Index drawn with the weights whose cumulative sum is ``cum``."""
        u = self.unif(name, key, *extra) * cum[-1]
        return np.minimum(np.searchsorted(cum, u, side="right"), len(cum) - 1)
