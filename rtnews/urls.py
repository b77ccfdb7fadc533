"""URL rules of arabic.rt.com: what a URL points to, and one identity per article.

Pure functions (stdlib and w3lib only), built from the URL facts in
``/work/shared/rt-site.md`` sections 1-4 and checked against 2,736 real sitemap URLs
(``tests/data/rt_urls_2023.txt``).

Classification looks at the path only; the host decides whether the URL is on the site
at all. Article identity is the site-wide article id: the slug is decoration.

Stories (topic collections) live at ``/focuses/<number>-<slug>/`` (rt-site.md §3, [C]):
a shape like an article's, with a "section" ``focuses`` and a number, but the number is
in the stories' own id space, so such a URL is a STORY and never an article. The
``/trends/<slug>/`` shape that earlier versions assumed has no real source and is not
recognised (OTHER).
"""

from __future__ import annotations

import enum
import functools
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import SplitResult, quote, unquote, unquote_to_bytes, urljoin, urlsplit, urlunsplit

from w3lib.url import safe_url_string

SITE = "https://arabic.rt.com"
ALT_HOSTS = frozenset({"arabic.rt.com", "rtarabic.com", "www.rtarabic.com", "www.arabic.rt.com"})


class UrlKind(enum.StrEnum):
    """What a URL of the site points to."""

    ARTICLE = "article"
    STORY = "story"
    STORY_LISTING = "story_listing"
    TAG = "tag"
    TAG_LISTING = "tag_listing"
    SECTION = "section"
    HOME = "home"
    FEED = "feed"
    SITEMAP = "sitemap"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class UrlInfo:
    """The kind of a URL and the values its path carries; unused fields are None."""

    kind: UrlKind
    section: str | None = None
    """Article, section or feed section: ``"middle_east"``, ``"docfilms/life"``,
    ``"prg/telecast"``, ``"prg"`` (programme episodes); ``""`` for ``//<id>-<slug>/``;
    None for the short form ``/news/<id>/`` and the main feed ``/rss/``."""
    article_id: str | None = None
    """Decimal, no leading zero, never ``"0"``."""
    story_id: str | None = None
    """Story: the number of ``/focuses/<number>-<slug>/`` (decimal, no leading zero)."""
    tag: str | None = None
    """Decoded tag slug of ``/tags/<slug>/`` and ``/listing/tag.<tag>/...``."""
    page: int | None = None
    """Listing page number (0 is the first page)."""
    trend_id: str | None = None
    """Story listing ``/listing/trend.<24-hex>/…``: the site's internal 24-hex story id."""


_OTHER = UrlInfo(UrlKind.OTHER)

_ID = r"(?P<id>[1-9][0-9]*)"
# AMP adds "amp" or "amp/" after the article URL; crawled data adds junk such as /amp/'/popular/'.
_TAIL = r"(?:/amp(?:[^A-Za-z0-9_-].*)?|/)?"
# Lowercase latin segments; the first one is never a path prefix that has its own meaning.
# Any other section is an article section: no fixed list covers the site (rt-site.md §8).
_SECTION = r"(?!(?:tags|trends|listing|rss|focuses)/)[a-z][a-z0-9_]*(?:/[a-z0-9_]+)*"
# Index pages of sections known from the real site (sitemaps, feeds, one real day).
SECTION_NAMES = (
    "world", "middle_east", "russia", "business", "sport", "technology", "space", "health",
    "society", "culture", "funny", "press", "features", "info", "news", "photolines",
    "videoclub", "voting", "persons", "docfilms", "rtonline/360", "rtonline/graphic", "prg",
    "it", "car",
)  # fmt: skip
_STATIC_FILE = re.compile(
    r"\.(?:jpe?g|png|gif|webp|svg|ico|css|js|json|txt|pdf|mp3|mp4|woff2?|ttf)$", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class _ArticleShape:
    """One way an article URL is written, and how its canonical path is spelled."""

    pattern: re.Pattern[str]
    template: str
    section: str | None = None
    """Section of URLs whose pattern has no ``section`` group."""
    safe: str = ""
    """Characters the sitemaps leave unescaped in this shape's free text."""

    def section_of(self, match: re.Match[str]) -> str | None:
        return match.groupdict().get("section", self.section)

    def canonical_path(self, match: re.Match[str]) -> str:
        free = {k: _escape(match.groupdict().get(k), self.safe) for k in ("slug", "programme")}
        return self.template.format(section=self.section_of(match), id=match["id"], **free)


_ARTICLE_SHAPES = (
    _ArticleShape(
        re.compile(rf"/(?P<section>{_SECTION})/{_ID}-(?P<slug>[^/]*){_TAIL}"),
        "/{section}/{id}-{slug}/",
    ),
    _ArticleShape(re.compile(rf"//{_ID}-(?P<slug>[^/]*){_TAIL}"), "//{id}-{slug}/", section=""),
    # Legacy programme episodes: the sitemaps leave "(" and ")" raw in them (15 of 15 real
    # URLs with parentheses), while article slugs always have them as %28/%29.
    _ArticleShape(
        re.compile(rf"/prg/(?P<slug>[^/]+)-{_ID}/(?P<programme>[^/]+){_TAIL}"),
        "/prg/{slug}-{id}/{programme}/",
        section="prg",
        safe="()",
    ),
    _ArticleShape(re.compile(rf"/news/{_ID}{_TAIL}"), "/news/{id}/"),
)

_PAGE = r"/[0-9]+/(?P<page>[0-9]+)/?"
_NON_ARTICLE_SHAPES = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        (UrlKind.STORY, rf"/focuses/(?P<story_id>[1-9][0-9]*)(?:-[^/]*)?{_TAIL}"),
        (UrlKind.STORY_LISTING,
         rf"/listing/trend\.(?P<trend_id>[0-9a-f]{{24}})/noprepare/trend{_PAGE}"),
        (UrlKind.TAG, r"/tags/(?P<tag>[^/]+)/?"),
        (UrlKind.TAG_LISTING, rf"/listing/tag\.(?P<tag>[^/]+)/noprepare/tag{_PAGE}"),
        (UrlKind.FEED, r"/rss(?:/(?P<section>[a-z][a-z0-9_]*(?:/[a-z0-9_]+)*))?/?"),
        (UrlKind.SITEMAP, r"/[^/]*sitemap[^/]*\.xml"),
        (UrlKind.HOME, r"/"),
        (UrlKind.SECTION, rf"/(?P<section>{'|'.join(SECTION_NAMES)}|docfilms/[a-z0-9_]+)/?"),
    )
)  # fmt: skip


