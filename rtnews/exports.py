"""Dataset exports: articles and stories to CSV, JSON and JSON Lines under the data directory.

``DatasetExports`` writes ``articles_<time>.{csv,jsonl,json}`` and
``stories_<time>.{csv,jsonl}``: UTF-8 with real Arabic characters, one column per
item field in the item's field order, list fields as JSON text. JSON Lines and CSV
are written and flushed item by item, so a killed crawl leaves complete lines; the
JSON array is made from the JSON Lines file when the crawl closes and renamed into
place, so it is never left half-written. Scrapy's own feeds (``-O file.jsonl``)
keep working beside it; ``JsonCellCsvItemExporter`` gives them the same CSV cells.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.exporters import CsvItemExporter, JsonLinesItemExporter

from rtnews.items import Article, Story
from rtnews.state import read_jsonl

logger = logging.getLogger(__name__)
# Runs stopped before they started crawling leave no files behind.
NO_OUTPUT_REASONS = frozenset({"bad_argument", "already_running"})
KINDS: dict[type, tuple[str, tuple[str, ...]]] = {
    Article: ("articles", ("csv", "jsonl", "json")),
    Story: ("stories", ("csv", "jsonl")),
}


def field_names(item_class: type) -> list[str]:
    return [f.name for f in dataclasses.fields(item_class)]


class JsonCellCsvItemExporter(CsvItemExporter):
    """CSV with list and dict fields as JSON text (Arabic unescaped), None as an empty cell.

    Without explicit fields, the columns are the article fields followed by the story
    fields articles lack, whatever item comes first, so a mixed ``-O file.csv`` has
    the same columns every run.
    """

    def __init__(self, file: Any, **kwargs: Any) -> None:
        if kwargs.get("fields_to_export") is None:
            kwargs["fields_to_export"] = ALL_FIELDS
        super().__init__(file, **kwargs)

    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        if isinstance(value, list | dict | tuple):
            return json.dumps(plain(value), ensure_ascii=False)
        return "" if value is None else super().serialize_field(field, name, value)


ALL_FIELDS = field_names(Article) + [f for f in field_names(Story) if f not in field_names(Article)]


def plain(value: Any) -> Any:
    """Nested dataclasses (images) as dicts, for JSON."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


class ItemFiles:
    """The open files of one item kind in one run."""

    def __init__(self, data_dir: Path, stem: str, item_class: type, formats: tuple[str, ...]) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.paths = {fmt: data_dir / f"{stem}.{fmt}" for fmt in formats}
        fields = field_names(item_class)
        self.files: dict[str, Any] = {}
        self.csv = self.jsonl = None
        if "csv" in formats:
            self.files["csv"] = open(self.paths["csv"], "wb")
            self.csv = JsonCellCsvItemExporter(self.files["csv"], fields_to_export=fields,
                                               encoding="utf-8")
            self.csv.start_exporting()
        self.files["jsonl"] = open(self.paths["jsonl"], "wb")
        self.jsonl = JsonLinesItemExporter(self.files["jsonl"], fields_to_export=fields,
                                           encoding="utf-8")
        self.count = 0

    def write(self, item: Any) -> None:
        record = {f.name: plain(getattr(item, f.name)) for f in dataclasses.fields(item)}
        if self.csv is not None:
            self.csv.export_item(item)
        assert self.jsonl is not None
        self.jsonl.export_item(record)
        for f in self.files.values():
            f.flush()
        self.count += 1

    def close(self) -> None:
        for f in self.files.values():
            f.flush()
            os.fsync(f.fileno())
            f.close()
        if "json" in self.paths:
            jsonl_to_json(self.paths["jsonl"], self.paths["json"])


def jsonl_to_json(source: Path, target: Path) -> None:
    """Stream a JSON Lines file into a JSON array file, atomically."""
    tmp = target.with_suffix(".json.part")
    with open(source, "rb") as lines, open(tmp, "wb") as out:
        out.write(b"[")
        first = True
        for line in lines:
            if line.strip():
                out.write(b"\n" if first else b",\n")
                out.write(line.rstrip(b"\r\n"))
                first = False
        out.write(b"\n]\n")
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, target)


