"""Shared part of the benchmark's seeded spiders: article URLs from a file, stats to a file.

Not a spider module itself (``scrapy runspider`` takes spiders from the file it is
given, and only classes defined there).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import scrapy


class SeededSpider(scrapy.Spider):
    """Requests every URL of ``-a urls=FILE`` (one a line); writes stats to ``-a stats=FILE``."""

    urls: str = ""
    stats: str = ""

    async def start(self) -> AsyncIterator[scrapy.Request]:
        with open(self.urls, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield scrapy.Request(line.strip(), self.parse)

    def closed(self, reason: str) -> None:
        if self.stats:
            found = dict(self.crawler.stats.get_stats())
            found["finish_reason"] = reason
            with open(self.stats, "w", encoding="utf-8") as f:
                json.dump({"stats": found}, f, default=str, indent=1, sort_keys=True)

    def parse(self, response: Any, **kwargs: Any) -> Any:
        raise NotImplementedError
