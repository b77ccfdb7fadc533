"""Every lost article on record: article pages Scrapy would drop quietly become failed articles.

Scrapy drops some requests without calling their errback, so the spider never hears of
the loss and the next run tries (and loses) the article again. ``ArticleLosses`` (a
spider middleware) records each as a failed article, like an HTTP error: a WARNING line,
the counter ``rtnews/articles/failed/<reason>`` (in the run report's failed share) and a
failure in the state (retried later, not every run):

- ``url_too_long``: an article URL longer than ``URLLENGTH_LIMIT`` (2,083), which
  ``UrlLengthMiddleware`` would drop with an INFO line;
- ``redirect_loop``: an article request redirected back to a URL of its own redirect
  chain, which the duplicate filter drops at DEBUG;
- ``extract_error``: an exception raised while extracting an article page (the
  traceback is still logged by Scrapy).
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import CloseSpider, IgnoreRequest
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware
from scrapy.spidermiddlewares.httperror import HttpError

from rtnews.crawlstate import CrawlState
from rtnews.progress import is_article
from rtnews.urls import classify_url

logger = logging.getLogger(__name__)
SHOWN = 200  # characters of a URL shown in the log
NOT_EXTRACTION = (CloseSpider, HttpError, IgnoreRequest)  # not errors of extracting a page


def shown(url: str) -> str:
    """A URL for a log line, cut when very long."""
    return url if len(url) <= SHOWN else f"{url[:SHOWN]}… ({len(url)} characters)"


class ArticleLosses(BaseSpiderMiddleware):
    """Spider middleware recording article pages that would be lost silently."""

    def __init__(self, crawler: Any, max_url_length: int = 2083) -> None:
        super().__init__(crawler)
        self.max_url_length = max_url_length

    @classmethod
    def from_crawler(cls, crawler: Any) -> ArticleLosses:
        mw = cls(crawler, crawler.settings.getint("URLLENGTH_LIMIT", 2083))
        crawler.signals.connect(mw.request_dropped, signal=signals.request_dropped)
        return mw

    def record(self, url: str, reason: str) -> None:
        self.crawler.stats.inc_value(f"rtnews/articles/failed/{reason}")
        logger.warning("Article lost: %s (%s)", shown(url), reason)
        article_id = classify_url(url, hosts=[urlsplit(url).netloc]).article_id
        state = self.crawler.get_extension(CrawlState)
        if article_id and state is not None and state.store is not None:
            state.failed(article_id, reason)

    def get_processed_request(self, request: Any, response: Any) -> Any:
        if 0 < self.max_url_length < len(request.url) and is_article(request.url):
            self.record(request.url, "url_too_long")
            return None
        return request

    def process_spider_exception(self, response: Any, exception: Exception) -> None:
        if not isinstance(exception, NOT_EXTRACTION) and is_article(response.url):
            self.record(response.url, "extract_error")

    def request_dropped(self, request: Any) -> None:
        chain = request.meta.get("redirect_urls") or []
        if request.url in chain and is_article(chain[0]):
            self.record(chain[0], "redirect_loop")
