"""``rtnews capture``: real pages into small WARC files with a sidecar each, ready to become test cases.

    rtnews capture URL... [--out DIR]
    rtnews capture --feed N [--base-url URL] [--out DIR]

Each page is fetched once (redirects followed and archived too), politely: the
project's User-Agent, robots.txt obeyed, ``DOWNLOAD_DELAY`` between requests (none
for a replica on this machine). It is written as ``<case>.warc.gz`` (request, response
and metadata records, as the crawl archives them) and ``<case>.json``:

- ``url``, ``fetched_url``, ``site``, ``kind``, ``fetched_at``, ``status``, ``warc``;
- ``extractor_version`` (``rtnews.reextract.extractor_version``) of the code that ran;
- ``extracted``: the fields the page gave (article or story fields after cleaning, as
  exported, without ``crawled_at`` and other per-run values; for a feed its entries);
- ``expected``: at first a copy of ``extracted``. A person checks each value against
  the page in a browser, corrects the wrong ones and deletes what cannot be checked:
  ``tests/test_captured.py`` checks every field named there, one test per field.

Case names: ``article-<id>``, ``story-<id>``, ``feed-<path>``. An existing case is not
overwritten (its ``expected`` may hold reviewed values) unless ``--force``.
``--feed N`` captures the feed ``<base>/rss/``, its N newest items and the story pages
those articles link to. Article pages captured from a feed keep the item's date as
the crawl would (``date-hint``).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
import time
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import unquote, urljoin, urlsplit

from protego import Protego

from rtnews import settings, urls
from rtnews.archive import page_metadata
from rtnews.dates import parse_any, to_iso
from rtnews.pages.article import ArticlePage
from rtnews.pages.feeds import rss_entries, sitemap_entries
from rtnews.pipelines import CleanTextPipeline
from rtnews.reextract import ArticleFound, StoryFound, extractor_version, page_outcomes, text_response
from rtnews.warc import DECODERS, ArchivedResponse, Exchange, read_responses, write_warc

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
MAX_REDIRECTS = 5
# Values that differ from run to run, or follow from other fields: not part of a case.
NOT_CASE_FIELDS = frozenset({
    "crawled_at", "revision", "near_duplicate_of", "first_seen_at", "last_seen_at",
    "title_norm", "lead_norm", "body_norm", "content_hash", "simhash",
})
KINDS = ("article", "story", "feed", "sitemap")


class CaptureError(Exception):
    """A page that could not be captured; ``str()`` says why."""


# --- what a captured page gives: the fields a case records -------------------------------

def case_fields(response: ArchivedResponse) -> tuple[str, dict[str, Any]]:
    """(kind, fields) of an archived response, extracted and cleaned as the crawl does."""
    kind = response.metadata.get("url-class") or urls.classify_url(
        response.url, hosts={urlsplit(response.url).netloc}).kind.value
    if kind in ("feed", "sitemap"):
        return kind, feed_fields(kind, response.body)
    found = [o for o in page_outcomes(response) if isinstance(o, ArticleFound | StoryFound)]
    if not found:
        return kind, {}
    item = found[0].article if isinstance(found[0], ArticleFound) else found[0].story
    cleaned = CleanTextPipeline().process_item(item)
    return kind, {name: value for name, value in plain(cleaned).items() if name not in NOT_CASE_FIELDS}


def feed_fields(kind: str, body: bytes) -> dict[str, Any]:
    if kind == "feed":
        entries = rss_entries(body)
        return {"entries": [{"url": e.url, "published": e.published} for e in entries]}
    sort, entries = sitemap_entries(body)
    return {"sitemap_kind": sort, "entries": [
        {"url": e.url, "published": e.published, "lastmod": e.lastmod} for e in entries]}


def plain(item: Any) -> dict[str, Any]:
    """A dataclass item as JSON-ready values (nested images as objects)."""
    return json.loads(json.dumps(dataclasses.asdict(item), ensure_ascii=False))


def case_response(warc: Path, fetched_url: str) -> ArchivedResponse:
    """The response of a case's WARC file for its page (the last record for that URL)."""
    found = [r for r in read_responses(warc) if r.url == fetched_url]
    if not found:
        raise CaptureError(f"{warc} holds no response for {fetched_url}")
    return found[-1]


