"""Helpers for the dataset release tests: run files made of real item dataclasses, and builds."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Any

from rtnews.dataset.build import BuildSummary, ReleaseBuilder
from rtnews.fingerprint import simhash
from rtnews.items import Article, Image, Story

WORDS = ("الرئيس الحكومة الوزير البرلمان الاتفاق النفط الغاز الطاقة المباراة المنتخب الفريق "
         "العاصمة المدينة الأمطار الحرارة الدراسة الباحثين النتائج الأسعار الأسواق").split()


def body_text(seed: int, words: int = 120) -> str:
    return " ".join(WORDS[(seed * 7 + i * (seed % 5 + 1) + i * i) % len(WORDS)] + str(i % 13)
                    for i in range(words))


def article(article_id: int, published: str | None = "2026-03-14T10:22:00+03:00", *, revision: int = 1,
            crawled: str = "2026-03-15T04:15:00+00:00", body: str | None = None,
            **fields: Any) -> dict[str, Any]:
    """One JSON Lines record, exactly as the crawl writes it (``dataclasses.asdict`` of an Article)."""
    text = body if body is not None else body_text(article_id)
    item = Article(
        article_id=str(article_id), url=f"https://arabic.rt.com/world/{article_id}-خبر/",
        url_hash=hashlib.sha1(f"arabic.rt.com/article/{article_id}".encode()).hexdigest(),
        section=fields.pop("section", "world"), title=fields.pop("title", f"عنوان {article_id}"),
        lead="مقدمة الخبر", body=text, published_at=published, modified_at=None, author=None,
        source="RT", tags=["النفط"], story_ids=["63564"],
        images=[Image(url=f"https://cdni.rt.com/{article_id}.jpg", caption="صورة", credit="RT")],
        crawled_at=crawled, body_norm=text, content_hash=hashlib.sha1(text.encode()).hexdigest(),
        simhash=f"{simhash(text):016x}", revision=revision)
    record = dataclasses.asdict(item)
    record.update(fields)
    return record


def story(story_id: str, ids: list[str], crawled: str, title: str = "قصة",
          shown: int | None = 40) -> dict[str, Any]:
    return dataclasses.asdict(Story(
        story_id=story_id, title=title, url=f"https://arabic.rt.com/focuses/{story_id}-قصة/",
        trend_id="5e8d3c217fa04b96d2e1c7a8", article_count_shown=shown, article_ids=ids,
        crawled_at=crawled, first_seen_at=crawled, last_seen_at=crawled))


def write_run(data: Path, run: str, articles: list[dict[str, Any]], stories: list[dict[str, Any]] = (),
              tail: bytes = b"") -> None:
    """A run's two JSON Lines files; ``tail`` is appended raw (a torn line, say)."""
    data.mkdir(parents=True, exist_ok=True)
    for kind, records in (("articles", articles), ("stories", stories)):
        lines = b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in records)
        (data / f"{kind}_{run}.jsonl").write_bytes(lines + (tail if kind == "articles" else b""))


def build(out: Path, *data: Path, csv: bool = False) -> BuildSummary:
    return ReleaseBuilder(out, list(data), with_csv=csv).build()


def files(release: Path) -> dict[str, bytes]:
    """Every file of a release (the build index left out), by relative path."""
    return {p.relative_to(release).as_posix(): p.read_bytes() for p in sorted(release.rglob("*"))
            if p.is_file() and ".build" not in p.relative_to(release).parts}
