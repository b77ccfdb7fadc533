"""HTML, RSS and sitemap templates of the offline arabic.rt.com replica.

The markup follows ``rt-site.md``. The current article template (``article_modern``)
prints its blocks in the order a real page of May 2026 shows them (§8): the Stories
strip, the section label, the date line ``تاريخ النشر: DD.MM.YYYY | HH:MM GMT`` (UTC),
the headline, the lead, the body with «إقرأ المزيد» boxes, the «المصدر:» line, a
related-headlines block, the tags, the share row, the comments heading and the «هام»
banner; with the confirmed classes of §5 (``main … article``, ``h1.heading``,
``div.text.js-text.js-mediator-article``, ``.time-public``, ``.news-tags``). Inferred
variants ([I]) are kept beside it: the 2020 ``div.article`` template with a summary
block, AMP pages, TV and programme episodes, galleries and video pages. Every page
carries the site's chrome because the real pages do and the extractor must leave it out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from urllib.parse import quote

SITE = "https://arabic.rt.com"

# Names of the navigation menu and of the 2020 template's section link.
SECTION_NAMES = {
    "world": "العالم",
    "middle_east": "الشرق الأوسط",
    "russia": "روسيا",
    "business": "اقتصاد",
    "sport": "رياضة",
    "technology": "تكنولوجيا",
    "space": "فضاء",
    "health": "صحة",
    "society": "مجتمع",
    "culture": "ثقافة وفن",
    "funny": "منوعات",
    "press": "الصحافة",
    "features": "تحقيقات وتقارير",
    "news": "أخبار",
    "photolines": "صور",
    "videoclub": "فيديو",
    "prg/telecast": "برامج",
    "prg": "برامج",
    "it": "العالم الرقمي",
    "car": "سيارات",
}
# Section labels of the current template, as the real pages of 26 May 2026 print them
# (rt-site.md §8); features and programme pages print the label of their topic instead.
SECTION_LABELS = {
    "world": "أخبار العالم",
    "middle_east": "أخبار العالم العربي",
    "business": "مال وأعمال",
    "sport": "الرياضة",
    "health": "الصحة",
    "society": "مجتمع",
    "funny": "متفرقات",
    "space": "الفضاء",
    "videoclub": "فيديوهات",
    "it": "العالم الرقمي و Social media",
    "russia": "أخبار روسيا",
    "culture": "الثقافة والفن",
    "technology": "العلوم والتكنولوجيا",
    "car": "عالم السيارات",
}
LABEL_SECTIONS = {label: section for section, label in SECTION_LABELS.items()}


@dataclass
class Img:
    url: str
    caption: str = ""
    credit: str = ""


@dataclass
class Related:
    """A read-more link: another article's URL, headline and lead."""

    url: str
    title: str
    lead: str = ""


@dataclass
class StoryRef:
    """A story (topic collection) as pages link to it: ``/focuses/<number>-<slug>/``."""

    number: int
    slug: str
    title: str

    @property
    def path(self) -> str:
        return f"/focuses/{self.number}-{quote(self.slug)}/"

    @property
    def url(self) -> str:
        return SITE + self.path


@dataclass
class Page:
    """One article as the templates need it (texts raw, as the CMS would print them)."""

    id: int
    section: str
    slug: str
    title: str
    lead: str
    body: list[str]
    source: str
    author: str
    published: datetime
    modified: datetime | None
    tags: list[tuple[str, str]] = field(default_factory=list)  # (slug, name)
    stories: list[StoryRef] = field(default_factory=list)
    images: list[Img] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)
    features: list[str] = field(default_factory=list)
    label: str = ""
    """The section label the page prints; "" for the section's own label."""
    programme: str = ""
    """Programme slug of a ``/prg/<slug>-<id>/<programme>/`` episode."""

    @property
    def path(self) -> str:
        if self.programme:
            return f"/prg/{quote(self.slug)}-{self.id}/{quote(self.programme)}/"
        return f"/{self.section}/{self.id}-{quote(self.slug)}/"

    @property
    def url(self) -> str:
        return SITE + self.path

    @property
    def section_label(self) -> str:
        return self.label or SECTION_LABELS.get(self.section) or SECTION_NAMES.get(self.section, self.section)


