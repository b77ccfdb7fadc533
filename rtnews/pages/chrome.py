"""Site chrome recognised by its text: lines of an RT Arabic page that are never article text.

The extractor removes chrome by structure first (classes of read-more boxes, embeds,
players, share rows); these pure functions are the backstop for when the structure is
unknown or changed: the real page text of 26 May 2026 (rt-site.md §8) shows each of
these lines inside or next to the article text. They match whole lines (or a line's
start, for read-more boxes), after folding, so a paragraph that merely mentions the
words is kept.
"""

from __future__ import annotations

import functools
import re

from rtnews.textclean import fold_text

# «تاريخ النشر: 26.05.2026 | 16:36 GMT»
DATE_LINE = re.compile(r"^\s*تاريخ (?:النشر|التحديث)\s*[:：]")
# «إقرأ المزيد <headline>» (with or without the hamza), «اقرأ أيضا: …»; folded text.
READ_MORE = re.compile(r"^\s*اقرا\s+(?:المزيد|ايضا)(?:\s|:|$)")
# An embedded post of X printed as text: «… pic.twitter.com/… — Name (@handle) May 22, 2026».
TWEET_TAIL = re.compile(
    r"(?:—|–|&mdash;|-)\s*[^\n]{1,80}?\(@\w{1,30}\)\s+"
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
    r" \d{1,2}, \d{4}\s*$",
    re.IGNORECASE,
)
# Whole lines of page chrome, folded: video download link, audio fallback, share row,
# comments heading, the urgent banner's label.
CHROME_LINES = frozenset(
    fold_text(line)
    for line in (
        "تحميل الفيديو",
        "Your browser does not support audio tag.",
        "Your browser does not support the audio tag.",
        "Your browser does not support the audio element.",
        "Facebook X VK.com Telegram",
        "Facebook Twitter VK.com Telegram",
        "التعليقات",
        "هام",
        "عاجل",
    )
)


# Section labels printed above the date line on the real pages of 26 May 2026 (§8): as a
# paragraph of their own they are the label line of a template the extractor does not know.
KNOWN_LABELS = frozenset(
    fold_text(label)
    for label in (
        "أخبار العالم", "أخبار العالم العربي", "مال وأعمال", "الرياضة", "الصحة", "مجتمع",
        "متفرقات", "الفضاء", "فيديوهات", "العالم الرقمي و Social media", "أخبار روسيا",
        "الثقافة والفن", "العلوم والتكنولوجيا", "عالم السيارات",
    )
)


def is_chrome_line(line: str, label: str | None = None, *, folded: str | None = None) -> bool:
    """True when ``line`` is page chrome: the date line, the section label (the page's own
    ``label`` or one of ``KNOWN_LABELS``), a read-more box, an embedded post of X printed
    as text, or one of ``CHROME_LINES``.

    >>> is_chrome_line("تاريخ النشر: 26.05.2026 | 16:36 GMT")
    True
    >>> is_chrome_line("إقرأ المزيد وجوه خلف الكواليس"), is_chrome_line("اقرأ المزيد")
    (True, True)
    >>> is_chrome_line("Text pic.twitter.com/Ab3 — Local Desk (@desk) May 22, 2026")
    True
    >>> is_chrome_line("أخبار العالم", label="أخبار العالم")
    True
    >>> is_chrome_line("وقال إن تاريخ النشر: لم يحدد بعد")
    False

    ``folded``, when the caller has it, is ``fold_text`` of the line with its spaces
    normalized, so the line is not folded twice.
    """
    text = " ".join(line.split())
    if not text:
        return False
    if folded is None:
        folded = fold_text(text)
    return (
        DATE_LINE.match(text) is not None
        or READ_MORE.match(folded) is not None
        or folded.rstrip(" .:") in CHROME_LINES
        or folded in CHROME_LINES
        or folded in KNOWN_LABELS
        or (label is not None and folded == folded_label(label))
        or (("twitter.com/" in folded or "(@" in folded) and TWEET_TAIL.search(text) is not None)
    )


@functools.lru_cache(maxsize=256)
def folded_label(label: str) -> str:
    """``fold_text(label)``: a page compares every line of its text with its one label."""
    return fold_text(label)
