"""StoryBook: a story's articles from its landing page, listings and article links."""

from __future__ import annotations

from rtnews.items import Story
from rtnews.stories import StoryBook


def story(story_id: str, ids: list[str]) -> Story:
    return Story(story_id, "قصة", f"https://arabic.rt.com/focuses/{story_id}-x/", None, 5, ids)


def test_listed_ids_in_site_order_then_linked_ids_highest_first() -> None:
    book = StoryBook()
    book.linked("17", ["7"], {"7": "قصة من رابط"})
    book.landing(story("7", ["30", "10"]))
    book.listed("7", ["20", "10"])
    book.linked("5", ["7"])
    book.linked("40", ["7"])
    book.linked("30", ["7"])
    (got,) = book.stories()
    assert got.article_ids == ["30", "10", "20", "40", "17", "5"]
    assert book.listed_count("7") == 3
    assert book.records["7"].title_hint == "قصة من رابط"


def test_the_order_articles_are_read_in_does_not_matter() -> None:
    orders = (["5", "40", "17"], ["17", "5", "40"])
    results = []
    for order in orders:
        book = StoryBook()
        book.landing(story("7", ["30"]))
        for article_id in order:
            book.linked(article_id, ["7"])
        results.append(book.stories()[0].article_ids)
    assert results[0] == results[1] == ["30", "40", "17", "5"]


def test_stories_known_only_from_article_links_are_not_handed_out() -> None:
    book = StoryBook()
    book.linked("17", ["9"])
    assert book.stories() == [] and book.records["9"].linked == {"17"}


def test_links_are_kept_as_numbers_and_given_once() -> None:
    book = StoryBook()
    book.landing(story("7", ["30"]))
    for n in range(1, 10_001):
        book.linked(str(n), ["7"])
    book.linked("5", ["7"])  # the same article read again (a refetch)
    book.linked("0012", ["7"])  # not a plain number: kept as it is
    record = book.records["7"]
    assert record.linked_numbers.itemsize == 8 and record.linked_others == ["0012"]
    ids = book.stories()[0].article_ids
    # 30 is listed and linked: given once
    assert ids[:3] == ["30", "10000", "9999"] and len(ids) == len(set(ids)) == 10_001
    assert ids.index("0012") == ids.index("12") + 1 or ids.index("0012") == ids.index("12") - 1
