"""The crawl's view of its state across runs: a Scrapy extension around a ``SeenStore``.

The spider asks it which article ids to skip (exported before, or failed recently),
the pipelines ask it whether an article is new, changed or a near-duplicate, and the
exports tell it when an article has been durably written. The store is opened on
first use, after the spider is open, so a job stopped by the overlap guard or a bad
argument never touches the state. Opening repairs runs that were killed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from scrapy import signals

from rtnews.exports import DatasetExports, rewrite_outputs
from rtnews.fingerprint import NearDuplicateIndex
from rtnews.items import Article, Story
from rtnews.state import SeenArticle, SeenStore, SqliteSeenStore, iso, recover_runs, state_path

logger = logging.getLogger(__name__)


@dataclass
class StoryCoverage:
    story_id: str
    shown: int | None
    members: list[str] = field(default_factory=list)
    """Every article id of the story, this run's and earlier runs'."""


class CrawlState:
    """Extension: incremental crawling, cross-run deduplication, story coverage."""

    def __init__(self, path: Path, stats: Any, refetch_days: int = 0) -> None:
        self.path = path
        self.stats = stats
        self.refetch_days = refetch_days
        self.store: SeenStore | None = None
        self.skip_ids: set[str] = set()
        self.failed_ids: set[str] = set()  # pages with a failure on record (to clear on success)
        self.refetch_ids: set[str] = set()
        self.exported_ids: set[str] = set()
        self.near = NearDuplicateIndex()
        self.stories: dict[str, StoryCoverage] = {}
        self.rewrite: Any = rewrite_outputs

    @classmethod
    def from_crawler(cls, crawler: Any) -> CrawlState:
        ext = cls(state_path(crawler.settings), crawler.stats,
                  crawler.settings.getint("RTNEWS_REFETCH_DAYS"))
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        crawler.signals.connect(lambda: ext.attach(crawler), signal=signals.spider_opened, weak=False)
        return ext

    def attach(self, crawler: Any) -> None:
        """Let the exports report durable writes to this state."""
        exports = crawler.get_extension(DatasetExports)
        if exports is not None:
            exports.state = self

    # --- opening ------------------------------------------------------------------
    def open(self, now: datetime | None = None) -> SeenStore:
        """Open the store (once), repair killed runs, load what the crawl must skip."""
        if self.store is not None:
            return self.store
        now = now or datetime.now(UTC)
        store = self.store = SqliteSeenStore(self.path)
        repaired = recover_runs(store, self.rewrite, iso(now))
        for stamp in repaired:
            logger.warning("Repaired the outputs of run %s, which did not close", stamp)
            self.stats.inc_value("rtnews/state/runs_repaired")
        known = store.known_ids()
        if self.refetch_days > 0:
            self.refetch_ids = store.recent_ids(now - timedelta(days=self.refetch_days))
        self.skip_ids = (known - self.refetch_ids) | store.blocked_ids(now)
        self.failed_ids = store.failed_ids()
        for article_id, value in store.simhashes():
            self.near.add(article_id, value)
        logger.info("State %s: %d articles known, %d to re-fetch, %d failed pages waiting",
                    self.path, len(known), len(self.refetch_ids), len(self.skip_ids - known))
        self.stats.set_value("rtnews/state/known_articles", len(known))
        return store

    # --- the spider ---------------------------------------------------------------
    def should_skip(self, article_id: str) -> bool:
        return article_id in self.skip_ids

    def failed(self, article_id: str, reason: str) -> None:
        self.open().record_failure(article_id, reason, datetime.now(UTC))
        self.failed_ids.add(article_id)

    def fetched(self, article_id: str) -> None:
        """A page that failed before and works now loses its failure record."""
        if article_id in self.failed_ids:
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
        this run's ids in their order, then those of earlier runs, newest sighting first."""
        store = self.open()
        first, last = store.record_story(story.story_id, story.title, now)
        store.record_story_articles(story.story_id, story.article_ids, now)
        current = set(story.article_ids)
        members = list(story.article_ids) + [
            i for i in store.story_article_ids(story.story_id) if i not in current]
        self.stories[story.story_id] = StoryCoverage(story.story_id, story.article_count_shown, members)
        return first, last, members

    # --- the exports --------------------------------------------------------------
    def written(self, article: Article) -> None:
        """Record an article once it is durably in the output (never before)."""
        now = iso(datetime.now(UTC))
        store = self.open()
        known = store.get(article.url_hash)
        value = int(article.simhash or "0", 16)
        store.record(SeenArticle(
            article.url_hash, article.article_id, article.url, article.published_at,
            article.content_hash, value, article.revision,
            known.first_seen_at if known else now, now))
        self.near.add(article.article_id, value)
        self.exported_ids.add(article.article_id)
        for story_id in article.story_ids:  # membership from the article's own story links
            store.record_story_articles(story_id, [article.article_id], now)

    def open_run(self, stamp: str, jsonl: Path) -> None:
        self.open().open_run(stamp, jsonl)

    def close_run(self, stamp: str) -> None:
        if self.store is not None:
            self.store.close_run(stamp)

    # --- closing ------------------------------------------------------------------
    def spider_closed(self, reason: str) -> None:
        if self.store is None:
            return
        known = self.store.known_ids()
        for cov in sorted(self.stories.values(), key=lambda c: c.story_id):
            collected = len(set(cov.members) & known)
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
        """Closed last: the exports record their run's end in spider_closed."""
        if self.store is not None:
            self.store.close()
            self.store = None
