"""The start gate: a run that cannot start closes before its first request, and says why.

Components that check the run when the spider opens (``rtnews.lock``: another crawl
holds the state; ``rtnews.crawlstate``: the state file or the data directory cannot be
used) call ``rtnews.outcome.stop(crawler, reason, text)`` instead of raising
``CloseSpider`` from the ``spider_opened`` signal: a spider closed from there never gets
``engine_stopped``, so the run report would not be written nor the lock released in
order. ``StartGate`` (a spider middleware) wraps the spider's start: before the spider's
first start request is even made, it raises ``CloseSpider(reason)``, which Scrapy handles
like a spider closing itself.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from scrapy.exceptions import CloseSpider

from rtnews.outcome import stop_reason


class StartGate:
    """Spider middleware closing the crawl before its first request when a stop was asked."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> StartGate:
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        reason = stop_reason(self.crawler)
        if reason:
            raise CloseSpider(reason)
        async for item_or_request in start:
            yield item_or_request
