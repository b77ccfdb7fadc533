"""Lenient JSON-LD reading."""

from __future__ import annotations

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
