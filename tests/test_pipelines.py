"""Item pipelines: cleaning, the completeness gate, deduplication within and across runs."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scrapy.exceptions import DropItem
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from rtnews.crawlstate import CrawlState
from rtnews.fingerprint import simhash
from rtnews.items import Article, Image
from rtnews.pipelines import DedupePipeline, QualityGatePipeline, clean_article
from rtnews.textclean import clean_body, clean_text, fold_text, quality_flags

NOW = datetime(2026, 3, 20, tzinfo=UTC)
BODY = " ".join(f"كلمة{i}" for i in range(300))


def article(article_id: str = "1", body: str = BODY, **kw: object) -> Article:
    values: dict = dict(
        article_id=article_id, url=f"https://arabic.rt.com/world/{article_id}-x/",
        url_hash=f"h{article_id}", section="world", title="الســلام\u200f عليكم", lead="مقدمة\u00a0الخبر",
        body=body, published_at="2026-03-14T10:00:00+03:00", modified_at=None, author=" ",
        source="RT", images=[Image("https://x/1.jpg", "تعليق\u200b", " AFP ")])
    values.update(kw)
    return Article(**values)


def stats() -> MemoryStatsCollector:
    return MemoryStatsCollector(get_crawler())


def test_cleaning_applies_layer_one_and_fills_search_fields() -> None:
    a = clean_article(article(), NOW)
    assert a.title == "السلام عليكم" and a.lead == "مقدمة الخبر"
    assert a.author is None and a.images[0].caption == "تعليق" and a.images[0].credit == "AFP"
    assert a.title_norm == "السلام عليكم" and a.quality_flags == []
    assert len(a.simhash) == 16 and len(a.content_hash) == 40


@pytest.mark.parametrize(("published", "flag"), [
    (None, "no_date"), ("2001-01-01T00:00:00+00:00", "date_untrusted"),
    ("2027-01-01T00:00:00+00:00", "date_untrusted")])
def test_missing_or_implausible_dates_are_flagged_not_dropped(published, flag) -> None:
    assert flag in clean_article(article(published_at=published), NOW).quality_flags


def test_mojibake_is_flagged() -> None:
    assert "mojibake" in clean_article(article(body="Ø§Ù„Ø³Ù„Ø§Ù… Ø¹Ù„ÙŠÙƒÙ…"), NOW).quality_flags


@pytest.mark.parametrize(("field", "reason"), [("title", "no_title"), ("body", "no_body")])
def test_gate_drops_incomplete_articles_with_a_counted_reason(field: str, reason: str) -> None:
    s = stats()
    with pytest.raises(DropItem, match=reason):
        QualityGatePipeline(s).process_item(article(**{field: ""}))
    assert s.get_value(f"rtnews/items/dropped/{reason}") == 1


def state(tmp_path: Path) -> CrawlState:
    s = CrawlState(tmp_path / "state.sqlite", stats())
    s.open(NOW)
    return s


def test_same_article_twice_in_a_run_is_dropped(tmp_path: Path) -> None:
    pipe = DedupePipeline(stats(), state(tmp_path))
    first = clean_article(article(), NOW)
    assert pipe.process_item(first).revision == 1
    with pytest.raises(DropItem, match="duplicate"):
        pipe.process_item(first)
    assert pipe.stats.get_value("rtnews/items/dropped/duplicate") == 1


def test_across_runs_unchanged_is_dropped_and_changed_gets_a_new_revision(tmp_path: Path) -> None:
    crawl_state = state(tmp_path)
    crawl_state.written(clean_article(article(), NOW))
    unchanged = DedupePipeline(stats(), crawl_state)
    with pytest.raises(DropItem, match="already_exported"):
        unchanged.process_item(clean_article(article(), NOW))
    changed = clean_article(article(body=BODY + " إضافة"), NOW)
    assert DedupePipeline(stats(), crawl_state).process_item(changed).revision == 2


def test_near_duplicate_text_under_another_id_is_flagged(tmp_path: Path) -> None:
    crawl_state = state(tmp_path)
    crawl_state.written(clean_article(article("1"), NOW))
    twin = clean_article(article("2", body=BODY.replace("كلمة30", "أخرى")), NOW)
    out = DedupePipeline(stats(), crawl_state).process_item(twin)
    assert out.near_duplicate_of == "1"
    other = clean_article(article("3", body=" ".join(f"نص{i}" for i in range(300))), NOW)
    assert DedupePipeline(stats(), crawl_state).process_item(other).near_duplicate_of is None
    assert replace(out, near_duplicate_of=None).article_id == "2"


def test_a_page_that_works_again_loses_its_failure_record(tmp_path: Path) -> None:
    crawl_state = state(tmp_path)
    crawl_state.failed("9", "challenge")
    assert crawl_state.open().failed_ids() == {"9"}
    crawl_state.fetched("8")  # never failed: nothing to clear
    crawl_state.fetched("9")
    assert crawl_state.open().failed_ids() == set()


def reference_clean_article(a: Article) -> dict:
    """The search fields and hashes as the first clean_article derived them."""
    body = clean_body(a.body.split("\n\n"))
    title_norm = fold_text(clean_text(a.title))
    body_norm = "\n\n".join(fold_text(p) for p in body.split("\n\n") if p)
    return {"body": body, "title_norm": title_norm, "body_norm": body_norm,
            "lead_norm": fold_text(clean_text(a.lead)),
            "simhash": f"{simhash(body_norm):016x}" if len(body_norm.split()) >= 40 else "",
            "content_hash": hashlib.sha1(f"{title_norm}\n{body_norm}".encode()).hexdigest(),
            "quality_flags": quality_flags("\n".join([a.title, a.lead, a.body]))}


PIECES = ["كلمة", "الســلام", "ﻷن", "\u200f", "\u0654", "٢٠", "«نص»", " ", "  ", "\n", "\n\n", "\u00a0",
          "Ø§Ù„", "هـ", "\u200c", "مُحَمَّد", "RT", "أإآ", "ى ة"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=80), st.lists(st.sampled_from(PIECES), max_size=8))
def test_cleaning_once_gives_what_cleaning_twice_gave(body: list[str], title: list[str]) -> None:
    a = article(body="".join(body) + BODY * (len(body) % 2), title="".join(title), lead="".join(title[::-1]))
    cleaned = clean_article(a, NOW)
    expected = reference_clean_article(a)
    flags = expected.pop("quality_flags")
    assert {k: getattr(cleaned, k) for k in expected} == expected
    assert cleaned.quality_flags == flags  # the article's date is fine: text flags only
