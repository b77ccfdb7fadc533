"""Fault injection for crawl tests: a hostile copy of the replica, a broken start, running unprivileged."""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from rtnews.replica.server import DEFAULT_SITE_DIR
from rtnews.urls import UrlKind, classify_url
from tests.crawling import content

SITE = "https://arabic.rt.com"
FORMULA = "=1+1 "
DEEP_JSONLD = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "x", "hostile": '
               + "[" * 50_000 + "]" * 50_000 + "}</script>")


@dataclass(frozen=True)
class HostileSite:
    """A copy of the replica with the article losses of issue 10, point 7 (and a formula title)."""

    path: Path
    deep_jsonld_id: str
    """An article whose page carries JSON-LD nested 50,000 levels deep before its real one."""
    loop_id: str
    """An article whose page redirects to its AMP page, which redirects back."""
    long_url: str
    """An article link longer than Scrapy's 2,083 characters (on the deep JSON-LD page)."""
    formula_id: str
    formula_title: str
    """The title of that article, starting with a spreadsheet formula."""


def ordinary_articles() -> list[dict[str, Any]]:
    return [a for a in content()["article"] if not a.get("features")]


def page_route(routes: dict[str, Any], article: dict[str, Any], amp: bool = False) -> str:
    prefix = f"/{article['section']}/{article['id']}-"
    return next(p for p, r in routes.items()
                if p.startswith(prefix) and p.endswith("/amp/") == amp and "file" in r)


def hostile_site(tmp: Path) -> HostileSite:
    site = tmp / "hostile-site"
    shutil.copytree(DEFAULT_SITE_DIR, site)
    routes = json.loads((site / "routes.json").read_text(encoding="utf-8"))
    deep, loop, formula = ordinary_articles()[:3]
    deep_page = site / routes[page_route(routes, deep)]["file"]
    long_url = f"{SITE}/world/1999999-{'%D8%B4' * 400}/"
    html = deep_page.read_text(encoding="utf-8")
    first_block = '<script type="application/ld+json">'
    html = html.replace(first_block, DEEP_JSONLD + first_block, 1)
    deep_page.write_text(html.replace("</body>", f'<p><a href="{long_url}">x</a></p></body>'),
                         encoding="utf-8")
    canonical, amp = page_route(routes, loop), page_route(routes, loop, amp=True)
    routes[canonical] = {"status": 301, "location": SITE + quote(amp)}
    routes[amp] = {"status": 301, "location": SITE + quote(canonical)}
    formula_page = site / routes[page_route(routes, formula)]["file"]
    formula_page.write_text(formula_page.read_text(encoding="utf-8").replace(
        formula["title"], FORMULA + formula["title"]), encoding="utf-8")
    (site / "routes.json").write_text(json.dumps(routes, ensure_ascii=False), encoding="utf-8")
    return HostileSite(site, str(deep["id"]), str(loop["id"]), long_url, str(formula["id"]),
                       FORMULA + formula["title"])


class HangAfterStory:
    """Extension (``-s EXTENSIONS=…``, ordered after the exports) that freezes the crawl for
    good once a story is written: the test then kills it, as a crash would."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> HangAfterStory:
        from scrapy import signals

        from rtnews.items import Story

        def hang(item: Any) -> None:
            if isinstance(item, Story):
                time.sleep(600)
        crawler.signals.connect(hang, signal=signals.item_scraped, weak=False)
        return cls()


def with_project(setting: str, **added: int) -> str:
    """A ``-s`` value adding components to the project's dict setting (not replacing it)."""
    import rtnews.settings

    return json.dumps({**getattr(rtnews.settings, setting), **added})


def article_routes(routes: dict[str, Any], ids: set[str]) -> set[str]:
    """The paths of the routes that are (or redirect to) the articles ``ids``."""
    return {p for p in routes
            if (info := classify_url(SITE + quote(p))).kind is UrlKind.ARTICLE and info.article_id in ids}


class BrokenStart:
    """Spider middleware (``-s SPIDER_MIDDLEWARES=…``) whose start fails: a ``start_error``."""

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        raise RuntimeError("injected fault in start()")
        yield  # an async generator


PR_CAPBSET_DROP, CAP_DAC_OVERRIDE = 24, 1


def without_dac_override() -> None:
    """In a child process before exec: drop the capability that lets root ignore file modes
    (from the bounding set, so that the exec'd program does not get it back)."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) refused")


def unprivileged() -> Callable[[], None] | str | None:
    """How to run a crawl so that file modes apply to it.

    Not root: nothing to do (None). Root: a ``preexec_fn`` dropping ``CAP_DAC_OVERRIDE``
    (root without it is refused writes that the file modes refuse), when the system
    allows it; otherwise a reason to skip."""
    if os.geteuid() != 0:
        return None
    probe = Path(tempfile.mkdtemp(prefix="rtnews-probe-"))
    try:
        (probe / "f").write_text("x")
        (probe / "f").chmod(0o444)
        code = "open(__import__('sys').argv[1], 'a')"
        try:
            result = subprocess.run([sys.executable, "-c", code, str(probe / "f")],
                                    preexec_fn=without_dac_override, capture_output=True)
        except subprocess.SubprocessError:
            return "running as root and the capability to ignore file modes cannot be dropped"
        if result.returncode == 0:
            return "running as root and file modes do not stop writes even without CAP_DAC_OVERRIDE"
        return without_dac_override
    finally:
        shutil.rmtree(probe, ignore_errors=True)


@contextmanager
def world_writable_tmp() -> Iterator[Path]:
    """A scratch folder in the system temp folder that any user may enter and write."""
    path = Path(tempfile.mkdtemp(prefix="rtnews-test-"))
    path.chmod(0o777)
    try:
        yield path
    finally:
        for sub in [path, *path.rglob("*")]:
            if sub.is_dir() and not sub.is_symlink():
                sub.chmod(0o777)
        shutil.rmtree(path, ignore_errors=True)
