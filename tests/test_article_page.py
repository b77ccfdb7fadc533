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
    assert article.published_at == "2026-03-14T10:22:00+00:00"  # zone-less: UTC, as the site prints
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


# --- the real page shape of May 2026 (rt-site.md §8) ------------------------------------

STRIP = ("<div class='stories'><div>Stories</div><div>55 خبر</div>"
         "<a href='/focuses/10744-العراق/'>العراق</a><a href='/world/1700002-pin/'>مثبت</a></div>")
HEADER = ("<div class='time-public'><a href='/middle_east/'>أخبار العالم العربي</a>"
          "<span class='date'>تاريخ النشر: 26.05.2026 | 16:36 GMT</span></div>"
          "<h1 class='heading'>عنوان الخبر</h1>")


def real_shape(text: str, after: str = "", head: str = "") -> ArticlePage:
    return page(f"<main><article class='article'>{STRIP}{HEADER}"
                f"<div class='text js-text js-mediator-article'>{text}</div>{after}</article></main>", head)


def test_gmt_date_line_is_utc_and_kept_raw() -> None:
    article = real_shape("<p>نص</p>").extract().article
    assert article is not None
    assert article.published_at == "2026-05-26T16:36:00+00:00"
    assert article.published_at_raw == "تاريخ النشر: 26.05.2026 | 16:36 GMT"
    assert article.published_at_source == "visible"


def test_date_line_without_a_date_class_is_found_by_its_words() -> None:
    inner = ("<article class='article'><h1 class='heading'>عنوان</h1>"
             "<div class='meta-line'>تاريخ النشر: 26.05.2026 | 23:59 GMT</div>"
             "<div class='text js-text js-mediator-article'><p>نص</p></div></article>")
    article = page(inner).extract().article
    assert article is not None and article.published_at == "2026-05-26T23:59:00+00:00"


def test_machine_dates_are_exported_in_utc_with_the_raw_string_kept() -> None:
    head = ("<meta name='publish-date' content='2026-05-26T19:36:00+03:00'>"
            "<meta property='article:modified_time' content='2026-05-26T20:00:00+03:00'>")
    article = real_shape("<p>نص</p>", head=head).extract().article
    assert article is not None
    assert (article.published_at, article.published_at_raw, article.published_at_source) == (
        "2026-05-26T16:36:00+00:00", "2026-05-26T19:36:00+03:00", "meta")
    assert article.modified_at == "2026-05-26T17:00:00+00:00"


def test_section_label_is_the_printed_name() -> None:
    article = real_shape("<p>نص</p>").extract().article
    assert article is not None and article.section_label == "أخبار العالم العربي"


CHROME_PARAGRAPHS = [
    "أخبار العالم العربي",
    "تاريخ النشر: 26.05.2026 | 16:36 GMT",
    "إقرأ المزيد عنوان خبر آخر في الموقع",
    "اقرأ المزيد",
    "Officials said more. pic.twitter.com/Ab3dE5fG7h — Local Desk (@localdesk) May 22, 2026",
    "تحميل الفيديو",
    "Your browser does not support audio tag.",
    "Facebook X VK.com Telegram",
    "التعليقات",
    "هام",
]


def test_chrome_lines_never_enter_the_body_even_without_their_classes() -> None:
    half = len(CHROME_PARAGRAPHS) // 2
    paragraphs = CHROME_PARAGRAPHS[:half] + PARAS + CHROME_PARAGRAPHS[half:]
    inner = ("<div class='newlayout-2027'><h1>عنوان الخبر</h1><div class='content'>"
             + "\n".join(f"<p>{p}</p>" for p in paragraphs) + "</div></div>")
    article = page(inner).extract().article
    assert article is not None
    assert article.body == "\n\n".join(PARAS)
    assert article.title == "عنوان الخبر"


def test_what_follows_the_source_line_is_not_body() -> None:
    text = ("<p class='intro'>مقدمة الخبر</p><p>فقرة أولى من النص.</p><p>المصدر: RT\u00a0</p>"
            "<p>عنوان خبر ذي صلة يأتي بعد المصدر</p>")
    article = real_shape(text).extract().article
    assert article is not None
    assert (article.body, article.source, article.lead) == ("فقرة أولى من النص.", "RT", "مقدمة الخبر")


