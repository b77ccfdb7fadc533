"""``rtnews reextract``: the crawl's page objects and item pipelines over archived pages, offline.

    rtnews reextract WARC_OR_FOLDER... --out DIR [--jobs N]

Reads the response records of WARC files (a crawl's ``data/warc/``, captures, any
WARC of arabic.rt.com pages), routes each by ``rtnews.urls.classify_url`` as the
spider does (articles to ``ArticlePage``, story landing pages to ``StoryPage``, story
listings to ``ListingPage``) and builds the stories as the spider does: one
``rtnews.stories.StoryBook`` per archived run, fed with the ids of the landing pages,
of the "load more" listings the run could fetch and of every article page's own links
to its stories, handed out once every page is read. Articles, then stories, go
through the crawl's item pipelines (cleaning, quality gate, deduplication against
DIR's state) into a new run in DIR, written by the crawl's own components
(``DatasetRun``): ``articles_<run id>.jsonl`` and ``stories_<run id>.jsonl`` while it
runs, their CSV (and the articles' JSON) at its end, ``run_<run id>.json``,
``report_<run id>.json``, the run in ``state.sqlite``'s runs table, the state's lock
held meanwhile: a data directory ``rtnews dataset build`` and ``rtnews check`` read
like a crawl's. Nothing is fetched. Each item gets the fetch time of its record as
``crawled_at``; articles read the feed or sitemap date the crawl had for them
(``date-hint`` in the metadata record).

Run it again into the same DIR after improving the extractor: articles whose text
changed are exported with ``revision`` + 1, unchanged ones are dropped as
``already_exported``. The same article in several WARC files (re-fetches) is
processed in file order. Stories archived by several runs are exported once, with the
newest run's landing page and every run's ids (newest run first), as the crawl state
unites them across runs.

``--jobs N``: N worker processes extract whole files (one file is the unit of work)
and write what they found to part files; this process alone runs the pipelines and
writes the run, in file order, so the output is the same as with ``--jobs 1``.

Exit status: the run's, as for ``scrapy crawl`` (``rtnews.outcome``): 0 ok, 5 state
error, 6 output error, 7 failed checks (a WARC file not readable to its end is one:
what it held up to the damage is used, ``rtnews/reextract/read_errors``), 8 stopped
(Ctrl-C), 75 another crawl or re-extraction holds DIR's state; 2 for a wrong command
line (no run, no report).

Calls into the page objects are all in ``page_outcomes``; the spider's story logic is
shared through ``rtnews.spiders.rt_arabic`` (``story_links_of``, ``listed_ids``,
``handed_out``); calls into the crawl's state, pipelines, exports, report and lock are
all in ``DatasetRun``.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import multiprocessing
import pickle
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy.exceptions import DropItem
from scrapy.http import Headers, TextResponse
from scrapy.responsetypes import responsetypes
from scrapy.settings import Settings

from rtnews import outcome, urls
from rtnews.crawlstate import CrawlState
from rtnews.exports import DatasetExports
from rtnews.items import Article, Story
from rtnews.lock import CrawlLock, lock_path
from rtnews.pages.article import ArticlePage
from rtnews.pages.listing import ListingPage, StoryPage
from rtnews.pipelines import CleanTextPipeline, DedupePipeline, QualityGatePipeline
from rtnews.report import RunReport, Thresholds, thresholds
from rtnews.runid import new_run_id
from rtnews.spiders.rt_arabic import handed_out, listed_ids, story_links_of
from rtnews.state import StateError
from rtnews.stories import StoryBook
from rtnews.warc import (
    ArchivedResponse,
    WarcReadError,
    package_version,
    read_responses,
    url_key,
    warc_files,
)

logger = logging.getLogger(__name__)
PAGE_KINDS = frozenset({urls.UrlKind.ARTICLE, urls.UrlKind.STORY, urls.UrlKind.STORY_LISTING})
FINISHED, SHUTDOWN = "finished", "shutdown"
EXIT_USAGE = 2


# --- what an archived response gives ----------------------------------------------------

@dataclass(frozen=True, slots=True)
class ArticleFound:
    run: str
    article: Article
    story_links: tuple[str, list[str], dict[str, str]]
    """What the page tells its run's story book (``rt_arabic.story_links_of``)."""


