"""The fast paths of rtnews.textclean give exactly what its steps composed in order give.

The references below are the plain compositions of the public step functions (the
entry points as they were before the fast paths); random texts built from every
character class a step acts on must come out identical.
"""

from __future__ import annotations

import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from rtnews import textclean as tc

NOTABLE = (
    "ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآٱىةکیپچژگ"  # letters, hamza forms, Persian letters
    "\u064b\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0670\u0610\u0615\u06d6\u06da\u06ed"  # marks
    "\u0640\u200c\u200d\u200b\u200e\u200f\u061c\u202a\u202e\u2066\u2069\u2060\ufeff\u00ad"  # tatweel..
    "\x00\x01\x1c\x1f\x7f\x85\x9f\t\n\r\x0b\x0c \u00a0\u1680\u2000\u2009\u200a\u2028\u202f\u3000"
    "\ufb50\ufdf2\ufdfc\ufdfd\ufef7\ufefb\ufe70\ufe7c\ufe8d"  # presentation forms
    "٠١٩۰۴۹0123456789،؛؟٪٫٬۔«»#:.,!?\"'()"
    "ØÙÚÛÂÃâ€§„…™‘’“”•–—ªº½¾©ط§ظ„\ufffd"  # mojibake material
    "aZİßΣПутинrtRT😀👨&;"
)
texts = st.one_of(st.text(alphabet=st.sampled_from(NOTABLE), max_size=40), st.text(max_size=40))


def reference_clean(text: str | None, from_markup_attr: bool = False) -> str:
    if not text:
        return ""
    if from_markup_attr:
        text = tc.unescape_once(text)
    text = tc.normalize_presentation_forms(tc.normalize_nfc(text))
    text = tc.normalize_spaces(tc.trim_joiners(tc.remove_invisibles(text)))
    return tc.strip_tatweel_decorative(text)


def reference_fold(text: str | None) -> str:
    folded = tc.fold_chars(tc.strip_marks(tc.to_ascii_digits(reference_clean(text))))
    return tc.normalize_spaces(folded).lower()


def reference_flags(text: str) -> list[str]:
    flags = []
    if "\ufffd" in text:
        flags.append("replacement_char")
    if tc._MOJIBAKE_RE.search(text):
        flags.append("mojibake")
    if text.strip() and not tc._ARABIC_LETTER_RE.search(text):
        flags.append("no_arabic")
    return sorted(flags)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_clean_and_fold_equal_the_composed_steps(text: str) -> None:
    assert tc.clean_text(text) == reference_clean(text)
    assert tc.clean_text(text, from_markup_attr=True) == reference_clean(text, True)
    assert tc.fold_text(text) == reference_fold(text)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_quality_flags_equal_the_full_pattern(text: str) -> None:
    assert tc.quality_flags(text) == reference_flags(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(texts, max_size=5))
def test_clean_body_equals_cleaning_each_paragraph(paragraphs: list[str]) -> None:
    assert tc.clean_body(paragraphs) == "\n\n".join(p for p in map(reference_clean, paragraphs) if p)


def test_clean_text_returns_clean_input_itself() -> None:
    text = "قال الوزير إن المحادثات، التي جرت أمس، كانت «بناءة» (RT)."
    assert tc.is_layer1_clean(text) and tc.clean_text(text) is text


def test_the_work_class_holds_every_whitespace_but_the_plain_space() -> None:
    spaces = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() and c != " "]
    assert all(tc._LAYER1_WORK_RE.match(c) for c in spaces)
    assert not tc._LAYER1_WORK_RE.match(" ")


def test_every_mojibake_branch_needs_a_tail_character() -> None:
    for sample in ("Ø§Ù„", "Ã©", "â€™", "ط§ظ„"):
        assert tc._MOJIBAKE_RE.search(sample) and tc._MOJIBAKE_TAIL_RE.search(sample)
