"""ArticlePage beyond the gold pages: degraded templates, the line filter, visible dates."""

from __future__ import annotations

from rtnews.pages.article import ArticlePage, decode_html

URL = "https://arabic.rt.com/world/1700001-x/"
PARAS = [f"هذه هي الفقرة رقم {n} من نص الخبر وفيها ما يكفي من الكلمات لتكون فقرة حقيقية." for n in range(4)]


def page(inner: str, head: str = "") -> ArticlePage:
    html = f"<html lang='ar'><head>{head}</head><body>{inner}</body></html>"
    return ArticlePage(URL, html)


def test_renamed_template_falls_back_to_the_densest_block_and_filters_boilerplate() -> None:
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    inner = (f"<div class='newlayout'><h1>عنوان الخبر</h1><div class='content-2027'>"
             f"<p>مباشر</p>{body}<p>اقرأ المزيد</p><p>#اسأل_أكثر #Question_More</p>"
             f"<p>المصدر: نوفوستي</p><p>التعليقات</p></div></div>")
    article = page(inner).extract().article
    assert article is not None
    assert article.body == "\n\n".join(PARAS)
    assert article.source == "نوفوستي"
    assert article.title == "عنوان الخبر"


def test_visible_date_with_arabic_indic_digits_when_no_metadata() -> None:
    inner = ("<article class='article'><div class='time-public'><span class='date'>"
             "١٤.٠٣.٢٠٢٦ ١٠:٢٢</span></div><h1 class='heading'>عنوان</h1>"
             "<div class='text js-text js-mediator-article'><p>نص</p></div></article>")
    article = page(inner).extract().article
    assert article is not None
    assert article.published_at == "2026-03-14T10:22:00+03:00"
    assert article.published_at_source == "visible"


def test_feed_date_is_the_last_resort() -> None:
    inner = ("<article class='article'><h1 class='heading'>عنوان</h1>"
             "<div class='text'><p>نص</p></div></article>")
    html = f"<html><body>{inner}</body></html>"
    article = ArticlePage(URL, html, date_hint="2026-03-14T10:22:00+03:00",
                          date_hint_source="feed").extract().article
    assert article is not None and article.published_at_source == "feed"


def test_challenge_page_is_not_an_article() -> None:
    html = ("<html><head><title>DDoS-Guard</title></head>"
            "<body>Checking your browser before accessing</body></html>")
    assert ArticlePage(URL, html).extract().reason == "challenge"


def test_non_article_url_is_refused() -> None:
    result = ArticlePage("https://arabic.rt.com/tags/x/", "<html><body><p>x</p></body></html>").extract()
    assert result.article is None and result.reason == "not_article"


def test_windows_1256_bytes_decode_by_header_or_meta() -> None:
    text = "<html><head><meta charset='windows-1256'></head><body><p>السلام عليكم</p></body></html>"
    raw = text.encode("cp1256")
    assert "السلام عليكم" in decode_html(raw, "windows-1256")
    assert "السلام عليكم" in decode_html(raw, None)


def test_source_credit_outside_the_text_container_is_found() -> None:
    inner = ("<article class='article'><h1 class='heading'>عنوان</h1>"
             "<div class='text js-text js-mediator-article'><p>نص الخبر</p></div>"
             "<div class='article__source'>المصدر: «رويترز»</div></article>")
    article = page(inner).extract().article
    assert article is not None and article.source == "«رويترز»" and article.body == "نص الخبر"
