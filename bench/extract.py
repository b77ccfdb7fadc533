"""Benchmark runs (d) and (x): one extractor in-process over the replica's article files.

``python bench/extract.py --engine trafilatura|rtnews --site DIR --out result.json``
reads every article file listed in ``DIR/pages.tsv`` and times, with
``time.process_time`` around each call only (file reading excluded):

- ``trafilatura``: ``trafilatura.extract(html)``;
- ``rtnews``: ``ArticlePage(url, html).extract()`` then ``rtnews.pipelines.clean_article``.

``--profile FILE`` also writes the top functions of a cProfile run over the same pages.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path


def rtnews_extractor() -> Callable[[str, str], bool]:
    from rtnews.pages.article import ArticlePage
    from rtnews.pipelines import clean_article

    now = datetime.now(UTC)

    def run(url: str, html: str) -> bool:
        article = ArticlePage(url, html).extract().article
        return article is not None and bool(clean_article(article, now).body)
    return run


def trafilatura_extractor() -> Callable[[str, str], bool]:
    import trafilatura

    def run(url: str, html: str) -> bool:
        return bool(trafilatura.extract(html))
    return run


ENGINES = {"rtnews": rtnews_extractor, "trafilatura": trafilatura_extractor}


def load_pages(site: Path, limit: int | None) -> list[tuple[str, Path]]:
    rows = []
    with open(site / "pages.tsv", encoding="utf-8") as f:
        for line in f:
            url, _, name = line.rstrip("\n").split("\t")
            rows.append((url, site / name))
    return rows[:limit] if limit else rows


def timed(run: Callable[[str, str], bool], pages: list[tuple[str, Path]]) -> tuple[float, int]:
    spent, ok = 0.0, 0
    for url, path in pages:
        html = path.read_text(encoding="utf-8")
        start = time.process_time()
        ok += run(url, html)
        spent += time.process_time() - start
    return spent, ok


def profile(run: Callable[[str, str], bool], pages: list[tuple[str, Path]], top: int = 25) -> str:
    htmls = [(url, path.read_text(encoding="utf-8")) for url, path in pages]
    profiler = cProfile.Profile()
    profiler.enable()
    for url, html in htmls:
        run(url, html)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=sorted(ENGINES), required=True)
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--limit", type=int, help="only the first N pages")
    parser.add_argument("--profile", type=Path, help="write a cProfile summary here")
    args = parser.parse_args(argv)
    pages = load_pages(args.site, args.limit)
    run = ENGINES[args.engine]()
    run(*pages[0][:1], pages[0][1].read_text(encoding="utf-8"))  # imports and caches warm
    spent, ok = timed(run, pages)
    result = {"engine": args.engine, "pages": len(pages), "extracted": ok,
              "process_s": round(spent, 3), "ms_per_page": round(1000 * spent / len(pages), 3)}
    args.out.write_text(json.dumps(result) + "\n", encoding="utf-8")
    if args.profile:
        args.profile.write_text(profile(run, pages[:500]), encoding="utf-8")


if __name__ == "__main__":
    main()
