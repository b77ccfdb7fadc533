"""The fast paths of ``rtnews.urls`` give what the slow ones gave.

``_escape`` returns a segment already in the sitemaps' form as it is, without decoding
and encoding it again: every text must give what ``quote(unquote_to_bytes(...))`` gives.

The fast path of ``rtnews.urls._split`` gives what ``safe_url_string`` first gave.

``_split`` skips w3lib's ``safe_url_string`` for plain ASCII URLs it would not change.
The reference below is the function as it was before; real URLs (the 2,736 sitemap URLs,
the links of one real day), their variants and generated URLs of every shape must give
the same (host, path), or both None.
"""

from __future__ import annotations

import csv
from pathlib import Path
from urllib.parse import quote, unquote_to_bytes, urlsplit

from hypothesis import example, given, settings
from hypothesis import strategies as st
from w3lib.url import safe_url_string

from rtnews import urls

DATA = Path(__file__).parent / "data"


def reference_split(url: str) -> tuple[str, str] | None:
    try:
        parts = urlsplit(safe_url_string(url.strip()))
        host = urls._host(parts)
    except ValueError:
        return None
    if parts.scheme not in ("", "http", "https"):
        return None
    return host, parts.path or ("/" if host else "")


def real_urls() -> list[str]:
    found = (DATA / "rt_urls_2023.txt").read_text(encoding="utf-8").split()
    lines = [line for line in (DATA / "rt_real_2026-05-26.tsv").read_text(encoding="utf-8").splitlines()
             if not line.startswith("#")]
    found += [row["link"] for row in csv.DictReader(lines, delimiter="\t")]
    return found


REAL = real_urls()
# Characters safe_url_string keeps, the ones it escapes or drops, and other scripts.
URL_CHARS = (
    "abcxyzAZ0189-._~:/?@!$&()*+,;=%"
    "#'[]|\\\" <>^`{}\t\n\r\x00\x01\x7f\u00a0\u00e9\u0627\u0644\ufeff\u200b"
)
VARIANTS = ("", "amp/", "?utm_source=x", "#comments", "?a='b'#c#d", "/", " ", "|x", "%d8%a7", "ا")


def test_the_real_urls_give_the_same_parts() -> None:
    assert len(REAL) > 2800
    for url in REAL:
        for variant in VARIANTS:
            for candidate in (url + variant, url.replace("https://", "http://"), url.upper(),
                              url.removeprefix("https://arabic.rt.com"), urlsplit(url).path[1:]):
                assert urls._split(candidate) == reference_split(candidate), candidate


def test_most_real_links_take_the_fast_path() -> None:
    plain = [url for url in REAL if urls._PLAIN_URL.fullmatch(url)]
    assert len(plain) > 0.95 * len(REAL)


schemes = st.sampled_from(["http://", "https://", "HTTPS://", "ftp://", "javascript:", "mailto:",
                           "//", "///", "http:/", "http:", ""])
hosts = st.one_of(
    st.sampled_from(["arabic.rt.com", "ARABIC.rt.com", "rtarabic.com", "127.0.0.1:8123", "h:80",
                     "h:0080", "h:", "h:99999", "h:-1", "user:pw@h", "u;x=y@h", "h.", "[::1]", "[::1",
                     "xn--abc", "a_b.com", "0x7f.1", "-h-", ""]),
    st.text(alphabet="abcAZ09.-_:@%", max_size=12),
)
paths = st.text(alphabet=URL_CHARS, max_size=30)


@settings(max_examples=3000, deadline=None)
@given(schemes, hosts, paths)
@example("https://", "arabic.rt.com", "/world/1530000-%D8%A7/amp/")
@example("", "", "///x")
@example("http://", "h", "?a=1")
@example("http://", "", "?0")
@example("https://", "arabic.rt.com", "\\world\\1-x/")
def test_generated_urls_give_the_same_parts(scheme: str, host: str, path: str) -> None:
    url = scheme + host + path
    assert urls._split(url) == reference_split(url)


@settings(max_examples=3000, deadline=None)
@given(st.one_of(st.text(alphabet=URL_CHARS, max_size=40), st.sampled_from(REAL).map(lambda u: u[:60])))
def test_any_text_gives_the_same_parts(url: str) -> None:
    assert urls._split(url) == reference_split(url)


@settings(max_examples=1000, deadline=None)
@given(st.sampled_from(REAL), st.integers(min_value=0, max_value=200),
       st.text(alphabet=URL_CHARS, max_size=3))
def test_real_urls_with_a_character_inserted_give_the_same_parts(url: str, at: int, text: str) -> None:
    candidate = url[:at] + text + url[at:]
    assert urls._split(candidate) == reference_split(candidate)


# --- _escape ---------------------------------------------------------------------------
SEGMENT_CHARS = "aAzZ09-._~%()!*'+, /?#\u0627\u0644\u00e9\u200f" + "0123456789ABCDEFabcdef" * 2


def reference_escape(text: str, safe: str = "") -> str:
    return quote(unquote_to_bytes(text), safe=safe)


@settings(max_examples=5000, deadline=None)
@given(st.text(alphabet=SEGMENT_CHARS, max_size=30), st.sampled_from(["", "()"]))
@example("%D8%A7%41", "")  # an escape of an unreserved byte is decoded: not the fast path
@example("%d8%a7", "")
@example("%D8%A", "")
@example("%28x%29", "()")
@example("%28x%29%2F%7E%7F%20", "")
def test_escape_gives_what_decoding_and_encoding_give(text: str, safe: str) -> None:
    assert urls._escape(text, safe) == reference_escape(text, safe)


def test_escape_of_real_slugs_is_unchanged_and_takes_the_fast_path() -> None:
    slugs = [urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] for url in REAL]
    for slug in slugs:
        assert urls._escape(slug) == reference_escape(slug)
        assert urls._escape(reference_escape(slug)) == reference_escape(slug)
    assert sum(bool(urls._ESCAPED_SEGMENT.fullmatch(s)) for s in slugs) > 0.9 * len(slugs)
