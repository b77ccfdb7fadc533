"""Spider set-up: live-site defaults, arguments turned into settings, bad arguments."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from scrapy.crawler import Crawler
from scrapy.utils.project import get_project_settings
from scrapy.utils.reactor import install_reactor

from rtnews.spiders.rt_arabic import RtArabicSpider

ROOT = Path(__file__).resolve().parent.parent


def crawler_for(**kwargs: str) -> Crawler:
    """A crawler set up as ``scrapy crawl`` does it: spider first, then settings frozen."""
    install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "rtnews.settings")
    crawler = Crawler(RtArabicSpider, get_project_settings())
    crawler.spider = crawler._create_spider(**kwargs)
    crawler._apply_settings()
    return crawler


def test_live_defaults_are_polite() -> None:
    crawler = crawler_for()
    s = crawler.settings
    assert s.get("RTNEWS_BASE_URL") == "https://arabic.rt.com"
    assert s.getbool("ROBOTSTXT_OBEY") and s.getbool("AUTOTHROTTLE_ENABLED")
    assert s.getint("CONCURRENT_REQUESTS_PER_DOMAIN") <= 4
    assert not s.getbool("TELNETCONSOLE_ENABLED") and not s.getbool("REMOTE_CONTROL_ENABLED")
    assert 5_000_000 <= s.getint("DOWNLOAD_MAXSIZE") <= 20_000_000
    assert "rtnews" in s.get("USER_AGENT") and "Scrapy" not in s.get("USER_AGENT")
    assert crawler.spider.allowed_domains == ["arabic.rt.com"]


def test_base_url_argument_sets_the_site_and_local_speed() -> None:
    crawler = crawler_for(base_url="http://127.0.0.1:8123")
    assert crawler.settings.get("RTNEWS_BASE_URL") == "http://127.0.0.1:8123"
    assert crawler.settings.getfloat("DOWNLOAD_DELAY") == 0
    assert crawler.spider.allowed_domains == ["127.0.0.1"]


def test_sections_argument_limits_start_pages_and_feeds() -> None:
    spider = crawler_for(sections="sport,world").spider
    urls = [r.url for r in spider.start_requests_list()]
    assert "https://arabic.rt.com/sport/" in urls and "https://arabic.rt.com/world/" in urls
    assert "https://arabic.rt.com/business/" not in urls
    assert "https://arabic.rt.com/rss/business/" not in urls


def test_article_links_are_canonicalized_and_requested_once() -> None:
    spider = crawler_for(base_url="http://127.0.0.1:8123").spider
    variants = [
        "https://arabic.rt.com/world/1772101-%d8%a7/amp/",
        "https://rtarabic.com/world/1772101-%D8%A7/?utm_source=rss",
        "http://127.0.0.1:8123/world/1772101-ا",
        "https://arabic.rt.com/news/1772101/",
    ]
    requests = [r for r in spider.follow_articles(variants)]
    assert [r.url for r in requests] == ["http://127.0.0.1:8123/world/1772101-%D8%A7/"]


def test_non_article_links_are_not_followed() -> None:
    spider = crawler_for().spider
    links = ["https://arabic.rt.com/tags/x/", "https://arabic.rt.com/live/",
             "https://example.com/world/1-x/", "https://arabic.rt.com/designer_test"]
    assert list(spider.follow_articles(links)) == []


def test_bad_argument_stops_the_crawl_with_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "rt_arabic", "-a", "since=yesterday",
         "-a", "base_url=http://127.0.0.1:9", "-s", f"RTNEWS_DATA_DIR={tmp_path}"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    errors = [line for line in result.stderr.splitlines() if "] ERROR:" in line]
    assert len(errors) == 1 and "since='yesterday'" in errors[0]
    assert "(bad_argument)" in result.stderr
    assert "Traceback" not in result.stderr
    assert "downloader/request_count" not in result.stderr
    assert list(tmp_path.iterdir()) == []
