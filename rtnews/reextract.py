"""``rtnews reextract``: the crawl's page objects and item pipelines over archived pages, offline.

    rtnews reextract WARC_OR_FOLDER... --out DIR [--jobs N]

Reads the response records of WARC files (a crawl's ``data/warc/``, captures, any
WARC of arabic.rt.com pages), routes each by ``rtnews.urls.classify_url`` as the
spider does (articles to ``ArticlePage``, story landing pages to ``StoryPage``,
story listings completing their story), and sends the items through the pipelines
of ``ITEM_PIPELINES`` (cleaning, quality gate, deduplication against DIR's state) into
the dataset files of a new run in DIR, named by a new run id, with its own
``state.sqlite``, ``run_<id>.json`` and ``report_<id>.json``: a data directory
``rtnews dataset build`` reads like a crawl's. Nothing is fetched. Each item gets the
fetch time of its record as ``crawled_at``; articles read the feed or sitemap date
the crawl had for them (``date-hint`` in the metadata record).

Run it again into the same DIR after improving the extractor: articles whose text
changed are exported with ``revision`` + 1, unchanged ones are dropped as
``already_exported``. The same article in several WARC files (re-fetches) is
processed in file order. A story found in several runs is exported once, from the
newest run.

``--jobs N``: N worker processes extract whole files (one file is the unit of work)
and write what they found to part files; this process alone runs the pipelines and
writes the run, in file order, so the output is the same as with ``--jobs 1``.
An unreadable or torn WARC file is reported (log, ``rtnews/reextract/read_errors``)
after what it held up to the damage was used, and the command exits 1.

Calls into the page objects are all in ``page_outcomes``; calls into the crawl's state,
pipelines, exports, report and lock are all in ``DatasetRun``.
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

from rtnews import urls
from rtnews.crawlstate import CrawlState
from rtnews.exports import DatasetExports
from rtnews.items import Article, Story
from rtnews.lock import CrawlLock, lock_path
from rtnews.pages.article import ArticlePage
from rtnews.pages.listing import ListingPage, StoryPage
from rtnews.pipelines import CleanTextPipeline, DedupePipeline, QualityGatePipeline
from rtnews.report import RunReport
from rtnews.runid import new_run_id
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


# --- what an archived response gives ----------------------------------------------------

@dataclass(frozen=True, slots=True)
class ArticleFound:
    article: Article


@dataclass(frozen=True, slots=True)
class PageFailed:
    """An article URL that gave no article: HTTP error, challenge page, not an article."""

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

    url: str
    error: str
    message: str


Outcome = ArticleFound | PageFailed | StoryFound | ListingFound | Counted | ReadFailed | PageError


# The code that decides what a page yields: its hash names the extractor's version.
EXTRACTION_SOURCES = ("pages/*.py", "urls.py", "dates.py", "textclean.py", "fingerprint.py", "pipelines.py",
                      "items.py")


def extractor_version() -> str:
    """``<package version>+<12 hex digits of the extraction sources' SHA-1>``: changes with the
    code of the page objects, URL rules, dates, cleaning and pipelines."""
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


def page_outcomes(response: ArchivedResponse) -> list[Outcome]:
    """What the spider's callbacks make of one archived response: the adapter to the page objects.

    Mirrors ``RtArabicSpider.parse_article``, ``parse_story`` and ``parse_story_listing``
    (and ``article_failed`` for error answers to article requests).
    """
    site = (response.metadata.get("site") or origin(response.url)).rstrip("/")
    info = urls.classify_url(response.url, hosts={urlsplit(response.url).netloc, urlsplit(site).netloc})
    if info.kind not in PAGE_KINDS:
        return []
    if not 200 <= response.status < 300:
        if info.kind is urls.UrlKind.ARTICLE and response.status >= 400:
            reason = f"http_{response.status}"
            return [PageFailed(response.url, info.article_id, reason, f"rtnews/articles/failed/{reason}")]
        return []  # a redirect: its target is archived as a response of its own
    page = text_response(response)
    if page is None:
        return [Counted("rtnews/pages/not_html")]
    if info.kind is urls.UrlKind.ARTICLE:
        return [article_outcome(response, page.text, site, info)]
    run = response.metadata.get("run-id") or str(response.path)
    if info.kind is urls.UrlKind.STORY:
        story_page = StoryPage(response.url, page.text, site=site)
        story = story_page.to_item(crawled_at=response.crawled_at)
        if story is None:
            return []
        next_page = story_page.next_page()
        return [StoryFound(run, story, url_key(next_page) if next_page else None)]
    listing = ListingPage(response.url, page.text, site=site)
    next_page = listing.next_page()
    return [ListingFound(run, url_key(response.url), listing.article_ids(),
                         url_key(next_page) if next_page else None)]


def article_outcome(response: ArchivedResponse, html: str, site: str, info: urls.UrlInfo) -> Outcome:
    page = ArticlePage(response.url, html, site=site, date_hint=response.metadata.get("date-hint"),
                       date_hint_source=response.metadata.get("date-hint-source") or "feed")
    result = page.extract(crawled_at=response.crawled_at)
    if result.article is None:
        reason = result.reason or "not_article"
        return PageFailed(response.url, info.article_id, reason, f"rtnews/pages/{reason}")
    return ArticleFound(result.article)


def response_outcomes(responses: Iterable[ArchivedResponse]) -> Iterator[Outcome]:
    for response in responses:
        yield Counted("rtnews/reextract/responses")
        yield Counted(f"downloader/response_status_count/{response.status}")
        try:
            yield from page_outcomes(response)
        except Exception as exc:  # one bad page must not end the run, as in a crawl
            yield PageError(response.url, type(exc).__name__, str(exc))


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
        for outcome in file_outcomes(Path(path)):
            pickle.dump(outcome, part, protocol=pickle.HIGHEST_PROTOCOL)
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
    """Stories from their landing pages and "load more" listings, as the spider chains them."""

    def __init__(self) -> None:
        self.landings: dict[tuple[str, str], StoryFound] = {}
        self.listings: dict[tuple[str, str], ListingFound] = {}

    def add(self, found: StoryFound | ListingFound) -> None:
        if isinstance(found, StoryFound):
            self.landings[(found.run, found.story.story_id)] = found
        else:
            self.listings[(found.run, found.key)] = found

    def stories(self) -> Iterator[Story]:
        """Each story once per run, newest run first (run ids sort by start time)."""
        for (run, _), found in sorted(self.landings.items(), key=lambda kv: kv[0][0], reverse=True):
            ids = list(found.story.article_ids)
            key, seen = found.next_key, set()
            while key and (run, key) in self.listings and key not in seen:
                seen.add(key)
                listing = self.listings[(run, key)]
                known = set(ids)
                ids.extend(i for i in listing.article_ids if i and i not in known)
                key = listing.next_key
            yield replace(found.story, article_ids=ids)


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


class DatasetRun:
    """A run written into a data directory the way a crawl writes it.

    The only place this command touches ``rtnews.crawlstate``, ``rtnews.exports``,
    ``rtnews.report``, ``rtnews.lock`` and ``rtnews.pipelines``: re-point it here when
    those change.
    """

    def __init__(self, out: Path, run: str, stats: RunStats) -> None:
        state_file = out / "state.sqlite"
        self.stats = stats
        self.lock = CrawlLock(lock_path(state_file))
        self.state = CrawlState(state_file, stats)
        self.exports = DatasetExports(out, True, stamp=run, stats=stats)
        self.exports.state = self.state
        self.report = RunReport(out, stats, stamp=run)
        self.report.full_run = False  # the archive, not the site, decides what there is
        self.pipelines: list[Any] = [
            CleanTextPipeline(), QualityGatePipeline(stats), DedupePipeline(stats, self.state)]

    def open(self) -> bool:
        """Lock the state (False when a crawl or another re-extraction holds it) and open it."""
        if not self.lock.acquire():
            return False
        self.state.open()
        return True

    def item(self, item: Article | Story) -> None:
        for pipeline in self.pipelines:
            try:
                item = pipeline.process_item(item)
            except DropItem:
                self.report.item_dropped(item)
                return
        self.exports.item_scraped(item)
        self.report.item_scraped(item)

    def fetched(self, article_id: str) -> None:
        self.state.fetched(article_id)

    def failed(self, article_id: str, reason: str) -> None:
        self.state.failed(article_id, reason)

    def close(self, reason: str) -> str:
        """Close like a crawl (stats, run files, report); returns the report status."""
        self.state.spider_closed(reason)
        self.report.spider_closed(reason)
        self.exports.spider_closed(reason)
        self.state.engine_stopped()
        self.report.engine_stopped()
        self.lock.release()
        return "failed" if self.report.failed else "ok"


# --- the command --------------------------------------------------------------------------

@dataclass
class Summary:
    run: str
    status: str
    read_errors: list[str]
    stats: dict[str, Any]


def handle(outcome: Outcome, run: DatasetRun, stats: RunStats, stories: StoryAssembler,
           errors: list[str]) -> None:
    if isinstance(outcome, ArticleFound):
        stats.inc_value("rtnews/links/article")
        stats.inc_value("rtnews/pages/article")
        run.fetched(outcome.article.article_id)
        run.item(outcome.article)
    elif isinstance(outcome, PageFailed):
        stats.inc_value("rtnews/links/article")
        stats.inc_value(outcome.counter)
        if outcome.article_id:
            run.failed(outcome.article_id, outcome.reason)
    elif isinstance(outcome, StoryFound | ListingFound):
        stories.add(outcome)
    elif isinstance(outcome, Counted):
        stats.inc_value(outcome.counter)
    elif isinstance(outcome, PageError):
        stats.inc_value(f"spider_exceptions/{outcome.error}")
        logger.error("Extraction failed on %s: %s: %s", outcome.url, outcome.error, outcome.message)
    else:
        stats.inc_value("rtnews/reextract/read_errors")
        logger.error("WARC file not read to its end: %s", outcome.message)
        errors.append(outcome.path)


def reextract(inputs: Iterable[Path], out: Path, jobs: int = 1) -> Summary:
    """Re-extract the WARC files (or folders of them) into a new run in ``out``."""
    files = warc_files(inputs)
    out = out.expanduser().resolve()
    out.mkdir(parents=True, exist_ok=True)
    # Worker part files go beside the run (a large archive makes large parts; /tmp may be small).
    with tempfile.TemporaryDirectory(dir=out, prefix=".reextract-") as work_dir:
        outcomes = all_outcomes(files, jobs, Path(work_dir))
        return write_run(outcomes, out, {"rtnews/reextract/files": len(files)})


def write_run(outcomes: Iterable[Outcome], out: Path, counters: dict[str, Any] | None = None) -> Summary:
    """A new run in ``out`` made of the outcomes (of archived responses)."""
    out = out.expanduser().resolve()
    out.mkdir(parents=True, exist_ok=True)
    stats, run_name = RunStats(), new_run_id()
    stats.set_value("start_time", datetime.now(UTC))
    stats.set_value("rtnews/reextract/extractor_version", extractor_version())
    for key, value in (counters or {}).items():
        stats.set_value(key, value)
    run = DatasetRun(out, run_name, stats)
    if not run.open():
        raise RuntimeError(f"another crawl or re-extraction holds the state in {out}")
    stories, errors = StoryAssembler(), list[str]()
    clock = time.monotonic()
    for outcome in outcomes:
        handle(outcome, run, stats, stories, errors)
    for story in stories.stories():
        run.item(story)
    stats.set_value("response_received_count", stats.get_value("rtnews/reextract/responses", 0))
    stats.set_value("elapsed_time_seconds", round(time.monotonic() - clock, 3))
    stats.set_value("finish_time", datetime.now(UTC))
    stats.set_value("finish_reason", "finished")
    status = run.close("finished")
    return Summary(run_name, status, errors, stats.get_stats())


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Run the page objects and item pipelines over archived responses (no network) and "
        "write the result as a new run (dataset files, state, report) into --out.")
    parser.add_argument("warc", nargs="+", type=Path, metavar="WARC",
                        help="WARC files, or folders whose *.warc.gz files are read (in name order)")
    parser.add_argument("--out", type=Path, required=True, help="data directory of the new run")
    parser.add_argument("--jobs", type=int, default=1, metavar="N",
                        help="worker processes, each extracting whole files (default 1)")
    parser.set_defaults(func=run_command)


def run_command(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s [%(name)s] %(levelname)s: %(message)s")
    missing = [str(p) for p in args.warc if not p.exists()]
    if missing:
        print(f"rtnews reextract: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    if not warc_files(args.warc):
        print(f"rtnews reextract: no *.warc.gz file in {', '.join(map(str, args.warc))}", file=sys.stderr)
        return 2
    if args.jobs < 1:
        print("rtnews reextract: --jobs must be at least 1", file=sys.stderr)
        return 2
    try:
        summary = reextract(args.warc, args.out, args.jobs)
    except RuntimeError as exc:
        print(f"rtnews reextract: {exc}", file=sys.stderr)
        return 1
    stats = summary.stats
    print(f"run {summary.run} in {args.out}: {stats.get('rtnews/reextract/responses', 0)} responses from "
          f"{stats.get('rtnews/reextract/files', 0)} files, "
          f"{stats.get('rtnews/exported/articles', 0)} articles and "
          f"{stats.get('rtnews/exported/stories', 0)} stories exported; report {summary.status}"
          + (f"; {len(summary.read_errors)} files damaged" if summary.read_errors else ""))
    return 0 if summary.status == "ok" and not summary.read_errors else 1
