"""Crawl state across runs: which articles were exported, failed pages, stories, open runs.

``SeenStore`` is the protocol the crawl uses; ``SqliteSeenStore`` is the default (one
embedded SQLite file, WAL mode, a commit per exported item, which survives a killed
process). A hash is recorded only after its item has been written and flushed to the
run's JSON Lines file; the runs table remembers each run's file, so a run that was
killed between the two is repaired by the next one (``recover_runs``): what its file
holds is recorded, a torn last line is cut, and its CSV and JSON are rewritten.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    url_hash TEXT PRIMARY KEY,
    article_id TEXT NOT NULL,
    url TEXT NOT NULL,
    published_at TEXT,
    content_hash TEXT NOT NULL,
    simhash INTEGER NOT NULL DEFAULT 0,
    revision INTEGER NOT NULL DEFAULT 1,
    first_seen_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_published ON articles (published_at);
CREATE TABLE IF NOT EXISTS failures (
    article_id TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    count INTEGER NOT NULL,
    retry_after TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS stories (
    story_id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    first_seen_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS story_articles (
    story_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    first_seen_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    PRIMARY KEY (story_id, article_id)
);
CREATE TABLE IF NOT EXISTS runs (
    stamp TEXT PRIMARY KEY,
    jsonl TEXT NOT NULL,
    state TEXT NOT NULL
);
"""
# How long a failed article page is left alone before the crawl asks for it again.
RETRY_AFTER = {"http_404": timedelta(days=7), "http_410": timedelta(days=30)}
RETRY_DEFAULT = timedelta(hours=12)


@dataclass(frozen=True, slots=True)
class SeenArticle:
    """What the state keeps of an exported article."""

    url_hash: str
    article_id: str
    url: str
    published_at: str | None
    content_hash: str
    simhash: int = 0
    revision: int = 1
    first_seen_at: str = ""
    last_seen_at: str = ""


class SeenStore(Protocol):
    """What the crawl needs from its state; SQLite by default, replaceable."""

    def known_ids(self) -> set[str]: ...
    def get(self, url_hash: str) -> SeenArticle | None: ...
    def record(self, article: SeenArticle) -> None: ...
    def recent_ids(self, since: datetime) -> set[str]: ...
    def simhashes(self) -> Iterator[tuple[str, int]]: ...
    def record_failure(self, article_id: str, reason: str, now: datetime) -> None: ...
    def blocked_ids(self, now: datetime) -> set[str]: ...
    def failed_ids(self) -> set[str]: ...
    def clear_failure(self, article_id: str) -> None: ...
    def record_story(self, story_id: str, title: str, now: str) -> tuple[str, str]: ...
    def record_story_articles(self, story_id: str, article_ids: list[str], now: str) -> None: ...
    def story_article_ids(self, story_id: str) -> list[str]: ...
    def open_run(self, stamp: str, jsonl: Path) -> None: ...
    def close_run(self, stamp: str) -> None: ...
    def crashed_runs(self) -> list[tuple[str, Path]]: ...
    def close(self) -> None: ...


def iso(dt: datetime) -> str:
    return dt.astimezone(UTC).replace(microsecond=0).isoformat()


