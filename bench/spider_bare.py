"""Benchmark run (a): bare Scrapy seeded with the article URLs, doing nothing per page."""

from __future__ import annotations

from typing import Any

from seeded import SeededSpider


class BareSpider(SeededSpider):
    name = "bench_bare"

    def parse(self, response: Any, **kwargs: Any) -> None:
        return None
