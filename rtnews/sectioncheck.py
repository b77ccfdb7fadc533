"""A ``sections`` value the site does not have fails the run instead of crawling nothing.

``-a sections=middle-east`` (the slug is ``middle_east``) used to be a quiet,
successful run with no article. ``MissingSections`` (a spider middleware placed before
``HttpErrorMiddleware``) watches the index pages of the sections the argument names:
one that answers 404 is logged as one ERROR line naming the value, and the crawl stops
with the finish reason ``bad_argument`` (exit status 3).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from scrapy.utils.defer import deferred_from_coro

from rtnews import outcome

logger = logging.getLogger(__name__)
BAD_ARGUMENT = "bad_argument"


def section_pages(base: str, sections: Any) -> dict[str, str]:
    """Index page URL → section, for the sections named by the ``sections`` argument.

    >>> section_pages("http://127.0.0.1:8000", frozenset({"sport"}))
    {'http://127.0.0.1:8000/sport/': 'sport'}
    """
    return {f"{base.rstrip('/')}/{section}/": section for section in sorted(sections or ())}


class MissingSections:
    """Spider middleware: a 404 section index page of the ``sections`` argument stops the run."""

    def __init__(self, crawler: Any, close: Callable[[str], Any] | None = None) -> None:
        self.crawler = crawler
        self.pages: dict[str, str] | None = None
        # Closed through the engine: an exception would go to the page's errback instead.
        self.close = close or (lambda reason: deferred_from_coro(
            crawler.engine.close_spider_async(reason=reason)))

    @classmethod
    def from_crawler(cls, crawler: Any) -> MissingSections:
        return cls(crawler)

    def watched(self) -> dict[str, str]:
        if self.pages is None:
            spider = self.crawler.spider
            options = getattr(spider, "options", None)
            self.pages = section_pages(getattr(spider, "base", ""), getattr(options, "sections", None))
        return self.pages

    def process_spider_input(self, response: Any) -> None:
        if response.status != 404 or not self.watched():
            return
        first = (response.meta.get("redirect_urls") or [response.url])[0]
        section = self.watched().get(first)
        if section is None:
            return
        message = (f"bad spider argument sections: the site has no section {section!r}"
                   f" ({first} answers 404)")
        logger.error("%s; stopping the crawl (finish reason %s)", message, BAD_ARGUMENT)
        outcome.note(self.crawler, message)
        self.close(BAD_ARGUMENT)
