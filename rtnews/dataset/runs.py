"""The crawl runs a release is built from: their JSON Lines files, reports, stats and state files.

Each run writes, flat in its data directory, ``articles_<run>.jsonl`` and
``stories_<run>.jsonl`` (``<run>`` is the run's time or id; nothing here depends on its
form), ``report_<run>.json``, ``run_<run>.json`` and the shared ``state.sqlite``. A file
is read only up to the size it had when it was found, so a crawl still writing to it
cannot change what one build sees; a last line without its newline (a killed crawl, or
one still writing) is skipped and counted, never parsed.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

KINDS = ("articles", "stories")
CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class InputFile:
    """One JSON Lines file of one run, as found."""

    path: Path
    kind: str
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class Line:
    """One line of an input file: 1-based number, byte offset and bytes (without the newline)."""

    number: int
    offset: int
    data: bytes


def file_digest(path: Path, size: int) -> str:
    """SHA-256 of the first ``size`` bytes of ``path``."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        left = size
        while left > 0:
            chunk = f.read(min(CHUNK, left))
            if not chunk:
                break
            digest.update(chunk)
            left -= len(chunk)
    return digest.hexdigest()


def find_inputs(data_dirs: list[Path]) -> list[InputFile]:
    """Every ``articles_*.jsonl`` and ``stories_*.jsonl`` in the data directories, sorted by path."""
    found = []
    for data_dir in data_dirs:
        for kind in KINDS:
            for path in sorted(data_dir.glob(f"{kind}_*.jsonl")):
                if path.is_file():
                    size = path.stat().st_size
                    found.append(InputFile(path.resolve(), kind, size, file_digest(path, size)))
    return sorted(found, key=lambda i: str(i.path))


def read_lines(path: Path, size: int) -> Iterator[Line]:
    """The complete lines of the first ``size`` bytes; a torn last line is left out
    (``torn_tail`` tells whether there is one)."""
    with open(path, "rb") as f:
        offset = 0
        number = 0
        while offset < size:
            raw = f.readline(size - offset)
            if not raw:
                break
            number += 1
            if raw.endswith(b"\n"):
                if raw.strip():
                    yield Line(number, offset, raw.rstrip(b"\r\n"))
            offset += len(raw)


def torn_tail(path: Path, size: int) -> bool:
    """Whether the first ``size`` bytes end in a line without its newline."""
    if size == 0:
        return False
    with open(path, "rb") as f:
        f.seek(size - 1)
        return f.read(1) != b"\n"



class LineReader:
    """Reads single lines back by offset, keeping a few files open."""

    def __init__(self, keep_open: int = 32) -> None:
        self.keep_open = keep_open
        self.files: dict[str, Any] = {}

    def read(self, path: str, offset: int, length: int) -> bytes:
        f = self.files.pop(path, None) or open(path, "rb")
        self.files[path] = f  # most recently used last
        if len(self.files) > self.keep_open:
            oldest = next(iter(self.files))
            self.files.pop(oldest).close()
        f.seek(offset)
        return bytes(f.read(length))

    def close(self) -> None:
        for f in self.files.values():
            f.close()
        self.files.clear()


# --- what the runs say about what is missing ----------------------------------------------------


def run_files(data_dirs: list[Path], prefix: str) -> list[Path]:
    return sorted(p for d in data_dirs for p in d.glob(f"{prefix}_*.json") if p.is_file())


def read_json(path: Path) -> dict[str, Any] | None:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


@dataclass
class RunGaps:
    """What the runs' reports, stats and state files say is missing from the data."""

    reports: int = 0
    failed_runs: list[tuple[str, list[str]]] = field(default_factory=list)
    """(report file name, the checks it failed) of every run whose report says ``failed``."""
    article_failures: Counter[str] = field(default_factory=Counter)
    """Article pages that failed, by reason, summed over the reports (a page failing on
    several runs counts once per run)."""
    robots_forbidden: int = 0
    """Requests robots.txt forbade (Scrapy's ``robotstxt/forbidden``), summed over the runs' stats."""
    failed_pages: dict[str, str] = field(default_factory=dict)
    """Article id → reason of each page the state files still list as failed."""
    unreadable: list[str] = field(default_factory=list)
    """Report, stats or state files that could not be read."""


def read_gaps(data_dirs: list[Path]) -> RunGaps:
    gaps = RunGaps()
    for path in run_files(data_dirs, "report"):
        report = read_json(path)
        if report is None:
            gaps.unreadable.append(path.name)
            continue
        gaps.reports += 1
        if report.get("status") == "failed":
            checks = [str(c.get("check")) for c in report.get("failed_checks") or [] if isinstance(c, dict)]
            gaps.failed_runs.append((path.name, checks))
        for reason, count in (report.get("article_failures") or {}).items():
            if isinstance(count, int):
                gaps.article_failures[reason] += count
    for path in run_files(data_dirs, "run"):
        stats = (read_json(path) or {}).get("stats")
        if not isinstance(stats, dict):
            gaps.unreadable.append(path.name)
            continue
        forbidden = stats.get("robotstxt/forbidden", 0)
        gaps.robots_forbidden += forbidden if isinstance(forbidden, int) else 0
    for data_dir in data_dirs:
        state = data_dir / "state.sqlite"
        if state.is_file():
            try:
                gaps.failed_pages.update(failed_pages(state))
            except sqlite3.Error:
                gaps.unreadable.append(str(state))
    return gaps


def failed_pages(state: Path) -> dict[str, str]:
    """Article id → reason of the failed pages a crawl state file lists (opened read-only)."""
    db = sqlite3.connect(f"{state.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {str(article_id): str(reason) for article_id, reason in
                db.execute("SELECT article_id, reason FROM failures ORDER BY article_id")}
    finally:
        db.close()
