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

from rtnews.dates import is_trusted, parse_iso
from rtnews.items import Article, Image, Story
from rtnews.textclean import clean_body, clean_text, fold_text, quality_flags

logger = logging.getLogger(__name__)


def clean_article(article: Article, now: datetime) -> Article:
    """Layer-1 text of every stored field, layer-2 search fields, quality flags."""
    raw_text = "\n".join([article.title, article.lead, article.body])
    body = clean_body(article.body.split("\n\n"))
    title, lead = clean_text(article.title), clean_text(article.lead)
    flags = set(quality_flags(raw_text)) - {"no_arabic"} if article.language != "ar" else set(
        quality_flags(raw_text))
    published = parse_iso(article.published_at) if article.published_at else None
    if published is None:
        flags.add("no_date")
    elif not is_trusted(published, now):
        flags.add("date_untrusted")
    title_norm, body_norm = fold_text(title), "\n\n".join(
        fold_text(p) for p in body.split("\n\n") if p)
    return replace(
        article,
        title=title, lead=lead, body=body,
        author=clean_text(article.author) or None,
        source=clean_text(article.source) or None,
        images=[Image(i.url, clean_text(i.caption), clean_text(i.credit)) for i in article.images],
        title_norm=title_norm,
        lead_norm=fold_text(lead),
        body_norm=body_norm,
        quality_flags=sorted(flags),
        content_hash=hashlib.sha1(f"{title_norm}\n{body_norm}".encode()).hexdigest(),
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
    """Drops an item whose key was already exported in this run (article id, story id)."""

    def __init__(self, stats: Any) -> None:
        self.stats = stats
        self.seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Any) -> DedupePipeline:
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Article):
            key = "a:" + item.url_hash
        elif isinstance(item, Story):
            key = "s:" + item.story_id
        else:
            return item
        if key in self.seen:
            self.stats.inc_value("rtnews/items/dropped/duplicate")
            raise DropItem(f"duplicate: {key}", log_level="DEBUG")
        self.seen.add(key)
        return item
