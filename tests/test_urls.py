"""Tests of rtnews.urls: real sitemap URLs, a table per URL kind, and URL-variant properties."""

from __future__ import annotations

import collections
import doctest
import hashlib
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rtnews import urls
from rtnews.urls import (
    ALT_HOSTS,
    SITE,
    UrlInfo,
    UrlKind,
    article_key,
    canonical_article_url,
    canonical_story_url,
    classify_url,
    rebase,
    same_site,
    story_hash,
    url_hash,
)

REAL_URLS = Path(__file__).parent.joinpath("data", "rt_urls_2023.txt").read_text().split()

# One simple regex per real article shape, independent of the module's patterns:
# (section, id); the programme shape has no section group and means "prg".
REAL_SHAPES = (
    re.compile(r"https://arabic\.rt\.com/(?P<section>[a-z0-9_/]*)/(?P<id>\d+)-[^/]*/"),
    re.compile(r"https://arabic\.rt\.com/prg/[^/]+-(?P<id>\d+)/[^/]+/"),
)
REAL_ARTICLE_COUNT = 2732
REAL_SECTION_COUNTS = {
    "prg/telecast": 1588, "news": 1037, "world": 26, "prg": 19, "middle_east": 14,
    "photolines": 14, "features": 4, "funny": 4, "sport": 4, "business": 3, "info": 2,
    "space": 2, "technology": 2, "voting": 2, "": 1, "culture": 1, "docfilms/events": 1,
    "docfilms/history": 1, "docfilms/social": 1, "docfilms/travel": 1, "persons": 1,
    "press": 1, "rtonline/360": 1, "rtonline/graphic": 1, "videoclub": 1,
}  # fmt: skip


def expected_article(url: str) -> tuple[str, str] | None:
    """(section, id) that a real URL's shape says it has, or None if it has no article shape."""
    for pattern in REAL_SHAPES:
        if m := pattern.fullmatch(url):
            return m.groupdict().get("section", "prg"), m["id"]
    return None


def test_real_list_is_the_expected_file() -> None:
    assert len(REAL_URLS) == len(set(REAL_URLS)) == 2736


def test_module_doctests() -> None:
    assert doctest.testmod(urls).failed == 0


def test_real_article_urls_have_their_section_and_id() -> None:
    failures, sections = [], collections.Counter[str]()
    for url in REAL_URLS:
        expected, info = expected_article(url), classify_url(url)
        if expected is None or expected[1] == "0" or "/tags/" in url:
            continue
        sections[expected[0]] += 1
        if (info.kind, info.section, info.article_id) != (UrlKind.ARTICLE, *expected):
            failures.append((url, info))
    print(f"article URLs in the real list: {sum(sections.values())}; {dict(sections)}")
    assert failures == []
    assert dict(sections) == REAL_SECTION_COUNTS
    assert sum(sections.values()) == REAL_ARTICLE_COUNT


def test_real_list_kinds() -> None:
    kinds = collections.Counter(classify_url(url).kind for url in REAL_URLS)
    assert kinds == {UrlKind.ARTICLE: REAL_ARTICLE_COUNT, UrlKind.OTHER: 3, UrlKind.TAG: 1}


def test_real_empty_section_oddity() -> None:
    (url,) = [u for u in REAL_URLS if u.startswith("https://arabic.rt.com//")]
    assert classify_url(url) == UrlInfo(UrlKind.ARTICLE, section="", article_id="1294088")


@pytest.mark.parametrize(
    "url",
    [u for u in REAL_URLS if "/designer_test" in u or "/tags/" in u or "/0-" in u],
)
def test_real_non_articles(url: str) -> None:
    assert classify_url(url).kind != UrlKind.ARTICLE
    assert article_key(url) is canonical_article_url(url) is url_hash(url) is None


def test_real_zero_ids_are_other() -> None:
    zero = [u for u in REAL_URLS if u.startswith("https://arabic.rt.com/docfilms/life/0-")]
    assert len(zero) == 2
    assert {classify_url(u).kind for u in zero} == {UrlKind.OTHER}


def test_real_article_urls_are_canonical() -> None:
    # All 2,732 real article URLs are already canonical. Articles escape ( ) ! $ , + as
    # %28 %29 %21 %24 %2C %2B; the 15 legacy /prg/<slug>-<id>/<programme>/ URLs with
    # parentheses have them raw, so that shape keeps ( ) raw.
    articles = [u for u in REAL_URLS if classify_url(u).kind == UrlKind.ARTICLE]
    assert [u for u in articles if canonical_article_url(u) != u] == []
    assert sum("(" in u for u in articles) == 15