@dataclass(frozen=True, slots=True)
class PageFailed:
    """An article URL that gave no article: HTTP error, challenge page, not an article."""

    run: str
    url: str
    article_id: str | None
    reason: str
    counter: str


@dataclass(frozen=True, slots=True)
class StoryFound:
    run: str
    story: Story
    next_key: str | None
    """``url_key`` of the first "load more" listing, None when the landing page has none."""


@dataclass(frozen=True, slots=True)
class ListingFound:
    run: str
    key: str
    article_ids: list[str]
    next_key: str | None


@dataclass(frozen=True, slots=True)
class Counted:
    counter: str


@dataclass(frozen=True, slots=True)
class ReadFailed:
    path: str
    message: str


@dataclass(frozen=True, slots=True)
class PageError:
    """A page the page objects raised an exception on (a crawl logs and counts those too)."""

    run: str
    url: str
    article_id: str | None
    """The article of an article page (its failure is recorded as ``extract_error``)."""
    error: str
    message: str


Outcome = ArticleFound | PageFailed | StoryFound | ListingFound | Counted | ReadFailed | PageError


# The code that decides what a page yields: its hash names the extractor's version.
EXTRACTION_SOURCES = ("pages/*.py", "urls.py", "dates.py", "textclean.py", "fingerprint.py", "pipelines.py",
                      "items.py", "stories.py")


def extractor_version() -> str:
    """``<package version>+<12 hex digits of the extraction sources' SHA-1>``: changes with the
    code of the page objects, URL rules, dates, cleaning, pipelines and story building."""
    root = Path(__file__).parent
    digest = hashlib.sha1()
    for pattern in EXTRACTION_SOURCES:
        for path in sorted(root.glob(pattern)):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return f"{package_version('rtnews')}+{digest.hexdigest()[:12]}"


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def text_response(response: ArchivedResponse) -> TextResponse | None:
    """The archived response as Scrapy's downloader would have typed and decoded it."""
    headers = Headers([(k, v) for k, v in response.headers if k.lower() != "content-encoding"])
    cls = responsetypes.from_args(headers=headers, url=response.url, body=response.body)
    if not issubclass(cls, TextResponse):
        return None
    return cls(url=response.url, status=response.status, headers=headers, body=response.body)


def run_of(response: ArchivedResponse) -> str:
    """The crawl run that archived a response (a file without run ids is a run of its own)."""
    return response.metadata.get("run-id") or str(response.path)


def url_info(response: ArchivedResponse) -> tuple[str, urls.UrlInfo]:
    site = (response.metadata.get("site") or origin(response.url)).rstrip("/")
    return site, urls.classify_url(response.url, hosts={urlsplit(response.url).netloc, urlsplit(site).netloc})


def page_outcomes(response: ArchivedResponse) -> list[Outcome]:
    """What the spider's callbacks make of one archived response: the adapter to the page objects.

    Mirrors ``RtArabicSpider.article_items``, ``parse_story`` and ``parse_story_listing``
    (and their errbacks ``article_failed``, ``navigation_failed`` and
    ``story_listing_failed`` for error answers).
    """
    site, info = url_info(response)
    if info.kind not in PAGE_KINDS:
        return []
    run = run_of(response)
    if not 200 <= response.status < 300:
        return failed_outcomes(response, run, info)
    page = text_response(response)
    if page is None:
        return [Counted("rtnews/pages/not_html")]
    if info.kind is urls.UrlKind.ARTICLE:
        return [article_outcome(response, page.text, site, info, run)]
    if info.kind is urls.UrlKind.STORY:
        story_page = StoryPage(response.url, page.text, site=site)
        story = story_page.to_item(crawled_at=response.crawled_at)
        if story is None:
            return [Counted("rtnews/pages/not_story")]
        next_page = story_page.next_page()
        return [StoryFound(run, story, url_key(next_page) if next_page else None)]
    listing = ListingPage(response.url, page.text, site=site)
    next_page = listing.next_page()
    return [ListingFound(run, url_key(response.url), listed_ids(listing),
                         url_key(next_page) if next_page else None)]


