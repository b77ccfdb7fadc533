"""Lenient JSON-LD reading: RT's blocks are not always valid JSON.

RT's ``Organization`` block ends its ``sameAs`` list with a trailing comma, which
strict ``json.loads`` rejects; a whole article would then lose its dates. The
repair here is deliberately small: trailing commas and raw control characters.

A block nested deeper than ``MAX_DEPTH`` (real JSON-LD stays under ten levels; a
hostile one can be deep enough to exhaust Python's recursion limit) is ignored like
one that does not parse, so each field falls back to its next source.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

TRAILING_COMMA = re.compile(r",(\s*[\]}])")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
MAX_DEPTH = 32
ARTICLE_TYPES = frozenset({
    "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
    "VideoObject", "WebPage",
})


def loads_lenient(text: str) -> Any:
    """Parse one JSON-LD block, repairing trailing commas; None when hopeless.

    >>> loads_lenient('{"sameAs": ["a", "b",]}')
    {'sameAs': ['a', 'b']}
    >>> loads_lenient('{') is None
    True
    >>> loads_lenient('{"a": ' + '[' * 5000 + ']' * 5000 + '}') is None
    True
    """
    text = text.strip().removeprefix("<!--").removesuffix("-->").strip()
    for candidate in (text, TRAILING_COMMA.sub(r"\1", CONTROL.sub(" ", text))):
        try:
            value = json.loads(candidate)
        except ValueError:
            continue
        except RecursionError:
            return None
        return value if depth(value) <= MAX_DEPTH else None
    return None


def depth(value: Any) -> int:
    """How deeply lists and objects nest in a parsed JSON value (without recursion).

    >>> depth("x"), depth([]), depth({"a": [1, {"b": []}]})
    (0, 1, 4)
    """
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            level += 1
            deepest = max(deepest, level)
            stack.extend((child, level) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def nodes(blocks: Iterable[str]) -> Iterator[dict[str, Any]]:
    """Every JSON object of the blocks, flattening lists and ``@graph``, in document order.

    A block is parsed only when the objects before it have been consumed, so a caller
    that stops at the first article node parses no block after it.

    >>> [n["@type"] for n in nodes(['[{"@type": "A", "@graph": [{"@type": "B"}]}, {"@type": "C"}]'])]
    ['A', 'B', 'C']
    """
    for block in blocks:
        stack: list[Any] = [loads_lenient(block)]  # reversed: the next item is last
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                if "@graph" in item and isinstance(item["@graph"], list):
                    stack.extend(reversed(item["@graph"]))
                yield item


def types_of(node: dict[str, Any]) -> set[str]:
    """The ``@type`` names of a node; none when ``@type`` is neither a name nor a list.

    >>> types_of({"@type": ["NewsArticle", 3]}), types_of({"@type": None})
    ({'NewsArticle'}, set())
    """
    kind = node.get("@type", ())
    if isinstance(kind, str):
        return {kind}
    return {k for k in kind if isinstance(k, str)} if isinstance(kind, list | tuple) else set()


def article_node(blocks: Iterable[str]) -> dict[str, Any]:
    """The first article-like node, a ``WebPage`` one only when no other is (NewsArticle
    first), or an empty dict. Stops at the first node that is not a ``WebPage``.

    >>> article_node(['{"@type": "WebPage", "a": 1}', '{"@type": "NewsArticle", "a": 2}'])["a"]
    2
    """
    web_page: dict[str, Any] | None = None
    for node in nodes(blocks):
        kinds = types_of(node)
        if kinds & ARTICLE_TYPES:
            if "WebPage" not in kinds:
                return node
            if web_page is None:
                web_page = node
    return web_page or {}


def text_value(value: Any) -> str | None:
    """A plain string from a JSON-LD value that may be a string, a list or an object."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list):
        return next((v for v in map(text_value, value) if v), None)
    if isinstance(value, dict):
        return text_value(value.get("name") or value.get("@value"))
    return None


def person_name(value: Any) -> str | None:
    """The author's name when the author is a person (not the publisher)."""
    if isinstance(value, list):
        names = [n for n in map(person_name, value) if n]
        return ", ".join(names) or None
    if isinstance(value, dict):
        if "Organization" in types_of(value):
            return None
        return text_value(value.get("name"))
    return text_value(value)
