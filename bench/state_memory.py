"""Memory of the crawl's per-article state structures, compact against plain Python ones.

``python bench/state_memory.py [--articles 1700000] [--index-entries 200000]`` prints
what tracemalloc counts for:

- the known / requested article ids: a ``set`` of id strings against ``rtnews.idset.IdSet``,
  for ``--articles`` ids drawn from the top of the id range (as on arabic.rt.com);
- the near-duplicate index: the first one (8 bands of 8 bits, a list of ``(id, value)``
  tuples per band value, as of commit 1756567) against ``rtnews.fingerprint.
  NearDuplicateIndex``, for ``--index-entries`` random simhashes, scaled to ``--articles``;
  with the CPU time of one look-up in each.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rtnews.fingerprint import NearDuplicateIndex
from rtnews.idset import IdSet


class FirstIndex:
    """The near-duplicate index before issue 13: 8 bands of 8 bits, tuples in lists."""

    def __init__(self) -> None:
        self.by_band: dict[tuple[int, int], list[tuple[str, int]]] = defaultdict(list)

    def add(self, article_id: str, value: int) -> None:
        if value:
            for i in range(8):
                self.by_band[(i, value >> (8 * i) & 255)].append((article_id, value))

    def find(self, article_id: str, value: int) -> str | None:
        best: tuple[int, str] | None = None
        for i in range(8):
            for other_id, other in self.by_band.get((i, value >> (8 * i) & 255), ()):
                d = (value ^ other).bit_count()
                if other_id != article_id and d <= 7 and (best is None or (d, other_id) < best):
                    best = (d, other_id)
        return best[1] if best else None


def allocated(build: Callable[[], Any]) -> tuple[int, Any]:
    """Bytes tracemalloc sees held by what ``build`` returns (its inputs made beforehand)."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    made = build()
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return after - before, made


def ids_table(count: int) -> list[str]:
    rng = random.Random(5)
    top = 1_800_000
    ids = [str(i) for i in rng.sample(range(top - int(count * 1.06), top), count)]
    strings, _ = allocated(lambda: [str(i) for i in range(count)])  # the id strings themselves
    plain, _ = allocated(lambda: set(ids))
    plain_with_strings, _ = allocated(lambda: {str(int(i)) for i in ids})
    compact, made = allocated(lambda: IdSet(ids))
    assert len(made) == count
    return [
        f"ids ({count:,} article ids below 1,800,000):",
        f"   set of id strings (the strings shared)   {plain / 1e6:8.1f} MB  {plain / count:6.1f} B/id",
        f"   set of id strings (strings its own)      {plain_with_strings / 1e6:8.1f} MB  "
        f"{plain_with_strings / count:6.1f} B/id",
        f"   IdSet                                    {compact / 1e6:8.3f} MB  {compact / count:6.3f} B/id",
        f"   (the {count:,} strings alone: {strings / 1e6:.1f} MB)",
    ]


def index_table(entries: int, articles: int) -> list[str]:
    rng = random.Random(9)
    values = [rng.getrandbits(64) for _ in range(entries)]
    ids = [str(1_000_000 + i) for i in range(entries)]
    queries = [v ^ (1 << rng.randrange(64)) for v in rng.sample(values, 200)]
    out = [f"near-duplicate index ({entries:,} random simhashes; scaled to {articles:,}):"]
    for label, make in (("first index (8 bands, tuples)", FirstIndex),
                        ("NearDuplicateIndex (arrays)", NearDuplicateIndex)):
        def build(make: Callable[[], Any] = make) -> Any:
            index = make()
            for article_id, value in zip(ids, values, strict=True):
                index.add(article_id, value)
            return index
        size, index = allocated(build)
        start = time.process_time()
        for n, value in enumerate(queries):
            index.find(str(n), value)
        lookup_ms = 1000 * (time.process_time() - start) / len(queries)
        out.append(f"   {label:<38}   {size / 1e6:8.1f} MB  {size / entries:6.1f} B/article  "
                   f"-> {size / entries * articles / 1e6:7.1f} MB at {articles:,}; "
                   f"look-up {lookup_ms:.3f} ms at {entries:,}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_700_000)
    parser.add_argument("--index-entries", type=int, default=200_000)
    args = parser.parse_args(argv)
    print("\n".join(ids_table(args.articles)))
    print("\n".join(index_table(args.index_entries, args.articles)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