def test_canonical_is_idempotent_on_real_urls() -> None:
    for url in REAL_URLS:
        canonical = canonical_article_url(url)
        assert canonical is None or canonical_article_url(canonical) == canonical, url


def test_real_urls_have_distinct_hashes_per_id() -> None:
    ids = {article_key(u) for u in REAL_URLS} - {None}
    hashes = {url_hash(u) for u in REAL_URLS} - {None}
    assert len(ids) == len(hashes)


ARABIC = "%D8%A7%D9%84%D8%B3%D9%84%D8%A7%D9%85"  # السلام
ARTICLE = f"{SITE}/middle_east/1530000-{ARABIC}-gaza/"
A = UrlKind.ARTICLE


def art(section: str | None, article_id: str) -> UrlInfo:
    return UrlInfo(A, section=section, article_id=article_id)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        pytest.param(ARTICLE, art("middle_east", "1530000"), id="plain"),
        pytest.param(f"{ARTICLE}amp", art("middle_east", "1530000"), id="amp"),
        pytest.param(f"{ARTICLE}amp/", art("middle_east", "1530000"), id="amp-slash"),
        pytest.param(f"{ARTICLE}amp/'/popular/'", art("middle_east", "1530000"), id="amp-junk"),
        pytest.param(
            f"{ARTICLE}amp/%27/popular/%27", art("middle_east", "1530000"), id="amp-junk-escaped"
        ),
        pytest.param(ARTICLE.rstrip("/"), art("middle_east", "1530000"), id="no-trailing-slash"),
        pytest.param(
            f"http://rtarabic.com/world/7-{ARABIC.lower()}", art("world", "7"), id="alt-host-http"
        ),
        pytest.param("https://www.arabic.rt.com/sport/9-السلام/", art("sport", "9"), id="raw"),
        pytest.param(
            f"{ARTICLE}?utm_source=x&utm_medium=rss#comments",
            art("middle_east", "1530000"),
            id="query-fragment",
        ),
        pytest.param(f"{SITE}/news/123-/", art("news", "123"), id="empty-slug"),
        pytest.param(f"{SITE}/news/55-a_b,_(c)!_%D8%9F./", art("news", "55"), id="legacy-punct"),
        pytest.param(f"{SITE}/news/1719999/", art(None, "1719999"), id="short-form"),
        pytest.param(f"{SITE}/news/1719999", art(None, "1719999"), id="short-no-slash"),
        pytest.param(f"{SITE}//1294088-x/", art("", "1294088"), id="empty-section"),
        pytest.param(f"{SITE}/docfilms/life/1-x/", art("docfilms/life", "1"), id="docfilms"),
        pytest.param(f"{SITE}/rtonline/360/915746-x/", art("rtonline/360", "915746"), id="360"),
        pytest.param(f"{SITE}/prg/telecast/657126-x/", art("prg/telecast", "657126"), id="tv"),
        pytest.param(f"{SITE}/prg/a_(2)_b-657126/c/", art("prg", "657126"), id="programme"),
        pytest.param(f"{SITE}/prg/12-a-657126/c/amp/", art("prg", "657126"), id="programme-amp"),
        pytest.param("/world/12-x/", art("world", "12"), id="relative"),
        pytest.param(f"{SITE}/world/0-x/", UrlInfo(UrlKind.OTHER), id="id-zero"),
        pytest.param(f"{SITE}/world/012-x/", UrlInfo(UrlKind.OTHER), id="leading-zero"),
        pytest.param(f"{SITE}/world/12-x/comments/", UrlInfo(UrlKind.OTHER), id="extra-segment"),
        pytest.param(f"{SITE}/World/12-x/", UrlInfo(UrlKind.OTHER), id="upper-section"),
        pytest.param("https://example.com/world/12-x/", UrlInfo(UrlKind.OTHER), id="foreign"),
        pytest.param("ftp://arabic.rt.com/world/12-x/", UrlInfo(UrlKind.OTHER), id="ftp"),
        pytest.param("http://[::1/world/12-x/", UrlInfo(UrlKind.OTHER), id="broken-url"),
    ],
)
def test_classify_article(url: str, expected: UrlInfo) -> None:
    assert classify_url(url) == expected