def failed_outcomes(response: ArchivedResponse, run: str, info: urls.UrlInfo) -> list[Outcome]:
    """An error answer (4xx, 5xx) to an article, story or listing request; a redirect's
    target is archived as a response of its own."""
    if response.status < 400:
        return []
    reason = f"http_{response.status}"
    if info.kind is urls.UrlKind.ARTICLE:
        return [PageFailed(run, response.url, info.article_id, reason, f"rtnews/articles/failed/{reason}")]
    if info.kind is urls.UrlKind.STORY:
        return [Counted(f"rtnews/pages/failed/{reason}")]
    return [Counted("rtnews/stories/listing_failed")]


def article_outcome(response: ArchivedResponse, html: str, site: str, info: urls.UrlInfo,
                    run: str) -> Outcome:
    page = ArticlePage(response.url, html, site=site, date_hint=response.metadata.get("date-hint"),
                       date_hint_source=response.metadata.get("date-hint-source") or "feed")
    result = page.extract(crawled_at=response.crawled_at)
    if result.article is None:
        reason = result.reason or "not_article"
        return PageFailed(run, response.url, info.article_id, reason, f"rtnews/pages/{reason}")
    return ArticleFound(run, result.article, story_links_of(result.article, page))


def response_outcomes(responses: Iterable[ArchivedResponse]) -> Iterator[Outcome]:
    for response in responses:
        yield Counted("rtnews/reextract/responses")
        yield Counted(f"downloader/response_status_count/{response.status}")
        try:
            yield from page_outcomes(response)
        except Exception as exc:  # one bad page must not end the run, as in a crawl
            _, info = url_info(response)
            article_id = info.article_id if info.kind is urls.UrlKind.ARTICLE else None
            yield PageError(run_of(response), response.url, article_id, type(exc).__name__, str(exc))


def file_outcomes(path: Path) -> Iterator[Outcome]:
    """Outcomes of every response of one WARC file, then a ``ReadFailed`` if it is damaged."""
    try:
        yield from response_outcomes(read_responses(path))
    except (WarcReadError, OSError) as exc:
        yield ReadFailed(str(path), str(exc))


# --- several processes ------------------------------------------------------------------

def extract_to_part(task: tuple[str, str]) -> str:
    """Worker: a file's outcomes pickled into a part file in the work folder; returns its path."""
    path, work_dir = task
    part = tempfile.NamedTemporaryFile(dir=work_dir, suffix=".part", delete=False)
    with part:
        for found in file_outcomes(Path(path)):
            pickle.dump(found, part, protocol=pickle.HIGHEST_PROTOCOL)
    return part.name


def read_part(path: Path) -> Iterator[Outcome]:
    with open(path, "rb") as f:
        while True:
            try:
                yield pickle.load(f)
            except EOFError:
                return


def all_outcomes(files: list[Path], jobs: int, work_dir: Path) -> Iterator[Outcome]:
    """Outcomes of the files in file order, computed here or by ``jobs`` worker processes."""
    if jobs <= 1 or len(files) <= 1:
        for path in files:
            yield from file_outcomes(path)
        return
    context = multiprocessing.get_context("spawn")  # no inherited locks, files or threads
    with context.Pool(min(jobs, len(files))) as pool:
        for part in pool.imap(extract_to_part, [(str(p), str(work_dir)) for p in files]):
            yield from read_part(Path(part))
            Path(part).unlink()


# --- stories ------------------------------------------------------------------------------

