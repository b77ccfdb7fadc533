"""A large synthetic arabic.rt.com replica for the benchmark, made with the replica's own templates.

``build_site(out, n)`` writes ``n`` article pages of about 80 KB (synthetic Arabic text,
30 related links, the site chrome, and the inline scripts, styles, SVG sprite and menus
that make up most of a real RT page), the home and section pages, one story per 125
articles with its "load more" listings, RSS feeds, a sitemap index whose parts list
every article, robots.txt and ``routes.json`` (``rtnews.replica.build.SiteWriter``
format), so ``python -m rtnews.replica --site <out>`` serves it. ``pages.tsv`` lists
each article's canonical URL and file for in-process extraction.
"""

from __future__ import annotations

import json
import random
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import unquote

from words import FIRST_NAMES, LAST_NAMES, SOURCES, WORDS

from rtnews.pages.article import CHALLENGE_MARKERS
from rtnews.replica import templates as t
from rtnews.replica.build import SiteWriter, chrome_for, image_url, write_feeds, write_listing

GENERATOR_VERSION = 9  # bump when the generated pages change, so old sites are rebuilt
PAGE_BYTES = 80_000
RELATED = 30
ARTICLES_PER_STORY = 125
SITEMAP_PART = 1000
FIRST_ID = 1_700_000
MOSCOW = timezone(timedelta(hours=3))
NEWEST = datetime(2026, 3, 1, 12, 0, tzinfo=MOSCOW)
SECTIONS = [s for s in t.SECTION_NAMES if s not in ("news", "prg/telecast")]
CHROME_STORIES = 12  # the header strip shows a dozen stories, as on the real site
LATEST = 20


# --- synthetic text -------------------------------------------------------------------

def sentence(rng: random.Random, words: int) -> str:
    chosen = rng.choices(WORDS, k=words)
    if words > 10:
        chosen[rng.randrange(4, words - 3)] += "،"
    return " ".join(chosen) + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng, rng.randint(12, 24)) for _ in range(rng.randint(2, 4)))


def make_page(i: int, rng: random.Random, stories: list[t.StoryRef],
              tags: list[tuple[str, str]]) -> t.Page:
    aid = FIRST_ID + i
    published = NEWEST - timedelta(minutes=37 * i)
    heading = rng.sample(WORDS, 9)
    images = [t.Img(image_url(published, aid, n), sentence(rng, 7) if n else "",
                    rng.choice(("Getty Images", "AFP", "رويترز", "RT")))
              for n in range(1 + i % 3)]
    features = ["classic"] if i % 10 == 7 else ["embeds"] if i % 10 == 3 else []
    return t.Page(
        id=aid, section=SECTIONS[i % len(SECTIONS)], slug="-".join(heading[:6]),
        title=" ".join(heading), lead=sentence(rng, 26),
        body=[paragraph(rng) for _ in range(rng.randint(9, 15))],
        source=rng.choice(SOURCES),
        author=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" if i % 2 else "",
        published=published,
        modified=published + timedelta(minutes=rng.randint(10, 120)) if i % 3 == 0 else None,
        tags=rng.sample(tags, 2), stories=[stories[i % len(stories)]],
        images=images, features=features,
    )


def link_related(pages: list[t.Page]) -> None:
    """Thirty read-more and related links per page; one in five through rtarabic.com AMP."""
    for i, p in enumerate(pages):
        near = [pages[(i + k) % len(pages)] for k in range(1, RELATED + 1)]
        p.related = [t.Related(x.url, x.title, x.lead) for x in near if x.id != p.id]
        if len(p.related) > 1 and i % 5 == 0:
            p.related[1].url = p.related[1].url.replace(t.SITE, "https://rtarabic.com") + "amp/"


# --- page weight: what real RT pages carry besides the article -----------------------

def svg_sprite(rng: random.Random, size: int) -> str:
    """An inline icon sprite of about ``size`` bytes (real RT pages inline up to 80 KB of SVG)."""
    def path() -> str:
        points = " ".join(f"{rng.uniform(0, 24):.2f} {rng.uniform(0, 24):.2f}" for _ in range(8))
        return f"M{points}Z"
    symbols: list[str] = []
    total = 0
    while total < size:
        symbols.append(f'<symbol id="icon-{len(symbols)}" viewBox="0 0 24 24"><path fill="currentColor" '
                       f'd="{path()}"/><path fill-rule="evenodd" d="{path()}"/><circle cx="12" cy="12" '
                       f'r="{rng.randint(2, 11)}"/></symbol>')
        total += len(symbols[-1])
    body = "".join(symbols)
    return f'<svg xmlns="http://www.w3.org/2000/svg" style="display:none" aria-hidden="true">{body}</svg>'


def icon(n: int) -> str:
    return f'<svg class="icon icon_{n}" aria-hidden="true"><use xlink:href="#icon-{n}"></use></svg>'


