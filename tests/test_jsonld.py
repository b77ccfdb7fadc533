"""Lenient JSON-LD reading."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from rtnews.pages.jsonld import article_node, loads_lenient, person_name

ORG_WITH_TRAILING_COMMA = (
    '{"@type": "Organization", "name": "RT", "sameAs": ["https://x.com/RT", "https://t.me/rt",]}'
)
ARTICLE = '{"@type": "NewsArticle", "headline": "عنوان", "datePublished": "2026-03-14T10:22:00+03:00"}'


def test_trailing_comma_is_repaired() -> None:
    assert loads_lenient(ORG_WITH_TRAILING_COMMA)["sameAs"] == ["https://x.com/RT", "https://t.me/rt"]


def test_article_node_is_found_among_other_blocks() -> None:
    node = article_node([ORG_WITH_TRAILING_COMMA, "{broken", ARTICLE])
    assert node["headline"] == "عنوان"


def test_graph_is_flattened() -> None:
    graph = '{"@context": "https://schema.org", "@graph": [{"@type": "WebSite"}, ' + ARTICLE + "]}"
    assert article_node([graph])["datePublished"] == "2026-03-14T10:22:00+03:00"


def test_organization_is_not_an_author() -> None:
    assert person_name({"@type": "Organization", "name": "RT Arabic"}) is None
    assert person_name([{"@type": "Person", "name": "أ"}, {"@type": "Person", "name": "ب"}]) == "أ, ب"


DEEP = '{"@type": "NewsArticle", "headline": "x", "a": ' + "[" * 100_000 + "]" * 100_000 + "}"
NEAR_LIMIT = '{"@type": "NewsArticle", "headline": ' + "[" * 900 + '"x"' + "]" * 900 + "}"


def test_json_ld_nested_past_the_recursion_limit_is_ignored() -> None:
    assert loads_lenient(DEEP) is None
    assert loads_lenient(NEAR_LIMIT) is None  # parses, but deeper than any real block
    assert article_node([DEEP, NEAR_LIMIT, ARTICLE])["headline"] == "عنوان"


def test_an_article_with_hostile_json_ld_falls_back_to_its_meta_and_page() -> None:
    from rtnews.pages.article import ArticlePage

    html = ("<html lang='ar'><head>"
            f"<script type='application/ld+json'>{DEEP}</script>"
            f"<script type='application/ld+json'>{NEAR_LIMIT}</script>"
            "<meta property='article:published_time' content='2026-03-14T10:22:00+03:00'>"
            "</head><body><article class='article'><h1 class='heading'>عنوان الخبر</h1>"
            "<div class='text js-mediator-article'><p>نص الخبر كاملا.</p></div></article></body></html>")
    article = ArticlePage("https://arabic.rt.com/world/1700001-x/", html).extract().article
    assert article is not None
    assert article.title == "عنوان الخبر" and article.published_at
    assert datetime.fromisoformat(article.published_at) == datetime.fromisoformat("2026-03-14T10:22:00+03:00")
    assert article.published_at_source == "meta"


def test_a_type_that_is_no_name_is_no_type() -> None:
    assert article_node(['{"@type": null, "headline": "x"}', '{"@type": 5}', ARTICLE])["headline"] == "عنوان"


def test_blocks_after_the_article_node_are_not_read() -> None:
    def blocks() -> Iterator[str]:
        yield ORG_WITH_TRAILING_COMMA
        yield ARTICLE
        raise AssertionError("read past the article node")

    assert article_node(blocks())["headline"] == "عنوان"
    web_page = '{"@type": "WebPage", "headline": "صفحة"}'
    assert article_node([web_page, ARTICLE])["headline"] == "عنوان"  # NewsArticle before WebPage
    assert article_node([web_page])["headline"] == "صفحة"
