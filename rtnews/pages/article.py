"""Article page object: one RT article page (HTML text) to an ``Article``, without Scrapy.

Every field reads the most reliable source first and degrades gracefully:
JSON-LD (parsed leniently) → meta tags → the article DOM → a generic fallback, so a
template change costs a field's best source, not the whole article. The page is
parsed once; selectors are class constants.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from parsel import Selector

from rtnews import urls
from rtnews.dates import parse_iso, parse_visible, to_utc_iso
from rtnews.items import Article, Image
from rtnews.pages import jsonld
from rtnews.pages.chrome import DATE_LINE, is_chrome_line
from rtnews.textclean import clean_text, fold_text, is_boilerplate_line

# Article root, most specific first: the 2023–25 template, the 2020 one, www.rt.com, AMP.
ROOTS = ("main article.article", "article.article", "div.article", "main article", "article")
TEXT_CONTAINERS = (
    "div[class*=js-mediator-article]", "div.article__text", "div.text", ".article-body",
)
TITLES = ("h1.heading", "h1.article__heading", "h1")
LEADS = ("p.intro", ".article__summary", ".summary")
VISIBLE_DATES = (
    ".time-public .date", ".date_article-header", "time.date", ".article__date .date",
    "span.date", "time[datetime]",
)
# The section label printed above the date line (rt-site.md §5, §8).
# An image's holder when it sits in no <figure>: a whole-word photo/media class.
PHOTO_HOLDER = ("ancestor::*[contains(concat(' ', normalize-space(@class), ' '), ' photo ')"
                " or contains(@class, 'article__cover') or contains(concat(' ', normalize-space(@class),"
                " ' '), ' media ')][1]")
# The words a read-more box starts with, folded («إقرأ المزيد», «اقرأ أيضا»).
READ_MORE_WORDS = ("اقرا المزيد", "اقرا ايضا")
CREDITS = (".copyright ::text, [data-role=copyright] ::text, [class*=credit] ::text,"
           " figcaption small ::text")
SECTION_LABELS = (".time-public a", ".article__section", ".article__rubric", "[class*=rubric] a")
# The tag block below the text: the only place tags are read from (not inline links).
TAG_BLOCKS = (".news-tags", ".article__tags", ".tags")
# Widgets that link stories and articles unrelated to this one: the Stories strip,
# RT STORIES, read-more and related blocks, the urgent banner, header and footer.
CHROME_BLOCKS = (
    "header, nav, footer, .menu, .stories, .rt-stories, [class*=read-more], [class*=crosslink],"
    " .related, .urgent, .cookies"
)
AUTHORS = (".article__author", "p.author", ".author", "[itemprop=author]")
PUBLISHED_METAS = (
    "article:published_time", "publish-date", "published_time_telegram", "datePublished",
)
MODIFIED_METAS = ("article:modified_time", "dateModified")
BLOCK_TAGS = frozenset({"p", "h2", "h3", "h4", "h5", "blockquote", "li", "pre"})
SKIP_TAGS = frozenset({
    "script", "style", "noscript", "iframe", "figure", "figcaption", "img", "picture",
    "video", "audio", "amp-img", "button", "form", "svg", "aside", "nav", "template",
})
SKIP_CLASS_PREFIXES = (
    "read-more", "crosslink", "photo", "gallery", "share", "rtcode", "twitter-", "instagram-",
    "tiktok-", "telegram", "caption", "copyright", "video", "banner", "adfox", "social",
    "news-tags", "tags", "comments", "related", "subscribe", "media__", "embed", "follow",
    "cookies", "article__cover", "stories", "rt-stories", "card", "listing", "urgent", "audio",
    "time-public",
)
SKIP_CLASSES = frozenset({"media", "intro", "summary", "article__summary"})
CHALLENGE_MARKERS = (
    "ddos-guard", "checking your browser", "just a moment", "cf-challenge",
    "challenge-platform", "attention required", "please enable javascript and cookies",
)
SOURCE_PREFIX = re.compile(r"^\s*(?:المصدر|مصدر)\s*[:：]\s*")
BYLINE = re.compile(r"^\s*(?:بقلم|كتب|كتبت|حوار|إعداد|اعداد)\s*[:：]?\s*(?P<name>[^\n]{2,60})$")
NOT_PHOTOS = re.compile(r"(\.svg|\.gif|/static/|/banners?/)", re.I)
NOT_AUTHORS = frozenset({"rt", "rt arabic", "روسيا اليوم", "rt عربي", "russia today", ""})


@dataclass(frozen=True, slots=True)
class Extraction:
    """What a page gave: an article, or None and the reason (``challenge``, ``not_article``…)."""

    article: Article | None
    reason: str | None = None


def norm_space(text: str) -> str:
    return " ".join(text.split())


def has_class(el: Any) -> set[str]:
    return set((el.get("class") or "").split())


def skipped(el: Any) -> bool:
    """True for elements whose subtree is never article text (media, embeds, widgets)."""
    if not isinstance(el.tag, str) or el.tag in SKIP_TAGS:
        return True
    classes = has_class(el)
    if classes & SKIP_CLASSES:
        return True
    return any(c.startswith(SKIP_CLASS_PREFIXES) for c in classes)


def text_of(el: Any) -> str:
    """The element's text without skipped descendants, ``<br>`` as a newline."""
    parts: list[str] = [el.text or ""] if isinstance(el.tag, str) else []
    for child in el:
        if isinstance(child.tag, str) and child.tag == "br":
            parts.append("\n")
        elif not skipped(child):
            parts.append(text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def blocks(el: Any) -> Iterator[Any]:
    """Block elements (paragraphs, headings, quotes, list items) under ``el``, in order."""
    for child in el:
        if skipped(child):
            continue
        if child.tag in BLOCK_TAGS:
            yield child
        else:
            yield from blocks(child)


def inside(el: Any, containers: set[Any]) -> bool:
    """Whether ``el`` lies within one of ``containers`` (lxml elements)."""
    while el is not None:
        if el in containers:
            return True
        el = el.getparent()
    return False


def loose_text(el: Any) -> list[str]:
    """Text sitting directly in a container without paragraphs (old pages use ``<br>``)."""
    own = [el.text or ""] + [
        ("\n" if c.tag == "br" else "") + (c.tail or "") for c in el if isinstance(c.tag, str)
    ]
    return [line for line in "".join(own).split("\n") if line.strip()]


class ArticlePage:
    """An article page: ``ArticlePage(url, html).extract()`` gives an ``Extraction``."""

    def __init__(self, url: str, html_text: str, *, site: str = urls.SITE,
                 date_hint: str | None = None, date_hint_source: str = "sitemap") -> None:
        self.url = url
        self.html = html_text
        self.site = site
        self.date_hint = date_hint
        self.date_hint_source = date_hint_source

    # --- parsing -------------------------------------------------------------------
    @cached_property
    def sel(self) -> Selector:
        return Selector(text=self.html or "<html></html>")

    @cached_property
    def ld(self) -> dict[str, Any]:
        return jsonld.article_node(self.sel.css("script[type='application/ld+json']::text").getall())

    @cached_property
    def root(self) -> Selector:
        for css in ROOTS:
            found = [s for s in self.sel.css(css) if s.css(",".join(TEXT_CONTAINERS + TITLES))]
            if found:
                return found[0]
        return self.sel

    @cached_property
    def container(self) -> Any | None:
        """The lxml element holding the article text, or the generic best guess."""
        for css in TEXT_CONTAINERS:
            found = self.root.css(css)
            if found:
                return max((s.root for s in found), key=lambda e: len(list(blocks(e))))
        return self.densest_block()

    def densest_block(self) -> Any | None:
        """Generic fallback: the element whose own paragraphs hold the most text."""
        best, best_len = None, 0
        for el in self.sel.root.iter("div", "article", "section", "main"):
            if skipped(el):
                continue
            size = sum(len(p.text_content()) for p in el if isinstance(p.tag, str) and p.tag == "p")
            if size > best_len:
                best, best_len = el, size
        return best

    @cached_property
    def metas(self) -> dict[str, str]:
        """Non-empty ``<meta>`` contents by ``name``, ``property`` or ``itemprop`` (first wins)."""
        found: dict[str, str] = {}
        for el in self.sel.root.iter("meta"):
            content = (el.get("content") or "").strip()
            for key in (el.get("name"), el.get("property"), el.get("itemprop")):
                if key and content:
                    found.setdefault(key, content)
        return found

    def meta(self, *names: str) -> str | None:
        """The first of the named metas the page has, unescaped once."""
        for name in names:
            if name in self.metas:
                return html.unescape(self.metas[name])
        return None

    def first_text(self, selectors: tuple[str, ...], scope: Selector | None = None) -> str | None:
        scope = scope if scope is not None else self.root
        for css in selectors:
            for s in scope.css(css):
                text = norm_space(text_of(s.root))
                if text:
                    return text
        return None

    # --- page kind ----------------------------------------------------------------
    def is_challenge(self) -> bool:
        head = self.html[:6000].lower()
        if not any(marker in head for marker in CHALLENGE_MARKERS):
            return False
        return not self.sel.css(",".join(TEXT_CONTAINERS))

    @cached_property
    def canonical_url(self) -> str:
        candidates = (
            self.sel.css("link[rel=canonical]::attr(href)").get(),
            self.meta("og:url"),
            self.url,
        )
        for candidate in candidates:
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
            value = re.sub(r"\s+[-—|]\s+RT\b.*$", "", self.sel.css("title::text").get("") or "")
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
            if source is not None or is_chrome_line(line, label) or is_boilerplate_line(clean_text(line)):
                continue
            paragraphs.append(line)
        return paragraphs, source, byline

    def body(self) -> str:
        return "\n\n".join(self.text_parts[0])

    def source(self) -> str | None:
        """The «المصدر:» credit: the text's last paragraph, or a credit line near it."""
        if self.text_parts[1]:
            return self.text_parts[1]
        for text in self.root.xpath(".//*[not(self::script or self::style)]/text()").getall():
            if SOURCE_PREFIX.match(text) and len(text) < 120:
                return norm_space(SOURCE_PREFIX.sub("", text)) or None
        return None

    def author(self) -> str | None:
        candidates = (
            jsonld.person_name(self.ld.get("author")),
            self.meta("mediator_author", "author", "article:author"),
            self.first_text(AUTHORS),
            self.text_parts[2],
        )
        for name in candidates:
            if name and norm_space(name).lower() not in NOT_AUTHORS:
                return norm_space(html.unescape(name))
        return None

    def published(self) -> tuple[str | None, str | None, str | None]:
        """(ISO date, raw string, source name) of the publication time."""
        candidates = [
            ("jsonld", jsonld.text_value(self.ld.get("datePublished")), parse_iso),
            ("meta", self.meta(*PUBLISHED_METAS), parse_iso),
            ("meta", self.root.css("time::attr(datetime)").get(), parse_iso),
            ("visible", self.visible_date(), parse_visible),
            (self.date_hint_source, self.date_hint, parse_iso),
        ]
        for source, raw, parse in candidates:
            parsed = parse(raw) if raw else None
            if parsed is not None:
                return to_utc_iso(parsed), raw, source
        return None, None, None

    def visible_date(self) -> str | None:
        """The printed date: a date element, else any text starting «تاريخ النشر:»."""
        found = self.first_text(VISIBLE_DATES)
        if found:
            return found
        for text in self.root.xpath(".//text()[contains(., 'تاريخ النشر')]").getall():
            if DATE_LINE.match(text):
                return norm_space(text)
        return None

    def modified(self) -> str | None:
        raw = jsonld.text_value(self.ld.get("dateModified")) or self.meta(*MODIFIED_METAS)
        parsed = parse_iso(raw) if raw else None
        return to_utc_iso(parsed) if parsed else None

    @cached_property
    def root_links(self) -> list[tuple[str, urls.UrlInfo, Any]]:
        """(absolute URL, classification, element) of every link in the article."""
        found = []
        for link in self.root.root.iter("a"):
            href = (link.get("href") or "").strip()
            if href:
                absolute = urls.absolute(self.url, href)
                found.append((absolute, self.url_info(absolute), link))
        return found

    @cached_property
    def chrome(self) -> set[Any]:
        """Elements of widgets whose links are not this article's (see ``CHROME_BLOCKS``)."""
        return {s.root for s in self.sel.css(CHROME_BLOCKS)}

    @cached_property
    def tag_blocks(self) -> set[Any]:
        for css in TAG_BLOCKS:
            found = {s.root for s in self.root.css(css)}
            if found:
                return found
        return set()

    @cached_property
    def tag_links(self) -> list[tuple[str, str]]:
        """(name, slug) of the ``/tags/<slug>/`` links of the article's tag block, in page
        order, each once. A tag link inside a paragraph is a link, not one of its tags."""
        found: dict[str, str] = {}
        for _, info, link in self.root_links:
            if info.kind is urls.UrlKind.TAG and info.tag and info.tag not in found \
                    and inside(link, self.tag_blocks):
                found[info.tag] = norm_space(text_of(link)) or info.tag.replace("-", " ")
        return [(name, slug) for slug, name in found.items()]

    def tags(self) -> list[str]:
        return [name for name, _ in self.tag_links]

    def tag_slugs(self) -> list[str]:
        return [slug for _, slug in self.tag_links]

    @cached_property
    def own_story_links(self) -> dict[str, tuple[str, str]]:
        """Story number to (URL, link text) of the stories the article links to itself.

        Not those of the site-wide widgets: the Stories strip (which real pages print
        before the headline, inside the article element) and RT STORIES, found by their
        classes, by their title words, and by standing before the headline.
        """
        found: dict[str, tuple[str, str]] = {}
        widgets = self.chrome | self.story_widgets
        headline = self.headline_element
        after_headline = headline is None
        for el in self.root.root.iter():
            if el is headline:
                after_headline = True
            if not after_headline or el.tag != "a":
                continue
            info = self.url_info(urls.absolute(self.url, el.get("href") or ""))
            if info.kind is urls.UrlKind.STORY and info.story_id and info.story_id not in found \
                    and not inside(el, widgets):
                found[info.story_id] = (urls.absolute(self.url, el.get("href") or ""),
                                        norm_space(text_of(el)))
        return found

    @cached_property
    def headline_element(self) -> Any | None:
        for css in TITLES:
            found = self.root.css(css)
            if found:
                return found[0].root
        return None

    @cached_property
    def story_widgets(self) -> set[Any]:
        """Containers titled «Stories» or «RT STORIES»: from the title up to the first
        ancestor holding story links, short of one holding the headline."""
        found = set()
        for text in self.sel.root.xpath("//body//text()[normalize-space()='Stories' or "
                                        "normalize-space()='RT STORIES']"):
            el = text.getparent()
            while el is not None and el.tag not in ("body", "html", "main", "article"):
                if self.headline_element is not None and inside(self.headline_element, {el}):
                    break
                if any(self.url_info(urls.absolute(self.url, a.get("href") or "")).kind
                       is urls.UrlKind.STORY for a in el.iter("a")):
                    found.add(el)
                    break
                el = el.getparent()
        return found

    def story_ids(self) -> list[str]:
        return list(self.own_story_links)

    def story_titles(self) -> dict[str, str]:
        """Story number to the name the article's link gives it."""
        return {key: title for key, (_, title) in self.own_story_links.items() if title}

    def story_urls(self) -> list[str]:
        """Every story linked from the page (the Stories strip too): for discovery."""
        found: dict[str, str] = {}
        for link in self.sel.root.iter("a"):
            href = link.get("href")
            if href:
                absolute = urls.absolute(self.url, href)
                info = self.url_info(absolute)
                if info.kind is urls.UrlKind.STORY and info.story_id and info.story_id not in found:
                    found[info.story_id] = absolute
        return list(found.values())

    def article_urls(self) -> list[str]:
        """Every article linked from the page (read-more, related, pinned headlines)."""
        found: dict[str, str] = {}
        for link in self.sel.root.iter("a"):
            href = link.get("href")
            if not href:
                continue
            absolute = urls.absolute(self.url, href)
            info = self.url_info(absolute)
            if info.kind is urls.UrlKind.ARTICLE and info.article_id and info.article_id not in found:
                found[info.article_id] = absolute
        return list(found.values())

    def images(self) -> list[Image]:
        found: dict[str, Image] = {}
        for img in self.root.css("img, amp-img"):
            if img.xpath("ancestor::*[contains(@class,'read-more') or contains(@class,'card')"
                         " or contains(@class,'related')]"):
                continue
            url = self.image_url(img)
            if url and url not in found and not NOT_PHOTOS.search(url):
                holder = img.xpath("ancestor::figure[1]") or img.xpath(PHOTO_HOLDER)
                found[url] = Image(url, *self.caption_credit(holder[0] if holder else None))
        return list(found.values())

    def image_url(self, img: Selector) -> str | None:
        for attr in ("data-src", "src"):
            value = (img.attrib.get(attr) or "").strip()
            if value and not value.startswith("data:"):
                return urls.absolute(self.url, value)
        return None

    @staticmethod
    def caption_credit(holder: Selector | None) -> tuple[str, str]:
        """(caption, credit) of an image's holder: its ``.caption`` (or ``<figcaption>``
        text without the credit) and its ``.copyright`` (or a credit-like part of it)."""
        if holder is None:
            return "", ""
        caption = norm_space(" ".join(holder.css(".caption ::text, .media__title-text ::text").getall()))
        credit = norm_space(" ".join(holder.css(CREDITS).getall()))
        if not caption:
            caption = norm_space(" ".join(holder.xpath(
                ".//figcaption//text()[not(ancestor::small or ancestor::*[contains(@class,'copyright')"
                " or contains(@class,'credit') or contains(@class,'source')])]").getall()))
        if not credit:
            credit = norm_space(" ".join(holder.xpath(
                "following-sibling::*[1][contains(@class,'media__footer')]"
                "//*[@data-role='copyright']//text()").getall()))
        return caption, credit

    def related_urls(self) -> list[str]:
        """Articles of read-more and crosslink blocks: by their classes, or by the
        «إقرأ المزيد» words a box starts with when it has none."""
        css = ("[class*=read-more] a::attr(href), a[class*=read-more]::attr(href), "
               "[class*=crosslink] a::attr(href), a[class*=crosslink]::attr(href)")
        hrefs = self.root.css(css).getall()
        page_chrome = {s.root for s in self.sel.css("header, nav, footer")}
        for block in self.sel.root.iter("p", "div", "aside", "section", "li"):
            start = fold_text(norm_space(text_of(block))[:20])
            if start.startswith(READ_MORE_WORDS) and not inside(block, page_chrome):
                hrefs += [a.get("href") or "" for a in block.iter("a")]
        found: list[str] = []
        for href in hrefs:
            canonical = urls.canonical_article_url(
                urls.rebase(urls.absolute(self.url, href), urls.SITE), urls.SITE)
            if canonical and canonical not in found:
                found.append(canonical)
        return found

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
        lang = self.sel.xpath("/html/@lang").get() or jsonld.text_value(self.ld.get("inLanguage"))
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

