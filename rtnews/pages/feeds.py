"""Feed and sitemap readers: RSS items and sitemap entries with their dates, streamed.

Scrapy's own sitemap reader keeps only flat tags and so loses
``news:publication_date``, the one date that lets a crawl skip articles outside a
publication window before fetching them; hence this small reader. A sitemap part may
hold 50,000 URLs in 50 MB (the protocol's limit), so documents are read with lxml's
``iterparse``: each entry is handed out as soon as it is complete and then freed, so
no tree of the whole document (several times its size) is ever built. Gzipped
sitemaps are decompressed as a stream, capped like the download itself. ``recover``
keeps reading the broken XML that live feeds sometimes serve.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from lxml import etree

# The protocol's limit for one sitemap file, compressed or not.
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
ENTRY_TAGS = frozenset({"url", "sitemap", "item", "entry"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One link of a feed or sitemap and the dates given for it (raw strings)."""

    url: str
    published: str | None = None
    """A publication date: RSS ``pubDate`` or ``news:publication_date``."""
    lastmod: str | None = None
    """Sitemap ``lastmod``: a regeneration date, not a publication date."""
    title: str | None = None
    """A feed item's title (the page's headline on arabic.rt.com)."""


class DocumentTooLarge(ValueError):
    """A (decompressed) document over ``MAX_DOCUMENT_BYTES``."""


def local(tag: object) -> str:
    return tag.split("}", 1)[-1] if isinstance(tag, str) else ""


class _CappedReader(io.RawIOBase):
    """A file-like view of a stream that refuses to give more than ``limit`` bytes."""

    def __init__(self, stream: Any, limit: int) -> None:
        self.stream, self.left, self.limit = stream, limit, limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.stream.read(min(len(buffer), self.left + 1))
        if len(data) > self.left:
            raise DocumentTooLarge(f"decompressed document larger than {self.limit} bytes")
        self.left -= len(data)
        buffer[: len(data)] = data
        return len(data)


def _source(body: bytes, limit: int) -> IO[bytes]:
    body = body.lstrip()
    if body[:2] == b"\x1f\x8b":
        return io.BufferedReader(_CappedReader(gzip.GzipFile(fileobj=io.BytesIO(body)), limit))
    return io.BytesIO(body)


def _events(body: bytes, limit: int) -> Iterator[tuple[str, Any]]:
    """(event, element) pairs of the document; stops quietly at hopeless input."""
    parser = etree.iterparse(_source(body, limit), events=("start", "end"), recover=True,
                             resolve_entities=False, no_network=True, huge_tree=False)
    try:
        yield from parser
    except (etree.XMLSyntaxError, OSError, EOFError, gzip.BadGzipFile):
        return


def _child_text(el: Any, *names: str) -> str | None:
    for child in el.iter():
        if local(child.tag) in names and child.text and child.text.strip():
            return child.text.strip()
    return None


def _entry(el: Any) -> Entry | None:
    name = local(el.tag)
    if name in ("url", "sitemap"):
        loc = _child_text(el, "loc")
        return Entry(loc, _child_text(el, "publication_date"), _child_text(el, "lastmod")) if loc else None
    if name == "item":
        link = _child_text(el, "link")
        return Entry(link, _child_text(el, "pubDate"), title=_child_text(el, "title")) if link else None
    href = next((c.get("href") for c in el if local(c.tag) == "link"), None)  # Atom entry
    return Entry(href, _child_text(el, "published", "updated")) if href else None


def _free(el: Any) -> None:
    """Drop a finished entry and the siblings before it, so memory stays flat."""
    el.clear()
    parent = el.getparent()
    while parent is not None and el.getprevious() is not None:
        del parent[0]


def iter_document(body: bytes, limit: int = MAX_DOCUMENT_BYTES) -> tuple[str, Iterator[Entry]]:
    """The root element's local name and a lazy iterator over the document's entries.

    Roots: ``sitemapindex``, ``urlset``, ``rss`` or ``feed``; ``("", …)`` for anything
    else (an HTML challenge page, garbage). A gzipped document that decompresses
    beyond ``limit`` raises ``DocumentTooLarge`` (here or while iterating).
    """
    events = _events(body, limit)
    root = next((el for event, el in events if event == "start"), None)
    kind = local(root.tag) if root is not None else ""
    if kind not in ("sitemapindex", "urlset", "rss", "feed", "rdf"):
        return "", iter(())
    return kind, _entries(events)


def _entries(events: Iterator[tuple[str, Any]]) -> Iterator[Entry]:
    for event, el in events:
        if event == "end" and local(el.tag) in ENTRY_TAGS:
            entry = _entry(el)
            _free(el)
            if entry is not None:
                yield entry


def iter_sitemap(body: bytes, limit: int = MAX_DOCUMENT_BYTES) -> tuple[str, Iterator[Entry]]:
    """("index", sitemaps) or ("urlset", pages) of a sitemap, lazily; ("", empty) if not one."""
    kind, entries = iter_document(body, limit)
    if kind == "sitemapindex":
        return "index", entries
    if kind == "urlset":
        return "urlset", entries
    return "", iter(())


def sitemap_entries(body: bytes) -> tuple[str, list[Entry]]:
    """``iter_sitemap`` as a list (small documents, tests)."""
    kind, entries = iter_sitemap(body)
    return kind, list(entries)


def iter_feed(body: bytes, limit: int = MAX_DOCUMENT_BYTES) -> Iterator[Entry]:
    """Items of an RSS 2.0 / RDF feed or entries of an Atom feed, lazily."""
    kind, entries = iter_document(body, limit)
    return entries if kind in ("rss", "feed", "rdf") else iter(())


def rss_entries(body: bytes) -> list[Entry]:
    """``iter_feed`` as a list."""
    return list(iter_feed(body))
