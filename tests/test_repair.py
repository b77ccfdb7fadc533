"""The repair of killed runs, for every shape a kill leaves behind."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from rtnews.repair import clean, recover_runs
from rtnews.state import RUN_REPAIRED, RUN_SET_ASIDE, SqliteSeenStore

NOW = "2026-03-20T04:15:00+00:00"


def article(n: int, title: str = "عنوان") -> dict[str, object]:
    return {"article_id": str(n), "url": f"https://arabic.rt.com/world/{n}-x/", "url_hash": f"h{n}",
            "title": title, "content_hash": f"c{n}", "tags": ["و"], "published_at": None}


def story(slug: str) -> dict[str, object]:
    return {"story_id": slug, "title": "قصة", "article_ids": ["1", "2"]}


def line(record: dict[str, object]) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode() + b"\n"


def killed_run(tmp_path: Path, run_id: str = "r1") -> tuple[SqliteSeenStore, Path]:
    store = SqliteSeenStore(tmp_path / "state.sqlite")
    store.open_run(run_id, tmp_path / f"articles_{run_id}.jsonl", NOW)
    return store, tmp_path / f"articles_{run_id}.jsonl"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_torn_last_line_is_cut_and_the_rest_recorded_and_exported(tmp_path: Path) -> None:
    store, jsonl = killed_run(tmp_path)
    jsonl.write_bytes(line(article(7)) + line(article(8)) + b'{"article_id": "9", "ur')
    (tmp_path / "articles_r1.csv").write_text("article_id,url\n7,htt", encoding="utf-8")
    done = recover_runs(store, NOW)
    assert done.repaired == ["r1"] and done.dropped_lines == 1
    assert store.known_ids() == {"7", "8"}
    assert store.crashed_runs() == [] and store.runs()[0].state == RUN_REPAIRED
    assert jsonl.read_bytes() == line(article(7)) + line(article(8))
    assert [a["article_id"] for a in json.loads(jsonl.with_suffix(".json").read_text("utf-8"))] == ["7", "8"]
    table = rows(jsonl.with_suffix(".csv"))
    assert list(table[0])[:4] == ["article_id", "url", "url_hash", "section"]
    assert [json.loads(r["tags"]) for r in table] == [["و"], ["و"]]


def test_a_broken_line_in_the_middle_loses_only_itself(tmp_path: Path) -> None:
    store, jsonl = killed_run(tmp_path)
    jsonl.write_bytes(line(article(1)) + b"{garbage\n" + b'{"no": "id"}\n' + line(article(2)))
    done = recover_runs(store, NOW)
    assert done.dropped_lines == 2
    assert store.known_ids() == {"1", "2"}
    assert jsonl.read_bytes() == line(article(1)) + line(article(2))


def test_a_run_killed_before_its_first_article_with_only_stories(tmp_path: Path) -> None:
    store, jsonl = killed_run(tmp_path)
    stories = tmp_path / "stories_r1.jsonl"
    stories.write_bytes(line(story("a")) + line(story("b"))[:-5])
    done = recover_runs(store, NOW)
    assert done.repaired == ["r1"] and not jsonl.exists()  # nothing made up for the articles
    assert stories.read_bytes() == line(story("a"))
    assert [r["story_id"] for r in rows(tmp_path / "stories_r1.csv")] == ["a"]
    assert store.known_ids() == set()


def test_a_run_that_left_no_file_at_all_is_closed(tmp_path: Path) -> None:
    store, _ = killed_run(tmp_path)
    assert recover_runs(store, NOW).repaired == ["r1"]
    assert list(tmp_path.glob("*_r1.*")) == []


def test_empty_files_get_csv_with_a_header_and_an_empty_array(tmp_path: Path) -> None:
    store, jsonl = killed_run(tmp_path)
    jsonl.write_bytes(b"")
    recover_runs(store, NOW)
    assert jsonl.with_suffix(".csv").read_text("utf-8").startswith("article_id,url,url_hash")
    assert json.loads(jsonl.with_suffix(".json").read_text("utf-8")) == []


def test_half_written_csv_and_json_are_remade(tmp_path: Path) -> None:
    store, jsonl = killed_run(tmp_path)
    jsonl.write_bytes(line(article(3)))
    jsonl.with_suffix(".json").write_text("[\n{\"article_id\"", encoding="utf-8")
    jsonl.with_suffix(".csv").write_bytes(b"\xd8")  # not even UTF-8
    recover_runs(store, NOW)
    assert json.loads(jsonl.with_suffix(".json").read_text("utf-8"))[0]["article_id"] == "3"
    assert [r["article_id"] for r in rows(jsonl.with_suffix(".csv"))] == ["3"]


def test_an_unrepairable_run_is_set_aside_and_later_runs_go_on(tmp_path: Path,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    store, broken = killed_run(tmp_path, "r1")
    broken.mkdir()  # a folder where its articles file should be: cannot be read
    store.open_run("r2", tmp_path / "articles_r2.jsonl", NOW)
    (tmp_path / "articles_r2.jsonl").write_bytes(line(article(5)))
    done = recover_runs(store, NOW)
    assert done.set_aside == ["r1"] and done.repaired == ["r2"]
    assert store.known_ids() == {"5"}
    states = {r.run_id: r.state for r in store.runs()}
    assert states == {"r1": RUN_SET_ASIDE, "r2": RUN_REPAIRED}
    errors = [r for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1 and "r1" in errors[0].getMessage() and "set aside" in errors[0].getMessage()
    assert recover_runs(store, NOW).repaired == []  # never tried again


def test_an_article_already_known_keeps_its_first_sighting(tmp_path: Path) -> None:
    store, jsonl = killed_run(tmp_path)
    jsonl.write_bytes(line(article(4)))
    recover_runs(store, "t1")
    store.open_run("r2", tmp_path / "articles_r2.jsonl", NOW)
    (tmp_path / "articles_r2.jsonl").write_bytes(line(article(4)))
    recover_runs(store, "t2")
    assert store.get("h4").first_seen_at == "t1"  # type: ignore[union-attr]


def test_clean_leaves_a_good_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "articles_x.jsonl"
    path.write_bytes(line(article(1)))
    before = path.stat().st_mtime_ns
    assert clean(path) == 0 and path.stat().st_mtime_ns == before
