"""Site chrome recognised by its text (rtnews.pages.chrome): each line the real pages show."""

from __future__ import annotations

import pytest

from rtnews.pages.chrome import is_chrome_line


@pytest.mark.parametrize("line", [
    pytest.param("تاريخ النشر: 26.05.2026 | 16:36 GMT", id="date-line"),
    pytest.param("تاريخ النشر:26.05.2026 | 16:36", id="date-line-tight"),
    pytest.param("إقرأ المزيد", id="read-more-hamza"),
    pytest.param("اقرأ المزيد", id="read-more"),
    pytest.param("إقرأ المزيد رفض قاطع للتصعيد.. بيان مشترك", id="read-more-box-with-headline"),
    pytest.param("اقرأ أيضا: عنوان آخر", id="read-also"),
    pytest.param("Text … pic.twitter.com/HAKTT8n0qB — LASHY BILLS (@LASHYBILLS) May 22, 2026",
                 id="tweet-as-text"),
    pytest.param("نص عربي pic.twitter.com/x1 &mdash; RT Arabic (@RTarabic) March 1, 2026",
                 id="tweet-mdash-entity"),
    pytest.param("تحميل الفيديو", id="download-video"),
    pytest.param("Your browser does not support audio tag.", id="audio-fallback"),
    pytest.param("Facebook X VK.com Telegram", id="share-row"),
    pytest.param("التعليقات", id="comments"),
    pytest.param("هام", id="urgent-label"),
    pytest.param("العالم الرقمي و Social media", id="label-it"),
    pytest.param("عالم السيارات", id="label-car"),
])
def test_chrome(line: str) -> None:
    assert is_chrome_line(line)


@pytest.mark.parametrize("line", [
    pytest.param("وقال إن تاريخ النشر: لم يحدد بعد", id="date-words-mid-sentence"),
    pytest.param("وقال المتحدث: اقرأ المزيد من التقارير قبل الحكم على ما جرى في المدينة",
                 id="read-more-mid-sentence"),
    pytest.param("وشارك حساب الوزارة (@mofa) صورا للقاء", id="handle-in-prose"),
    pytest.param("هام جدا أن نعرف ما حدث", id="urgent-word-in-prose"),
    pytest.param("قال مسؤولون إن الفيديو جرى تحميله أمس", id="download-words"),
    pytest.param("أخبار العالم العربي تتصدر اهتمام القراء", id="label-words-in-prose"),
    pytest.param("", id="empty"),
])
def test_not_chrome(line: str) -> None:
    assert not is_chrome_line(line)


def test_the_pages_own_label_is_chrome() -> None:
    assert is_chrome_line("قسم جديد", label="قسم جديد")
    assert not is_chrome_line("قسم جديد")
