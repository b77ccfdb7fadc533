"""The raw-page archive end to end: a replica crawl's WARC files, re-extraction, replay, crash repair."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator as WarcioIterator

from rtnews import urls
from rtnews.pages.article import ArticlePage
from rtnews.reextract import reextract
from rtnews.replica.build import LISTING_SIZE, build
from rtnews.warc import OPEN_SUFFIX, read_responses, scan_members
from tests.crawling import (
    ROOT,
    article_ids,
    crawl_command,
    env,
    jsonl,
    last_stats,
    newest,
    run_crawl,
    serving,
)

SMALL_FILES = "150000"  # bytes: the replica crawl then fills several WARC files
NOT_COMPARED = {"crawled_at", "first_seen_at", "last_seen_at"}


def by_key(rows: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    return {row[key]: {k: v for k, v in row.items() if k not in NOT_COMPARED} for row in rows}


def items(out: Path, kind: str = "articles") -> list[dict[str, Any]]:
    return jsonl(newest(out, f"{kind}_*.jsonl"))


def report(out: Path) -> dict[str, Any]:
    return json.loads(newest(out, "report_*.json").read_text(encoding="utf-8"))


def assert_same_items(expected: Path, got: Path) -> None:
    """Same articles and stories, every field but the fetch and sighting times. A story's
    ids known only from article links are in id order, so even another crawl of the same
    pages (a replay) gives them in the same order."""
    assert by_key(items(got), "article_id") == by_key(items(expected), "article_id")
    stories = by_key(items(expected, "stories"), "story_id")
    assert stories
    assert by_key(items(got, "stories"), "story_id") == stories


def assert_same_report(expected: Path, got: Path) -> None:
    """The same run as the crawl's, by the report's figures: status, articles, story coverage."""
    crawl, again = report(expected), report(got)
    assert again["status"] == crawl["status"] == "ok"
    for part in ("articles", "stories", "field_coverage", "article_failures", "challenge_pages"):
        assert again[part] == crawl[part], part


def warcs(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.warc.gz"))


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path], dict[str, Any]]:
    """A replica crawl with the archive on (small files): data dir, its WARC files, its stats.
    The replica's robots.txt disallows /listing/, as the real site's is assumed to: story
    membership comes from landing pages and the article pages' own story links."""
    out = tmp_path_factory.mktemp("archive") / "data"
    with serving() as url:
        result = run_crawl(url, out, "-s", f"RTNEWS_ARCHIVE_MAX_BYTES={SMALL_FILES}")
    assert result.returncode == 0, result.stderr[-2000:]
    return out, warcs(out / "warc"), last_stats(out)


@pytest.fixture(scope="module")
def crawled_open(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path], dict[str, Any]]:
    """The same crawl of a replica whose robots.txt allows the stories' "load more" listings."""
    tmp = tmp_path_factory.mktemp("archive-open")
    build(out=tmp / "site", robots="open")
    with serving(site_dir=tmp / "site") as url:
        result = run_crawl(url, tmp / "data")
    assert result.returncode == 0, result.stderr[-2000:]
    return tmp / "data", warcs(tmp / "data" / "warc"), last_stats(tmp / "data")


def test_the_crawl_leaves_whole_readable_warc_files(crawled) -> None:
    out, files, stats = crawled
    assert len(files) >= 2 and stats["rtnews/archive/files"] == len(files)  # rotated
    assert not list((out / "warc").glob(f"*{OPEN_SUFFIX}"))
    for path in files:
        scan = scan_members(path)
        assert not scan.torn and scan.members % 3 == 1  # warcinfo, then request/response/metadata
        with open(path, "rb") as f:
            assert len(list(WarcioIterator(f))) == scan.members  # the reference reader agrees


def test_one_response_record_per_response_the_crawl_got(crawled) -> None:
    _, files, stats = crawled
    responses = [r for path in files for r in read_responses(path)]
    assert len(responses) == stats["downloader/response_count"] == stats["rtnews/archive/responses"]
    statuses = Counter(r.status for r in responses)
    prefix = "downloader/response_status_count/"
    counted = {int(k.removeprefix(prefix)): v for k, v in stats.items() if k.startswith(prefix)}
    assert statuses == Counter(counted)
    assert statuses[200] and statuses[404]  # a redirect too, when the short link came first
    paths = {urls.urlsplit(r.url).path for r in responses}
    assert {"/robots.txt", "/sitemap.xml", "/rss/"} <= paths
    classes = {r.metadata["url-class"] for r in responses}
    assert {"article", "story", "section", "feed", "sitemap", "tag", "home"} <= classes
    # What robots.txt refused was never fetched, so never archived.
    assert stats["rtnews/stories/listing_not_allowed"] > 0 and stats["robotstxt/forbidden"] > 0
    assert not {"story_listing", "tag_listing"} & classes
    challenge = [r for r in responses if b"ddos-guard" in r.body.lower()]
    assert challenge and challenge[0].metadata["url-class"] == "article"


