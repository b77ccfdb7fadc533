"""The SQLite state: what it keeps, its schema versions, and the files it refuses."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from rtnews.state import (
    MIGRATIONS,
    SCHEMA_VERSION,
    V1_SCHEMA,
    RunOutcome,
    SeenArticle,
    SqliteSeenStore,
    StateError,
)

NOW = datetime(2026, 3, 20, tzinfo=UTC)


def seen(article_id: str, published: str = "2026-03-14T10:00:00+03:00", content: str = "c1") -> SeenArticle:
    return SeenArticle(f"h{article_id}", article_id, f"https://arabic.rt.com/world/{article_id}-x/",
                       published, content, 1 << 63 | 5, 1, "t0", "t0")


def test_store_is_created_with_its_folder_and_keeps_articles(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "state.sqlite"
    store = SqliteSeenStore(path)
    store.record(seen("1"))
    store.close()
    again = SqliteSeenStore(path)
    assert again.known_ids() == {"1"}
    assert again.get("h1") == seen("1")  # the unsigned 64-bit simhash survives SQLite
    assert list(again.simhashes()) == [("1", 1 << 63 | 5)]


def test_recent_ids_follow_publication_dates(tmp_path: Path) -> None:
    store = SqliteSeenStore(tmp_path / "s.sqlite")
    store.record(seen("1", "2026-03-19T10:00:00+03:00"))
    store.record(seen("2", "2026-01-01T10:00:00+03:00"))
    store.record(seen("3", None))  # type: ignore[arg-type]
    assert store.recent_ids(NOW - timedelta(days=7)) == {"1"}


def test_failures_wait_longer_for_404_than_for_challenges(tmp_path: Path) -> None:
    store = SqliteSeenStore(tmp_path / "s.sqlite")
    store.record_failure("404", "http_404", NOW)
    store.record_failure("ch", "challenge", NOW)
    assert store.blocked_ids(NOW + timedelta(hours=1)) == {"404", "ch"}
    assert store.blocked_ids(NOW + timedelta(days=1)) == {"404"}
    assert store.blocked_ids(NOW + timedelta(days=8)) == set()
    store.clear_failure("404")
    assert store.blocked_ids(NOW) == {"ch"}


def test_story_keeps_its_first_sighting(tmp_path: Path) -> None:
    store = SqliteSeenStore(tmp_path / "s.sqlite")
    assert store.record_story("s", "قصة", "t1") == ("t1", "t1")
    assert store.record_story("s", "قصة", "t2") == ("t1", "t2")


def test_runs_keep_their_outcome(tmp_path: Path) -> None:
    store = SqliteSeenStore(tmp_path / "s.sqlite")
    store.open_run("r1", tmp_path / "articles_r1.jsonl", "2026-03-20T04:15:00+00:00")
    store.open_run("r2", tmp_path / "articles_r2.jsonl", "2026-03-21T04:15:00+00:00")
    assert [r for r, _ in store.crashed_runs()] == ["r1", "r2"]
    store.close_run("r1")
    store.finish_run("r1", RunOutcome("ok", "finished", "finished", 12, "2026-03-20T04:30:00+00:00"))
    store.finish_run("r2", RunOutcome("failed", "output_error", "disk full", 3, "2026-03-21T04:20:00+00:00"))
    assert [r for r, _ in store.crashed_runs()] == ["r2"]  # an outcome alone does not close it
    first, second = store.runs()
    assert (first.run_id, first.state, first.status, first.articles) == ("r1", "closed", "ok", 12)
    assert (second.state, second.status, second.reason) == ("open", "failed", "disk full")


# --- schema versions ------------------------------------------------------------------
def version_of(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        return int(db.execute("PRAGMA user_version").fetchone()[0])
    finally:
        db.close()


def test_a_new_state_carries_the_current_schema_version(tmp_path: Path) -> None:
    SqliteSeenStore(tmp_path / "s.sqlite").close()
    assert version_of(tmp_path / "s.sqlite") == SCHEMA_VERSION == len(MIGRATIONS)


def test_an_unversioned_state_of_the_first_release_is_migrated_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    db = sqlite3.connect(path)
    db.executescript(V1_SCHEMA)  # as rtnews 0.1 left it: tables, user_version 0
    db.execute("INSERT INTO articles VALUES ('h1','1','u',NULL,'c',0,1,'t0','t0')")
    db.execute("INSERT INTO runs VALUES ('2026-03-20T04-15-00', '/d/articles_x.jsonl', 'open')")
    db.commit()
    db.close()
    store = SqliteSeenStore(path)
    assert store.known_ids() == {"1"}
    assert store.crashed_runs() == [("2026-03-20T04-15-00", Path("/d/articles_x.jsonl"))]
    store.close()
    assert version_of(path) == SCHEMA_VERSION


def test_migrations_run_in_order_from_any_older_version(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "s.sqlite"
    SqliteSeenStore(path).close()
    added = "CREATE TABLE later (x TEXT);"
    monkeypatch.setattr("rtnews.state.MIGRATIONS", (*MIGRATIONS, added))
    monkeypatch.setattr("rtnews.state.SCHEMA_VERSION", SCHEMA_VERSION + 1)
    SqliteSeenStore(path).close()
    db = sqlite3.connect(path)
    assert db.execute("SELECT name FROM sqlite_master WHERE name = 'later'").fetchone()
    db.close()
    assert version_of(path) == SCHEMA_VERSION + 1


def test_a_failing_migration_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "s.sqlite"
    SqliteSeenStore(path).close()
    monkeypatch.setattr("rtnews.state.MIGRATIONS", (*MIGRATIONS, "CREATE TABLE t (x); SELECT nope();"))
    monkeypatch.setattr("rtnews.state.SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(StateError, match="Nothing was changed"):
        SqliteSeenStore(path)
    db = sqlite3.connect(path)
    assert db.execute("SELECT name FROM sqlite_master WHERE name = 't'").fetchone() is None
    db.close()
    assert version_of(path) == SCHEMA_VERSION


@pytest.mark.parametrize(("content", "problem"), [
    (b"", "is empty (0 bytes)"),
    (b"not a database at all, just text" * 100, "is not a readable SQLite database"),
])
def test_files_that_are_not_a_state_are_refused_untouched(tmp_path: Path, content: bytes,
                                                          problem: str) -> None:
    path = tmp_path / "state.sqlite"
    path.write_bytes(content)
    with pytest.raises(StateError) as refused:
        SqliteSeenStore(path)
    message = str(refused.value)
    assert str(path) in message and problem in message and "\n" not in message
    assert "start over" in message  # says what to do
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.sqlite"]


def test_a_state_of_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    SqliteSeenStore(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    db.close()
    with pytest.raises(StateError, match="newer than this rtnews knows"):
        SqliteSeenStore(path)
    assert version_of(path) == SCHEMA_VERSION + 5


def test_another_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE songs (title TEXT)")
    db.close()
    with pytest.raises(StateError, match=r"not an rtnews state \(tables: songs\)"):
        SqliteSeenStore(path)


def test_a_damaged_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    store = SqliteSeenStore(path)
    for n in range(3000):
        store.record(SeenArticle(f"h{n}", str(n), "u" * 200, None, "c"))
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    data = bytearray(path.read_bytes())
    data[len(data) // 2:len(data) // 2 + 4096] = b"\xff" * 4096  # a page in the middle
    path.write_bytes(bytes(data))
    with pytest.raises(StateError, match=r"damaged|not a readable"):
        SqliteSeenStore(path)


def test_a_state_that_cannot_be_created_is_refused(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(StateError, match="cannot be created"):
        SqliteSeenStore(tmp_path / "file" / "state.sqlite")


def test_a_folder_is_not_a_state(tmp_path: Path) -> None:
    with pytest.raises(StateError, match="is a folder"):
        SqliteSeenStore(tmp_path)


# --- read only (RTNEWS_EXPORTS off) ------------------------------------------------------
def test_read_only_reads_and_never_writes(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    store = SqliteSeenStore(path)
    store.record(seen("1"))
    store.close()
    before = path.read_bytes()
    reader = SqliteSeenStore(path, readonly=True)
    assert reader.known_ids() == {"1"}
    with pytest.raises(PermissionError):
        reader.record(seen("2"))
    with pytest.raises(PermissionError):
        reader.record_failure("3", "http_404", NOW)
    reader.close()
    assert path.read_bytes() == before


def test_read_only_without_a_file_is_an_empty_state_and_creates_nothing(tmp_path: Path) -> None:
    reader = SqliteSeenStore(tmp_path / "none" / "s.sqlite", readonly=True)
    assert reader.known_ids() == set()
    assert not (tmp_path / "none").exists()
