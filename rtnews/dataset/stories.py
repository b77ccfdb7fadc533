"""One row per story, from every run's story records.

Every run exports every story it saw again, so the release folds them: the newest
record gives each field (title, the «N خبر» figure, URL …), except ``first_seen_at``
(the earliest of all records), ``last_seen_at`` (the latest) and ``article_ids`` (the
union of every id ever listed, newest sighting first). ``articles_in_release`` counts
those ids that are articles of the release.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import groupby
from typing import Any

import pyarrow as pa

from rtnews.dataset.schema import item_schema
from rtnews.items import Story

IN_RELEASE = "articles_in_release"
IN_RELEASE_DOC = ("How many of ``article_ids`` are articles of this release (computed by "
                  "``rtnews dataset build``).")


def story_schema() -> pa.Schema:
    return item_schema(Story).append(pa.field(IN_RELEASE, pa.int64(), nullable=False))


def fold(records: list[dict[str, Any]]) -> dict[str, Any]:
    """One story from its records, newest first.

    >>> new = {"title": "ب", "article_ids": ["3", "2"], "first_seen_at": "t2", "last_seen_at": "t3"}
    >>> old = {"title": "أ", "article_ids": ["2", "1"], "first_seen_at": "t1", "last_seen_at": "t2"}
    >>> s = fold([new, old]); s["title"], s["article_ids"], s["first_seen_at"], s["last_seen_at"]
    ('ب', ['3', '2', '1'], 't1', 't3')
    """
    story = dict(records[0])
    ids: dict[str, None] = {}
    for record in records:
        ids.update(dict.fromkeys(record.get("article_ids") or []))
    story["article_ids"] = list(ids)
    firsts = [r["first_seen_at"] for r in records if r.get("first_seen_at") is not None]
    lasts = [r["last_seen_at"] for r in records if r.get("last_seen_at") is not None]
    story["first_seen_at"] = min(firsts) if firsts else None
    story["last_seen_at"] = max(lasts) if lasts else None
    return story


def folded_stories(records: Iterable[tuple[str, dict[str, Any]]],
                   present: Callable[[list[str]], int]) -> Iterator[dict[str, Any]]:
    """Stories from ``(story_id, row)`` pairs grouped by id, newest first within a story."""
    for _, group in groupby(records, key=lambda pair: pair[0]):
        story = fold([row for _, row in group])
        story[IN_RELEASE] = present(story["article_ids"])
        yield story
