"""A compact set of article ids: one bit per possible id instead of a string object each.

Article ids of arabic.rt.com are decimal numbers below a few million, dense at the top
(about 1.7 million ids up to about 1.8 million). A Python ``set`` of such strings costs
about 90 bytes per id (the string and its hash-table slot): 150 MB for the whole site.
``IdSet`` keeps plain decimal ids below ``bitmap_limit`` as bits of a ``bytearray``
that grows to the largest id seen (225 KB for ids up to 1.8 million) and anything else
(``"0012"``, ``"abc"``, ids beyond the limit) in an ordinary set, so every string
still works. It is a ``MutableSet``: ``in``, ``len``, iteration (numbers ascending,
then the others), ``add``, ``discard``, ``update`` and the set operators.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, MutableSet
from itertools import compress

# Ids at or above this go to the fallback set: one odd huge id must not allocate a
# bitmap of gigabytes (2**26 bits is 8 MB).
DEFAULT_BITMAP_LIMIT = 1 << 26
MAX_DIGITS = 18  # fits a signed 64-bit integer
BITS_OF_BYTE = [tuple(bit for bit in range(8) if byte >> bit & 1) for byte in range(256)]


def decimal_id(text: str) -> int | None:
    """The number a plain decimal id stands for, or None when ``str(number)`` would differ.

    >>> decimal_id("1772101"), decimal_id("0"), decimal_id("0012"), decimal_id("12a"), decimal_id("١٢")
    (1772101, 0, None, None, None)
    """
    if not (text.isascii() and text.isdigit()) or len(text) > MAX_DIGITS:
        return None
    if len(text) > 1 and text[0] == "0":
        return None
    return int(text)


class IdSet(MutableSet[str]):
    """A set of id strings, decimal ones as bits (see the module docstring)."""

    def __init__(self, ids: Iterable[str] = (), *, bitmap_limit: int = DEFAULT_BITMAP_LIMIT) -> None:
        self.bits = bytearray()
        self.bitmap_limit = bitmap_limit
        self.numbers = 0  # ids held as bits
        self.others: set[str] = set()
        self.update(ids)

    def _number(self, article_id: str) -> int | None:
        number = decimal_id(article_id) if isinstance(article_id, str) else None
        return number if number is not None and number < self.bitmap_limit else None

    def __contains__(self, article_id: object) -> bool:
        if not isinstance(article_id, str):
            return False
        number = self._number(article_id)
        if number is None:
            return article_id in self.others
        byte = number >> 3
        return byte < len(self.bits) and bool(self.bits[byte] >> (number & 7) & 1)

    def add(self, article_id: str) -> None:
        number = self._number(article_id)
        if number is None:
            self.others.add(article_id)
            return
        byte, bit = number >> 3, 1 << (number & 7)
        if byte >= len(self.bits):
            # Grow by at least an eighth so a rising id costs amortized constant time.
            self.bits.extend(bytes(max(byte + 1 - len(self.bits), len(self.bits) >> 3)))
        if not self.bits[byte] & bit:
            self.bits[byte] |= bit
            self.numbers += 1

    def discard(self, article_id: str) -> None:
        number = self._number(article_id)
        if number is None:
            self.others.discard(article_id)
            return
        byte, bit = number >> 3, 1 << (number & 7)
        if byte < len(self.bits) and self.bits[byte] & bit:
            self.bits[byte] &= ~bit
            self.numbers -= 1

    def update(self, ids: Iterable[str]) -> None:
        for article_id in ids:
            self.add(article_id)

    def __len__(self) -> int:
        return self.numbers + len(self.others)

    def __iter__(self) -> Iterator[str]:
        bits = self.bits
        # compress() skips the empty bytes in C.
        for index in compress(range(len(bits)), bits):
            base = index << 3
            for bit in BITS_OF_BYTE[bits[index]]:
                yield str(base | bit)
        yield from self.others

    def __repr__(self) -> str:
        return f"IdSet({len(self)} ids, {len(self.bits)} bitmap bytes, {len(self.others)} others)"

    def memory_bytes(self) -> int:
        """Bytes held by the bitmap plus an estimate for the fallback strings (sys.getsizeof)."""
        return (sys.getsizeof(self.bits) + sys.getsizeof(self.others)
                + sum(sys.getsizeof(s) for s in self.others))