def test_tags_come_only_from_the_tag_block() -> None:
    text = "<p>فقرة فيها رابط إلى <a href='/tags/putin/'>بوتين</a> داخل النص.</p>"
    after = ("<div class='news-tags'><a href='/tags/opec-plus/'>أوبك+</a>"
             "<a href='/focuses/63564-ليبيا/'>ليبيا</a></div>")
    article = real_shape(text, after).extract().article
    assert article is not None
    assert (article.tags, article.tag_slugs) == (["أوبك+"], ["opec-plus"])


def test_story_ids_are_the_articles_own_not_the_stories_strip() -> None:
    after = "<div class='news-tags'><a href='/focuses/63564-ليبيا/'>ليبيا</a></div>"
    page_ = real_shape("<p>نص</p>", after)
    article = page_.extract().article
    assert article is not None and article.story_ids == ["63564"]
    assert page_.story_titles() == {"63564": "ليبيا"}
    assert sorted(page_.story_urls()) == ["https://arabic.rt.com/focuses/10744-العراق/",
                                          "https://arabic.rt.com/focuses/63564-ليبيا/"]


def test_a_story_page_is_never_an_article() -> None:
    result = ArticlePage("https://arabic.rt.com/focuses/63564-ليبيا/", "<html><body><h1>ليبيا</h1>"
                         "<p>نص</p></body></html>").extract()
    assert result.article is None and result.reason == "not_article"


def test_a_stories_strip_of_unknown_class_before_the_headline_is_not_the_articles() -> None:
    strip = ("<div class='trends'><div class='trends__title'>Stories</div><div>55 خبر</div>"
             "<a href='/focuses/10744-العراق/'>العراق</a><a href='/focuses/63564-ليبيا/'>ليبيا</a></div>")
    inner = (f"<main><article class='article'>{strip}<h1 class='heading'>عنوان</h1>"
             "<div class='text js-text js-mediator-article'><p>نص</p></div>"
             "<div class='taglist'><a href='/focuses/63564-ليبيا/'>ليبيا</a></div>"
             "<div class='widget'><div>RT STORIES</div><a href='/focuses/777-x/'>قصة</a></div>"
             "</article></main>")
    article = page(inner).extract().article
    assert article is not None and article.story_ids == ["63564"]


def test_figure_captions_and_credits_without_rt_classes() -> None:
    text = ("<p class='intro'>مقدمة</p><figure><img src='https://cdni.rt.com/media/pics/a.jpg' alt=''>"
            "<figcaption>وصف الصورة <small>AFP</small></figcaption></figure>"
            "<figure class='photo'><div class='photo__media'><img data-src='https://cdni.rt.com/b.jpg'></div>"
            "<figcaption><span class='caption'>صورة ثانية</span> <span class='copyright'>RT</span>"
            "</figcaption></figure><p>نص الخبر.</p>")
    article = real_shape(text).extract().article
    assert article is not None
    assert [(i.caption, i.credit) for i in article.images] == [("وصف الصورة", "AFP"), ("صورة ثانية", "RT")]


def test_read_more_boxes_without_classes_give_related_urls() -> None:
    text = ("<p>فقرة أولى.</p><div class='insert'><div>إقرأ المزيد</div>"
            "<a href='/world/1700005-a/'>أ</a></div>"
            "<p><strong>اقرأ المزيد</strong> <a href='/sport/1700006-b/'>ب</a></p><p>فقرة ثانية.</p>")
    after = ("<section class='more-news'><h3>إقرأ المزيد</h3><ul><li><a href='/world/1700007-c/'>ج</a>"
             "<p>ملخص</p></li></ul></section>")
    article = real_shape(text, after).extract().article
    assert article is not None
    assert [u.split("/")[-2].split("-")[0] for u in article.related_urls] == ["1700005", "1700006", "1700007"]
    assert article.body == "فقرة أولى.\n\nفقرة ثانية."


# --- rules read in one pass (rtnews.pages.dom): the same answers as the selectors had ----