def classify_url(url: str, hosts: Iterable[str] | None = None) -> UrlInfo:
    """Say what ``url`` points to, from its path.

    Absolute URLs must be on one of ``ALT_HOSTS`` or ``hosts`` (such as a local replica's
    ``"127.0.0.1:8123"``); relative URLs are classified by their path (resolve
    path-relative links such as ``news/1-x/`` first). ``//1294088-x/`` alone is a
    scheme-relative URL of host ``1294088-x``, so OTHER: the empty-section oddity needs
    its host.

    >>> classify_url("https://arabic.rt.com/world/1530000-%D8%A7/amp/")
    UrlInfo(kind=<UrlKind.ARTICLE: 'article'>, section='world', article_id='1530000', story_id=None, tag=None, page=None, trend_id=None)
    >>> classify_url("https://arabic.rt.com/focuses/63564-%D9%84/").story_id
    '63564'
    >>> classify_url("/tags/putin/").tag
    'putin'
    >>> classify_url("http://127.0.0.1:8123/sport/", hosts=["127.0.0.1:8123"]).kind
    <UrlKind.SECTION: 'section'>
    >>> classify_url("https://example.com/sport/").kind
    <UrlKind.OTHER: 'other'>
    """  # noqa: E501
    return _classify_cached(url, frozenset(hosts or ()))


@functools.lru_cache(maxsize=4096)
def _classify_cached(url: str, hosts: frozenset[str]) -> UrlInfo:
    # Pages repeat the same header, navigation and related links; a small cache holds
    # those without keeping every article URL of a long crawl in memory.
    split = _split(url)
    if split is None or (split[0] and split[0] not in ALT_HOSTS | _hosts(hosts)):
        return _OTHER
    return _classify_path(split[1])


def absolute(base: str, href: str) -> str:
    """``href`` resolved against ``base``; absolute http(s) links (most of a page's) as they are.

    >>> absolute("https://arabic.rt.com/world/", "/sport/1-x/")
    'https://arabic.rt.com/sport/1-x/'
    >>> absolute("https://arabic.rt.com/", " https://rtarabic.com/a/ ")
    'https://rtarabic.com/a/'
    """
    href = href.strip()
    if href.startswith(("https://", "http://")):
        return href
    return urljoin(base, href)


