"""The run report: coverage, checks, the extension, and a crawl of a replica whose layout changed."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.test import get_crawler

from rtnews.args import CrawlOptions, crawl_options
from rtnews.items import Article, Story
from rtnews.replica.server import DEFAULT_SITE_DIR, base_url, make_server
from rtnews.report import (
    FAILED_CHECKS,
    FailedCheck,
    RunReport,
    Tally,
    Thresholds,
    check_run,
    field_coverage,
    filled_fields,
    http_errors,
    is_full_run,
    measure,
    story_coverage,
)

ROOT = Path(__file__).resolve().parent.parent


def article(n: int, body: str = "نص", published_at: str | None = "2026-03-01T10:00:00+03:00",
            section: str = "world") -> Article:
    return Article(article_id=str(n), url=f"https://arabic.rt.com/{section}/{n}-x/",
                   url_hash=f"h{n}", section=section, title="عنوان", lead="", body=body,
                   published_at=published_at, modified_at=None, author=None, source="RT")


def measured(articles: list[Article], **stats: int) -> dict[str, Any]:
    tally = Tally()
    for a in articles:
        tally.add(a, exported=bool(a.body))
    return measure(tally, {k.replace("__", "/"): v for k, v in stats.items()})


# --- pure functions ---------------------------------------------------------------------
def test_filled_fields_ignore_none_empty_strings_and_lists() -> None:
    filled = filled_fields(article(1, body="", published_at=None))
    assert {"article_id", "title", "source", "language"} <= filled
    assert not {"body", "published_at", "lead", "author", "tags", "modified_at"} & filled


def test_field_coverage_is_a_share_of_pages_for_every_article_field() -> None:
    coverage = field_coverage([frozenset({"body"}), frozenset({"body", "title"})], pages=4)
    assert coverage["body"] == 0.5 and coverage["title"] == 0.25 and coverage["author"] == 0.0
    assert list(coverage)[:3] == ["article_id", "url", "url_hash"]
    assert field_coverage([], 0)["body"] == 0.0


def test_http_errors_by_status_from_downloader_stats() -> None:
    stats = {"downloader/response_status_count/200": 90, "downloader/response_status_count/404": 2,
             "downloader/response_status_count/503": 1, "downloader/response_status_count/301": 4}
    assert http_errors(stats) == {"404": 2, "503": 1}


@pytest.mark.parametrize(("kwargs", "full"), [
    ({}, True),
    ({"base_url": "http://127.0.0.1:1", "tags": "x", "_job": "abc"}, True),
    ({"max_articles": "5"}, False),
    ({"since": "2026-03-01"}, False),
    ({"until": "2026-03-01"}, False),
    ({"sections": "world"}, False),
    ({"urls": "https://arabic.rt.com/world/1-x/"}, False),
])
def test_full_run_means_no_narrowing_argument(kwargs: dict[str, str], full: bool) -> None:
    assert is_full_run(crawl_options(kwargs)) is full


def test_an_article_seen_twice_counts_once_with_its_first_fields() -> None:
    tally = Tally()
    tally.add(article(1), exported=True)
    tally.add(article(1, body=""), exported=False)  # the same article again, dropped
    tally.add(article(2, body=""), exported=True)
    assert tally.extracted == 2
    numbers = measure(tally, {})
    assert numbers["article_pages"] == 2 and numbers["field_coverage"]["body"] == 0.5


def test_the_tally_keeps_counts_not_articles() -> None:
    tally = Tally()
    for n in range(5000):
        tally.add(article(n, body="" if n % 5 else "نص"), exported=True)
    assert sum(tally.combinations.values()) == 5000 and len(tally.combinations) == 2
    assert tally.article_ids.memory_bytes() < 2_000  # a bit per id, no string kept


def test_field_coverage_from_counts_equals_coverage_from_sets() -> None:
    sets = [frozenset({"body"}), frozenset({"body", "title"}), frozenset({"body"})]
    assert field_coverage(Counter(sets), 4) == field_coverage(sets, 4)


def test_not_article_pages_count_as_articles_without_fields() -> None:
    numbers = measured([article(1), article(2)], rtnews__pages__not_article=2)
    assert numbers["article_pages"] == 4
    assert numbers["field_coverage"]["body"] == 0.5


LIMITS = Thresholds()


@pytest.mark.parametrize(("articles", "stats", "full", "failed"), [
    ([article(n) for n in range(20)], {}, True, []),
    ([article(n) for n in range(19)] + [article(99, body="")], {}, True, []),  # exactly 95 %
    ([article(n) for n in range(18)] + [article(98, body=""), article(99, body="")], {}, True,
     ["body_coverage"]),
    ([article(n, published_at=None if n < 3 else "2026-03-01") for n in range(20)], {}, True,
     ["date_coverage"]),
    ([article(n) for n in range(20)], {"rtnews__pages__challenge": 2, "rtnews__links__article": 22},
     True, ["challenge_share"]),
    ([article(n) for n in range(20)], {"rtnews__pages__challenge": 1, "rtnews__links__article": 21},
     True, []),
    ([article(n) for n in range(20)], {"rtnews__articles__failed__http_404": 2}, True, []),  # 9 %
    ([article(n) for n in range(20)], {"rtnews__articles__failed__http_404": 3}, True,
     ["failed_share"]),  # 13 %
    ([article(n) for n in range(20)], {"rtnews__articles__failed__IgnoreRequest": 5}, True, []),  # robots
    ([], {}, True, ["articles"]),
    ([], {"rtnews__links__skipped__known": 40}, True, []),  # an incremental run: all known
    ([], {}, False, []),
    ([article(n) for n in range(20)], {"rtnews__pages__too_big": 1}, True, ["documents_over_cap"]),
    # Pages the run read that its archive (RTNEWS_ARCHIVE) lacks, or could not read back.
    ([article(n) for n in range(20)], {"rtnews__archive__write_errors": 1}, True, ["archive_errors"]),
    ([article(n) for n in range(20)], {"rtnews__archive__unarchived": 2}, False, ["archive_errors"]),
    ([article(n) for n in range(20)],
     {"rtnews__archive__responses": 40, "rtnews__archive__repaired_files": 1}, True, []),
    ([article(n) for n in range(20)], {"rtnews__reextract__read_errors": 1}, False, ["unread_archives"]),
])
def test_checks(articles: list[Article], stats: dict[str, int], full: bool, failed: list[str]) -> None:
    result = check_run(measured(articles, **stats), LIMITS, full_run=full, finished=True)
    assert [f.check for f in result] == failed


def test_zero_articles_is_no_failure_when_the_run_was_cut_short() -> None:
    assert check_run(measured([]), LIMITS, full_run=True, finished=False) == []


def test_failed_check_reads_well() -> None:
    assert str(FailedCheck("body_coverage", 0.5, 0.95)) == "body_coverage=0.5 (threshold 0.95)"


def test_story_coverage_prefers_the_crawl_state_count() -> None:
    tally = Tally()
    tally.add(Story("7", "قصة", "https://arabic.rt.com/focuses/7-s/", None, 10, ["1", "2", "3", "4"]),
              exported=True)
    tally.add(article(1), exported=True)
    assert story_coverage(tally, {})["7"] == {"shown": 10, "listed": 4, "members": 4, "collected": 1,
                                              "coverage": 0.25}
    counted = story_coverage(tally, {"rtnews/stories/7/collected": 3, "rtnews/stories/7/listed": 2})
    assert (counted["7"]["collected"], counted["7"]["listed"]) == (3, 2)


# --- the extension ----------------------------------------------------------------------
class NoExtensions:
    def get_extension(self, cls: type) -> None:
        return None


class FakeSpider:
    def __init__(self, options: CrawlOptions) -> None:
        self.crawler = NoExtensions()
        self.options = options


def run_extension(tmp_path: Path, articles: list[Article], reason: str = "finished",
                  options: CrawlOptions | None = None, **settings: Any) -> tuple[RunReport, Any]:
    crawler = get_crawler(settings_dict={"RTNEWS_DATA_DIR": str(tmp_path), "EXTENSIONS": {},
                                         **settings})
    report = RunReport.from_crawler(crawler)
    report.spider_opened(FakeSpider(options or CrawlOptions()))
    for a in articles:
        (report.item_scraped if a.body else report.item_dropped)(a)
    crawler.stats.set_value("finish_reason", reason)  # as CoreStats does first
    report.spider_closed(reason)
    report.engine_stopped()
    return report, crawler.stats


def test_a_healthy_run_keeps_its_finish_reason_and_writes_an_ok_report(tmp_path: Path) -> None:
    report, stats = run_extension(tmp_path, [article(1), article(2, section="sport")])
    assert stats.get_value("finish_reason") == "finished"
    assert report.path is not None and report.path.name.startswith("report_")
    data = json.loads(report.path.read_text(encoding="utf-8"))
    assert data["status"] == "ok" and data["failed_checks"] == []
    assert data["articles"]["by_section"] == {"sport": 1, "world": 1}
    assert data["field_coverage"]["body"] == 1.0


def test_a_run_failing_a_check_is_marked_failed(tmp_path: Path, caplog: Any) -> None:
    report, stats = run_extension(tmp_path, [article(1), article(2, body="")])
    assert stats.get_value("finish_reason") == FAILED_CHECKS
    data = json.loads(report.path.read_text(encoding="utf-8"))  # type: ignore[union-attr]
    assert data["status"] == "failed" and data["finish_reason"] == FAILED_CHECKS
    assert data["close_reason"] == "finished"
    assert [c["check"] for c in data["failed_checks"]] == ["body_coverage"]
    assert any(r.levelname == "ERROR" and "body_coverage=0.5" in r.getMessage() for r in caplog.records)


def test_an_error_counted_after_the_checks_still_fails_the_run(tmp_path: Path) -> None:
    """The archive closes its last WARC file after the report's checks ran."""
    crawler = get_crawler(settings_dict={"RTNEWS_DATA_DIR": str(tmp_path), "EXTENSIONS": {}})
    report = RunReport.from_crawler(crawler)
    report.spider_opened(FakeSpider(CrawlOptions()))
    for n in range(20):
        report.item_scraped(article(n))
    crawler.stats.set_value("finish_reason", "finished")
    report.spider_closed("finished")
    assert report.failed == []
    crawler.stats.inc_value("rtnews/archive/write_errors")  # the archive's close fails
    report.engine_stopped()
    data = json.loads(report.path.read_text(encoding="utf-8"))  # type: ignore[union-attr]
    assert (data["status"], data["finish_reason"]) == ("failed", FAILED_CHECKS)
    assert [c["check"] for c in data["failed_checks"]] == ["archive_errors"]
    assert data["exit_code"] != 0