@dataclass
class Chrome:
    """The site's chrome around a page: header, Stories strip, footer and urgent banner."""

    header: str
    strip: str
    footer: str
    urgent: str = ""


def q(text: str) -> str:
    """Escape for an attribute or text node."""
    return escape(text, quote=True)


def date_line(dt: datetime) -> str:
    """The current template's visible date, in UTC as the real site prints it."""
    return f"تاريخ النشر: {dt.astimezone(UTC):%d.%m.%Y | %H:%M} GMT"


def visible_date(dt: datetime) -> str:
    """The 2020 template's and AMP's visible date: UTC without a zone name."""
    return f"{dt.astimezone(UTC):%d.%m.%Y %H:%M}"


def rfc822(dt: datetime) -> str:
    """A feed ``pubDate`` as the real feed writes it: GMT."""
    return format_datetime(dt.astimezone(UTC), usegmt=True)


# --- site chrome --------------------------------------------------------------------

def header() -> str:
    sections = "".join(
        f'<li><a href="{SITE}/{s}/">{q(n)}</a></li>'
        for s, n in list(SECTION_NAMES.items())[:10]
    )
    return f"""<header class="header">
  <div class="header__top"><a class="header__live" href="{SITE}/live/">مباشر</a>
    <div class="header__social"><span>أين يمكنك متابعتنا</span>
      <a href="https://t.me/rtarabictelegram">Telegram</a> <a href="https://x.com/RTarabic">X</a></div>
  </div>
  <nav class="menu"><div class="menu__title">أقسام مهمة</div><ul>{sections}</ul></nav>
</header>"""


def stories_strip(stories: list[StoryRef], pinned: list[tuple[str, str]]) -> str:
    """The Stories strip every page shows: a count, story names and pinned headlines."""
    names = "".join(
        f'<li class="stories__item"><a class="stories__link" href="{s.url}">'
        f'{q(s.title)}</a><span class="stories__label">{q(s.title)}</span></li>'
        for s in stories
    )
    pins = "".join(
        f'<li><a class="stories__news" href="{url}">{q(t)}</a></li>' for url, t in pinned
    )
    return f"""<div class="stories"><div class="stories__title">Stories</div>
    <div class="stories__count">{40 + len(stories) * 7} خبر</div>
    <ul class="stories__list">{names}</ul><ul class="stories__pinned">{pins}</ul></div>"""


def urgent_banner(url: str, title: str) -> str:
    return (f'<div class="urgent"><span class="urgent__label">هام</span> '
            f'<a class="urgent__link" href="{url}">{q(title)}</a></div>')


def footer(stories: list[StoryRef], related: list[Related]) -> str:
    rt_stories = ""
    if stories:
        first = stories[0]
        heads = "".join(f'<li><a href="{r.url}">{q(r.title)}</a></li>' for r in related[:3])
        rt_stories = f"""<section class="rt-stories"><div class="rt-stories__title">RT STORIES</div>
  <a href="{first.url}">{q(first.title)}</a> <span>-</span><ul>{heads}</ul></section>"""
    return f"""{rt_stories}
<footer class="footer"><div class="footer__hashtags">#اسأل_أكثر #Question_More</div>
  <div class="footer__copy">جميع الحقوق محفوظة لقناة «RT» عربية</div></footer>
<div class="cookies js-cookies">نستخدم ملفات تعريف الارتباط (الكوكيز) لتحسين تجربتك على موقعنا. بمواصلة التصفح، فإنك توافق على ذلك.
  <button class="cookies__btn">موافق</button></div>"""


# --- head -------------------------------------------------------------------------

