"""Scrapy settings of rtnews: polite live-site defaults, pipelines and dataset exports."""

import os

BOT_NAME = "rtnews"
SPIDER_MODULES = ["rtnews.spiders"]
NEWSPIDER_MODULE = "rtnews.spiders"

# --- the site and the dataset -------------------------------------------------------
RTNEWS_BASE_URL = "https://arabic.rt.com"
# Where the dataset files go; relative paths are resolved against the working directory.
# The environment variable of the same name sets the default (scrapyd: use absolute paths).
RTNEWS_DATA_DIR = os.environ.get("RTNEWS_DATA_DIR") or "data"
# Write data/articles_<time>.{csv,json,jsonl} and data/stories_<time>.{csv,jsonl}.
RTNEWS_EXPORTS = True
# Section index pages crawled as start points (the URL slugs of the site's sections).
RTNEWS_SECTIONS = [
    "world", "middle_east", "russia", "business", "sport", "technology", "space", "health",
    "society", "culture", "funny", "press", "features", "photolines", "videoclub",
]
# Section feeds /rss/<section>/ read besides the main feed /rss/.
RTNEWS_FEED_SECTIONS = ["world", "middle_east", "sport", "business"]
# State across runs (SQLite): exported article hashes, failures, stories, open runs.
# Empty means <RTNEWS_DATA_DIR>/state.sqlite. Delete the file to start over.
# The environment variable of the same name sets the default.
RTNEWS_STATE = os.environ.get("RTNEWS_STATE") or ""
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
EXTENSIONS = {
    # Before the exports, so story coverage is in the stats they write; its store closes
    # when the engine stops, after the exports closed their run.
    "rtnews.crawlstate.CrawlState": 400,
    # Before the exports: a failed check changes the finish reason they record.
    "rtnews.report.RunReport": 450,
    "rtnews.exports.DatasetExports": 500,
    # Its lock is released when the engine stops, after the crawl state closed its store.
    "rtnews.lock.CrawlLock": 700,
}
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORTERS = {"csv": "rtnews.exports.JsonCellCsvItemExporter"}

LOG_LEVEL = "INFO"

# --- raw-page archive (rtnews.archive): every response and its request to WARC files ---
RTNEWS_ARCHIVE = True
# Empty means <RTNEWS_DATA_DIR>/warc.
RTNEWS_ARCHIVE_DIR = ""
# A run's current file is closed and a new one started past this size.
RTNEWS_ARCHIVE_MAX_BYTES = 1_000_000_000
# gzip level of each record (1 fastest … 9 smallest); see docs/benchmarks.md, "Archive".
RTNEWS_ARCHIVE_GZIP_LEVEL = 3
DOWNLOADER_MIDDLEWARES = {
    # Just below DownloaderStats (850): sees each response as received, redirects included.
    "rtnews.archive.WarcArchive": 800,
}

# --- run report (rtnews.report): a run below these is marked failed_checks ------------
# Share of article pages with a body / a publication date.
RTNEWS_REPORT_MIN_BODY_COVERAGE = 0.95
RTNEWS_REPORT_MIN_DATE_COVERAGE = 0.90
# Share of article requests answered with an anti-bot challenge page.
RTNEWS_REPORT_MAX_CHALLENGE_SHARE = 0.05
# Articles a full run (no urls/max_articles/since/until/sections) must find.
RTNEWS_REPORT_MIN_ARTICLES = 1
