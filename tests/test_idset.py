"""IdSet: a compact set of article ids that behaves like a set of strings."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rtnews.idset import IdSet, decimal_id


@pytest.mark.parametrize(("text", "number"), [
    ("1772101", 1772101), ("0", 0), ("7", 7), ("0012", None), ("", None), ("12a", None),
    ("-5", None), (" 5", None), ("١٢٣", None), ("²", None), ("9" * 18, 10**18 - 1), ("1" + "0" * 18, None),
])
def test_decimal_id_only_for_ids_that_print_back_the_same(text: str, number: int | None) -> None:
    assert decimal_id(text) == number


def test_dense_ids_take_one_bit_each() -> None:
    ids = [str(i) for i in range(1_700_000, 1_800_000)]
    found = IdSet(ids)
    assert len(found) == 100_000 and "1750000" in found and "1699999" not in found
    assert len(found.bits) < 1_800_000 // 8 * 1.2 and not found.others
    assert found.memory_bytes() < 300_000  # a set of these strings: about 9 MB


def test_other_ids_fall_back_to_a_plain_set() -> None:
    found = IdSet(["0012", "abc", str(10**12), "12", "١٢"], bitmap_limit=1 << 20)
    assert {"0012", "abc", str(10**12), "12", "١٢"} == set(found)
    assert "12" in found and "012" not in found and "1000000000000" in found
    assert found.others == {"0012", "abc", str(10**12), "١٢"}
    assert 12 not in found and None not in found  # type: ignore[comparison-overlap]


def test_add_discard_and_len_count_each_id_once() -> None:
    found = IdSet()
    for article_id in ("5", "5", "x", "x", "1000"):
        found.add(article_id)
    assert len(found) == 3
    found.discard("5")
    found.discard("5")
    found.discard("never")
    found.discard("123456789")  # beyond the bitmap so far
    assert len(found) == 2 and list(found) == ["1000", "x"]


def test_iteration_gives_numbers_ascending_then_the_others() -> None:
    found = IdSet(["300", "b", "8", "7", "1800000", "0"])
    assert list(found)[:5] == ["0", "7", "8", "300", "1800000"] and list(found)[5] == "b"


def test_set_operators_work_with_plain_sets() -> None:
    known = IdSet(["1", "2", "3", "abc"])
    assert known - {"2"} == {"1", "3", "abc"}
    assert {"3", "4", "abc"} & known == {"3", "abc"}
    assert len({"3", "9"} & known) == 1
    assert known | {"9"} == {"1", "2", "3", "9", "abc"}
    assert known == {"1", "2", "3", "abc"} and known != {"1"}
    assert known.isdisjoint({"7"})
    known.update(["9", "10"])
    known -= {"1"}
    assert sorted(known) == ["10", "2", "3", "9", "abc"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(
    st.integers(0, 5000).map(str), st.integers(0, 10**20).map(str),
    st.text(alphabet="0123456789ab١ ", max_size=6)), max_size=60), st.data())
def test_behaves_like_a_set_of_strings(ids: list[str], data: st.DataObject) -> None:
    mine, reference = IdSet(bitmap_limit=4096), set()
    for article_id in ids:
        if data.draw(st.booleans()):
            mine.add(article_id)
            reference.add(article_id)
        else:
            mine.discard(article_id)
            reference.discard(article_id)
        assert (article_id in mine) == (article_id in reference)
    assert len(mine) == len(reference) and set(mine) == reference and len(list(mine)) == len(reference)


def test_many_random_ids_agree_with_a_set() -> None:
    rng = random.Random(3)
    ids = [str(rng.randint(1, 2_000_000)) for _ in range(20_000)]
    found, reference = IdSet(ids), set(ids)
    probes = [str(rng.randint(1, 2_000_000)) for _ in range(20_000)]
    assert [p in found for p in probes] == [p in reference for p in probes]
    assert sorted(found, key=int) == sorted(reference, key=int)
