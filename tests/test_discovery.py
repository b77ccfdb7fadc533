"""Discovery on real crawls of the replica: light runs, listings where robots.txt allows
them, sitemaps over their size cap."""

from __future__ import annotations

import json
from pathlib import Path

from rtnews.replica.build import build
from tests.crawling import article_ids, content, jsonl, last_stats, newest, run_crawl, serving
from tests.test_incremental import ADDED, site_without

LIGHT_REQUEST_BUDGET = 40  # "at most a few dozen": feeds, home and section pages, robots.txt


def test_light_run_reads_feeds_and_sections_only_and_finds_new_articles(tmp_path: Path) -> None:
    site, added = site_without(tmp_path, ADDED)
    out = tmp_path / "data"
    with serving(site) as url:
        assert run_crawl(url, out).returncode == 0  # the daily full run
    with serving() as url:  # three articles appeared since
        result = run_crawl(url, out, "-a", "mode=light")
        assert result.returncode == 0, result.stderr[-2000:]
        new = jsonl(newest(out, "articles_*.jsonl"))
        stats = last_stats(out)
        assert {r["article_id"] for r in new} == added
        assert stats["rtnews/links/article"] == ADDED
        again = run_crawl(url, out, "-a", "mode=light")  # nothing new since
        assert again.returncode == 0
        quiet = last_stats(out)
    assert quiet.get("rtnews/links/article", 0) == 0
    assert quiet["downloader/request_count"] <= LIGHT_REQUEST_BUDGET
    assert "rtnews/links/story" not in quiet and "rtnews/pages/story" not in quiet
    log = again.stderr
    assert "sitemap" not in " ".join(line for line in log.splitlines() if "GET" in line or "Crawled" in line)
    print(f"light run on an unchanged replica: {quiet['downloader/request_count']} requests")


def test_listings_are_read_where_robots_txt_allows_them(tmp_path: Path) -> None:
    build(out=tmp_path / "site", robots="open")
    out = tmp_path / "data"
    with serving(tmp_path / "site") as url:
        assert run_crawl(url, out).returncode == 0
    stats = last_stats(out)
    assert "rtnews/stories/listing_not_allowed" not in stats
    data = content()
    stories = {s["story_id"]: s for s in jsonl(newest(out, "stories_*.jsonl"))}
    for source in data["story"]:
        members = {str(a["id"]) for a in data["article"] if source["key"] in a.get("stories", [])
                   and "missing" not in a.get("features", [])}
        key = str(source["number"])
        assert set(stories[key]["article_ids"]) == members  # the challenge page too: listed
        assert stats[f"rtnews/stories/{key}/listed"] == len(members)


def test_a_sitemap_over_its_size_cap_fails_the_run_loudly(tmp_path: Path) -> None:
    out = tmp_path / "data"
    with serving() as url:
        result = run_crawl(url, out, "-s", "RTNEWS_SITEMAP_MAXSIZE=3000")
    stats = last_stats(out)
    assert stats["rtnews/pages/too_big"] >= 1
    assert "ERROR: Sitemap or feed over the size cap" in result.stderr
    (report,) = out.glob("report_*.json")
    verdict = json.loads(report.read_text(encoding="utf-8"))
    assert verdict["status"] == "failed"
    assert "documents_over_cap" in [c["check"] for c in verdict["failed_checks"]]
    # everything else was still crawled
    assert {r["article_id"] for r in jsonl(newest(out, "articles_*.jsonl"))} == article_ids()
