"""The main spider ``rt_arabic``: discovers RT Arabic articles and stories and extracts them.

Discovery: robots.txt sitemaps, the sitemap index and the news sitemap, the main and
section RSS feeds, the home and section pages, story landing pages
``/focuses/<number>-<slug>/`` and their "load more" listings (where robots.txt allows
them), tag pages and their listings. Only article and story links are followed; every
link is classified and canonicalized (AMP, short and alternate-host forms become one
URL) and checked against this run's requests before a request is made. Extraction lives
in the page objects (``rtnews.pages``); this class routes.

A light run (``mode=light``) reads only the feeds, the home and the section pages: the
cheap check for new articles meant for every few hours between daily full runs.
A publication window (``since``/``until``) is decided by a link's own date (feed, news
sitemap, yearly sitemap part) or, for an undated link, by the page's date once fetched:
article ids are not in publication order, so nothing is inferred from them.
Stories are handed out once the crawl is otherwise done (``spider_idle``), each with
every article id its landing page, its listings and this run's article pages gave.
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
from scrapy import signals
from scrapy.exceptions import CloseSpider, DontCloseSpider, IgnoreRequest
from scrapy.http import Response
from twisted.python.failure import Failure

from rtnews import urls
from rtnews.args import ArgumentError, CrawlOptions, crawl_options
from rtnews.crawlstate import CrawlState
from rtnews.dates import parse_any, to_utc_iso
from rtnews.frontier import Frontier, Link
from rtnews.idset import IdSet
from rtnews.items import Article, Story
from rtnews.pages.article import ArticlePage
from rtnews.pages.feeds import DocumentTooLarge, Entry, iter_feed, iter_sitemap
from rtnews.pages.listing import ListingPage, StoryPage
from rtnews.stories import StoryBook

logger = logging.getLogger(__name__)
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
SITEMAP_YEAR = re.compile(r"sitemap_(\d{4})(?:_\d+)?\.xml")
# The id of an article-shaped link, found without classifying it: links to articles
# already asked for (most of a page's) are dropped before any other work.
QUICK_ID = re.compile(r"/([1-9][0-9]{0,17})-[^/]*/")
# The number of a story link (links given here are stories already: its first /focuses/).
QUICK_STORY_ID = re.compile(r"/focuses/([1-9][0-9]*)")
ARTICLE_PRIORITY = 10  # finish articles before wandering through more navigation


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


# What a page tells the crawl's StoryBook, shared with ``rtnews reextract`` so that a
# re-extraction of the archive builds the same stories.
def story_links_of(article: Article, page: ArticlePage) -> tuple[str, list[str], dict[str, str]]:
    """(article id, the stories the article links to itself, their names as linked):
    the arguments of ``StoryBook.linked`` for an extracted article page."""
    return article.article_id, article.story_ids, page.story_titles()


def listed_ids(page: ListingPage) -> list[str]:
    """The article ids a story's "load more" listing page gives its story, in page order."""
    return [i for i in page.article_ids() if i]


def handed_out(book: StoryBook, stats: Any) -> list[Story]:
    """The book's stories, each with its count of listed ids in the stats
    (``rtnews/stories/<id>/listed``, shown by the run report)."""
    stories = book.stories()
    for story in stories:
        stats.set_value(f"rtnews/stories/{story.story_id}/listed", book.listed_count(story.story_id))
    return stories


