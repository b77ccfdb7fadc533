"""Feed and sitemap readers: RSS items and sitemap entries with their dates.

Scrapy's own sitemap reader keeps only flat tags and so loses
``news:publication_date``, the one date that lets a crawl skip articles outside a
publication window before fetching them; hence this small reader (lxml, with
``recover`` for the broken XML that live feeds sometimes serve).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

PARSER = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)


@dataclass(frozen=True, slots=True)
class Entry:
    """One link of a feed or sitemap and the dates given for it (raw strings)."""

    url: str
    published: str | None = None
    """A publication date: RSS ``pubDate`` or ``news:publication_date``."""
    lastmod: str | None = None
    """Sitemap ``lastmod``: a regeneration date, not a publication date."""


def local(tag: object) -> str:
    return tag.split("}", 1)[-1] if isinstance(tag, str) else ""


def parse_xml(body: bytes) -> etree._Element | None:
    try:
        root = etree.fromstring(body.lstrip(), parser=PARSER)
    except etree.XMLSyntaxError:
        return None
    return root


def child_text(el: etree._Element, name: str) -> str | None:
    for child in el.iter():
        if local(child.tag) == name and child.text and child.text.strip():
            return child.text.strip()
    return None


def sitemap_entries(body: bytes) -> tuple[str, list[Entry]]:
    """("index", sitemaps) or ("urlset", pages) of a sitemap document; ("", []) if not one."""
    root = parse_xml(body)
    if root is None or local(root.tag) not in ("sitemapindex", "urlset"):
        return "", []
    kind = "index" if local(root.tag) == "sitemapindex" else "urlset"
    entries = []
    for el in root:
        loc = child_text(el, "loc")
        if loc:
            entries.append(Entry(loc, child_text(el, "publication_date"), child_text(el, "lastmod")))
    return kind, entries


def rss_entries(body: bytes) -> list[Entry]:
    """Items of an RSS 2.0 or Atom feed."""
    root = parse_xml(body)
    if root is None:
        return []
    entries = []
    for el in root.iter():
        name = local(el.tag)
        if name == "item":
            link = child_text(el, "link")
            published = child_text(el, "pubDate")
        elif name == "entry":
            href = next((c.get("href") for c in el if local(c.tag) == "link"), None)
            link, published = href, child_text(el, "published") or child_text(el, "updated")
        else:
            continue
        if link:
            entries.append(Entry(link, published))
    return entries
