"""rtnews.pages.dom answers as parsel did: the same tree, the same elements for each selector.

The page objects used ``parsel.Selector(text=...)`` and its ``.css()``; ``dom`` replaces
both with lxml alone. Every selector of the article page's tables, run on the replica's
pages and on small documents built to stress the rules (class tokens split on XML
whitespace only, ancestors inside the scope, nested matches), must find the elements
parsel finds, in the same order.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree
from parsel import Selector

from rtnews.pages import article, dom

SITE = Path(__file__).resolve().parent.parent / "rtnews" / "replica" / "site"
TABLES = (article.ROOTS + article.TEXT_CONTAINERS + article.TITLES + article.LEADS + article.VISIBLE_DATES
          + article.SECTION_LABELS + article.TAG_BLOCKS + article.CHROME_BLOCKS + article.AUTHORS)
TRICKY = [
    "<div class='text\u00a0x'><p>a</p></div><div class='x text'><p>b</p></div>"
    "<div class='text\tjs'></div>",
    "<section class='time-public'><div class='time-public'><span class='date'>1</span></div>"
    "<span class='date'>2</span></section><span class='date'>3</span>",
    "<div class='rubric-x'><a>1</a><div class='my-rubric'><a>2</a></div></div><a class='rubric'>3</a>",
    "<main><div><article class='article x'><h1 class='heading'>t</h1></article></div></main>"
    "<article>y</article>",
    "<div class='article__date'><time class='date' datetime=''>1</time><b class='date'>2</b></div>",
    "<span class='time-public date'>x</span><a class='time-public'>y</a>"
    "<div class='article__date date'></div>",
    "<p class='author' itemprop='author'>a</p><span itemprop='author'>b</span>"
    "<div class='article-body'></div>",
]


def pages() -> list[str]:
    routes = json.loads((SITE / "routes.json").read_text(encoding="utf-8"))
    found = [(SITE / r["file"]).read_text(encoding="utf-8", errors="replace") for r in routes.values()
             if r.get("file", "").endswith(".html")]
    return found + [f"<html><body>{doc}</body></html>" for doc in TRICKY]


PAGES = pages()


@pytest.mark.parametrize("css", TABLES, ids=lambda c: c.text)
def test_each_selector_finds_what_parsel_found(css: dom.Css) -> None:
    for html in PAGES:
        tree = dom.parse_html(html)
        scope = next(tree.iter("article"), tree)  # a scope below the document too
        for root in (tree, scope):
            expected = Selector(root=root).css(css.text)
            got = list(dom.ElementIndex(root).select(css))
            assert got == [s.root for s in expected], css.text


@pytest.mark.parametrize("text", [
    "", "   \n ", "\x00", "<p>a\x00b</p>", "\ufeff<html><body><p>x</p></body></html>",
    "  <html><body>\x0c<p>&amp;&#1575;</p>\x01</body></html>  ", "plain text", "<!-- c -->",
    "<html><head><meta charset='windows-1256'></head><body><p>عربي</p></body></html>",
    "<div>" * 300 + "x",
])
def test_the_tree_is_the_one_parsel_gave(text: str) -> None:
    expected = Selector(text=text or "<html></html>").root
    assert etree.tostring(dom.parse_html(text)) == etree.tostring(expected)


def test_any_of_answers_like_the_selectors() -> None:
    rule = dom.AnyOf(article.CHROME_BLOCKS)
    for html in PAGES[:40]:
        tree = dom.parse_html(html)
        expected = {s.root for css in article.CHROME_BLOCKS for s in Selector(root=tree).css(css.text)}
        assert {el for el in tree.iter() if rule(el)} == expected


def test_unsupported_selectors_are_refused() -> None:
    for text in ("a > b", "a b c", "p:first-child", "a, b"):
        with pytest.raises(ValueError):
            dom.Css(text)