class SqliteSeenStore:
    """``SeenStore`` in one SQLite file (created with its folder on first use)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    def known_ids(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT article_id FROM articles")}

    def get(self, url_hash: str) -> SeenArticle | None:
        row = self.db.execute(
            "SELECT url_hash, article_id, url, published_at, content_hash, simhash, revision,"
            " first_seen_at, last_seen_at FROM articles WHERE url_hash = ?", (url_hash,)).fetchone()
        if row is None:
            return None
        url_hash_, article_id, url, published, content, simhash, revision, first, last = row
        return SeenArticle(url_hash_, article_id, url, published, content, to_unsigned(simhash),
                           revision, first, last)

    def record(self, article: SeenArticle) -> None:
        self.db.execute(
            "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(url_hash) DO UPDATE SET"
            " url=excluded.url, published_at=excluded.published_at,"
            " content_hash=excluded.content_hash, simhash=excluded.simhash,"
            " revision=excluded.revision, last_seen_at=excluded.last_seen_at",
            (article.url_hash, article.article_id, article.url, article.published_at,
             article.content_hash, to_signed(article.simhash), article.revision,
             article.first_seen_at, article.last_seen_at))

    def recent_ids(self, since: datetime) -> set[str]:
        rows = self.db.execute("SELECT article_id, published_at FROM articles WHERE published_at >= ?",
                               (since.astimezone(UTC).date().isoformat(),))
        return {aid for aid, published in rows if published and parse(published) >= since}

    def simhashes(self) -> Iterator[tuple[str, int]]:
        for article_id, value in self.db.execute("SELECT article_id, simhash FROM articles"):
            yield article_id, to_unsigned(value)

    def record_failure(self, article_id: str, reason: str, now: datetime) -> None:
        row = self.db.execute("SELECT count FROM failures WHERE article_id = ?", (article_id,)).fetchone()
        count = (row[0] if row else 0) + 1
        wait = RETRY_AFTER.get(reason, RETRY_DEFAULT) * min(count, 4)
        self.db.execute("INSERT OR REPLACE INTO failures VALUES (?,?,?,?)",
                        (article_id, reason, count, iso(now + wait)))

    def blocked_ids(self, now: datetime) -> set[str]:
        return {row[0] for row in self.db.execute(
            "SELECT article_id FROM failures WHERE retry_after > ?", (iso(now),))}

    def failed_ids(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT article_id FROM failures")}

    def clear_failure(self, article_id: str) -> None:
        self.db.execute("DELETE FROM failures WHERE article_id = ?", (article_id,))

    def record_story(self, story_id: str, title: str, now: str) -> tuple[str, str]:
        """Upsert a story; returns its (first_seen_at, last_seen_at)."""
        self.db.execute(
            "INSERT INTO stories VALUES (?,?,?,?) ON CONFLICT(story_id) DO UPDATE SET"
            " title=excluded.title, last_seen_at=excluded.last_seen_at",
            (story_id, title, now, now))
        first, last = self.db.execute(
            "SELECT first_seen_at, last_seen_at FROM stories WHERE story_id = ?", (story_id,)).fetchone()
        return first, last

    def record_story_articles(self, story_id: str, article_ids: list[str], now: str) -> None:
        """Note that the story lists (or is linked from) these articles, as of ``now``."""
        self.db.executemany(
            "INSERT INTO story_articles VALUES (?,?,?,?) ON CONFLICT(story_id, article_id)"
            " DO UPDATE SET last_seen_at=excluded.last_seen_at",
            [(story_id, article_id, now, now) for article_id in article_ids])

    def story_article_ids(self, story_id: str) -> list[str]:
        """Every article id ever seen in the story, most recently seen first."""
        return [row[0] for row in self.db.execute(
            "SELECT article_id FROM story_articles WHERE story_id = ?"
            " ORDER BY last_seen_at DESC, rowid", (story_id,))]

    def open_run(self, stamp: str, jsonl: Path) -> None:
        self.db.execute("INSERT OR REPLACE INTO runs VALUES (?,?,?)", (stamp, str(jsonl), "open"))

    def close_run(self, stamp: str) -> None:
        self.db.execute("UPDATE runs SET state = 'closed' WHERE stamp = ?", (stamp,))

    def crashed_runs(self) -> list[tuple[str, Path]]:
        return [(stamp, Path(p)) for stamp, p in
                self.db.execute("SELECT stamp, jsonl FROM runs WHERE state = 'open' ORDER BY stamp")]

    def close(self) -> None:
        self.db.close()


def to_signed(value: int) -> int:
    """SQLite integers are signed 64-bit; simhashes are unsigned."""
    return value - (1 << 64) if value >= 1 << 63 else value


def to_unsigned(value: int) -> int:
    return value + (1 << 64) if value < 0 else value


def parse(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def state_path(settings: Any) -> Path:
    """The state file: ``RTNEWS_STATE``, or ``state.sqlite`` in the data directory.

    Relative paths are resolved against the working directory of the crawl process.
    """
    configured = settings.get("RTNEWS_STATE") or ""
    if configured:
        return Path(configured).expanduser().resolve()
    return Path(settings.get("RTNEWS_DATA_DIR") or "data").expanduser().resolve() / "state.sqlite"


def read_jsonl(path: Path) -> tuple[list[dict[str, Any]], int]:
    """Complete records of a JSON Lines file and the byte length they span (a torn tail excluded)."""
    records: list[dict[str, Any]] = []
    good = 0
    if not path.exists():
        return records, good
    with open(path, "rb") as f:
        for line in f:
            if not line.endswith(b"\n"):
                break
            try:
                records.append(json.loads(line))
            except ValueError:
                break
            good += len(line)
    return records, good


def seen_from_record(record: dict[str, Any], now: str) -> SeenArticle:
    return SeenArticle(
        url_hash=record["url_hash"], article_id=str(record["article_id"]), url=record["url"],
        published_at=record.get("published_at"), content_hash=record.get("content_hash", ""),
        simhash=int(str(record.get("simhash") or "0"), 16),
        revision=int(record.get("revision") or 1), first_seen_at=now, last_seen_at=now)


def recover_runs(store: SeenStore, rewrite: Any, now: str) -> list[str]:
    """Repair runs that never closed: record what their JSON Lines hold, cut torn tails,
    and let ``rewrite(jsonl_path, records)`` remake their CSV and JSON. Returns the stamps."""
    repaired = []
    for stamp, jsonl in store.crashed_runs():
        records, good = read_jsonl(jsonl)
        if jsonl.exists() and jsonl.stat().st_size != good:
            with open(jsonl, "r+b") as f:
                f.truncate(good)
        for record in records:
            known = store.get(record["url_hash"])
            if known is None or known.content_hash != record.get("content_hash"):
                store.record(seen_from_record(record, now))
        rewrite(jsonl, records)
        store.close_run(stamp)
        repaired.append(stamp)
    return repaired
