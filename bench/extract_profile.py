"""Where ``ArticlePage.extract`` spends its time, and how far it is from the parser's floor.

``python bench/extract_profile.py --site bench/out/site-5000 [--pages 500]`` prints, for
the generated pages and for the replica's article pages (``rtnews/replica/site``):

1. the same pages timed without a profiler: the parse alone with parsel, lxml (from the
   text and from UTF-8 bytes), the page object's own parse (``dom.parse_html``) and
   selectolax; ``extract``; ``extract`` plus the spider's ``story_titles``,
   ``story_urls`` and ``article_urls``; ``extract`` plus ``clean_article`` (the
   benchmark's x); and the prototype single pass below on lxml and on selectolax;
2. cProfile of ``ArticlePage(url, html).extract()``: cumulative ms per page of its
   methods and of the library calls below them (profiler overhead included, so read
   the shares, not the sums).

The prototype (phase 1 of issue 13) reads what an article needs from one parsed tree in
one walk: metas, JSON-LD, canonical link, headline, the text container's paragraphs,
the links (each distinct href classified once) and the images, without the fallbacks
and field rules of the page object. The page object now works that way: the prototype
stays as the floor it is measured against.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from rtnews import urls  # noqa: E402
from rtnews.pages import jsonld  # noqa: E402
from rtnews.pages.article import ArticlePage, blocks, norm_space, text_of  # noqa: E402
from rtnews.pages.dom import parse_html  # noqa: E402
from rtnews.pipelines import clean_article  # noqa: E402

CONTAINER_CLASSES = ("js-mediator-article", "article__text", "text", "article-body")


def generated_pages(site: Path, count: int) -> list[tuple[str, str]]:
    rows = [line.rstrip("\n").split("\t") for line in open(site / "pages.tsv", encoding="utf-8")]
    step = max(1, len(rows) // count)
    return [(url, (site / name).read_text(encoding="utf-8")) for url, _, name in rows[::step][:count]]


def replica_pages() -> list[tuple[str, str]]:
    site = ROOT / "rtnews" / "replica" / "site"
    routes = json.loads((site / "routes.json").read_text(encoding="utf-8"))
    found = []
    for path, route in routes.items():
        url = urls.SITE + path
        if route.get("status") == 200 and urls.classify_url(url).kind is urls.UrlKind.ARTICLE:
            found.append((url, (site / route["file"]).read_text(encoding="utf-8", errors="replace")))
    return found


# --- the prototype ------------------------------------------------------------------------

def container_of(root: Any) -> Any | None:
    """The first element whose class names the text container, most specific class first."""
    candidates: dict[str, Any] = {}
    for el in root.iter("div"):
        classes = (el.get("class") or "").split()
        for name in CONTAINER_CLASSES:
            if name not in candidates and (name in classes or (name == "js-mediator-article" and any(
                    c.startswith(name) for c in classes))):
                candidates[name] = el
    return next((candidates[n] for n in CONTAINER_CLASSES if n in candidates), None)


def single_pass_lxml(url: str, html: str, stage: int = 9) -> dict[str, Any]:
    """The prototype on lxml; ``stage`` stops it early to show what each step adds."""
    import lxml.html

    root = lxml.html.document_fromstring(html)
    found: dict[str, Any] = {}
    if stage < 1:
        return found
    metas: dict[str, str] = {}
    ld_blocks, canonical, headline = [], None, None
    for el in root.iter("meta", "link", "script", "h1"):
        tag = el.tag
        if tag == "meta":
            content = (el.get("content") or "").strip()
            for key in (el.get("name"), el.get("property"), el.get("itemprop")):
                if key and content:
                    metas.setdefault(key, content)
        elif tag == "link":
            if canonical is None and el.get("rel") == "canonical":
                canonical = el.get("href")
        elif tag == "script":
            if el.get("type") == "application/ld+json":
                ld_blocks.append(el.text or "")
        elif headline is None:
            headline = norm_space(text_of(el))
    found.update(metas=metas, ld=jsonld.article_node(ld_blocks), canonical=canonical, headline=headline)
    if stage < 2:
        return found
    container = container_of(root)
    found["paragraphs"] = [norm_space(text_of(b)) for b in blocks(container)] if container is not None else []
    if stage < 3:
        return found
    # The article's own links: those of the <article> holding the text (tags, stories, read-more).
    article = next((a for a in container.iterancestors("article")), None) if container is not None else None
    scope = article if article is not None else root
    hosts = frozenset({urlsplit(url).netloc, urlsplit(urls.SITE).netloc})
    classified: dict[str, urls.UrlInfo] = {}
    for a in scope.iter("a"):
        href = a.get("href")
        if href and href not in classified:
            classified[href] = urls.classify_url(urls.absolute(url, href), hosts=hosts)
    found["links"] = classified
    found["images"] = [img.get("data-src") or img.get("src") for img in scope.iter("img")]
    if stage < 4:
        return found
    # What the spider's article_urls() adds: every link of the page, each distinct href once.
    for a in root.iter("a"):
        href = a.get("href")
        if href and href not in classified:
            classified[href] = urls.classify_url(urls.absolute(url, href), hosts=hosts)
    return found


def single_pass_selectolax(url: str, html: str) -> dict[str, Any]:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    metas: dict[str, str] = {}
    for el in tree.css("meta"):
        attrs = el.attributes
        content = (attrs.get("content") or "").strip()
        for key in (attrs.get("name"), attrs.get("property"), attrs.get("itemprop")):
            if key and content:
                metas.setdefault(key, content)
    canonical_el = tree.css_first("link[rel=canonical]")
    ld_blocks = [el.text() for el in tree.css("script[type='application/ld+json']")]
    h1 = tree.css_first("h1")
    container = None
    for css in ("div[class*=js-mediator-article]", "div.article__text", "div.text", ".article-body"):
        container = tree.css_first(css)
        if container is not None:
            break
    paragraphs = [" ".join(p.text().split()) for p in container.css("p, h2, h3, blockquote, li")] \
        if container is not None else []
    hosts = frozenset({urlsplit(url).netloc, urlsplit(urls.SITE).netloc})
    classified: dict[str, urls.UrlInfo] = {}
    for a in tree.css("a[href]"):
        href = a.attributes.get("href")
        if href and href not in classified:
            classified[href] = urls.classify_url(urls.absolute(url, href), hosts=hosts)
    images = [img.attributes.get("data-src") or img.attributes.get("src")
              for img in (container or tree).css("img")]
    return {"metas": metas, "ld": jsonld.article_node(ld_blocks),
            "canonical": canonical_el.attributes.get("href") if canonical_el else None,
            "headline": " ".join(h1.text().split()) if h1 else None, "paragraphs": paragraphs,
            "links": classified, "images": images}


# --- measuring -----------------------------------------------------------------------------

def timed(run: Callable[[str, str], Any], pages: list[tuple[str, str]], rounds: int = 3) -> float:
    """Best of ``rounds`` passes over the pages, ms per page (the machine is shared)."""
    run(*pages[0])
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for url, html in pages:
            run(url, html)
        best = min(best, time.process_time() - start)
    return 1000 * best / len(pages)


def parse_parsel(url: str, html: str) -> Any:
    from parsel import Selector

    return Selector(text=html).root


def parse_lxml_text(url: str, html: str) -> Any:
    import lxml.html

    return lxml.html.document_fromstring(html)


def parse_lxml_bytes(url: str, html: str) -> Any:
    import lxml.html

    return lxml.html.document_fromstring(html.encode(), parser=lxml.html.HTMLParser(encoding="utf-8"))


def parse_selectolax(url: str, html: str) -> Any:
    from selectolax.lexbor import LexborHTMLParser

    return LexborHTMLParser(html)


def extract(url: str, html: str) -> Any:
    return ArticlePage(url, html).extract()


def extract_and_links(url: str, html: str) -> Any:
    """What the spider asks of an article page."""
    page = ArticlePage(url, html)
    return page.extract(), page.story_titles(), page.story_urls(), page.article_urls()


NOW = datetime.now(UTC)


def extract_and_clean(url: str, html: str) -> Any:
    article = ArticlePage(url, html).extract().article
    return clean_article(article, NOW) if article is not None else None


RUNS = {
    "parse: parsel Selector(text=)": parse_parsel,
    "parse: lxml.html from str": parse_lxml_text,
    "parse: lxml.html from UTF-8 bytes": parse_lxml_bytes,
    "parse: rtnews.pages.dom.parse_html (the page object's)": lambda u, h: parse_html(h),
    "parse: selectolax (lexbor)": parse_selectolax,
    "ArticlePage.extract": extract,
    "ArticlePage.extract + story_titles/story_urls/article_urls": extract_and_links,
    "ArticlePage.extract + clean_article (the benchmark's x)": extract_and_clean,
    "prototype lxml: parse + head (metas, JSON-LD, canonical, h1)": lambda u, h: single_pass_lxml(u, h, 1),
    "prototype lxml: ... + text container paragraphs": lambda u, h: single_pass_lxml(u, h, 2),
    "prototype lxml: ... + article links and images": lambda u, h: single_pass_lxml(u, h, 3),
    "prototype lxml: ... + every page link classified": single_pass_lxml,
    "prototype selectolax (all of it, all page links)": single_pass_selectolax,
}


def profile_lines(pages: list[tuple[str, str]], top: int) -> list[str]:
    profiler = cProfile.Profile()
    profiler.enable()
    for url, html in pages:
        extract(url, html)
    profiler.disable()
    stats = pstats.Stats(profiler)
    rows = []
    for (filename, line, name), (_, calls, _, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        short = "/".join(Path(filename).parts[-2:]) if filename != "~" else "builtin"
        rows.append((cumulative, calls, f"{short}:{line}({name})"))
    rows.sort(reverse=True)
    total = next(c for c, _, n in rows if n.endswith("(extract)") and "article.py" in n)
    out = [f"   {'ms/page':>8} {'share':>6} {'calls/page':>10}  function (cumulative, cProfile)"]
    for cumulative, calls, name in rows[:top]:
        out.append(f"   {1000 * cumulative / len(pages):8.3f} {cumulative / total:6.1%} "
                   f"{calls / len(pages):10.1f}  {name}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, required=True, help="a site built by bench/sitegen.py")
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--top", type=int, default=45, help="profile rows to print")
    args = parser.parse_args(argv)
    sets = {"generated": generated_pages(args.site, args.pages), "replica": replica_pages()}
    for label, pages in sets.items():
        size = sum(len(h.encode()) for _, h in pages) / len(pages) / 1000
        print(f"== {label} pages: {len(pages)}, {size:.1f} KB on average")
        for name, run in RUNS.items():
            print(f"   {name:<66} {timed(run, pages):7.3f} ms/page")
        print("\n".join(profile_lines(pages, args.top)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