def test_a_cancelled_run_keeps_its_reason_but_its_report_says_failed(tmp_path: Path) -> None:
    report, stats = run_extension(tmp_path, [article(1, body="")], reason="shutdown")
    assert stats.get_value("finish_reason") == "shutdown"
    assert json.loads(report.path.read_text(encoding="utf-8"))["status"] == "failed"  # type: ignore[union-attr]


@pytest.mark.parametrize(("reason", "status", "code"), [
    ("bad_argument", "failed", 3), ("already_running", "skipped", 75), ("state_error", "failed", 5),
    ("output_error", "failed", 6), ("start_error", "failed", 4), ("shutdown", "failed", 8)])
def test_every_run_gets_a_report_even_when_it_never_crawled(tmp_path: Path, reason: str, status: str,
                                                            code: int) -> None:
    report, stats = run_extension(tmp_path, [], reason=reason)
    assert report.path is not None and list(tmp_path.iterdir()) == [report.path]
    data = json.loads(report.path.read_text(encoding="utf-8"))
    assert (data["status"], data["finish_reason"], data["exit_code"]) == (status, reason, code)
    assert data["run_id"] and report.path.name == f"report_{data['run_id']}.json"
    assert data["failed_checks"] == []  # a run that never crawled is not checked
    assert stats.get_value("finish_reason") == reason


