"""Dataset exports: articles and stories as JSON Lines during the crawl, CSV and JSON at its end.

One run writes ``articles_<run id>.jsonl`` and ``stories_<run id>.jsonl`` while it
crawls: each item is encoded once and its line written and flushed at once, so a killed
crawl leaves complete lines (at most one torn last line) and the JSON Lines file is the
run's durable log. When the crawl closes (and when the next run repairs a killed one,
``rtnews.repair``), ``finish_files`` makes ``articles_<run id>.csv`` and ``.json`` and
``stories_<run id>.csv`` from the log, each written to a ``.part`` file and renamed
into place, so neither is ever left half-written. The run id (``rtnews.runid``) is
unique per run, so crawls sharing a data directory never share a file; the files are
created exclusively and never overwritten.

Every file is UTF-8 with real Arabic characters, one column or key per item field in
the item's field order. In CSV, list fields are JSON text, None is an empty cell, and a
text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
leading apostrophe so that spreadsheets show it instead of running it as a formula;
JSON Lines and JSON keep the exact text. ``JsonCellCsvItemExporter`` gives Scrapy's own
CSV feeds (``-O file.csv``) the same cells and the article columns.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from scrapy import signals
from scrapy.exporters import CsvItemExporter
from scrapy.utils.defer import deferred_from_coro

from rtnews import outcome
from rtnews.items import Article, Story
from rtnews.runid import run_id
from rtnews.state import StateError

logger = logging.getLogger(__name__)
OUTPUT_ERROR = "output_error"
STATE_ERROR = "state_error"
# Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class Kind:
    """One item kind of the dataset: its file name prefix, fields and end-of-run formats."""

    name: str
    fields: tuple[str, ...]
    formats: tuple[str, ...]


def field_names(item_class: type) -> list[str]:
    return [f.name for f in dataclasses.fields(item_class)]


KINDS: dict[type, Kind] = {
    Article: Kind("articles", tuple(field_names(Article)), ("csv", "json")),
    Story: Kind("stories", tuple(field_names(Story)), ("csv",)),
}


def kind_of(path: Path) -> Kind | None:
    """The kind a dataset file belongs to, by its name (``articles_…``, ``stories_…``)."""
    return next((k for k in KINDS.values() if path.name.startswith(k.name + "_")), None)


def safe_cell(text: str) -> str:
    """A CSV cell that a spreadsheet shows as text instead of running it as a formula.

    >>> safe_cell('=HYPERLINK("http://x")'), safe_cell("-5 درجات"), safe_cell("عنوان")
    ('\\'=HYPERLINK("http://x")', "'-5 درجات", 'عنوان')
    """
    return "'" + text if text.startswith(FORMULA_START) else text


def as_dict(value: Any) -> Any:
    """``json.dumps``'s ``default``: a nested dataclass (an image) as a dict."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def encode(item: Any) -> bytes:
    """One JSON Lines line for an item: its fields in order, Arabic unescaped.

    The same text as ``json.dumps`` of ``plain`` of each field; nested dataclasses are
    converted only where json meets them (most fields are strings and lists of strings).
    """
    record = {f.name: getattr(item, f.name) for f in dataclasses.fields(item)}
    return json.dumps(record, ensure_ascii=False, default=as_dict).encode("utf-8") + b"\n"


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict | tuple):
        return json.dumps(value, ensure_ascii=False, default=as_dict)
    return safe_cell(value) if isinstance(value, str) else str(value)


class JsonCellCsvItemExporter(CsvItemExporter):
    """CSV with list and dict fields as JSON text (Arabic unescaped), None as an empty
    cell and formula-like text neutralised; the article columns unless told otherwise
    (``scrapy crawl`` keeps stories out of CSV feeds, see ``rtnews.commands.crawl``)."""

    def __init__(self, file: Any, **kwargs: Any) -> None:
        if kwargs.get("fields_to_export") is None:
            kwargs["fields_to_export"] = field_names(Article)
        super().__init__(file, **kwargs)

    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        return csv_cell(value)


class JsonLinesLog:
    """The JSON Lines file of one item kind in one run, written and flushed line by line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file: IO[bytes] = open(path, "xb")  # exclusive: a run never writes into another's file
        self.count = 0

    def write(self, line: bytes) -> None:
        self.file.write(line)
        self.file.flush()
        self.count += 1

    def close(self) -> None:
        if self.file.closed:
            return
        try:
            self.file.flush()
            os.fsync(self.file.fileno())
        finally:
            self.file.close()


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    """The records of a complete JSON Lines file, one at a time."""
    with open(path, "rb") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def replace_atomically(target: Path, write: Any) -> None:
    """Write ``target`` through ``write(file)`` into a ``.part`` file, then rename it."""
    tmp = target.with_name(target.name + ".part")
    try:
        with open(tmp, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def jsonl_to_json(source: Path, target: Path) -> None:
    """A JSON array of the lines of a JSON Lines file (the lines copied, not re-encoded)."""
    def write(out: IO[bytes]) -> None:
        out.write(b"[")
        first = True
        with open(source, "rb") as lines:
            for line in lines:
                if line.strip():
                    out.write(b"\n" if first else b",\n")
                    out.write(line.rstrip(b"\r\n"))
                    first = False
        out.write(b"\n]\n")
    replace_atomically(target, write)


def jsonl_to_csv(source: Path, target: Path, fields: tuple[str, ...]) -> None:
    """A CSV of a JSON Lines file: a header row of ``fields``, then one row a line."""
    def write(out: IO[bytes]) -> None:
        text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
        writer = csv.writer(text)
        writer.writerow(fields)
        for record in read_records(source):
            writer.writerow([csv_cell(record.get(name)) for name in fields])
        text.detach()
    replace_atomically(target, write)


def finish_files(jsonl: Path) -> list[Path]:
    """Make the CSV (and, for articles, the JSON) of a run's JSON Lines file; their paths."""
    kind = kind_of(jsonl)
    if kind is None:
        return []
    made = []
    for fmt in kind.formats:
        target = jsonl.with_suffix("." + fmt)
        if fmt == "csv":
            jsonl_to_csv(jsonl, target, kind.fields)
        else:
            jsonl_to_json(jsonl, target)
        made.append(target)
    return made


