"""Typed items the crawl exports: articles, stories and their images.

Field order is the column order of every export (CSV, JSON, JSON Lines), so it is
part of the dataset's format: add fields at the end, never reorder.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Image:
    """An image of an article: the cover or one inside the text."""

    url: str
    """Absolute URL of the largest version the page names (lazy ``data-src`` preferred)."""
    caption: str = ""
    """Caption under the image, layer-1 clean; "" when the page has none."""
    credit: str = ""
    """Photo credit (for example ``RIA NOVOSTI``, ``Sputnik``, ``أرشيف / RT``); "" when absent."""


@dataclass(slots=True)
class Article:
    """One news article of arabic.rt.com, as published."""

    article_id: str
    """The site's article number as a decimal string (``"1772101"``): the article's identity."""
    url: str
    """Canonical URL: ``https://arabic.rt.com/<section>/<id>-<slug>/``, upper-case escapes."""
    url_hash: str
    """SHA-1 hex of ``arabic.rt.com/article/<article_id>``: equal for every URL variant."""
    section: str
    """Section slug from the URL path (``middle_east``, ``news``, ``prg/telecast``, ``docfilms/life``)."""
    title: str
    """Headline, layer-1 clean, one line."""
    lead: str
    """Standfirst (the intro paragraph or the description meta), layer-1 clean, one line."""
    body: str
    """Body paragraphs, layer-1 clean, separated by one blank line; no lead, captions,
    credits, read-more blocks, embeds, source line or site boilerplate."""
    published_at: str | None
    """Publication time, ISO 8601 with UTC offset (``2026-03-14T10:22:00+03:00``); None if unknown."""
    modified_at: str | None
    """Last modification time, same format; None when the page gives none."""
    author: str | None
    """Author's name, layer-1 clean; None when the page names nobody."""
    source: str | None
    """The «المصدر:» credit without its prefix (``RT``, ``نوفوستي``, ``"رويترز"``); None if absent."""
    tags: list[str] = field(default_factory=list)
    """Tag names as the article shows them (link texts of its ``/tags/<slug>/`` links),
    layer-1 clean, in page order."""
    story_ids: list[str] = field(default_factory=list)
    """Keys of the stories the article belongs to (see ``Story.story_id``), in page order."""
    images: list[Image] = field(default_factory=list)
    """Cover first, then in-body images, in page order, each once."""
    related_urls: list[str] = field(default_factory=list)
    """Canonical URLs of articles linked from read-more / crosslink blocks, each once."""
    language: str = "ar"
    """BCP-47 language of the page (``ar`` on arabic.rt.com, ``en`` on www.rt.com)."""
    crawled_at: str = ""
    """When the page was fetched, ISO 8601 in UTC with offset."""
    published_at_raw: str | None = None
    """The date string ``published_at`` was parsed from, as the page gave it."""
    published_at_source: str | None = None
    """Where ``published_at`` came from: ``jsonld``, ``meta``, ``visible``, ``feed`` or ``sitemap``."""
    title_norm: str = ""
    """``title`` folded for search (layer 2, see ``rtnews.textclean.fold_text``)."""
    lead_norm: str = ""
    """``lead`` folded for search (layer 2)."""
    body_norm: str = ""
    """``body`` folded for search (layer 2); paragraphs still separated by a blank line."""
    quality_flags: list[str] = field(default_factory=list)
    """Sorted problems noticed in the page (``mojibake``, ``replacement_char``,
    ``date_untrusted``, ``no_date``…); empty when none."""
    content_hash: str = ""
    """SHA-1 hex of ``title_norm`` and ``body_norm``: changes when the text changes."""
    simhash: str = ""
    """64-bit simhash of ``body_norm`` word 3-shingles, 16 hex digits ("" for short bodies)."""
    revision: int = 1
    """1 when first exported; +1 each time a re-fetch finds changed text (``refetch_days``)."""
    near_duplicate_of: str | None = None
    """``article_id`` of an earlier article whose body is nearly the same text
    (simhash within 7 bits); flagged, not dropped. None when there is none."""
    tag_slugs: list[str] = field(default_factory=list)
    """Decoded slugs of the same tag links (``/tags/<slug>/``), in the order of ``tags``."""
    section_label: str | None = None
    """The section name the page prints above the date line, layer-1 clean (``أخبار العالم``,
    ``العالم الرقمي و Social media``); on ``features`` and ``prg`` pages it names the topic,
    not the URL section. None when the page prints none."""


@dataclass(slots=True)
class Story:
    """A story (topic collection) of arabic.rt.com and the articles it lists."""

    story_id: str
    """The story's number from its landing page ``/focuses/<number>-<slug>/``, decimal
    (``"63564"``): its own id space, unrelated to article ids."""
    title: str
    """The story's name as shown on its landing page, layer-1 clean."""
    url: str
    """Canonical URL of the landing page: ``https://arabic.rt.com/focuses/<number>-<slug>/``,
    slug percent-encoded with upper-case hex."""
    trend_id: str | None
    """The site's internal 24-hex id used by ``/listing/trend.<id>/…``; None if not shown."""
    article_count_shown: int | None
    """The «N خبر» figure the site shows for the story; None when the page shows none."""
    article_ids: list[str] = field(default_factory=list)
    """Ids of the story's articles: every id seen on its landing page, its listing pages
    (where robots.txt allows them) and in article pages' links to the story, in this run
    and earlier ones (the union, kept in the state file); newest sighting order first."""
    crawled_at: str = ""
    """When the landing page was fetched, ISO 8601 in UTC with offset."""
    first_seen_at: str = ""
    """When a crawl first saw the story (kept across runs in the state file), ISO 8601 UTC."""
    last_seen_at: str = ""
    """When a crawl last saw the story, ISO 8601 UTC."""
