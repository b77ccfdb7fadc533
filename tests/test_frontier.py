"""The frontier: sitemap backlogs released in bounded batches, newest first."""

from __future__ import annotations

from pathlib import Path

from rtnews.frontier import Frontier, Link
from rtnews.pages.feeds import Entry
from tests.crawling import article_ids, jsonl, last_stats, newest, run_crawl, serving


def links(*ids: int) -> list[Entry]:
    return [Entry(f"https://arabic.rt.com/world/{i}-x/") for i in ids]


def test_parts_newest_first_and_one_at_a_time() -> None:
    f = Frontier(low=2, high=4)
    f.add_parts(["/sitemap_2023.xml", "/sitemap_2024.xml", "/sitemap_2024_2.xml", "/sitemap_2024.xml"])
    assert f.next_part() == "/sitemap_2024_2.xml"
    assert f.next_part() is None  # one on its way
    f.add_links(links(5, 9, 7))
    f.part_done()
    assert f.next_part() is None  # its links first
    assert [f.take().url.split("/")[4][:1] for _ in range(3)] == ["9", "7", "5"]  # type: ignore[union-attr]
    assert f.next_part() == "/sitemap_2024.xml"


def test_room_has_hysteresis_and_a_bound() -> None:
    f = Frontier(low=2, high=5)
    assert f.room() == 5
    for _ in range(2):
        f.requested()
    assert f.room() == 0  # not below low: wait
    f.finished()
    assert f.room() == 4  # below low: refill up to high
    for _ in range(4):
        f.requested()
    assert f.full and f.most_outstanding == 5


def test_parked_links_come_first_and_once() -> None:
    f = Frontier()
    f.add_links(links(1, 2))
    f.park("8", Link(links(8)[0].url))
    f.park("8", Link(links(8)[0].url))
    f.park("9", Link(links(9)[0].url, "2026-05-26T10:00:00+00:00", "feed"))
    got = [f.take() for _ in range(4)]
    assert [x.url for x in got] == [links(n)[0].url for n in (9, 8, 2, 1)]  # type: ignore[union-attr]
    assert got[0] == Link(links(9)[0].url, "2026-05-26T10:00:00+00:00", "feed")
    assert f.take() is None and f.empty
    assert f.most_parked == 2  # the most links waiting at once, each id once
    f.park("8", Link(links(8)[0].url))  # taken already: never parked twice in a run
    assert f.take() is None and type(f.parked_ids).__name__ == "IdSet"


def test_a_crawl_with_a_tiny_scheduler_bound_still_gets_everything(tmp_path: Path) -> None:
    with serving() as url:
        result = run_crawl(url, tmp_path, "-s", "RTNEWS_PENDING_ARTICLES=8")
    assert result.returncode == 0, result.stderr[-2000:]
    stats = last_stats(tmp_path)
    assert {r["article_id"] for r in jsonl(newest(tmp_path, "articles_*.jsonl"))} == article_ids()
    assert stats["rtnews/frontier/most_outstanding"] <= 8 + 1
    assert stats["rtnews/frontier/most_parked"] > 0  # pages linked articles while it was full
