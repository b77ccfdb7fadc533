"""Replay: the replica server answering from WARC files, so an archive or a capture becomes a site.

``python -m rtnews.replica --warc FILE_OR_FOLDER... --port 0`` serves, for each path,
the response archived for it (status, content type, body; a redirect's ``Location``),
keyed by decoded path and query whatever host the page was fetched from. When a path
was archived more than once (retries, several runs) the last record wins. Bodies come
back without their ``Content-Encoding``, with the origins they were fetched from (a
replica's ``http://127.0.0.1:…``, the ``site`` of the metadata records) and
``https://arabic.rt.com`` rewritten to the replay server's own origin, as the replica
server does, so links stay inside the replay. An article path that was not archived but
whose article was, under another path (the short ``/news/<id>/`` form, another slug),
is redirected there, as the site and the replica do: which form a crawl met first
depends on timing. Other paths never archived get the 404 page.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from rtnews.replica.server import HTML, Answer
from rtnews.replica.templates import NOT_FOUND_HTML, SITE
from rtnews.urls import UrlKind, classify_url
from rtnews.warc import WarcReadError, read_one, read_responses, url_key, warc_files

logger = logging.getLogger(__name__)


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def rewrite_origins(body: bytes, origins: Iterable[str], target: str) -> bytes:
    """``body`` with each of ``origins`` replaced by ``target`` (longest first, so that
    ``http://h:80`` is not cut inside ``http://h:8000``).

    >>> rewrite_origins(b'<a href="http://127.0.0.1:41/x/">', ["http://127.0.0.1:41"], "http://h:9")
    b'<a href="http://h:9/x/">'
    """
    for found in sorted(set(origins), key=len, reverse=True):
        if found and found != target:
            body = body.replace(found.encode(), target.encode())
    return body


class WarcSource:
    """An index of archived responses by ``url_key``, read back on each request."""

    def __init__(self, paths: Iterable[Path]) -> None:
        self.index: dict[str, tuple[Path, int]] = {}
        self.articles: dict[str, str] = {}  # article id -> path of its archived page
        self.origins: set[str] = {SITE}
        self.files = warc_files(paths)
        for path in self.files:
            self.add(path)

    def add(self, path: Path) -> None:
        try:
            for response in read_responses(path):
                self.index[url_key(response.url)] = (path, response.offset)
                self.origins.update({origin_of(response.url), response.metadata.get("site", "")})
                info = classify_url(response.url, hosts={urlsplit(response.url).netloc})
                if response.status == 200 and info.kind is UrlKind.ARTICLE and info.article_id:
                    self.articles[info.article_id] = urlsplit(response.url).path
        except WarcReadError as exc:
            logger.warning("Replaying what could be read of %s: %s", path, exc)

    def find(self, raw_path: str) -> tuple[Path, int] | None:
        key = url_key(raw_path)
        return self.index.get(key) or self.index.get(key.partition("?")[0])

    def answer(self, raw_path: str, origin: str) -> Answer:
        found = self.find(raw_path)
        if found is None:
            info = classify_url(origin + raw_path, hosts={urlsplit(origin).netloc})
            if info.kind is UrlKind.ARTICLE and info.article_id in self.articles:
                return Answer(301, b"", HTML, {"Location": origin + self.articles[info.article_id]})
            return Answer(404, NOT_FOUND_HTML.encode(), HTML)
        response = read_one(*found)
        headers = {}
        location = response.header("Location")
        if location:
            headers["Location"] = rewrite_origins(location.encode(), self.origins, origin).decode()
        body = rewrite_origins(response.body, self.origins, origin)
        return Answer(response.status, body, response.header("Content-Type") or "application/octet-stream",
                      headers)