def rewrite_outputs(jsonl: Path, records: list[dict[str, Any]]) -> None:
    """Remake a run's CSV and JSON from its JSON Lines (after a killed run)."""
    kind = next((c for c, (name, _) in KINDS.items() if jsonl.name.startswith(name + "_")), None)
    if kind is None:
        return
    fields = field_names(kind)
    csv_path = jsonl.with_suffix(".csv")
    with open(csv_path.with_suffix(".csv.part"), "wb") as f:
        exporter = JsonCellCsvItemExporter(f, fields_to_export=fields, encoding="utf-8")  # type: ignore[arg-type]
        exporter.start_exporting()
        for record in records:
            exporter.export_item({k: record.get(k) for k in fields})
        exporter.finish_exporting()
    os.replace(csv_path.with_suffix(".csv.part"), csv_path)
    if "json" in KINDS[kind][1]:
        jsonl_to_json(jsonl, jsonl.with_suffix(".json"))
    if kind is Article:
        stories = jsonl.with_name(jsonl.name.replace("articles_", "stories_", 1))
        if stories.exists():
            story_records, good = read_jsonl(stories)
            with open(stories, "r+b") as f:
                f.truncate(good)
            rewrite_outputs(stories, story_records)


class DatasetExports:
    """Extension writing the dataset files of a crawl (see module docstring)."""

    def __init__(self, data_dir: Path, enabled: bool = True, stamp: str | None = None,
                 stats: Any = None) -> None:
        self.data_dir = data_dir
        self.enabled = enabled
        self.stamp = stamp or datetime.now(UTC).strftime("%Y-%m-%dT%H-%M-%S")
        self.open_files: dict[type, ItemFiles] = {}
        self.run_open = False
        # The crawl state attaches itself when the spider opens (rtnews.crawlstate):
        # it is told of each article once that article is durably written.
        self.state: Any = None
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> DatasetExports:
        settings = crawler.settings
        ext = cls(Path(settings.get("RTNEWS_DATA_DIR", "data")).expanduser().resolve(),
                  settings.getbool("RTNEWS_EXPORTS", True), stats=crawler.stats)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def files_for(self, item_class: type) -> ItemFiles:
        if item_class not in self.open_files:
            name, formats = KINDS[item_class]
            files = ItemFiles(self.data_dir, f"{name}_{self.stamp}", item_class, formats)
            self.open_files[item_class] = files
            if not self.run_open and self.state is not None:
                self.state.open_run(self.stamp, self.data_dir / f"articles_{self.stamp}.jsonl")
                self.run_open = True
        return self.open_files[item_class]

    def item_scraped(self, item: Any) -> None:
        if type(item) not in KINDS:
            return
        if self.enabled:
            self.files_for(type(item)).write(item)
            if self.stats is not None:
                self.stats.inc_value(f"rtnews/exported/{KINDS[type(item)][0]}")
        if isinstance(item, Article) and self.state is not None:
            self.state.written(item)  # only now: the item is in the flushed output

    def spider_closed(self, reason: str) -> None:
        if not self.enabled or reason in NO_OUTPUT_REASONS:
            return
        for item_class in KINDS:
            files = self.files_for(item_class)  # an empty run still gets files with headers
            files.close()
            logger.info("Exported %d %s to %s", files.count, KINDS[item_class][0],
                        ", ".join(str(p) for p in files.paths.values()))
        if self.state is not None:
            self.state.close_run(self.stamp)
        self.write_stats(reason)

    def write_stats(self, reason: str) -> None:
        """The crawl's stats as JSON beside the exports (``run_<time>.json``)."""
        if self.stats is None:
            return
        stats = dict(self.stats.get_stats())
        stats.setdefault("finish_reason", reason)
        path = self.data_dir / f"run_{self.stamp}.json"
        path.write_text(json.dumps({"stats": stats}, ensure_ascii=False, indent=1, sort_keys=True,
                                   default=str) + "\n", encoding="utf-8")
