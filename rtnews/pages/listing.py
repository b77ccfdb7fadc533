"""Navigation page objects: listings (home, sections, tags, stories, load-more) and story pages.

A listing gives article links, story links and the next page to load; a story's
landing page also gives a ``Story``. Links are classified with ``rtnews.urls`` so
only articles and stories are followed; the site's boilerplate (header Stories
strip, RT STORIES) is ignored where it would add unrelated story links.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from parsel import Selector

from rtnews import urls
from rtnews.items import Story
from rtnews.pages.dom import inside
from rtnews.textclean import clean_text

COUNT = re.compile(r"(\d[\d,.]*)\s*خبر")
# Widgets of every page that list unrelated stories and headlines: header, strips,
# sidebars ("most read"), banners.
BOILERPLATE = ("header, nav, footer, aside, .stories, .rt-stories, .menu, .cookies, .urgent,"
               " [class*=sidebar], [class*=popular], [class*=most-read], [class*=most_read]")
# A story landing page lists its articles as ``.heading`` links (rt-site.md §3).
HEADINGS = "a.heading, .heading a, a.link_heading"
LOAD_MORE = ("[data-href*='/listing/']::attr(data-href)", "a[href*='/listing/']::attr(href)")


class ListingPage:
    """A page that lists articles: home, section, tag, story landing or listing fragment."""

    def __init__(self, url: str, html_text: str, *, site: str = urls.SITE) -> None:
        self.url = url
        self.html = html_text
        self.hosts = {urlsplit(url).netloc, urlsplit(site).netloc}

    @cached_property
    def sel(self) -> Selector:
        return Selector(text=self.html or "<html></html>")

    @cached_property
    def boilerplate(self) -> set[Any]:
        """Header/footer widgets: they list unrelated stories and headlines."""
        return {s.root for s in self.sel.css(BOILERPLATE)}

    @cached_property
    def links(self) -> list[tuple[str, urls.UrlInfo, bool]]:
        """(absolute URL, classification, in the page's own content) of every link, once parsed."""
        found = []
        for link in self.sel.root.iter("a"):
            href = link.get("href")
            if href:
                absolute, info = self.info(href)
                found.append((absolute, info, not inside(link, self.boilerplate)))
        return found

    def info(self, href: str) -> tuple[str, urls.UrlInfo]:
        absolute = urls.absolute(self.url, href)
        return absolute, urls.classify_url(absolute, hosts=self.hosts)

    def links_of(self, kind: urls.UrlKind, own_only: bool = False) -> dict[str, str]:
        """Key (article id, story or tag) to absolute URL of the links of one kind, in order."""
        found: dict[str, str] = {}
        for absolute, info, own in self.links:
            key = info.article_id or info.story_id or info.tag
            if info.kind is kind and key and key not in found and (own or not own_only):
                found[key] = absolute
        return found

    @cached_property
    def own_articles(self) -> dict[str, str]:
        return self.links_of(urls.UrlKind.ARTICLE, own_only=True)

    def article_links(self) -> list[str]:
        """Article URLs of the listing's own cards, in page order, each once."""
        return list(self.own_articles.values())

    def article_ids(self) -> list[str]:
        return list(self.own_articles)

    def story_links(self) -> list[str]:
        """Story landing pages linked from anywhere on the page (header strip included)."""
        return list(self.links_of(urls.UrlKind.STORY).values())

    def tag_links(self) -> list[str]:
        """Tag pages linked from the page."""
        return list(self.links_of(urls.UrlKind.TAG).values())

    def next_page(self) -> str | None:
        """The next "load more" URL, or None when this page listed nothing more."""
        me = urls.classify_url(self.url, hosts=self.hosts)
        if me.kind in (urls.UrlKind.STORY_LISTING, urls.UrlKind.TAG_LISTING):
            if not self.article_links() or me.page is None:
                return None
            return re.sub(r"/\d+/?$", f"/{me.page + 1}", self.url)
        for css in LOAD_MORE:
            for href in self.sel.css(css).getall():
                absolute, info = self.info(href)
                if info.kind in (urls.UrlKind.STORY_LISTING, urls.UrlKind.TAG_LISTING):
                    return absolute
        return None


class StoryPage(ListingPage):
    """A story's landing page ``/focuses/<number>-<slug>/``: its name, the «N خبر» figure
    and the ``.heading`` links of its articles."""

    def story_id(self) -> str | None:
        return urls.classify_url(self.url, hosts=self.hosts).story_id

    @cached_property
    def own_articles(self) -> dict[str, str]:
        """The story's articles: its ``.heading`` links outside the site's widgets, else
        (another template) every article link of the page's own content."""
        found: dict[str, str] = {}
        for el in self.sel.css(HEADINGS):
            link = el.root
            href = link.get("href")
            if not href or inside(link, self.boilerplate):
                continue
            absolute, info = self.info(href)
            if info.kind is urls.UrlKind.ARTICLE and info.article_id and info.article_id not in found:
                found[info.article_id] = absolute
        return found or self.links_of(urls.UrlKind.ARTICLE, own_only=True)

    def trend_id(self) -> str | None:
        found = self.sel.css("[data-trend-id]::attr(data-trend-id)").get()
        if found:
            return found
        more = self.next_page()
        info = urls.classify_url(more, hosts=self.hosts) if more else None
        return info.trend_id if info and info.kind is urls.UrlKind.STORY_LISTING else None

    def title(self) -> str:
        for css in ("h1", "meta[property='og:title']", "title"):
            found = [s for s in self.sel.css(css) if not inside(s.root, self.boilerplate)]
            text = clean_text(found[0].attrib.get("content") or found[0].xpath("string()").get()
                              if found else "")
            if text:
                return re.sub(r"\s+[-—|]\s+RT\b.*$", "", text)
        return ""

    def count_shown(self) -> int | None:
        for text in self.sel.root.xpath("//body//text()"):  # lxml: text knows its parent
            match = COUNT.search(text)
            if match and not inside(text.getparent(), self.boilerplate):
                return int(re.sub(r"\D", "", match.group(1)))
        return None

    def to_item(self, crawled_at: str = "") -> Story | None:
        story_id = self.story_id()
        canonical = urls.canonical_story_url(self.url)
        if not story_id or canonical is None:
            return None
        return Story(
            story_id=story_id,
            title=self.title(),
            url=canonical,
            trend_id=self.trend_id(),
            article_count_shown=self.count_shown(),
            article_ids=[i for i in self.article_ids() if i],
            crawled_at=crawled_at,
        )
