"""Listing and story page objects: own cards versus the site's widgets; story landing pages."""

from __future__ import annotations

from rtnews.pages.listing import ListingPage, StoryPage

HEADER = ("<header><div class='stories'><div class='stories__count'>99 خبر</div>"
          "<a href='/focuses/10744-العراق/'>العراق</a>"
          "<a href='/world/1700001-pinned/'>مثبت</a></div></header>")
STORY = (f"<html><body>{HEADER}<main><h1 class='listing__title'>قصة</h1>"
         "<div class='listing'><a class='heading' href='/world/1700002-a/'>أ</a>"
         "<a class='heading' href='/sport/1700003-b/amp/'>ب</a></div>"
         "<div class='trend__count'>57 خبر</div>"
         "<a data-href='/listing/trend.0123456789abcdef01234567/noprepare/trend/10/1'>المزيد</a>"
         "<a href='/tags/nasa/'>ناسا</a></main></body></html>")
URL = "https://arabic.rt.com/focuses/63564-%D9%84%D9%8A%D8%A8%D9%8A%D8%A7/"


def test_own_cards_only_are_the_listing() -> None:
    page = ListingPage(URL, STORY)
    assert page.article_ids() == ["1700002", "1700003"]
    assert page.story_links() == ["https://arabic.rt.com/focuses/10744-العراق/"]
    assert page.tag_links() == ["https://arabic.rt.com/tags/nasa/"]


def test_story_page_reads_its_own_count_title_and_listing() -> None:
    story = StoryPage(URL, STORY).to_item()
    assert story is not None
    assert (story.story_id, story.title, story.article_count_shown) == ("63564", "قصة", 57)
    assert story.url == URL
    assert story.trend_id == "0123456789abcdef01234567"
    assert story.article_ids == ["1700002", "1700003"]


def test_story_page_takes_its_heading_links_not_other_article_links() -> None:
    html = STORY.replace("</main>", "<p>رابط آخر <a href='/world/1700009-z/'>ز</a></p></main>")
    assert StoryPage(URL, html).to_item().article_ids == ["1700002", "1700003"]  # type: ignore[union-attr]


def test_story_page_without_heading_links_falls_back_to_its_own_article_links() -> None:
    html = STORY.replace("class='heading'", "class='title'")
    assert StoryPage(URL, html).to_item().article_ids == ["1700002", "1700003"]  # type: ignore[union-attr]


def test_story_url_variants_give_one_canonical_story() -> None:
    for url in ("https://rtarabic.com/focuses/63564-ليبيا", "http://arabic.rt.com/focuses/63564-%d9%84%d9%8a%d8%a8%d9%8a%d8%a7/amp/"):
        story = StoryPage(url, STORY).to_item()
        assert story is not None and (story.story_id, story.url) == ("63564", URL)


def test_a_trends_page_is_not_a_story() -> None:
    assert StoryPage("https://arabic.rt.com/trends/x/", STORY).to_item() is None


def test_listing_fragment_pages_until_empty() -> None:
    listing = "https://arabic.rt.com/listing/trend.0123456789abcdef01234567/noprepare/trend/10/1"
    full = ListingPage(listing, "<div class='card'><a class='heading' href='/world/1700004-c/'>ج</a></div>")
    assert full.next_page() == listing[:-1] + "2"
    assert ListingPage(listing, "\n").next_page() is None


def test_a_most_read_sidebar_on_a_story_page_is_not_the_story() -> None:
    sidebar = ("<div class='sidebar'><div>الأكثر قراءة</div>"
               "<a class='heading' href='/world/1700009-z/'>ز</a></div>"
               "<aside><a class='heading' href='/world/1700010-y/'>ي</a></aside>")
    html = STORY.replace("</main>", f"</main>{sidebar}")
    assert StoryPage(URL, html).to_item().article_ids == ["1700002", "1700003"]  # type: ignore[union-attr]
