"""Table tests for rtnews.textclean: every spec edge case is a named case with exact output."""

from __future__ import annotations

import pytest

from rtnews.textclean import (
    BOILERPLATE_LINES,
    clean_body,
    clean_text,
    fold_chars,
    fold_text,
    is_boilerplate_line,
    normalize_nfc,
    normalize_presentation_forms,
    normalize_spaces,
    quality_flags,
    remove_invisibles,
    strip_marks,
    strip_tatweel_decorative,
    to_ascii_digits,
    trim_joiners,
    unescape_once,
)

NBSP = "\u00a0"
RLM = "\u200f"
LRM = "\u200e"
ZWNJ = "\u200c"
ZWJ = "\u200d"


def cases(*rows: tuple[str, object, object]) -> pytest.MarkDecorator:
    """Parametrize (input, expected) rows whose first element is the case id."""
    return pytest.mark.parametrize(
        ("text", "expected"), [pytest.param(i, e, id=name) for name, i, e in rows]
    )


# --- clean_text: the spec's edge cases -------------------------------------------------


@cases(
    ("decorative-tatweel", "الســـلام عليكم", "السلام عليكم"),
    ("decorative-tatweel-carrying-marks", "مُـحَـمَّـد", "مُحَمَّد"),
    ("clitic-tatweel-before-latin", "لـ RT", "لـ RT"),
    ("clitic-tatweel-before-latin-no-space", "لـRT", "لـRT"),
    ("clitic-tatweel-before-digits", "الاجتماع الـ21", "الاجتماع الـ21"),
    ("clitic-tatweel-before-digit", "بـ5 ملايين", "بـ5 ملايين"),
    ("clitic-tatweel-before-quote", 'لـ"الشرق"', 'لـ"الشرق"'),
    ("clitic-tatweel-before-guillemet", "لـ«الشرق»", "لـ«الشرق»"),
    ("hijri-abbreviation", "1445 هـ", "1445 هـ"),
    ("hijri-abbreviation-with-slash", "1445هـ/2024م", "1445هـ/2024م"),
    (
        "rlm-lrm-around-latin-name",
        f"قال {RLM}{LRM}John Smith{LRM}{RLM} للصحفيين",
        "قال John Smith للصحفيين",
    ),
    ("zwnj-inside-persian-name", f"محمد حسن{ZWNJ}زاده", f"محمد حسن{ZWNJ}زاده"),
    ("zwnj-at-word-edges", f"{ZWNJ}كلمة{ZWNJ} أخرى{ZWJ}", "كلمة أخرى"),
    ("zwj-emoji-sequence", f"عائلة 👨{ZWJ}👩{ZWJ}👧", f"عائلة 👨{ZWJ}👩{ZWJ}👧"),
    ("nbsp-between-words", f"وزير{NBSP}الخارجية", "وزير الخارجية"),
    ("narrow-and-ideographic-spaces", "أ\u202fب\u2003ج\u3000د\u205fه", "أ ب ج د ه"),
    ("lam-alef-hamza-presentation", "ﻷن", "لأن"),
    ("lam-alef-presentation", "ﻻ", "لا"),
    ("allah-ligature", "ﷲ", "الله"),
    ("rial-sign", "100 ﷼", "100 ريال"),
    ("bismillah-kept", "﷽", "﷽"),
    ("partial-vocalization-tanween", "جزءاً", "جزءاً"),
    ("partial-vocalization-shadda", "وعبّر", "وعبّر"),
    ("arabic-indic-digits-kept", "عام ٢٠٢٤ و۱۴۰۲", "عام ٢٠٢٤ و۱۴۰۲"),
    ("cyrillic-emoji-euro-degree-kept", "Путин 😀 100 € 25°", "Путин 😀 100 € 25°"),
    ("arabic-punctuation-kept", "هل؟ نعم، لا؛ «حسنا»", "هل؟ نعم، لا؛ «حسنا»"),
    ("hamza-forms-kept", "سؤال مسؤول إئتلاف آخر ى ة", "سؤال مسؤول إئتلاف آخر ى ة"),
    ("empty", "", ""),
    ("whitespace-only", f" \n\t{NBSP} ", ""),
    ("none", None, ""),
    ("latin-nfkc-traps-kept", "wait… x² ½ ﬁle", "wait… x² ½ ﬁle"),
    ("alef-combining-hamza-composes", "\u0627\u0654", "أ"),
    ("newlines-collapse-single-line", "سطر\r\nآخر\nثالث", "سطر آخر ثالث"),
    ("soft-hyphen-zwsp-bom-deleted", "\ufeffكل\u00adمة\u200b", "كلمة"),
    ("controls-deleted", "a\x00b\x1fc\x7fd\x85e", "abcde"),
)
def test_clean_text(text: str | None, expected: str) -> None:
    assert clean_text(text) == expected


