"""``rtnews reextract`` on bad input: damaged files, missing inputs, a state in use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from rtnews.lock import CrawlLock, lock_path
from rtnews.pages.article import ArticlePage
from rtnews.reextract import reextract
from rtnews.warc import exchange_members, write_warc
from tests.crawling import ROOT, env
from tests.test_warc import exchange

PAGE = Path(__file__).parent.parent / "rtnews" / "replica" / "site"


def article_warc(path: Path, torn: bool = False) -> Path:
    """A WARC file of one replica article page (plus half a record when ``torn``)."""
    html = next(p for p in sorted(PAGE.glob("f*.html")) if b'class="article' in p.read_bytes()).read_bytes()
    write_warc(path, [exchange("/world/1772101-x/", body=html, site="http://127.0.0.1:8123")])
    if torn:
        half = exchange_members(exchange("/world/1772102-y/", body=html))
        path.write_bytes(path.read_bytes() + half[: len(half) // 2])
    return path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rtnews", "reextract", *args], cwd=ROOT, env=env(),
                          capture_output=True, text=True, timeout=60)


def test_a_damaged_file_is_used_up_to_the_damage_and_fails_the_command(tmp_path: Path) -> None:
    result = run(str(article_warc(tmp_path / "torn.warc.gz", torn=True)), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "torn" in result.stderr and "1 files damaged" in result.stdout
    assert "1 articles" in result.stdout  # the whole record before the damage was used


def test_missing_inputs_exit_2(tmp_path: Path) -> None:
    result = run(str(tmp_path / "nothing.warc.gz"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and "no such file" in result.stderr
    result = run(str(tmp_path), "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and "no *.warc.gz file" in result.stderr


def test_a_state_in_use_is_not_touched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    lock = CrawlLock(lock_path(out / "state.sqlite"))
    assert lock.acquire()
    try:
        result = run(str(article_warc(tmp_path / "a.warc.gz")), "--out", str(out))
    finally:
        lock.release()
    assert result.returncode == 1 and "holds the state" in result.stderr
    assert not list(out.glob("articles_*"))
    assert reextract([tmp_path / "a.warc.gz"], out).stats["rtnews/exported/articles"] == 1


def test_a_page_the_extractor_chokes_on_is_counted_not_fatal(tmp_path: Path, monkeypatch) -> None:
    def broken(page: ArticlePage, crawled_at: str = "") -> None:
        raise ValueError("unexpected markup")

    monkeypatch.setattr(ArticlePage, "extract", broken)
    summary = reextract([article_warc(tmp_path / "a.warc.gz")], tmp_path / "out")
    assert summary.stats["spider_exceptions/ValueError"] == 1
    assert summary.stats.get("rtnews/exported/articles", 0) == 0 and summary.status == "ok"
