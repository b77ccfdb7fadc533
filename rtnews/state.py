"""Crawl state across runs: which articles were exported, failed pages, stories, runs.

``SeenStore`` is the protocol the crawl uses; ``SqliteSeenStore`` is the default (one
embedded SQLite file, WAL mode, a commit per exported item, which survives a killed
process). A hash is recorded only after its item has been written and flushed to the
run's JSON Lines file; the runs table remembers each run's file, so a run that was
killed between the two is repaired by the next one (``rtnews.repair``).

A state file is trusted only when it is one: opening refuses (``StateError``, one line
naming the file and what to do, nothing written) an empty file, a file that is not an
SQLite database, an SQLite file without the state's tables, a schema version newer
than this code knows, and a state the crawl cannot write. The schema carries its
version in ``PRAGMA user_version`` and grows by the forward ``MIGRATIONS`` below.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from rtnews.idset import IdSet

# Version 1: the schema of the first release; its state files carry no version number.
V1_SCHEMA = """
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
CREATE TABLE IF NOT EXISTS runs (
    stamp TEXT PRIMARY KEY,
    jsonl TEXT NOT NULL,
    state TEXT NOT NULL
);
"""
V1_TABLES = frozenset({"articles", "failures", "stories", "runs"})
# Version 2: runs are named by their run id and keep their outcome (``rtnews check``).
V2_RUN_OUTCOMES = """
ALTER TABLE runs RENAME COLUMN stamp TO run_id;
ALTER TABLE runs ADD COLUMN started_at TEXT;
ALTER TABLE runs ADD COLUMN finished_at TEXT;
ALTER TABLE runs ADD COLUMN status TEXT;
ALTER TABLE runs ADD COLUMN finish_reason TEXT;
ALTER TABLE runs ADD COLUMN reason TEXT;
ALTER TABLE runs ADD COLUMN articles INTEGER;
ALTER TABLE runs ADD COLUMN report TEXT;
"""
# Version 3: every article id a story was seen with, across runs. "IF NOT EXISTS": state
# files written by the code of the day before versions had the table already.
V3_STORY_ARTICLES = """
CREATE TABLE IF NOT EXISTS story_articles (
    story_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    first_seen_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    PRIMARY KEY (story_id, article_id)
);
"""
# Forward migrations: entry N-1 takes a state file from version N-1 to version N, inside
# one transaction that also sets ``user_version``. A schema change is one entry appended
# here (never an edit of a released one); the crawl then migrates old files on open.
MIGRATIONS: tuple[str, ...] = (
    V1_SCHEMA,
    V2_RUN_OUTCOMES,
    V3_STORY_ARTICLES,
)
SCHEMA_VERSION = len(MIGRATIONS)

# How long a failed article page is left alone before the crawl asks for it again.
RETRY_AFTER = {"http_404": timedelta(days=7), "http_410": timedelta(days=30),
               "url_too_long": timedelta(days=30)}
RETRY_DEFAULT = timedelta(hours=12)
# Run states in the runs table.
RUN_OPEN, RUN_CLOSED, RUN_REPAIRED, RUN_SET_ASIDE = "open", "closed", "repaired", "set_aside"
START_OVER = "delete it (with its -wal and -shm files) to start over: every article is then exported again"


class StateError(Exception):
    """The state file cannot be used; ``str()`` is one line naming it and what to do."""

    def __init__(self, path: Path, problem: str, advice: str) -> None:
        super().__init__(f"State file {path} {problem}. Nothing was changed; {advice}.")
        self.path = path


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


@dataclass(frozen=True, slots=True)
class RunRecord:
    """One run in the runs table."""

    run_id: str
    """Unique id of the run (``rtnews.runid``), also in its file names."""
    jsonl: str
    """Path of the run's articles JSON Lines file."""
    state: str
    """``open`` (running, or killed), ``closed``, ``repaired`` or ``set_aside``."""
    started_at: str | None = None
    """ISO 8601 UTC; None for runs recorded before schema version 2."""
    finished_at: str | None = None
    """ISO 8601 UTC; None while open or when the run ended without a report."""
    status: str | None = None
    """``ok``, ``failed`` or ``skipped`` (from the run report); None when not known."""
    finish_reason: str | None = None
    reason: str | None = None
    """One line: why the run failed (or ``finished``)."""
    articles: int | None = None
    """Articles exported by the run."""
    report: str | None = None
    """Path of the run's report file, when one was written."""


@dataclass(frozen=True, slots=True)
class RunOutcome:
    """How a run ended, as its report says."""

    status: str
    finish_reason: str
    reason: str
    articles: int
    finished_at: str
    report: str | None = None


