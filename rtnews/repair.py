"""Repair of killed runs: whatever a killed crawl left behind becomes complete, recorded files.

A run still ``open`` in the state when the next crawl starts was killed (SIGKILL, power
loss, a full disk). Its JSON Lines files are its durable log; the repair

- keeps every complete, valid line and drops the rest (a torn last line, a line that
  is not an item), rewriting the file only when it must,
- records the articles the log holds in the state (so they are not exported again),
- makes the run's CSV and JSON from the log (``rtnews.exports.finish_files``),

and handles every shape a kill leaves: no articles file, stories only, torn lines,
missing or half-written CSV and JSON. A run it cannot repair (a file it cannot read or
write) is set aside with one ERROR line and counted, so it never blocks later runs.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from rtnews.exports import KINDS, finish_files, kind_of, read_records, replace_atomically
from rtnews.items import Story
from rtnews.state import RUN_REPAIRED, RUN_SET_ASIDE, SeenStore, seen_from_record

logger = logging.getLogger(__name__)
REQUIRED = {"articles": ("article_id", "url_hash", "url"), "stories": ("story_id",)}


@dataclass
class Repairs:
    """What ``recover_runs`` did."""

    repaired: list[str] = field(default_factory=list)
    set_aside: list[str] = field(default_factory=list)
    dropped_lines: int = 0


def valid_record(line: bytes, required: tuple[str, ...]) -> dict[str, Any] | None:
    """The item of one complete JSON Lines line, or None when the line is not one."""
    if not line.endswith(b"\n"):
        return None
    try:
        record = json.loads(line)
    except ValueError:
        return None
    if not isinstance(record, dict) or not all(isinstance(record.get(k), str) for k in required):
        return None
    return record


def first_bad_line(path: Path, required: tuple[str, ...]) -> tuple[int, int | None]:
    """(lines that are not items, byte offset of the first of them) of a JSON Lines file."""
    bad, offset, first = 0, 0, None
    with open(path, "rb") as lines:
        for line in lines:
            if line.strip() and valid_record(line, required) is None:
                bad += 1
                first = offset if first is None else first
            offset += len(line)
    return bad, first


def valid_lines(path: Path, required: tuple[str, ...], start: int = 0) -> Iterator[bytes]:
    with open(path, "rb") as lines:
        lines.seek(start)
        for line in lines:
            if line.strip() and valid_record(line, required) is not None:
                yield line


def clean(path: Path) -> int:
    """Drop every line of a JSON Lines file that is not a complete item; how many."""
    kind = kind_of(path)
    required = REQUIRED[kind.name] if kind else ()
    bad, first = first_bad_line(path, required)
    if first is None:
        return 0
    if next(valid_lines(path, required, start=first), None) is None:
        with open(path, "r+b") as f:  # only a torn or broken tail: cut it
            f.truncate(first)
        return bad

    def write(out: IO[bytes]) -> None:
        for line in valid_lines(path, required):
            out.write(line)
    replace_atomically(path, write)
    return bad


def stories_path(articles: Path) -> Path:
    """The stories file of the run whose articles file is ``articles``."""
    return articles.with_name(articles.name.replace("articles_", KINDS[Story].name + "_", 1))


def repair_run(store: SeenStore, articles: Path, now: str) -> int:
    """Repair one killed run's files and record its articles; lines dropped."""
    dropped = 0
    for path in (articles, stories_path(articles)):
        if path.exists():
            dropped += clean(path)
    if articles.exists():
        with store.batch():
            for record in read_records(articles):
                known = store.get(record["url_hash"])
                if known is None or known.content_hash != record.get("content_hash"):
                    store.record(seen_from_record(record, now))
    for path in (articles, stories_path(articles)):
        if path.exists():
            finish_files(path)
    return dropped


def recover_runs(store: SeenStore, now: str,
                 repair: Callable[[SeenStore, Path, str], int] = repair_run) -> Repairs:
    """Repair every run the state still has open (see module docstring)."""
    done = Repairs()
    for run_id, articles in store.crashed_runs():
        try:
            done.dropped_lines += repair(store, articles, now)
        except (OSError, ValueError, KeyError) as exc:
            logger.error("Run %s could not be repaired (%s: %s); it is set aside: its files in %s"
                         " stay as they are, later runs go on, and articles it holds that the"
                         " state lacks will be exported again", run_id, type(exc).__name__, exc,
                         articles.parent)
            store.close_run(run_id, RUN_SET_ASIDE)
            done.set_aside.append(run_id)
            continue
        store.close_run(run_id, RUN_REPAIRED)
        done.repaired.append(run_id)
    return done
