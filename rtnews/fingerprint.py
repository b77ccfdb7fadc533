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


# BIT_OF[i] maps a byte to 1 where its bit i is set: ``bytes.translate`` then counts a
# bit over all hashes at once, in C.
BIT_OF = [bytes(byte >> i & 1 for byte in range(256)) for i in range(8)]


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
    grams = shingles(text.split())
    if not grams:
        return 0
    digests = b"".join(hashlib.blake2b(g.encode(), digest_size=8).digest() for g in grams)
    half = len(grams) / 2
    value = 0
    for position in range(BITS // 8):  # big-endian: position 0 holds bits 63..56
        column = digests[position::8]
        for i in range(8):
            if column.translate(BIT_OF[i]).count(1) > half:
                value |= 1 << (BITS - 8 * (position + 1) + i)
    return value


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
