"""Overlap guard: one crawl at a time per state file, held with an exclusive ``flock``.

``CrawlLock`` takes a non-blocking exclusive lock on ``<state file>.lock`` when the
spider opens, before the spider sends a request and before anything touches the crawl
state or writes a file (its ``spider_opened`` handler runs first: see ``EXTENSIONS``),
and keeps it until the engine stops, after every other component has closed. A second
crawl on the same state (a daily schedule overtaking a slow run, a manual run beside a
scrapyd job) finds the lock held and closes at once with the finish reason
``already_running`` (exit status 75) before its first request (``rtnews.startgate``),
so it sends no request. The lock file exists while a crawl holds it and
names its pid; the operating system drops the lock when a crawl process dies, so a
killed run leaves at most the file behind, never a held lock. A crawl that only reads
the state (``RTNEWS_EXPORTS`` off) takes no lock.
"""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.exceptions import CloseSpider

from rtnews import outcome
from rtnews.state import state_path

logger = logging.getLogger(__name__)
ALREADY_RUNNING = "already_running"
STATE_ERROR = "state_error"


def lock_path(state: Path) -> Path:
    """The lock file beside a state file: ``state.sqlite`` → ``state.sqlite.lock``."""
    return state.with_name(state.name + ".lock")


class CrawlLock:
    """Extension holding the state's lock for the whole crawl (see module docstring)."""

    def __init__(self, path: Path, wanted: bool = True) -> None:
        self.path = path
        self.wanted = wanted
        self.fd: int | None = None
        self.stop: Any = raise_close  # rtnews.outcome.stop for this crawl (rtnews.startgate)
        self.signals: Any = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> CrawlLock:
        ext = cls(lock_path(state_path(crawler.settings)),
                  wanted=crawler.settings.getbool("RTNEWS_EXPORTS", True))
        ext.stop = lambda reason, text: outcome.stop(crawler, reason, text)
        ext.signals = crawler.signals
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
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
        if not self.wanted:
            return
        try:
            taken = self.acquire()
        except OSError as exc:
            message = (f"State file {self.path.with_suffix('')} cannot be used: its lock {self.path}"
                       f" cannot be created ({exc.strerror or exc}: {exc.filename}); make the"
                       " state's folder writable or point RTNEWS_STATE elsewhere")
            logger.error("%s (finish reason %s)", message, STATE_ERROR)
            self.stop(STATE_ERROR, message)
            return
        if taken:
            if self.signals is not None:  # connected now, so that it runs after every other
                self.signals.connect(self.release, signal=signals.engine_stopped)
            return
        message = (f"Another crawl is running on the same state (lock {self.path} held by pid"
                   f" {self.holder() or '?'})")
        logger.warning("%s: exiting without crawling (finish reason %s)", message, ALREADY_RUNNING)
        self.stop(ALREADY_RUNNING, message)

    def holder(self) -> str:
        """The pid the lock holder wrote into the lock file, for the log line."""
        try:
            return self.path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return ""


def raise_close(reason: str, text: str) -> None:
    """Without a crawler (tests, scripts): close the spider from the signal handler."""
    raise CloseSpider(reason)


def same_file(fd: int, path: Path) -> bool:
    """Whether ``fd`` is still the file at ``path`` (not removed or replaced since it was opened)."""
    try:
        on_disk = path.stat()
    except FileNotFoundError:
        return False
    opened = os.fstat(fd)
    return (opened.st_dev, opened.st_ino) == (on_disk.st_dev, on_disk.st_ino)