@cases(
    ("double-escaped-quot-one-level", "&amp;quot;نص&amp;quot;", "&quot;نص&quot;"),
    ("named-and-numeric-entities", "&lt;b&gt; &#1575;&#x644;", "<b> ال"),
    ("nbsp-entity-becomes-space", "أ&nbsp;ب", "أ ب"),
)
def test_clean_text_from_markup_attr(text: str, expected: str) -> None:
    assert clean_text(text, from_markup_attr=True) == expected


def test_clean_text_leaves_entities_by_default() -> None:
    assert clean_text("&amp;quot;") == "&amp;quot;"


# --- individual layer-1 steps ------------------------------------------------------------


@cases(
    ("double-escaped", "&amp;quot;", "&quot;"),
    ("single-escaped", "&quot;", '"'),
    ("no-entities", "نص", "نص"),
)
def test_unescape_once(text: str, expected: str) -> None:
    assert unescape_once(text) == expected


@cases(
    ("alef-hamza-above", "\u0627\u0654", "\u0623"),
    ("alef-hamza-below", "\u0627\u0655", "\u0625"),
    ("alef-madda", "\u0627\u0653", "\u0622"),
    ("waw-hamza", "\u0648\u0654", "\u0624"),
    ("yeh-hamza", "\u064a\u0654", "\u0626"),
    ("already-nfc", "أهلا", "أهلا"),
)
def test_normalize_nfc(text: str, expected: str) -> None:
    assert normalize_nfc(text) == expected


@cases(
    ("lam-alef-hamza-above", "ﻷ", "لأ"),
    ("lam-alef-hamza-below", "ﻹ", "لإ"),
    ("lam-alef-madda", "ﻵ", "لآ"),
    ("final-forms-word", "ﺍﻟﺴﻼﻡ", "السلام"),
    ("allah", "ﷲ", "الله"),
    ("rial-exception", "﷼", "ريال"),
    ("bismillah-exception", "﷽", "﷽"),
    ("isolated-fathatan-no-space", "كتاباﹰ", "كتاباً"),
    ("decomposed-alef-composes-with-mark", "ﺍ\u0654", "أ"),
    ("ellipsis-superscript-fraction-ligature", "… ² ½ ﬁ", "… ² ½ ﬁ"),
)
def test_normalize_presentation_forms(text: str, expected: str) -> None:
    assert normalize_presentation_forms(text) == expected


@cases(
    ("zwsp-word-joiner-bom-shy", "a\u200bb\u2060c\ufeffd\u00ade", "abcde"),
    ("bidi-marks", f"{LRM}a{RLM}b\u061cc", "abc"),
    ("bidi-embeddings-isolates", "\u202aa\u202eb\u2066c\u2069", "abc"),
    ("tab-newline-kept", "a\tb\nc", "a\tb\nc"),
    ("c1-controls", "a\x80b\x9fc", "abc"),
    ("joiners-untouched", f"a{ZWNJ}b{ZWJ}c", f"a{ZWNJ}b{ZWJ}c"),
)
def test_remove_invisibles(text: str, expected: str) -> None:
    assert remove_invisibles(text) == expected


@cases(
    ("inside-word-kept", f"می{ZWNJ}خواهم", f"می{ZWNJ}خواهم"),
    ("leading-dropped", f"{ZWNJ}كلمة", "كلمة"),
    ("trailing-dropped", f"كلمة{ZWJ}", "كلمة"),
    ("before-space-dropped", f"كلمة{ZWNJ} كلمة", "كلمة كلمة"),
    ("after-space-dropped", f"كلمة {ZWJ}{ZWNJ}كلمة", "كلمة كلمة"),
    ("before-punctuation-dropped", f"كلمة{ZWNJ}، ثم", "كلمة، ثم"),
    ("emoji-zwj-kept", f"👩{ZWJ}💻", f"👩{ZWJ}💻"),
    ("lone-joiner-dropped", ZWNJ, ""),
)
def test_trim_joiners(text: str, expected: str) -> None:
    assert trim_joiners(text) == expected


@cases(
    ("nbsp", f"a{NBSP}b", "a b"),
    ("runs-collapsed", "a   \t b", "a b"),
    ("en-em-thin-spaces", "a\u2002b\u2003c\u2009d", "a b c d"),
    ("crlf-and-newlines", "a\r\nb\nc", "a b c"),
    ("trimmed", "  a  ", "a"),
    ("whitespace-only", " \t\n", ""),
)
def test_normalize_spaces(text: str, expected: str) -> None:
    assert normalize_spaces(text) == expected


