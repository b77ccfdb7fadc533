"""Builds the offline arabic.rt.com replica from its content file into static files.

``python -m rtnews.replica.build`` regenerates ``rtnews/replica/site/`` from
``rtnews/replica/content/articles.toml``: article pages (with their AMP, short-link
and broken variants), home, section, story, tag and listing pages, RSS feeds,
sitemaps and robots.txt, plus ``routes.json`` that tells the server what each path
serves (file, status, content type, redirect target).
"""

from __future__ import annotations

import argparse
import json
import shutil
import tomllib
from datetime import datetime
from pathlib import Path
from urllib.parse import quote, unquote

from rtnews.replica import templates as t

HERE = Path(__file__).parent
CONTENT = HERE / "content" / "articles.toml"
SITE_DIR = HERE / "site"
LISTING_SIZE = 10
FEED_SIZE = 100  # the real /rss/ holds 100 items (rt-site.md §8)
TAG_SIZE = 2  # tag pages show few cards, so their listings page too
HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"


def image_url(published: datetime, article_id: int, n: int) -> str:
    digest = f"{article_id:012x}{n:04x}{published.year:04x}{published.month:04x}"[:24]
    return f"https://cdni.rt.com/media/pics/{published:%Y.%m}/original/{digest}.jpg"


def story_refs(content: dict) -> list[t.StoryRef]:
    return [t.StoryRef(s["number"], s["slug"], s["title"]) for s in content.get("story", [])]


def load_pages(content: dict) -> list[t.Page]:
    tags = {x["key"]: (x["slug"], x["name"]) for x in content.get("tag", [])}
    stories = {x["key"]: ref for x, ref in zip(content.get("story", []), story_refs(content), strict=True)}
    pages = []
    for a in content["article"]:
        published = datetime.fromisoformat(a["published"])
        modified = datetime.fromisoformat(a["modified"]) if a.get("modified") else None
        caption_default = a["title"]
        images = [
            t.Img(image_url(published, a["id"], n), i.get("caption") or (caption_default if n == 0 else ""),
                  i.get("credit", ""))
            for n, i in enumerate(a.get("images", []))
        ]
        pages.append(t.Page(
            id=a["id"], section=a["section"], slug=a["slug"], title=a["title"], lead=a["lead"],
            body=list(a["body"]), source=a.get("source", ""), author=a.get("author", ""),
            published=published, modified=modified,
            tags=[tags[k] for k in a.get("tags", [])],
            stories=[stories[k] for k in a.get("stories", [])],
            images=images, features=list(a.get("features", [])),
            label=a.get("label", ""), programme=a.get("programme", ""),
        ))
    pages.sort(key=lambda p: p.published, reverse=True)
    link_related(pages)
    return pages


def link_related(pages: list[t.Page]) -> None:
    """Give each article up to two read-more links to neighbours (one through rtarabic.com)."""
    live = [p for p in pages if not {"missing", "challenge"} & set(p.features)]
    for i, p in enumerate(pages):
        near = [x for x in live[i + 1:i + 4] if x.id != p.id][:2]
        p.related = [t.Related(x.url, x.title, x.lead) for x in near]
        if len(p.related) == 2 and i % 5 == 0:
            second = p.related[1]
            second.url = second.url.replace("https://arabic.rt.com", "https://rtarabic.com") + "amp/"