class DatasetExports:
    """Extension writing the dataset files of a crawl (see module docstring).

    The crawl state opens the run's files before the first request (``open_run``), so a
    data directory that cannot be written stops the crawl before it fetches anything; a
    write that fails later stops the crawl with the finish reason ``output_error``.
    """

    def __init__(self, data_dir: Path, enabled: bool = True, run: str | None = None,
                 stats: Any = None) -> None:
        self.data_dir = data_dir
        self.enabled = enabled
        self.run_id = run or "run"
        self.logs: dict[type, JsonLinesLog] = {}
        # The crawl state attaches itself when the spider opens (rtnews.crawlstate):
        # it is told of each article once that article is durably written.
        self.state: Any = None
        self.stats = stats
        self.error: str | None = None
        self.stop_crawl: Any = None  # set by from_crawler: closes the spider on a write error
        self.note: Any = lambda text: None  # rtnews.outcome.note for this crawl

    @classmethod
    def from_crawler(cls, crawler: Any) -> DatasetExports:
        settings = crawler.settings
        ext = cls(Path(settings.get("RTNEWS_DATA_DIR", "data")).expanduser().resolve(),
                  settings.getbool("RTNEWS_EXPORTS", True), run_id(crawler), stats=crawler.stats)
        ext.stop_crawl = lambda reason: deferred_from_coro(
            crawler.engine.close_spider_async(reason=reason))
        ext.note = lambda text: outcome.note(crawler, text)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def path(self, item_class: type, fmt: str = "jsonl") -> Path:
        return self.data_dir / f"{KINDS[item_class].name}_{self.run_id}.{fmt}"

    def open_run(self) -> None:
        """Create the data directory and this run's JSON Lines files (OSError when it cannot)."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        for item_class in KINDS:
            if item_class not in self.logs:
                self.logs[item_class] = JsonLinesLog(self.path(item_class))

    def item_scraped(self, item: Any) -> None:
        if type(item) not in KINDS or not self.enabled or self.error:
            return
        try:
            self.open_run()
            self.logs[type(item)].write(encode(item))
        except OSError as exc:
            self.fail(f"Cannot write {self.path(type(item))}: {exc.strerror or exc}")
            return
        if self.stats is not None:
            self.stats.inc_value(f"rtnews/exported/{KINDS[type(item)].name}")
        if isinstance(item, Article) and self.state is not None:
            try:
                self.state.written(item)  # only now: the item is in the flushed output
            except StateError as exc:
                self.fail(str(exc), STATE_ERROR)

    def fail(self, message: str, reason: str = OUTPUT_ERROR) -> None:
        """A write failed: say so once, stop the crawl, record nothing more (the run stays
        open in the state, so the next run repairs and records what its files hold)."""
        if self.error:
            return
        self.error = message
        self.note(message)
        logger.error("%s; stopping the crawl (finish reason %s)", message, reason)
        if self.stats is not None:
            self.stats.set_value("finish_reason", reason)
        if self.stop_crawl is not None:
            self.stop_crawl(reason)

    def spider_closed(self, reason: str) -> None:
        if not self.logs:
            return
        for item_class, log in self.logs.items():
            try:
                log.close()
                made = finish_files(log.path) if not self.error else []
            except OSError as exc:
                self.fail(f"Cannot finish {log.path}: {exc.strerror or exc}")
                continue
            logger.info("Exported %d %s to %s", log.count, KINDS[item_class].name,
                        ", ".join(str(p) for p in [log.path, *made]))
        if self.state is not None and not self.error:
            self.state.close_run()
        self.write_stats(reason)

    def write_stats(self, reason: str) -> None:
        """The crawl's stats as JSON beside the exports (``run_<run id>.json``)."""
        if self.stats is None:
            return
        stats = dict(self.stats.get_stats())
        stats.setdefault("finish_reason", reason)
        path = self.data_dir / f"run_{self.run_id}.json"
        try:
            path.write_text(json.dumps({"stats": stats}, ensure_ascii=False, indent=1,
                                       sort_keys=True, default=str) + "\n", encoding="utf-8")
        except OSError as exc:
            logger.error("Cannot write %s: %s", path, exc.strerror or exc)
