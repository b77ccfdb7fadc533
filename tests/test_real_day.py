"""One real day of arabic.rt.com (26 May 2026, rt-site.md §8): URL rules, feed dates, labels.

``tests/data/rt_real_2026-05-26.tsv`` keeps the facts these tests need (ids, links,
feed dates, visible date lines, section labels; no article text), so they run in any
clone. Tests reading the third-party rows in ``../shared/rt_real/`` skip without them.
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from itertools import pairwise
from pathlib import Path

import pytest
from scrapy.http import XmlResponse

from rtnews.dates import parse_rfc822, parse_visible
from rtnews.pages.chrome import is_chrome_line
from rtnews.urls import UrlKind, classify_url, url_hash
from tests.test_spider import crawler_for

DATA = Path(__file__).parent / "data" / "rt_real_2026-05-26.tsv"
SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "rt_real"


def rows() -> list[dict[str, str]]:
    lines = [line for line in DATA.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


ROWS = rows()


def test_the_day_has_its_102_items() -> None:
    assert len(ROWS) == 102 and len({r["id"] for r in ROWS}) == 102


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_every_real_link_is_an_article_with_its_id_and_section(row: dict[str, str]) -> None:
    info = classify_url(row["link"])
    assert (info.kind, info.article_id, info.section) == (UrlKind.ARTICLE, row["id"], row["section"])


def test_sections_of_the_day_include_those_no_fixed_list_had() -> None:
    sections = {r["section"] for r in ROWS}
    assert {"features", "videoclub", "it", "space", "car", "prg"} <= sections


def test_ids_of_the_day_are_not_in_publication_order() -> None:
    by_id = sorted(ROWS, key=lambda r: int(r["id"]))
    times = [parse_rfc822(r["pubdate"]) for r in by_id]
    out_of_order = sum(1 for a, b in pairwise(times) if a and b and a > b)
    assert out_of_order > 30  # so no id rule may decide a publication window


def feed(items: list[dict[str, str]], zone: str) -> bytes:
    entries = "".join(
        f"<item><title>t</title><link>{escape(r['link'])}</link>"
        f"<pubDate>{r['pubdate']}{zone}</pubDate></item>" for r in items)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>RT</title>'
            f"{entries}</channel></rss>").encode()


@pytest.mark.parametrize("zone", [" GMT", " +0000", ""], ids=["gmt", "numeric", "zone-cut-off"])
def test_the_real_feed_gives_102_requests_dated_as_the_pages_print_it(zone: str) -> None:
    spider = crawler_for().spider
    response = XmlResponse("https://arabic.rt.com/rss/", body=feed(ROWS, zone))
    requests = list(spider.parse_feed(response))
    assert len(requests) == 102
    printed = {r["id"]: parse_visible(r["date_line"]) for r in ROWS}
    for request in requests:
        article_id = classify_url(request.url).article_id
        hint = datetime.fromisoformat(request.meta["date_hint"])
        assert hint.utcoffset() is not None and hint.utcoffset().total_seconds() == 0
        assert hint.replace(second=0) == printed[article_id], article_id  # to the minute


def test_every_visible_date_line_is_utc() -> None:
    for row in ROWS:
        parsed = parse_visible(row["date_line"])
        assert parsed is not None and parsed.tzinfo == UTC, row["date_line"]
        assert parsed.date() == datetime(2026, 5, 26).date() or row["id"] == "1792987"


def test_the_live_blog_is_dated_after_the_crawl_of_its_day_and_kept() -> None:
    live = next(r for r in ROWS if r["id"] == "1792987")
    assert parse_visible(live["date_line"]) == datetime(2026, 5, 26, 23, 59, tzinfo=UTC)
    assert int(live["id"]) == min(int(r["id"]) for r in ROWS)


@pytest.mark.parametrize("label", sorted({r["label"] for r in ROWS}))
def test_every_printed_label_is_recognised_as_page_chrome(label: str) -> None:
    assert is_chrome_line(label)


def test_a_focuses_url_is_a_story_never_an_article() -> None:
    for url in ("https://arabic.rt.com/focuses/63564-ليبيا/", "https://arabic.rt.com/focuses/10744-العراق/",
                "https://arabic.rt.com/focuses/62314-اليمن/"):
        info = classify_url(url)
        assert info.kind is UrlKind.STORY and info.article_id is None and url_hash(url) is None


def test_feed_pubdate_format_round_trips() -> None:
    when = datetime(2026, 5, 26, 16, 36, 28, tzinfo=UTC)
    assert parse_rfc822(format_datetime(when, usegmt=True)) == when


# --- against the third-party rows themselves --------------------------------------------

needs_shared = pytest.mark.skipif(not SHARED.exists(), reason="../shared/rt_real is not here")


def shared_rows() -> list[dict[str, str]]:
    path = SHARED / "russell219_kb_articles_v2_rt_rows.csv"
    return list(csv.DictReader(path.open(encoding="utf-8")))


@needs_shared
def test_the_copied_facts_match_the_real_rows() -> None:
    real = shared_rows()
    assert [r["link"] for r in real] == [r["link"] for r in ROWS]
    assert [r["timestamp"] for r in real] == [r["pubdate"] for r in ROWS]
    for row, copied in zip(real, ROWS, strict=True):
        assert copied["date_line"] in row["full_text"]


@needs_shared
def test_real_page_texts_date_lines_agree_with_the_feed_to_the_minute() -> None:
    import re

    line = re.compile(r"تاريخ النشر: \d\d\.\d\d\.\d{4} \| \d\d:\d\d GMT")
    for row in shared_rows():
        found = line.search(row["full_text"])
        assert found is not None, row["link"]
        page = parse_visible(found.group(0))
        fed = parse_rfc822(row["timestamp"])
        assert page is not None and fed is not None and page == fed.replace(second=0), row["link"]


@needs_shared
def test_chrome_strings_of_real_pages_are_recognised() -> None:
    text = "\n".join(r["full_text"] for r in shared_rows())
    for chrome in ("Facebook X VK.com Telegram", "Your browser does not support audio tag.",
                   "تحميل الفيديو", "إقرأ المزيد", "التعليقات"):
        assert chrome in text, chrome  # the real pages do show it
        assert is_chrome_line(chrome), chrome
