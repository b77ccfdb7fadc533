"""Content fingerprints: a 64-bit simhash of folded text and an index of near-duplicates.

Two articles whose folded bodies share almost all word 3-shingles get simhashes a few
bits apart (one changed word in 150 moves 0–9 bits, 7 or fewer in 9 cases of 10;
unrelated texts differ by 20 bits or more). ``NearDuplicateIndex`` finds them without
comparing against every article: the 64 bits are cut into 8 bands of 8, and a
near-duplicate within 7 bits shares at least one band exactly (pigeonhole), so a
look-up compares against about 3 % of the articles.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

BITS = 64
BANDS = 8
BAND_BITS = BITS // BANDS
MAX_DISTANCE = BANDS - 1
MIN_WORDS = 40  # shorter texts say too little to call them duplicates


def shingles(words: list[str], size: int = 3) -> list[str]:
    if len(words) < size:
        return [" ".join(words)] if words else []
    return [" ".join(words[i:i + size]) for i in range(len(words) - size + 1)]


def simhash(text: str) -> int:
    """64-bit simhash of the text's word 3-shingles (0 for empty text).

    >>> simhash("") == 0
    True
    >>> a = simhash(" ".join(f"w{i}" for i in range(200)))
    >>> b = simhash(" ".join(f"w{i}" for i in range(199)) + " other")
    >>> bin(a ^ b).count("1") <= 7
    True
    """
    weights = [0] * BITS
    for shingle in shingles(text.split()):
        h = int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "big")
        for bit in range(BITS):
            weights[bit] += 1 if h >> bit & 1 else -1
    return sum(1 << bit for bit in range(BITS) if weights[bit] > 0)


def distance(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def bands(value: int) -> list[tuple[int, int]]:
    mask = (1 << BAND_BITS) - 1
    return [(i, value >> (i * BAND_BITS) & mask) for i in range(BANDS)]


class NearDuplicateIndex:
    """Simhashes by band, to find an article whose text nearly equals a new one."""

    def __init__(self) -> None:
        self.by_band: dict[tuple[int, int], list[tuple[str, int]]] = defaultdict(list)

    def add(self, article_id: str, value: int) -> None:
        if value:
            for key in bands(value):
                self.by_band[key].append((article_id, value))

    def find(self, article_id: str, value: int) -> str | None:
        """The id of another article within ``MAX_DISTANCE`` bits, or None."""
        if not value:
            return None
        best: tuple[int, str] | None = None
        for key in bands(value):
            for other_id, other in self.by_band.get(key, ()):
                d = distance(value, other)
                if other_id != article_id and d <= MAX_DISTANCE and (best is None or (d, other_id) < best):
                    best = (d, other_id)
        return best[1] if best else None