def test_a_stories_title_written_as_loose_text_marks_its_widget() -> None:
    inner = (f"<main><article class='article'>{HEADER}<div class='text'><p>نص</p></div>"
             "<div class='box'><span>٥</span>Stories<a href='/focuses/777-x/'>قصة</a></div>"
             "<div class='taglist'><a href='/focuses/63564-ليبيا/'>ليبيا</a></div></article></main>")
    page_ = page(inner)
    article = page_.extract().article
    assert article is not None and article.story_ids == ["63564"]
    assert "https://arabic.rt.com/focuses/777-x/" in page_.story_urls()  # still followed


def test_a_widget_title_counts_only_with_plain_spaces() -> None:
    """«RT\\u00a0STORIES» is not the widget's title: XPath's normalize-space keeps U+00A0."""
    inner = (f"<main><article class='article'>{HEADER}<div class='text'><p>نص</p></div>"
             "<div class='box'><div>RT\u00a0STORIES</div><a href='/focuses/777-x/'>قصة</a></div>"
             "<div class='box'><div> RT \n STORIES </div><a href='/focuses/778-y/'>قصة</a></div>"
             "</article></main>")
    article = page(inner).extract().article
    assert article is not None and article.story_ids == ["777"]


def test_read_more_words_split_by_markup_still_open_a_box() -> None:
    text = ("<p>فقرة.</p><p>ا<b>قرأ المزيد</b> <a href='/world/1700005-a/'>أ</a></p>"
            "<p><span class='share'>مشاركة</span>اقرأ أيضا: <a href='/world/1700006-b/'>ب</a></p>")
    article = real_shape(text).extract().article
    assert article is not None
    assert [u.split("/")[-2].split("-")[0] for u in article.related_urls] == ["1700005", "1700006"]
    assert article.body == "فقرة."


def test_read_more_boxes_of_header_and_footer_are_not_related() -> None:
    inner = ("<header><div>إقرأ المزيد <a href='/world/1700007-c/'>ج</a></div></header>"
             f"<main><article class='article'>{HEADER}<div class='text'><p>نص</p></div></article></main>"
             "<footer><p>اقرأ المزيد <a href='/world/1700008-d/'>د</a></p></footer>")
    article = page(inner).extract().article
    assert article is not None and article.related_urls == []


def test_related_boxes_give_each_article_once_in_page_order() -> None:
    after = ("<div class='crosslink'><a href='/world/1700009-e/'>هـ</a><div class='read-more'>"
             "<a href='/world/1700010-f/'>و</a></div><a class='crosslink__more' href='/world/1700009-e/amp/'>"
             "هـ</a></div><div><div>اقرأ أيضا</div><a href='/world/1700011-g/'>ز</a>"
             "<a href='/world/1700010-f/'>و</a></div>")
    article = real_shape("<p>نص</p>", after).extract().article
    assert article is not None
    assert [u.split("/")[-2].split("-")[0] for u in article.related_urls] == ["1700009", "1700010", "1700011"]


def test_the_container_with_most_paragraphs_wins_among_equals() -> None:
    inner = ("<article class='article'><h1 class='heading'>عنوان</h1>"
             "<div class='text'><p>سطر في بطاقة.</p></div>"
             "<div class='text'><p>الفقرة الأولى.</p><p>الفقرة الثانية.</p></div></article>")
    article = page(inner).extract().article
    assert article is not None and article.body == "الفقرة الأولى.\n\nالفقرة الثانية."


def test_a_page_declaring_xml_is_read_as_html() -> None:
    html = ("<?xml version='1.0' encoding='utf-8'?><html xmlns='http://www.w3.org/1999/xhtml'><body>"
            "<article class='article'><h1 class='heading'>عنوان</h1><div class='text'><p>نص</p></div>"
            "</article></body></html>")
    article = ArticlePage(URL, html).extract().article
    assert article is not None and (article.title, article.body) == ("عنوان", "نص")


def test_links_are_read_as_urls_are_everywhere_even_split_by_a_tab() -> None:
    """A tab or newline inside an href is dropped (as w3lib does): the link stays a story link."""
    after = ("<div class='taglist'><a href='https://arabic.rt.com/foc\tuses/71020-k/'>كأس</a>"
             "<a href='/focu\nses/63564-x/'>ليبيا</a></div>")
    article = real_shape("<p>نص</p>", after).extract().article
    assert article is not None and article.story_ids == ["71020", "63564"]