class RtArabicSpider(scrapy.Spider):
    name = "rt_arabic"

    def __init__(self, options: CrawlOptions | None = None, argument_error: str | None = None,
                 *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options = options or CrawlOptions()
        self.argument_error = argument_error
        self.requested_ids = IdSet()  # article ids asked for (or decided) in this run
        self.requested: set[str] = set()  # story keys and navigation URLs asked for
        self.article_requests = 0
        self.book = StoryBook()
        self.stories_handed_out = False
        # With a publication window, undated links wait until every dated source was read:
        # a feed or news-sitemap date for the same article then decides before fetching.
        self.windowed = bool(self.options.since or self.options.until)
        self.deferred: dict[str, str] = {}  # article id -> URL of undated links
        self.out_of_window: set[str] = set()
        self.frontier = Frontier()

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
        spider.document_maxsize = settings.getint("RTNEWS_SITEMAP_MAXSIZE", 50 * 1024 * 1024)
        pending = max(4, settings.getint("RTNEWS_PENDING_ARTICLES", 1024))
        spider.frontier = Frontier(low=pending // 4, high=pending)
        crawler.signals.connect(spider.spider_idle, signal=signals.spider_idle)
        return spider

    base: str = urls.SITE
    state: CrawlState | None = None
    document_maxsize: int = 50 * 1024 * 1024
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

    @property
    def light(self) -> bool:
        return self.options.mode == "light"

    def start_requests_list(self) -> Iterator[scrapy.Request]:
        base = self.base
        if not self.light:
            yield scrapy.Request(f"{base}/robots.txt", self.parse_robots, dont_filter=True,
                                 meta={"dont_obey_robotstxt": True}, priority=20)
            for path in ("/sitemap.xml", "/newssitemap.xml"):
                yield self.document_request(base + path, self.parse_sitemap)
        yield self.document_request(f"{base}/rss/", self.parse_feed)
        for section in self.feed_sections:
            yield self.document_request(f"{base}/rss/{section}/", self.parse_feed)
        if self.options.sections is None:
            yield scrapy.Request(f"{base}/", self.parse_listing, errback=self.navigation_failed)
        for section in self.sections:
            yield scrapy.Request(f"{base}/{section}/", self.parse_listing,
                                 errback=self.navigation_failed)
        for tag in self.options.tags:
            yield scrapy.Request(f"{base}/tags/{tag}/", self.parse_listing,
                                 errback=self.navigation_failed)

    def document_request(self, url: str, callback: Any, part: bool = False) -> scrapy.Request:
        """A sitemap or feed: its own size cap (the protocol's 50 MB), high priority.
        ``part``: a yearly sitemap part, whose links go through the frontier."""
        return scrapy.Request(url, callback, errback=self.part_failed if part else self.navigation_failed,
                              priority=15, meta={"download_maxsize": self.document_maxsize,
                                                 "download_warnsize": self.document_maxsize // 2,
                                                 "sitemap_part": part})

    # --- link policy ----------------------------------------------------------------
    def classify(self, url: str) -> urls.UrlInfo:
        return urls.classify_url(url, hosts=self.hosts)

    @cached_property
    def hosts(self) -> frozenset[str]:
        return frozenset({urlsplit(self.base).netloc})

    def wanted_section(self, info: urls.UrlInfo) -> bool:
        return (self.options.sections is None or info.section is None
                or info.section in self.options.sections)

    def in_window(self, raw_date: str | None, modified: str | None = None) -> bool:
        """False only when a link's own date shows the article outside since/until.

        ``raw_date`` is a publication date (feed, news sitemap); ``modified`` a sitemap
        ``lastmod``, which can only show an article too old (it is published no later
        than modified). An undated link is fetched and decided by the page's own date:
        ids are given when a draft is made, not in publication order (rt-site.md §8),
        so an id says nothing about the window.
        """
        since, until = self.options.since, self.options.until
        if not (since or until):
            return True
        last = parse_any(modified) if modified else None
        if since and last is not None and last < since:
            return False
        parsed = parse_any(raw_date) if raw_date else None
        if parsed is None:
            return True
        return not (since and parsed < since) and not (until and parsed > until)

    def article_request(self, url: str, date_hint: str | None = None,
                        hint_source: str = "feed", priority: int = ARTICLE_PRIORITY,
                        modified: str | None = None, release: bool = False,
                        ) -> scrapy.Request | None:
        """A request for an article link, or None when it is not to be fetched (now)."""
        stats = self.crawler.stats
        info = self.classify(urls.rebase(url, self.base))
        if info.kind is not urls.UrlKind.ARTICLE or not info.article_id:
            return None
        if info.article_id in self.requested_ids:
            stats.inc_value("rtnews/links/duplicate")
            return None
        if self.state is not None and self.state.should_skip(info.article_id):
            self.requested_ids.add(info.article_id)  # decided once per run
            stats.inc_value("rtnews/links/skipped/known")
            return None
        if not self.wanted_section(info):
            stats.inc_value("rtnews/links/skipped/section")
            return None
        if info.article_id in self.out_of_window or not self.in_window(date_hint, modified):
            self.out_of_window.add(info.article_id)
            stats.inc_value("rtnews/links/skipped/out_of_window")
            return None
        if self.windowed and date_hint is None and not release:
            if info.article_id not in self.deferred:
                self.deferred[info.article_id] = url
                stats.inc_value("rtnews/links/deferred")
            return None
        if self.options.max_articles and self.article_requests >= self.options.max_articles:
            stats.inc_value("rtnews/links/skipped/max_articles")
            return None
        target = urls.canonical_article_url(url, self.base)
        if target is None:
            return None
        self.requested_ids.add(info.article_id)
        self.article_requests += 1
        self.frontier.requested()
        stats.inc_value("rtnews/links/article")
        stats.max_value("rtnews/frontier/most_outstanding", self.frontier.outstanding)
        meta = {"date_hint": date_hint, "date_hint_source": hint_source}
        return scrapy.Request(target, self.parse_article, errback=self.article_failed,
                              meta=meta, priority=priority)

    def follow_articles(self, links: Iterable[str]) -> Iterator[scrapy.Request]:
        for link in links:
            request = self.offer(Link(link, None, "page"))
            if request is not None:
                yield request

    def offer(self, link: Link) -> scrapy.Request | None:
        """A request for a link found in a feed, a news sitemap or a page; while the
        scheduler holds enough article requests the link waits in the frontier instead
        (each article once), so memory stays flat however many links the pages give."""
        quick = QUICK_ID.search(link.url)
        if quick is not None and quick.group(1) in self.requested_ids:
            self.crawler.stats.inc_value("rtnews/links/duplicate")  # most links of a page
            return None
        if self.frontier.full:
            info = self.classify(urls.rebase(link.url, self.base))
            if info.article_id and info.article_id not in self.requested_ids:
                self.frontier.park(info.article_id, link)
                self.crawler.stats.max_value("rtnews/frontier/most_parked", self.frontier.most_parked)
            return None
        return self.article_request(link.url, link.date, link.source, modified=link.modified)

    def follow_stories(self, links: Iterable[str]) -> Iterator[scrapy.Request]:
        """Story landing pages, once per story number (not in light runs or URL lists)."""
        if self.light or self.options.urls:
            return
        for link in links:
            # Most pages repeat the Stories strip: skip a known number before canonicalizing.
            quick = QUICK_STORY_ID.search(link)
            if quick and f"story:{quick[1]}" in self.requested:
                continue
            target = urls.canonical_story_url(urls.rebase(link, self.base), self.base)
            info = self.classify(target) if target else None
            if target is None or info is None or info.kind is not urls.UrlKind.STORY:
                continue
            key = f"story:{info.story_id}"
            if key not in self.requested:
                self.requested.add(key)
                self.crawler.stats.inc_value("rtnews/links/story")
                yield scrapy.Request(target, self.parse_story, errback=self.navigation_failed,
                                     priority=5)

    # --- navigation -----------------------------------------------------------------
    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        for line in response.text.splitlines():
            name, _, value = line.partition(":")
            if name.strip().lower() == "sitemap" and value.strip():
                yield scrapy.Request(urls.rebase(value.strip(), self.base), self.parse_sitemap,
                                     priority=15)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        """Sitemap index or part, read as a stream (a part may hold 50,000 URLs).

        The index's yearly parts and their links go to the frontier, which releases
        them as the crawl drains; other urlsets (the news sitemap) are requested at once.
        """
        entries: list[Entry] = []
        kind = ""
        try:
            kind, found = iter_sitemap(response.body, self.document_maxsize)
            entries.extend(found)
        except DocumentTooLarge as exc:
            self.document_too_large(response.url, str(exc))
        if not kind:
            self.crawler.stats.inc_value("rtnews/pages/bad_sitemap")
            logger.warning("Not a sitemap: %s", response.url)
        elif kind == "index":
            self.frontier.add_parts(urls.rebase(e.url, self.base) for e in entries
                                    if self.sitemap_part_wanted(e))
        elif response.meta.get("sitemap_part"):
            self.frontier.add_links(entries)
        else:
            for entry in entries:
                request = self.offer(Link(entry.url, entry.published, "sitemap", entry.lastmod))
                if request is not None:
                    yield request
        if response.meta.get("sitemap_part"):
            self.frontier.part_done()
        yield from self.refill()

    def refill(self) -> Iterator[scrapy.Request]:
        """Article requests from the frontier while the backlog runs low, then the next part."""
        room = self.frontier.room()
        while room > 0:
            link = self.frontier.take()
            if link is None:
                break
            request = self.article_request(link.url, link.date, link.source, modified=link.modified)
            if request is not None:
                room -= 1
                yield request
        part = self.frontier.next_part()
        if part is not None:
            yield self.document_request(part, self.parse_sitemap, part=True)

    def part_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        """A sitemap part that cannot be had: counted, and the next one is read."""
        self.navigation_failed(failure)
        self.frontier.part_done()
        yield from self.refill()

    def sitemap_part_wanted(self, entry: Entry) -> bool:
        """Yearly parts wholly before ``since`` or after ``until`` are not fetched."""
        match = SITEMAP_YEAR.search(entry.url)
        if not match:
            return True
        year = int(match.group(1))
        since, until = self.options.since, self.options.until
        return not ((since and year < since.year) or (until and year > until.year))

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        """RSS items; ``pubDate`` (GMT) becomes the article's date hint, in UTC."""
        count = 0
        try:
            for entry in iter_feed(response.body, self.document_maxsize):
                count += 1
                parsed = parse_any(entry.published) if entry.published else None
                hint = to_utc_iso(parsed) if parsed else None
                request = self.offer(Link(entry.url, hint, "feed"))
                if request is not None:
                    yield request
        except DocumentTooLarge as exc:
            self.document_too_large(response.url, str(exc))
        if not count:
            self.crawler.stats.inc_value("rtnews/pages/empty_feed")
            logger.warning("Feed without items: %s", response.url)

    def document_too_large(self, url: str, why: str) -> None:
        """Over the size cap: the rest of the document is lost, so the run fails."""
        self.crawler.stats.inc_value("rtnews/pages/too_big")
        logger.error("Sitemap or feed over the size cap (RTNEWS_SITEMAP_MAXSIZE=%d): %s (%s);"
                     " the articles it lists were not read", self.document_maxsize, url, why)

    def navigation_failed(self, failure: Failure) -> None:
        """A feed, sitemap, section, tag or story page that could not be had."""
        request = failure.request  # type: ignore[attr-defined]
        # Scrapy cancels a download over its size cap (DownloadCancelledError since 2.14,
        # twisted's CancelledError before), naming the "download max size".
        if "max size" in failure.getErrorMessage():
            self.document_too_large(request.url, failure.getErrorMessage())
            return
        if failure.check(IgnoreRequest) and not getattr(failure.value, "response", None):
            self.crawler.stats.inc_value("rtnews/pages/not_allowed")
            logger.info("Not fetched (robots.txt or offsite): %s", request.url)
            return
        response = getattr(failure.value, "response", None)
        status = getattr(response, "status", None)
        reason = f"http_{status}" if status else type(failure.value).__name__
        self.crawler.stats.inc_value(f"rtnews/pages/failed/{reason}")
        logger.warning("Page not fetched: %s (%s)", request.url, reason)

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        if not self.is_html(response):
            return
        page = ListingPage(response.url, response.text, site=self.base)
        yield from self.follow_articles(page.article_links())
        yield from self.follow_stories(page.story_links())
        if self.light:  # home and section pages only: no tags, no "load more"
            return
        for link in page.tag_links():
            target = urls.rebase(link, self.base)
            if target not in self.requested:
                self.requested.add(target)
                yield scrapy.Request(target, self.parse_listing, errback=self.navigation_failed)
        next_page = page.next_page()
        if next_page:
            yield scrapy.Request(urls.rebase(next_page, self.base), self.parse_listing,
                                 errback=self.navigation_failed)

    def parse_story(self, response: Response) -> Iterator[Any]:
        """A story's landing page: the story, its articles and its first "load more" page."""
        if not self.is_html(response):
            return
        page = StoryPage(response.url, response.text, site=self.base)
        story = page.to_item(crawled_at=now_iso())
        yield from self.follow_articles(page.article_links())
        yield from self.follow_stories(page.story_links())
        if story is None:
            self.crawler.stats.inc_value("rtnews/pages/not_story")
            logger.warning("No story at %s", response.url)
            return
        self.book.landing(story)
        self.crawler.stats.inc_value("rtnews/pages/story")
        next_page = page.next_page()
        if next_page:
            yield self.story_listing_request(next_page, story.story_id)

    def story_listing_request(self, url: str, story_id: str) -> scrapy.Request:
        return scrapy.Request(urls.rebase(url, self.base), self.parse_story_listing,
                              errback=self.story_listing_failed, cb_kwargs={"story_id": story_id},
                              priority=5)

    def parse_story_listing(self, response: Response, story_id: str) -> Iterator[Any]:
        page = ListingPage(response.url, response.text, site=self.base)
        self.book.listed(story_id, listed_ids(page))
        yield from self.follow_articles(page.article_links())
        next_page = page.next_page()
        if next_page:
            yield self.story_listing_request(next_page, story_id)

    def story_listing_failed(self, failure: Failure) -> None:
        """A listing page that cannot be had (robots.txt, an error) ends that listing: the
        story keeps what its landing page and the article pages give."""
        request = failure.request  # type: ignore[attr-defined]
        story_id = request.cb_kwargs["story_id"]
        if failure.check(IgnoreRequest) and not getattr(failure.value, "response", None):
            self.crawler.stats.inc_value("rtnews/stories/listing_not_allowed")
            logger.info("Story %s: listing %s not allowed (robots.txt); membership comes from"
                        " its landing page and article links", story_id, request.url)
            return
        self.crawler.stats.inc_value("rtnews/stories/listing_failed")
        logger.warning("Story %s: listing stopped at %s (%s)", story_id, request.url,
                       failure.getErrorMessage())

    # --- when the crawl runs dry ------------------------------------------------------
    def spider_idle(self) -> None:
        """Keep the crawl open for what waits: the frontier's backlog, then undated links
        of a windowed crawl (every dated source has been read by now), then the stories'
        hand-out (article pages read until then have added their story links)."""
        if self.release_frontier() or self.release_deferred() or self.schedule_stories():
            raise DontCloseSpider

    def release_frontier(self) -> bool:
        released = False
        for request in self.refill():
            self.crawler.engine.crawl(request)
            released = True
        return released

    def release_deferred(self) -> bool:
        waiting, self.deferred = self.deferred, {}
        released = 0
        for url in waiting.values():
            request = self.article_request(url, release=True)
            if request is not None:
                self.crawler.engine.crawl(request)
                released += 1
        if waiting:
            logger.info("Undated links: %d fetched to read their dates, %d decided by a dated link",
                        released, len(waiting) - released)
        return released > 0

    def schedule_stories(self) -> bool:
        if self.stories_handed_out or not self.book.stories():
            return False
        self.stories_handed_out = True
        self.crawler.engine.crawl(scrapy.Request("data:,", self.emit_stories, dont_filter=True))
        return True

    def emit_stories(self, response: Response) -> Iterator[Story]:
        yield from handed_out(self.book, self.crawler.stats)

    # --- articles -------------------------------------------------------------------
    def parse_article(self, response: Response) -> Iterator[Any]:
        self.frontier.finished()
        yield from self.article_items(response)
        yield from self.refill()

    def article_items(self, response: Response) -> Iterator[Any]:
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
        self.book.linked(*story_links_of(article, page))
        yield article
        if not self.options.urls:  # a list of URLs means just those pages
            yield from self.follow_stories(page.story_urls())
            yield from self.follow_articles(page.article_urls())

    def article_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        self.frontier.finished()
        self.note_article_failure(failure)
        yield from self.refill()

    def note_article_failure(self, failure: Failure) -> None:
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

    # --- any page by its URL (scrapy parse --spider rt_arabic <url>) ----------------
    def parse(self, response: Response, **kwargs: Any) -> Any:
        """Route a page to the callback of its URL class (``rtnews.urls.classify_url``)."""
        parts = urlsplit(response.url)
        if parts.path == "/robots.txt":
            return self.parse_robots(response)
        kind = urls.classify_url(response.url, hosts=self.hosts | {parts.netloc}).kind
        routes = {urls.UrlKind.ARTICLE: self.parse_article, urls.UrlKind.STORY: self.parse_story,
                  urls.UrlKind.FEED: self.parse_feed, urls.UrlKind.SITEMAP: self.parse_sitemap}
        return routes.get(kind, self.parse_listing)(response)

    def is_html(self, response: Response) -> bool:
        if isinstance(response, scrapy.http.TextResponse):
            return True
        self.crawler.stats.inc_value("rtnews/pages/not_html")
        return False
