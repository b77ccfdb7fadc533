"""Overlap guard: one crawl at a time per state file, held with an exclusive ``flock``.

``CrawlLock`` takes a non-blocking exclusive lock on ``<state file>.lock`` when the
spider opens, before the spider sends a request and before anything touches the crawl
state or writes a file (those open on first use), and keeps it until the engine stops.
A second crawl on the same state (a daily schedule overtaking a slow run, a manual run
beside a scrapyd job) finds the lock held and closes at once with the finish reason
``already_running``: Scrapy then never iterates the spider's start requests, so it
sends no request. The lock file exists while a crawl holds it; the operating system
drops the lock when a crawl process dies, so a killed run leaves at most the file
behind, never a held lock.
"""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.exceptions import CloseSpider

from rtnews.state import state_path

logger = logging.getLogger(__name__)
ALREADY_RUNNING = "already_running"


def lock_path(state: Path) -> Path:
    """The lock file beside a state file: ``state.sqlite`` → ``state.sqlite.lock``."""
    return state.with_name(state.name + ".lock")


class CrawlLock:
    """Extension holding the state's lock for the whole crawl (see module docstring)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> CrawlLock:
        ext = cls(lock_path(state_path(crawler.settings)))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.release, signal=signals.engine_stopped)
        return ext

    @property
    def held(self) -> bool:
        return self.fd is not None

    def acquire(self) -> bool:
        """Take the lock if it is free; True when this crawl holds it."""
        if self.fd is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                return False
            if same_file(fd, self.path):
                break
            os.close(fd)  # the holder removed the file as we opened it: take the new one
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self.fd = fd
        return True

    def release(self) -> None:
        """Remove the lock file (still holding it, so nobody takes the old one), then unlock."""
        if self.fd is not None:
            self.path.unlink(missing_ok=True)
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None

    def spider_opened(self, spider: Any) -> None:
        if self.acquire():
            return
        logger.warning("Another crawl is running on the same state (lock %s held by pid %s):"
                       " exiting without crawling (finish reason %s)",
                       self.path, self.holder() or "?", ALREADY_RUNNING)
        raise CloseSpider(ALREADY_RUNNING)

    def holder(self) -> str:
        """The pid the lock holder wrote into the lock file, for the log line."""
        try:
            return self.path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return ""


def same_file(fd: int, path: Path) -> bool:
    """Whether ``fd`` is still the file at ``path`` (not removed or replaced since it was opened)."""
    try:
        on_disk = path.stat()
    except FileNotFoundError:
        return False
    opened = os.fstat(fd)
    return (opened.st_dev, opened.st_ino) == (on_disk.st_dev, on_disk.st_ino)