def jsonld_blocks(p: Page, trailing_comma: bool) -> str:
    org = (
        '{"@context": "https://schema.org", "@type": "Organization", "name": "RT Arabic",'
        ' "url": "https://arabic.rt.com/", "logo": {"@type": "ImageObject",'
        ' "url": "https://arabic.rt.com/static/img/logo.png"},'
        ' "sameAs": ["https://www.facebook.com/rtarabic.ru", "https://x.com/RTarabic",'
        ' "https://t.me/rtarabictelegram",]}'
    )
    if not trailing_comma:
        org = org.replace(',]}', ']}')
    crumbs = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "RT Arabic", "item": SITE + "/"},
            {"@type": "ListItem", "position": 2, "name": p.section_label,
             "item": f"{SITE}/{p.section}/"},
        ],
    }
    article: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": p.url},
        "headline": p.title,
        "description": p.lead,
        "datePublished": p.published.isoformat(),
        "image": [i.url for i in p.images[:1]],
        "publisher": {"@type": "Organization", "name": "RT Arabic"},
        "inLanguage": "ar",
    }
    if p.modified:
        article["dateModified"] = p.modified.isoformat()
    if p.author:
        article["author"] = {"@type": "Person", "name": p.author}
    else:
        article["author"] = {"@type": "Organization", "name": "RT Arabic"}
    dump = lambda o: json.dumps(o, ensure_ascii=False, indent=1)  # noqa: E731
    return "".join(
        f'<script type="application/ld+json">{b}</script>\n'
        for b in (org, dump(crumbs), dump(article))
    )


def head(p: Page, charset: str = "utf-8") -> str:
    meta_title = q(p.title)
    meta_lead = q(p.lead)
    if "double_escaped" in p.features:
        # The CMS escapes once more on the way into attributes: &amp;quot;
        meta_title = q(q(p.title))
        meta_lead = q(q(p.lead))
    cover = p.images[0].url if p.images else ""
    ld = "" if "no_jsonld" in p.features else jsonld_blocks(p, trailing_comma=True)
    modified = (
        f'<meta property="article:modified_time" content="{p.modified.isoformat()}">'
        if p.modified else ""
    )
    return f"""<head>
<meta charset="{charset}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{q(p.title)} - RT Arabic</title>
<meta name="description" content="{meta_lead}">
<meta property="og:site_name" content="RT Arabic">
<meta property="og:type" content="article">
<meta property="og:title" content="{meta_title}">
<meta property="og:description" content="{meta_lead}">
<meta property="og:url" content="{p.url}">
<meta property="og:image" content="{cover}">
<meta name="mediator_author" content="{q(p.author)}">
<meta name="category" content="{q(p.section_label)}">
<meta name="publish-date" content="{p.published.isoformat()}">
<meta name="published_time_telegram" content="{p.published.isoformat()}">
{modified}
<link rel="canonical" href="{p.url}">
<link rel="amphtml" href="{p.url}amp/">
{ld}</head>"""


# --- article parts ----------------------------------------------------------------

def photo(img: Img, alt: str, figure: bool = False) -> str:
    """A lazy image with its ``<noscript>`` copy, caption and credit (a ``<figure>`` on
    the current template, a ``div.photo`` on the 2020 one)."""
    tag, cap_tag = ("figure", "figcaption") if figure else ("div", "div")
    caption = f'<{cap_tag} class="caption">{q(img.caption)}</{cap_tag}>' if img.caption else ""
    credit = f'<div class="copyright">{q(img.credit)}</div>' if img.credit else ""
    return f"""<{tag} class="photo"><img class="lazyload" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="{img.url}" alt="{q(alt)}"><noscript><img src="{img.url}" alt="{q(alt)}"></noscript>
  {caption}{credit}</{tag}>"""


def read_more(r: Related, big: bool, textual: bool = False) -> str:
    """An inline read-more box; ``textual``: printed as a plain paragraph."""
    if textual:
        return f'<p>إقرأ المزيد <a href="{r.url}">{q(r.title)}</a></p>'
    if big:
        return (f'<div class="read-more-big"><a class="read-more-big__link" href="{r.url}">'
                f'<span class="read-more-big__label">إقرأ المزيد</span>'
                f'<span class="read-more-big__title">{q(r.title)}</span></a></div>')
    return (f'<div class="read-more-text-only"><span>اقرأ المزيد</span> '
            f'<a href="{r.url}">{q(r.title)}</a></div>')


