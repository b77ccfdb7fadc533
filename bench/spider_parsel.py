"""Benchmark run (b): seeded with the article URLs, title and paragraphs with parsel (-O *.jsonl)."""

from __future__ import annotations

from typing import Any

from seeded import SeededSpider


class ParselSpider(SeededSpider):
    name = "bench_parsel"

    def parse(self, response: Any, **kwargs: Any) -> Any:
        yield {
            "url": response.url,
            "title": (response.css("h1::text").get() or "").strip(),
            "paragraphs": [p.xpath("normalize-space()").get()
                           for p in response.css("div.text p")],
        }
