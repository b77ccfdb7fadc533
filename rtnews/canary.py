"""Drift canary: does the live site still look the way the extractor expects?

    rtnews canary [--base-url URL] [--items N]

No machine of the project's developers reaches arabic.rt.com, so a template change
shows up first on a user's machine. This command reads the newest ``N`` items of the
live ``/rss/`` feed and one story page they link, runs the full extraction and text
cleaning on each page, and prints one verdict per field:

- fields every article page has (``EVERY_PAGE``) must be filled on every page;
- ``published_at`` must equal the feed's ``pubDate`` (to the minute) and ``title`` the
  feed's title, as on every real page of 26 May 2026 (rt-site.md §8);
- fields most pages have (``SOME_PAGES``: lead, source, tags, images, read-more links)
  must be filled on at least one page of the sample;
- the story page must give a story with a name and at least one article.

Exit status: 0 when every check passes, 1 when one fails (the last line names the
fields), 2 when the site could not be checked (feed unreachable, not a feed). It obeys
robots.txt, sends the project's User-Agent and waits ``--delay`` seconds between
requests. The README's schedule runs it before the daily crawl.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.error import URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from protego import Protego

from rtnews import settings, urls
from rtnews.dates import parse_any
from rtnews.items import Article
from rtnews.pages.article import ArticlePage, decode_html
from rtnews.pages.feeds import Entry, iter_document
from rtnews.pages.listing import StoryPage
from rtnews.pipelines import clean_article
from rtnews.textclean import fold_text

EVERY_PAGE = ("article_id", "url", "section", "section_label", "title", "body", "published_at",
              "language")
SOME_PAGES = ("lead", "source", "tags", "images", "related_urls")
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


class CanaryError(RuntimeError):
    """The site could not be checked at all (not a drift of its pages)."""


@dataclass
class Fetched:
    url: str
    status: int
    body: bytes
    charset: str | None


@dataclass
class Check:
    """One line of the verdict: a field or a property, and how many pages pass it."""

    name: str
    passed: int = 0
    total: int = 0
    need_all: bool = True
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        if not self.total:
            return True
        return self.passed == self.total if self.need_all else self.passed > 0

    def add(self, passed: bool, note: str = "") -> None:
        self.total += 1
        self.passed += passed
        if not passed and note and len(self.notes) < 3:
            self.notes.append(note)

    def line(self) -> str:
        rule = "every page" if self.need_all else "some page"
        verdict = "ok" if self.ok else "MISS"
        notes = f"  ({'; '.join(self.notes)})" if self.notes and not self.ok else ""
        return f"{verdict:<5} {self.name:<22} {self.passed}/{self.total} ({rule}){notes}"


class Fetcher:
    """Polite GETs: the project's User-Agent, robots.txt obeyed, a delay between requests."""

    def __init__(self, base: str, user_agent: str, delay: float, timeout: float = 30) -> None:
        self.base, self.user_agent, self.delay, self.timeout = base, user_agent, delay, timeout
        self.last = 0.0
        self.robots = Protego.parse("")

    def load_robots(self) -> None:
        try:
            got = self.get(f"{self.base}/robots.txt", check_robots=False)
        except CanaryError:
            return
        if got.status == 200:
            self.robots = Protego.parse(got.body.decode("utf-8", "replace"))

    def allowed(self, url: str) -> bool:
        return bool(self.robots.can_fetch(url, self.user_agent))

    def get(self, url: str, check_robots: bool = True) -> Fetched:
        if check_robots and not self.allowed(url):
            raise CanaryError(f"robots.txt disallows {url}")
        wait = self.last + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        request = Request(url, headers={"User-Agent": self.user_agent})
        try:
            with urlopen(request, timeout=self.timeout) as response:
                body = response.read()
                status, charset = response.status, response.headers.get_content_charset()
        except URLError as exc:
            status = getattr(exc, "code", None)
            if status is None:
                raise CanaryError(f"{url}: {exc}") from None
            body, charset = b"", None
        finally:
            self.last = time.monotonic()
        return Fetched(url, int(status), body, charset)


@dataclass
class Verdict:
    checks: dict[str, Check]
    pages: int
    story: str | None

    @property
    def failed(self) -> list[str]:
        return [c.name for c in self.checks.values() if not c.ok]

    def report(self) -> str:
        lines = [c.line() for c in self.checks.values()]
        summary = (f"canary: FAILED: {', '.join(self.failed)}" if self.failed
                   else f"canary: ok ({self.pages} articles, story {self.story or '-'})")
        return "\n".join([*lines, summary])


def new_checks() -> dict[str, Check]:
    checks = {name: Check(name) for name in EVERY_PAGE}
    checks |= {"published_at=feed": Check("published_at=feed"), "title=feed": Check("title=feed")}
    checks |= {name: Check(name, need_all=False) for name in SOME_PAGES}
    checks |= {"story": Check("story")}
    return checks


