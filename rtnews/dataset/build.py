"""``rtnews dataset build``: one consolidated release from every run's JSON Lines.

The steps, each kept small and in its own module:

1. find the runs' ``articles_*.jsonl`` / ``stories_*.jsonl`` (``runs``) and read the new
   or changed ones into the build index (``index``), checking every record against the
   schema derived from ``rtnews.items`` (``schema``): one pass, one record in memory at a time;
2. choose in SQL each article's newest revision (highest ``revision``, then newest
   ``crawled_at``) and each distinct revision;
3. recompute ``near_duplicate_of`` over the whole release with ``rtnews.fingerprint``:
   articles in publication order (earlier published, then lower id, is the original);
4. for each month, a digest of what its partition holds; only partitions whose digest
   changed are written again (``partitions``, ``csvfiles``), reading their records back
   by offset, ``ROW_GROUP`` rows at a time;
5. fold the stories (``stories``), then write the card, ``croissant.json`` and the MANIFEST.

Memory is bounded by one row group and the near-duplicate index (about 0.5 KB per
article), not by the size of the data.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import groupby
from pathlib import Path
from typing import Any

from rtnews import fingerprint
from rtnews.dataset import card, croissant
from rtnews.dataset.csvfiles import csv_path, write_csv
from rtnews.dataset.index import ArticleRef, BuildIndex, id_key
from rtnews.dataset.manifest import BUILD_DIR, NAME, Entry, entry_for, write_manifest
from rtnews.dataset.partitions import (
    month_of,
    partition_path,
    remove_empty_dirs,
    sha256_of,
    write_parquet,
    writer_format,
)
from rtnews.dataset.runs import InputFile, LineReader, find_inputs, read_gaps, read_lines, torn_tail
from rtnews.dataset.schema import RecordConverter, RecordError, filled
from rtnews.dataset.stories import folded_stories, story_schema
from rtnews.fingerprint import NearDuplicateIndex
from rtnews.items import Article, Story

FORMAT = "rtnews-dataset/1"
# Stored near-duplicate results are reused only with the code that found them.
FINGERPRINT = hashlib.sha256(Path(fingerprint.__file__).read_bytes()).hexdigest()
INDEX_FILE = f"{BUILD_DIR}/index.sqlite"
TABLES = ("articles", "revisions")
STORIES_FILE = "stories.parquet"
BATCH = 2000


class BuildError(Exception):
    """A build that cannot start (no input, an output folder that is not a release)."""


@dataclass
class BuildSummary:
    """What one build did."""

    inputs_read: int = 0
    inputs_unchanged: int = 0
    inputs_dropped: int = 0
    records_read: int = 0
    rejected: int = 0
    articles: int = 0
    revisions: int = 0
    stories: int = 0
    written: list[str] = field(default_factory=list)
    kept: int = 0
    removed: list[str] = field(default_factory=list)
    near_lookups: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    """Wall time of each step."""

    def lines(self) -> list[str]:
        return [
            f"inputs: {self.inputs_read} read, {self.inputs_unchanged} unchanged, {self.inputs_dropped} gone",
            f"records read: {self.records_read}, rejected: {self.rejected}",
            f"release: {self.articles} articles, {self.revisions} revisions, {self.stories} stories",
            f"near-duplicate look-ups: {self.near_lookups} (the other articles' values reused)",
            f"files: {len(self.written)} written, {self.kept} unchanged, {len(self.removed)} removed",
            "seconds: " + ", ".join(f"{step} {s:.1f}" for step, s in self.seconds.items()),
        ]


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def us(value: datetime | None) -> int | None:
    """Microseconds since 1970 (UTC), exactly.

    >>> us(datetime(1970, 1, 1, 0, 0, 1, 5, tzinfo=UTC)), us(None)
    (1000005, None)
    """
    return None if value is None else (value - EPOCH) // timedelta(microseconds=1)


def simhash_value(text: str) -> int:
    try:
        return int(text, 16) if text else 0
    except ValueError:
        return 0


class ReleaseBuilder:
    """Builds (or brings up to date) the release in ``out`` from the runs in ``data_dirs``."""

    def __init__(self, out: Path, data_dirs: list[Path], with_csv: bool = False) -> None:
        self.out = out
        self.data_dirs = data_dirs
        self.with_csv = with_csv
        self.articles = RecordConverter(Article)
        self.stories = RecordConverter(Story)
        self.article_names = self.articles.schema.names
        self.format = f"{FORMAT};{writer_format()};articles={self.articles.schema};stories={story_schema()}"
        self.summary = BuildSummary()
        self.reader = LineReader()
        self.started = time.perf_counter()

    # --- 1. inputs ---------------------------------------------------------------------------

    def check_paths(self) -> list[InputFile]:
        missing = [str(d) for d in self.data_dirs if not d.is_dir()]
        if missing:
            raise BuildError(f"no such data directory: {', '.join(missing)}")
        inputs = find_inputs(self.data_dirs)
        if not any(i.kind == "articles" for i in inputs):
            raise BuildError("no articles_*.jsonl in " + ", ".join(str(d) for d in self.data_dirs)
                             + ": run a crawl first (scrapy crawl rt_arabic) or pass --data")
        if (self.out.exists() and any(self.out.iterdir())
                and not (self.out / NAME).exists() and not (self.out / BUILD_DIR).exists()):
            raise BuildError(f"{self.out} is not empty and holds no release: choose another --out")
        return inputs

    def sync_inputs(self, index: BuildIndex, inputs: list[InputFile]) -> None:
        known = index.known_inputs()
        current = {str(i.path): i for i in inputs}
        for path, (size, sha) in known.items():
            found = current.get(path)
            if found is None or (found.size, found.sha256) != (size, sha):
                index.forget_input(path)
                self.summary.inputs_dropped += found is None
        for path, found in current.items():
            if known.get(path) == (found.size, found.sha256):
                self.summary.inputs_unchanged += 1
                continue
            index.begin()
            self.read_input(index, found)
            index.commit()
            self.summary.inputs_read += 1

    def read_input(self, index: BuildIndex, found: InputFile) -> None:
        path, kind = str(found.path), found.kind
        converter = self.articles if kind == "articles" else self.stories
        rows: list[tuple[Any, ...]] = []
        rejects: list[tuple[str, int, str, str]] = []
        unknown: set[str] = set()
        count = 0
        for line in read_lines(found.path, found.size):
            try:
                record = json.loads(line.data)
                if not isinstance(record, dict):
                    raise RecordError("not a JSON object")
                row = converter.convert(record)
            except (ValueError, RecordError) as error:
                reason = str(error) if isinstance(error, RecordError) else "invalid JSON"
                rejects.append((path, line.number, kind, reason))
                continue
            unknown.update(converter.unknown(record))
            count += 1
            rows.append(self.index_row(found, line.offset, len(line.data), row))
            if len(rows) >= BATCH:
                self.add_rows(index, kind, rows)
                rows = []
        self.add_rows(index, kind, rows)
        index.add_rejects(rejects)
        torn = torn_tail(found.path, found.size)
        index.add_input(path, kind, found.size, found.sha256, count, torn, unknown)
        self.summary.records_read += count + len(rejects)

    def index_row(self, found: InputFile, offset: int, length: int, row: dict[str, Any]) -> tuple[Any, ...]:
        where = (str(found.path), found.sha256, offset, length)
        if found.kind == "stories":
            return (*where, row["story_id"], us(row["crawled_at"]) or 0)
        return (*where, row["url_hash"], row["article_id"], id_key(row["article_id"]), row["revision"] or 1,
                us(row["crawled_at"]) or 0, us(row["published_at"]), month_of(row["published_at"]),
                row["section"], row["content_hash"] or "", row["simhash"] or "",
                filled(row, self.article_names))

    @staticmethod
    def add_rows(index: BuildIndex, kind: str, rows: list[tuple[Any, ...]]) -> None:
        if kind == "stories":
            index.add_story_records(rows)
        else:
            index.add_records(rows)

    # --- 2.-3. choosing rows -------------------------------------------------------------------

    @staticmethod
    def mark_near_duplicates(index: BuildIndex) -> int:
        """Recompute ``near_duplicate_of`` in publication order; returns the number of look-ups.

        The values of the prefix that equals the last build's are reused (see ``index``)."""
        near = NearDuplicateIndex()
        previous = index.previous_near()
        rows: list[tuple[str, str, str, str | None]] = []
        same_prefix, lookups = True, 0
        for url_hash, article_id, simhash in index.in_publication_order():
            value = simhash_value(simhash)
            before = previous.fetchone() if same_prefix else None
            same_prefix = before is not None and tuple(before[:3]) == (url_hash, article_id, simhash)
            if before is not None and same_prefix:
                original = before[3]
            else:
                original = near.find(article_id, value)
                lookups += 1
            near.add(article_id, value)
            rows.append((url_hash, article_id, simhash, original))
        previous.close()
        index.set_near_duplicates(rows)
        return lookups

    # --- 4. partitions -------------------------------------------------------------------------

    def month_digests(self, refs: Iterator[ArticleRef], table: str) -> dict[str, tuple[str, int]]:
        """month → (digest of its rows, number of rows)."""
        digests = {}
        for month, group in groupby(refs, key=lambda r: r.month):
            digest = hashlib.sha256(f"{self.format};{table}\n".encode())
            count = 0
            for ref in group:
                digest.update(f"{ref.sha256}:{ref.offset}:{ref.near_duplicate_of or ''}\n".encode())
                count += 1
            digests[month] = (digest.hexdigest(), count)
        return digests

    def article_row(self, ref: ArticleRef, table: str) -> dict[str, Any]:
        row = self.articles.convert(json.loads(self.reader.read(ref.path, ref.offset, ref.length)))
        if table == "articles":
            row["near_duplicate_of"] = ref.near_duplicate_of
        return row

    def up_to_date(self, index: BuildIndex, path: str, digest: str) -> bool:
        known = index.output(path)
        file = self.out / path
        return known is not None and known[0] == digest and file.is_file() and file.stat().st_size == known[2]

    def write_partitions(self, index: BuildIndex, table: str) -> set[str]:
        rows_of = index.article_rows if table == "articles" else index.revision_rows
        digests = self.month_digests(rows_of(), table)
        wanted = set()
        for month, (digest, _) in sorted(digests.items()):
            targets = [(partition_path(table, month), "parquet")]
            if self.with_csv and table == "articles":
                targets.append((csv_path(table, month), "csv"))
            for path, kind in targets:
                wanted.add(path)
                file_digest = hashlib.sha256(f"{kind}:{digest}".encode()).hexdigest()
                if self.up_to_date(index, path, file_digest):
                    self.summary.kept += 1
                    continue
                rows = (self.article_row(ref, table) for ref in rows_of(month))
                if kind == "parquet":
                    count = write_parquet(self.out / path, self.articles.schema, rows)
                else:
                    count = write_csv(self.out / path, self.article_names, rows)
                self.record_output(index, path, file_digest, count)
        setattr(self.summary, table, sum(n for _, n in digests.values()))
        return wanted

    def record_output(self, index: BuildIndex, path: str, digest: str, rows: int) -> None:
        file = self.out / path
        index.set_output(path, digest, rows, file.stat().st_size, sha256_of(file))
        self.summary.written.append(path)

    def remove_stale(self, index: BuildIndex, wanted: set[str]) -> None:
        """Drop partitions and CSV files no longer produced (a month emptied, --csv left out)."""
        for path in index.outputs():
            if path not in wanted:
                index.drop_output(path)
        for folder in (*TABLES, "csv"):
            root = self.out / folder
            if not root.is_dir():
                continue
            for file in sorted(root.rglob("*")):
                relative = file.relative_to(self.out).as_posix()
                if file.is_file() and relative not in wanted:
                    file.unlink()
                    self.summary.removed.append(relative)
            remove_empty_dirs(root)
            if root.is_dir() and not any(root.iterdir()):
                root.rmdir()

    # --- 5. stories ----------------------------------------------------------------------------

    def story_rows(self, index: BuildIndex) -> Iterator[dict[str, Any]]:
        records = ((story_id, self.stories.convert(json.loads(self.reader.read(path, offset, length))))
                   for path, _, offset, length, story_id in index.story_rows())
        yield from folded_stories(records, index.present)

    def write_stories(self, index: BuildIndex) -> set[str]:
        stories = list(self.story_rows(index))  # one row per story: small
        self.summary.stories = len(stories)
        targets = [STORIES_FILE] + ([csv_path("stories")] if self.with_csv else [])
        for path in targets:
            part = self.out / (path + ".new")
            if path.endswith(".parquet"):
                count = write_parquet(part, story_schema(), stories)
            else:
                count = write_csv(part, story_schema().names, stories)
            known = index.output(path)
            current = self.out / path
            if known and current.is_file() and sha256_of(part) == known[3] == sha256_of(current):
                part.unlink()
                self.summary.kept += 1
                continue
            part.replace(self.out / path)
            self.record_output(index, path, "stories", count)
        return set(targets)

    # --- the whole build -----------------------------------------------------------------------

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self.summary.seconds[step] = round(now - self.started, 2)
        self.started = now

    def build(self) -> BuildSummary:
        self.started = time.perf_counter()
        inputs = self.check_paths()
        self.out.mkdir(parents=True, exist_ok=True)
        index = BuildIndex(self.out / INDEX_FILE)
        try:
            if index.meta("fingerprint") != FINGERPRINT:
                index.forget_near()
                index.set_meta("fingerprint", FINGERPRINT)
            if index.meta("format") != self.format:
                for path in index.known_inputs():
                    index.forget_input(path)
                index.forget_outputs()
                index.set_meta("format", self.format)
            self.sync_inputs(index, inputs)
            self.lap("inputs")
            index.choose()
            self.summary.near_lookups = self.mark_near_duplicates(index)
            self.lap("near-duplicates")
            wanted = self.write_partitions(index, "articles") | self.write_partitions(index, "revisions")
            self.lap("partitions")
            wanted |= self.write_stories(index)
            self.remove_stale(index, wanted)
            self.summary.rejected = index.query("SELECT COUNT(*) FROM rejects")[0][0]
            self.write_metadata(index)
            self.lap("stories and metadata")
        finally:
            self.reader.close()
            index.close()
        return self.summary

    def write_metadata(self, index: BuildIndex) -> None:
        facts = card.gather_facts(index, self.article_names, read_gaps(self.data_dirs))
        outputs = index.outputs()
        croissant.write(self.out, self.articles.schema, story_schema(), outputs, facts)
        card.write(self.out, self.articles.schema, story_schema(), facts, self.with_csv)
        entries = [Entry(path, rows, size, sha) for path, (_, rows, size, sha) in outputs.items()]
        entries += [entry_for(self.out, name, None) for name in (card.NAME, croissant.NAME)]
        write_manifest(self.out, entries)