def test_the_first_note_is_the_reason_of_a_failed_run(tmp_path: Path) -> None:
    crawler = get_crawler(settings_dict={"RTNEWS_DATA_DIR": str(tmp_path), "EXTENSIONS": {}})
    report = RunReport.from_crawler(crawler)
    spider = FakeSpider(CrawlOptions())
    spider.argument_error = "bad spider argument since='x': expected a date"  # type: ignore[attr-defined]
    report.spider_opened(spider)
    crawler.stats.set_value("finish_reason", "bad_argument")
    report.spider_closed("bad_argument")
    report.engine_stopped()
    data = json.loads(report.path.read_text(encoding="utf-8"))  # type: ignore[union-attr]
    assert data["reason"] == "bad spider argument since='x': expected a date"


def test_thresholds_come_from_settings(tmp_path: Path) -> None:
    report, stats = run_extension(tmp_path, [article(1), article(2, body="")],
                                  RTNEWS_REPORT_MIN_BODY_COVERAGE=0.5)
    assert report.limits.min_body_coverage == 0.5
    assert stats.get_value("finish_reason") == "finished"


def test_no_report_file_without_dataset_exports(tmp_path: Path) -> None:
    report, _ = run_extension(tmp_path, [article(1)], RTNEWS_EXPORTS=False)
    assert report.path is None and not list(tmp_path.iterdir())
    assert report.outcome is not None and report.outcome.exit_code == 0


