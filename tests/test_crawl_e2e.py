"""End to end: ``scrapy crawl rt_arabic`` in a subprocess against the replica server."""

from __future__ import annotations

import csv
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crawling import content, run_crawl, serving

RETRIED = "/sport/"  # a page that answers one 500 before it works


def replica_articles() -> dict[str, set[str]]:
    by_feature: dict[str, set[str]] = {"all": set()}
    for a in content()["article"]:
        by_feature["all"].add(str(a["id"]))
        for feature in a.get("features", []):
            by_feature.setdefault(feature, set()).add(str(a["id"]))
    return by_feature


def one(out: Path, pattern: str) -> Path:
    found = sorted(out.glob(pattern))
    assert len(found) == 1, f"{pattern}: {found}"
    return found[0]


Crawl = tuple[Path, subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    out = tmp_path_factory.mktemp("crawl")
    with serving(fail_once=[RETRIED]) as url:
        result = run_crawl(url, out)
    yield out, result


@pytest.fixture(scope="module")
def articles(crawl: tuple[Path, subprocess.CompletedProcess[str]]) -> list[dict]:
    out, result = crawl
    assert result.returncode == 0, result.stderr[-3000:]
    path = one(out, "articles_*.jsonl")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def stats(crawl: tuple[Path, subprocess.CompletedProcess[str]]) -> dict:
    out, _ = crawl
    return json.loads(one(out, "run_*.json").read_text(encoding="utf-8"))["stats"]


def test_every_replica_article_exactly_once(articles: list[dict]) -> None:
    expected = replica_articles()
    wanted = expected["all"] - expected.get("missing", set()) - expected.get("challenge", set())
    ids = [a["article_id"] for a in articles]
    assert len(ids) == len(set(ids))
    assert set(ids) == wanted


def test_no_challenge_or_404_page_as_article(articles: list[dict]) -> None:
    expected = replica_articles()
    ids = {a["article_id"] for a in articles}
    assert not ids & (expected["missing"] | expected["challenge"])


def test_titles_and_bodies_are_filled(articles: list[dict]) -> None:
    assert all(a["title"].strip() and a["body"].strip() for a in articles)


def test_urls_are_canonical_site_urls(articles: list[dict]) -> None:
    from rtnews.urls import article_key, canonical_article_url

    for a in articles:
        assert a["url"].startswith("https://arabic.rt.com/")
        assert "/focuses/" not in a["url"]
        assert article_key(a["url"]) == a["article_id"]
        assert canonical_article_url(a["url"]) == a["url"]


def test_dates_are_utc_and_equal_to_the_pages_dates(articles: list[dict]) -> None:
    from datetime import datetime

    by_id = {str(a["id"]): a for a in content()["article"]}
    for a in articles:
        assert a["published_at"].endswith("+00:00"), a["article_id"]
        want = datetime.fromisoformat(by_id[a["article_id"]]["published"])
        assert datetime.fromisoformat(a["published_at"]) == want, a["article_id"]


def test_every_article_has_its_printed_section_label(articles: list[dict]) -> None:
    from tests.fidelity import section_label

    by_id = {str(a["id"]): a for a in content()["article"]}
    for a in articles:
        assert a["section_label"] == section_label(by_id[a["article_id"]]), a["article_id"]


def test_json_is_an_array_with_the_same_articles(crawl, articles) -> None:
    out, _ = crawl
    text = one(out, "articles_*.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert [a["article_id"] for a in data] == [a["article_id"] for a in articles]


def test_arabic_is_not_escaped(crawl) -> None:
    out, _ = crawl
    for pattern in ("articles_*.json", "articles_*.jsonl", "articles_*.csv", "stories_*.jsonl"):
        text = one(out, pattern).read_text(encoding="utf-8")
        assert "\\u06" not in text and "\\u0627" not in text
        assert any("\u0600" <= ch <= "\u06ff" for ch in text)


def test_csv_has_the_item_columns_and_json_list_cells(crawl, articles) -> None:
    from dataclasses import fields

    from rtnews.items import Article

    out, _ = crawl
    with one(out, "articles_*.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0].keys()) == [f.name for f in fields(Article)]
    assert len(rows) == len(articles)
    for row in rows:
        assert isinstance(json.loads(row["tags"]), list)
        assert isinstance(json.loads(row["images"]), list)


def story_members(source: dict, data: dict) -> list[dict]:
    """The replica articles of a story, newest first (the landing page's order)."""
    members = [a for a in data["article"] if source["key"] in a.get("stories", [])
               and "missing" not in a.get("features", [])]
    return sorted(members, key=lambda a: a["published"], reverse=True)


def test_stories_file_lists_each_story_once_with_its_articles(crawl) -> None:
    """Listings are disallowed by the replica's robots.txt (as assumed of the real site):
    a story's articles are its landing page's cards plus every article linking to it."""
    from datetime import datetime

    from rtnews.replica.build import LISTING_SIZE

    out, _ = crawl
    data = content()
    stories = [json.loads(x) for x in one(out, "stories_*.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(s["story_id"] for s in stories) == sorted(str(s["number"]) for s in data["story"])
    by_number = {str(s["number"]): s for s in data["story"]}
    unreadable = replica_articles()["challenge"]
    for story in stories:
        source = by_number[story["story_id"]]
        members = sorted(story_members(source, data), key=lambda a: datetime.fromisoformat(a["published"]),
                         reverse=True)
        landing = [str(a["id"]) for a in members[:LISTING_SIZE]]
        linked = {str(a["id"]) for a in members} - unreadable
        assert story["article_ids"][:len(landing)] == landing  # the landing page's order first
        assert set(story["article_ids"]) == set(landing) | linked
        assert story["trend_id"] == source["hex"]
        assert story["article_count_shown"] == source["count_shown"]
        assert story["url"].startswith(f"https://arabic.rt.com/focuses/{source['number']}-")
        assert story["title"] == source["title"]


def test_broken_pages_are_counted_and_did_not_stop_the_crawl(stats: dict) -> None:
    assert stats["finish_reason"] == "finished"
    assert stats["rtnews/pages/challenge"] == 1
    assert stats["rtnews/articles/failed/http_404"] == 1
    assert stats["retry/count"] >= 1
    assert "rtnews/stories/listing_failed" not in stats
    assert stats["rtnews/stories/listing_not_allowed"] == len(content()["story"])  # robots.txt


def test_no_article_page_is_requested_twice(stats: dict, articles: list[dict]) -> None:
    expected = replica_articles()
    fetched = len(articles) + len(expected["missing"]) + len(expected["challenge"])
    assert stats["rtnews/links/article"] == fetched


BOILERPLATE = ("Stories", "RT STORIES", "#اسأل_أكثر", "Question_More", "انسخ الرابط", "موافق",
               "اقرأ المزيد", "إقرأ المزيد", "التعليقات", "تابعوا RT على", "أين يمكنك متابعتنا",
               "أقسام مهمة", "المصدر:", "منشور مضمّن", "متصفحك لا يدعم", " خبر\n",
               "ملفات تعريف الارتباط", "تاريخ النشر", "تحميل الفيديو", "pic.twitter.com",
               "Your browser does not support", "Facebook X VK.com", "هام\n")


def test_no_boilerplate_in_any_body(articles: list[dict]) -> None:
    for a in articles:
        found = [b for b in BOILERPLATE if b in a["body"] + "\n"]
        assert not found, (a["article_id"], found)
        assert not a["body"].startswith(a["title"]) and (not a["lead"] or a["lead"] not in a["body"])
        assert a["section_label"] not in a["body"].split("\n\n")
        for image in a["images"]:
            assert not image["caption"] or image["caption"] not in a["body"]
