"""The HTML tree of a page, read without translating CSS or XPath per page (lxml only).

``parse_html`` parses a page once, the way ``parsel.Selector(text=...)`` did (so every
page gives the same tree as before); ``Css`` is the small part of CSS the page objects'
selector tables use, compiled once into a matcher; ``ElementIndex`` is one walk over a
subtree that files its elements by tag, class token and class, so each selector of a
table is a look-up instead of an XPath run over the whole tree (libxml2 spends
0.2–0.4 ms on each such query of an 80 KB page, the walk about as much for all of them).

Matching follows the XPath that cssselect (parsel's translator) gives for the same
selector: ``.x`` is a token of the class split on XML whitespace only (space, tab, CR,
LF), ``[a*=v]`` a substring of the raw attribute, ``A B`` a ``B`` with an ``A`` ancestor
inside the scope the selector runs in (the scope itself included).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

# XPath's normalize-space() splits on these only; str.split() would also split on
# U+00A0, U+000C and the other Unicode spaces.
XML_SPACE = re.compile(r"[ \t\r\n]+")
_NON_XML_SPACE = re.compile(r"[^\S \t\r\n]")
_SELECTOR = re.compile(r"^(?P<tag>[a-z][a-z0-9-]*)?(?P<rest>(?:\.[\w-]+|\[[^\]]+\])*)$")
_PART = re.compile(r"\.(?P<cls>[\w-]+)|\[(?P<attr>[\w-]+)(?:(?P<op>\*?=)(?P<value>[^\]]*))?\]")


def parse_html(text: str) -> Any:
    """The root element of ``text`` parsed as HTML, as ``parsel.Selector(text=text)`` parses it.

    Stripped, NUL characters removed, an empty page as ``<html/>``; lxml's HTML parser
    in recovery mode, with plain elements (``lxml.html``'s classes cost a Python call per
    element touched). A page that starts with an XML declaration is parsed as HTML too
    (parsel switched to its XML parser there, where no HTML selector matched).

    >>> parse_html("  <p>a\\x00b</p> ").findtext(".//p")
    'ab'
    >>> parse_html("").tag, parse_html("<?xml version='1.0' encoding='utf-8'?><p>x</p>").tag
    ('html', 'html')
    """
    text = (text or "<html></html>").strip().replace("\x00", "") or "<html/>"
    try:
        root = etree.fromstring(text, etree.HTMLParser(recover=True, huge_tree=True))
    except ValueError:  # lxml refuses a str that declares its encoding: give it the bytes
        root = None
    if root is None:
        root = etree.fromstring(text.encode(), etree.HTMLParser(
            recover=True, huge_tree=True, encoding="utf-8"))
    if root is None:
        root = etree.fromstring(b"<html></html>", etree.HTMLParser(encoding="utf-8"))
    return root


def class_tokens(value: str | None) -> list[str]:
    """The tokens of a class attribute as XPath's ``normalize-space`` sees them.

    >>> class_tokens(" text  js-text\\n"), class_tokens("a\\xa0b c"), class_tokens(None)
    (['text', 'js-text'], ['a\\xa0b', 'c'], [])
    """
    if not value:
        return []
    if _NON_XML_SPACE.search(value) is None:
        return value.split()
    return [token for token in XML_SPACE.split(value) if token]


def xml_norm_space(text: str) -> str:
    """XPath's ``normalize-space()``: XML whitespace trimmed and collapsed, other spaces kept.

    >>> xml_norm_space(" RT \\n STORIES "), xml_norm_space("\\xa0Stories")
    ('RT STORIES', '\\xa0Stories')
    """
    return " ".join(token for token in XML_SPACE.split(text) if token)


def inside(el: Any, containers: set[Any] | frozenset[Any]) -> bool:
    """Whether ``el`` or one of its ancestors is one of ``containers`` (lxml elements)."""
    while el is not None:
        if el in containers:
            return True
        el = el.getparent()
    return False


def direct_texts(el: Any) -> list[str]:
    """The text nodes that are children of ``el`` (XPath ``text()``), in document order."""
    found = [el.text] if el.text is not None else []
    return found + [child.tail for child in el if child.tail is not None]


@dataclass(frozen=True, slots=True)
class Compound:
    """One compound selector: a tag, class tokens, and attribute tests (all must hold)."""

    tag: str | None
    tokens: tuple[str, ...]
    attributes: tuple[tuple[str, str | None, str], ...]
    """(name, operator, value): operator None (present), ``=`` (equal), ``*=`` (contains)."""

    def matches(self, el: Any, tokens: list[str] | None = None) -> bool:
        if self.tag is not None and el.tag != self.tag:
            return False
        if self.tokens:
            have = class_tokens(el.get("class")) if tokens is None else tokens
            if any(token not in have for token in self.tokens):
                return False
        for name, op, value in self.attributes:
            found = el.get(name)
            if found is None or (op == "=" and found != value) or (op == "*=" and value not in found):
                return False
        return True


class Css:
    """A selector of the page objects' tables: ``tag.class[attr*=value]``, optionally
    preceded by an ancestor compound (``.time-public .date``), compiled once.

    >>> Css("div[class*=js-mediator-article]").last
    Compound(tag='div', tokens=(), attributes=(('class', '*=', 'js-mediator-article'),))
    >>> Css(".time-public .date").ancestor.tokens
    ('time-public',)
    """

    def __init__(self, text: str) -> None:
        self.text = text
        parts = [compound(part) for part in text.split()]
        if not 1 <= len(parts) <= 2:
            raise ValueError(f"unsupported selector {text!r}")
        self.ancestor = parts[0] if len(parts) == 2 else None
        self.last = parts[-1]

    def __repr__(self) -> str:
        return f"Css({self.text!r})"

    def matches(self, el: Any, scope: Any) -> bool:
        """Whether ``el`` matches, its ancestor compound looked for up to ``scope`` (included)."""
        if not self.last.matches(el):
            return False
        if self.ancestor is None:
            return True
        while el is not scope:
            el = el.getparent()
            if el is None:
                return False
            if self.ancestor.matches(el):
                return True
        return False


def compound(text: str) -> Compound:
    match = _SELECTOR.match(text)
    if match is None:
        raise ValueError(f"unsupported selector {text!r}")
    tokens: list[str] = []
    attributes: list[tuple[str, str | None, str]] = []
    for part in _PART.finditer(match["rest"]):
        if part["cls"]:
            tokens.append(part["cls"])
        else:
            attributes.append((part["attr"], part["op"], (part["value"] or "").strip("'\"")))
    return Compound(match["tag"], tuple(tokens), tuple(attributes))


class ElementIndex:
    """The elements of ``scope``'s subtree (``scope`` included), filed in one walk.

    ``select(css)`` gives the elements a selector matches, in document order, as
    ``scope.css(css)`` did: candidates come from the most specific file (a class token,
    a tag, or the elements with a class) and the full selector is tested on those only.
    """

    def __init__(self, scope: Any) -> None:
        self.scope = scope
        self.elements: list[Any] = list(scope.iter(etree.Element))
        self.by_tag: dict[str, list[Any]] = {}
        self.by_token: dict[str, list[Any]] = {}
        self.with_class: list[tuple[Any, str]] = []
        """(element, class attribute) of the elements with a non-empty class."""
        by_tag, by_token, with_class = self.by_tag, self.by_token, self.with_class
        for el in self.elements:
            tag = el.tag
            if tag in by_tag:
                by_tag[tag].append(el)
            else:
                by_tag[tag] = [el]
            value = el.get("class")
            if value:
                with_class.append((el, value))
                # Printable ASCII has no space but " ": str.split() splits as XPath does.
                for token in value.split() if value.isascii() and value.isprintable() \
                        else class_tokens(value):
                    if token in by_token:
                        by_token[token].append(el)
                    else:
                        by_token[token] = [el]

    def candidates(self, last: Compound) -> list[Any]:
        """The elements ``last`` can match, from the smallest file that holds them all."""
        if last.tokens:
            return self.by_token.get(last.tokens[0], [])
        for name, op, value in last.attributes:
            if name == "class":
                return [el for el, found in self.with_class if op != "*=" or value in found]
        if last.tag is not None:
            return self.by_tag.get(last.tag, [])
        if last.attributes:
            name = last.attributes[0][0]
            return [el for el in self.elements if el.get(name) is not None]
        return self.elements

    def select(self, css: Css) -> Iterator[Any]:
        if css.ancestor is not None and (css.ancestor.tokens or css.ancestor.tag):
            yield from self._select_under(css)
            return
        for el in self.candidates(css.last):
            if css.matches(el, self.scope):
                yield el

    def _select_under(self, css: Css) -> Iterator[Any]:
        """``A B`` from the (few) ``A`` down: the ``B`` inside each outermost ``A``."""
        assert css.ancestor is not None
        outer: list[Any] = []
        for el in self.candidates(css.ancestor):
            if css.ancestor.matches(el) and not (outer and inside(el, {outer[-1]})):
                outer.append(el)
        for top in outer:
            for el in top.iter(css.last.tag or etree.Element):
                if el is not top and css.last.matches(el):
                    yield el

    def first(self, css: Css) -> Any | None:
        return next(self.select(css), None)


class AnyOf:
    """Whether an element itself matches one of a table of one-compound selectors,
    answered from sets for the plain ones (a tag, a class token, a class substring).

    >>> rule = AnyOf(selectors=(Css("header"), Css(".menu"), Css("[class*=read-more]")))
    >>> from lxml.html import fragment_fromstring as f
    >>> rule(f("<header/>")), rule(f("<p class='x menu'/>")), rule(f("<p class='read-more-x'/>"))
    (True, True, True)
    >>> rule(f("<p class='menus'/>"))
    False
    """

    def __init__(self, selectors: tuple[Css, ...]) -> None:
        self.tags: set[str] = set()
        self.tokens: set[str] = set()
        self.substrings: list[str] = []
        self.others: list[Compound] = []
        for css in selectors:
            last = css.last
            if css.ancestor is not None:
                raise ValueError(f"{css.text!r}: one compound only")
            if last.tag is not None and not last.tokens and not last.attributes:
                self.tags.add(last.tag)
            elif last.tag is None and len(last.tokens) == 1 and not last.attributes:
                self.tokens.add(last.tokens[0])
            elif last.tag is None and not last.tokens and len(last.attributes) == 1 \
                    and last.attributes[0][:2] == ("class", "*="):
                self.substrings.append(last.attributes[0][2])
            else:
                self.others.append(last)

    def __call__(self, el: Any) -> bool:
        if el.tag in self.tags:
            return True
        value = el.get("class") if isinstance(el.tag, str) else None
        if value and (any(part in value for part in self.substrings)
                      or not self.tokens.isdisjoint(class_tokens(value))):
            return True
        return any(other.matches(el) for other in self.others)


def first_match(scope: Any, css: Css) -> Any | None:
    """The first element of ``scope``'s subtree matching ``css``, for rare page-wide questions
    (the index answers the frequent ones)."""
    tag = css.last.tag
    candidates = scope.iter(tag) if tag is not None else scope.iter(etree.Element)
    return next((el for el in candidates if css.matches(el, scope)), None)


def tag_lists(scope: Any, tags: tuple[str, ...]) -> dict[str, list[Any]]:
    """The elements of ``scope``'s subtree with each of ``tags``, in document order, in one pass."""
    found: dict[str, list[Any]] = {tag: [] for tag in tags}
    for el in scope.iter(*tags):
        found[el.tag].append(el)
    return found
