"""Content fingerprints: a 64-bit simhash of folded text and an index of near-duplicates.

Two articles whose folded bodies share almost all word 3-shingles get simhashes a few
bits apart (one changed word in 150 moves 0–9 bits, 7 or fewer in 9 cases of 10;
unrelated texts differ by 20 bits or more). ``NearDuplicateIndex`` finds every
article within 7 bits without comparing against each one: the 64 bits are cut into
4 blocks of 16, and two values within 7 bits differ in at most one bit in some block
(pigeonhole), so a look-up reads the entries whose block equals one of the new value's
blocks or one of their 16 one-bit neighbours: 68 buckets, about 1/1,000 of the entries.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterable

from rtnews.idset import decimal_id

BITS = 64
BLOCKS = 4
BLOCK_BITS = BITS // BLOCKS
BLOCK_MASK = (1 << BLOCK_BITS) - 1
MAX_DISTANCE = 7
MIN_WORDS = 40  # shorter texts say too little to call them duplicates

# BIT_OF[i] maps a byte to 1 where its bit i is set: ``bytes.translate`` then counts a
# bit over all hashes at once, in C.
BIT_OF = [bytes(byte >> i & 1 for byte in range(256)) for i in range(8)]
# blake2b with an 8-byte digest, copied per shingle: cheaper than building one with
# keyword arguments each time, same digests.
_BLAKE2B_64 = hashlib.blake2b(digest_size=8)


def shingle_digests(words: list[str]) -> bytes:
    """The 8-byte blake2b digests of the words' 3-shingles (joined by one space), concatenated.

    ``words`` as ``str.split`` gives them; fewer than three make one shingle of them all.
    """
    if len(words) < 3:
        grams: Iterable[bytes] = [" ".join(words).encode()] if words else []
    else:
        # Words hold no whitespace, so the joined text splits back into them as bytes.
        encoded = " ".join(words).encode().split(b" ")
        grams = map(b" ".join, zip(encoded, encoded[1:], encoded[2:], strict=False))
    digests: list[bytes] = []
    append, base = digests.append, _BLAKE2B_64
    for gram in grams:
        hasher = base.copy()
        hasher.update(gram)
        append(hasher.digest())
    return b"".join(digests)


def simhash_words(words: list[str]) -> int:
    """64-bit simhash of the words' 3-shingles (0 for no words): ``simhash`` after the split."""
    digests = shingle_digests(words)
    if not digests:
        return 0
    half = len(digests) // 8 / 2
    value = 0
    for position in range(BITS // 8):  # big-endian: position 0 holds bits 63..56
        column = digests[position::8]
        for i in range(8):
            if column.translate(BIT_OF[i]).count(1) > half:
                value |= 1 << (BITS - 8 * (position + 1) + i)
    return value


def simhash(text: str) -> int:
    """64-bit simhash of the text's word 3-shingles (0 for empty text).

    >>> simhash("") == 0
    True
    >>> a = simhash(" ".join(f"w{i}" for i in range(200)))
    >>> b = simhash(" ".join(f"w{i}" for i in range(199)) + " other")
    >>> bin(a ^ b).count("1") <= 7
    True
    """
    return simhash_words(text.split())


def distance(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def blocks(value: int) -> list[int]:
    """The four 16-bit blocks of a 64-bit value, lowest first."""
    return [value >> (i * BLOCK_BITS) & BLOCK_MASK for i in range(BLOCKS)]


class NearDuplicateIndex:
    """Simhashes in flat arrays, to find an article whose text nearly equals a new one.

    About 32 bytes per article (its value, its id, one link per block) plus 1 MB of
    bucket heads; ids that are not plain decimal numbers are kept aside as strings.
    Each block's buckets are chains: ``heads[b][block value]`` is the newest entry with
    that block value and ``links[b][entry]`` the one before it (-1 ends a chain).
    """

    def __init__(self) -> None:
        self.values = array("Q")
        self.ids = array("q")  # the id as a number, or -1 with the text in other_ids
        self.other_ids: dict[int, str] = {}
        self.heads = [array("i", [-1]) * (1 << BLOCK_BITS) for _ in range(BLOCKS)]
        self.links = [array("i") for _ in range(BLOCKS)]

    def __len__(self) -> int:
        return len(self.values)

    def add(self, article_id: str, value: int) -> None:
        if not value:
            return
        entry = len(self.values)
        self.values.append(value)
        number = decimal_id(article_id)
        self.ids.append(-1 if number is None else number)
        if number is None:
            self.other_ids[entry] = article_id
        for heads, links, key in zip(self.heads, self.links, blocks(value), strict=True):
            links.append(heads[key])
            heads[key] = entry

    def article_id(self, entry: int) -> str:
        number = self.ids[entry]
        return self.other_ids[entry] if number < 0 else str(number)

    def find(self, article_id: str, value: int) -> str | None:
        """The id of another article within ``MAX_DISTANCE`` bits, or None.

        The nearest one; among equally near ones the smallest id as text.
        """
        if not value:
            return None
        best: tuple[int, str] | None = None
        values = self.values
        for heads, links, key in zip(self.heads, self.links, blocks(value), strict=True):
            for probe in (key, *(key ^ (1 << bit) for bit in range(BLOCK_BITS))):
                entry = heads[probe]
                while entry >= 0:
                    d = (values[entry] ^ value).bit_count()
                    if d <= MAX_DISTANCE:
                        other_id = self.article_id(entry)
                        if other_id != article_id and (best is None or (d, other_id) < best):
                            best = (d, other_id)
                    entry = links[entry]
        return best[1] if best else None