class StoryAssembler:
    """The stories of the archived runs, each run's built as its crawl built them.

    Per run: a ``StoryBook`` that article pages add their story links to as they come;
    landing pages and listings are kept until every page is read, then each landing page
    enters the book followed by the listings it chains to ("load more": a listing's story
    is the one whose landing page led to it, as the spider's requests carry it).
    """

    def __init__(self) -> None:
        self.books: dict[str, StoryBook] = {}
        self.landings: dict[str, list[StoryFound]] = {}
        self.listings: dict[tuple[str, str], ListingFound] = {}

    def book(self, run: str) -> StoryBook:
        return self.books.setdefault(run, StoryBook())

    def article(self, found: ArticleFound) -> None:
        self.book(found.run).linked(*found.story_links)

    def add(self, found: StoryFound | ListingFound) -> None:
        if isinstance(found, StoryFound):
            self.landings.setdefault(found.run, []).append(found)
        else:
            self.listings[(found.run, found.key)] = found

    def complete(self, run: str) -> StoryBook:
        """The run's book with its landing pages and their listings entered."""
        book = self.book(run)
        for found in self.landings.get(run, []):
            book.landing(found.story)
            key, seen = found.next_key, set()
            while key and (run, key) in self.listings and key not in seen:
                seen.add(key)
                listing = self.listings[(run, key)]
                book.listed(found.story.story_id, listing.article_ids)
                key = listing.next_key
        return book

    def stories(self, stats: Any) -> list[Story]:
        """Every story once, by story id (see ``unite``); a single run's are exactly the
        ones its crawl handed out, with the same ``rtnews/stories/<id>/listed`` stats."""
        runs = sorted(set(self.books) | set(self.landings))  # run ids sort by start time
        per_run = [handed_out(self.complete(run), stats) for run in runs]  # the newest run's stats last
        return unite(per_run[::-1])


def unite(newest_first: list[list[Story]]) -> list[Story]:
    """One story per id from several runs' stories, newest run first: the newest run's
    story, with the ids of older runs it lacks added after its own, in run order.

    >>> s = lambda ids, title: Story("7", title, "u", None, None, ids)
    >>> [(x.title, x.article_ids) for x in unite([[s(["3", "1"], "new")], [s(["1", "2"], "old")]])]
    [('new', ['3', '1', '2'])]
    """
    united: dict[str, Story] = {}
    for stories in newest_first:
        for story in stories:
            found = united.get(story.story_id)
            if found is None:
                united[story.story_id] = replace(story, article_ids=list(story.article_ids))
            else:
                known = set(found.article_ids)
                found.article_ids.extend(i for i in story.article_ids if i not in known)
    return [united[key] for key in sorted(united)]


class ArticleTries:
    """Article pages by run: each article counts once per run, as its one request does in
    the crawl, and fails only when no response of the run gave it (a retried 503 that
    then worked is no failure). A run's failures are let out when the next run's pages
    begin (a WARC folder holds the runs' files in run order) and at the end."""

    def __init__(self) -> None:
        self.run: str | None = None
        self.seen: set[str] = set()
        self.pending: dict[str, PageFailed] = {}

    def tried(self, run: str, key: str) -> tuple[bool, list[PageFailed]]:
        """(first try of ``key`` in its run, the failures of a run that just ended)."""
        ended = self.finish() if run != self.run else []
        self.run = run
        first = key not in self.seen
        self.seen.add(key)
        return first, ended

    def failed(self, failure: PageFailed) -> None:
        self.pending[failure.article_id or failure.url] = failure

    def worked(self, key: str) -> None:
        self.pending.pop(key, None)

    def finish(self) -> list[PageFailed]:
        ended = list(self.pending.values())
        self.pending, self.seen = {}, set()
        return ended


# --- the run: one adapter to the crawl's state, pipelines, exports, report and lock -------

