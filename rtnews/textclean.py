"""Arabic text cleaning: a safe layer for stored text and a lossy layer for search fields.

Layer 1 (``clean_text``, ``clean_body``) keeps the text as published and only removes
what no reader can see or want: invisible characters, presentation-form glyphs,
decorative tatweel, irregular spaces. Layer 2 (``fold_text``) is lossy and is meant
only for derived fields such as ``title_norm`` / ``body_norm``.

Each step is its own pure function so it can be tested and reused alone. The entry
points (``clean_text``, ``fold_text``, ``quality_flags``, ``is_boilerplate_line``) give
exactly what the steps composed in order give, but skip the steps a text does not
need: one scan for any character a layer-1 step acts on returns already clean text
unchanged (most paragraphs), folding deletes marks and maps digits in one pass, and
the mojibake pattern runs only when a character it needs is present. ``str.translate``
with dicts is about three times slower on Arabic text than ``str.replace``.

Layer 2 folding table (applied after layer 1, in this order):

=========================================  ==========================
Input                                      Output
=========================================  ==========================
harakat U+064B–U+0652, U+0670              deleted
Quranic marks U+0610–U+061A, U+06D6–U+06ED deleted
أ إ آ ٱ                                    ا
ى (alef maksura)                           ي
ة (ta marbuta)                             ه
ک (Persian kaf), ی (Persian yeh)           ك, ي
digits ٠–٩ (U+0660–9), ۰–۹ (U+06F0–9)      0–9
tatweel U+0640, ZWNJ U+200C, ZWJ U+200D    deleted
، ؛ ؟                                      , ; ?
٪ ٫ ٬ ۔                                    % . , .
« »                                        "
whitespace runs                            one space, trimmed
letters                                    ``str.lower()``
=========================================  ==========================
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

# Character classes shared by several steps.
ARABIC_LETTERS = (
    "\u0621-\u063a\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef"
    "\u06fa-\u06fc\u06ff\u0750-\u077f\u08a0-\u08c9"
)
# Harakat and Quranic marks: a tatweel may carry them (``بـَـا``).
ARABIC_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
TATWEEL = "\u0640"
ZWNJ = "\u200c"
ZWJ = "\u200d"

_ARABIC_LETTER_RE = re.compile(f"[{ARABIC_LETTERS}]")


# --- Layer 1 steps -------------------------------------------------------------------


def unescape_once(text: str) -> str:
    """Resolve HTML entities exactly one level deep.

    Attributes, ``<meta>`` and JSON-LD are often double-escaped (``&amp;quot;``); a
    second pass would also decode entities the publisher meant literally.
    """
    return html.unescape(text)


def normalize_nfc(text: str) -> str:
    """Compose to NFC (alef + U+0654 → أ) before any step that strips marks."""
    if unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


_PRESENTATION_RE = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")
_PRESENTATION_EXCEPTIONS = {
    "\ufdfc": "ريال",  # NFKC would give a Persian yeh (ریال).
    "\ufdfd": "\ufdfd",  # Bismillah ligature: no decomposition exists.
}


def _decompose_presentation(match: re.Match[str]) -> str:
    char = match.group()
    if char in _PRESENTATION_EXCEPTIONS:
        return _PRESENTATION_EXCEPTIONS[char]
    decomposed = unicodedata.normalize("NFKC", char)
    # Isolated mark forms (ﹰ, ﹼ) decompose to space + mark; the space would split a word.
    if decomposed[:1] == " " and all(unicodedata.combining(c) for c in decomposed[1:]):
        return decomposed[1:]
    return decomposed


def normalize_presentation_forms(text: str) -> str:
    """Replace Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFC) by plain letters.

    NFKC is applied per character because NFKC on the whole string rewrites ``…``,
    ``²``, ``½`` and Latin ligatures. The result is re-composed to NFC since a
    decomposed glyph may compose with a following mark.
    """
    if not _PRESENTATION_RE.search(text):
        return text
    return normalize_nfc(_PRESENTATION_RE.sub(_decompose_presentation, text))


# \r, \v, \f are controls too but separate words: normalize_spaces turns them into spaces.
_INVISIBLE_RE = re.compile(
    "[\u200b\u2060\ufeff\u00ad"  # zero-width space, word joiner, BOM, soft hyphen
    "\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069"  # bidi controls
    "\x00-\x08\x0e-\x1f\x7f-\x9f]"  # C0/C1 controls except \t \n \v \f \r
)


def remove_invisibles(text: str) -> str:
    """Delete zero-width characters, bidi controls and C0/C1 controls.

    Tab and line breaks survive here; ``normalize_spaces`` decides what they become.
    """
    return _INVISIBLE_RE.sub("", text)


# A joiner run touching whitespace, punctuation or the text edge joins nothing.
_EDGE = r"\s.,;:!?()\[\]{}\"'«»،؛؟…"
_EDGE_JOINER_RE = re.compile(f"(?<![^{_EDGE}])[{ZWNJ}{ZWJ}]+|[{ZWNJ}{ZWJ}]+(?![^{_EDGE}])")


def trim_joiners(text: str) -> str:
    """Drop ZWNJ/ZWJ at word edges; keep them inside words (Persian names, emoji).

    Never turned into spaces: inside a word they are part of its spelling.
    """
    if ZWNJ not in text and ZWJ not in text:
        return text
    return _EDGE_JOINER_RE.sub("", text)


def normalize_spaces(text: str) -> str:
    """Collapse every whitespace run (NBSP, U+2000–U+200A, newlines…) to one space; trim.

    ``str.split()`` knows the same Unicode whitespace as the spec lists and is the
    fastest way to collapse it.
    """
    return " ".join(text.split())


# The lookbehind sits after the literal tatweel so the engine only tries at tatweels
# (40x faster than a leading lookbehind, which is tried at every position).
_DECORATIVE_TATWEEL_RE = re.compile(
    f"{TATWEEL}(?<=[{ARABIC_LETTERS}{ARABIC_MARKS}]{TATWEEL})[{TATWEEL}{ARABIC_MARKS}]*"
    f"(?=[{ARABIC_LETTERS}])"
)


def _drop_tatweel_keep_marks(match: re.Match[str]) -> str:
    return match.group().replace(TATWEEL, "")


def strip_tatweel_decorative(text: str) -> str:
    """Delete tatweel only where it stretches a word between two Arabic letters.

    Kept before a digit, Latin letter, quote or space (``لـ RT``, ``الـ21``, ``بـ5``)
    and at the end of abbreviations (``1445 هـ``): there it carries meaning. Marks
    written on a deleted tatweel move to the preceding letter.
    """
    if TATWEEL not in text:
        return text
    return _DECORATIVE_TATWEEL_RE.sub(_drop_tatweel_keep_marks, text)


# --- Layer 1 entry points ------------------------------------------------------------

# Every character some layer-1 step changes or removes: presentation forms, invisibles
# and controls, joiners, tatweel, and every whitespace character but the plain space
# (``str.isspace``; C0/C1 whitespace is inside the control ranges).
_LAYER1_WORK_RE = re.compile(
    "[\ufb50-\ufdff\ufe70-\ufefc"
    "\u200b-\u200f\u2060\ufeff\u00ad\u061c\u202a-\u202e\u2066-\u2069"
    "\x00-\x1f\x7f-\x9f"
    f"{TATWEEL}"
    "\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)


def is_layer1_clean(text: str) -> bool:
    """True when ``clean_text`` would return ``text`` unchanged by every step.

    NFC, no character any step acts on, single spaces only and none at the ends.

    >>> is_layer1_clean("السلام عليكم"), is_layer1_clean("السلام  عليكم"), is_layer1_clean("الســلام")
    (True, False, False)
    """
    return (
        unicodedata.is_normalized("NFC", text)
        and not _LAYER1_WORK_RE.search(text)
        and text[:1] != " "
        and text[-1:] != " "
        and "  " not in text
    )


def clean_text(text: str | None, *, from_markup_attr: bool = False) -> str:
    """Clean a single-line field (title, lead, caption, author, source).

    Newlines collapse to spaces. Pass ``from_markup_attr=True`` for text taken from
    attributes, ``<meta>`` or JSON-LD, which still carries one level of HTML escaping.
    Harakat, hamza forms, ta marbuta, alef maksura, Arabic punctuation, guillemets and
    digits are kept exactly as published.
    """
    if not text:
        return ""
    if from_markup_attr:
        text = unescape_once(text)
    elif is_layer1_clean(text):
        return text
    text = normalize_nfc(text)
    text = normalize_presentation_forms(text)
    text = remove_invisibles(text)
    text = trim_joiners(text)
    text = normalize_spaces(text)
    return strip_tatweel_decorative(text)


def clean_body(paragraphs: Iterable[str]) -> str:
    """Clean each paragraph; join the non-empty ones with exactly one blank line."""
    return "\n\n".join(p for p in map(clean_text, paragraphs) if p)


# --- Layer 2: lossy folding for search fields -----------------------------------------

_ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_EXTENDED_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
_NON_ASCII_DIGIT_RE = re.compile("[\u0660-\u0669\u06f0-\u06f9]")


def to_ascii_digits(text: str) -> str:
    """Turn Arabic-Indic (U+0660–9) and extended (U+06F0–9) digits into ASCII 0–9."""
    if not _NON_ASCII_DIGIT_RE.search(text):
        return text
    for ascii_digit, arabic, extended in zip(
        "0123456789", _ARABIC_INDIC_DIGITS, _EXTENDED_DIGITS, strict=True
    ):
        text = text.replace(arabic, ascii_digit).replace(extended, ascii_digit)
    return text


_FOLD_MARKS_RE = re.compile("[\u064b-\u0652\u0670\u0610-\u061a\u06d6-\u06ed]")

# Order matters only in that every target is already folded.
_FOLD_CHARS: tuple[tuple[str, str], ...] = (
    ("أ", "ا"),
    ("إ", "ا"),
    ("آ", "ا"),
    ("ٱ", "ا"),
    ("ى", "ي"),
    ("ة", "ه"),
    ("ک", "ك"),
    ("ی", "ي"),
    (TATWEEL, ""),
    (ZWNJ, ""),
    (ZWJ, ""),
    ("،", ","),
    ("؛", ";"),
    ("؟", "?"),
    ("٪", "%"),
    ("٫", "."),
    ("٬", ","),
    ("۔", "."),
    ("«", '"'),
    ("»", '"'),
)


def strip_marks(text: str) -> str:
    """Delete harakat (U+064B–U+0652, U+0670) and Quranic marks (lossy)."""
    return _FOLD_MARKS_RE.sub("", text)


def fold_chars(text: str) -> str:
    """Apply the letter, tatweel, joiner and punctuation folds from the module table."""
    for source, target in _FOLD_CHARS:
        if source in text:
            text = text.replace(source, target)
    return text


# Marks to delete and digits to map, in one pass: both are rare in news text, so a
# callback per match costs less than a second scan.
_MARKS_AND_DIGITS_RE = re.compile("[\u064b-\u0652\u0670\u0610-\u061a\u06d6-\u06ed"
                                  "\u0660-\u0669\u06f0-\u06f9]")
_DIGIT_VALUES = {
    **{arabic: str(n) for n, arabic in enumerate(_ARABIC_INDIC_DIGITS)},
    **{extended: str(n) for n, extended in enumerate(_EXTENDED_DIGITS)},
}


def _fold_mark_or_digit(match: re.Match[str]) -> str:
    return _DIGIT_VALUES.get(match.group(), "")


def fold_text(text: str | None) -> str:
    """Layer 1 plus lossy folding, for search fields only (see the module table).

    ``str.lower()`` is used rather than a Latin-only lowercase: other cased scripts
    in a search field (Cyrillic names) benefit the same way and Arabic is unaffected.
    """
    folded = fold_chars(_MARKS_AND_DIGITS_RE.sub(_fold_mark_or_digit, clean_text(text)))
    # Layer 1 leaves single plain spaces only; a deletion above can leave two or an edge one.
    if "  " in folded or folded[:1] == " " or folded[-1:] == " ":
        folded = normalize_spaces(folded)
    return folded.lower()


# --- Quality flags -------------------------------------------------------------------

# Characters that UTF-8 continuation bytes 0x80–0xBF become when read as cp1252
# (or latin-1, whose 0x80–0x9F are C1 controls).
_CP1252_TAIL = "\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
# Non-Arabic characters that continuation bytes become when read as windows-1256;
# the Arabic ones (پ ، ؛ ؟…) are left out so real Arabic cannot match.
_CP1256_TAIL = "€‚ƒ„…†‡ˆ‰‹Œ‘’“”•–—™›œ\u00a0-\u00b9\u00bb-\u00be"
_MOJIBAKE_RE = re.compile(
    f"(?:[ØÙÚÛ][{_CP1252_TAIL}]){{2}}"  # Arabic UTF-8 as cp1252: Ø§Ù„
    f"|[ÂÃ][{_CP1252_TAIL}]"  # Latin-1 supplement as cp1252: Ã©, Â°
    "|â€"  # general punctuation as cp1252: â€™, â€œ
    f"|(?:[طظعغ][{_CP1256_TAIL}]){{2}}"  # Arabic UTF-8 as windows-1256: ط§ظ„
)
# Every branch above needs one of these; a plain class scan is ten times faster than
# trying four branches at every position of a clean text.
_MOJIBAKE_TAIL_RE = re.compile(f"[{_CP1252_TAIL}{_CP1256_TAIL}]")


def quality_flags(text: str) -> list[str]:
    """Return sorted quality problems: ``mojibake``, ``no_arabic``, ``replacement_char``.

    Run it on text before cleaning when possible: cleaning deletes the C1 controls
    that latin-1 mojibake contains.
    """
    flags = []
    if "\ufffd" in text:
        flags.append("replacement_char")
    if _MOJIBAKE_TAIL_RE.search(text) and _MOJIBAKE_RE.search(text):
        flags.append("mojibake")
    if text.strip() and not _ARABIC_LETTER_RE.search(text):
        flags.append("no_arabic")
    return sorted(flags)


# --- Boilerplate backstop ------------------------------------------------------------

# Whole lines known as RT page chrome, stored folded (fold_text) for comparison.
BOILERPLATE_LINES = frozenset(
    fold_text(line)
    for line in (
        "مباشر",
        "أين يمكنك متابعتنا",
        "أقسام مهمة",
        "Stories",
        "RT STORIES",
        "انسخ الرابط",
        "التعليقات",
        "اقرأ المزيد",
        "اقرأ أيضا",
    )
)
_COUNT_LINE_RE = re.compile(r"[0-9]+ خبر")
_HASHTAGS_LINE_RE = re.compile(r"#\S+(?: #\S+)*")
_FOLLOW_US_RE = re.compile(r"تابعوا rt علي(?: .*)?")
_FOLLOW_US_MAX_CHARS = 80
_COOKIE_WORDS = ("ملفات تعريف الارتباط", "الكوكيز", "cookies")
_COOKIE_MAX_CHARS = 300


def _is_cookie_notice(folded: str) -> bool:
    # Real prose can mention cookies; only a short sentence with an "agree" button is chrome.
    return (
        len(folded) < _COOKIE_MAX_CHARS
        and "موافق" in folded
        and any(word in folded for word in _COOKIE_WORDS)
    )


def is_boilerplate_line(line: str) -> bool:
    """True when the whole line is known RT chrome (a backstop to selector-based removal).

    Matches whole lines only, after folding, so wording variants (``اقرأ أيضاً:``)
    match but a paragraph that merely contains such words never does.
    """
    return is_boilerplate_folded(fold_text(line))


def is_boilerplate_folded(folded: str) -> bool:
    """``is_boilerplate_line`` of a line already folded with ``fold_text`` (fold once)."""
    folded = folded.rstrip(" :")
    if not folded:
        return False
    return (
        folded in BOILERPLATE_LINES
        or _COUNT_LINE_RE.fullmatch(folded) is not None
        or _HASHTAGS_LINE_RE.fullmatch(folded) is not None
        or (len(folded) <= _FOLLOW_US_MAX_CHARS and _FOLLOW_US_RE.fullmatch(folded) is not None)
        or _is_cookie_notice(folded)
    )