class SiteWriter:
    """Collects files and routes, then writes them under the site folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.routes: dict[str, dict[str, object]] = {}
        self.count = 0

    def add(self, path: str, text: str, ctype: str = HTML, status: int = 200,
            encoding: str = "utf-8") -> None:
        self.count += 1
        name = f"f{self.count:05d}" + (".xml" if "xml" in ctype else ".txt" if "plain" in ctype else ".html")
        (self.root / name).write_bytes(text.encode(encoding))
        self.routes[unquote(path)] = {"file": name, "status": status, "type": ctype}

    def redirect(self, path: str, location: str, status: int = 301) -> None:
        self.routes[unquote(path)] = {"status": status, "location": location}

    def finish(self) -> None:
        (self.root / "routes.json").write_text(
            json.dumps(self.routes, ensure_ascii=False, indent=0, sort_keys=True) + "\n",
            encoding="utf-8")


def chrome_for(stories: list[t.StoryRef], pages: list[t.Page], p: t.Page | None = None) -> t.Chrome:
    """The chrome of a page: the Stories strip pins the newest headline, the banner the
    live blog (the «هام» line of real pages)."""
    pinned = [(x.url, x.title) for x in pages[:3]]
    related = p.related if p else [t.Related(u, x) for u, x in pinned]
    live = next((x for x in pages if "live_blog" in x.features), None)
    urgent = t.urgent_banner(live.url, live.title) if live else ""
    return t.Chrome(t.header(), t.stories_strip(stories, pinned[:1]), t.footer(stories, related), urgent)


def write_articles(w: SiteWriter, pages: list[t.Page], stories: list[t.StoryRef]) -> None:
    for p in pages:
        chrome = chrome_for(stories, pages, p)
        if "missing" in p.features:
            continue  # listed in the sitemap, answered with 404 by the server
        if "challenge" in p.features:
            w.add(p.path, t.CHALLENGE_HTML)
            continue
        if "cp1256" in p.features:
            w.add(p.path, t.page_html(p, chrome, charset="windows-1256"),
                  ctype="text/html; charset=windows-1256", encoding="cp1256")
        else:
            w.add(p.path, t.page_html(p, chrome))
        w.add(p.path + "amp/", t.amp_html(p))
        w.redirect(f"/news/{p.id}/", p.url)


def by_key(content: dict, pages: list[t.Page]) -> tuple[dict, dict]:
    story_members: dict[int, list[t.Page]] = {}
    tag_members: dict[str, list[t.Page]] = {}
    for p in pages:
        for story in p.stories:
            story_members.setdefault(story.number, []).append(p)
        for slug, _ in p.tags:
            tag_members.setdefault(slug, []).append(p)
    return story_members, tag_members


def write_navigation(w: SiteWriter, content: dict, pages: list[t.Page]) -> None:
    stories = story_refs(content)
    chrome = chrome_for(stories, pages)
    visible = [p for p in pages if "missing" not in p.features]
    hot_tags = "".join(f'<a class="tags-hot__link" href="{t.SITE}/tags/{quote(x["slug"])}/">{t.q(x["name"])}</a>'
                       for x in content.get("tag", []))
    w.add("/", t.listing_page("RT Arabic", visible[:20], chrome, f'<div class="tags-hot">{hot_tags}</div>'))
    for section in sorted({p.section for p in pages} - {"news"}):
        members = [p for p in visible if p.section == section]
        w.add(f"/{section}/", t.listing_page(t.SECTION_NAMES.get(section, section), members, chrome))
    story_members, tag_members = by_key(content, visible)
    for s, ref in zip(content.get("story", []), stories, strict=True):
        members = story_members.get(ref.number, [])
        w.add(ref.path, t.story_page(ref, s["hex"], s["count_shown"], members[:LISTING_SIZE], chrome))
        write_listing(w, f"/listing/trend.{s['hex']}/noprepare/trend", members)
    for tag in content.get("tag", []):
        members = tag_members.get(tag["slug"], [])
        more = (f'<div class="listing__more"><a class="button-more js-listing-more" '
                f'data-href="/listing/tag.{quote(tag["slug"])}/noprepare/tag/{TAG_SIZE}/1">المزيد</a></div>')
        w.add(f"/tags/{quote(tag['slug'])}/", t.listing_page(tag["name"], members[:TAG_SIZE], chrome, more))
        write_listing(w, f"/listing/tag.{quote(tag['slug'])}/noprepare/tag", members, TAG_SIZE)


def write_listing(w: SiteWriter, prefix: str, members: list[t.Page], size: int = LISTING_SIZE) -> None:
    """Load-more pages 0, 1, … of a listing; the page after the last card is empty (200)."""
    pages = -(-len(members) // size) + 1
    for n in range(pages):
        w.add(f"{prefix}/{size}/{n}", t.listing_fragment(members[n * size:(n + 1) * size]))


def sitemap_parts(members: list[t.Page], part_size: int | None) -> list[list[t.Page]]:
    """A year's articles split into numbered parts: fixed-size, or halves once there are 12."""
    if part_size:
        return [members[k:k + part_size] for k in range(0, len(members), part_size)]
    return [members] if len(members) < 12 else [members[: len(members) // 2], members[len(members) // 2:]]


def write_feeds(w: SiteWriter, pages: list[t.Page], part_size: int | None = None,
                feed_items: int | None = None, robots: str = "strict") -> None:
    """RSS feeds, the sitemap index with its yearly parts, the news sitemap and robots.txt.

    Feeds list the newest items first by publication time, up to 100 as the real one.
    """
    live = [p for p in pages if "missing" not in p.features]
    w.add("/rss/", t.rss("RT Arabic", live[:FEED_SIZE]), ctype=RSS)
    for section in ("world", "middle_east", "sport", "business"):
        items = [p for p in live if p.section == section][:feed_items]
        w.add(f"/rss/{section}/", t.rss(t.SECTION_NAMES[section], items), ctype=RSS)
    years: dict[int, list[t.Page]] = {}
    for p in pages:
        years.setdefault(p.published.year, []).append(p)
    parts = []
    for year in sorted(years, reverse=True):
        for i, part in enumerate(sitemap_parts(sorted(years[year], key=lambda p: p.id), part_size)):
            name = f"sitemap_{year}.xml" if i == 0 else f"sitemap_{year}_{i + 1}.xml"
            regenerated = max(p.modified or p.published for p in part)
            w.add("/" + name, t.urlset([(p.url, regenerated) for p in part]), ctype=XML)
            parts.append((name, regenerated))
    w.add("/sitemap.xml", t.sitemap_index(parts), ctype=XML)
    w.add("/newssitemap.xml", t.news_sitemap(live[:15]), ctype=XML)
    w.add("/robots.txt", t.ROBOTS_TXT[robots], ctype="text/plain; charset=utf-8")


def load_content(path: Path = CONTENT) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def build(content_path: Path = CONTENT, out: Path = SITE_DIR, content: dict | None = None,
          robots: str = "strict") -> SiteWriter:
    """Write the site for the content file (or an already loaded, possibly edited, content).

    ``robots``: ``"strict"`` (default; /listing/ and query URLs disallowed, as assumed of
    the real site) or ``"open"`` (listings allowed).
    """
    content = content if content is not None else load_content(content_path)
    pages = load_pages(content)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    w = SiteWriter(out)
    write_articles(w, pages, story_refs(content))
    write_navigation(w, content, pages)
    write_feeds(w, pages, robots=robots)
    w.finish()
    return w


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=CONTENT)
    parser.add_argument("--out", type=Path, default=SITE_DIR)
    parser.add_argument("--robots", choices=sorted(t.ROBOTS_TXT), default="strict",
                        help="robots.txt: strict (like www.rt.com's, the default) or open")
    args = parser.parse_args(argv)
    w = build(args.content, args.out, robots=args.robots)
    print(f"wrote {w.count} files, {len(w.routes)} routes to {args.out}")


if __name__ == "__main__":
    main()