def test_replica_host_needs_hosts() -> None:
    url = "http://127.0.0.1:8123/world/12-x/amp/"
    assert classify_url(url).kind == UrlKind.OTHER
    assert classify_url(url, hosts=["127.0.0.1:8123"]) == art("world", "12")
    assert classify_url(url, hosts=["http://127.0.0.1:8123/"]) == art("world", "12")
    assert classify_url(ARTICLE, hosts=["127.0.0.1:8123"]).kind == A, "ALT_HOSTS still count"


HEX = "5f3a1b2c3d4e5f6a7b8c9d0e"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        pytest.param(
            f"{SITE}/focuses/63564-{ARABIC}/", UrlInfo(UrlKind.STORY, story_id="63564"), id="story"
        ),
        pytest.param("/focuses/10744-العراق", UrlInfo(UrlKind.STORY, story_id="10744"),
                     id="story-raw-no-slash"),
        pytest.param("https://rtarabic.com/focuses/62314/", UrlInfo(UrlKind.STORY, story_id="62314"),
                     id="story-no-slug"),
        pytest.param(f"{SITE}/focuses/62314-x/amp/", UrlInfo(UrlKind.STORY, story_id="62314"),
                     id="story-amp"),
        pytest.param("/focuses/0-x/", UrlInfo(UrlKind.OTHER), id="story-zero"),
        pytest.param("/focuses/", UrlInfo(UrlKind.OTHER), id="focuses-index"),
        pytest.param(f"{SITE}/trends/{ARABIC}-x/", UrlInfo(UrlKind.OTHER), id="trends-is-gone"),
        pytest.param(
            f"/listing/trend.{HEX}/noprepare/trend/10/2",
            UrlInfo(UrlKind.STORY_LISTING, trend_id=HEX, page=2),
            id="story-listing",
        ),
        pytest.param(
            f"/listing/trend.{HEX[:-1]}/noprepare/trend/10/2",
            UrlInfo(UrlKind.OTHER),
            id="short-hex",
        ),
        pytest.param(
            f"{SITE}/tags/{ARABIC.lower()}/", UrlInfo(UrlKind.TAG, tag="السلام"), id="tag"
        ),
        pytest.param("/tags/putin", UrlInfo(UrlKind.TAG, tag="putin"), id="tag-latin"),
        pytest.param(
            "/tags/2023-elections/", UrlInfo(UrlKind.TAG, tag="2023-elections"), id="tag-digits"
        ),
        pytest.param(
            "/listing/tag.putin/noprepare/tag/10/0/",
            UrlInfo(UrlKind.TAG_LISTING, tag="putin", page=0),
            id="tag-listing",
        ),
        pytest.param(f"{SITE}/rss/", UrlInfo(UrlKind.FEED), id="feed"),
        pytest.param(
            f"{SITE}/rss/middle_east/",
            UrlInfo(UrlKind.FEED, section="middle_east"),
            id="feed-section",
        ),
        pytest.param(f"{SITE}/sitemap.xml", UrlInfo(UrlKind.SITEMAP), id="sitemap"),
        pytest.param(f"{SITE}/sitemap_2023.xml", UrlInfo(UrlKind.SITEMAP), id="sitemap-year"),
        pytest.param(f"{SITE}/sitemap_2023_2.xml", UrlInfo(UrlKind.SITEMAP), id="sitemap-part"),
        pytest.param(f"{SITE}/newssitemap.xml", UrlInfo(UrlKind.SITEMAP), id="newssitemap"),
        pytest.param(f"{SITE}/", UrlInfo(UrlKind.HOME), id="home"),
        pytest.param(SITE, UrlInfo(UrlKind.HOME), id="home-no-slash"),
        pytest.param("https://rtarabic.com/?utm_source=x", UrlInfo(UrlKind.HOME), id="home-alt"),
        pytest.param(f"{SITE}/world/", UrlInfo(UrlKind.SECTION, section="world"), id="section"),
        pytest.param("/news", UrlInfo(UrlKind.SECTION, section="news"), id="section-news"),
        pytest.param("/prg/", UrlInfo(UrlKind.SECTION, section="prg"), id="section-prg"),
        pytest.param("/docfilms/", UrlInfo(UrlKind.SECTION, section="docfilms"), id="docfilms"),
        pytest.param(
            "/docfilms/life/", UrlInfo(UrlKind.SECTION, section="docfilms/life"), id="docfilms-sub"
        ),
        pytest.param(
            "/rtonline/graphic/", UrlInfo(UrlKind.SECTION, section="rtonline/graphic"), id="graphic"
        ),
        pytest.param("/rtonline/", UrlInfo(UrlKind.OTHER), id="rtonline-alone"),
        pytest.param("/unknown/", UrlInfo(UrlKind.OTHER), id="unknown-section"),
        pytest.param(f"{SITE}/designer_test", UrlInfo(UrlKind.OTHER), id="designer-test"),
        pytest.param(f"{SITE}/live/", UrlInfo(UrlKind.OTHER), id="live"),
        pytest.param(f"{SITE}/search?q=x", UrlInfo(UrlKind.OTHER), id="search"),
        pytest.param(f"{SITE}/static/12-logo.png", UrlInfo(UrlKind.OTHER), id="static-file"),
        pytest.param(
            f"https://cdni.rt.com/media/pics/2023.01/original/{HEX}.jpg",
            UrlInfo(UrlKind.OTHER),
            id="image",
        ),
        pytest.param("mailto:info@rt.com", UrlInfo(UrlKind.OTHER), id="mailto"),
        pytest.param("", UrlInfo(UrlKind.OTHER), id="empty"),
    ],
)
def test_classify_non_article(url: str, expected: UrlInfo) -> None:
    assert classify_url(url) == expected
    assert article_key(url) is None


