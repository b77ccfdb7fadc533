"""Spider arguments: parsed once, bad values named in a one-line error."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from rtnews.args import ArgumentError, crawl_options, parse_day

ARTICLE = "https://arabic.rt.com/world/1772101-x/"


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        pytest.param({"since": "last week"}, "since", id="since-words"),
        pytest.param({"since": "-1y"}, "since", id="since-unknown-unit"),
        pytest.param({"base_url": "http://[::1"}, "base_url", id="base-broken-ipv6"),
        pytest.param({"base_url": "http://127.0.0.1:99999"}, "base_url", id="base-port-range"),
        pytest.param({"base_url": "http://:80"}, "base_url", id="base-no-host"),
        pytest.param({"refetch_days": "99999999999"}, "refetch_days", id="refetch-huge"),
        pytest.param({"urls": "x" * 5000}, "urls", id="urls-5000-chars"),
        pytest.param({"max_articles": "9" * 5000}, "max_articles", id="max-5000-digits"),
        pytest.param({"until": "2026-13-01"}, "until", id="until-bad-month"),
        pytest.param({"max_articles": "-3"}, "max_articles", id="max-negative"),
        pytest.param({"max_articles": "ten"}, "max_articles", id="max-word"),
        pytest.param({"base_url": "arabic.rt.com"}, "base_url", id="base-no-scheme"),
        pytest.param({"urls": "https://arabic.rt.com/tags/x/"}, "urls", id="urls-not-article"),
        pytest.param({"since": "2026-03-02", "until": "2026-03-01"}, "until", id="window-reversed"),
        pytest.param({"sections": " , "}, "sections", id="sections-empty"),
        pytest.param({"refetch_days": "-1"}, "refetch_days", id="refetch-negative"),
    ],
)
def test_bad_value_names_the_argument(kwargs: dict[str, str], name: str) -> None:
    with pytest.raises(ArgumentError) as info:
        crawl_options(kwargs)
    assert info.value.name == name
    assert str(info.value).startswith(f"bad spider argument {name}=")
    assert "\n" not in str(info.value) and len(str(info.value)) < 400


def test_strings_become_typed_values() -> None:
    opts = crawl_options({"max_articles": "25", "since": "2026-03-01", "until": "2026-03-02",
                          "sections": "world, sport", "base_url": "http://127.0.0.1:8000/x"})
    assert opts.max_articles == 25
    assert opts.since == datetime(2026, 3, 1, tzinfo=UTC)
    assert opts.until is not None and opts.until.date().isoformat() == "2026-03-02"
    assert opts.until.hour == 23
    assert opts.sections == frozenset({"world", "sport"})
    assert opts.base_url == "http://127.0.0.1:8000"


def test_unknown_arguments_from_scrapyd_are_kept_aside() -> None:
    opts = crawl_options({"_job": "abc", "_version": "1", "setting": "X=1"})
    assert opts.extra == {"_job": "abc", "_version": "1", "setting": "X=1"}


def test_urls_as_comma_list_and_as_file(tmp_path) -> None:
    other = "https://arabic.rt.com/sport/1772102-y/"
    assert crawl_options({"urls": f"{ARTICLE},{other}"}).urls == (ARTICLE, other)
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# wanted\n{ARTICLE}\n\n{other}\n", encoding="utf-8")
    assert crawl_options({"urls": str(listing)}).urls == (ARTICLE, other)


def test_every_bad_argument_is_named_in_one_line() -> None:
    with pytest.raises(ArgumentError) as info:
        crawl_options({"since": "soon", "max_articles": "0", "base_url": "ftp://x"})
    assert sorted(info.value.names) == ["base_url", "max_articles", "since"]
    assert str(info.value).startswith("bad spider arguments ") and "\n" not in str(info.value)


NOW = datetime(2026, 5, 26, 4, 15, tzinfo=UTC)


@pytest.mark.parametrize(("value", "since", "until"), [
    ("-1d", "2026-05-25T04:15:00+00:00", "2026-05-25T04:15:00+00:00"),
    ("-12h", "2026-05-25T16:15:00+00:00", "2026-05-25T16:15:00+00:00"),
    ("-2w", "2026-05-12T04:15:00+00:00", "2026-05-12T04:15:00+00:00"),
    ("yesterday", "2026-05-25T00:00:00+00:00", "2026-05-25T23:59:59.999999+00:00"),
    ("today", "2026-05-26T00:00:00+00:00", "2026-05-26T23:59:59.999999+00:00"),
    ("Yesterday", "2026-05-25T00:00:00+00:00", "2026-05-25T23:59:59.999999+00:00"),
])
def test_relative_windows(value: str, since: str, until: str) -> None:
    assert parse_day("since", value, now=NOW).isoformat() == since
    assert parse_day("until", value, end_of_day=True, now=NOW).isoformat() == until


def test_since_yesterday_until_today_is_a_window() -> None:
    opts = crawl_options({"since": "yesterday", "until": "today"}, now=NOW)
    assert opts.since is not None and opts.until is not None
    assert (opts.until - opts.since).days == 1


def test_a_urls_file_that_is_not_utf8_or_not_urls_never_shows_its_contents(tmp_path) -> None:
    secret = "https://intranet.example/secret-token-123"
    listing = tmp_path / "urls.txt"
    listing.write_text(f"{ARTICLE}\n{secret}\n", encoding="utf-8")
    with pytest.raises(ArgumentError) as info:
        crawl_options({"urls": str(listing)})
    assert "line 2 of the file" in str(info.value) and "secret" not in str(info.value)
    listing.write_bytes(b"\xff\xfe" + secret.encode("utf-16-le"))
    with pytest.raises(ArgumentError, match="UTF-8") as info:
        crawl_options({"urls": str(listing)})
    assert "secret" not in str(info.value)
