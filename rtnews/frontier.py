"""The backlog of a big crawl: sitemap parts and their article links, fed to Scrapy as it drains.

A full backfill meets about 1.7 million article URLs in the yearly sitemap parts. Turned
into requests up front they would all sit in Scrapy's scheduler (a few KB each) for the
days the crawl takes. ``Frontier`` keeps them out of it instead: the parts still to read
(URLs only), and the links of the part being read, as plain tuples; the spider asks it
how many article requests it may add whenever one finishes, so the scheduler holds at
most about ``high`` article requests and memory stays flat whatever the site's size.
The next part is fetched only when the current one's links are used up. Parts are read
newest first and each part's links highest id first (ids roughly follow time), so a
daily run meets new articles first. Free of Scrapy: the spider turns links into requests.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from rtnews.idset import IdSet
from rtnews.pages.feeds import Entry

_PART = re.compile(r"sitemap_(?P<year>\d{4})(?:_(?P<n>\d+))?\.xml")
_ID = re.compile(r"/(?P<id>[1-9][0-9]*)-")


def part_order(url: str) -> tuple[int, int]:
    """Sort key of a sitemap part, newest first: (-year, -number); unknown shapes last.

    >>> sorted(["s/sitemap_2023.xml", "s/sitemap_2024_2.xml", "s/sitemap_2024.xml", "s/x.xml"],
    ...        key=part_order)
    ['s/sitemap_2024_2.xml', 's/sitemap_2024.xml', 's/sitemap_2023.xml', 's/x.xml']
    """
    match = _PART.search(url)
    if not match:
        return (1, 0)
    return (-int(match["year"]), -int(match["n"] or 1))


class Link(NamedTuple):
    """An article link waiting for its request, with what is known of its date."""

    url: str
    date: str | None = None
    """A publication date (feed, news sitemap), if the link came with one."""
    source: str = "sitemap"
    """Where the date came from: ``feed`` or ``sitemap``."""
    modified: str | None = None
    """A sitemap ``lastmod``."""


def link_order(link: Link) -> int:
    """Sort key of a part's link: highest article id first (links without one last)."""
    match = _ID.search(link.url)
    return -int(match["id"]) if match else 1


@dataclass
class Frontier:
    """Sitemap parts to read and article links to request, released in bounded batches."""

    low: int = 256
    """Refill when fewer article requests than this are outstanding."""
    high: int = 1024
    """…up to this many."""

    def __post_init__(self) -> None:
        self.parts: deque[str] = deque()
        self.links: deque[Link] = deque()
        self.parked: deque[Link] = deque()
        # Every id ever parked (a bitmap): once taken, a link is requested or decided, so
        # the spider never offers its id again and the set needs no clearing.
        self.parked_ids = IdSet()
        self.outstanding = 0
        self.most_outstanding = 0
        self.most_parked = 0
        self.part_in_flight = False

    def add_parts(self, urls: Iterable[str]) -> None:
        known = set(self.parts)
        self.parts.extend(u for u in sorted(urls, key=part_order) if u not in known)

    def add_links(self, entries: Iterable[Entry]) -> None:
        """A part's links, to be requested highest id first once the earlier ones are out."""
        self.links.extend(sorted((Link(e.url, e.published, "sitemap", e.lastmod) for e in entries),
                                 key=link_order))

    @property
    def full(self) -> bool:
        """No more article requests now: links found on pages wait (``park``)."""
        return self.outstanding >= self.high

    def park(self, article_id: str, link: Link) -> None:
        """A link found on a page while the scheduler is full: requested before the
        sitemap backlog once there is room (each article once a run: a link taken is
        requested, so the spider does not offer it again)."""
        if article_id not in self.parked_ids:
            self.parked_ids.add(article_id)
            self.parked.append(link)
            # Pages that link far back (old articles) park many: the figure tells.
            self.most_parked = max(self.most_parked, len(self.parked))

    def requested(self) -> None:
        self.outstanding += 1
        self.most_outstanding = max(self.most_outstanding, self.outstanding)

    def finished(self) -> None:
        self.outstanding = max(0, self.outstanding - 1)

    def room(self) -> int:
        """How many article requests may be added now (0 until the backlog runs low)."""
        return self.high - self.outstanding if self.outstanding < self.low else 0

    def take(self) -> Link | None:
        """The next link to request: links found on pages first (newest first), then the
        sitemap part's."""
        if self.parked:
            return self.parked.pop()
        return self.links.popleft() if self.links else None

    def next_part(self) -> str | None:
        """The next part to fetch, when the current links are used up and none is on its way."""
        if self.links or self.parked or self.part_in_flight or not self.parts:
            return None
        self.part_in_flight = True
        return self.parts.popleft()

    def part_done(self) -> None:
        """The part on its way arrived (or failed): the next one may be fetched."""
        self.part_in_flight = False

    @property
    def empty(self) -> bool:
        return not (self.parts or self.links or self.parked or self.part_in_flight)
