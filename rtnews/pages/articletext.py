"""What counts as article text in RT markup: pure functions over lxml elements.

``text_of`` is an element's text without the subtrees that are never article text
(media, embeds, share rows, teasers: ``skipped``), ``blocks`` the paragraphs, headings,
quotes and list items of a container. ``text_start`` and ``text_lead`` read only the
start of that text, for rules that look at how a block begins (a read-more box), and
``may_read_more`` says from its first two characters when a text cannot begin with
the read-more words, so most blocks are ruled out without folding anything.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

# Elements that are text blocks of a container; elements and classes never article text.
BLOCK_TAGS = frozenset({"p", "h2", "h3", "h4", "h5", "blockquote", "li", "pre"})
SKIP_TAGS = frozenset({
    "script", "style", "noscript", "iframe", "figure", "figcaption", "img", "picture",
    "video", "audio", "amp-img", "button", "form", "svg", "aside", "nav", "template",
})
SKIP_CLASS_PREFIXES = (
    "read-more", "crosslink", "photo", "gallery", "share", "rtcode", "twitter-", "instagram-",
    "tiktok-", "telegram", "caption", "copyright", "video", "banner", "adfox", "social",
    "news-tags", "tags", "comments", "related", "subscribe", "media__", "embed", "follow",
    "cookies", "article__cover", "stories", "rt-stories", "card", "listing", "urgent", "audio",
    "time-public",
)
SKIP_CLASSES = frozenset({"media", "intro", "summary", "article__summary"})
# The alef forms a read-more box's first word may start with («اقرأ», «إقرأ»…).
ALEFS = frozenset("\u0622\u0623\u0625\u0627")


def norm_space(text: str) -> str:
    return " ".join(text.split())


def skipped(el: Any) -> bool:
    """True for elements whose subtree is never article text (media, embeds, widgets)."""
    if not isinstance(el.tag, str) or el.tag in SKIP_TAGS:
        return True
    value = el.get("class")
    return bool(value) and skipped_class(value)


@functools.lru_cache(maxsize=4096)
def skipped_class(value: str) -> bool:
    """Whether a class attribute marks a skipped subtree: pages repeat the same few."""
    classes = value.split()
    return bool(SKIP_CLASSES.intersection(classes)) or any(
        c.startswith(SKIP_CLASS_PREFIXES) for c in classes)


def text_of(el: Any) -> str:
    """The element's text without skipped descendants, ``<br>`` as a newline."""
    parts: list[str] = [el.text or ""] if isinstance(el.tag, str) else []
    for child in el:
        if isinstance(child.tag, str) and child.tag == "br":
            parts.append("\n")
        elif not skipped(child):
            parts.append(text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def text_pieces(el: Any) -> Iterator[str]:
    """``text_of(el)`` piece by piece, for a reader that needs only its start."""
    yield el.text or ""
    for child in el:
        if isinstance(child.tag, str) and child.tag == "br":
            yield "\n"
        elif not skipped(child):
            yield from text_pieces(child)
        yield child.tail or ""


def text_start(el: Any, chars: int) -> str:
    """``norm_space(text_of(el))[:chars]``, reading only as much of ``el`` as that needs."""
    seen = ""
    for piece in text_pieces(el):
        seen += piece
        if len(seen) - sum(map(str.isspace, seen)) >= chars:
            break
    return norm_space(seen)[:chars]


def blocks(el: Any) -> Iterator[Any]:
    """Block elements (paragraphs, headings, quotes, list items) under ``el``, in order."""
    for child in el:
        if skipped(child):
            continue
        if child.tag in BLOCK_TAGS:
            yield child
        else:
            yield from blocks(child)


def loose_text(el: Any) -> list[str]:
    """Text sitting directly in a container without paragraphs (old pages use ``<br>``)."""
    own = [el.text or ""] + [
        ("\n" if c.tag == "br" else "") + (c.tail or "") for c in el if isinstance(c.tag, str)
    ]
    return [line for line in "".join(own).split("\n") if line.strip()]


def is_plain_letter(char: str) -> bool:
    """An Arabic letter (hamza and alef forms included) or an ASCII letter or digit:
    cleaning and folding keep it and fold it to a letter of the same kind."""
    return "\u0621" <= char <= "\u063a" or "\u0641" <= char <= "\u064a" or (
        char.isascii() and char.isalnum())


def may_read_more(start: str) -> bool:
    """False when a text whose start (first non-space characters) is ``start`` cannot
    fold to one beginning «اقرا»: it opens with a plain letter other than an alef, or
    with an alef followed by a space or a plain letter other than «ق».

    >>> may_read_more("اقرأ"), may_read_more("الخبر"), may_read_more("ب"), may_read_more("ا")
    (True, False, False, False)
    """
    if not start or (is_plain_letter(start[0]) and start[0] not in ALEFS):
        return False
    if start[0] in ALEFS:
        second = start[1:2]
        return not (second == "" or second.isspace() or (is_plain_letter(second) and second != "ق"))
    return True


def text_lead(el: Any, memo: dict[Any, str]) -> str:
    """``text_of(el)`` up to its first non-space character and the one after it (whole
    when shorter): what ``may_read_more`` needs, read once per element (``memo``)."""
    found = memo.get(el)
    if found is not None:
        return found
    seen = el.text or ""
    if len(seen) < 3 or seen[0].isspace():  # else its own text decides, as for most blocks
        for child in el:
            if len(seen.lstrip()) >= 2:
                break
            tag = child.tag
            if tag == "br":
                seen += "\n"
            elif tag.__class__ is str and tag not in SKIP_TAGS and not (
                    (value := child.get("class")) and skipped_class(value)):  # skipped(), inlined
                seen += text_lead(child, memo)
            seen += child.tail or ""
    rest = len(seen.lstrip())
    if rest > 2:
        seen = seen[:len(seen) - rest + 2]
    memo[el] = seen
    return seen