class RunStats:
    """The part of Scrapy's stats collector the components use, for a run without a crawler."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def get_value(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def set_value(self, key: str, value: Any) -> None:
        self.values[key] = value

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self.values[key] = self.values.get(key, start) + count

    def get_stats(self) -> dict[str, Any]:
        return self.values


def project_thresholds() -> Thresholds:
    """The run checks' limits of the project settings (``RTNEWS_REPORT_*``)."""
    settings = Settings()
    settings.setmodule("rtnews.settings", priority="project")
    return thresholds(settings)


class DatasetRun:
    """A run written into a data directory by the crawl's own components.

    The only place this command touches ``rtnews.lock``, ``rtnews.report``,
    ``rtnews.crawlstate``, ``rtnews.exports`` and ``rtnews.pipelines``: they are built
    with explicit values as their ``from_crawler`` would build them, wired as the crawl
    wires them when the spider opens, and called in the crawl's signal order, which is
    their order in ``settings.EXTENSIONS`` (``COMPONENTS``; a test keeps the two equal).
    The run stands in for the crawler of ``rtnews.outcome``: components note why a run
    fails and ask it to stop.
    """

    COMPONENTS = (CrawlLock, RunReport, CrawlState, DatasetExports)
    PIPELINES = (CleanTextPipeline, QualityGatePipeline, DedupePipeline)

    def __init__(self, out: Path, stats: RunStats, limits: Thresholds | None = None,
                 run: str | None = None) -> None:
        self.run_id = run or new_run_id()
        self.stats = stats
        self.stop_reason: str | None = None
        self.clock = time.monotonic()
        state_file = out / "state.sqlite"
        self.lock = CrawlLock(lock_path(state_file))
        self.report = RunReport(out, stats, limits or project_thresholds(), write=True, run=self.run_id)
        self.state = CrawlState(state_file, stats, run=self.run_id)
        self.exports = DatasetExports(out, True, self.run_id, stats)
        self.lock.stop = self.state.stop_crawl = self.stop
        self.exports.stop_crawl = lambda reason: self.stop(reason)
        self.report.note = self.exports.note = lambda text: outcome.note(self, text)
        self.report.notes = lambda: outcome.notes(self)
        self.report.full_run = False  # the archive, not the site, decides what there is
        self.report.state = self.state
        self.state.exports, self.exports.state = self.exports, self.state
        self.pipelines: list[Any] = [
            CleanTextPipeline(), QualityGatePipeline(stats), DedupePipeline(stats, self.state)]

    def stop(self, reason: str, text: str = "") -> None:
        """A component asks the run to stop (the first reason wins)."""
        if text:
            outcome.note(self, text)
        self.stop_reason = self.stop_reason or reason

    def open(self) -> bool:
        """As the crawl when its spider opens: take the state's lock, then check that the
        state and the run's files can be used; False (after one log line) when the run
        cannot start."""
        self.stats.set_value("start_time", datetime.now(UTC))
        self.lock.spider_opened(None)
        if self.stop_reason is None:
            self.state.preflight()
        return self.stop_reason is None

    def item(self, item: Article | Story) -> None:
        """An item through the pipelines into the run's files (as Scrapy's scraper does)."""
        for pipeline in self.pipelines:
            try:
                item = pipeline.process_item(item)
            except DropItem:
                self.stats.inc_value("item_dropped_count")
                self.report.item_dropped(item)
                return
        self.stats.inc_value("item_scraped_count")
        self.report.item_scraped(item)
        self.exports.item_scraped(item)

    def fetched(self, article_id: str) -> None:
        """An article page gave its article (as ``RtArabicSpider.article_items`` tells the state)."""
        self.state.fetched(article_id)

    def failed(self, article_id: str, reason: str) -> None:
        """An article page gave no article (as the spider's ``note_failure``)."""
        self.state.failed(article_id, reason)

    def close(self, reason: str = FINISHED) -> outcome.Outcome:
        """Close like a crawl (stats, run files, report, state, lock); the run's outcome."""
        reason = self.stop_reason or reason
        self.stats.set_value("finish_time", datetime.now(UTC))  # as Scrapy's CoreStats
        self.stats.set_value("finish_reason", reason)
        self.stats.set_value("elapsed_time_seconds", round(time.monotonic() - self.clock, 3))
        try:
            self.report.spider_closed(reason)
            self.state.spider_closed(reason)
            self.exports.spider_closed(reason)
            self.report.engine_stopped()
            self.state.engine_stopped()
        finally:
            self.lock.release()
        return self.report.outcome or outcome.outcome(reason, outcome.notes(self))