EMBEDS = [
    ('<div class="rtcode"><blockquote class="twitter-tweet" data-lang="ar"><p lang="ar" dir="rtl">'
     'منشور مضمّن من منصة X كما يظهر قبل تحميل الإطار</p>&mdash; RT Arabic (@RTarabic) '
     '<a href="https://x.com/RTarabic/status/1">March 1, 2026</a></blockquote>'
     '<script async src="https://platform.twitter.com/widgets.js"></script></div>'),
    ('<div class="rtcode"><script async src="https://telegram.org/js/telegram-widget.js" '
     'data-telegram-post="rtarabictelegram/12345" data-width="100%"></script></div>'),
    ('<div class="rtcode"><iframe src="https://www.youtube.com/embed/abc123" width="560" '
     'height="315" allowfullscreen>متصفحك لا يدعم عرض هذا الفيديو</iframe></div>'),
]
# Embedded posts of X as a page prints them before (or without) the widget script:
# the post's text, then «— Name (@handle) Month D, YYYY» (rt-site.md §8).
TWEETS = [
    ("The school board will meet on Thursday to review the footage and the officer's record, "
     "officials said.", "Local Desk", "localdesk_news", "May 22, 2026", "Ab3dE5fG7h"),
    ("Parents gathered outside the district office demanding answers after the video spread "
     "online.", "City Watch", "citywatch", "May 23, 2026", "Xy9Zw8Vu7t"),
]


def tweet(text: str, name: str, handle: str, day: str, code: str, textual: bool = False) -> str:
    if textual:
        return f"<p>{q(text)} pic.twitter.com/{code} — {q(name)} (@{handle}) {day}</p>"
    return (f'<blockquote class="twitter-tweet"><p lang="en" dir="ltr">{q(text)} '
            f'<a href="https://t.co/{code}">pic.twitter.com/{code}</a></p>&mdash; {q(name)} '
            f'(@{handle}) <a href="https://x.com/{handle}/status/{len(text)}">{day}</a></blockquote>')


def video_player(p: Page) -> str:
    return (f'<div class="video-player"><video controls poster="{p.images[0].url if p.images else ""}">'
            f'<source src="https://cdnv.rt.com/media/video/{p.id}.mp4" type="video/mp4">'
            f'متصفحك لا يدعم تشغيل الفيديو</video>'
            f'<a class="video-player__download" href="https://cdnv.rt.com/media/video/{p.id}.mp4"'
            f' download>تحميل الفيديو</a></div>')


def audio_player(p: Page) -> str:
    return (f'<div class="audio-player"><audio controls><source src="https://cdna.rt.com/media/audio/'
            f'{p.id}.mp3" type="audio/mpeg">Your browser does not support audio tag.</audio></div>')


def paragraph(p: Page, i: int, text: str) -> str:
    html = q(text)
    if "inline_tag_link" in p.features and i == len(p.body) - 1 and p.tags:
        slug, name = p.tags[0]
        link = f'<a href="{SITE}/tags/{quote(slug)}/">{q(name)}</a>'
        html = html.replace(q(name), link, 1)
    return f"<p>{html}</p>"


def inserts_for(p: Page, figure: bool) -> dict[int, str]:
    """What sits after body paragraph ``i`` (1-based): images, read-more boxes, embeds."""
    inserts: dict[int, str] = {}

    def add(after: int, html: str) -> None:
        inserts[after] = inserts.get(after, "") + html

    textual = "textual_chrome" in p.features
    extra = p.images[1:] if "gallery" not in p.features else []
    for n, img in enumerate(extra):
        add(1 + n, photo(img, p.title, figure))
    if p.related:
        add(1, read_more(p.related[0], big=True, textual=textual))
        if len(p.related) > 1 and len(p.body) > 3:
            add(3, read_more(p.related[1], big=False))
    if "embeds" in p.features:
        add(2, "".join(EMBEDS))
    if "tweets" in p.features:
        for n, parts in enumerate(TWEETS):
            add(1 + n, tweet(*parts))
    if textual:
        add(2, tweet(*TWEETS[0], textual=True))
    return inserts