def test_records_keep_the_fetched_url_and_name_the_canonical_one(crawled) -> None:
    out, files, _ = crawled
    exported = {a["article_id"]: a["url"] for a in items(out)}
    run_id = files[0].name.removeprefix("rtnews-").rsplit("-", 1)[0]
    for response in read_responses(files[0]):
        assert response.url.startswith("http://127.0.0.1:")
        assert response.metadata["run-id"] == run_id
        assert response.metadata["site"] == response.url[: response.url.index("/", 8)]
        info = urls.classify_url(response.url, hosts={urls.urlsplit(response.url).netloc})
        assert response.metadata["url-class"] == info.kind.value
        if info.kind is urls.UrlKind.ARTICLE and response.status == 200 and info.article_id in exported:
            assert response.metadata["canonical-url"] == exported[info.article_id]


def test_reextraction_gives_the_crawls_items(crawled, tmp_path: Path) -> None:
    out, files, _ = crawled
    summary = reextract(files, tmp_path / "again")
    assert (summary.status, summary.exit_code) == ("ok", 0) and not summary.read_errors
    assert_same_items(out, tmp_path / "again")
    assert_same_report(out, tmp_path / "again")
    assert {a["article_id"] for a in items(tmp_path / "again")} == article_ids()
    assert newest(tmp_path / "again", "report_*.json").name == f"report_{summary.run}.json"
    # Without listings, stories hold more than their landing pages list: the article links.
    assert any(len(s["article_ids"]) > LISTING_SIZE for s in items(tmp_path / "again", "stories"))


def test_listings_that_robots_txt_allows_are_archived_and_complete_their_stories(
        crawled_open, tmp_path: Path) -> None:
    out, files, stats = crawled_open
    responses = [r for path in files for r in read_responses(path)]
    assert "story_listing" in {r.metadata["url-class"] for r in responses}
    assert "rtnews/stories/listing_not_allowed" not in stats
    summary = reextract(files, tmp_path / "again")
    assert summary.status == "ok"
    assert_same_items(out, tmp_path / "again")
    assert_same_report(out, tmp_path / "again")
    listed = {k: v for k, v in summary.stats.items() if k.endswith("/listed")}
    assert max(listed.values()) > LISTING_SIZE  # ids from the listings, not only the landing page