def critical_css() -> str:
    blocks = ("header", "menu", "stories", "article", "text", "photo", "read-more", "news-tags",
              "share", "footer", "cookies", "card", "listing", "layout", "related", "comments")
    rules = []
    for b in blocks:
        for part in ("", "__link"):
            rules.append(f".{b}{part}{{display:flex;align-items:center;margin:0 0 12px;"
                         f"padding:4px 8px;font:400 16px/1.5 'RT Sans',Arial,sans-serif;color:#222}}")
    rules.append("@media (max-width:768px){.layout{padding:0 12px}.menu{display:none}}")
    return "<style>" + "".join(rules) + "</style>"


def head_scripts(p: t.Page | None) -> str:
    config = {
        "env": "production", "lang": "ar", "project": "arabic", "cdn": "https://cdni.rt.com",
        "article": {"id": p.id, "section": p.section, "tags": [s for s, _ in p.tags]} if p else None,
        "ads": {f"slot_{n}": {"size": [[300, 250], [728, 90]], "lazy": True} for n in range(12)},
        "metrics": {"counter": 44570123, "webvisor": False, "trackLinks": True},
    }
    return (
        f'<script>window.__RT_CONFIG__ = {json.dumps(config)};</script>\n'
        '<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({"gtm.start":new Date().getTime(),'
        'event:"gtm.js"});var f=d.getElementsByTagName(s)[0],j=d.createElement(s),'
        'dl=l!="dataLayer"?"&l="+l:"";j.async=true;j.src="https://www.googletagmanager.com/gtm.js?id="'
        '+i+dl;f.parentNode.insertBefore(j,f);})(window,document,"script","dataLayer","GTM-XXXX");</script>\n'
        '<link rel="preload" href="https://arabic.rt.com/static/fonts/rtsans.woff2" as="font" crossorigin>\n'
    )


def body_scripts(modules: int) -> str:
    """Many small inline scripts, as on real pages (30-50 script elements)."""
    parts = []
    for n in range(modules):
        parts.append(
            f"<script>(function(){{var nodes=document.querySelectorAll('[data-module=\"m{n}\"]');"
            f"for(var i=0;i<nodes.length;i++){{var el=nodes[i];if(el.dataset.ready)continue;"
            f"el.dataset.ready='1';el.addEventListener('click',function(e){{"
            f"window.dataLayer&&window.dataLayer.push({{event:'m{n}_click',target:this.href}});}});"
            f"}}}})();</script>\n")
    return ("".join(parts) +
            '<script async src="https://cdn.tolstoycomments.com/embed/widget.js"></script>\n'
            '<script async src="https://mediametrics.ru/partner/inject/inject.js"></script>\n'
            '<noscript><img src="https://mc.yandex.ru/watch/44570123" alt=""></noscript>\n')


def mega_menu(columns: int, links: int) -> str:
    cols = []
    for c in range(columns):
        names = [SECTIONS[(c * links + n) % len(SECTIONS)] for n in range(links)]
        items = "".join(
            f'<li class="mega-menu__item"><a class="mega-menu__link" href="{t.SITE}/{s}/">'
            f'{icon(n % 20)}{t.q(t.SECTION_NAMES[s])}</a></li>' for n, s in enumerate(names))
        cols.append(f'<div class="mega-menu__col"><div class="mega-menu__title">{c + 1}</div>'
                    f'<ul class="mega-menu__list">{items}</ul></div>')
    return f'<nav class="mega-menu" aria-label="القائمة">{"".join(cols)}</nav>\n'


def ad_slot(n: int) -> str:
    return (f'<div class="banner banner_{n % 4}" data-module="m{n}"><div class="adfox" id="adfox_{n}">'
            f'</div><div class="banner__label">إعلان</div></div>')


def news_line(latest: list[t.Page]) -> str:
    """The sidebar's latest-news cards (links to other articles, with thumbnails)."""
    cards = "".join(
        f'<div class="card card_line"><div class="card__cover"><img class="lazyload" '
        f'src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="{x.images[0].url}" alt=""></div>'
        f'<div class="card__heading"><a class="link" href="{x.url}">{t.q(x.title)}</a></div>'
        f'<div class="card__date">{x.published:%d.%m.%Y %H:%M}</div></div>'
        for x in latest if x.images)
    return (f'<aside class="sidebar"><div class="news-line"><div class="news-line__title">آخر الأخبار</div>'
            f'{cards}</div>{"".join(ad_slot(n) for n in range(6))}</aside>\n')


def footer_links(groups: int, per_group: int) -> str:
    cols = "".join(
        '<div class="footer__col"><ul>' + "".join(
            f'<li><a href="{t.SITE}/{SECTIONS[(g + n) % len(SECTIONS)]}/">'
            f'{t.q(t.SECTION_NAMES[SECTIONS[(g + n) % len(SECTIONS)]])}</a></li>'
            for n in range(per_group)) + "</ul></div>" for g in range(groups))
    return f'<div class="footer__menu">{cols}</div>\n'


