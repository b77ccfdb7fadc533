"""Sitemap and RSS readers."""

from __future__ import annotations

from rtnews.pages.feeds import Entry, rss_entries, sitemap_entries

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://arabic.rt.com/sitemap_2024.xml</loc><lastmod>2024-05-01T10:00:00+03:00</lastmod></sitemap>
<sitemap><loc>https://arabic.rt.com/sitemap_2023_2.xml</loc></sitemap>
</sitemapindex>"""

NEWS = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://arabic.rt.com/world/1-a/</loc><news:news>
<news:publication_date>2026-03-14T10:22:00+03:00</news:publication_date></news:news></url>
</urlset>"""

RSS = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>
<item><title>عنوان</title><link>https://arabic.rt.com/world/1-a/?utm_source=rss&amp;utm_medium=rss</link>
<pubDate>Sat, 14 Mar 2026 10:22:00 +0300</pubDate></item>
<item><title>بلا رابط</title></item>
</channel></rss>""".encode()


def test_sitemap_index_gives_parts_with_lastmod() -> None:
    kind, entries = sitemap_entries(INDEX)
    assert kind == "index"
    assert entries == [
        Entry("https://arabic.rt.com/sitemap_2024.xml", None, "2024-05-01T10:00:00+03:00"),
        Entry("https://arabic.rt.com/sitemap_2023_2.xml", None, None),
    ]


def test_news_sitemap_keeps_the_publication_date() -> None:
    kind, entries = sitemap_entries(NEWS)
    assert kind == "urlset"
    assert entries == [Entry("https://arabic.rt.com/world/1-a/", "2026-03-14T10:22:00+03:00")]


def test_rss_items_with_links_and_dates() -> None:
    assert rss_entries(RSS) == [Entry(
        "https://arabic.rt.com/world/1-a/?utm_source=rss&utm_medium=rss",
        "Sat, 14 Mar 2026 10:22:00 +0300", title="عنوان")]


def test_big_sitemaps_stream_and_gzip_is_capped() -> None:
    import gzip

    import pytest

    from rtnews.pages.feeds import DocumentTooLarge, iter_sitemap

    rows = "".join(f"<url><loc>https://arabic.rt.com/world/{n}-x/</loc></url>" for n in range(1, 20001))
    body = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>'.encode()
    kind, entries = iter_sitemap(body)
    assert kind == "urlset" and sum(1 for _ in entries) == 20000
    kind, entries = iter_sitemap(gzip.compress(body))
    assert kind == "urlset" and sum(1 for _ in entries) == 20000
    with pytest.raises(DocumentTooLarge):
        kind, entries = iter_sitemap(gzip.compress(body), limit=len(body) // 2)
        list(entries)


def test_a_torn_sitemap_gives_its_whole_entries() -> None:
    torn = INDEX[: INDEX.index(b"<sitemap><loc>https://arabic.rt.com/sitemap_2023_2")]
    assert sitemap_entries(torn)[1] == [
        Entry("https://arabic.rt.com/sitemap_2024.xml", None, "2024-05-01T10:00:00+03:00")]


def test_not_xml_is_nothing() -> None:
    assert sitemap_entries(b"<html><body>challenge</body></html>") == ("", [])
    assert rss_entries(b"\x00\x01 garbage") == []
