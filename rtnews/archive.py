"""Raw-page archive of a crawl: every HTTP exchange to WARC files under the data directory.

``WarcArchive`` is a downloader middleware rather than an extension on
``response_received``: placed just below ``DownloaderStats`` (850) it sees every
response the downloader got, as received (before decompression, redirects and
retries are handled), including robots.txt, redirects, error and challenge pages,
and the request exactly as sent (User-Agent, Accept-Encoding). So the archive
replays redirects, and its response records equal ``downloader/response_count``.
The signal sees only what reaches the spider, after redirects were followed.

Records (see ``rtnews.warc``) keep the URL actually fetched (a replica's
``http://127.0.0.1:…`` URL on a replica crawl); the metadata record carries
``canonical-url`` (the page's URL on ``https://arabic.rt.com``), ``url-class``
(``rtnews.urls.classify_url``), ``run-id``, ``site`` (the crawl's base URL) and the
feed or sitemap date the spider had for an article (``date-hint``), so
``rtnews reextract`` extracts exactly what the crawl extracted. Files are
``<RTNEWS_ARCHIVE_DIR>/rtnews-<run id>-<n>.warc.gz`` (default ``<RTNEWS_DATA_DIR>/warc/``),
a new one past ``RTNEWS_ARCHIVE_MAX_BYTES``. When the spider opens, files that a killed
crawl left open are repaired first. A crawl with ``RTNEWS_EXPORTS`` off (which writes
nothing per run: the debugging commands, ``-O`` feeds only) archives nothing either.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from rtnews import urls
from rtnews.runid import run_id
from rtnews.warc import (
    DEFAULT_GZIP_LEVEL,
    DEFAULT_MAX_BYTES,
    Exchange,
    WarcFileWriter,
    repair_open_files,
)

logger = logging.getLogger(__name__)
# Request meta the spider sets for an article and the page objects read.
HINT_KEYS = (("date_hint", "date-hint"), ("date_hint_source", "date-hint-source"))


def archive_dir(settings: Any) -> Path:
    """``RTNEWS_ARCHIVE_DIR``, or ``warc/`` in the data directory (relative to the working directory)."""
    configured = settings.get("RTNEWS_ARCHIVE_DIR") or ""
    if configured:
        return Path(configured).expanduser().resolve()
    return Path(settings.get("RTNEWS_DATA_DIR") or "data").expanduser().resolve() / "warc"


def canonical_url(url: str, info: urls.UrlInfo, site: str) -> str:
    """The page's URL on https://arabic.rt.com: the canonical article URL for an article,
    the same path on the site for other pages of the crawled site; other URLs as they are.

    >>> canonical_url("http://127.0.0.1:8000/sport/", urls.UrlInfo(urls.UrlKind.SECTION),
    ...               "http://127.0.0.1:8000")
    'https://arabic.rt.com/sport/'
    """
    if info.kind is urls.UrlKind.ARTICLE:
        return urls.canonical_article_url(url, urls.SITE) or url
    parts = urlsplit(url)
    if parts.netloc == urlsplit(site).netloc or (parts.hostname or "") in urls.ALT_HOSTS:
        return urls.SITE + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return url


def page_metadata(url: str, site: str, run: str, meta: dict[str, Any]) -> dict[str, str]:
    """The fields of an exchange's metadata record."""
    info = urls.classify_url(url, hosts={urlsplit(url).netloc, urlsplit(site).netloc})
    fields = {"run-id": run, "url-class": info.kind.value,
              "canonical-url": canonical_url(url, info, site), "site": site}
    for key, name in HINT_KEYS:
        if meta.get(key):
            fields[name] = str(meta[key])
    if meta.get("download_latency") is not None:
        fields["download-latency"] = f"{float(meta['download_latency']):.3f}"
    return fields