def load_case(sidecar: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """A case's sidecar, and the fields today's code extracts from the case's WARC file."""
    case = json.loads(sidecar.read_text(encoding="utf-8"))
    response = case_response(sidecar.parent / case["warc"], case["fetched_url"])
    return case, case_fields(response)[1]


# --- fetching -------------------------------------------------------------------------------

class NoRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects come back as responses, so that each hop is archived."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class Fetcher:
    """Polite stdlib HTTP: the project's User-Agent, robots.txt, a delay between requests."""

    user_agent: str = settings.USER_AGENT
    delay: float | None = None
    timeout: float = float(settings.DOWNLOAD_TIMEOUT)

    def __post_init__(self) -> None:
        self.opener = urllib.request.build_opener(NoRedirects)
        self.robots: dict[str, Protego] = {}
        self.last = 0.0

    def headers(self) -> list[tuple[str, str]]:
        return [("User-Agent", self.user_agent),
                ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
                ("Accept-Language", "en"), ("Accept-Encoding", ", ".join(DECODERS))]

    def wait(self, url: str) -> None:
        local = urlsplit(url).hostname in LOCAL_HOSTS
        delay = self.delay if self.delay is not None else 0.0 if local else float(settings.DOWNLOAD_DELAY)
        pause = self.last + delay - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        self.last = time.monotonic()

    def get(self, url: str) -> Exchange:
        """One request (no redirect followed) and its response, errors included."""
        self.wait(url)
        request = urllib.request.Request(url, headers=dict(self.headers()))
        try:
            with self.opener.open(request, timeout=self.timeout) as answer:
                status, headers, body = answer.status, answer.headers, answer.read()
        except HTTPError as error:  # 3xx (not followed here), 4xx, 5xx: still a response
            status, headers, body = error.code, error.headers, error.read()
        except (URLError, OSError) as exc:
            raise CaptureError(f"{url}: {exc}") from exc
        received = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
        return Exchange(url=url, status=status, body=body, fetched_at=datetime.now(UTC),
                        response_headers=received,
                        request_headers=[(k.encode(), v.encode()) for k, v in self.headers()])

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self.robots:
            try:
                exchange = self.get(origin + "/robots.txt")
                text = exchange.body.decode("utf-8", "replace") if exchange.status == 200 else ""
            except CaptureError:
                text = ""
            self.robots[origin] = Protego.parse(text)
        return bool(self.robots[origin].can_fetch(url, self.user_agent))

    def chain(self, url: str) -> list[Exchange]:
        """The page and the redirects that led to it."""
        if not self.allowed(url):
            raise CaptureError(f"{url}: robots.txt disallows it")
        exchanges = [self.get(url)]
        while 300 <= exchanges[-1].status < 400 and len(exchanges) <= MAX_REDIRECTS:
            location = dict((k.lower(), v) for k, v in exchanges[-1].response_headers).get(b"location")
            if not location:
                break
            exchanges.append(self.get(urljoin(exchanges[-1].url, location.decode("latin-1"))))
        return exchanges


# --- cases ------------------------------------------------------------------------------------

def case_name(url: str, kind: str) -> str:
    """``article-<id>``, ``story-<id>``, ``feed-rss-sport`` … (safe as a file name).

    >>> case_name("https://arabic.rt.com/world/1772101-x/", "article")
    'article-1772101'
    >>> case_name("https://arabic.rt.com/rss/sport/", "feed")
    'feed-rss-sport'
    """
    info = urls.classify_url(url, hosts={urlsplit(url).netloc})
    key = info.article_id if kind == "article" else info.story_id if kind == "story" else None
    if not key:
        key = unquote(urlsplit(url).path).strip("/") or "home"
    return f"{kind}-" + re.sub(r"[^\w.-]+", "-", key).strip("-")


def capture_page(fetcher: Fetcher, url: str, out: Path, force: bool = False,
                 date_hint: str | None = None) -> Path:
    """Capture one page into ``out``; returns the sidecar's path."""
    exchanges = fetcher.chain(url)
    site = f"{urlsplit(url).scheme}://{urlsplit(url).netloc}"
    meta = {"date_hint": date_hint, "date_hint_source": "feed"} if date_hint else {}
    run = "capture-" + datetime.now(UTC).strftime("%Y-%m-%dT%H-%M-%S")
    exchanges = [dataclasses.replace(e, metadata=page_metadata(e.url, site, run, meta)) for e in exchanges]
    page = exchanges[-1]
    kind = page.metadata["url-class"]
    name = case_name(page.url, kind)
    sidecar, warc = out / f"{name}.json", out / f"{name}.warc.gz"
    if kind not in KINDS or not 200 <= page.status < 300:
        raise CaptureError(f"{url}: not a case (HTTP {page.status}, {kind} page; cases are "
                           f"{', '.join(KINDS)} pages)")
    if sidecar.exists() and not force:
        raise CaptureError(f"{url}: case {name} exists (--force replaces it, reviewed values too)")
    out.mkdir(parents=True, exist_ok=True)
    tmp = write_warc(out / f".{name}.warc.gz", exchanges, {"operator": "rtnews capture", "run-id": run},
                     filename=warc.name)
    try:
        response = case_response(tmp, page.url)
        fields = case_fields(response)[1]
        if not fields:
            raise CaptureError(f"{url}: the {kind} page gave nothing to record")
        tmp.replace(warc)
    finally:
        tmp.unlink(missing_ok=True)
    record = {
        "url": page.metadata.get("canonical-url") or page.url, "fetched_url": page.url,
        "site": site, "kind": kind, "fetched_at": response.fetched_at.isoformat(),
        "status": page.status, "warc": warc.name, "extractor_version": extractor_version(),
        "extracted": fields, "expected": fields,
    }
    sidecar.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return sidecar


def feed_targets(sidecar: Path, base: str, newest: int) -> list[tuple[str, str | None]]:
    """A captured feed's ``newest`` article items, newest first, as the spider requests them:
    (canonical URL on ``base``, the item's date as a date hint)."""
    entries = json.loads(sidecar.read_text(encoding="utf-8"))["extracted"]["entries"]
    dated = [(urls.canonical_article_url(e["url"], base), parse_any(e["published"] or ""))
             for e in entries]
    dated.sort(key=lambda e: e[1].timestamp() if e[1] else 0.0, reverse=True)
    return [(url, to_iso(when) if when else None) for url, when in dated if url][:newest]


def story_links(sidecar: Path, out: Path) -> list[str]:
    """The story pages an article case links to (as fetched: on the captured site)."""
    case = json.loads(sidecar.read_text(encoding="utf-8"))
    response = case_response(out / case["warc"], case["fetched_url"])
    page = text_response(response)
    if page is None:
        return []
    return ArticlePage(response.url, page.text, site=case["site"]).story_urls()


def capture(urls_: list[str], out: Path, feed: int = 0, base: str = urls.SITE, force: bool = False,
            fetcher: Fetcher | None = None) -> tuple[list[Path], list[str]]:
    """Capture pages (and a feed sample); returns (sidecars written, errors)."""
    fetcher = fetcher or Fetcher()
    written: list[Path] = []
    errors: list[str] = []
    targets: list[tuple[str, str | None, bool]] = [(u, None, False) for u in urls_]
    stories: list[str] = []
    if feed:
        try:
            written.append(capture_page(fetcher, base.rstrip("/") + "/rss/", out, force))
            targets += [(url, hint, True) for url, hint in feed_targets(written[-1], base, feed)]
        except CaptureError as exc:
            errors.append(str(exc))
    for url, hint, from_feed in targets:
        try:
            sidecar = capture_page(fetcher, url, out, force, hint)
        except CaptureError as exc:
            errors.append(str(exc))
            continue
        written.append(sidecar)
        if from_feed:
            stories += [s for s in story_links(sidecar, out) if s not in stories]
    for url in stories:
        try:
            written.append(capture_page(fetcher, url, out, force))
        except CaptureError as exc:
            errors.append(str(exc))
    return written, errors


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Fetch pages (politely, robots.txt obeyed) into one small WARC file each, with a JSON "
        "sidecar of what they extract to: test cases for tests/test_captured.py.")
    parser.add_argument("urls", nargs="*", metavar="URL", help="pages to capture")
    parser.add_argument("--feed", type=int, default=0, metavar="N",
                        help="also the feed <base>/rss/, its N newest items and the stories they link")
    parser.add_argument("--base-url", default=urls.SITE, help=f"site of --feed (default {urls.SITE})")
    parser.add_argument("--out", type=Path, default=Path("tests/fixtures/captured"),
                        help="folder of the cases (default tests/fixtures/captured)")
    parser.add_argument("--force", action="store_true", help="replace existing cases")
    parser.add_argument("--delay", type=float, help="seconds between requests "
                        f"(default DOWNLOAD_DELAY, {settings.DOWNLOAD_DELAY}; 0 on 127.0.0.1)")
    parser.set_defaults(func=run_command)


def run_command(args: argparse.Namespace) -> int:
    if not args.urls and not args.feed:
        print("rtnews capture: give URLs, --feed N, or both", file=sys.stderr)
        return 2
    written, errors = capture(args.urls, args.out, args.feed, args.base_url, args.force,
                              Fetcher(delay=args.delay))
    for sidecar in written:
        print(f"captured {sidecar}")
    for error in errors:
        print(f"rtnews capture: {error}", file=sys.stderr)
    return 1 if errors else 0
