"""``rtnews reextract`` as a run: its files, state, report and exit status; bad input; retries; stories."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from scrapy.utils.misc import load_object

from rtnews import settings, urls
from rtnews.exports import JsonLinesLog
from rtnews.items import Story
from rtnews.lock import CrawlLock, lock_path
from rtnews.pages.article import ArticlePage
from rtnews.pages.listing import StoryPage
from rtnews.reextract import (
    ArticleFound,
    DatasetRun,
    ListingFound,
    RunStats,
    StoryAssembler,
    StoryFound,
    file_outcomes,
    reextract,
    write_run,
)
from rtnews.state import SqliteSeenStore
from rtnews.warc import Exchange, exchange_members, write_warc
from tests.crawling import ROOT, env
from tests.test_warc import exchange

SITE = Path(__file__).parent.parent / "rtnews" / "replica" / "site"


def replica_articles(count: int) -> list[tuple[str, bytes]]:
    """(URL path, page bytes) of the first ``count`` article pages of the bundled replica."""
    routes = json.loads((SITE / "routes.json").read_text(encoding="utf-8"))
    found = []
    for path, route in routes.items():
        info = urls.classify_url(urls.SITE + quote(path))
        if info.kind is urls.UrlKind.ARTICLE and route.get("status") == 200 and route.get("file") \
                and not path.endswith("/amp/"):
            body = (SITE / route["file"]).read_bytes()
            if b'class="article' in body and b"ddos" not in body.lower():
                found.append((quote(path), body))
    return found[:count]


def article_warc(path: Path, torn: bool = False, count: int = 1) -> Path:
    """A WARC file of replica article pages (plus half a record when ``torn``)."""
    pages = replica_articles(count + 1)
    write_warc(path, [exchange(p, body=b, site="http://127.0.0.1:8123") for p, b in pages[:count]])
    if torn:
        half = exchange_members(exchange(pages[count][0], body=pages[count][1]))
        path.write_bytes(path.read_bytes() + half[: len(half) // 2])
    return path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rtnews", "reextract", *args], cwd=ROOT, env=env(),
                          capture_output=True, text=True, timeout=60)


def report(out: Path) -> dict[str, Any]:
    (path,) = out.glob("report_*.json")
    return json.loads(path.read_text(encoding="utf-8"))


def article_id(body: bytes) -> str:
    page = ArticlePage("http://127.0.0.1:8123/x/", body.decode("utf-8"))
    assert page.article_id()
    return str(page.article_id())


# --- a run like a crawl's -------------------------------------------------------------------

def test_a_reextraction_is_a_run_like_a_crawls(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(str(article_warc(tmp_path / "a.warc.gz", count=3)), "--out", str(out))
    assert result.returncode == 0, result.stderr[-2000:]
    data = report(out)
    run_id = data["run_id"]
    assert data["status"] == "ok" and data["exit_code"] == 0 and data["articles"]["exported"] == 3
    assert data["reextract"] == {"files": 1, "responses": 3}
    assert {p.name for p in out.iterdir() if p.is_file()} == {
        f"articles_{run_id}.jsonl", f"articles_{run_id}.csv", f"articles_{run_id}.json",
        f"stories_{run_id}.jsonl", f"stories_{run_id}.csv", f"run_{run_id}.json", f"report_{run_id}.json",
        "state.sqlite"}
    assert len(json.loads((out / f"articles_{run_id}.json").read_text(encoding="utf-8"))) == 3
    store = SqliteSeenStore(out / "state.sqlite")
    (recorded,) = store.runs()
    assert (recorded.run_id, recorded.state, recorded.status) == (run_id, "closed", "ok")
    assert len(store.known_ids()) == 3
    store.close()
    checked = subprocess.run([sys.executable, "-m", "rtnews", "check", "--data-dir", str(out)], cwd=ROOT,
                             env=env(), capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0 and checked.stdout.startswith(f"OK: run {run_id}"), checked.stdout


def test_the_run_is_written_by_the_crawls_components_in_their_order() -> None:
    """``DatasetRun`` calls the crawl's extensions in the crawl's signal order; a new
    extension or pipeline of the crawl must be added to it too."""
    project = [load_object(name) for name, order in sorted(settings.EXTENSIONS.items(), key=lambda kv: kv[1])
               if name.startswith("rtnews.") and order is not None]
    assert list(DatasetRun.COMPONENTS) == project
    pipelines = sorted(settings.ITEM_PIPELINES.items(), key=lambda kv: kv[1])
    assert list(DatasetRun.PIPELINES) == [load_object(name) for name, _ in pipelines]


# --- runs that fail say so, in the report and the exit status ---------------------------------

def test_a_damaged_file_is_used_up_to_the_damage_and_fails_the_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(str(article_warc(tmp_path / "torn.warc.gz", torn=True)), "--out", str(out))
    assert result.returncode == 7
    assert "torn" in result.stderr and "1 files damaged" in result.stdout
    assert "1 articles" in result.stdout  # the whole record before the damage was used
    data = report(out)
    assert data["status"] == "failed" and [c["check"] for c in data["failed_checks"]] == ["unread_archives"]


def test_missing_inputs_exit_2(tmp_path: Path) -> None:
    result = run(str(tmp_path / "nothing.warc.gz"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and "no such file" in result.stderr
    result = run(str(tmp_path), "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and "no *.warc.gz file" in result.stderr
    assert not (tmp_path / "out").exists()  # a wrong command line is no run


def test_a_state_in_use_is_not_touched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    lock = CrawlLock(lock_path(out / "state.sqlite"))
    assert lock.acquire()
    try:
        result = run(str(article_warc(tmp_path / "a.warc.gz")), "--out", str(out))
    finally:
        lock.release()
    assert result.returncode == 75 and "Another crawl is running" in result.stdout + result.stderr
    assert report(out)["status"] == "skipped"
    assert not list(out.glob("articles_*")) and not (out / "state.sqlite").exists()
    assert reextract([tmp_path / "a.warc.gz"], out).stats["rtnews/exported/articles"] == 1


def test_an_unusable_state_stops_the_run_before_anything_is_read(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "state.sqlite").write_bytes(b"not a state file at all" * 100)
    summary = reextract([article_warc(tmp_path / "a.warc.gz")], out)
    assert (summary.status, summary.exit_code) == ("failed", 5)
    assert "rtnews/reextract/responses" not in summary.stats
    assert (out / "state.sqlite").read_bytes() == b"not a state file at all" * 100
    assert not list(out.glob("articles_*")) and report(out)["finish_reason"] == "state_error"


def test_a_write_failure_stops_the_run_and_the_next_run_repairs_it(tmp_path: Path, monkeypatch) -> None:
    warc = article_warc(tmp_path / "a.warc.gz", count=3)
    original = JsonLinesLog.write

    def disk_full_after_one(log: JsonLinesLog, line: bytes) -> None:
        if log.count >= 1:
            raise OSError(28, "No space left on device")
        original(log, line)

    monkeypatch.setattr(JsonLinesLog, "write", disk_full_after_one)
    summary = reextract([warc], tmp_path / "out")
    assert (summary.status, summary.exit_code) == ("failed", 6) and "No space left" in summary.reason
    monkeypatch.undo()
    again = reextract([warc], tmp_path / "out")
    assert again.status == "ok" and again.stats["rtnews/state/runs_repaired"] == 1
    # The article the stopped run wrote was kept (recorded by the repair), the others come now.
    assert again.stats["rtnews/exported/articles"] == 2
    assert again.stats["rtnews/items/dropped/already_exported"] == 1


def test_a_page_the_extractor_chokes_on_is_counted_not_fatal(tmp_path: Path, monkeypatch) -> None:
    warc = article_warc(tmp_path / "a.warc.gz", count=2)
    (_, choking), _ = replica_articles(2)
    bad = article_id(choking)
    original = ArticlePage.extract

    def broken(page: ArticlePage, crawled_at: str = "") -> Any:
        if page.article_id() == bad:
            raise ValueError("unexpected markup")
        return original(page, crawled_at)

    monkeypatch.setattr(ArticlePage, "extract", broken)
    summary = reextract([warc], tmp_path / "out")
    assert summary.stats["spider_exceptions/ValueError"] == 1
    assert summary.stats["rtnews/exported/articles"] == 1  # the other page
    data = report(tmp_path / "out")
    assert data["article_failures"] == {"extract_error": 1}
    assert summary.status == "failed" and [c["check"] for c in data["failed_checks"]] == ["failed_share"]
    db = sqlite3.connect(tmp_path / "out" / "state.sqlite")
    assert db.execute("SELECT article_id, reason FROM failures").fetchall() == [(bad, "extract_error")]


def test_a_retried_error_that_then_worked_is_no_failure(tmp_path: Path) -> None:
    """As in the crawl, where the retry middleware answers the spider once per request."""
    (path_a, page_a), (path_b, page_b) = replica_articles(2)
    unavailable: dict[str, Any] = {"status": 503, "body": b"busy"}
    exchanges: list[Exchange] = [exchange(path_a, **unavailable), exchange(path_a, body=page_a),
                                 exchange(path_b, **unavailable), exchange(path_b, **unavailable)]
    summary = reextract([write_warc(tmp_path / "r.warc.gz", exchanges)], tmp_path / "out")
    assert summary.stats["rtnews/links/article"] == 2
    assert summary.stats["rtnews/exported/articles"] == 1
    assert report(tmp_path / "out")["article_failures"] == {"http_503": 1}
    db = sqlite3.connect(tmp_path / "out" / "state.sqlite")
    assert db.execute("SELECT article_id FROM failures").fetchall() == [(article_id(page_b),)]


def test_an_interrupted_run_closes_as_shutdown(tmp_path: Path) -> None:
    def interrupted() -> Any:
        yield from file_outcomes(article_warc(tmp_path / "a.warc.gz"))
        raise KeyboardInterrupt

    summary = write_run(interrupted(), tmp_path / "out")
    assert (summary.status, summary.exit_code, summary.reason) == ("failed", 8, "shutdown")
    assert summary.stats["rtnews/exported/articles"] == 1 and list((tmp_path / "out").glob("articles_*.csv"))


# --- stories as the spider builds them ----------------------------------------------------------

def story(story_id: str, ids: list[str], title: str = "قصة") -> Story:
    return Story(story_id, title, f"https://arabic.rt.com/focuses/{story_id}-s/", None, None, ids)


def test_stories_join_landing_pages_their_listings_and_article_links_per_run() -> None:
    assembler = StoryAssembler()
    assembler.add(StoryFound("r2", story("7", ["1", "2"]), next_key="/listing/t/1"))
    assembler.add(ListingFound("r2", "/listing/t/1", ["2", "3"], next_key="/listing/t/2"))
    assembler.add(ListingFound("r2", "/listing/t/2", ["4"], next_key="/listing/t/3"))
    assembler.add(ListingFound("r1", "/listing/t/3", ["99"], next_key=None))  # another run's page
    linked = ("5", ["7"], {"7": "قصة"})
    assembler.article(ArticleFound("r2", None, linked))  # type: ignore[arg-type]
    assembler.add(StoryFound("r1", story("7", ["0", "1"], "قصة قديمة"), next_key=None))
    assembler.add(StoryFound("r1", story("8", ["9"]), next_key=None))
    stats = RunStats()
    stories = {s.story_id: s for s in assembler.stories(stats)}
    assert stories["7"].title == "قصة" and stories["7"].article_ids == ["1", "2", "3", "4", "5", "0"]
    assert stories["8"].article_ids == ["9"]
    assert stats.get_value("rtnews/stories/7/listed") == 4  # the newest run's, as its crawl counted


def replica_page(part: str) -> tuple[str, bytes]:
    """(URL path, bytes) of the bundled replica's page whose path holds ``part``."""
    routes = json.loads((SITE / "routes.json").read_text(encoding="utf-8"))
    path = next(p for p, r in routes.items() if part in p and r.get("file") and not p.endswith("/amp/"))
    return quote(path), (SITE / routes[path]["file"]).read_bytes()


