"""The replica server: routes, content types, origin rewriting, 404s, redirects, injected 500s."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from rtnews.replica.server import DEFAULT_SITE_DIR, base_url, make_server

ROUTES = json.loads((DEFAULT_SITE_DIR / "routes.json").read_text(encoding="utf-8"))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    url = quote(url, safe=":/?&=%")
    try:
        with OPENER.open(url, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


@pytest.fixture(scope="module")
def flaky() -> Iterator[str]:
    server, _ = make_server(0, fail_once=["/rss/"])
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield base_url(server)
    server.shutdown()
    server.server_close()


def first_route(predicate) -> str:  # type: ignore[no-untyped-def]
    return next(path for path, r in sorted(ROUTES.items()) if predicate(path, r))


def test_links_are_rewritten_to_the_replica_origin(replica_url: str) -> None:
    status, headers, body = get(replica_url + "/")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"https://arabic.rt.com" not in body
    assert replica_url.encode() + b"/" in body


def test_feeds_and_sitemaps_have_xml_types(replica_url: str) -> None:
    assert get(replica_url + "/rss/")[1]["Content-Type"].startswith("application/rss+xml")
    assert get(replica_url + "/sitemap.xml")[1]["Content-Type"].startswith("application/xml")
    assert get(replica_url + "/robots.txt")[1]["Content-Type"].startswith("text/plain")


def test_windows_1256_page_is_labelled_so(replica_url: str) -> None:
    path = first_route(lambda p, r: "windows-1256" in r.get("type", ""))
    status, headers, body = get(replica_url + path)
    assert status == 200 and headers["Content-Type"] == "text/html; charset=windows-1256"
    assert "الم".encode("cp1256") in body


def test_missing_path_is_404(replica_url: str) -> None:
    assert get(replica_url + "/no/such/page/")[0] == 404


def test_short_link_redirects_to_the_article(replica_url: str) -> None:
    path = first_route(lambda p, r: p.startswith("/news/") and "location" in r)
    status, headers, _ = get(replica_url + path)
    assert status == 301
    assert headers["Location"].startswith(replica_url + "/")


def test_percent_encoded_and_raw_paths_both_match(replica_url: str) -> None:
    path = first_route(lambda p, r: r.get("status") == 200 and any(ord(c) > 127 for c in p))
    assert get(replica_url + quote(path))[0] == 200
    assert get(replica_url + quote(path) + "?utm_source=rss")[0] == 200


def test_fail_once_answers_500_then_succeeds(flaky: str) -> None:
    assert get(flaky + "/rss/")[0] == 500
    assert get(flaky + "/rss/")[0] == 200


def test_article_path_with_another_slug_redirects_to_the_article(replica_url: str) -> None:
    path = first_route(lambda p, r: p.startswith("/world/1") and p.count("/") == 3 and "file" in r)
    article_id = path.split("/")[2].split("-")[0]
    status, headers, _ = get(f"{replica_url}/world/{article_id}-other-slug/")
    assert status == 301
    assert headers["Location"] == replica_url + quote(path)
