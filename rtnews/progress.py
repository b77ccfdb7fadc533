"""Progress of a long crawl: one INFO line a minute (``RTNEWS_PROGRESS_INTERVAL`` seconds).

    Progress: 1204 articles exported, 12 failed, 3310 article requests queued; 118 pages/min

A downloader middleware, because it must see each request leave the scheduler: article
requests queued = those scheduled − those the duplicate filter dropped − those handed
to the downloader (this middleware runs first, before robots.txt or anything else can
drop them). Articles exported and failed come from the stats
(``rtnews/exported/articles``, ``rtnews/articles/failed/<reason>``).
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from scrapy import signals
from twisted.internet import task

from rtnews.urls import UrlKind, classify_url

logger = logging.getLogger(__name__)


def is_article(url: str) -> bool:
    """Whether a URL is an article page (on any host: the crawl keeps to its own)."""
    return classify_url(url, hosts=[urlsplit(url).netloc]).kind is UrlKind.ARTICLE


def failed_articles(stats: dict[str, Any]) -> int:
    return sum(v for k, v in stats.items()
               if k.startswith("rtnews/articles/failed/") and isinstance(v, int))


class Progress:
    """Downloader middleware logging the crawl's progress (see module docstring)."""

    def __init__(self, stats: Any, interval: float) -> None:
        self.stats = stats
        self.interval = interval
        self.queued = 0
        self.pages = 0  # response_received_count at the last line
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> Progress:
        mw = cls(crawler.stats, crawler.settings.getfloat("RTNEWS_PROGRESS_INTERVAL", 60.0))
        if mw.interval > 0:
            crawler.signals.connect(mw.request_scheduled, signal=signals.request_scheduled)
            crawler.signals.connect(mw.request_dropped, signal=signals.request_dropped)
            crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
            crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def request_scheduled(self, request: Any) -> None:
        if is_article(request.url):
            self.queued += 1

    def request_dropped(self, request: Any) -> None:
        if is_article(request.url):
            self.queued -= 1

    def process_request(self, request: Any) -> None:
        if self.interval > 0 and is_article(request.url):
            self.queued -= 1

    def spider_opened(self) -> None:
        self.loop = task.LoopingCall(self.log)
        self.loop.start(self.interval, now=False)

    def spider_closed(self) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()

    def line(self) -> str:
        stats = self.stats.get_stats()
        pages = int(stats.get("response_received_count", 0))
        per_minute = (pages - self.pages) * 60 / self.interval
        self.pages = pages
        return (f"Progress: {stats.get('rtnews/exported/articles', 0)} articles exported,"
                f" {failed_articles(stats)} failed, {max(self.queued, 0)} article requests queued;"
                f" {per_minute:.0f} pages/min")

    def log(self) -> None:
        logger.info(self.line())