def landing_ids(page: tuple[str, bytes]) -> list[str]:
    return StoryPage("http://127.0.0.1:8123" + page[0], page[1].decode("utf-8")).article_ids()


def test_an_article_page_counts_for_its_story_even_when_the_pipelines_drop_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As in the crawl, whose spider notes an article page's story links before the
    pipelines see the article: the story lists it, although no article file holds it."""
    landing, page = replica_page("/focuses/668214-"), replica_page("/1757206-")
    assert b"1757206" not in landing[1]  # not among the ids the landing page lists
    original = ArticlePage.body
    monkeypatch.setattr(ArticlePage, "body", lambda p: "" if p.article_id() == "1757206" else original(p))
    warc = write_warc(tmp_path / "s.warc.gz", [exchange(*landing[:1], body=landing[1]),
                                              exchange(*page[:1], body=page[1])])
    summary = reextract([warc], tmp_path / "out")
    assert summary.stats["rtnews/items/dropped/no_body"] == 1
    (found,) = [json.loads(line) for line in next((tmp_path / "out").glob("stories_*.jsonl")).open()]
    assert found["story_id"] == "668214" and found["article_ids"][-1] == "1757206"
    assert found["article_ids"][:-1] == landing_ids(landing)


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_command_prints_its_run_and_exit_status(tmp_path: Path, jobs: int) -> None:
    files = [str(article_warc(tmp_path / f"{n}.warc.gz")) for n in range(2)]
    result = run(*files, "--out", str(tmp_path / "out"), "--jobs", str(jobs))
    assert result.returncode == 0, result.stderr[-2000:]
    assert ("2 responses from 2 files, 1 articles and 0 stories exported; report ok; exit status 0"
            in result.stdout)
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".reextract-")]