@cases(
    ("between-letters", "الســلام", "السلام"),
    ("single-between-letters", "كـبير", "كبير"),
    ("mark-on-tatweel-moves-to-letter", "بـَـا", "بَا"),
    ("before-space", "لـ RT", "لـ RT"),
    ("before-latin", "لـRT", "لـRT"),
    ("before-digit", "بـ5", "بـ5"),
    ("before-quote", 'لـ"', 'لـ"'),
    ("word-final-abbreviation", "هـ", "هـ"),
    ("after-digit", "5ـب", "5ـب"),
    ("after-space", "كلمة ـب", "كلمة ـب"),
    ("no-tatweel", "كلمة", "كلمة"),
)
def test_strip_tatweel_decorative(text: str, expected: str) -> None:
    assert strip_tatweel_decorative(text) == expected


# --- clean_body ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        pytest.param(["أ", "ب"], "أ\n\nب", id="two-paragraphs-one-blank-line"),
        pytest.param(["أ", "", "  ", "\u200b", "ب"], "أ\n\nب", id="empty-paragraphs-dropped"),
        pytest.param([f"  أ \n  ب{NBSP}\tج "], "أ ب ج", id="internal-whitespace-collapsed"),
        pytest.param(["الســلام", "ﻷن"], "السلام\n\nلأن", id="each-paragraph-cleaned"),
        pytest.param([], "", id="no-paragraphs"),
        pytest.param(iter(["أ", "ب"]), "أ\n\nب", id="any-iterable"),
    ],
)
def test_clean_body(paragraphs: list[str], expected: str) -> None:
    assert clean_body(paragraphs) == expected


# --- layer 2 -------------------------------------------------------------------------------


@cases(
    ("arabic-indic", "٠١٢٣٤٥٦٧٨٩", "0123456789"),
    ("extended-persian", "۰۱۲۳۴۵۶۷۸۹", "0123456789"),
    ("mixed-with-text", "عام ٢٠٢٤", "عام 2024"),
    ("ascii-untouched", "2024", "2024"),
)
def test_to_ascii_digits(text: str, expected: str) -> None:
    assert to_ascii_digits(text) == expected


@cases(
    ("harakat", "مُحَمَّدٌ", "محمد"),
    ("dagger-alef", "هٰذا", "هذا"),
    ("quranic-marks", "الصَّلَوٰةِ\u06d6 \u0610ص", "الصلوة ص"),
)
def test_strip_marks(text: str, expected: str) -> None:
    assert strip_marks(text) == expected


@cases(
    ("alef-forms", "أ إ آ ٱ", "ا ا ا ا"),
    ("alef-maksura", "على", "علي"),
    ("ta-marbuta", "مدرسة", "مدرسه"),
    ("persian-kaf-yeh", "کی", "كي"),
    ("tatweel-and-joiners", f"لـ RT حسن{ZWNJ}زاده 👨{ZWJ}👩", "ل RT حسنزاده 👨👩"),
    ("arabic-punctuation", "، ؛ ؟ ٪ ٫ ٬ ۔", ", ; ? % . , ."),
    ("guillemets", "«نص»", '"نص"'),
)
def test_fold_chars(text: str, expected: str) -> None:
    assert fold_chars(text) == expected


@cases(
    ("strip-harakat", "جزءاً وعبّر", "جزءا وعبر"),
    ("strip-dagger-alef", "هٰذا", "هذا"),
    ("strip-quranic-marks", "بِسْمِ\u06da اللَّهِ\u0615", "بسم الله"),
    ("alef-hamza-above", "أحمد", "احمد"),
    ("alef-hamza-below", "إسلام", "اسلام"),
    ("alef-madda", "آخر", "اخر"),
    ("alef-wasla", "ٱلله", "الله"),
    ("alef-maksura-to-yeh", "على مستوى", "علي مستوي"),
    ("ta-marbuta-to-heh", "الجمهورية", "الجمهوريه"),
    ("persian-kaf", "کتاب", "كتاب"),
    ("persian-yeh", "ایران", "ايران"),
    ("arabic-indic-digits", "عام ٢٠٢٤", "عام 2024"),
    ("extended-digits", "۱۴۰۲", "1402"),
    ("every-tatweel-deleted", "لـ RT الـ21 1445 هـ", "ل rt ال21 1445 ه"),
    ("zwnj-deleted", f"حسن{ZWNJ}زاده", "حسنزاده"),
    ("zwj-deleted", f"👨{ZWJ}👩", "👨👩"),
    ("comma", "نعم، لا", "نعم, لا"),
    ("semicolon", "أولا؛ ثانيا", "اولا; ثانيا"),
    ("question-mark", "لماذا؟", "لماذا?"),
    ("guillemets-to-quote", "«روسيا اليوم»", '"روسيا اليوم"'),
    ("whitespace-collapsed", f"  أ{NBSP}{NBSP}ب \n ج ", "ا ب ج"),
    ("latin-lowercased", "RT Arabic", "rt arabic"),
    ("layer-1-applied-first", f"ﻷن{RLM} الســلام", "لان السلام"),
    ("cyrillic-emoji-euro-kept", "Путин 😀 € 25°", "путин 😀 € 25°"),
    ("none", None, ""),
    ("empty", "", ""),
)
def test_fold_text(text: str | None, expected: str) -> None:
    assert fold_text(text) == expected


