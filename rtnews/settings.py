"""Scrapy settings of rtnews: polite live-site defaults, pipelines and dataset exports."""

import os

BOT_NAME = "rtnews"
SPIDER_MODULES = ["rtnews.spiders"]
NEWSPIDER_MODULE = "rtnews.spiders"

# --- the site and the dataset -------------------------------------------------------
# The environment variable of the same name sets the default (the base_url argument wins).
RTNEWS_BASE_URL = os.environ.get("RTNEWS_BASE_URL") or "https://arabic.rt.com"
# Where the dataset files go; relative paths are resolved against the working directory.
# The environment variable of the same name sets the default (scrapyd: use absolute paths).
RTNEWS_DATA_DIR = os.environ.get("RTNEWS_DATA_DIR") or "data"
# Write data/articles_<run id>.{jsonl,csv,json}, data/stories_<run id>.{jsonl,csv} and the
# run report. Off: no file in the data directory, and the state is only read, never written.
RTNEWS_EXPORTS = True
# Section index pages crawled as start points (the URL slugs of the site's sections).
# Every section of the real feed of 26 May 2026 is here (rt-site.md §8); articles of a
# section missing from this list are still crawled (any /<section>/<id>-<slug>/ is one).
RTNEWS_SECTIONS = [
    "world", "middle_east", "russia", "business", "sport", "technology", "space", "health",
    "society", "culture", "funny", "press", "features", "photolines", "videoclub", "it",
    "car", "prg",
]
# Section feeds /rss/<section>/ read besides the main feed /rss/.
RTNEWS_FEED_SECTIONS = ["world", "middle_east", "sport", "business"]
# State across runs (SQLite): exported article hashes, failures, stories, open runs.
# Empty means <RTNEWS_DATA_DIR>/state.sqlite. Delete the file to start over.
# The environment variable of the same name sets the default.
RTNEWS_STATE = os.environ.get("RTNEWS_STATE") or ""
# Download cap of sitemaps and feeds: the sitemap protocol allows 50 MB a file, over the
# 10 MB page cap below. A sitemap over it is an ERROR and fails the run.
RTNEWS_SITEMAP_MAXSIZE = 50 * 1024 * 1024
# Article requests the crawl keeps queued in Scrapy's scheduler at most (about): the
# sitemap parts' links wait in the frontier (rtnews.frontier), so memory stays flat.
RTNEWS_PENDING_ARTICLES = 1024
# Re-fetch articles published in the last N days to catch edits (0: never).
RTNEWS_REFETCH_DAYS = 0
# Crawling a replica on 127.0.0.1 needs no politeness: drop delays there.
RTNEWS_LOCAL_FAST = True

# --- politeness on the live site ------------------------------------------------------
ROBOTSTXT_OBEY = True
USER_AGENT = (
    "rtnews/0.1 (research crawler building an Arabic news dataset of arabic.rt.com; "
    "+https://pypi.org/project/scrapy/)"
)
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30
# Scrapy starts this many asyncio workers for the output of every response (default 100,
# about 0.5 ms of CPU per page here). A page yields one item and a few requests and the
# pipelines are synchronous, so more workers run nothing in parallel.
CONCURRENT_ITEMS = 8
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_TIMES = 3
COOKIES_ENABLED = False

# --- nothing listening on ports we did not ask for -------------------------------------
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

# --- items -------------------------------------------------------------------------------
ITEM_PIPELINES = {
    "rtnews.pipelines.CleanTextPipeline": 100,
    "rtnews.pipelines.QualityGatePipeline": 200,
    "rtnews.pipelines.DedupePipeline": 300,
}
# Signal handlers run in this order (spider_opened, spider_closed and engine_stopped alike).
EXTENSIONS = {
    # First: a second crawl on the same state stops before anything else touches it. The
    # lock is released last (its engine_stopped handler is connected when it is taken).
    "rtnews.lock.CrawlLock": 100,
    # Checks the run before the exports write run_<run id>.json (a failed check changes the
    # finish reason), and keeps its outcome in the state before the state closes.
    "rtnews.report.RunReport": 350,
    # Opens the state and the run's files before the first request (preflight); counts
    # story coverage before the exports write the stats.
    "rtnews.crawlstate.CrawlState": 400,
    "rtnews.exports.DatasetExports": 500,
}
SPIDER_MIDDLEWARES = {
    # A run that cannot start (lock held, state or data dir unusable) closes before its
    # first start request, through Scrapy's normal closing path.
    "rtnews.startgate.StartGate": 20,
    # Before HttpErrorMiddleware (50) drops the 404 of a section index page.
    "rtnews.sectioncheck.MissingSections": 45,
    # Before UrlLengthMiddleware (800) drops an article URL that is too long.
    "rtnews.losses.ArticleLosses": 850,
}
DOWNLOADER_MIDDLEWARES = {
    # First to see each request leave the scheduler (counts queued article requests).
    "rtnews.progress.Progress": 10,
    # Just below DownloaderStats (850): sees each response as received, redirects included
    # (the raw-page archive, settings RTNEWS_ARCHIVE* below).
    "rtnews.archive.WarcArchive": 800,
}
# `scrapy crawl` exits non-zero when the run did not succeed; parse/shell/check/fetch/view/bench
# write no dataset file, report or state (rtnews.commands).
COMMANDS_MODULE = "rtnews.commands"
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORTERS = {"csv": "rtnews.exports.JsonCellCsvItemExporter"}
# One INFO line every this many seconds: articles exported, failed, queued; pages/min (0: off).
RTNEWS_PROGRESS_INTERVAL = 60.0

LOG_LEVEL = "INFO"

# --- raw-page archive (rtnews.archive): every response and its request to WARC files ---
RTNEWS_ARCHIVE = True
# Empty means <RTNEWS_DATA_DIR>/warc.
RTNEWS_ARCHIVE_DIR = ""
# A run's current file is closed and a new one started past this size.
RTNEWS_ARCHIVE_MAX_BYTES = 1_000_000_000
# gzip level of each record (1 fastest … 9 smallest); see docs/benchmarks.md, "Archive".
RTNEWS_ARCHIVE_GZIP_LEVEL = 3

# --- run report (rtnews.report): a run below these is marked failed_checks ------------
# Share of article pages with a body / a publication date.
RTNEWS_REPORT_MIN_BODY_COVERAGE = 0.95
RTNEWS_REPORT_MIN_DATE_COVERAGE = 0.90
# Share of article requests answered with an anti-bot challenge page.
RTNEWS_REPORT_MAX_CHALLENGE_SHARE = 0.05
# Share of article pages tried that failed (HTTP errors, redirect loops, URLs too long …).
RTNEWS_REPORT_MAX_FAILED_SHARE = 0.10
# Articles a full run (no urls/max_articles/since/until/sections) must find.
RTNEWS_REPORT_MIN_ARTICLES = 1