def canonical_article_url(url: str, base: str = SITE) -> str | None:
    """The one URL of the article ``url`` points to, on ``base``; None for non-articles.

    Scheme and host of ``base``, section and ``<id>-<slug>`` with a trailing slash, no
    query, fragment or AMP tail. The slug is escaped as the sitemaps escape it: every
    byte except ``A-Z a-z 0-9 - _ . ~`` as upper-case ``%XX``, so raw Arabic, lower- and
    upper-case escapes give one URL. w3lib's ``canonicalize_url`` is not used for this:
    it unescapes ``%28 %29 %21 %24 %2C %2B``, which would change 1,327 of the 2,736 real
    URLs. The short form has no slug and stays short (the site redirects it).

    The host is not checked (call ``same_site`` for that), so a local replica's URLs map
    to the same canonical URLs as the site's.

    >>> canonical_article_url("http://rtarabic.com/news/12-%d8%a7/amp?utm_source=x#comments")
    'https://arabic.rt.com/news/12-%D8%A7/'
    >>> canonical_article_url("https://arabic.rt.com/news/12/", base="http://127.0.0.1:8123")
    'http://127.0.0.1:8123/news/12/'
    """
    found = _match_article_url(url)
    if found is None:
        return None
    shape, match = found
    origin = urlsplit(base)
    return f"{origin.scheme}://{origin.netloc}{shape.canonical_path(match)}"


_STORY_PATH = re.compile(r"/focuses/(?P<id>[1-9][0-9]*)(?:-(?P<slug>[^/]*?))?" + _TAIL)


def canonical_story_url(url: str, base: str = SITE) -> str | None:
    """The one URL of the story landing page ``url`` points to, on ``base``; None otherwise.

    Like ``canonical_article_url``: no query, fragment or AMP tail, a trailing slash, the
    slug escaped as the sitemaps escape it.

    >>> canonical_story_url("https://rtarabic.com/focuses/63564-ليبيا?utm_source=x")
    'https://arabic.rt.com/focuses/63564-%D9%84%D9%8A%D8%A8%D9%8A%D8%A7/'
    >>> canonical_story_url("/world/63564-x/") is None
    True
    """
    split = _split(url)
    match = _STORY_PATH.fullmatch(split[1]) if split else None
    if match is None:
        return None
    origin = urlsplit(base)
    slug = match["slug"]
    tail = f"-{_escape(slug)}" if slug is not None else ""
    return f"{origin.scheme}://{origin.netloc}/focuses/{match['id']}{tail}/"


def story_hash(story_id: str) -> str:
    """SHA-1 hex of ``"arabic.rt.com/story/<story_id>"``: a story's identity, never an article's.

    >>> story_hash("63564") != url_hash("/world/63564-x/")
    True
    """
    return hashlib.sha1(f"arabic.rt.com/story/{story_id}".encode()).hexdigest()


def article_key(url: str) -> str | None:
    """The article id of ``url``, the identity of an article across all its URL variants.

    Like ``canonical_article_url``, the host is not checked.

    >>> article_key("https://rtarabic.com/prg/telecast/657126-x/amp/")
    '657126'
    >>> article_key("https://arabic.rt.com/docfilms/life/0-/") is None
    True
    """
    found = _match_article_url(url)
    return found[1]["id"] if found else None


def url_hash(url: str) -> str | None:
    """SHA-1 hex of ``"arabic.rt.com/article/<article_id>"``; None for non-articles.

    The hash is of the article's identity, not of the URL text: the site's id is
    site-wide and names the article, while the slug is decoration that editors can
    change, and AMP, short-form, alternate-host, replica and escaping variants all name
    the same article. So all of them hash the same, and two ids never do.

    >>> url_hash("https://arabic.rt.com/news/12/") == url_hash("/world/12-x/amp")
    True
    """
    key = article_key(url)
    if key is None:
        return None
    return hashlib.sha1(f"arabic.rt.com/article/{key}".encode()).hexdigest()


def same_site(url: str, hosts: Iterable[str]) -> bool:
    """Whether ``url`` is relative or on one of ``hosts`` (``"host"`` or ``"host:port"``).

    >>> same_site("https://ARABIC.rt.com/x", ["arabic.rt.com"]), same_site("/x", [])
    (True, True)
    >>> same_site("https://cdni.rt.com/media/a.jpg", ALT_HOSTS)
    False
    """
    split = _split(url)
    return split is not None and (not split[0] or split[0] in _hosts(hosts))


def rebase(url: str, base: str) -> str:
    """``url`` with the scheme and host of ``base`` if it is on one of ``ALT_HOSTS``.

    Keeps links of a local replica inside the replica; other URLs come back unchanged.

    >>> rebase("https://rtarabic.com/news/12-x/?a=1", "http://127.0.0.1:8123/")
    'http://127.0.0.1:8123/news/12-x/?a=1'
    >>> rebase("https://cdni.rt.com/a.jpg", "http://127.0.0.1:8123")
    'https://cdni.rt.com/a.jpg'
    """
    try:
        parts = urlsplit(url)
        on_site = parts.scheme in ("", "http", "https") and _host(parts) in ALT_HOSTS
    except ValueError:
        return url
    if not on_site:
        return url
    origin = urlsplit(base)
    return urlunsplit((origin.scheme, origin.netloc, parts.path, parts.query, parts.fragment))


