"""Story membership as one crawl learns it: landing pages, listings and article links.

A story's articles come from three places (rt-site.md §3): the ``.heading`` links of its
landing page ``/focuses/<number>-<slug>/``, its "load more" listings (only where
robots.txt allows them; the real site is assumed to disallow ``/listing/``) and every
article page's own links to its stories. ``StoryBook`` collects all three during a
crawl, free of Scrapy; the spider hands out one ``Story`` per landing page it read once
the crawl is otherwise done, so article links found late still count. Membership from
earlier runs is added by the crawl state (``rtnews.crawlstate``): a story's
``article_ids`` is the union of everything seen, in every run.
"""

from __future__ import annotations

import dataclasses
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field

from rtnews.idset import decimal_id
from rtnews.items import Story


@dataclass
class StoryRecord:
    """What this run saw of one story."""

    story: Story | None = None
    """The story as its landing page gave it; None while only article links named it."""
    listed: dict[str, None] = field(default_factory=dict)
    """Ids its landing and listing pages gave, in listing order."""
    linked_numbers: array[int] = field(default_factory=lambda: array("q"))
    """Decimal ids of articles whose pages link to the story, as 8-byte numbers: a
    backfill reads each of 1.7 million articles once, and most link a story or two."""
    linked_others: list[str] = field(default_factory=list)
    """Any other ids of such articles (``"0012"``, ``"abc"``)."""
    title_hint: str = ""
    """The story's name as an article's link gives it."""

    def link(self, article_id: str) -> None:
        number = decimal_id(article_id)
        if number is not None:
            self.linked_numbers.append(number)
        else:
            self.linked_others.append(article_id)

    @property
    def linked(self) -> set[str]:
        """Ids of articles whose pages link to the story."""
        return {str(n) for n in self.linked_numbers} | set(self.linked_others)

    def article_ids(self) -> list[str]:
        """Listed ids first (the site's order), then ids known only from article links,
        highest id first: the order pages are read in differs from crawl to crawl, and
        two crawls of one site must give the same story."""
        extra = [i for i in self.linked if i not in self.listed]
        return list(self.listed) + sorted(extra, key=id_order)


def id_order(article_id: str) -> tuple[int, int, str]:
    """Sort key: decimal ids by value, highest first; anything else after them."""
    return (0, -int(article_id), "") if article_id.isdigit() else (1, 0, article_id)


class StoryBook:
    """Collects story membership during one crawl (see module docstring)."""

    def __init__(self) -> None:
        self.records: dict[str, StoryRecord] = {}

    def record(self, story_id: str) -> StoryRecord:
        return self.records.setdefault(story_id, StoryRecord())

    def landing(self, story: Story) -> None:
        """A landing page was read: keep the story and the ids it lists."""
        record = self.record(story.story_id)
        record.story = story
        self.listed(story.story_id, story.article_ids)

    def listed(self, story_id: str, article_ids: Iterable[str]) -> None:
        record = self.record(story_id)
        for article_id in article_ids:
            record.listed.setdefault(article_id)

    def linked(self, article_id: str, story_ids: Iterable[str], titles: dict[str, str] | None = None,
               ) -> None:
        """An article page links to these stories."""
        for story_id in story_ids:
            record = self.record(story_id)
            record.link(article_id)
            if titles and titles.get(story_id) and not record.title_hint:
                record.title_hint = titles[story_id]

    def stories(self) -> list[Story]:
        """One ``Story`` per landing page read, with every id this run saw, by story id."""
        return [
            dataclasses.replace(r.story, article_ids=r.article_ids())
            for _, r in sorted(self.records.items())
            if r.story is not None
        ]

    def listed_count(self, story_id: str) -> int:
        record = self.records.get(story_id)
        return len(record.listed) if record else 0