class SeenStore(Protocol):
    """What the crawl needs from its state; SQLite by default, replaceable."""

    readonly: bool

    def known_ids(self) -> IdSet: ...
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
    def story_first_seen(self, story_id: str) -> str | None: ...
    def open_run(self, run_id: str, jsonl: Path, started_at: str) -> None: ...
    def close_run(self, run_id: str, state: str = RUN_CLOSED) -> None: ...
    def finish_run(self, run_id: str, outcome: RunOutcome) -> None: ...
    def crashed_runs(self) -> list[tuple[str, Path]]: ...
    def runs(self) -> list[RunRecord]: ...
    def batch(self) -> Any: ...
    def close(self) -> None: ...


def iso(dt: datetime) -> str:
    return dt.astimezone(UTC).replace(microsecond=0).isoformat()


class SqliteSeenStore:
    """``SeenStore`` in one SQLite file (created with its folder on first use).

    ``readonly=True`` never writes (nor creates) the file: a missing file reads as an
    empty state, and every recording method is refused with ``PermissionError``.
    """

    def __init__(self, path: Path | str, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        memory = str(path) == ":memory:"
        if not memory:
            check_file(self.path, readonly)
        try:
            if memory or (readonly and not self.path.exists()):
                self.db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
                self.version = self.migrate(0)
            else:
                self.db = self.connect()
                self.version = self.prepare()
        except sqlite3.Error as exc:
            raise error_of(self.path, exc) from None

    def connect(self) -> sqlite3.Connection:
        if self.readonly:
            return sqlite3.connect(self.path.resolve().as_uri() + "?mode=ro", uri=True,
                                   isolation_level=None, check_same_thread=False)
        return sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False,
                               timeout=10)

    def prepare(self) -> int:
        """Check what the file is, then migrate it (unless read-only); its schema version."""
        version = schema_version(self.db, self.path)
        if self.readonly:
            return version
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        problems = [row[0] for row in self.db.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            raise StateError(self.path, f"is damaged (SQLite quick_check: {problems[0]})",
                             f"restore it from a backup, or {START_OVER}")
        if version == SCHEMA_VERSION:  # prove that it can be written before the crawl relies on it
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self.db.execute("COMMIT")
            return version
        return self.migrate(version)

    def migrate(self, version: int) -> int:
        """Apply the migrations after ``version``, each in its own transaction."""
        for number in range(version + 1, SCHEMA_VERSION + 1):
            try:
                self.db.executescript(f"BEGIN IMMEDIATE;\n{MIGRATIONS[number - 1]}\n"
                                      f"PRAGMA user_version = {number};\nCOMMIT;")
            except sqlite3.Error:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise
        return SCHEMA_VERSION

    def writing(self) -> None:
        if self.readonly:
            raise PermissionError(f"state {self.path} is open read-only")

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Many writes in one transaction (the repair of a long run)."""
        self.writing()
        self.db.execute("BEGIN")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def known_ids(self) -> IdSet:
        """Every exported article's id, compactly (a bit per id: 0.2 MB for the whole site)."""
        return IdSet(row[0] for row in self.db.execute("SELECT article_id FROM articles"))

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
        self.writing()
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
        self.writing()
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
        self.writing()
        self.db.execute("DELETE FROM failures WHERE article_id = ?", (article_id,))

    def record_story(self, story_id: str, title: str, now: str) -> tuple[str, str]:
        """Upsert a story; returns its (first_seen_at, last_seen_at)."""
        self.writing()
        self.db.execute(
            "INSERT INTO stories VALUES (?,?,?,?) ON CONFLICT(story_id) DO UPDATE SET"
            " title=excluded.title, last_seen_at=excluded.last_seen_at",
            (story_id, title, now, now))
        first, last = self.db.execute(
            "SELECT first_seen_at, last_seen_at FROM stories WHERE story_id = ?", (story_id,)).fetchone()
        return first, last

    def record_story_articles(self, story_id: str, article_ids: list[str], now: str) -> None:
        """Note that the story lists (or is linked from) these articles, as of ``now``."""
        self.writing()
        self.db.executemany(
            "INSERT INTO story_articles VALUES (?,?,?,?) ON CONFLICT(story_id, article_id)"
            " DO UPDATE SET last_seen_at=excluded.last_seen_at",
            [(story_id, article_id, now, now) for article_id in article_ids])

    def story_article_ids(self, story_id: str) -> list[str]:
        """Every article id ever seen in the story, most recently seen first."""
        return [row[0] for row in self.db.execute(
            "SELECT article_id FROM story_articles WHERE story_id = ?"
            " ORDER BY last_seen_at DESC, rowid", (story_id,))]

    def story_first_seen(self, story_id: str) -> str | None:
        row = self.db.execute("SELECT first_seen_at FROM stories WHERE story_id = ?",
                              (story_id,)).fetchone()
        return row[0] if row else None

    # --- runs -------------------------------------------------------------------------
    def open_run(self, run_id: str, jsonl: Path, started_at: str) -> None:
        self.writing()
        self.db.execute("INSERT INTO runs (run_id, jsonl, state, started_at) VALUES (?,?,?,?)",
                        (run_id, str(jsonl), RUN_OPEN, started_at))

    def close_run(self, run_id: str, state: str = RUN_CLOSED) -> None:
        self.writing()
        self.db.execute("UPDATE runs SET state = ? WHERE run_id = ?", (state, run_id))

    def finish_run(self, run_id: str, outcome: RunOutcome) -> None:
        """Keep how a run ended (a run whose files were not completed stays open: the
        next run repairs it)."""
        self.writing()
        self.db.execute(
            "UPDATE runs SET finished_at = ?, status = ?, finish_reason = ?, reason = ?,"
            " articles = ?, report = ? WHERE run_id = ?",
            (outcome.finished_at, outcome.status, outcome.finish_reason, outcome.reason,
             outcome.articles, outcome.report, run_id))

    def crashed_runs(self) -> list[tuple[str, Path]]:
        return [(run_id, Path(p)) for run_id, p in self.db.execute(
            "SELECT run_id, jsonl FROM runs WHERE state = ? ORDER BY run_id", (RUN_OPEN,))]

    def runs(self) -> list[RunRecord]:
        """Every run on record, oldest first."""
        if self.version < 2:
            return [RunRecord(stamp, jsonl, state) for stamp, jsonl, state in
                    self.db.execute("SELECT stamp, jsonl, state FROM runs ORDER BY stamp")]
        rows = self.db.execute(
            "SELECT run_id, jsonl, state, started_at, finished_at, status, finish_reason, reason,"
            " articles, report FROM runs ORDER BY run_id")
        return [RunRecord(*row) for row in rows]

    def close(self) -> None:
        self.db.close()


def check_file(path: Path, readonly: bool) -> None:
    """Refuse what cannot be a state file before SQLite silently treats it as a new one."""
    if path.is_dir():
        raise StateError(path, "is a folder, not a file",
                         "point RTNEWS_STATE at a file (such as <data dir>/state.sqlite)")
    if path.exists() and path.stat().st_size == 0:
        raise StateError(path, "is empty (0 bytes): it holds no state, perhaps a truncated copy",
                         f"restore it from a backup, or {START_OVER}")
    if not readonly and not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StateError(path, f"cannot be created ({exc.strerror or exc}: {exc.filename})",
                             "make its folder writable or point RTNEWS_STATE elsewhere") from None


def schema_version(db: sqlite3.Connection, path: Path) -> int:
    """The file's schema version; 1 for an unversioned state of the first release."""
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    tables = {row[0] for row in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    if version > SCHEMA_VERSION:
        raise StateError(path, f"has schema version {version}, newer than this rtnews knows"
                         f" ({SCHEMA_VERSION})", "upgrade rtnews, or point RTNEWS_STATE at another file")
    if version == 0 and tables:
        if not V1_TABLES <= tables:
            raise StateError(path, "is an SQLite database but not an rtnews state (tables: "
                             + ", ".join(sorted(tables)) + ")", "point RTNEWS_STATE at the state file")
        return 1
    if version and not V1_TABLES <= tables:
        raise StateError(path, f"says schema version {version} but lacks its tables",
                         f"restore it from a backup, or {START_OVER}")
    return version


def error_of(path: Path, exc: sqlite3.Error) -> StateError:
    """A one-line ``StateError`` for what SQLite said."""
    message = str(exc)
    if "readonly" in message or "unable to open" in message or "read-only" in message:
        return StateError(path, f"cannot be written ({message})",
                          "make it and its folder writable by the crawl's user (SQLite also"
                          " writes -wal and -shm files beside it), or point RTNEWS_STATE elsewhere")
    if "full" in message:
        return StateError(path, f"cannot be written ({message})",
                          "free space on its disk; the next run records what this one wrote")
    if "locked" in message or "busy" in message:
        return StateError(path, f"is locked by another program ({message})",
                          "close the program holding it and run again")
    return StateError(path, f"is not a readable SQLite database ({message})",
                      f"restore it from a backup, or {START_OVER}")


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


def seen_from_record(record: dict[str, Any], now: str) -> SeenArticle:
    return SeenArticle(
        url_hash=record["url_hash"], article_id=str(record["article_id"]), url=record["url"],
        published_at=record.get("published_at"), content_hash=record.get("content_hash", ""),
        simhash=int(str(record.get("simhash") or "0"), 16),
        revision=int(record.get("revision") or 1), first_seen_at=now, last_seen_at=now)
