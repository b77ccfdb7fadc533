"""Simhash fingerprints and the near-duplicate index."""

from __future__ import annotations

import hashlib
import random
from collections import defaultdict

from rtnews.fingerprint import NearDuplicateIndex, distance, simhash

WORDS = [f"كلمة{i}" for i in range(500)]


def text(seed: int, n: int = 300) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(n))


def test_one_changed_word_keeps_the_fingerprint_close() -> None:
    base = text(1).split()
    edited = [*base[:75], "مختلفة", *base[76:]]
    assert distance(simhash(" ".join(base)), simhash(" ".join(edited))) <= 7


def test_different_texts_are_far_apart() -> None:
    assert distance(simhash(text(1)), simhash(text(2))) > 15


def test_index_finds_the_near_duplicate_but_not_itself() -> None:
    index = NearDuplicateIndex()
    original = text(3)
    index.add("100", simhash(original))
    index.add("200", simhash(text(4)))
    copy = original.replace(original.split()[10], "تعديل", 1)
    assert index.find("300", simhash(copy)) == "100"
    assert index.find("100", simhash(original)) is None
    assert index.find("300", simhash(text(5))) is None
    assert index.find("300", 0) is None


# --- the fast simhash and the compact index against the first implementation -------------

def reference_simhash(text: str) -> int:
    words = text.split()
    grams = ([" ".join(words[i:i + 3]) for i in range(len(words) - 2)] if len(words) >= 3
             else [" ".join(words)] if words else [])
    if not grams:
        return 0
    digests = [hashlib.blake2b(g.encode(), digest_size=8).digest() for g in grams]
    value = 0
    for bit in range(64):
        byte, offset = 7 - bit // 8, bit % 8
        if sum(d[byte] >> offset & 1 for d in digests) > len(grams) / 2:
            value |= 1 << bit
    return value


class ReferenceIndex:
    """The first index: 8 bands of 8 bits, a list of (id, value) per band value."""

    def __init__(self) -> None:
        self.by_band: dict[tuple[int, int], list[tuple[str, int]]] = defaultdict(list)

    def add(self, article_id: str, value: int) -> None:
        if value:
            for i in range(8):
                self.by_band[(i, value >> (8 * i) & 255)].append((article_id, value))

    def find(self, article_id: str, value: int) -> str | None:
        best: tuple[int, str] | None = None
        for i in range(8) if value else ():
            for other_id, other in self.by_band.get((i, value >> (8 * i) & 255), ()):
                d = distance(value, other)
                if other_id != article_id and d <= 7 and (best is None or (d, other_id) < best):
                    best = (d, other_id)
        return best[1] if best else None


def random_words(rng: random.Random, n: int) -> str:
    spaces = [" ", " ", " ", "\n\n", "\t", "\u00a0"]
    return "".join(rng.choice([*WORDS, "a", "ب", "😀", "x" * 30]) + rng.choice(spaces) for _ in range(n))


def test_simhash_equals_the_first_implementation_on_random_texts() -> None:
    rng = random.Random(13)
    for n in [0, 1, 2, 3, 4, 5, 39, 40, 41, *(rng.randint(1, 900) for _ in range(60))]:
        sample = random_words(rng, n)
        assert simhash(sample) == reference_simhash(sample), n


def flipped(rng: random.Random, value: int, bits: int) -> int:
    for bit in rng.sample(range(64), bits):
        value ^= 1 << bit
    return value


def test_index_finds_what_the_first_index_found_on_random_data() -> None:
    rng = random.Random(7)
    new, old = NearDuplicateIndex(), ReferenceIndex()
    stored, found, added = [rng.getrandbits(64)], 0, 0
    ids = [str(i) for i in range(1, 60)] + ["0012", "abc", "x-1", str(10**20), "99", "100"]
    for _ in range(3000):
        # Clusters of close values, repeated values under several ids, unrelated ones, zero.
        if rng.random() < 0.6:
            value = flipped(rng, rng.choice(stored), rng.randint(0, 10))
        else:
            value = rng.getrandbits(64) if rng.random() < 0.95 else 0
        article_id = rng.choice(ids) if rng.random() < 0.3 else str(rng.randint(1, 2_000_000))
        expected = old.find(article_id, value)
        assert new.find(article_id, value) == expected, (article_id, value)
        found += expected is not None
        new.add(article_id, value)
        old.add(article_id, value)
        stored.append(value or stored[0])
        added += bool(value)
    assert len(new) == added and found > 1000  # most look-ups had a near value to find


def test_index_ties_go_to_the_smallest_id_as_text() -> None:
    index = NearDuplicateIndex()
    value = simhash(text(8))
    for article_id in ("99", "100", "abc"):
        index.add(article_id, value)
    assert index.find("1", value) == "100"
    assert index.find("100", value ^ 1) == "99"
