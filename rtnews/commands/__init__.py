"""The project's ``scrapy`` commands (``COMMANDS_MODULE``): Scrapy's own, made safe for a dataset.

- ``crawl`` exits with the run's status (``rtnews.outcome``: 0 ok, 3 bad argument, 5 state
  error, 6 output error, 7 failed checks, 75 already running …), so cron and scrapyd
  see a failed run, and keeps stories out of CSV feeds (``-O items.csv`` holds articles
  with the article columns);
- ``parse``, ``shell``, ``check``, ``fetch``, ``view`` and ``bench`` are debugging commands: they
  run with the project's extensions and the archive off, so they never write dataset
  files, reports, WARC files or the state, and never take the crawl lock.
"""

from __future__ import annotations

from typing import Any


def without_project_extensions(settings: Any) -> None:
    """Turn off every ``rtnews`` extension, the dataset exports and the raw-page archive
    for this command: nothing of it lands in the data directory."""
    extensions = {name: None if str(name).startswith("rtnews.") else order
                  for name, order in settings.getdict("EXTENSIONS").items()}
    settings.set("EXTENSIONS", extensions, priority="cmdline")
    settings.set("RTNEWS_EXPORTS", False, priority="cmdline")
    settings.set("RTNEWS_ARCHIVE", False, priority="cmdline")
