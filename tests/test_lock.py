"""The overlap guard: one crawl per state file; a second one exits at once, touching nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.exceptions import CloseSpider
from scrapy.utils.test import get_crawler

from rtnews.lock import ALREADY_RUNNING, CrawlLock, lock_path, same_file
from rtnews.outcome import notes, stop_reason

ROOT = Path(__file__).resolve().parent.parent


def test_the_lock_file_sits_beside_the_state_file(tmp_path: Path) -> None:
    assert lock_path(tmp_path / "state.sqlite") == tmp_path / "state.sqlite.lock"


def test_one_holder_at_a_time_until_released(tmp_path: Path) -> None:
    first, second = CrawlLock(tmp_path / "s.lock"), CrawlLock(tmp_path / "s.lock")
    assert first.acquire() and first.held
    assert not second.acquire() and not second.held
    assert second.holder() == str(os.getpid())
    first.release()
    assert not (tmp_path / "s.lock").exists()
    assert second.acquire()
    second.release()


def test_without_a_crawler_a_held_lock_closes_the_spider(tmp_path: Path) -> None:
    first, second = CrawlLock(tmp_path / "s.lock"), CrawlLock(tmp_path / "s.lock")
    first.spider_opened(spider=None)
    try:
        with pytest.raises(CloseSpider) as closed:
            second.spider_opened(spider=None)
        assert closed.value.reason == ALREADY_RUNNING
    finally:
        first.release()


def test_a_crawl_that_only_reads_the_state_takes_no_lock(tmp_path: Path) -> None:
    lock = CrawlLock.from_crawler(get_crawler(settings_dict={"RTNEWS_DATA_DIR": str(tmp_path),
                                                             "RTNEWS_EXPORTS": False}))
    lock.spider_opened(spider=None)
    assert not lock.held and not lock.path.exists()


def test_a_lock_file_removed_after_opening_is_not_trusted(tmp_path: Path) -> None:
    path = tmp_path / "s.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT)
    try:
        assert same_file(fd, path)
        path.unlink()
        assert not same_file(fd, path)
        path.touch()
        assert not same_file(fd, path)
    finally:
        os.close(fd)


def test_the_lock_dies_with_its_process(tmp_path: Path) -> None:
    path = tmp_path / "s.lock"
    code = ("import sys; from pathlib import Path; from rtnews.lock import CrawlLock;"
            " sys.exit(0 if CrawlLock(Path(sys.argv[1])).acquire() else 1)")
    run = subprocess.run([sys.executable, "-c", code, str(path)], cwd=ROOT)
    assert run.returncode == 0
    assert CrawlLock(path).acquire()


def test_a_crawl_takes_the_lock_of_its_state_when_the_spider_opens(tmp_path: Path) -> None:
    lock = CrawlLock.from_crawler(get_crawler(settings_dict={"RTNEWS_DATA_DIR": str(tmp_path)}))
    assert not lock.held and lock.path == tmp_path / "state.sqlite.lock"  # building takes nothing
    try:
        lock.spider_opened(spider=None)
        assert lock.held
        crawler = get_crawler(settings_dict={
            "RTNEWS_STATE": str(tmp_path / "state.sqlite"), "RTNEWS_DATA_DIR": "elsewhere"})
        other = CrawlLock.from_crawler(crawler)
        other.spider_opened(spider=None)  # asks the start gate to close the crawl
        assert stop_reason(crawler) == ALREADY_RUNNING and not other.held
        assert "Another crawl is running on the same state" in notes(crawler)[0]
    finally:
        lock.release()


def test_a_second_crawl_on_a_held_state_exits_at_once(tmp_path: Path, replica_url: str) -> None:
    data = tmp_path / "data"
    running = CrawlLock(lock_path(data / "state.sqlite"))
    assert running.acquire()  # another crawl on this state is running
    try:
        command = [sys.executable, "-m", "scrapy", "crawl", "rt_arabic", "-a", f"base_url={replica_url}",
                   "-s", f"RTNEWS_DATA_DIR={data}"]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    finally:
        running.release()
    assert result.returncode == 75, result.stderr[-3000:]  # skipped: its own exit status
    assert "Another crawl is running on the same state" in result.stderr
    assert f"'finish_reason': '{ALREADY_RUNNING}'" in result.stderr
    assert "downloader/request_count" not in result.stderr
    # no dataset file, no state, the holder's lock file gone: only the run's report
    (report,) = data.iterdir()
    assert report.name.startswith("report_")
    data_ = json.loads(report.read_text(encoding="utf-8"))
    assert (data_["status"], data_["finish_reason"], data_["exit_code"]) == ("skipped", ALREADY_RUNNING, 75)
    assert "Another crawl is running" in data_["reason"]
