"""``scrapy crawl`` that exits with the run's status and keeps stories out of CSV feeds.

Scrapy's ``crawl`` exits 0 whenever Scrapy itself ran, however the crawl ended. This one
sets the exit status from the run's outcome (``rtnews.outcome``: the run report's, or
the finish reason's when the report is off), so cron, scrapyd (whose runner calls
``scrapy.cmdline.execute``, hence this command) and ``python3 tasks.py crawl`` see a
failed run. CSV feeds given without ``item_classes`` (``-O items.csv``) get articles
only, with the article columns.
"""

from __future__ import annotations

import argparse
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from rtnews import outcome
from rtnews.exports import field_names
from rtnews.items import Article
from rtnews.report import RunReport

ARTICLE_CLASS = f"{Article.__module__}.{Article.__qualname__}"


def articles_only(feeds: dict[str, Any]) -> dict[str, Any]:
    """Feed options with every CSV feed that names no item classes limited to articles.

    >>> articles_only({"a.csv": {"format": "csv"}, "a.jl": {"format": "jsonlines"}})["a.csv"]["item_classes"]
    ['rtnews.items.Article']
    """
    result = {}
    for uri, options in feeds.items():
        options = dict(options or {})
        if options.get("format") == "csv" and not options.get("item_classes") \
                and not options.get("item_filter"):
            options["item_classes"] = [ARTICLE_CLASS]
            options.setdefault("fields", field_names(Article))
        result[uri] = options
    return result


def crawl_exit_code(crawler: Any) -> int:
    """The exit status of a finished crawl."""
    report = crawler.get_extension(RunReport) if getattr(crawler, "extensions", None) else None
    if report is not None and report.outcome is not None:
        return int(report.outcome.exit_code)
    reason = crawler.stats.get_value("finish_reason") if crawler.stats else None
    return outcome.exit_code(str(reason)) if reason else outcome.EXIT_ERROR


class Command(ScrapyCrawl):
    def short_desc(self) -> str:
        return "Run a spider of the current project; exit status says whether the run succeeded"

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        settings = self.settings
        assert settings is not None
        feeds = settings.getdict("FEEDS")
        if feeds:
            priority = settings.getpriority("FEEDS") or 0
            settings.set("FEEDS", articles_only(feeds), priority=max(priority, 40))

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("scrapy crawl takes exactly one spider name")
        assert self.crawler_process
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = outcome.EXIT_ERROR
        else:
            self.exitcode = crawl_exit_code(crawler)
