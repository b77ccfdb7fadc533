"""Item pipelines: text cleaning, the completeness gate and deduplication by URL hash.

Order (see ``ITEM_PIPELINES``): clean every stored text field (layer 1) and derive
the folded search fields (layer 2), then drop what is not a usable article, then
drop what this run has already exported. Every drop says why: a stats counter
``rtnews/items/dropped/<reason>`` and a log line.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from scrapy.exceptions import DropItem

from rtnews.crawlstate import CrawlState
from rtnews.dates import is_trusted, parse_iso
from rtnews.fingerprint import MIN_WORDS, simhash_words
from rtnews.idset import IdSet
from rtnews.items import Article, Image, Story
from rtnews.textclean import clean_text, fold_text, quality_flags

logger = logging.getLogger(__name__)


def clean_article(article: Article, now: datetime) -> Article:
    """Layer-1 text of every stored field, layer-2 search fields, quality flags.

    Each paragraph is cleaned once and its clean text folded once; ``fold_text`` of a
    clean text only confirms it is clean (one scan) before folding, which keeps the
    ``*_norm`` fields exactly what folding the stored text gives.
    """
    paragraphs = [p for p in map(clean_text, article.body.split("\n\n")) if p]
    title, lead = clean_text(article.title), clean_text(article.lead)
    flags = set(quality_flags("\n".join([article.title, article.lead, article.body])))
    if article.language != "ar":
        flags.discard("no_arabic")  # an English page of another RT edition
    published = parse_iso(article.published_at) if article.published_at else None
    if published is None:
        flags.add("no_date")
    elif not is_trusted(published, now):
        flags.add("date_untrusted")
    title_norm, body_norm = fold_text(title), "\n\n".join(map(fold_text, paragraphs))
    words = body_norm.split()
    return replace(
        article,
        title=title, lead=lead, body="\n\n".join(paragraphs),
        author=clean_text(article.author) or None,
        source=clean_text(article.source) or None,
        section_label=clean_text(article.section_label) or None,
        images=[Image(i.url, clean_text(i.caption), clean_text(i.credit)) for i in article.images],
        tags=[t for t in (clean_text(x) for x in article.tags) if t],
        title_norm=title_norm,
        lead_norm=fold_text(lead),
        body_norm=body_norm,
        quality_flags=sorted(flags),
        content_hash=hashlib.sha1(f"{title_norm}\n{body_norm}".encode()).hexdigest(),
        simhash=f"{simhash_words(words):016x}" if len(words) >= MIN_WORDS else "",
    )


class CleanTextPipeline:
    """Applies layer-1 cleaning to stored text and fills the layer-2 ``*_norm`` fields."""

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Article):
            return clean_article(item, datetime.now(UTC))
        if isinstance(item, Story):
            return replace(item, title=clean_text(item.title))
        return item


class QualityGatePipeline:
    """Drops articles without a title or a body, counting the reason."""

    def __init__(self, stats: Any) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> QualityGatePipeline:
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        for flag in item.quality_flags:
            self.stats.inc_value(f"rtnews/items/flagged/{flag}")
        reason = "no_title" if not item.title else "no_body" if not item.body else None
        if reason:
            self.stats.inc_value(f"rtnews/items/dropped/{reason}")
            raise DropItem(f"{reason}: {item.url}", log_level="INFO")
        return item


class DedupePipeline:
    """Drops what was already exported: in this run (by key) and in earlier runs (by
    ``url_hash`` and unchanged ``content_hash``, from the crawl state). A changed article
    goes on with its ``revision`` raised; a near-duplicate text is flagged."""

    def __init__(self, stats: Any, state: CrawlState | None = None) -> None:
        self.stats = stats
        self.state = state
        # url_hash is a function of the article id, so ids key articles: compactly.
        self.seen_articles = IdSet()
        self.seen_stories: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Any) -> DedupePipeline:
        return cls(crawler.stats, crawler.get_extension(CrawlState))

    def drop(self, reason: str, key: str) -> DropItem:
        self.stats.inc_value(f"rtnews/items/dropped/{reason}")
        return DropItem(f"{reason}: {key}", log_level="DEBUG")

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Article):
            return self.process_article(item)
        if isinstance(item, Story):
            return self.process_story(item)
        return item

    def process_article(self, article: Article) -> Article:
        key = article.url_hash
        if article.article_id in self.seen_articles:
            raise self.drop("duplicate", key)
        self.seen_articles.add(article.article_id)
        if self.state is None:
            return article
        status, revision = self.state.classify(article)
        if status == "unchanged":
            raise self.drop("already_exported", key)
        if status == "changed":
            self.stats.inc_value("rtnews/items/revised")
        return replace(article, revision=revision,
                       near_duplicate_of=self.state.near_duplicate(article))

    def process_story(self, story: Story) -> Story:
        key = "story " + story.story_id
        if story.story_id in self.seen_stories:
            raise self.drop("duplicate", key)
        self.seen_stories.add(story.story_id)
        if self.state is None:
            return story
        first, last, members = self.state.story_seen(story, story.crawled_at or now_iso())
        return replace(story, first_seen_at=first, last_seen_at=last, article_ids=members)


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()
