"""Article page object: one RT article page (HTML text) to an ``Article``, without Scrapy.

Every field reads the most reliable source first and degrades gracefully:
JSON-LD (parsed leniently) → meta tags → the article DOM → a generic fallback, so a
template change costs a field's best source, not the whole article. What counts as
article text (skipped subtrees, blocks) is ``rtnews.pages.articletext``.

The page is read close to the parser's floor: parsed once with lxml (``dom.parse_html``,
the tree parsel gave), and no CSS or XPath is translated per page. The head (metas,
unescaped once; the canonical link; JSON-LD, read up to its first article node;
``<title>``) comes from one pass over those tags; the article root's elements are filed
by tag and class in one walk (``dom.ElementIndex``), so each selector of the tables
below, written in CSS and compiled once (``dom.Css``, matching as parsel did), is a
look-up. Every href is resolved and classified once per page (``link``): the tags,
stories, related articles and the article and story URLs for discovery all derive from
that table. Two rules reach beyond the article: read-more boxes known by their words
(``read_more_boxes``: only blocks holding an article link, each read no further than its
first words) and the «Stories» widgets around a story link of the article
(``in_story_widget``: only the part of the page that could hold one). An image's holder
is read with precompiled XPath. Each field is computed when first asked and cached;
``published`` stops at its first source.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from rtnews import urls
from rtnews.dates import parse_iso, parse_visible, to_utc_iso
from rtnews.items import Article, Image
from rtnews.pages import dom, jsonld
from rtnews.pages.articletext import (
    blocks,
    loose_text,
    may_read_more,
    norm_space,
    skipped,
    text_lead,
    text_of,
    text_start,
)
from rtnews.pages.chrome import DATE_LINE, is_chrome_line
from rtnews.pages.dom import (
    AnyOf,
    Css,
    ElementIndex,
    class_tokens,
    direct_texts,
    inside,
    parse_html,
    tag_lists,
    xml_norm_space,
)
from rtnews.textclean import clean_text, fold_text, is_boilerplate_folded, is_boilerplate_line

__all__ = ["ArticlePage", "Extraction", "blocks", "decode_html", "inside", "norm_space", "text_of"]


def selectors(*css: str) -> tuple[Css, ...]:
    return tuple(Css(text) for text in css)


# Article root, most specific first: the 2023–25 template, the 2020 one, www.rt.com, AMP.
ROOTS = selectors("main article.article", "article.article", "div.article", "main article", "article")
TEXT_CONTAINERS = selectors(
    "div[class*=js-mediator-article]", "div.article__text", "div.text", ".article-body",
)
TITLES = selectors("h1.heading", "h1.article__heading", "h1")
LEADS = selectors("p.intro", ".article__summary", ".summary")
VISIBLE_DATES = selectors(
    ".time-public .date", ".date_article-header", "time.date", ".article__date .date",
    "span.date", "time[datetime]",
)
# The section label printed above the date line (rt-site.md §5, §8).
SECTION_LABELS = selectors(".time-public a", ".article__section", ".article__rubric", "[class*=rubric] a")
# The tag block below the text: the only place tags are read from (not inline links).
TAG_BLOCKS = selectors(".news-tags", ".article__tags", ".tags")
# Widgets that link stories and articles unrelated to this one: the Stories strip,
# RT STORIES, read-more and related blocks, the urgent banner, header and footer.
CHROME_BLOCKS = selectors(
    "header", "nav", "footer", ".menu", ".stories", ".rt-stories", "[class*=read-more]",
    "[class*=crosslink]", ".related", ".urgent", ".cookies",
)
IN_CHROME_BLOCK = AnyOf(CHROME_BLOCKS)
# Page chrome a read-more box found by its words is never taken from.
PAGE_CHROME = selectors("header", "nav", "footer")
IN_PAGE_CHROME = AnyOf(PAGE_CHROME)
# Tags read page-wide, in one pass: the head's, the article roots', the links.
PAGE_TAGS = ("meta", "link", "script", "title", "article", "a")
AUTHORS = selectors(".article__author", "p.author", ".author", "[itemprop=author]")
# Boxes of related articles by class: links in them, and links with such a class.
RELATED_BOX_CLASSES = ("read-more", "crosslink")
# An image inside one of these (class substrings) belongs to a teaser, not the article.
TEASER_CLASSES = ("read-more", "card", "related")
# An image's holder when it sits in no <figure>: a whole-word photo/media class.
PHOTO_HOLDER_TOKENS = frozenset({"photo", "media"})
PHOTO_HOLDER_CLASS = "article__cover"
# Blocks a read-more box may be, and the words it starts with, folded («إقرأ المزيد», «اقرأ أيضا»).
READ_MORE_TAGS = ("p", "div", "aside", "section", "li")
READ_MORE_WORDS = ("اقرا المزيد", "اقرا ايضا")
READ_MORE_PREFIX = 20
# Titles of the site-wide story widgets, and where the walk from one to its widget stops.
STORY_WIDGET_TITLES = frozenset({"Stories", "RT STORIES"})
STORY_WIDGET_STOPS = frozenset({"body", "html", "main", "article"})
PUBLISHED_METAS = (
    "article:published_time", "publish-date", "published_time_telegram", "datePublished",
)
MODIFIED_METAS = ("article:modified_time", "dateModified")
CHALLENGE_MARKERS = (
    "ddos-guard", "checking your browser", "just a moment", "cf-challenge",
    "challenge-platform", "attention required", "please enable javascript and cookies",
)
CHALLENGE_MARKER_BYTES = tuple(marker.encode() for marker in CHALLENGE_MARKERS)
SOURCE_PREFIX = re.compile(r"^\s*(?:المصدر|مصدر)\s*[:：]\s*")
BYLINE = re.compile(r"^\s*(?:بقلم|كتب|كتبت|حوار|إعداد|اعداد)\s*[:：]?\s*(?P<name>[^\n]{2,60})$")
NOT_PHOTOS = re.compile(r"(\.svg|\.gif|/static/|/banners?/)", re.I)
NOT_AUTHORS = frozenset({"rt", "rt arabic", "روسيا اليوم", "rt عربي", "russia today", ""})
ID_DIGIT = re.compile(r"[1-9]")
# Every story URL has this in its path (rtnews.urls), unless a tab or newline splits it
# (safe_url_string drops those): other links need no classifying.
STORY_PATH = "/focuses/"
URL_GAPS = re.compile(r"[\t\n\r]")
TITLE_SUFFIX = re.compile(r"\s+[-—|]\s+RT\b.*$")

# Queries on an image's holder (a few elements), as parsel ran them for the CSS in comments.
_CLASS = "contains(concat(' ', normalize-space(@class), ' '), ' {} ')"
# .caption ::text, .media__title-text ::text
CAPTION_TEXTS = etree.XPath(
    f"descendant-or-self::*[@class and {_CLASS.format('caption')}]/descendant-or-self::text()"
    f" | descendant-or-self::*[@class and {_CLASS.format('media__title-text')}]"
    "/descendant-or-self::text()", smart_strings=False)
# .copyright ::text, [data-role=copyright] ::text, [class*=credit] ::text, figcaption small ::text
CREDIT_TEXTS = etree.XPath(
    f"descendant-or-self::*[@class and {_CLASS.format('copyright')}]/descendant-or-self::text()"
    " | descendant-or-self::*[@data-role = 'copyright']/descendant-or-self::text()"
    " | descendant-or-self::*[@class and contains(@class, 'credit')]/descendant-or-self::text()"
    " | descendant-or-self::figcaption/descendant::small/descendant-or-self::text()",
    smart_strings=False)
FIGCAPTION_TEXTS = etree.XPath(
    ".//figcaption//text()[not(ancestor::small or ancestor::*[contains(@class,'copyright')"
    " or contains(@class,'credit') or contains(@class,'source')])]", smart_strings=False)
FOOTER_CREDIT_TEXTS = etree.XPath(
    "following-sibling::*[1][contains(@class,'media__footer')]//*[@data-role='copyright']//text()",
    smart_strings=False)
STRING_VALUE = etree.XPath("string()", smart_strings=False)  # lxml.html's text_content()
# Fallbacks reading every text of the article root: only when the usual places are empty.
DATE_LINE_TEXTS = etree.XPath(".//text()[contains(., 'تاريخ النشر')]", smart_strings=False)
ELEMENT_TEXTS = etree.XPath(".//*[not(self::script or self::style)]/text()", smart_strings=False)

Link = tuple[str, urls.UrlInfo]
"""(absolute URL, classification) of one href of the page."""


@dataclass(frozen=True, slots=True)
class Extraction:
    """What a page gave: an article, or None and the reason (``challenge``, ``not_article``…)."""

    article: Article | None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class PageHead:
    """What the page states about itself in tags read in one pass."""

    metas: dict[str, str]
    """Non-empty ``<meta>`` contents by ``name``, ``property`` or ``itemprop`` (first wins), raw."""
    canonical: str | None
    """``href`` of the first ``<link rel=canonical>`` that has one."""
    ld_blocks: list[str]
    """Texts of the ``<script type=application/ld+json>`` blocks, in page order."""
    title: str | None
    """The first text of a ``<title>``."""


def names_a_challenge(html_text: str) -> bool:
    """Whether the page's first 6,000 characters hold one of ``CHALLENGE_MARKERS`` in any case.

    Lower-cased as bytes, which is ``str.lower`` for the markers' letters and about half
    the cost on Arabic text; the one other character ``str.lower`` turns into one of their
    letters, KELVIN SIGN («k»), takes the slow way.

    >>> names_a_challenge("<title>Just a Moment...</title>"), names_a_challenge("CHEC\u212aING YOUR BROWSER")
    (True, True)
    """
    head = html_text[:6000]
    if "\u212a" in head:
        lowered = head.lower()
        return any(marker in lowered for marker in CHALLENGE_MARKERS)
    raw = head.encode("utf-8", "surrogatepass").lower()
    return any(marker in raw for marker in CHALLENGE_MARKER_BYTES)


@functools.lru_cache(maxsize=4096)
def site_article_url(url: str) -> str | None:
    """``canonical_article_url`` on the site of ``url`` moved to the site: pages link the
    same articles (latest news, read-more lists), so a crawl meets most of them again."""
    return urls.canonical_article_url(urls.rebase(url, urls.SITE), urls.SITE)


class ArticlePage:
    """An article page: ``ArticlePage(url, html).extract()`` gives an ``Extraction``."""

    def __init__(self, url: str, html_text: str, *, site: str = urls.SITE,
                 date_hint: str | None = None, date_hint_source: str = "sitemap") -> None:
        self.url = url
        self.html = html_text
        self.site = site
        self.date_hint = date_hint
        self.date_hint_source = date_hint_source
        self._links: dict[str, Link] = {}
        self._related: dict[str, str | None] = {}
        self._story_widgets: set[Any] = set()
        self._scanned_for_titles: set[Any] = set()
        self._holds_story_link: dict[Any, bool] = {}

    # --- parsing -------------------------------------------------------------------
    @cached_property
    def tree(self) -> Any:
        """The root element of the page (``<html>``)."""
        return parse_html(self.html)

    @cached_property
    def tagged(self) -> dict[str, list[Any]]:
        """The page's elements of ``PAGE_TAGS``, by tag, in page order."""
        return tag_lists(self.tree, PAGE_TAGS)

    @cached_property
    def head(self) -> PageHead:
        metas: dict[str, str] = {}
        for el in self.tagged["meta"]:
            content = (el.get("content") or "").strip()
            for key in (el.get("name"), el.get("property"), el.get("itemprop")):
                if key and content:
                    metas.setdefault(key, content)
        canonical = next((el.get("href") for el in self.tagged["link"]
                          if el.get("rel") == "canonical" and el.get("href") is not None), None)
        ld_blocks = [text for el in self.tagged["script"] if el.get("type") == "application/ld+json"
                     for text in direct_texts(el)]
        title = next((texts[0] for texts in map(direct_texts, self.tagged["title"]) if texts), None)
        return PageHead(metas, canonical, ld_blocks, title)

    @cached_property
    def ld(self) -> dict[str, Any]:
        return jsonld.article_node(self.head.ld_blocks)

    @cached_property
    def root(self) -> Any:
        """The article element: the first match of ``ROOTS`` holding a headline or the text."""
        for css in ROOTS:
            tag = css.last.tag
            for el in self.tagged[tag] if tag in self.tagged else self.tree.iter(tag):
                if css.matches(el, self.tree) and any(
                        dom.first_match(el, other) is not None for other in TITLES + TEXT_CONTAINERS):
                    return el
        return self.tree

    @cached_property
    def index(self) -> ElementIndex:
        """The article root's elements by tag and class, for the selector tables."""
        return ElementIndex(self.root)

    @cached_property
    def container(self) -> Any | None:
        """The lxml element holding the article text, or the generic best guess."""
        for css in TEXT_CONTAINERS:
            found = list(self.index.select(css))
            if len(found) == 1:
                return found[0]
            if found:
                return max(found, key=lambda e: len(list(blocks(e))))
        return self.densest_block()

    def densest_block(self) -> Any | None:
        """Generic fallback: the element whose own paragraphs hold the most text."""
        best, best_len = None, 0
        for el in self.tree.iter("div", "article", "section", "main"):
            if skipped(el):
                continue
            size = sum(len(STRING_VALUE(p)) for p in el if isinstance(p.tag, str) and p.tag == "p")
            if size > best_len:
                best, best_len = el, size
        return best

    @property
    def metas(self) -> dict[str, str]:
        """Non-empty ``<meta>`` contents by ``name``, ``property`` or ``itemprop`` (first wins)."""
        return self.head.metas

    @cached_property
    def meta_texts(self) -> dict[str, str]:
        """``metas`` unescaped once (their contents carry one level of HTML escaping)."""
        return {key: html.unescape(value) for key, value in self.head.metas.items()}

    def meta(self, *names: str) -> str | None:
        """The first of the named metas the page has, unescaped once."""
        for name in names:
            if name in self.meta_texts:
                return self.meta_texts[name]
        return None

    def first_text(self, table: tuple[Css, ...]) -> str | None:
        """The first non-empty text of an element of the article root matching ``table``."""
        for css in table:
            for el in self.index.select(css):
                text = norm_space(text_of(el))
                if text:
                    return text
        return None

    def link(self, href: str) -> Link:
        """(absolute URL, classification) of an href of this page, worked out once per page."""
        found = self._links.get(href)
        if found is None:
            absolute = urls.absolute(self.url, href)
            found = self._links[href] = (absolute, self.url_info(absolute))
        return found

    # --- page kind ----------------------------------------------------------------
    def is_challenge(self) -> bool:
        if not names_a_challenge(self.html):
            return False
        return all(dom.first_match(self.tree, css) is None for css in TEXT_CONTAINERS)

    @cached_property
    def canonical_url(self) -> str:
        for candidate in (self.head.canonical, self.meta("og:url"), self.url):
            if candidate:
                absolute = urls.absolute(self.url, candidate)
                if self.url_info(absolute).kind is urls.UrlKind.ARTICLE:
                    return absolute
        return self.url

    @cached_property
    def hosts(self) -> frozenset[str]:
        return frozenset({urlsplit(self.url).netloc, urlsplit(self.site).netloc})

    def url_info(self, url: str) -> urls.UrlInfo:
        return urls.classify_url(url, hosts=self.hosts)

    # --- fields -------------------------------------------------------------------
    def article_id(self) -> str | None:
        return self.url_info(self.canonical_url).article_id or self.url_info(self.url).article_id

    def section(self) -> str:
        for candidate in (self.canonical_url, self.url):
            info = self.url_info(candidate)
            if info.section:
                return info.section
        return self.meta("category", "article:section") or ""

    @cached_property
    def _title(self) -> str:
        headline = jsonld.text_value(self.ld.get("headline"))
        value = (
            html.unescape(headline) if headline else None
        ) or self.meta("og:title") or self.first_text(TITLES)
        if not value:
            value = TITLE_SUFFIX.sub("", self.head.title or "")
        return norm_space(value)

    def title(self) -> str:
        return self._title

    def lead(self) -> str:
        return self._lead

    @cached_property
    def _lead(self) -> str:
        visible = self.first_text(LEADS)
        if visible:
            return visible
        described = jsonld.text_value(self.ld.get("description"))
        return norm_space(html.unescape(described) if described else (
            self.meta("description", "og:description") or ""))

    @cached_property
    def text_parts(self) -> tuple[list[str], str | None, str | None]:
        """(body paragraphs, source credit, byline author) from the text container.

        The «المصدر:» line ends the text (it is the container's last paragraph on the
        site): what follows it is a byline or chrome, never body.
        """
        paragraphs: list[str] = []
        source = byline = None
        if self.container is None:
            return paragraphs, source, byline
        found = [norm_space(text_of(b)) for b in blocks(self.container)]
        lines = found or [norm_space(x) for x in loose_text(self.container)]
        skip = {self.title(), self.lead()}
        label = self.section_label()
        for line in lines:
            if not line or line in skip:
                continue
            if SOURCE_PREFIX.match(line):
                source = SOURCE_PREFIX.sub("", line).strip() or source
                continue
            by = BYLINE.match(line)
            if by and len(line) < 70:
                byline = by.group("name").strip()
                continue
            if source is not None or self.is_chrome_or_boilerplate(line, label):
                continue
            paragraphs.append(line)
        return paragraphs, source, byline

    @staticmethod
    def is_chrome_or_boilerplate(line: str, label: str | None) -> bool:
        """``is_chrome_line(line, label) or is_boilerplate_line(clean_text(line))`` for a
        space-normalized line, folding it once where both would fold the same text."""
        folded = fold_text(line)
        if is_chrome_line(line, label, folded=folded):
            return True
        cleaned = clean_text(line)
        return is_boilerplate_folded(folded) if cleaned == line else is_boilerplate_line(cleaned)

    def body(self) -> str:
        return "\n\n".join(self.text_parts[0])

    def source(self) -> str | None:
        """The «المصدر:» credit: the text's last paragraph, or a credit line near it."""
        if self.text_parts[1]:
            return self.text_parts[1]
        for text in ELEMENT_TEXTS(self.root):
            if SOURCE_PREFIX.match(text) and len(text) < 120:
                return norm_space(SOURCE_PREFIX.sub("", text)) or None
        return None

    def author(self) -> str | None:
        candidates: tuple[Callable[[], str | None], ...] = (
            lambda: jsonld.person_name(self.ld.get("author")),
            lambda: self.meta("mediator_author", "author", "article:author"),
            lambda: self.first_text(AUTHORS),
            lambda: self.text_parts[2],
        )
        for candidate in candidates:
            name = candidate()
            if name and norm_space(name).lower() not in NOT_AUTHORS:
                return norm_space(html.unescape(name))
        return None

    def published(self) -> tuple[str | None, str | None, str | None]:
        """(ISO date, raw string, source name) of the publication time: the first source
        that parses, each read only when those before it gave nothing."""
        candidates: tuple[tuple[str, Callable[[], str | None], Callable[[str], Any]], ...] = (
            ("jsonld", lambda: jsonld.text_value(self.ld.get("datePublished")), parse_iso),
            ("meta", lambda: self.meta(*PUBLISHED_METAS), parse_iso),
            ("meta", self.root_time, parse_iso),
            ("visible", self.visible_date, parse_visible),
            (self.date_hint_source, lambda: self.date_hint, parse_iso),
        )
        for source, read, parse in candidates:
            raw = read()
            parsed = parse(raw) if raw else None
            if parsed is not None:
                return to_utc_iso(parsed), raw, source
        return None, None, None

    def root_time(self) -> str | None:
        """The ``datetime`` of the article root's first ``<time>`` that has one."""
        return next((t.get("datetime") for t in self.index.by_tag.get("time", [])
                     if t.get("datetime") is not None), None)

    def visible_date(self) -> str | None:
        """The printed date: a date element, else any text starting «تاريخ النشر:»."""
        found = self.first_text(VISIBLE_DATES)
        if found:
            return found
        for text in DATE_LINE_TEXTS(self.root):
            if DATE_LINE.match(text):
                return norm_space(text)
        return None

    def modified(self) -> str | None:
        raw = jsonld.text_value(self.ld.get("dateModified")) or self.meta(*MODIFIED_METAS)
        parsed = parse_iso(raw) if raw else None
        return to_utc_iso(parsed) if parsed else None

    @cached_property
    def tag_blocks(self) -> set[Any]:
        for css in TAG_BLOCKS:
            found = set(self.index.select(css))
            if found:
                return found
        return set()

    @cached_property
    def tag_links(self) -> list[tuple[str, str]]:
        """(name, slug) of the ``/tags/<slug>/`` links of the article's tag block, in page
        order, each once. A tag link inside a paragraph is a link, not one of its tags."""
        found: dict[str, str] = {}
        held = {a for block in self.tag_blocks for a in block.iter("a")}
        for el in self.index.by_tag.get("a", []):
            href = (el.get("href") or "").strip()
            if el not in held or not href:
                continue
            info = self.link(href)[1]
            if info.kind is urls.UrlKind.TAG and info.tag and info.tag not in found:
                found[info.tag] = norm_space(text_of(el)) or info.tag.replace("-", " ")
        return [(name, slug) for slug, name in found.items()]

    def tags(self) -> list[str]:
        return [name for name, _ in self.tag_links]

    def tag_slugs(self) -> list[str]:
        return [slug for _, slug in self.tag_links]

    # --- stories ------------------------------------------------------------------
    @cached_property
    def own_story_links(self) -> dict[str, tuple[str, str]]:
        """Story number to (URL, link text) of the stories the article links to itself.

        Not those of the site-wide widgets: the Stories strip (which real pages print
        before the headline, inside the article element) and RT STORIES, found by their
        classes (``CHROME_BLOCKS``), by their title words (``in_story_widget``), and by
        standing before the headline.
        """
        found: dict[str, tuple[str, str]] = {}
        headline = self.headline_element
        after_headline = headline is None
        for el in self.root.iter("h1", "a"):
            if el is headline:
                after_headline = True
            if not after_headline or el.tag != "a":
                continue
            story = self.story_link(el.get("href") or "")
            if story is not None and story[1].story_id and story[1].story_id not in found \
                    and not self.in_chrome(el) and not self.in_story_widget(el):
                found[story[1].story_id] = (story[0], norm_space(text_of(el)))
        return found

    @cached_property
    def headline_element(self) -> Any | None:
        for css in TITLES:
            found = self.index.first(css)
            if found is not None:
                return found
        return None

    @cached_property
    def headline_chain(self) -> frozenset[Any]:
        """The headline and its ancestors: no story widget holds the headline."""
        headline = self.headline_element
        return frozenset() if headline is None else frozenset([headline, *headline.iterancestors()])

    @staticmethod
    def in_chrome(el: Any) -> bool:
        """Whether ``el`` lies in one of the page's ``CHROME_BLOCKS``."""
        return IN_CHROME_BLOCK(el) or any(map(IN_CHROME_BLOCK, el.iterancestors()))

    def in_story_widget(self, el: Any) -> bool:
        """Whether ``el`` lies in a container titled «Stories» or «RT STORIES»: from such a
        title (a text of the body) up to the first ancestor holding story links, short of
        one holding the headline or a ``STORY_WIDGET_STOPS`` element.

        Such a widget around ``el`` is one of its ancestors that holds no headline and is
        no stop element, and its title lies below it: only the subtree of the highest of
        those ancestors is read for titles (``_scan_story_titles``), not the whole page.
        """
        chain = [node for node in (el, *el.iterancestors())
                 if node.tag not in STORY_WIDGET_STOPS and node not in self.headline_chain]
        if not chain:
            return False
        self._scan_story_titles(chain[-1])
        return any(node in self._story_widgets for node in chain)

    def _scan_story_titles(self, top: Any) -> None:
        """Add to ``_story_widgets`` the widget of every «Stories» title in ``top``'s subtree."""
        if inside(top, self._scanned_for_titles):
            return
        self._scanned_for_titles.add(top)
        for node in top.iter():
            texts = [(node.text, node)] if isinstance(node.tag, str) else []
            texts.append((node.tail, node.getparent()))
            for text, parent in texts:
                if text and ("Stories" in text or "STORIES" in text) \
                        and xml_norm_space(text) in STORY_WIDGET_TITLES and self._in_body(parent):
                    self._add_story_widget(node)

    @staticmethod
    def _in_body(el: Any) -> bool:
        return el is not None and (el.tag == "body" or any(True for _ in el.iterancestors("body")))

    def _add_story_widget(self, start: Any) -> None:
        el = start
        while el is not None and el.tag not in STORY_WIDGET_STOPS:
            if el in self.headline_chain:
                return
            if self.holds_story_link(el):
                self._story_widgets.add(el)
                return
            el = el.getparent()

    def holds_story_link(self, el: Any) -> bool:
        found = self._holds_story_link.get(el)
        if found is None:
            found = self._holds_story_link[el] = any(
                self.story_link(a.get("href") or "") is not None for a in el.iter("a"))
        return found

    def story_link(self, href: str) -> Link | None:
        """``link(href)`` when it is a story's, found without classifying other links."""
        found = self._links.get(href)
        if found is None:
            absolute = urls.absolute(self.url, href)
            if STORY_PATH not in absolute and not URL_GAPS.search(absolute):
                return None
            found = self.link(href)
        return found if found[1].kind is urls.UrlKind.STORY else None

    def story_ids(self) -> list[str]:
        return list(self.own_story_links)

    def story_titles(self) -> dict[str, str]:
        """Story number to the name the article's link gives it."""
        return {key: title for key, (_, title) in self.own_story_links.items() if title}

    # --- links for discovery ------------------------------------------------------
    @cached_property
    def anchors(self) -> list[tuple[Any, str, Link]]:
        """Every ``<a>`` of the page, its href ("" for none) and that href's ``link``, in order."""
        links, link = self._links, self.link
        return [(a, href, links.get(href) or link(href))
                for a in self.tagged["a"] for href in (a.get("href") or "",)]

    @cached_property
    def page_links(self) -> list[Link]:
        """(absolute URL, classification) of every link of the page with an href, in order."""
        return [found for _, href, found in self.anchors if href]

    def story_urls(self) -> list[str]:
        """Every story linked from the page (the Stories strip too): for discovery."""
        found: dict[str, str] = {}
        for absolute, info in self.page_links:
            if info.kind is urls.UrlKind.STORY and info.story_id and info.story_id not in found:
                found[info.story_id] = absolute
        return list(found.values())

    def article_urls(self) -> list[str]:
        """Every article linked from the page (read-more, related, pinned headlines)."""
        found: dict[str, str] = {}
        for absolute, info in self.page_links:
            if info.kind is urls.UrlKind.ARTICLE and info.article_id and info.article_id not in found:
                found[info.article_id] = absolute
        return list(found.values())

    # --- images -------------------------------------------------------------------
    def images(self) -> list[Image]:
        found: dict[str, Image] = {}
        for img in self.root.iter("img", "amp-img"):
            if any(c in (a.get("class") or "") for a in img.iterancestors() for c in TEASER_CLASSES):
                continue
            url = self.image_url(img)
            if url and url not in found and not NOT_PHOTOS.search(url):
                found[url] = Image(url, *self.caption_credit(self.image_holder(img)))
        return list(found.values())

    @staticmethod
    def image_holder(img: Any) -> Any | None:
        """The image's ``<figure>``, else its nearest photo/media/cover ancestor."""
        figure = next(img.iterancestors("figure"), None)
        if figure is not None:
            return figure
        for el in img.iterancestors():
            value = el.get("class")
            if value and (PHOTO_HOLDER_CLASS in value or PHOTO_HOLDER_TOKENS.intersection(
                    class_tokens(value))):
                return el
        return None

    def image_url(self, img: Any) -> str | None:
        for attr in ("data-src", "src"):
            value = (img.get(attr) or "").strip()
            if value and not value.startswith("data:"):
                return urls.absolute(self.url, value)
        return None

    @staticmethod
    def caption_credit(holder: Any | None) -> tuple[str, str]:
        """(caption, credit) of an image's holder: its ``.caption`` (or ``<figcaption>``
        text without the credit) and its ``.copyright`` (or a credit-like part of it)."""
        if holder is None:
            return "", ""
        caption = norm_space(" ".join(CAPTION_TEXTS(holder)))
        credit = norm_space(" ".join(CREDIT_TEXTS(holder)))
        if not caption:
            caption = norm_space(" ".join(FIGCAPTION_TEXTS(holder)))
        if not credit:
            credit = norm_space(" ".join(FOOTER_CREDIT_TEXTS(holder)))
        return caption, credit

    # --- related articles ---------------------------------------------------------
    def related_urls(self) -> list[str]:
        """Articles of read-more and crosslink blocks: by their classes, or by the
        «إقرأ المزيد» words a box starts with when it has none."""
        hrefs: list[str] = [a.get("href") for a in self.related_box_links]
        for block in self.read_more_boxes:
            hrefs += [a.get("href") or "" for a in block.iter("a")]
        found: list[str] = []
        for href in hrefs:
            canonical = self.related_url(href)
            if canonical and canonical not in found:
                found.append(canonical)
        return found

    def related_url(self, href: str) -> str | None:
        """The canonical article URL on the site an href of a related box points to."""
        if href not in self._related:
            absolute, info = self.link(href)
            # Only article-shaped paths have one, whatever the host (an ARTICLE is on the site).
            self._related[href] = site_article_url(absolute) if info.kind in (
                urls.UrlKind.ARTICLE, urls.UrlKind.OTHER) else None
        return self._related[href]

    @cached_property
    def related_box_links(self) -> list[Any]:
        """Links of the article root with an href inside an element whose class names a
        related box (``RELATED_BOX_CLASSES``) or with such a class, in page order."""
        held: set[Any] = set()  # the boxes' elements: each box once, those inside one skipped
        for box, value in self.index.with_class:
            if box not in held and any(name in value for name in RELATED_BOX_CLASSES):
                held.update(box.iter())
        return [a for a in self.index.by_tag.get("a", []) if a in held and a.get("href") is not None]

    @cached_property
    def read_more_boxes(self) -> list[Any]:
        """Blocks of the page, outside header, navigation and footer, whose text starts
        with ``READ_MORE_WORDS`` (compared on its first ``READ_MORE_PREFIX`` characters).

        A block adds related URLs only through its links to articles, so only the blocks
        holding such a link are read, each no further than its first words.
        """
        first_link: dict[Any, int] = {}  # block -> position of its first article link
        seen: set[Any] = set()
        for position, (a, href, (absolute, info)) in enumerate(self.anchors):
            # related_url(href) is not None: a site article, or an article of another host
            # (whose id needs a digit, which most off-site links lack)
            if info.kind is not urls.UrlKind.ARTICLE and (
                    info.kind is not urls.UrlKind.OTHER or ID_DIGIT.search(absolute) is None
                    or self.related_url(href) is None):
                continue
            el = a.getparent()
            while el is not None and el not in seen:
                seen.add(el)
                if el.tag in READ_MORE_TAGS:
                    first_link[el] = position
                el = el.getparent()
        leads: dict[Any, str] = {}
        found = [block for block in first_link
                 if may_read_more(text_lead(block, leads).lstrip())
                 and fold_text(text_start(block, READ_MORE_PREFIX)).startswith(READ_MORE_WORDS)
                 and not (IN_PAGE_CHROME(block) or any(map(IN_PAGE_CHROME, block.iterancestors())))]
        # Page order: a box holding another comes first, else the first link decides.
        return sorted(found, key=lambda b: (first_link[b], sum(1 for _ in b.iterancestors())))

    def dataset_url(self) -> str | None:
        """The canonical URL on https://arabic.rt.com for this site (any replica of it
        included); pages of other RT editions keep their own origin."""
        found = self.canonical_url
        parts = urlsplit(found)
        if urls.same_site(found, self.hosts) and (
            parts.hostname in urls.ALT_HOSTS or urlsplit(self.site).netloc == parts.netloc
        ):
            return urls.canonical_article_url(found, urls.SITE)
        return urls.canonical_article_url(found, f"{parts.scheme}://{parts.netloc}")

    @cached_property
    def _section_label(self) -> str | None:
        found = self.first_text(SECTION_LABELS)
        if found and not DATE_LINE.match(found):
            return found
        return self.meta("category") or None

    def section_label(self) -> str | None:
        """The section name printed above the date line (the header's section link)."""
        return self._section_label

    def language(self) -> str:
        lang = (self.tree.get("lang") if self.tree.tag == "html" else None) or jsonld.text_value(
            self.ld.get("inLanguage"))
        return (lang or "ar").split("-")[0].lower()

    # --- the item -----------------------------------------------------------------
    def extract(self, crawled_at: str = "") -> Extraction:
        if self.is_challenge():
            return Extraction(None, "challenge")
        article_id = self.article_id()
        if article_id is None:
            return Extraction(None, "not_article")
        canonical = self.dataset_url()
        published, raw, source = self.published()
        return Extraction(Article(
            article_id=article_id,
            url=canonical or self.canonical_url,
            url_hash=urls.url_hash(canonical or self.canonical_url) or "",
            section=self.section(),
            title=self.title(),
            lead=self.lead(),
            body=self.body(),
            published_at=published,
            modified_at=self.modified(),
            author=self.author(),
            source=self.source(),
            tags=self.tags(),
            tag_slugs=self.tag_slugs(),
            story_ids=self.story_ids(),
            images=self.images(),
            related_urls=self.related_urls(),
            language=self.language(),
            crawled_at=crawled_at,
            published_at_raw=raw,
            published_at_source=source,
            section_label=self.section_label(),
        ))


def decode_html(body: bytes, header_charset: str | None = None) -> str:
    """Decode page bytes: HTTP charset, then ``<meta charset>``, then UTF-8 / windows-1256."""
    for charset in (header_charset, meta_charset(body)):
        if charset:
            try:
                return body.decode(charset)
            except (LookupError, UnicodeDecodeError):
                continue
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1256", errors="replace")


def meta_charset(body: bytes) -> str | None:
    match = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", body[:4096], re.I)
    return match.group(1).decode("ascii") if match else None
