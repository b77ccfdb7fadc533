"""The build index: what the last build read and wrote, so the next one redoes only what changed.

It is one SQLite file in the release, ``.build/index.sqlite`` (not part of the release:
the MANIFEST, the card and ``croissant.json`` leave it out; deleting it only makes the
next build a full one). It holds:

- ``inputs``: every JSON Lines file read, with its size and SHA-256. A file whose path,
  size and hash are unchanged is not read again; a changed or vanished file has its
  records dropped (and a changed one is read again).
- ``records`` / ``story_records``: one row per valid record of those files, with where
  the line is (file hash, offset, length) and the few values the build sorts and
  deduplicates by; ``rejects`` lists the lines that failed the schema.
- ``near_previous``: the articles in publication order with the ``near_duplicate_of`` the
  last build found. An article's value depends only on the articles before it, so the
  next build reuses the values of the longest unchanged prefix and asks
  ``rtnews.fingerprint`` only from the first new or changed article on (a daily run adds
  the newest articles: a few hundred look-ups instead of one per article).
- ``outputs``: every file the build wrote, with a *digest of what went into it* (the
  writer's format, and the file hash and offset of each of its rows, in order, with its
  recomputed ``near_duplicate_of``), its rows, bytes and SHA-256. A partition whose digest
  and size are unchanged is kept as it is; any other is written again.

Because a row is named by the hash of the file it came from, renaming a run's files
changes nothing, and the same inputs always give the same digests, files and MANIFEST.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS inputs (
    path TEXT PRIMARY KEY, kind TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL,
    records INTEGER NOT NULL, torn_tail INTEGER NOT NULL, unknown_fields TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    path TEXT NOT NULL, sha256 TEXT NOT NULL, offset INTEGER NOT NULL, length INTEGER NOT NULL,
    url_hash TEXT NOT NULL, article_id TEXT NOT NULL, id_key TEXT NOT NULL, revision INTEGER NOT NULL,
    crawled_us INTEGER NOT NULL, published_us INTEGER, month TEXT NOT NULL, section TEXT NOT NULL,
    content_hash TEXT NOT NULL, simhash TEXT NOT NULL, filled INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS records_path ON records (path);
CREATE TABLE IF NOT EXISTS story_records (
    path TEXT NOT NULL, sha256 TEXT NOT NULL, offset INTEGER NOT NULL, length INTEGER NOT NULL,
    story_id TEXT NOT NULL, crawled_us INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS story_records_path ON story_records (path);
CREATE TABLE IF NOT EXISTS rejects (
    path TEXT NOT NULL, line INTEGER NOT NULL, kind TEXT NOT NULL, reason TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS rejects_path ON rejects (path);
CREATE TABLE IF NOT EXISTS near_previous (
    position INTEGER PRIMARY KEY, url_hash TEXT NOT NULL, article_id TEXT NOT NULL, simhash TEXT NOT NULL,
    original TEXT);
CREATE TABLE IF NOT EXISTS outputs (
    path TEXT PRIMARY KEY, digest TEXT NOT NULL, rows INTEGER NOT NULL, bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL);
"""
# The winning revision of each article: highest revision, then newest crawl, then a fixed
# order of the file hash and offset so that ties resolve the same way on every machine.
WINNERS = """
CREATE TEMP TABLE winners AS
SELECT * FROM (
    SELECT r.*, ROW_NUMBER() OVER (PARTITION BY url_hash
        ORDER BY revision DESC, crawled_us DESC, sha256 DESC, offset DESC) AS rank
    FROM records r) WHERE rank = 1;
CREATE INDEX temp.winners_month ON winners (month, published_us, id_key);
CREATE INDEX temp.winners_article ON winners (article_id);
"""
# Every revision once: the same revision with the same text exported again (a state
# reset) is one revision, the first crawl of it kept.
REVISIONS = """
CREATE TEMP TABLE revisions AS
SELECT * FROM (
    SELECT r.*, ROW_NUMBER() OVER (PARTITION BY url_hash, revision, content_hash
        ORDER BY crawled_us, sha256, offset) AS rank
    FROM records r) WHERE rank = 1;
CREATE INDEX temp.revisions_month ON revisions (month, published_us, id_key, revision, crawled_us);
"""


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """Where one article row comes from and what the build sorts it by."""

    path: str
    sha256: str
    offset: int
    length: int
    url_hash: str
    article_id: str
    month: str
    near_duplicate_of: str | None = None


def id_key(article_id: str) -> str:
    """A key sorting decimal ids by number, others after them by text.

    >>> sorted(["10", "9", "x"], key=id_key)
    ['9', '10', 'x']
    """
    return f"0{len(article_id):04d}{article_id}" if article_id.isdigit() else f"1{article_id}"


