"""The archive middleware without a crawl: what it records per response, settings, write failures."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from rtnews import settings
from rtnews.archive import WarcArchive, archive_dir
from rtnews.reextract import RunStats
from rtnews.warc import WarcFileWriter, read_responses

SITE = "http://127.0.0.1:8123"
ARTICLE = f"{SITE}/world/1772101-%D8%A7/"


def article_exchange() -> tuple[Request, HtmlResponse]:
    request = Request(ARTICLE, meta={"date_hint": "2026-05-26T07:00:00+03:00", "date_hint_source": "sitemap"},
                      headers={"User-Agent": "rtnews-test"})
    response = HtmlResponse(ARTICLE, status=200, body="<p>نص</p>".encode(), request=request,
                            headers={"Content-Type": "text/html; charset=utf-8"})
    return request, response


def test_a_response_is_archived_with_what_reextraction_needs(tmp_path: Path) -> None:
    stats = RunStats()
    archive = WarcArchive(WarcFileWriter(tmp_path, "rtnews-r1"), "r1", SITE, stats)
    request, response = article_exchange()
    assert archive.process_response(request, response) is response
    archive.spider_closed()
    (path,) = tmp_path.glob("*.warc.gz")
    (found,) = read_responses(path)
    assert found.url == ARTICLE and found.body == response.body
    assert found.metadata == {
        "run-id": "r1", "url-class": "article", "site": SITE,
        "canonical-url": "https://arabic.rt.com/world/1772101-%D8%A7/",
        "date-hint": "2026-05-26T07:00:00+03:00", "date-hint-source": "sitemap"}
    assert stats.get_value("rtnews/archive/responses") == 1 and stats.get_value("rtnews/archive/files") == 1


class FullDisk(WarcFileWriter):
    def write(self, exchange: object) -> int:
        raise OSError(28, "No space left on device")


def test_a_write_failure_stops_the_archive_not_the_crawl(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    stats = RunStats()
    archive = WarcArchive(FullDisk(tmp_path, "rtnews-r1"), "r1", SITE, stats)
    request, response = article_exchange()
    assert archive.process_response(request, response) is response
    assert archive.process_response(request, response) is response
    assert stats.get_value("rtnews/archive/write_errors") == 1  # said once, then silent by design
    assert "WARC archive stopped" in caplog.text


def test_settings_switch_it_off_and_place_its_files(tmp_path: Path) -> None:
    with pytest.raises(NotConfigured):
        WarcArchive.from_crawler(get_crawler(settings_dict={"RTNEWS_ARCHIVE": False}))
    with pytest.raises(NotConfigured):  # a crawl that writes nothing per run (debugging commands too)
        WarcArchive.from_crawler(get_crawler(settings_dict={"RTNEWS_EXPORTS": False}))
    crawler = get_crawler(settings_dict={"RTNEWS_DATA_DIR": str(tmp_path)})
    assert archive_dir(crawler.settings) == tmp_path / "warc"
    crawler = get_crawler(settings_dict={"RTNEWS_ARCHIVE_DIR": str(tmp_path / "big-disk")})
    assert archive_dir(crawler.settings) == tmp_path / "big-disk"
    archive = WarcArchive.from_crawler(get_crawler(settings_dict={
        "RTNEWS_DATA_DIR": str(tmp_path), "RTNEWS_ARCHIVE_MAX_BYTES": 5000, "RTNEWS_ARCHIVE_GZIP_LEVEL": 1}))
    assert (archive.writer.max_bytes, archive.writer.level) == (5000, 1)


def test_the_archive_runs_beside_the_projects_other_downloader_middlewares() -> None:
    """A setting assigned twice in settings.py silently drops the first value (as a merge
    once dropped the Progress middleware for the archive's)."""
    source = Path(settings.__file__).read_text(encoding="utf-8")
    names = [target.id for node in ast.parse(source).body if isinstance(node, ast.Assign)
             for target in node.targets if isinstance(target, ast.Name)]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []
    assert {"rtnews.progress.Progress", "rtnews.archive.WarcArchive"} <= set(settings.DOWNLOADER_MIDDLEWARES)
