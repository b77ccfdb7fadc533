"""HTML, RSS and sitemap templates of the offline arabic.rt.com replica.

The markup follows ``rt-site.md``: confirmed facts ([C]) form the main article template
(``main … article`` with ``h1.heading`` and ``div.text.js-text.js-mediator-article``),
inferred variants ([I]) the others: the 2020 ``div.article`` template with a summary
block, AMP pages, TV episodes, galleries and video pages. Every page carries the site
boilerplate (header strings, the Stories strip, RT STORIES, cookie banner) because the
real pages do and the extractor must leave it out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from html import escape
from urllib.parse import quote

SITE = "https://arabic.rt.com"

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
}


@dataclass
class Img:
    url: str
    caption: str = ""
    credit: str = ""


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
    stories: list[tuple[str, str]] = field(default_factory=list)  # (slug, title)
    images: list[Img] = field(default_factory=list)
    related: list[tuple[str, str]] = field(default_factory=list)  # (url, title)
    features: list[str] = field(default_factory=list)

    @property
    def path(self) -> str:
        return f"/{self.section}/{self.id}-{quote(self.slug)}/"

    @property
    def url(self) -> str:
        return SITE + self.path


def q(text: str) -> str:
    """Escape for an attribute or text node."""
    return escape(text, quote=True)


def visible_date(dt: datetime) -> str:
    return dt.strftime("%d.%m.%Y %H:%M")


def rfc822(dt: datetime) -> str:
    return format_datetime(dt)


# --- site boilerplate -------------------------------------------------------------

def header(stories: list[tuple[str, str]], pinned: list[tuple[str, str]]) -> str:
    sections = "".join(
        f'<li><a href="{SITE}/{s}/">{q(n)}</a></li>'
        for s, n in list(SECTION_NAMES.items())[:10]
    )
    strip = "".join(
        f'<li class="stories__item"><a class="stories__link" href="{SITE}/trends/{quote(slug)}/">'
        f'{q(title)}</a><span class="stories__label">{q(title)}</span></li>'
        for slug, title in stories
    )
    pins = "".join(
        f'<li><a class="stories__news" href="{url}">{q(t)}</a></li>' for url, t in pinned
    )
    return f"""<header class="header">
  <div class="header__top"><a class="header__live" href="{SITE}/live/">مباشر</a>
    <div class="header__social"><span>أين يمكنك متابعتنا</span>
      <a href="https://t.me/rtarabictelegram">Telegram</a> <a href="https://x.com/RTarabic">X</a></div>
  </div>
  <nav class="menu"><div class="menu__title">أقسام مهمة</div><ul>{sections}</ul></nav>
  <div class="stories"><div class="stories__title">Stories</div>
    <div class="stories__count">{40 + len(stories) * 7} خبر</div>
    <ul class="stories__list">{strip}</ul><ul class="stories__pinned">{pins}</ul></div>
</header>"""


def footer(stories: list[tuple[str, str]], related: list[tuple[str, str]]) -> str:
    rt_stories = ""
    if stories:
        slug, title = stories[0]
        heads = "".join(f'<li><a href="{u}">{q(t)}</a></li>' for u, t in related[:3])
        rt_stories = f"""<section class="rt-stories"><div class="rt-stories__title">RT STORIES</div>
  <a href="{SITE}/trends/{quote(slug)}/">{q(title)}</a> <span>-</span><ul>{heads}</ul></section>"""
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
            {"@type": "ListItem", "position": 2, "name": SECTION_NAMES.get(p.section, p.section),
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
<meta name="category" content="{q(SECTION_NAMES.get(p.section, p.section))}">
<meta name="publish-date" content="{p.published.isoformat()}">
<meta name="published_time_telegram" content="{p.published.isoformat()}">
{modified}
<link rel="canonical" href="{p.url}">
<link rel="amphtml" href="{p.url}amp/">
{ld}</head>"""


# --- article parts ----------------------------------------------------------------

def photo(img: Img, alt: str) -> str:
    caption = f'<div class="caption">{q(img.caption)}</div>' if img.caption else ""
    credit = f'<div class="copyright">{q(img.credit)}</div>' if img.credit else ""
    return f"""<div class="photo"><img class="lazyload" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="{img.url}" alt="{q(alt)}"><noscript><img src="{img.url}" alt="{q(alt)}"></noscript>
  {caption}{credit}</div>"""