CANONICAL = f"{SITE}/middle_east/1530000-{ARABIC}-gaza/"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        pytest.param(ARTICLE, CANONICAL, id="plain"),
        pytest.param(f"{ARTICLE}amp", CANONICAL, id="amp"),
        pytest.param(f"{ARTICLE}amp/", CANONICAL, id="amp-slash"),
        pytest.param(f"{ARTICLE}amp/'/popular/'", CANONICAL, id="amp-junk"),
        pytest.param(ARTICLE.replace(SITE, "http://rtarabic.com"), CANONICAL, id="alt-http"),
        pytest.param(ARTICLE.rstrip("/"), CANONICAL, id="no-slash"),
        pytest.param(ARTICLE.replace(ARABIC, ARABIC.lower()), CANONICAL, id="lower-escapes"),
        pytest.param(ARTICLE.replace(ARABIC, "السلام"), CANONICAL, id="raw-arabic"),
        pytest.param(f"{ARTICLE}?utm_source=x&utm_medium=rss", CANONICAL, id="utm"),
        pytest.param(f"{ARTICLE}#comments", CANONICAL, id="fragment"),
        pytest.param(f"{SITE}/news/1719999", f"{SITE}/news/1719999/", id="short"),
        pytest.param(f"{SITE}//1294088-x", f"{SITE}//1294088-x/", id="empty-section"),
        pytest.param(
            f"{SITE}/news/5-a_(b)!,$+/", f"{SITE}/news/5-a_%28b%29%21%2C%24%2B/", id="punct"
        ),
        pytest.param(
            f"{SITE}/prg/a_(b)%21-5/c/", f"{SITE}/prg/a_(b)%21-5/c/", id="programme-parens"
        ),
        pytest.param(f"{SITE}/prg/a_%28b%29-5/c", f"{SITE}/prg/a_(b)-5/c/", id="programme-escaped"),
        pytest.param(f"{SITE}/news/5-a%zz/", f"{SITE}/news/5-a%25zz/", id="broken-escape"),
        pytest.param(f"{SITE}/world/", None, id="section"),
        pytest.param(f"{SITE}/world/0-x/", None, id="id-zero"),
    ],
)
def test_canonical_article_url(url: str, expected: str | None) -> None:
    assert canonical_article_url(url) == expected


def test_canonical_on_replica_base() -> None:
    url = "http://127.0.0.1:8123/world/12-x/amp/?utm_source=x"
    assert (
        canonical_article_url(url, base="http://127.0.0.1:8123")
        == "http://127.0.0.1:8123/world/12-x/"
    )
    assert canonical_article_url(url) == f"{SITE}/world/12-x/"


def test_url_hash_is_documented_sha1() -> None:
    expected = hashlib.sha1(b"arabic.rt.com/article/1530000").hexdigest()
    assert url_hash(ARTICLE) == url_hash(f"{SITE}/news/1530000/") == expected
    assert url_hash(f"{SITE}/world/") is None