# --- the command --------------------------------------------------------------------------

@dataclass
class Summary:
    run: str
    status: str
    exit_code: int
    reason: str
    read_errors: list[str]
    stats: dict[str, Any]
    report: Path | None


class Writer:
    """Outcomes into a ``DatasetRun``: counters, failures, articles, then the stories."""

    def __init__(self, run: DatasetRun) -> None:
        self.run = run
        self.stats = run.stats
        self.stories = StoryAssembler()
        self.tries = ArticleTries()
        self.read_errors: list[str] = []

    def handle(self, found: Outcome) -> None:
        if isinstance(found, ArticleFound):
            self.article_page(found.run, found.article.article_id)
            self.tries.worked(found.article.article_id)
            self.stats.inc_value("rtnews/pages/article")
            self.run.fetched(found.article.article_id)
            self.stories.article(found)
            self.run.item(found.article)
        elif isinstance(found, PageFailed):
            self.article_page(found.run, found.article_id or found.url)
            self.tries.failed(found)
        elif isinstance(found, StoryFound | ListingFound):
            if isinstance(found, StoryFound):
                self.stats.inc_value("rtnews/pages/story")
            self.stories.add(found)
        elif isinstance(found, Counted):
            self.stats.inc_value(found.counter)
        elif isinstance(found, PageError):
            self.page_error(found)
        else:
            self.stats.inc_value("rtnews/reextract/read_errors")
            logger.error("WARC file not read to its end: %s", found.message)
            self.read_errors.append(found.path)

    def article_page(self, run: str, key: str) -> None:
        """Count an article request once per run; record the failures of a run that ended."""
        first, ended = self.tries.tried(run, key)
        if first:
            self.stats.inc_value("rtnews/links/article")
        self.record_failures(ended)

    def page_error(self, found: PageError) -> None:
        """As the crawl: Scrapy counts the exception, ``rtnews.losses`` the lost article."""
        self.stats.inc_value(f"spider_exceptions/{found.error}")
        logger.error("Extraction failed on %s: %s: %s", found.url, found.error, found.message)
        if found.article_id:
            reason = "extract_error"
            self.article_page(found.run, found.article_id)
            self.tries.failed(PageFailed(found.run, found.url, found.article_id, reason,
                                         f"rtnews/articles/failed/{reason}"))

    def record_failures(self, failures: list[PageFailed]) -> None:
        """Count and keep the final failures (one per article and run, as the crawl's errback)."""
        for failure in failures:
            self.stats.inc_value(failure.counter)
            logger.warning("No article at %s: %s", failure.url, failure.reason)
            if failure.article_id:
                self.run.failed(failure.article_id, failure.reason)

    def write(self, outcomes: Iterable[Outcome]) -> str:
        """Every outcome, then the stories; the finish reason."""
        try:
            for found in outcomes:
                self.handle(found)
                if self.run.stop_reason:  # a write failed: stop as the crawl stops
                    return self.run.stop_reason
            self.record_failures(self.tries.finish())
            for story in self.stories.stories(self.stats):
                self.run.item(story)
            return FINISHED
        finally:
            close = getattr(outcomes, "close", None)
            if close is not None:  # worker processes and part files go now, not at garbage collection
                close()
            self.stats.set_value("response_received_count",
                                 self.stats.get_value("rtnews/reextract/responses", 0))


