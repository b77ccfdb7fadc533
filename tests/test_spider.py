"""Spider set-up: live-site defaults, arguments turned into settings, bad arguments."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse
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


def crawl_with(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "rt_arabic", *args,
         "-s", f"RTNEWS_DATA_DIR={tmp_path}"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)})


def only_report(folder: Path) -> dict:
    """The one file a run that never crawled leaves: its report."""
    (path,) = folder.iterdir()
    assert path.name.startswith("report_")
    return dict(json.loads(path.read_text(encoding="utf-8")))


def test_bad_argument_stops_the_crawl_with_one_line(tmp_path: Path) -> None:
    result = crawl_with(tmp_path, "-a", "since=soon", "-a", "base_url=http://127.0.0.1:9")
    errors = [line for line in result.stderr.splitlines() if "] ERROR:" in line]
    assert len(errors) == 1 and "since='soon'" in errors[0]
    assert "(bad_argument)" in result.stderr
    assert "Traceback" not in result.stderr
    assert "downloader/request_count" not in result.stderr
    assert result.returncode == 3
    report = only_report(tmp_path)
    assert (report["status"], report["finish_reason"], report["exit_code"]) == ("failed", "bad_argument", 3)
    assert "since='soon'" in report["reason"]


def test_hostile_arguments_end_in_one_line_and_never_copy_a_file(tmp_path: Path) -> None:
    listing = tmp_path / "list" / "urls.txt"
    listing.parent.mkdir()
    listing.write_bytes("https://arabic.rt.com/world/1-x/\nSECRET-LINE-42\n".encode("utf-16"))
    out = tmp_path / "out"
    runs = ((("base_url", "http://[::1"), ("urls", str(listing)), ("refetch_days", "99999999999")),
            (("base_url", "http://127.0.0.1:99999"), ("urls", "x" * 5000)))
    for bad in runs:
        result = crawl_with(out, *[x for name, value in bad for x in ("-a", f"{name}={value}")])
        errors = [line for line in result.stderr.splitlines() if "] ERROR:" in line]
        assert len(errors) == 1, result.stderr[-3000:]
        assert all(f"{name}=" in errors[0] for name, _ in bad) and len(errors[0]) < 1000
        assert "Traceback" not in result.stderr and "SECRET" not in result.stderr
        assert result.returncode == 3
    assert len(list(out.glob("report_*.json"))) == 2 and len(list(out.iterdir())) == 2


def test_parse_routes_a_page_by_its_url_class() -> None:
    spider = crawler_for(base_url="http://127.0.0.1:8123").spider
    routed = {}
    for name in ("parse_article", "parse_story", "parse_listing", "parse_feed", "parse_sitemap",
                 "parse_robots"):
        setattr(spider, name, lambda response, name=name: routed.setdefault(response.url, name))
    pages = {
        "http://127.0.0.1:8123/world/1772101-x/": "parse_article",
        "https://arabic.rt.com/sport/1772102-y/amp/": "parse_article",
        "http://127.0.0.1:8123/focuses/63564-story-x/": "parse_story",
        "http://127.0.0.1:8123/sport/": "parse_listing",
        "http://127.0.0.1:8123/tags/x/": "parse_listing",
        "http://127.0.0.1:8123/": "parse_listing",
        "http://127.0.0.1:8123/rss/": "parse_feed",
        "http://127.0.0.1:8123/sitemap.xml": "parse_sitemap",
        "http://127.0.0.1:8123/robots.txt": "parse_robots",
    }
    for url in pages:
        spider.parse(HtmlResponse(url, body=b"<html></html>"))
    assert routed == pages