@pytest.mark.parametrize(
    ("url", "hosts", "expected"),
    [
        pytest.param(ARTICLE, ALT_HOSTS, True, id="site"),
        pytest.param("https://WWW.RTARABIC.COM./x", ALT_HOSTS, True, id="case-and-dot"),
        pytest.param("https://arabic.rt.com:443/x", ALT_HOSTS, True, id="default-port"),
        pytest.param("https://arabic.rt.com:8443/x", ALT_HOSTS, False, id="other-port"),
        pytest.param("/world/", ALT_HOSTS, True, id="relative"),
        pytest.param("https://cdni.rt.com/a.jpg", ALT_HOSTS, False, id="cdn"),
        pytest.param("http://127.0.0.1:8123/x", ["127.0.0.1:8123"], True, id="replica"),
        pytest.param(ARTICLE, ["127.0.0.1:8123"], False, id="site-from-replica"),
        pytest.param("http://127.0.0.1:8123/x", "127.0.0.1:8123", True, id="hosts-as-str"),
        pytest.param("javascript:void(0)", ALT_HOSTS, False, id="javascript"),
    ],
)
def test_same_site(url: str, hosts: frozenset[str] | list[str] | str, expected: bool) -> None:
    assert same_site(url, hosts) is expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        pytest.param(
            f"{ARTICLE}?a=1#c",
            f"http://127.0.0.1:8123/middle_east/1530000-{ARABIC}-gaza/?a=1#c",
            id="site",
        ),
        pytest.param("http://www.rtarabic.com/rss/", "http://127.0.0.1:8123/rss/", id="alt"),
        pytest.param(
            "//arabic.rt.com/world/", "http://127.0.0.1:8123/world/", id="scheme-relative"
        ),
        pytest.param("/world/", "/world/", id="relative"),
        pytest.param("https://cdni.rt.com/a.jpg", "https://cdni.rt.com/a.jpg", id="cdn"),
        pytest.param("http://[::1/x", "http://[::1/x", id="broken"),
    ],
)
def test_rebase(url: str, expected: str) -> None:
    assert rebase(url, "http://127.0.0.1:8123/") == expected


# --- properties -------------------------------------------------------------------------

SECTIONS = (
    "world", "middle_east", "russia", "business", "sport", "technology", "space", "health",
    "society", "culture", "funny", "press", "features", "info", "news", "photolines",
    "videoclub", "voting", "persons", "docfilms/life", "docfilms/history", "rtonline/360",
    "rtonline/graphic", "prg/telecast",
)  # fmt: skip
ARABIC_LETTERS = "ابتثجحخدذرسشصضطظعغفقكلمنهويءآأإؤئةى؟،"
WORD = st.text(ARABIC_LETTERS, min_size=1, max_size=8) | st.text(
    "abcdefghijklmnopqrstuvwxyzABCXYZ0123456789(),!.", min_size=1, max_size=8
)
SLUG = st.lists(WORD, max_size=6).flatmap(
    lambda words: st.sampled_from("-_").map(lambda sep: sep.join(words))
)
IDS = st.integers(1, 2_000_000)
TAILS = ("", "amp", "amp/", "amp/'/popular/'", "amp/%27/popular/%27")
UTM = st.dictionaries(
    st.sampled_from(["utm_source", "utm_medium", "utm_campaign"]), st.text("abcxyz_", max_size=5)
)


def escaped(slug: str, how: str) -> str:
    upper = quote(slug, safe="")
    lower = re.sub(r"%[0-9A-F]{2}", lambda m: m[0].lower(), upper)
    return {"raw": slug, "upper": upper, "lower": lower}[how]


@st.composite
def article_variant(draw: st.DrawFn, path: str) -> str:
    """One way a link to the article at ``path`` (raw slug, with trailing slash) may be written."""
    host = draw(st.sampled_from(sorted(ALT_HOSTS)))
    scheme = draw(st.sampled_from(["http", "https"]))
    head, slug = path.rsplit("/", 2)[0], path.rsplit("/", 2)[1]
    path = f"{head}/{escaped(slug, draw(st.sampled_from(['raw', 'upper', 'lower'])))}"
    tail = draw(st.sampled_from(TAILS))
    slash = "/" if tail or draw(st.booleans()) else ""
    query = "&".join(f"{k}={v}" for k, v in draw(UTM).items())
    fragment = draw(st.sampled_from(["", "#comments", "#"]))
    return f"{scheme}://{host}{path}{slash}{tail}{'?' + query if query else ''}{fragment}"


