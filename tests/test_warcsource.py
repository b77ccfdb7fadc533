"""Replay: WARC records served by path, origins rewritten, the newest record of a path winning."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from pathlib import Path

from rtnews.replica.server import base_url, make_server
from rtnews.replica.warcsource import WarcSource
from rtnews.warc import write_warc
from tests.test_warc import exchange

OLD = "http://127.0.0.1:8123"


def fetch(url: str) -> tuple[int, str, dict[str, str]]:
    opener = urllib.request.build_opener(NoRedirects)
    try:
        with opener.open(url, timeout=10) as answer:
            return answer.status, answer.read().decode(), dict(answer.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def test_replay_serves_archived_pages_by_path(tmp_path: Path) -> None:
    page = f'<a href="{OLD}/world/2-y/">x</a> <a href="https://arabic.rt.com/sport/">s</a>'.encode()
    path = write_warc(tmp_path / "a.warc.gz", [
        exchange("/world/1-x/", status=500, body=b"oops"),
        exchange("/world/1-x/", body=page, site=OLD),
        exchange("/news/1/", status=301, body=b"", headers=[(b"Location", f"{OLD}/world/1-x/".encode())]),
        exchange("/world/2-y/", body=b"<p>2</p>"),
    ])
    server, _ = make_server(0, source=WarcSource([path]))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = base_url(server)
        status, body, headers = fetch(url + "/world/1-x/?utm_source=rss")
        assert status == 200 and headers["Content-Type"].startswith("text/html")  # the last record wins
        assert f'href="{url}/world/2-y/"' in body and f'href="{url}/sport/"' in body
        status, _, headers = fetch(url + "/news/1/")
        assert status == 301 and headers["Location"] == f"{url}/world/1-x/"
        status, _, headers = fetch(url + "/news/2/")  # not archived, but its article is
        assert status == 301 and headers["Location"] == f"{url}/world/2-y/"
        status, body, _ = fetch(url + "/world/3-z/")
        assert status == 404 and "404" in body
    finally:
        server.shutdown()
        server.server_close()
