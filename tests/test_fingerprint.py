"""Simhash fingerprints and the near-duplicate index."""

from __future__ import annotations

import random

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
