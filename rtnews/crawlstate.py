"""The crawl's view of its state across runs: a Scrapy extension around a ``SeenStore``.

The spider asks it which article ids to skip (exported before, or failed recently),
the pipelines ask it whether an article is new, changed or a near-duplicate, and the
exports tell it when an article has been durably written.

When the spider opens, before the first request, it checks that the run can keep its
promises (``preflight``): the state file must be a state of a known schema version and
writable (it is migrated forward if older), killed runs are repaired, the run's dataset
files are created and the run is entered in the runs table. Any failure stops the crawl
before it fetches anything, with one ERROR line and the finish reason ``state_error``
or ``output_error``. A job stopped by a bad argument or the overlap guard never touches
the state.

With ``RTNEWS_EXPORTS`` off nothing keeps the articles for the dataset, so the state
is only read (known articles are still skipped) and never written: no article, failure,
story or run is recorded, and the next dataset run still exports every new article.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.exceptions import CloseSpider

from rtnews import outcome
from rtnews.exports import DatasetExports
from rtnews.fingerprint import NearDuplicateIndex
from rtnews.idset import IdSet
from rtnews.items import Article, Story
from rtnews.repair import recover_runs
from rtnews.runid import run_id
from rtnews.state import (
    RunOutcome,
    SeenArticle,
    SeenStore,
    SqliteSeenStore,
    StateError,
    error_of,
    iso,
    state_path,
)

logger = logging.getLogger(__name__)
STATE_ERROR = "state_error"
OUTPUT_ERROR = "output_error"


@dataclass
class StoryCoverage:
    story_id: str
    shown: int | None
    members: list[str] = field(default_factory=list)
    """Every article id of the story, this run's and earlier runs'."""


class CrawlState:
    """Extension: incremental crawling, cross-run deduplication, story coverage."""

    def __init__(self, path: Path, stats: Any, refetch_days: int = 0, writable: bool = True,
                 run: str = "run") -> None:
        self.path = path
        self.stats = stats
        self.refetch_days = refetch_days
        self.writable = writable
        self.run_id = run
        self.store: SeenStore | None = None
        self.run_open = False  # this run is in the runs table
        self.skip_ids: IdSet = IdSet()
        self.failed_ids: set[str] = set()  # pages with a failure on record (to clear on success)
        self.refetch_ids: set[str] = set()
        self.exported_ids: IdSet = IdSet()
        self.near = NearDuplicateIndex()
        self.stories: dict[str, StoryCoverage] = {}
        self.exports: DatasetExports | None = None
        self.stop_crawl: Any = None  # rtnews.outcome.stop for this crawl (rtnews.startgate)

    @classmethod
    def from_crawler(cls, crawler: Any) -> CrawlState:
        ext = cls(state_path(crawler.settings), crawler.stats,
                  crawler.settings.getint("RTNEWS_REFETCH_DAYS"),
                  writable=crawler.settings.getbool("RTNEWS_EXPORTS", True), run=run_id(crawler))
        ext.stop_crawl = lambda reason, text: outcome.stop(crawler, reason, text)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        crawler.signals.connect(lambda spider: ext.spider_opened(crawler, spider),
                                signal=signals.spider_opened, weak=False)
        return ext

    def spider_opened(self, crawler: Any, spider: Any) -> None:
        """Attach to the exports, then check the run can start (see module docstring)."""
        self.exports = crawler.get_extension(DatasetExports)
        if self.exports is not None:
            self.exports.state = self
        if getattr(spider, "argument_error", None) or outcome.stop_reason(crawler):
            return  # the spider closes as bad_argument, or the lock stopped it (already_running)
        self.preflight()

    # --- opening ------------------------------------------------------------------
    def preflight(self, now: datetime | None = None) -> bool:
        """Open the state and the run's files before the first request; False (after one
        ERROR line and a stop request) when the run cannot start."""
        now = now or datetime.now(UTC)
        try:
            self.open(now)
        except StateError as exc:
            return self.stop(STATE_ERROR, str(exc))
        if not self.writable or self.exports is None or not self.exports.enabled:
            return True
        assert self.store is not None
        self.store.open_run(self.run_id, self.exports.path(Article), iso(now))
        self.run_open = True
        try:
            self.exports.open_run()
        except OSError as exc:
            self.store.close_run(self.run_id)  # nothing to repair: no file was made
            return self.stop(OUTPUT_ERROR, f"Cannot write the dataset files in"
                             f" {self.exports.data_dir} ({exc.strerror or exc}:"
                             f" {getattr(exc, 'filename', '') or ''}); make it writable by the"
                             " crawl's user or point RTNEWS_DATA_DIR elsewhere")
        return True

    def stop(self, reason: str, message: str) -> bool:
        logger.error("%s (finish reason %s)", message, reason)
        if self.stop_crawl is None:
            raise CloseSpider(reason)
        self.stop_crawl(reason, message)
        return False

    def open(self, now: datetime | None = None) -> SeenStore:
        """Open the store (once), repair killed runs, load what the crawl must skip."""
        if self.store is not None:
            return self.store
        now = now or datetime.now(UTC)
        store = self.store = SqliteSeenStore(self.path, readonly=not self.writable)
        if self.writable:
            self.repair(store, now)
        elif store.crashed_runs():
            logger.warning("State %s has runs that did not close; the next dataset run"
                           " (RTNEWS_EXPORTS on) repairs them", self.path)
        # One compact id set serves as the skip set: known ids, less those to re-fetch,
        # plus failed pages still waiting (set operators on 1.7 M ids would loop in Python).
        known = store.known_ids()
        known_count = len(known)
        if self.refetch_days > 0:
            self.refetch_ids = store.recent_ids(now - timedelta(days=self.refetch_days))
        blocked = store.blocked_ids(now)
        waiting = sum(1 for article_id in blocked if article_id not in known)
        for article_id in self.refetch_ids:
            known.discard(article_id)
        known.update(blocked)
        self.skip_ids = known
        self.failed_ids = store.failed_ids()
        for article_id, value in store.simhashes():
            self.near.add(article_id, value)
        logger.info("State %s%s: %d articles known, %d to re-fetch, %d failed pages waiting",
                    self.path, "" if self.writable else " (read only: RTNEWS_EXPORTS is off)",
                    known_count, len(self.refetch_ids), waiting)
        self.stats.set_value("rtnews/state/known_articles", known_count)
        return store

    def repair(self, store: SeenStore, now: datetime) -> None:
        done = recover_runs(store, iso(now))
        for repaired in done.repaired:
            logger.warning("Repaired the outputs of run %s, which did not close", repaired)
            self.stats.inc_value("rtnews/state/runs_repaired")
        if done.set_aside:
            self.stats.inc_value("rtnews/state/runs_set_aside", len(done.set_aside))
        if done.dropped_lines:
            logger.warning("Dropped %d torn or broken lines from killed runs' files",
                           done.dropped_lines)
            self.stats.inc_value("rtnews/state/lines_dropped", done.dropped_lines)

    # --- the spider ---------------------------------------------------------------
    def should_skip(self, article_id: str) -> bool:
        return article_id in self.skip_ids

    def failed(self, article_id: str, reason: str) -> None:
        if self.writable:
            self.open().record_failure(article_id, reason, datetime.now(UTC))
        self.failed_ids.add(article_id)

    def fetched(self, article_id: str) -> None:
        """A page that failed before and works now loses its failure record."""
        if article_id in self.failed_ids:
            if self.writable:
                self.open().clear_failure(article_id)
            self.failed_ids.discard(article_id)

    # --- the pipelines ------------------------------------------------------------
    def classify(self, article: Article) -> tuple[str, int]:
        """("new" | "changed" | "unchanged", revision) of an extracted article."""
        known = self.open().get(article.url_hash)
        if known is None:
            return "new", 1
        if known.content_hash == article.content_hash:
            return "unchanged", known.revision
        return "changed", known.revision + 1

    def near_duplicate(self, article: Article) -> str | None:
        return self.near.find(article.article_id, int(article.simhash or "0", 16))

    def story_seen(self, story: Story, now: str) -> tuple[str, str, list[str]]:
        """Record a story and this run's ids of it; (first seen, last seen, every id):
        this run's ids in their order, then those of earlier runs, newest sighting first.
        A state only read (``RTNEWS_EXPORTS`` off) records nothing."""
        store = self.open()
        if self.writable:
            first, last = store.record_story(story.story_id, story.title, now)
            store.record_story_articles(story.story_id, story.article_ids, now)
        else:
            first, last = store.story_first_seen(story.story_id) or now, now
        current = set(story.article_ids)
        members = list(story.article_ids) + [
            i for i in store.story_article_ids(story.story_id) if i not in current]
        self.stories[story.story_id] = StoryCoverage(story.story_id, story.article_count_shown, members)
        return first, last, members

    # --- the exports --------------------------------------------------------------
    def written(self, article: Article) -> None:
        """Record an article once it is durably in the output (never before)."""
        value = int(article.simhash or "0", 16)
        self.near.add(article.article_id, value)
        self.exported_ids.add(article.article_id)
        if not self.writable:
            return
        now = iso(datetime.now(UTC))
        store = self.open()
        try:
            known = store.get(article.url_hash)
            store.record(SeenArticle(
                article.url_hash, article.article_id, article.url, article.published_at,
                article.content_hash, value, article.revision,
                known.first_seen_at if known else now, now))
            for story_id in article.story_ids:  # membership from the article's own story links
                store.record_story_articles(story_id, [article.article_id], now)
        except sqlite3.Error as exc:  # a full disk: the next run records it from the file
            raise error_of(self.path, exc) from None

    def close_run(self) -> None:
        """The run's files are complete: nothing left to repair."""
        if self.store is not None and self.run_open:
            self.store.close_run(self.run_id)

    def finish_run(self, result: RunOutcome) -> None:
        """Keep the run's outcome for ``rtnews check`` (from the run report)."""
        if self.store is not None and self.run_open:
            try:
                self.store.finish_run(self.run_id, result)
            except sqlite3.Error as exc:
                logger.error("Cannot keep the outcome of run %s in %s: %s", self.run_id, self.path, exc)

    # --- closing ------------------------------------------------------------------
    def spider_closed(self, reason: str) -> None:
        if self.store is None:
            return
        known = self.store.known_ids()
        known.update(self.exported_ids)  # a read-only state records none of them
        for cov in sorted(self.stories.values(), key=lambda c: c.story_id):
            collected = sum(1 for article_id in cov.members if article_id in known)
            prefix = f"rtnews/stories/{cov.story_id}"
            listed = self.stats.get_value(f"{prefix}/listed", 0)
            self.stats.set_value(f"{prefix}/collected", collected)
            self.stats.set_value(f"{prefix}/members", len(cov.members))
            if cov.shown is not None:
                self.stats.set_value(f"{prefix}/shown", cov.shown)
            logger.info("Story coverage %s: %d articles collected of %s shown (%d listed this run,"
                        " %d known members)", cov.story_id, collected,
                        cov.shown if cov.shown is not None else "?", listed, len(cov.members))

    def engine_stopped(self) -> None:
        """Closed after the run report recorded the run's outcome (see settings EXTENSIONS)."""
        if self.store is not None:
            self.store.close()
            self.store = None