class Weight:
    """The page furniture, sized once so that article pages average ``PAGE_BYTES``.

    Real RT pages have 440-1,260 elements; the furniture brings an article page to about
    850, so extractors whose cost follows the DOM size are not flattered.
    """

    def __init__(self, article_bytes: int, latest: list[t.Page], seed: int = 7) -> None:
        rng = random.Random(seed)
        self.css = critical_css()
        self.top = "".join(ad_slot(n) for n in range(6, 12))
        self.tail = (news_line(latest) + mega_menu(5, 10) + footer_links(4, 6)
                     + body_scripts(26))
        fixed = len((self.css + self.top + self.tail + head_scripts(latest[0])).encode()) + 200
        self.sprite = svg_sprite(rng, max(PAGE_BYTES - article_bytes - fixed, 2000))

    def dress(self, html: str, p: t.Page | None = None) -> str:
        html = html.replace("</head>", self.css + "\n" + head_scripts(p) + "</head>", 1)
        html = html.replace("<body>", "<body>\n" + self.sprite + self.top, 1)
        head, _, end = html.rpartition("</body>")
        return head + self.tail + "</body>" + end


# --- the site ---------------------------------------------------------------------------

def make_stories(n_articles: int) -> list[dict]:
    count = max(2, -(-n_articles // ARTICLES_PER_STORY))
    rng = random.Random(11)
    stories = []
    for k in range(count):
        words = rng.sample(WORDS, 3)
        stories.append({"slug": "-".join(words) + f"-{k}", "title": " ".join(words),
                        "number": 60000 + k, "hex": f"{0x5E0000000000000000000000 + k:024x}"})
    return stories


def make_pages(n: int, stories: list[dict]) -> list[t.Page]:
    rng = random.Random(2026)
    tag_words = rng.sample(WORDS, 40)
    tags = [(f"{w}-{k}", w) for k, w in enumerate(tag_words)]
    pages = [make_page(i, rng, story_refs(stories), tags) for i in range(n)]
    link_related(pages)
    return pages


def story_refs(stories: list[dict]) -> list[t.StoryRef]:
    return [t.StoryRef(s["number"], s["slug"], s["title"]) for s in stories]


def write_navigation(w: SiteWriter, pages: list[t.Page], stories: list[dict],
                     chrome_stories: list[t.StoryRef], weight: Weight) -> None:
    chrome = chrome_for(chrome_stories, pages)
    w.add("/", weight.dress(t.listing_page("RT Arabic", pages[:LATEST], chrome)))
    for section in SECTIONS:
        members = [p for p in pages if p.section == section][:LATEST]
        w.add(f"/{section}/", weight.dress(t.listing_page(t.SECTION_NAMES[section], members, chrome)))
    members: dict[int, list[t.Page]] = {}
    for p in pages:
        members.setdefault(p.stories[0].number, []).append(p)
    for s, ref in zip(stories, story_refs(stories), strict=True):
        listed = members.get(ref.number, [])
        w.add(ref.path, weight.dress(t.story_page(ref, s["hex"], len(listed), listed[:10], chrome)))
        write_listing(w, f"/listing/trend.{s['hex']}/noprepare/trend", listed)


def check_page(html: str) -> None:
    """The furniture must not look like an anti-bot page to the extractor."""
    head = html[:6000].lower()
    found = [m for m in CHALLENGE_MARKERS if m in head]
    if found:
        raise ValueError(f"generated page looks like a challenge page: {found}")


def build_site(out: Path, n: int) -> dict:
    """Write the site under ``out`` (reused when it was built with the same parameters)."""
    wanted = {"articles": n, "version": GENERATOR_VERSION, "page_bytes": PAGE_BYTES}
    meta_path = out / "bench-site.json"
    if meta_path.exists() and json.loads(meta_path.read_text())["params"] == wanted:
        return json.loads(meta_path.read_text())
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    stories = make_stories(n)
    pages = make_pages(n, stories)
    chrome_stories = story_refs(stories[:CHROME_STORIES])
    samples = [t.page_html(p, chrome_for(chrome_stories, pages, p)) for p in pages[::max(1, n // 50)]]
    weight = Weight(sum(len(x.encode()) for x in samples) // len(samples), pages[:LATEST])
    check_page(weight.dress(samples[0], pages[0]))
    w = SiteWriter(out)
    index = []
    for p in pages:
        w.add(p.path, weight.dress(t.page_html(p, chrome_for(chrome_stories, pages, p)), p))
        index.append((p.url, p.path))
    write_navigation(w, pages, stories, chrome_stories, weight)
    write_feeds(w, pages, part_size=SITEMAP_PART, feed_items=50)
    w.finish()
    with open(out / "pages.tsv", "w", encoding="utf-8") as f:
        for url, path in index:
            f.write(f"{url}\t{path}\t{w.routes[unquote(path)]['file']}\n")
    sizes = [(out / w.routes[unquote(path)]["file"]).stat().st_size for _, path in index]
    meta = {"params": wanted, "articles": n, "stories": len(stories), "files": w.count,
            "routes": len(w.routes), "avg_page_bytes": sum(sizes) // len(sizes),
            "min_page_bytes": min(sizes), "max_page_bytes": max(sizes)}
    meta_path.write_text(json.dumps(meta, indent=1) + "\n")
    return meta