# --- quality flags -------------------------------------------------------------------------


@cases(
    ("arabic-clean", "العالم العربي", []),
    ("english-clean", "Hello world", ["no_arabic"]),
    ("french-accents", "Le café élève à Paris", ["no_arabic"]),
    ("arabic-with-french", "قال café élève", []),
    ("mixed-cyrillic-emoji-euro-degree", "روسيا Путин 😀 € 25° « »", []),
    ("arabic-with-comma-after-tah", "ضبط، ثم ربط؛ خلط", []),
    ("danish-o-slash", "Ørsted og Ålborg", ["no_arabic"]),
    ("empty", "", []),
    ("whitespace-only", "  ", []),
    ("replacement-char", "العالم \ufffd العربي", ["replacement_char"]),
    ("utf8-as-cp1252-arabic", "Ø§Ù„Ø¹Ø§Ù„Ù…", ["mojibake", "no_arabic"]),
    ("utf8-as-latin1-arabic", "\u00d8\u00a7\u00d9\u0084\u00d8\u00b9", ["mojibake", "no_arabic"]),
    ("utf8-as-cp1252-latin", "cafÃ© Ã©lÃ¨ve", ["mojibake", "no_arabic"]),
    ("utf8-as-cp1252-quote", "itâ€™s", ["mojibake", "no_arabic"]),
    ("utf8-as-cp1256-arabic", "ط§ظ„ط¹ط§ظ„ظ…", ["mojibake"]),
    ("mojibake-inside-arabic", "العالم Ø§Ù„Ø¹Ø§Ù„Ù…", ["mojibake"]),
    ("all-flags", "Ø§Ù„ \ufffd", ["mojibake", "no_arabic", "replacement_char"]),
    ("digits-only", "2024", ["no_arabic"]),
)
def test_quality_flags(text: str, expected: list[str]) -> None:
    assert quality_flags(text) == expected


# --- boilerplate backstop ------------------------------------------------------------------


@cases(
    ("live", "مباشر", True),
    ("where-to-follow", "أين يمكنك متابعتنا", True),
    ("important-sections", "أقسام مهمة", True),
    ("stories", "Stories", True),
    ("rt-stories", "RT STORIES", True),
    ("story-count", "60 خبر", True),
    ("story-count-arabic-digits", "٦٠ خبر", True),
    ("hashtags-only", "#اسأل_أكثر #Question_More", True),
    ("single-hashtag", "#RT", True),
    ("copy-link", "انسخ الرابط", True),
    ("follow-rt", "تابعوا RT على", True),
    ("follow-rt-with-platforms", "تابعوا RT على تلغرام فيسبوك يوتيوب", True),
    ("comments-heading", "التعليقات", True),
    ("read-more", "اقرأ المزيد", True),
    ("read-also", "اقرأ أيضا", True),
    ("read-also-tanween-colon", "اقرأ أيضاً:", True),
    ("surrounding-spaces-and-rlm", f"  {RLM}مباشر{NBSP} ", True),
    (
        "cookie-consent",
        "يستخدم هذا الموقع ملفات تعريف الارتباط (الكوكيز). هل توافق؟ موافق",
        True,
    ),
    ("cookie-consent-english", "We use cookies to improve the site. موافق", True),
    ("empty", "", False),
    ("news-sentence-with-live", "بث مباشر لمؤتمر صحفي للرئيس الروسي", False),
    ("prose-mentioning-comments", "وامتلأت التعليقات بالانتقادات", False),
    ("count-with-more-words", "60 خبر عاجل اليوم", False),
    ("hashtag-in-prose", "انتشر وسم #غزة على المنصات", False),
    ("read-also-with-headline", "اقرأ أيضا: بوتين يلتقي أردوغان في سوتشي", False),
    ("cookie-mention-without-agree", "تستخدم الشركات ملفات تعريف الارتباط لتتبع المستخدمين", False),
    (
        "long-prose-about-cookies-with-agree",
        "وقال الخبير إن ملفات تعريف الارتباط موافق عليها قانونيا " + "وأضاف أن التنظيم ضروري " * 15,
        False,
    ),
    ("source-line", "المصدر: RT", False),
    ("follow-rt-long-sentence", "تابعوا RT على " + "منصة " * 30, False),
)
def test_is_boilerplate_line(text: str, expected: bool) -> None:
    assert is_boilerplate_line(text) is expected


def test_boilerplate_lines_are_stored_folded() -> None:
    assert "اقرا ايضا" in BOILERPLATE_LINES
    assert "rt stories" in BOILERPLATE_LINES