def test_parallel_jobs_give_the_same_run_as_one(crawled, tmp_path: Path) -> None:
    _, files, _ = crawled
    reextract(files, tmp_path / "one")
    result = subprocess.run([sys.executable, "-m", "rtnews", "reextract", *map(str, files), "--out",
                             str(tmp_path / "two"), "--jobs", "2"], cwd=ROOT, env=env(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert items(tmp_path / "two") == items(tmp_path / "one")  # same order, same fetch times
    assert items(tmp_path / "two", "stories") != []


def test_an_improved_extractor_exports_changed_articles_with_a_new_revision(
        crawled, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, files, _ = crawled
    data = tmp_path / "data"
    reextract(files, data)
    first = {a["article_id"]: a for a in items(data)}
    target = sorted(first)[0]
    original = ArticlePage.body

    def improved(page: ArticlePage) -> str:
        body = original(page)
        return body + "\n\nفقرة استعادها المستخرج المحسن." if page.article_id() == target else body

    monkeypatch.setattr(ArticlePage, "body", improved)
    time.sleep(1.1)  # a new run id second, as for crawls
    summary = reextract(files, data)
    again = items(data)
    assert [a["article_id"] for a in again] == [target]
    assert again[0]["revision"] == 2 and again[0]["body"].endswith("المحسن.")
    assert summary.stats["rtnews/items/dropped/already_exported"] == len(first) - 1


def test_a_replay_of_the_archive_crawls_to_the_same_items(crawled, tmp_path: Path) -> None:
    out, files, _ = crawled
    server = subprocess.Popen([sys.executable, "-m", "rtnews.replica", "--warc", *map(str, files),
                               "--port", "0"], cwd=ROOT, env=env(), stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        url = server.stdout.readline().strip()
        result = run_crawl(url, tmp_path / "replayed", "-s", "RTNEWS_ARCHIVE=0")
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert result.returncode == 0, result.stderr[-2000:]
    assert_same_items(out, tmp_path / "replayed")
    assert_same_report(out, tmp_path / "replayed")
    assert not (tmp_path / "replayed" / "warc").exists()  # RTNEWS_ARCHIVE=0


def test_an_incremental_run_archives_only_what_it_fetched(crawled) -> None:
    out, files, _ = crawled
    with serving() as url:
        result = run_crawl(url, out)
    assert result.returncode == 0, result.stderr[-2000:]
    stats = last_stats(out)
    new = [p for p in warcs(out / "warc") if p not in files]
    responses = [r for p in new for r in read_responses(p)]
    assert len(responses) == stats["downloader/response_count"]
    assert stats.get("rtnews/links/article", 0) == 0
    assert not [r for r in responses if r.status == 200 and r.metadata["url-class"] == "article"]


def test_a_crawl_whose_pages_could_not_be_archived_says_so(tmp_path: Path) -> None:
    """The crawl goes on and exports everything, but its report and exit status say that
    its archive misses pages (the archive folder sits under a regular file)."""
    (tmp_path / "not-a-folder").write_text("x")
    unwritable = tmp_path / "not-a-folder" / "warc"
    with serving() as url:
        result = run_crawl(url, tmp_path / "data", "-s", f"RTNEWS_ARCHIVE_DIR={unwritable}")
    assert result.returncode == 7, result.stderr[-2000:]
    assert "WARC archive stopped" in result.stderr
    data = report(tmp_path / "data")
    assert data["status"] == "failed" and [c["check"] for c in data["failed_checks"]] == ["archive_errors"]
    assert data["archive"] == {"write_errors": 1}
    assert {a["article_id"] for a in items(tmp_path / "data")} == article_ids()  # the dataset is whole


def kill_while_archiving(url: str, out: Path, min_bytes: int) -> Path:
    """SIGKILL a crawl once its open WARC file holds ``min_bytes``; returns that file."""
    proc = subprocess.Popen(crawl_command(url, out, "-s", "CONCURRENT_REQUESTS=2"), cwd=ROOT, env=env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            found = list((out / "warc").glob(f"*{OPEN_SUFFIX}")) if (out / "warc").exists() else []
            if found and found[0].stat().st_size >= min_bytes:
                break
            time.sleep(0.01)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    (left,) = (out / "warc").glob(f"*{OPEN_SUFFIX}")
    return left


def test_a_killed_crawl_loses_no_archived_page(tmp_path: Path) -> None:
    out = tmp_path / "data"
    with serving(handler_delay=0.03) as url:
        left = kill_while_archiving(url, out, 60_000)
        whole = scan_members(left)
        # A kill inside a write leaves part of a record: add one, as such a kill would.
        data = left.read_bytes()
        left.write_bytes(data + data[whole.whole_bytes - 2000: whole.whole_bytes - 900])
        time.sleep(1.1)
        final = run_crawl(url, out)
    assert final.returncode == 0, final.stderr[-2000:]
    assert last_stats(out)["rtnews/archive/repaired_files"] == 1
    assert not list((out / "warc").glob(f"*{OPEN_SUFFIX}"))
    repaired = left.with_name(left.name.removesuffix(OPEN_SUFFIX))
    assert scan_members(repaired).members == whole.members and repaired.stat().st_size == whole.whole_bytes
    for path in warcs(out / "warc"):
        assert not scan_members(path).torn
        list(read_responses(path))  # raises on damage
    # Every article the two runs exported can be made again from the two runs' archives.
    exported = {a["article_id"] for p in out.glob("articles_*.jsonl") for a in jsonl(p)}
    assert exported == article_ids()
    summary = reextract(warcs(out / "warc"), tmp_path / "again")
    assert {a["article_id"] for a in items(tmp_path / "again")} == exported
    assert not summary.read_errors


def test_the_benchmarks_reextraction_modes_agree(crawled, tmp_path: Path) -> None:
    """Smoke test of bench/archive_bench.py's in-process runs (timings not checked)."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import archive_bench
    finally:
        sys.path.remove(str(ROOT / "bench"))
    out, _, _ = crawled
    from_warc = archive_bench.inner("warc", out / "warc", tmp_path / "warc")
    from_memory = archive_bench.inner("memory", out / "warc", tmp_path / "memory")
    extract = archive_bench.inner("extract", out / "warc", tmp_path / "extract")
    assert from_warc["pages"] == from_memory["pages"] == extract["pages"] > 0
    assert from_warc["exported"] == from_memory["exported"] == len(article_ids())