def exchange_of(request: Request, response: Response, metadata: dict[str, str]) -> Exchange:
    """A Scrapy request and its response as an ``Exchange`` (bytes as sent and received)."""
    return Exchange(
        url=response.url, status=response.status,
        response_headers=[(k, v) for k, values in response.headers.items() for v in values],
        body=response.body, fetched_at=datetime.now(UTC),
        request_headers=[(k, v) for k, values in request.headers.items() for v in values],
        method=request.method, request_body=request.body, protocol=response.protocol or "HTTP/1.1",
        ip_address=str(response.ip_address) if response.ip_address else None, metadata=metadata)


class WarcArchive:
    """Downloader middleware writing each response with its request to WARC files."""

    def __init__(self, writer: WarcFileWriter, run: str, site: str, stats: Any) -> None:
        self.writer = writer
        self.run = run
        self.site = site.rstrip("/")
        self.stats = stats
        self.failed = False

    @classmethod
    def from_crawler(cls, crawler: Any) -> WarcArchive:
        settings = crawler.settings
        if not settings.getbool("RTNEWS_ARCHIVE", True):
            raise NotConfigured("RTNEWS_ARCHIVE is off")
        if not settings.getbool("RTNEWS_EXPORTS", True):
            raise NotConfigured("RTNEWS_EXPORTS is off: nothing is written per run")
        run = run_id(crawler)
        site = settings.get("RTNEWS_BASE_URL") or urls.SITE
        writer = WarcFileWriter(
            archive_dir(settings), f"rtnews-{run}",
            max_bytes=settings.getint("RTNEWS_ARCHIVE_MAX_BYTES", DEFAULT_MAX_BYTES),
            level=settings.getint("RTNEWS_ARCHIVE_GZIP_LEVEL", DEFAULT_GZIP_LEVEL),
            info={"run-id": run, "isPartOf": f"rtnews-{run}", "robots": "obey" if
                  settings.getbool("ROBOTSTXT_OBEY") else "ignore",
                  "http-header-user-agent": settings.get("USER_AGENT") or "", "site": site})
        archive = cls(writer, run, site, crawler.stats)
        crawler.signals.connect(archive.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(archive.spider_closed, signal=signals.spider_closed)
        return archive

    def spider_opened(self) -> None:
        """Repair what killed crawls left, before this crawl writes anything."""
        if not self.writer.directory.is_dir():
            return
        for repaired in repair_open_files(self.writer.directory):
            self.stats.inc_value("rtnews/archive/repaired_files")
            logger.warning("Repaired WARC file %s left open by a killed crawl: %d whole records kept,"
                           " %d bytes of a torn record cut", repaired.path, repaired.records,
                           repaired.cut_bytes)

    def process_response(self, request: Request, response: Response) -> Response:
        if not self.failed:
            self.archive(request, response)
        return response

    def archive(self, request: Request, response: Response) -> None:
        metadata = page_metadata(response.url, self.site, self.run, request.meta)
        try:
            written = self.writer.write(exchange_of(request, response, metadata))
        except OSError as exc:
            # The crawl goes on without its archive; the log and the stats say so.
            self.failed = True
            self.stats.inc_value("rtnews/archive/write_errors")
            logger.error("WARC archive stopped: cannot write to %s (%s)", self.writer.directory, exc)
            return
        except Exception as exc:  # a response the WARC library refuses: skip it, say so
            self.stats.inc_value("rtnews/archive/unarchived")
            logger.error("Response not archived: %s (%s: %s)", response.url, type(exc).__name__, exc)
            return
        self.stats.inc_value("rtnews/archive/responses")
        self.stats.inc_value("rtnews/archive/bytes", written)
        # Counted as files open, not as they close: run_<id>.json is written before they close.
        self.stats.set_value("rtnews/archive/files", self.writer.files_opened)

    def spider_closed(self) -> None:
        try:
            self.writer.close()
        except OSError as exc:
            self.stats.inc_value("rtnews/archive/write_errors")
            logger.error("WARC archive: cannot close %s (%s)", self.writer.path, exc)
        files = self.writer.closed_paths
        if files:
            logger.info("Archived %s responses in %d WARC files under %s",
                        self.stats.get_value("rtnews/archive/responses", 0), len(files),
                        self.writer.directory)