def read_more(url: str, title: str, big: bool) -> str:
    if big:
        return (f'<div class="read-more-big"><a class="read-more-big__link" href="{url}">'
                f'<span class="read-more-big__label">اقرأ المزيد</span>'
                f'<span class="read-more-big__title">{q(title)}</span></a></div>')
    return (f'<div class="read-more-text-only"><span>اقرأ المزيد</span> '
            f'<a href="{url}">{q(title)}</a></div>')


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


def text_blocks(p: Page) -> str:
    """The text container's inside: intro, cover, paragraphs with inserts, source line."""
    parts = [f'<p class="intro">{q(p.lead)}</p>']
    if p.images and "gallery" not in p.features:
        parts.append(photo(p.images[0], p.title))
    inserts: dict[int, str] = {}
    extra = p.images[1:] if "gallery" not in p.features else []
    for n, img in enumerate(extra):
        inserts.setdefault(1 + n, "")
        inserts[1 + n] += photo(img, p.title)
    if p.related:
        inserts.setdefault(1, "")
        inserts[1] += read_more(*p.related[0], big=True)
        if len(p.related) > 1 and len(p.body) > 3:
            inserts.setdefault(3, "")
            inserts[3] += read_more(*p.related[1], big=False)
    if "embeds" in p.features:
        inserts.setdefault(2, "")
        inserts[2] += "".join(EMBEDS)
    for i, para in enumerate(p.body):
        parts.append(f"<p>{q(para)}</p>")
        if i + 1 in inserts and i + 1 < len(p.body):
            parts.append(inserts[i + 1])
    if p.source:
        parts.append(f"<p><strong>المصدر:</strong> {q(p.source)}</p>")
    return "\n".join(parts)


def tags_block(p: Page) -> str:
    links = "".join(
        f'<a class="tags-link" href="{SITE}/tags/{quote(slug)}/">{q(name)}</a>'
        for slug, name in p.tags
    )
    trends = "".join(
        f'<a class="tags-trends__link" href="{SITE}/trends/{quote(slug)}/">{q(title)}</a>'
        for slug, title in p.stories
    )
    return f'<div class="news-tags">{links}{trends}</div>'


def related_block(related: list[tuple[str, str]]) -> str:
    items = "".join(
        f'<li class="card"><a class="heading" href="{u}">{q(t)}</a></li>' for u, t in related
    )
    return (f'<div class="comments"><h3 class="comments__title">التعليقات</h3>'
            f'<div id="tolstoycomments-feed"></div></div>'
            f'<section class="related"><ul>{items}</ul></section>')


def article_modern(p: Page, chrome: tuple[str, str]) -> str:
    """Main template (2023–25): ``main … article``."""
    author = (f'<div class="article__author">{q(p.author)}</div>' if p.author else "")
    return f"""<main class="layout"><article class="article" data-id="{p.id}">
<div class="article__header"><div class="time-public"><a href="{SITE}/{p.section}/">{q(SECTION_NAMES.get(p.section, p.section))}</a>
  <span class="date">{visible_date(p.published)}</span></div>
<h1 class="heading">{q(p.title)}</h1></div>
<div class="text js-text js-mediator-article">
{text_blocks(p)}
</div>
{author}
<div class="share"><button class="share__copy" data-url="{SITE}/news/{p.id}/">انسخ الرابط</button></div>
{tags_block(p)}
</article>{related_block(p.related)}</main>"""


def article_classic(p: Page, chrome: tuple[str, str]) -> str:
    """2020 template: ``div.article`` with a summary block and the cover outside the text."""
    cover = photo(p.images[0], p.title) if p.images else ""
    inner = text_blocks(p).split("\n", 1)[1]  # the lead goes to the summary block instead
    if p.images:
        inner = inner.replace(photo(p.images[0], p.title), "", 1)
    author = f'<p class="author">{q(p.author)}</p>' if p.author else ""
    return f"""<div class="layout"><div class="article">
<div class="article__date"><span class="date">{visible_date(p.published)}</span>
  <div class="time-public"><a href="{SITE}/{p.section}/">{q(SECTION_NAMES.get(p.section, p.section))}</a></div></div>
<h1 class="heading">{q(p.title)}</h1>
<div class="article__summary summary">{q(p.lead)}</div>
<div class="article__cover">{cover}</div>
<div class="text js-text js-mediator-article">
{inner}
</div>{author}
{tags_block(p)}
</div>{related_block(p.related)}</div>"""