def text_blocks(p: Page, figure: bool = False) -> str:
    """The text container's inside: intro, cover, paragraphs with inserts, source line."""
    parts = [f'<p class="intro">{q(p.lead)}</p>'] if p.lead else []
    if p.images and "gallery" not in p.features:
        parts.append(photo(p.images[0], p.title, figure))
    if {"video", "tv"} & set(p.features):
        parts.append(video_player(p))
    inserts = inserts_for(p, figure)
    for i, para in enumerate(p.body):
        parts.append(paragraph(p, i, para))
        if i + 1 in inserts and i + 1 < len(p.body):
            parts.append(inserts[i + 1])
    if "audio" in p.features:
        parts.insert(len(parts) - 1, audio_player(p))
    if p.source:
        space = "\u00a0" if "source_nbsp" in p.features else ""
        parts.append(f"<p><strong>المصدر:</strong> {q(p.source)}{space}</p>")
    return "\n".join(parts)


def tags_block(p: Page) -> str:
    """Tag links and the article's own story links, below the text."""
    links = "".join(
        f'<a class="tags-link" href="{SITE}/tags/{quote(slug)}/">{q(name)}</a>'
        for slug, name in p.tags
    )
    stories = "".join(
        f'<a class="tags-trends__link" href="{s.url}">{q(s.title)}</a>' for s in p.stories
    )
    return f'<div class="news-tags">{links}{stories}</div>'


def related_bottom(related: list[Related]) -> str:
    """The trailing «إقرأ المزيد» block: related headlines with one-line summaries."""
    if not related:
        return ""
    items = "".join(
        f'<div class="read-more__item"><a class="read-more__link" href="{r.url}">{q(r.title)}</a>'
        f'<p class="read-more__summary">{q(r.lead)}</p></div>'
        for r in related
    )
    return f'<div class="read-more read-more_bottom"><div class="read-more__title">إقرأ المزيد</div>{items}</div>'


def share_row(p: Page) -> str:
    url = p.url
    return (f'<div class="share"><a href="https://www.facebook.com/sharer/sharer.php?u={url}">Facebook</a> '
            f'<a href="https://x.com/intent/tweet?url={url}">X</a> '
            f'<a href="https://vk.com/share.php?url={url}">VK.com</a> '
            f'<a href="https://t.me/share/url?url={url}">Telegram</a>'
            f'<button class="share__copy" data-url="{SITE}/news/{p.id}/">انسخ الرابط</button></div>')


COMMENTS = ('<div class="comments"><h3 class="comments__title">التعليقات</h3>'
            '<div id="tolstoycomments-feed"></div></div>')


def related_cards(related: list[Related]) -> str:
    items = "".join(
        f'<li class="card"><a class="heading" href="{r.url}">{q(r.title)}</a></li>' for r in related
    )
    return f'{COMMENTS}<section class="related"><ul>{items}</ul></section>'


def label_link(p: Page) -> str:
    section = LABEL_SECTIONS.get(p.section_label, p.section)
    return f'<a href="{SITE}/{section}/">{q(p.section_label)}</a>'


def article_modern(p: Page, chrome: Chrome) -> str:
    """The current template (real page order of May 2026): ``main … article``."""
    author = (f'<div class="article__author">{q(p.author)}</div>' if p.author else "")
    return f"""<main class="layout"><article class="article" data-id="{p.id}">
{chrome.strip}
<div class="article__header"><div class="time-public">{label_link(p)}
  <span class="date">{date_line(p.published)}</span></div>
<h1 class="heading">{q(p.title)}</h1></div>
<div class="text js-text js-mediator-article">
{text_blocks(p, figure=True)}
</div>
{author}
{related_bottom(p.related)}
{tags_block(p)}
{share_row(p)}
{COMMENTS}
{chrome.urgent}
</article></main>"""