@given(st.sampled_from(SECTIONS), IDS, SLUG, st.data())
def test_article_variants_share_hash_and_canonical(
    section: str, article_id: int, slug: str, data: st.DataObject
) -> None:
    path = f"/{section}/{article_id}-{slug}/"
    canonical = f"{SITE}/{section}/{article_id}-{quote(slug, safe='')}/"
    expected_hash = hashlib.sha1(f"arabic.rt.com/article/{article_id}".encode()).hexdigest()
    for _ in range(4):
        url = data.draw(article_variant(path))
        assert classify_url(url) == art(section, str(article_id)), url
        assert canonical_article_url(url) == canonical, url
        assert url_hash(url) == expected_hash, url
    assert url_hash(f"{SITE}/news/{article_id}/") == expected_hash


@given(IDS, SLUG, st.text(ARABIC_LETTERS + "_()", min_size=1, max_size=20), st.data())
def test_programme_variants_share_hash_and_canonical(
    article_id: int, title: str, programme: str, data: st.DataObject
) -> None:
    path = f"/prg/برنامج_{title}-{article_id}/{programme}/"
    canonical = f"{SITE}{quote(path, safe='/()')}"
    url = data.draw(article_variant(path))
    assert classify_url(url) == art("prg", str(article_id)), url
    assert canonical_article_url(url) == canonical, url
    assert canonical_article_url(canonical) == canonical


@given(IDS, IDS, SLUG, SLUG)
def test_different_ids_never_share_a_hash(a: int, b: int, slug_a: str, slug_b: str) -> None:
    same = url_hash(f"{SITE}/world/{a}-{slug_a}/") == url_hash(f"/news/{b}-{slug_b}/amp")
    assert same is (a == b)


NON_ARTICLE_PATHS = st.one_of(
    SLUG.map(lambda s: f"/tags/{s}/"),
    SLUG.filter(bool).map(lambda s: f"/trends/{s}/"),
    st.tuples(IDS, SLUG).map(lambda t: f"/focuses/{t[0]}-{t[1]}/"),
    st.tuples(IDS, SLUG, st.sampled_from(TAILS)).map(lambda t: f"/focuses/{t[0]}-{t[1]}/{t[2]}"),
    st.tuples(st.text("0123456789abcdef", min_size=24, max_size=24), st.integers(0, 50)).map(
        lambda t: f"/listing/trend.{t[0]}/noprepare/trend/10/{t[1]}"
    ),
    st.sampled_from(SECTIONS).map(lambda s: f"/{s}/"),
    st.sampled_from(SECTIONS).map(lambda s: f"/rss/{s}/"),
    st.integers(2010, 2030).map(lambda y: f"/sitemap_{y}_2.xml"),
    st.tuples(st.sampled_from(SECTIONS), SLUG).map(lambda t: f"/{t[0]}/0-{t[1]}/"),
    st.tuples(st.sampled_from(SECTIONS), IDS, SLUG).map(lambda t: f"/{t[0]}/0{t[1]}-{t[2]}/"),
    st.tuples(st.sampled_from(SECTIONS), IDS).map(lambda t: f"/{t[0]}/{t[1]}-x/more/"),
    st.tuples(st.sampled_from(SECTIONS), IDS).map(lambda t: f"/{t[0]}/{t[1]}-photo.jpg"),
    st.sampled_from(["/designer_test", "/live/", "/search", "/", "/media/pics/a.jpg"]),
)


@given(NON_ARTICLE_PATHS, st.sampled_from(["", SITE, "https://rtarabic.com"]))
def test_non_article_shapes_are_never_articles(path: str, origin: str) -> None:
    url = f"{origin}{path}"
    assert classify_url(url).kind != UrlKind.ARTICLE, url
    assert article_key(url) is canonical_article_url(url) is url_hash(url) is None


@given(IDS, SLUG, st.sampled_from(["", SITE, "https://rtarabic.com"]))
def test_story_pages_are_stories_in_their_own_id_space(number: int, slug: str, origin: str) -> None:
    url = f"{origin}/focuses/{number}-{quote(slug, safe='')}/"
    info = classify_url(url)
    assert (info.kind, info.story_id, info.article_id) == (UrlKind.STORY, str(number), None)
    assert canonical_story_url(url) == f"{SITE}/focuses/{number}-{quote(slug, safe='')}/"
    assert story_hash(str(number)) != url_hash(f"{SITE}/world/{number}-{slug}/")


@pytest.mark.parametrize("section", ["features", "videoclub", "it", "space", "car", "zz_new_section"])
def test_every_section_is_an_article_section(section: str) -> None:
    assert classify_url(f"{SITE}/{section}/1793259-x/") == art(section, "1793259")
