"""Dataset exports: one JSON Lines log during the crawl, CSV and JSON from it at the end, safe CSV."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.test import get_crawler

from rtnews.exports import (
    DatasetExports,
    JsonCellCsvItemExporter,
    encode,
    field_names,
    finish_files,
    safe_cell,
)
from rtnews.items import Article, Image, Story

FORMULAS = ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"]


def article(n: int, title: str = "عنوان", **kw: Any) -> Article:
    return Article(article_id=str(n), url=f"https://arabic.rt.com/world/{n}-x/", url_hash=f"h{n}",
                   section="world", title=title, lead="", body="نص", published_at=None,
                   modified_at=None, author=None, source="RT",
                   images=[Image("https://x/1.jpg", "=cap", "")], **kw)


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_cells_get_a_leading_apostrophe(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["عنوان", "RT", "2026", "", "a=b", " =1"])
def test_other_cells_are_left_alone(text: str) -> None:
    assert safe_cell(text) == text


def exports(tmp_path: Path, **settings: Any) -> tuple[DatasetExports, Any]:
    crawler = get_crawler(settings_dict={"RTNEWS_DATA_DIR": str(tmp_path), **settings})
    ext = DatasetExports.from_crawler(crawler)
    return ext, crawler


def test_a_run_writes_only_its_json_lines_while_crawling_and_the_rest_at_close(tmp_path: Path) -> None:
    ext, crawler = exports(tmp_path)
    ext.open_run()
    ext.item_scraped(article(1, title="=HYPERLINK(\"http://evil\")"))
    ext.item_scraped(Story("s", "قصة", "https://arabic.rt.com/trends/s/", None, 3, ["1"]))
    run = ext.run_id
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"articles_{run}.jsonl", f"stories_{run}.jsonl"]
    ext.spider_closed("finished")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted([f"articles_{run}.jsonl", f"articles_{run}.csv", f"articles_{run}.json",
                            f"stories_{run}.jsonl", f"stories_{run}.csv", f"run_{run}.json"])
    (record,) = [json.loads(x) for x in (tmp_path / f"articles_{run}.jsonl").read_text("utf-8").splitlines()]
    assert record["title"] == "=HYPERLINK(\"http://evil\")"  # exact in JSON Lines
    assert json.loads((tmp_path / f"articles_{run}.json").read_text("utf-8")) == [record]
    with (tmp_path / f"articles_{run}.csv").open(encoding="utf-8", newline="") as f:
        (row,) = list(csv.DictReader(f))
    assert list(row) == field_names(Article)
    assert row["title"] == "'=HYPERLINK(\"http://evil\")" and row["author"] == ""
    assert json.loads(row["images"]) == [{"url": "https://x/1.jpg", "caption": "=cap", "credit": ""}]
    assert crawler.stats.get_value("rtnews/exported/articles") == 1


def test_an_empty_run_leaves_no_zero_byte_csv(tmp_path: Path) -> None:
    ext, _ = exports(tmp_path)
    ext.open_run()
    ext.spider_closed("finished")
    for path in tmp_path.glob("*.csv"):
        assert path.read_text("utf-8").startswith(("article_id,", "story_id,"))
    assert json.loads(next(tmp_path.glob("articles_*.json")).read_text("utf-8")) == []


def test_two_runs_in_one_folder_never_share_a_file(tmp_path: Path) -> None:
    first, _ = exports(tmp_path)
    second, _ = exports(tmp_path)
    first.open_run()
    second.open_run()
    assert first.run_id != second.run_id
    first.item_scraped(article(1))
    second.item_scraped(article(2))
    first.spider_closed("finished")
    second.spider_closed("finished")
    for ext, n in ((first, "1"), (second, "2")):
        lines = ext.path(Article).read_text("utf-8").splitlines()
        assert [json.loads(x)["article_id"] for x in lines] == [n]


def test_a_run_never_overwrites_an_existing_file(tmp_path: Path) -> None:
    ext, _ = exports(tmp_path)
    ext.path(Article).write_text("kept\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        ext.open_run()
    assert ext.path(Article).read_text("utf-8") == "kept\n"


class RecordingState:
    def __init__(self) -> None:
        self.recorded: list[str] = []
        self.closed = False

    def written(self, item: Article) -> None:
        self.recorded.append(item.article_id)

    def close_run(self) -> None:
        self.closed = True


def test_a_failed_write_stops_the_crawl_and_records_nothing(tmp_path: Path) -> None:
    ext, crawler = exports(tmp_path)
    ext.state = state = RecordingState()
    stopped: list[str] = []
    ext.stop_crawl = stopped.append
    ext.open_run()
    ext.item_scraped(article(1))
    os.close(ext.logs[Article].file.fileno())  # the disk goes away
    ext.item_scraped(article(2))
    ext.item_scraped(article(3))
    ext.spider_closed("output_error")
    assert stopped == ["output_error"] and state.recorded == ["1"]
    assert not state.closed  # left open: the next run repairs it
    assert crawler.stats.get_value("finish_reason") == "output_error"
    assert ext.error and "articles_" in ext.error


def test_encode_is_the_item_fields_in_order_with_real_arabic() -> None:
    line = encode(article(1))
    assert line.endswith(b"\n") and b"\\u06" not in line
    assert list(json.loads(line)) == field_names(Article)


def test_encode_writes_images_as_objects_and_every_value_as_given() -> None:
    item = article(1, tags=["سياسة"], near_duplicate_of=None)
    item.images.append(Image("https://x/2.jpg", "تعليق", "RT"))
    assert json.loads(encode(item)) == json.loads(json.dumps(dataclasses.asdict(item)))
    assert json.loads(encode(item))["images"][1] == {"url": "https://x/2.jpg", "caption": "تعليق",
                                                      "credit": "RT"}


def test_finish_files_ignores_other_files(tmp_path: Path) -> None:
    other = tmp_path / "notes.jsonl"
    other.write_text("{}\n")
    assert finish_files(other) == []


def test_csv_feeds_get_safe_cells_and_the_article_columns() -> None:
    out = io.BytesIO()
    exporter = JsonCellCsvItemExporter(out, encoding="utf-8")
    exporter.start_exporting()
    exporter.export_item(article(1, title="@SUM(1)"))
    exporter.finish_exporting()
    (row,) = list(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8"))))
    assert list(row) == field_names(Article)
    assert row["title"] == "'@SUM(1)"


def test_a_state_that_fails_mid_crawl_stops_it_with_a_state_error(tmp_path: Path) -> None:
    from rtnews.state import StateError

    class FullDisk(RecordingState):
        def written(self, item: Article) -> None:
            raise StateError(tmp_path / "state.sqlite", "cannot be written (disk full)", "free space")

    ext, crawler = exports(tmp_path)
    ext.state = FullDisk()
    stopped: list[str] = []
    ext.stop_crawl = stopped.append
    ext.open_run()
    ext.item_scraped(article(1))
    ext.item_scraped(article(2))
    assert stopped == ["state_error"]
    assert crawler.stats.get_value("finish_reason") == "state_error"
    assert [json.loads(x)["article_id"] for x in ext.path(Article).read_text("utf-8").splitlines()] == ["1"]