def _classify_path(path: str) -> UrlInfo:
    found = _match_article_path(path)
    if found is not None:
        shape, match = found
        return UrlInfo(UrlKind.ARTICLE, section=shape.section_of(match), article_id=match["id"])
    for kind, pattern in _NON_ARTICLE_SHAPES:
        if other := pattern.fullmatch(path):
            return _non_article_info(kind, other)
    return _OTHER


def _non_article_info(kind: UrlKind, match: re.Match[str]) -> UrlInfo:
    fields = match.groupdict()
    page, tag = fields.get("page"), fields.get("tag")
    return UrlInfo(
        kind,
        section=fields.get("section"),
        story_id=fields.get("story_id"),
        tag=unquote(tag) if tag else None,
        page=int(page) if page else None,
        trend_id=fields.get("trend_id"),
    )


def _match_article_url(url: str) -> tuple[_ArticleShape, re.Match[str]] | None:
    split = _split(url)
    return _match_article_path(split[1]) if split else None


def _match_article_path(path: str) -> tuple[_ArticleShape, re.Match[str]] | None:
    if _STATIC_FILE.search(path):
        return None
    for shape in _ARTICLE_SHAPES:
        if match := shape.pattern.fullmatch(path):
            return shape, match
    return None


# URLs of ASCII characters that ``safe_url_string`` keeps in a path (no space, quote,
# backslash, bracket, pipe, "#", nothing else outside letters, digits and -._~:/?@!$&()*+,;=%):
# most links of a page. For those with an authority (or none and no scheme) it changes at
# most the spelling of the scheme, host or port, never the host and path read here, so
# they skip it (tests/test_urls_fast.py checks this against the function as it was).
_PLAIN_URL = re.compile(r"[A-Za-z0-9\-._~:/?@!$&()*+,;=%]*")


def _split(url: str) -> tuple[str, str] | None:
    """(host, path) of an http(s) or relative URL made ASCII-safe; host "" if relative."""
    url = url.strip()
    try:
        parts = urlsplit(url) if _PLAIN_URL.fullmatch(url) else None
        if parts is None or (parts.scheme and not parts.netloc):  # w3lib rebuilds those
            parts = urlsplit(safe_url_string(url))
        host = _host(parts)
    except ValueError:  # bad IPv6 literal, port or IDNA label
        return None
    if parts.scheme not in ("", "http", "https"):
        return None
    return host, parts.path or ("/" if host else "")


def _host(parts: SplitResult) -> str:
    """Lower-case host, with the port unless it is the scheme's default."""
    host, port = (parts.hostname or "").rstrip("."), parts.port
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return host if port in (None, default) else f"{host}:{port}"


def _hosts(hosts: Iterable[str]) -> frozenset[str]:
    """Normalized hosts; entries may be ``host``, ``host:port`` or a URL."""
    if isinstance(hosts, str):
        hosts = (hosts,)
    return frozenset(_host(urlsplit(h if "://" in h else f"//{h}")) for h in hosts)


# A segment already in that form: unreserved characters and upper-case escapes of every
# other byte (the sitemaps' and the pages' own links), which decoding and encoding again
# would give back unchanged: most slugs, at a regex match instead of 20-30 µs of urllib.
# With ``safe`` characters only escapes of non-ASCII bytes qualify (an escaped "(" is
# decoded when "(" is safe).
_UNRESERVED = r"[A-Za-z0-9\-._~]"
_ESCAPED_SEGMENT = re.compile(
    rf"(?:%(?:[89A-F][0-9A-F]|[01][0-9A-F]|2[0-9A-CF]|3[A-F]|40|5[B-E]|60|7[B-DF])|{_UNRESERVED})*")
_ESCAPED_NON_ASCII = re.compile(rf"(?:%[89A-F][0-9A-F]|{_UNRESERVED})*")


def _escape(text: str | None, safe: str = "") -> str:
    """Percent-encode a path segment like the sitemaps: upper-case hex, unreserved kept.

    >>> _escape("%d8%a7(1)!"), _escape("ا(1)", safe="()"), _escape("%D8%A7-1")
    ('%D8%A7%281%29%21', '%D8%A7(1)', '%D8%A7-1')
    """
    text = text or ""
    if (_ESCAPED_NON_ASCII if safe else _ESCAPED_SEGMENT).fullmatch(text):
        return text
    return quote(unquote_to_bytes(text), safe=safe)