def reextract(inputs: Iterable[Path], out: Path, jobs: int = 1) -> Summary:
    """Re-extract the WARC files (or folders of them) into a new run in ``out``."""
    files = warc_files(inputs)
    out = out.expanduser().resolve()

    def outcomes() -> Iterator[Outcome]:
        # Worker part files go beside the run (a large archive makes large parts; /tmp may be small).
        with tempfile.TemporaryDirectory(dir=out, prefix=".reextract-") as work_dir:
            yield from all_outcomes(files, jobs, Path(work_dir))

    return write_run(outcomes(), out, {"rtnews/reextract/files": len(files)})


def write_run(outcomes: Iterable[Outcome], out: Path, counters: dict[str, Any] | None = None) -> Summary:
    """A new run in ``out`` made of the outcomes (of archived responses); nothing is read
    from ``outcomes`` when the run cannot start."""
    out = out.expanduser().resolve()
    stats = RunStats()
    stats.set_value("rtnews/reextract/extractor_version", extractor_version())
    for key, value in (counters or {}).items():
        stats.set_value(key, value)
    run = DatasetRun(out, stats)
    writer = Writer(run)
    reason = FINISHED
    if run.open():
        try:
            reason = writer.write(outcomes)
        except StateError as exc:  # the state failed under the run (a full disk)
            logger.error("%s (finish reason state_error)", exc)
            run.stop("state_error", str(exc))
        except KeyboardInterrupt:
            logger.warning("Interrupted: closing the run (finish reason %s)", SHUTDOWN)
            reason = SHUTDOWN
    result = run.close(reason)
    return Summary(run.run_id, result.status, result.exit_code, result.reason, writer.read_errors,
                   stats.get_stats(), run.report.path)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Run the page objects and item pipelines over archived responses (no network) and "
        "write the result as a new run (dataset files, state, report) into --out. Exit status "
        "as scrapy crawl's: 0 ok, 5 state error, 6 output error, 7 failed checks (a damaged "
        "WARC file too), 8 interrupted, 75 the state is in use; 2 a wrong command line.")
    parser.add_argument("warc", nargs="+", type=Path, metavar="WARC",
                        help="WARC files, or folders whose *.warc.gz files are read (in name order)")
    parser.add_argument("--out", type=Path, required=True, help="data directory of the new run")
    parser.add_argument("--jobs", type=int, default=1, metavar="N",
                        help="worker processes, each extracting whole files (default 1)")
    parser.set_defaults(func=run_command)


def usage_error(args: argparse.Namespace) -> str | None:
    missing = [str(p) for p in args.warc if not p.exists()]
    if missing:
        return f"no such file or folder: {', '.join(missing)}"
    if not warc_files(args.warc):
        return f"no *.warc.gz file in {', '.join(map(str, args.warc))}"
    if args.jobs < 1:
        return "--jobs must be at least 1"
    return None


def run_command(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s [%(name)s] %(levelname)s: %(message)s")
    error = usage_error(args)
    if error:
        print(f"rtnews reextract: {error}", file=sys.stderr)
        return EXIT_USAGE
    summary = reextract(args.warc, args.out, args.jobs)
    stats = summary.stats
    line = (f"run {summary.run} in {args.out}: {stats.get('rtnews/reextract/responses', 0)} responses from "
            f"{stats.get('rtnews/reextract/files', 0)} files, "
            f"{stats.get('rtnews/exported/articles', 0)} articles and "
            f"{stats.get('rtnews/exported/stories', 0)} stories exported"
            + (f"; {len(summary.read_errors)} files damaged" if summary.read_errors else "")
            + f"; report {summary.status}"
            + ("" if summary.status == outcome.OK else f" ({summary.reason})")
            + f"; exit status {summary.exit_code}")
    print(line)
    if summary.status != outcome.OK:
        print(f"rtnews reextract: {summary.reason}", file=sys.stderr)
    return summary.exit_code
