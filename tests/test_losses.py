"""Article pages Scrapy would drop quietly are recorded as failed articles."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from scrapy import Request
from scrapy.exceptions import CloseSpider
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from rtnews.losses import ArticleLosses
from rtnews.progress import Progress

ARTICLE = "https://arabic.rt.com/world/1772101-x/"


class FakeState:
    store = object()

    def __init__(self) -> None:
        self.failures: list[tuple[str, str]] = []

    def failed(self, article_id: str, reason: str) -> None:
        self.failures.append((article_id, reason))


def losses() -> tuple[ArticleLosses, Any, FakeState]:
    crawler = get_crawler(settings_dict={"EXTENSIONS": {}})
    state = FakeState()
    crawler.get_extension = lambda cls: state  # type: ignore[method-assign]
    return ArticleLosses.from_crawler(crawler), crawler, state


def test_an_article_url_over_the_length_limit_is_a_failed_article(caplog: Any) -> None:
    mw, crawler, state = losses()
    long_url = "https://arabic.rt.com/world/1999999-" + "%D8%B4" * 400 + "/"
    assert mw.get_processed_request(Request(long_url), None) is None
    assert mw.get_processed_request(Request(ARTICLE), None) is not None
    navigation = "https://arabic.rt.com/listing/" + "x" * 3000
    assert mw.get_processed_request(Request(navigation), None) is not None  # not an article
    assert crawler.stats.get_value("rtnews/articles/failed/url_too_long") == 1
    assert state.failures == [("1999999", "url_too_long")]
    (record,) = [r for r in caplog.records if "Article lost" in r.getMessage()]
    assert record.levelname == "WARNING" and len(record.getMessage()) < 400


def test_a_redirect_back_into_its_own_chain_is_a_loop() -> None:
    mw, crawler, state = losses()
    looped = Request(ARTICLE, meta={"redirect_urls": [ARTICLE, ARTICLE + "amp/"]})
    mw.request_dropped(looped)
    elsewhere = Request("https://arabic.rt.com/world/1772102-y/", meta={"redirect_urls": [ARTICLE]})
    mw.request_dropped(elsewhere)  # redirected to a page already fetched: not lost
    mw.request_dropped(Request(ARTICLE))  # a plain duplicate
    assert crawler.stats.get_value("rtnews/articles/failed/redirect_loop") == 1
    assert state.failures == [("1772101", "redirect_loop")]


def test_an_exception_while_extracting_an_article_is_on_record() -> None:
    mw, crawler, state = losses()
    response = HtmlResponse(ARTICLE, body=b"<html></html>")
    assert mw.process_spider_exception(response, ValueError("boom")) is None  # Scrapy still logs it
    mw.process_spider_exception(response, CloseSpider("x"))
    mw.process_spider_exception(HtmlResponse("https://arabic.rt.com/sport/", body=b""), ValueError())
    assert crawler.stats.get_value("rtnews/articles/failed/extract_error") == 1
    assert state.failures == [("1772101", "extract_error")]


def test_progress_counts_article_requests_waiting_in_the_scheduler() -> None:
    crawler = get_crawler(settings_dict={"RTNEWS_PROGRESS_INTERVAL": 60.0})
    progress = Progress.from_crawler(crawler)
    for n in range(5):
        progress.request_scheduled(Request(f"https://arabic.rt.com/world/{n + 1}-x/"))
    progress.request_scheduled(Request("https://arabic.rt.com/sport/"))
    progress.request_dropped(Request("https://arabic.rt.com/world/1-x/"))
    progress.process_request(Request("https://arabic.rt.com/world/2-x/"))
    progress.process_request(Request("https://arabic.rt.com/sport/"))
    crawler.stats.set_value("rtnews/exported/articles", 7)
    crawler.stats.set_value("rtnews/articles/failed/http_404", 2)
    crawler.stats.set_value("response_received_count", 120)
    assert progress.line() == ("Progress: 7 articles exported, 2 failed, 3 article requests queued;"
                               " 120 pages/min")


def test_a_missing_section_of_the_argument_stops_the_run() -> None:
    from rtnews.args import crawl_options
    from rtnews.outcome import notes
    from rtnews.sectioncheck import MissingSections

    crawler = get_crawler(settings_dict={})
    crawler.spider = type("S", (), {"base": "http://127.0.0.1:8123",
                                    "options": crawl_options({"sections": "sport,middle-east"})})()
    closed: list[str] = []
    mw = MissingSections(crawler, close=closed.append)
    def response(url: str, status: int) -> HtmlResponse:
        return HtmlResponse(url, status=status, body=b"", request=Request(url))

    mw.process_spider_input(response("http://127.0.0.1:8123/sport/", 200))
    mw.process_spider_input(response("http://127.0.0.1:8123/world/9-x/", 404))
    assert closed == []
    mw.process_spider_input(response("http://127.0.0.1:8123/middle-east/", 404))
    assert closed == ["bad_argument"]
    assert "'middle-east'" in notes(crawler)[0]


def test_the_start_gate_closes_before_the_first_start_request() -> None:
    from rtnews.outcome import stop
    from rtnews.startgate import StartGate

    started: list[bool] = []

    async def start() -> Any:
        started.append(True)
        yield Request(ARTICLE)

    async def collect(gate: StartGate) -> list[str]:
        return [r.url async for r in gate.process_start(start())]

    crawler = get_crawler(settings_dict={})
    gate = StartGate.from_crawler(crawler)
    assert asyncio.run(collect(gate)) == [ARTICLE]
    stop(crawler, "state_error", "State file x is empty")
    started.clear()
    with pytest.raises(CloseSpider) as closed:
        asyncio.run(collect(gate))
    assert closed.value.reason == "state_error" and started == []