def article_classic(p: Page, chrome: Chrome) -> str:
    """2020 template: ``div.article`` with a summary block and the cover outside the text."""
    cover = photo(p.images[0], p.title) if p.images else ""
    inner = text_blocks(p).split("\n", 1)[1]  # the lead goes to the summary block instead
    if p.images:
        inner = inner.replace(photo(p.images[0], p.title), "", 1)
    author = f'<p class="author">{q(p.author)}</p>' if p.author else ""
    return f"""{chrome.strip}<div class="layout"><div class="article">
<div class="article__date"><span class="date">{visible_date(p.published)}</span>
  <div class="time-public"><a href="{SITE}/{p.section}/">{q(SECTION_NAMES.get(p.section, p.section))}</a></div></div>
<h1 class="heading">{q(p.title)}</h1>
<div class="article__summary summary">{q(p.lead)}</div>
<div class="article__cover">{cover}</div>
<div class="text js-text js-mediator-article">
{inner}
</div>{author}
{tags_block(p)}
</div>{related_cards(p.related)}</div>"""


def article_gallery(p: Page, chrome: Chrome) -> str:
    slides = "".join(
        f'<div class="gallery__item">{photo(img, img.caption or p.title, figure=True)}</div>'
        for img in p.images
    )
    return article_modern(p, chrome).replace(
        '<div class="text js-text js-mediator-article">',
        f'<div class="gallery">{slides}</div>\n<div class="text js-text js-mediator-article">', 1)


def page_html(p: Page, chrome: Chrome, charset: str = "utf-8") -> str:
    body = (article_classic if "legacy" in p.features or "classic" in p.features
            else article_gallery if "gallery" in p.features else article_modern)(p, chrome)
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
{head(p, charset)}
<body>
{chrome.header}
{body}
{chrome.footer}
</body>
</html>
"""


def amp_html(p: Page) -> str:
    paras = "\n".join(f"<p>{q(x)}</p>" for x in p.body)
    cover = (f'<amp-img src="{p.images[0].url}" width="980" height="551" layout="responsive" '
             f'alt="{q(p.title)}"></amp-img>' if p.images else "")
    return f"""<!doctype html>
<html amp lang="ar" dir="rtl">
<head><meta charset="utf-8"><title>{q(p.title)} - RT Arabic</title>
<link rel="canonical" href="{p.url}">
<meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">
<script async src="https://cdn.ampproject.org/v0.js"></script></head>
<body><header class="amp-header"><a href="{SITE}/live/">مباشر</a></header>
<article class="article"><h1 class="heading">{q(p.title)}</h1>
<div class="follow">تابعوا RT على</div>
<span class="date">{visible_date(p.published)}</span>
{cover}
<div class="text">{paras}
<p>المصدر: {q(p.source)}</p></div></article></body></html>
"""


CHALLENGE_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>DDoS-Guard</title>
<meta name="robots" content="noindex, nofollow"></head>
<body><div id="ddg-challenge"><h1>Checking your browser before accessing arabic.rt.com</h1>
<p>This process is automatic. Your browser will redirect to your requested content shortly.</p>
<p>Please allow up to 5 seconds…</p><noscript>Please enable JavaScript and Cookies</noscript>
<script src="/.well-known/ddos-guard/check?context=free_splash"></script></div></body></html>
"""

NOT_FOUND_HTML = """<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>ERROR 404 - RT Arabic</title></head>
<body><h1>404</h1><p>عذرا، الصفحة التي تبحث عنها غير موجودة.</p></body></html>
"""


# --- navigation pages -------------------------------------------------------------

def card(p: Page, relative: bool = False) -> str:
    href = p.path if relative else p.url
    return (f'<div class="card"><a class="heading" href="{href}">{q(p.title)}</a>'
            f'<div class="card__date">{p.published.astimezone(UTC):%d.%m.%Y}</div></div>')


