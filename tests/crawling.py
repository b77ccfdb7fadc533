"""Helpers for tests that run real crawls: serve a replica site, run ``scrapy crawl``, read outputs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import tomllib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rtnews.replica.build import CONTENT
from rtnews.replica.server import DEFAULT_SITE_DIR, base_url, make_server

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def serving(site_dir: Path = DEFAULT_SITE_DIR, fail_once: Iterable[str] = (),
            handler_delay: float = 0.0) -> Iterator[str]:
    """A replica server for the block; ``handler_delay`` slows every article answer."""
    server, _ = make_server(0, site_dir=site_dir, fail_once=fail_once)
    if handler_delay:
        slow_down(server, handler_delay)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base_url(server)
    finally:
        server.shutdown()
        server.server_close()


def slow_down(server: Any, delay: float) -> None:
    import time

    handler = server.RequestHandlerClass
    original = handler.do_GET

    def do_get(self: Any) -> None:
        if "-" in self.path.rsplit("/", 2)[-2]:  # article pages only
            time.sleep(delay)
        original(self)

    server.RequestHandlerClass = type("Slow", (handler,), {"do_GET": do_get})


def crawl_command(url: str, out: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "scrapy", "crawl", "rt_arabic", "-a", f"base_url={url}",
            "-s", f"RTNEWS_DATA_DIR={out}", "-s", "LOG_LEVEL=INFO", *args]


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def run_crawl(url: str, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(crawl_command(url, out, *args), cwd=ROOT, env=env(),
                          capture_output=True, text=True, timeout=300)


def jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def newest(out: Path, pattern: str) -> Path:
    return sorted(out.glob(pattern))[-1]


def last_stats(out: Path) -> dict[str, Any]:
    return json.loads(newest(out, "run_*.json").read_text(encoding="utf-8"))["stats"]


def content() -> dict[str, Any]:
    return tomllib.loads(CONTENT.read_text(encoding="utf-8"))


def article_ids(features_excluded: Iterable[str] = ("missing", "challenge"),
                data: dict[str, Any] | None = None) -> set[str]:
    """Ids of the replica articles a crawl should export."""
    excluded = set(features_excluded)
    return {str(a["id"]) for a in (data or content())["article"]
            if not excluded & set(a.get("features", []))}
