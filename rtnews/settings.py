"""Scrapy settings of rtnews: polite live-site defaults, pipelines and dataset exports."""

BOT_NAME = "rtnews"
SPIDER_MODULES = ["rtnews.spiders"]
NEWSPIDER_MODULE = "rtnews.spiders"

# --- the site and the dataset -------------------------------------------------------
RTNEWS_BASE_URL = "https://arabic.rt.com"
# Where the dataset files go; relative paths are resolved against the working directory.
RTNEWS_DATA_DIR = "data"
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
RTNEWS_STATE = ""
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
    "rtnews.exports.DatasetExports": 500,
    # After the exports, so the state closes last; pipelines and the spider look it up.
    "rtnews.crawlstate.CrawlState": 600,
}
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORTERS = {"csv": "rtnews.exports.JsonCellCsvItemExporter"}

LOG_LEVEL = "INFO"
