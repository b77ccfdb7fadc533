"""The main spider ``rt_arabic``: discovers RT Arabic articles and stories and extracts them.

Discovery: robots.txt sitemaps, the sitemap index and the news sitemap, the main and
section RSS feeds, the home and section pages, story landing pages and their
"load more" listings, tag pages and their listings. Only article and story links are
followed; every link is classified and canonicalized (AMP, short and alternate-host
forms become one URL) and checked against this run's requests before a request is
made. Extraction lives in the page objects (``rtnews.pages``); this class routes.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import CloseSpider
from scrapy.http import Response
from twisted.python.failure import Failure

from rtnews import urls
from rtnews.args import ArgumentError, CrawlOptions, crawl_options
from rtnews.crawlstate import CrawlState
from rtnews.dates import parse_any, to_iso
from rtnews.items import Article, Story
from rtnews.pages.article import ArticlePage
from rtnews.pages.feeds import Entry, rss_entries, sitemap_entries
from rtnews.pages.listing import ListingPage, StoryPage

logger = logging.getLogger(__name__)
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
SITEMAP_YEAR = re.compile(r"sitemap_(\d{4})(?:_\d+)?\.xml")
ARTICLE_PRIORITY = 10  # finish articles before wandering through more navigation


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class RtArabicSpider(scrapy.Spider):
    name = "rt_arabic"

    def __init__(self, options: CrawlOptions | None = None, argument_error: str | None = None,
                 *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options = options or CrawlOptions()
        self.argument_error = argument_error
        self.requested: set[str] = set()  # article ids and navigation URLs asked for
        self.article_requests = 0
        self.id_below_window = 0  # ids at or below were published before since
        self.id_above_window = 1 << 62  # ids at or above were published after until

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> RtArabicSpider:
        argument_error = None
        try:
            options = crawl_options({k: str(v) for k, v in kwargs.items()})
        except ArgumentError as exc:
            options, argument_error = CrawlOptions(), str(exc)
        settings = crawler.settings
        if options.base_url:
            settings.set("RTNEWS_BASE_URL", options.base_url, priority="spider")
        if options.refetch_days is not None:
            settings.set("RTNEWS_REFETCH_DAYS", options.refetch_days, priority="spider")
        base = settings.get("RTNEWS_BASE_URL")
        if settings.getbool("RTNEWS_LOCAL_FAST") and urlsplit(base).hostname in LOCAL_HOSTS:
            # A replica on this machine needs no politeness; explicit -s settings still win.
            for name, value in (("DOWNLOAD_DELAY", 0), ("AUTOTHROTTLE_ENABLED", False),
                                ("CONCURRENT_REQUESTS_PER_DOMAIN", 16),
                                ("CONCURRENT_REQUESTS", 16)):
                settings.set(name, value, priority="spider")
        spider = super().from_crawler(crawler, *args, options=options,
                                      argument_error=argument_error, **kwargs)
        spider.base = base.rstrip("/")
        spider.allowed_domains = [urlsplit(spider.base).hostname or ""]
        spider.sections = list(options.sections or settings.getlist("RTNEWS_SECTIONS"))
        spider.feed_sections = [s for s in settings.getlist("RTNEWS_FEED_SECTIONS")
                                if options.sections is None or s in options.sections]
        return spider

    base: str = urls.SITE
    state: CrawlState | None = None
    allowed_domains: list[str]
    sections: list[str]
    feed_sections: list[str]

    # --- start ----------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Any]:
        if self.argument_error:
            logger.error("rt_arabic: %s", self.argument_error)
            raise CloseSpider("bad_argument")
        self.state = self.crawler.get_extension(CrawlState)
        if self.state is not None:
            self.state.open()
        if self.options.urls:
            for url in self.options.urls:
                request = self.article_request(url, priority=ARTICLE_PRIORITY)
                if request is not None:
                    yield request
            return
        for request in self.start_requests_list():
            yield request

    def start_requests_list(self) -> Iterator[scrapy.Request]:
        base = self.base
        yield scrapy.Request(f"{base}/robots.txt", self.parse_robots, dont_filter=True,
                             meta={"dont_obey_robotstxt": True}, priority=20)
        for path in ("/sitemap.xml", "/newssitemap.xml"):
            yield scrapy.Request(base + path, self.parse_sitemap, priority=15)
        yield scrapy.Request(f"{base}/rss/", self.parse_feed, priority=15)
        for section in self.feed_sections:
            yield scrapy.Request(f"{base}/rss/{section}/", self.parse_feed, priority=15)
        if self.options.sections is None:
            yield scrapy.Request(f"{base}/", self.parse_listing)
        for section in self.sections:
            yield scrapy.Request(f"{base}/{section}/", self.parse_listing)
        for tag in self.options.tags:
            yield scrapy.Request(f"{base}/tags/{tag}/", self.parse_listing)

    # --- link policy ----------------------------------------------------------------
    def classify(self, url: str) -> urls.UrlInfo:
        return urls.classify_url(url, hosts=self.hosts)

    @cached_property
    def hosts(self) -> frozenset[str]:
        return frozenset({urlsplit(self.base).netloc})

    def wanted_section(self, info: urls.UrlInfo) -> bool:
        return (self.options.sections is None or info.section is None
                or info.section in self.options.sections)

    def in_window(self, raw_date: str | None, article_id: str | None = None) -> bool:
        """False only when the article is known to lie outside since/until.

        A dated link decides by its date and teaches the id bounds: article ids grow
        with publication time site-wide, so an undated link whose id is at or below an
        id published before ``since`` (or at or above one published after ``until``)
        is outside the window too.
        """
        since, until = self.options.since, self.options.until
        if not (since or until):
            return True
        parsed = parse_any(raw_date) if raw_date else None
        number = int(article_id) if article_id else None
        if parsed is None:
            return number is None or not (
                number <= self.id_below_window or number >= self.id_above_window)
        before, after = bool(since and parsed < since), bool(until and parsed > until)
        if number is not None and before:
            self.id_below_window = max(self.id_below_window, number)
        if number is not None and after:
            self.id_above_window = min(self.id_above_window, number)
        return not (before or after)

    def article_request(self, url: str, date_hint: str | None = None,
                        hint_source: str = "feed", priority: int = ARTICLE_PRIORITY,
                        ) -> scrapy.Request | None:
        """A request for an article link, or None when it is not to be fetched."""
        stats = self.crawler.stats
        info = self.classify(urls.rebase(url, self.base))
        if info.kind is not urls.UrlKind.ARTICLE or not info.article_id:
            return None
        if info.article_id in self.requested:
            stats.inc_value("rtnews/links/duplicate")
            return None
        if self.state is not None and self.state.should_skip(info.article_id):
            self.requested.add(info.article_id)  # decided once per run
            stats.inc_value("rtnews/links/skipped/known")
            return None
        if not self.wanted_section(info):
            stats.inc_value("rtnews/links/skipped/section")
            return None
        if not self.in_window(date_hint, info.article_id):
            stats.inc_value("rtnews/links/skipped/out_of_window")
            return None
        if self.options.max_articles and self.article_requests >= self.options.max_articles:
            stats.inc_value("rtnews/links/skipped/max_articles")
            return None
        target = urls.canonical_article_url(url, self.base)
        if target is None:
            return None
        self.requested.add(info.article_id)
        self.article_requests += 1
        stats.inc_value("rtnews/links/article")
        meta = {"date_hint": date_hint, "date_hint_source": hint_source}
        return scrapy.Request(target, self.parse_article, errback=self.article_failed,
                              meta=meta, priority=priority)

    def follow_articles(self, links: Iterable[str], **hint: Any) -> Iterator[scrapy.Request]:
        for link in links:
            request = self.article_request(link, **hint)
            if request is not None:
                yield request

    def follow_stories(self, links: Iterable[str]) -> Iterator[scrapy.Request]:
        for link in links:
            target = urls.rebase(link, self.base)
            info = self.classify(target)
            if info.kind is urls.UrlKind.STORY and target not in self.requested:
                self.requested.add(target)
                self.crawler.stats.inc_value("rtnews/links/story")
                yield scrapy.Request(target, self.parse_story, priority=5)

    # --- navigation -----------------------------------------------------------------
    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        for line in response.text.splitlines():
            name, _, value = line.partition(":")
            if name.strip().lower() == "sitemap" and value.strip():
                yield scrapy.Request(urls.rebase(value.strip(), self.base), self.parse_sitemap,
                                     priority=15)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        kind, entries = sitemap_entries(response.body)
        if not kind:
            self.crawler.stats.inc_value("rtnews/pages/bad_sitemap")
            logger.warning("Not a sitemap: %s", response.url)
            return
        if kind == "index":
            for entry in entries:
                if self.sitemap_part_wanted(entry):
                    yield scrapy.Request(urls.rebase(entry.url, self.base), self.parse_sitemap,
                                         priority=15)
            return
        for entry in entries:
            request = self.article_request(entry.url, entry.published, "sitemap")
            if request is not None:
                yield request

    def sitemap_part_wanted(self, entry: Entry) -> bool:
        """Yearly parts wholly before ``since`` or after ``until`` are not fetched."""
        match = SITEMAP_YEAR.search(entry.url)
        if not match:
            return True
        year = int(match.group(1))
        since, until = self.options.since, self.options.until
        return not ((since and year < since.year) or (until and year > until.year))

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        entries = rss_entries(response.body)
        if not entries:
            self.crawler.stats.inc_value("rtnews/pages/empty_feed")
        for entry in entries:
            parsed = parse_any(entry.published) if entry.published else None
            hint = to_iso(parsed) if parsed else None
            request = self.article_request(entry.url, hint, "feed")
            if request is not None:
                yield request

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        if not self.is_html(response):
            return
        page = ListingPage(response.url, response.text, site=self.base)
        yield from self.follow_articles(page.article_links())
        yield from self.follow_stories(page.story_links())
        for link in page.tag_links():
            target = urls.rebase(link, self.base)
            if target not in self.requested:
                self.requested.add(target)
                yield scrapy.Request(target, self.parse_listing)
        next_page = page.next_page()
        if next_page:
            yield scrapy.Request(urls.rebase(next_page, self.base), self.parse_listing)

    def parse_story(self, response: Response) -> Iterator[Any]:
        if not self.is_html(response):
            return
        page = StoryPage(response.url, response.text, site=self.base)
        story = page.to_item(crawled_at=now_iso())
        yield from self.follow_articles(page.article_links())
        yield from self.follow_stories(page.story_links())
        if story is None:
            return
        next_page = page.next_page()
        if next_page:
            yield self.story_listing_request(next_page, story)
        else:
            yield story

    def story_listing_request(self, url: str, story: Story) -> scrapy.Request:
        return scrapy.Request(urls.rebase(url, self.base), self.parse_story_listing,
                              errback=self.story_listing_failed, cb_kwargs={"story": story},
                              priority=5)

    def parse_story_listing(self, response: Response, story: Story) -> Iterator[Any]:
        page = ListingPage(response.url, response.text, site=self.base)
        known = set(story.article_ids)
        story.article_ids.extend(i for i in page.article_ids() if i and i not in known)
        yield from self.follow_articles(page.article_links())
        next_page = page.next_page()
        if next_page:
            yield self.story_listing_request(next_page, story)
        else:
            yield story

    def story_listing_failed(self, failure: Failure) -> Iterator[Story]:
        """A listing page that cannot be had ends the story with what was collected."""
        story = failure.request.cb_kwargs["story"]  # type: ignore[attr-defined]
        self.crawler.stats.inc_value("rtnews/stories/listing_failed")
        logger.warning("Story %s: listing stopped at %s (%s)", story.story_id,
                       failure.request.url, failure.getErrorMessage())  # type: ignore[attr-defined]
        yield story

    # --- articles -------------------------------------------------------------------
    def parse_article(self, response: Response) -> Iterator[Any]:
        stats = self.crawler.stats
        if not self.is_html(response):
            return
        page = ArticlePage(response.url, response.text, site=self.base,
                           date_hint=response.meta.get("date_hint"),
                           date_hint_source=response.meta.get("date_hint_source") or "feed")
        result = page.extract(crawled_at=now_iso())
        if result.article is None:
            stats.inc_value(f"rtnews/pages/{result.reason}")
            logger.warning("No article at %s: %s", response.url, result.reason)
            self.note_failure(response.url, result.reason or "not_article")
            return
        article: Article = result.article
        if self.state is not None:
            self.state.fetched(article.article_id)
        if not self.in_window(article.published_at):
            stats.inc_value("rtnews/items/skipped/out_of_window")
            return
        if not self.wanted_section(self.classify(article.url)):
            stats.inc_value("rtnews/items/skipped/section")
            return
        stats.inc_value("rtnews/pages/article")
        yield article
        if not self.options.urls:  # a list of URLs means just those pages
            yield from self.follow_stories(page.story_urls())
            yield from self.follow_articles(page.article_urls())

    def article_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        response = getattr(failure.value, "response", None)
        status = getattr(response, "status", None)
        reason = f"http_{status}" if status else type(failure.value).__name__
        self.crawler.stats.inc_value(f"rtnews/articles/failed/{reason}")
        logger.warning("Article not fetched: %s (%s)", request.url, reason)
        self.note_failure(request.url, reason)

    def note_failure(self, url: str, reason: str) -> None:
        """Remember a failed article page so the next runs leave it alone for a while."""
        article_id = self.classify(url).article_id
        if article_id and self.state is not None:
            self.state.failed(article_id, reason)

    def is_html(self, response: Response) -> bool:
        if isinstance(response, scrapy.http.TextResponse):
            return True
        self.crawler.stats.inc_value("rtnews/pages/not_html")
        return False
