"""The SQLite state and the repair of killed runs."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rtnews.exports import rewrite_outputs
from rtnews.state import SeenArticle, SqliteSeenStore, read_jsonl, recover_runs

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


def test_torn_last_line_is_not_a_record(tmp_path: Path) -> None:
    path = tmp_path / "articles_x.jsonl"
    path.write_bytes(b'{"a": 1}\n{"a": 2}\n{"a": 3')
    records, good = read_jsonl(path)
    assert records == [{"a": 1}, {"a": 2}] and good == len(b'{"a": 1}\n{"a": 2}\n')


def test_recovery_records_what_a_killed_run_wrote_and_repairs_its_files(tmp_path: Path) -> None:
    store = SqliteSeenStore(tmp_path / "s.sqlite")
    jsonl = tmp_path / "articles_2026.jsonl"
    record = {"article_id": "7", "url": "https://arabic.rt.com/world/7-x/", "url_hash": "h7",
              "content_hash": "c", "tags": ["و"], "published_at": None}
    jsonl.write_text(json.dumps(record, ensure_ascii=False) + "\n" + '{"article_id": "8", "ur',
                     encoding="utf-8")
    (tmp_path / "articles_2026.csv").write_text("article_id,url\n7,htt", encoding="utf-8")
    store.open_run("2026", jsonl)
    assert recover_runs(store, rewrite_outputs, "now") == ["2026"]
    assert store.known_ids() == {"7"}
    assert store.crashed_runs() == []
    assert read_jsonl(jsonl)[0] == [record] and jsonl.read_bytes().endswith(b"}\n")
    assert json.loads((tmp_path / "articles_2026.json").read_text(encoding="utf-8")) == [record]
    with (tmp_path / "articles_2026.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0])[:4] == ["article_id", "url", "url_hash", "section"]
    assert [json.loads(r["tags"]) for r in rows] == [["و"]]
