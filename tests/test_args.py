"""Spider arguments: parsed once, bad values named in a one-line error."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from rtnews.args import ArgumentError, crawl_options

ARTICLE = "https://arabic.rt.com/world/1772101-x/"


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        pytest.param({"since": "yesterday"}, "since", id="since-word"),
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
    assert "\n" not in str(info.value)


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