def test_a_run_where_too_many_article_pages_failed_is_failed(tmp_path: Path) -> None:
    crawler = get_crawler(settings_dict={"RTNEWS_DATA_DIR": str(tmp_path), "EXTENSIONS": {}})
    report = RunReport.from_crawler(crawler)
    report.spider_opened(FakeSpider(CrawlOptions()))
    for n in range(31):
        report.item_scraped(article(n))
    crawler.stats.set_value("rtnews/articles/failed/http_500", 7)
    crawler.stats.set_value("rtnews/articles/failed/redirect_loop", 2)  # 9 of 40: 22.5 %
    crawler.stats.set_value("finish_reason", "finished")
    report.spider_closed("finished")
    report.engine_stopped()
    data = json.loads(report.path.read_text(encoding="utf-8"))  # type: ignore[union-attr]
    assert data["status"] == "failed" and data["exit_code"] == 7
    assert [c["check"] for c in data["failed_checks"]] == ["failed_share"]
    assert data["articles"]["failed"] == 9 and data["articles"]["failed_share"] == 0.225
    assert data["article_failures"] == {"http_500": 7, "redirect_loop": 2}


# --- a crawl of a replica whose article template changed -----------------------------------
def break_article_template(site: Path) -> None:
    """Rename the body containers and turn paragraphs into spans, so that neither the
    template selectors nor the generic paragraph fallback find the text."""
    for page in site.glob("*.html"):
        markup = page.read_bytes()
        for old, new in ((b"js-mediator-article", b"js-m-story"), (b'class="text', b'class="prose'),
                         (b"article__text", b"article__prose"), (b"article-body", b"article-prose")):
            markup = markup.replace(old, new)
        markup = re.sub(rb"<p(?=[\s>])", b"<span", markup).replace(b"</p>", b"</span>")
        page.write_bytes(markup)


@pytest.fixture(scope="module")
def changed_site_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    site = tmp_path_factory.mktemp("site") / "site"
    shutil.copytree(DEFAULT_SITE_DIR, site)
    break_article_template(site)
    server, _ = make_server(0, site_dir=site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    out = tmp_path_factory.mktemp("crawl")
    try:
        command = [sys.executable, "-m", "scrapy", "crawl", "rt_arabic",
                   "-a", f"base_url={base_url(server)}", "-s", f"RTNEWS_DATA_DIR={out}"]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                                timeout=300)
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 7, result.stderr[-3000:]  # failed_checks
    yield out


def test_a_changed_layout_fails_the_run_on_body_coverage(changed_site_crawl: Path) -> None:
    (path,) = changed_site_crawl.glob("report_*.json")
    report = json.loads(path.read_text(encoding="utf-8"))
    assert report["status"] == "failed"
    assert report["finish_reason"] == FAILED_CHECKS
    assert "body_coverage" in [c["check"] for c in report["failed_checks"]]
    assert report["field_coverage"]["body"] < 0.95
    assert report["articles"]["article_pages"] > 40


def test_the_run_stats_record_the_failure(changed_site_crawl: Path) -> None:
    (path,) = changed_site_crawl.glob("run_*.json")
    assert json.loads(path.read_text(encoding="utf-8"))["stats"]["finish_reason"] == FAILED_CHECKS
    stamp = path.stem.removeprefix("run_")
    assert (changed_site_crawl / f"report_{stamp}.json").exists()