def filled(value: Any) -> bool:
    return value not in (None, "", [], {})


def same_minute(a: str | None, b: str | None) -> bool:
    first, second = parse_any(a) if a else None, parse_any(b) if b else None
    return first is not None and second is not None and \
        first.replace(second=0, microsecond=0) == second.replace(second=0, microsecond=0)


def check_article(checks: dict[str, Check], article: Article, entry: Entry) -> None:
    for name in EVERY_PAGE + SOME_PAGES:
        checks[name].add(filled(getattr(article, name)), f"{article.article_id}: empty")
    checks["published_at=feed"].add(
        same_minute(article.published_at, entry.published),
        f"{article.article_id}: page {article.published_at} vs feed {entry.published}")
    if entry.title:
        checks["title=feed"].add(fold_text(article.title) == fold_text(entry.title),
                                 f"{article.article_id}: title differs from the feed's")


def feed_items(body: bytes) -> list[Entry]:
    """A feed's items, newest first."""
    kind, entries = iter_document(body)
    if kind not in ("rss", "feed", "rdf"):
        raise CanaryError("the feed is not RSS/Atom")
    dated = [(e, parse_any(e.published) if e.published else None) for e in entries]
    dated.sort(key=lambda pair: pair[1] or datetime.min.replace(tzinfo=UTC), reverse=True)
    return [e for e, _ in dated]


def run_canary(base: str, items: int, fetcher: Fetcher, now: Callable[[], datetime] | None = None,
               log: Callable[[str], None] = print) -> Verdict:
    """Check the newest ``items`` feed items and one story page of ``base``."""
    now = now or (lambda: datetime.now(UTC))
    fetcher.load_robots()
    feed = fetcher.get(f"{base}/rss/")
    if feed.status != 200:
        raise CanaryError(f"{base}/rss/ answered HTTP {feed.status}")
    checks, stories, pages = new_checks(), [], 0
    for entry in feed_items(feed.body)[:items]:
        url = urls.rebase(entry.url, base)
        try:
            got = fetcher.get(url)
        except CanaryError as exc:
            log(f"skip  {url}: {exc}")
            continue
        page = ArticlePage(got.url, decode_html(got.body, got.charset), site=base)
        result = page.extract(crawled_at=now().isoformat(timespec="seconds"))
        if got.status != 200 or result.article is None:
            checks["body"].add(False, f"{url}: HTTP {got.status}, {result.reason or 'no article'}")
            continue
        pages += 1
        check_article(checks, clean_article(result.article, now()), entry)
        stories += [s for s in page.story_urls() if s not in stories]
    story_id = check_story(checks["story"], stories, base, fetcher, now)
    return Verdict(checks, pages, story_id)


def check_story(check: Check, links: list[str], base: str, fetcher: Fetcher,
                now: Callable[[], datetime]) -> str | None:
    """The first story page the articles link to must give a named story with articles."""
    for link in links[:3]:
        url = urls.rebase(link, base)
        if not fetcher.allowed(url):
            continue
        got = fetcher.get(url)
        story = StoryPage(got.url, decode_html(got.body, got.charset), site=base).to_item(
            crawled_at=now().isoformat(timespec="seconds"))
        good = got.status == 200 and story is not None and bool(story.title) and bool(story.article_ids)
        check.add(good, f"{url}: {'no story' if story is None else f'{len(story.article_ids)} articles'}")
        return story.story_id if story is not None else None
    check.add(False, "no article page links a story page")
    return None


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``rtnews canary``."""
    parser.description = __doc__.split("\n\n")[2] if __doc__ else None
    parser.add_argument("--base-url", default=None,
                        help="site to check (default: $RTNEWS_BASE_URL or https://arabic.rt.com)")
    parser.add_argument("--items", type=int, default=5, help="newest feed items to check (default 5)")
    parser.add_argument("--delay", type=float, default=None,
                        help="seconds between requests (default 2; 0 on 127.0.0.1/localhost)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import os

    base = (args.base_url or os.environ.get("RTNEWS_BASE_URL") or settings.RTNEWS_BASE_URL).rstrip("/")
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc or args.items < 1:
        print(f"rtnews canary: bad --base-url {base!r} or --items {args.items}", file=sys.stderr)
        return 2
    delay = args.delay if args.delay is not None else (0.0 if parts.hostname in LOCAL_HOSTS else 2.0)
    fetcher = Fetcher(base, settings.USER_AGENT, delay, timeout=settings.DOWNLOAD_TIMEOUT)
    try:
        verdict = run_canary(base, args.items, fetcher)
    except CanaryError as exc:
        print(f"rtnews canary: could not check {base}: {exc}", file=sys.stderr)
        return 2
    print(verdict.report())
    return 1 if verdict.failed else 0