def listing_page(title: str, pages: list[Page], chrome: Chrome, extra: str = "",
                 relative: bool = False) -> str:
    cards = "\n".join(card(p, relative) for p in pages)
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{q(title)} - RT Arabic</title></head>
<body>{chrome.header}{chrome.strip}
<main class="layout"><h1 class="listing__title">{q(title)}</h1>
<div class="listing">{cards}</div>
{extra}
</main>{chrome.footer}</body></html>
"""


def listing_fragment(pages: list[Page]) -> str:
    """What the "load more" endpoints return: cards with relative links."""
    return "\n".join(card(p, relative=True) for p in pages) + "\n"


def story_page(story: StoryRef, hexid: str, count: int, first: list[Page], chrome: Chrome) -> str:
    """A story's landing page ``/focuses/<number>-<slug>/``: its name, «N خبر», the first
    cards (``.heading`` links with relative hrefs) and the "load more" button."""
    more = (f'<div class="listing__more"><a class="button-more js-listing-more" '
            f'data-href="/listing/trend.{hexid}/noprepare/trend/10/1">المزيد</a></div>')
    extra = f'<div class="trend__count">{count} خبر</div>{more}'
    return listing_page(story.title, first, chrome, extra, relative=True).replace(
        '<h1 class="listing__title">', f'<h1 class="listing__title trend__title" data-trend-id="{hexid}">', 1)


def rss(title: str, pages: list[Page]) -> str:
    """An RSS 2.0 feed as the real one: links without query, ``pubDate`` in GMT, newest first."""
    items = []
    for p in pages:
        link = f"{SITE}/news/{p.id}/" if "short_link" in p.features else p.url
        enclosure = (f'<enclosure url="{p.images[0].url}" type="image/jpeg" length="0"/>'
                     if p.images else "")
        items.append(
            f"<item><title>{q(p.title)}</title><link>{link}</link>"
            f'<guid isPermaLink="false">{p.id}</guid>'
            f"<description>{q(p.lead)}</description><pubDate>{rfc822(p.published)}</pubDate>"
            f"<category>{q(p.section_label)}</category>{enclosure}</item>"
        )
    body = "\n".join(items)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>{q(title)}</title><link>{SITE}/</link><description>RT Arabic</description>
<language>ar</language>
{body}
</channel></rss>
"""


def sitemap_index(parts: list[tuple[str, datetime]]) -> str:
    rows = "\n".join(
        f"<sitemap><loc>{SITE}/{name}</loc><lastmod>{lm.isoformat()}</lastmod></sitemap>"
        for name, lm in parts
    )
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{rows}\n</sitemapindex>\n")


def urlset(entries: list[tuple[str, datetime]]) -> str:
    rows = "\n".join(
        f"<url><loc>{loc}</loc><lastmod>{lm.isoformat()}</lastmod></url>" for loc, lm in entries
    )
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{rows}\n</urlset>\n")


def news_sitemap(pages: list[Page]) -> str:
    rows = "\n".join(
        f"<url><loc>{p.url + 'amp/' if 'amp' in p.features else p.url}</loc><news:news><news:publication><news:name>RT Arabic</news:name>"
        f"<news:language>ar</news:language></news:publication>"
        f"<news:publication_date>{p.published.isoformat()}</news:publication_date>"
        f"<news:title>{q(p.title)}</news:title></news:news></url>"
        for p in pages
    )
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
            f"{rows}\n</urlset>\n")


# robots.txt: "strict" as www.rt.com's (no /listing/, no URL with a query: rt-site.md §3),
# which is what the real arabic.rt.com is assumed to serve; "open" lets listings be read.
ROBOTS_TXT = {
    "strict": f"""User-agent: *
Disallow: /search/
Disallow: /static/
Disallow: /listing/
Disallow: /*?

Sitemap: {SITE}/sitemap.xml
Sitemap: {SITE}/newssitemap.xml
""",
    "open": f"""User-agent: *
Disallow: /search/
Disallow: /static/
Disallow: /*?*print=

Sitemap: {SITE}/sitemap.xml
Sitemap: {SITE}/newssitemap.xml
""",
}