def article_gallery(p: Page, chrome: tuple[str, str]) -> str:
    slides = "".join(
        f'<div class="gallery__item">{photo(img, img.caption or p.title)}</div>' for img in p.images
    )
    return article_modern(p, chrome).replace(
        '<div class="text js-text js-mediator-article">',
        f'<div class="gallery">{slides}</div>\n<div class="text js-text js-mediator-article">', 1)


def article_video(p: Page, chrome: tuple[str, str]) -> str:
    player = (f'<div class="video-player"><video controls poster="{p.images[0].url if p.images else ""}">'
              f'<source src="https://cdnv.rt.com/media/video/{p.id}.mp4" type="video/mp4">'
              f'متصفحك لا يدعم تشغيل الفيديو</video></div>')
    return article_modern(p, chrome).replace(
        '<div class="text js-text js-mediator-article">',
        f'{player}\n<div class="text js-text js-mediator-article">', 1)


def page_html(p: Page, chrome: tuple[str, str], charset: str = "utf-8") -> str:
    if "legacy" in p.features or "classic" in p.features:
        body = article_classic(p, chrome)
    elif "gallery" in p.features:
        body = article_gallery(p, chrome)
    elif "video" in p.features or "tv" in p.features:
        body = article_video(p, chrome)
    else:
        body = article_modern(p, chrome)
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
{head(p, charset)}
<body>
{chrome[0]}
{body}
{chrome[1]}
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
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>الصفحة غير موجودة - RT Arabic</title></head>
<body><h1>404</h1><p>عذرا، الصفحة التي تبحث عنها غير موجودة.</p></body></html>
"""


# --- navigation pages -------------------------------------------------------------

def card(p: Page, relative: bool = False) -> str:
    href = p.path if relative else p.url
    return (f'<div class="card"><a class="heading" href="{href}">{q(p.title)}</a>'
            f'<div class="card__date">{p.published.strftime("%d.%m.%Y")}</div></div>')


def listing_page(title: str, pages: list[Page], chrome: tuple[str, str], extra: str = "") -> str:
    cards = "\n".join(card(p) for p in pages)
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{q(title)} - RT Arabic</title></head>
<body>{chrome[0]}
<main class="layout"><h1 class="listing__title">{q(title)}</h1>
<div class="listing">{cards}</div>
{extra}
</main>{chrome[1]}</body></html>
"""


def listing_fragment(pages: list[Page]) -> str:
    """What the "load more" endpoints return: cards with relative links."""
    return "\n".join(card(p, relative=True) for p in pages) + "\n"


def story_page(slug: str, hexid: str, title: str, count: int, first: list[Page],
               chrome: tuple[str, str]) -> str:
    more = (f'<div class="listing__more"><a class="button-more js-listing-more" '
            f'data-href="/listing/trend.{hexid}/noprepare/trend/10/1">المزيد</a></div>')
    extra = f'<div class="trend__count">{count} خبر</div>{more}'
    return listing_page(title, first, chrome, extra).replace(
        '<h1 class="listing__title">', f'<h1 class="listing__title trend__title" data-trend-id="{hexid}">', 1)


def rss(title: str, pages: list[Page]) -> str:
    items = []
    for p in pages:
        page_url = f"{SITE}/news/{p.id}/" if "short_link" in p.features else p.url
        link = f"{page_url}?utm_source=rss&amp;utm_medium=rss&amp;utm_campaign=all"
        enclosure = (f'<enclosure url="{p.images[0].url}" type="image/jpeg" length="0"/>'
                     if p.images else "")
        items.append(
            f"<item><title>{q(p.title)}</title><link>{link}</link>"
            f'<guid isPermaLink="false">{p.id}</guid>'
            f"<description>{q(p.lead)}</description><pubDate>{rfc822(p.published)}</pubDate>"
            f"<category>{q(SECTION_NAMES.get(p.section, p.section))}</category>{enclosure}</item>"
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


ROBOTS_TXT = f"""User-agent: *
Disallow: /search/
Disallow: /static/
Disallow: /*?*print=

Sitemap: {SITE}/sitemap.xml
Sitemap: {SITE}/newssitemap.xml
"""
