"""HTTP server of the offline arabic.rt.com replica (127.0.0.1 only).

It serves the files named by ``routes.json`` and rewrites the origin
``https://arabic.rt.com`` in every body to its own origin, so absolute links stay
inside the replica. Paths match whether percent-encoded or not, query strings are
ignored (as the real site ignores ``utm_*``), unknown paths get a 404 page, and
``fail_once`` paths answer one 500 before they succeed (to exercise retries).
The same server replays WARC files instead (``rtnews.replica.warcsource``).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote, unquote, urlsplit

from rtnews.replica.templates import NOT_FOUND_HTML, SITE
from rtnews.urls import UrlKind, classify_url

DEFAULT_SITE_DIR = Path(__file__).parent / "site"
HTML = "text/html; charset=utf-8"


class Replica:
    """The replica's content: routes and files of one site folder."""

    def __init__(self, site_dir: Path = DEFAULT_SITE_DIR, fail_once: Iterable[str] = ()) -> None:
        self.site_dir = Path(site_dir)
        self.routes: dict[str, dict] = json.loads(
            (self.site_dir / "routes.json").read_text(encoding="utf-8"))
        self._fail_once = {unquote(p) for p in fail_once}
        self.by_id = {info.article_id: path for path, info in
                      ((p, classify_url(SITE + quote(p))) for p, r in self.routes.items()
                       if "file" in r and not p.endswith("/amp/"))
                      if info.kind is UrlKind.ARTICLE and info.article_id}
        self._lock = threading.Lock()
        self.hits: dict[str, int] = {}

    def should_fail(self, path: str) -> bool:
        with self._lock:
            self.hits[path] = self.hits.get(path, 0) + 1
            if path in self._fail_once:
                self._fail_once.discard(path)
                return True
        return False

    def lookup(self, raw_path: str) -> dict | None:
        """The route of a path; an article path with another slug redirects to the
        article (the id identifies an article, the slug is decoration)."""
        path = unquote(urlsplit(raw_path).path)
        route = self.routes.get(path)
        if route is None:
            info = classify_url(SITE + quote(path))
            if info.kind is UrlKind.ARTICLE and info.article_id in self.by_id:
                return {"status": 301, "location": SITE + quote(self.by_id[info.article_id])}
        return route

    def answer(self, raw_path: str, origin: str) -> Answer:
        path = unquote(urlsplit(raw_path).path)
        if self.should_fail(path):
            return Answer(500, b"<h1>500 Internal Server Error</h1>", HTML)
        route = self.lookup(raw_path)
        if route is None:
            return Answer(404, NOT_FOUND_HTML.encode(), HTML)
        if "location" in route:
            location = rewrite(route["location"].encode(), origin).decode()
            return Answer(route["status"], b"", HTML, {"Location": location})
        body = (self.site_dir / route["file"]).read_bytes()
        return Answer(route["status"], rewrite(body, origin), route["type"])


@dataclass(frozen=True, slots=True)
class Answer:
    """What the server sends for one request."""

    status: int
    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)


class Source(Protocol):
    """Where the server's answers come from: the replica's files, or a WARC replay."""

    def answer(self, raw_path: str, origin: str) -> Answer: ...


def rewrite(body: bytes, origin: str) -> bytes:
    return body.replace(SITE.encode(), origin.encode())


def make_handler(source: Source, quiet: bool = True) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "rtnews-replica/1"

        def origin(self) -> str:
            return base_url(self.server)

        def send(self, status: int, body: bytes, ctype: str, extra: dict | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_GET(self) -> None:
            answer = source.answer(self.path, self.origin())
            self.send(answer.status, answer.body, answer.content_type, answer.headers)

        do_HEAD = do_GET

        def log_message(self, format: str, *args: object) -> None:
            if not quiet:
                super().log_message(format, *args)

    return Handler


def make_server(port: int = 0, site_dir: Path = DEFAULT_SITE_DIR, fail_once: Iterable[str] = (),
                quiet: bool = True, source: Source | None = None) -> tuple[ThreadingHTTPServer, Source]:
    """The server of the replica in ``site_dir``, or of another ``source`` (a WARC replay)."""
    source = source if source is not None else Replica(site_dir, fail_once)
    server = ThreadingHTTPServer(("127.0.0.1", port), make_handler(source, quiet))
    server.daemon_threads = True
    return server, source


def base_url(server: Any) -> str:
    host, port = server.server_address[:2]
    return f"http://{host if isinstance(host, str) else host.decode()}:{port}"