class BuildIndex:
    """The index file (created on first use)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path), isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA temp_store=FILE")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def known_inputs(self) -> dict[str, tuple[int, str]]:
        return {p: (size, sha) for p, size, sha in self.db.execute("SELECT path, size, sha256 FROM inputs")}

    def forget_input(self, path: str) -> None:
        for table in ("inputs", "records", "story_records", "rejects"):
            self.db.execute(f"DELETE FROM {table} WHERE path = ?", (path,))

    def forget_outputs(self) -> None:
        self.db.execute("DELETE FROM outputs")

    def begin(self) -> None:
        self.db.execute("BEGIN")

    def commit(self) -> None:
        self.db.execute("COMMIT")

    def add_input(self, path: str, kind: str, size: int, sha256: str, records: int, torn: bool,
                  unknown_fields: Iterable[str]) -> None:
        self.db.execute("INSERT OR REPLACE INTO inputs VALUES (?,?,?,?,?,?,?)",
                        (path, kind, size, sha256, records, int(torn), ",".join(sorted(unknown_fields))))

    def add_records(self, rows: list[tuple[Any, ...]]) -> None:
        self.db.executemany("INSERT INTO records VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)

    def add_story_records(self, rows: list[tuple[Any, ...]]) -> None:
        self.db.executemany("INSERT INTO story_records VALUES (?,?,?,?,?,?)", rows)

    def add_rejects(self, rows: list[tuple[str, int, str, str]]) -> None:
        self.db.executemany("INSERT INTO rejects VALUES (?,?,?,?)", rows)

    # --- the release's rows ----------------------------------------------------------------------

    def choose(self) -> None:
        """Make the temporary ``winners`` and ``revisions`` tables of this build."""
        self.db.executescript("DROP TABLE IF EXISTS temp.winners; DROP TABLE IF EXISTS temp.revisions;"
                              + WINNERS + REVISIONS)
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS near (url_hash TEXT PRIMARY KEY, original TEXT)")
        self.db.execute("DELETE FROM temp.near")

    def in_publication_order(self) -> Iterator[tuple[str, str, str]]:
        """(url_hash, article_id, simhash) of every article: earlier published first
        (undated last), then by id."""
        yield from self.db.execute(
            "SELECT url_hash, article_id, simhash FROM winners"
            " ORDER BY published_us IS NULL, published_us, id_key, url_hash")

    def previous_near(self) -> sqlite3.Cursor:
        """(url_hash, article_id, simhash, near_duplicate_of) of the last build, in publication order."""
        return self.db.execute(
            "SELECT url_hash, article_id, simhash, original FROM near_previous ORDER BY position")

    def set_near_duplicates(self, rows: list[tuple[str, str, str, str | None]]) -> None:
        """This build's articles in publication order with their ``near_duplicate_of``."""
        self.db.execute("BEGIN")
        self.db.execute("DELETE FROM near_previous")
        self.db.executemany("INSERT INTO near_previous VALUES (?, ?, ?, ?, ?)",
                            ((i, *row) for i, row in enumerate(rows)))
        self.db.executemany("INSERT INTO temp.near VALUES (?, ?)",
                            ((url_hash, original) for url_hash, _, _, original in rows if original))
        self.db.execute("COMMIT")

    def forget_near(self) -> None:
        self.db.execute("DELETE FROM near_previous")

    def article_rows(self, month: str | None = None) -> Iterator[ArticleRef]:
        """Every article (or those of one month) in release order: month, publication, id."""
        where, args = ("WHERE w.month = ?", (month,)) if month else ("", ())
        for row in self.db.execute(
                "SELECT w.path, w.sha256, w.offset, w.length, w.url_hash, w.article_id, w.month,"
                " n.original FROM winners w LEFT JOIN temp.near n USING (url_hash) " + where +
                " ORDER BY w.month, w.published_us, w.id_key, w.url_hash", args):
            yield ArticleRef(*row)

    def revision_rows(self, month: str | None = None) -> Iterator[ArticleRef]:
        where, args = ("WHERE month = ?", (month,)) if month else ("", ())
        for row in self.db.execute(
                "SELECT path, sha256, offset, length, url_hash, article_id, month FROM revisions " + where +
                " ORDER BY month, published_us, id_key, url_hash, revision, crawled_us, sha256, offset",
                args):
            yield ArticleRef(*row)

    def story_rows(self) -> Iterator[tuple[str, str, int, int, str]]:
        """(path, sha256, offset, length, story_id) of every story record, newest first per story."""
        yield from self.db.execute(
            "SELECT path, sha256, offset, length, story_id FROM story_records"
            " ORDER BY story_id, crawled_us DESC, sha256 DESC, offset DESC")

    def present(self, article_ids: list[str]) -> int:
        """How many of the ids are articles of the release."""
        count = 0
        for start in range(0, len(article_ids), 500):
            chunk = article_ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            count += self.db.execute(f"SELECT COUNT(DISTINCT article_id) FROM winners"
                                     f" WHERE article_id IN ({marks})", chunk).fetchone()[0]
        return count

    # --- outputs -----------------------------------------------------------------------------------

    def output(self, path: str) -> tuple[str, int, int, str] | None:
        row = self.db.execute("SELECT digest, rows, bytes, sha256 FROM outputs WHERE path = ?",
                              (path,)).fetchone()
        return tuple(row) if row else None  # type: ignore[return-value]

    def set_output(self, path: str, digest: str, rows: int, size: int, sha256: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO outputs VALUES (?,?,?,?,?)",
                        (path, digest, rows, size, sha256))

    def drop_output(self, path: str) -> None:
        self.db.execute("DELETE FROM outputs WHERE path = ?", (path,))

    def outputs(self) -> dict[str, tuple[str, int, int, str]]:
        return {p: (d, r, b, s) for p, d, r, b, s in self.db.execute("SELECT * FROM outputs ORDER BY path")}

    def query(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return self.db.execute(sql, args).fetchall()
