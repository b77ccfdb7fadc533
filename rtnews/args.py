"""Spider arguments: strings as ``scrapy crawl -a`` and scrapyd send them, validated once.

``crawl_options(kwargs)`` turns them into a typed ``CrawlOptions`` or raises
``ArgumentError`` naming the argument, so a bad value stops a crawl before it sends
a single request. Unknown arguments (scrapyd adds ``_job`` and friends) are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from urllib.parse import urlsplit

from rtnews import urls


class ArgumentError(ValueError):
    """A spider argument with a bad value; ``str()`` is a one-line message."""

    def __init__(self, name: str, value: object, expected: str) -> None:
        super().__init__(f"bad spider argument {name}={value!r}: expected {expected}")
        self.name = name


@dataclass(frozen=True, slots=True)
class CrawlOptions:
    base_url: str | None = None
    max_articles: int | None = None
    since: datetime | None = None
    until: datetime | None = None
    sections: frozenset[str] | None = None
    urls: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    refetch_days: int | None = None
    mode: str = "full"
    """``full``: every discovery source; ``light``: feeds, home and section pages only."""
    extra: dict[str, str] = field(default_factory=dict)


def parse_base_url(value: str) -> str:
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ArgumentError("base_url", value, "an http(s) URL such as https://arabic.rt.com")
    return f"{parts.scheme}://{parts.netloc}"


def parse_count(name: str, value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise ArgumentError(name, value, "a whole number of at least 1")
    return number


def parse_days(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise ArgumentError("refetch_days", value, "a whole number of days, 0 or more")
    return number


def parse_day(name: str, value: str, end_of_day: bool = False) -> datetime:
    """``YYYY-MM-DD`` (UTC day) or a full ISO 8601 time."""
    try:
        if len(value.strip()) == 10:
            day = date.fromisoformat(value.strip())
            return datetime.combine(day, time.max if end_of_day else time.min, UTC)
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ArgumentError(name, value, "a date YYYY-MM-DD or an ISO 8601 time") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def split_list(value: str) -> list[str]:
    return [x.strip() for x in value.split(",") if x.strip()]


def parse_urls(value: str) -> tuple[str, ...]:
    """A comma list of article URLs, or the path of a file with one URL a line."""
    path = Path(value.strip())
    items = (
        [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        if "://" not in value and path.is_file()
        else split_list(value)
    )
    found = tuple(x for x in items if x and not x.startswith("#"))
    bad = [x for x in found if urls.classify_url(x, hosts=[urlsplit(x).netloc]).kind
           is not urls.UrlKind.ARTICLE]
    if not found or bad:
        raise ArgumentError("urls", bad[0] if bad else value,
                            "article URLs (comma-separated) or a file of them")
    return found


MODES = ("full", "light")


def parse_mode(value: str) -> str:
    mode = value.strip().lower()
    if mode not in MODES:
        raise ArgumentError("mode", value, "full or light")
    return mode


def crawl_options(kwargs: dict[str, str]) -> CrawlOptions:
    known = {"base_url", "max_articles", "since", "until", "sections", "urls", "tags",
             "refetch_days", "mode"}
    opts = CrawlOptions(
        base_url=parse_base_url(kwargs["base_url"]) if kwargs.get("base_url") else None,
        max_articles=parse_count("max_articles", kwargs["max_articles"])
        if kwargs.get("max_articles") not in (None, "") else None,
        since=parse_day("since", kwargs["since"]) if kwargs.get("since") else None,
        until=parse_day("until", kwargs["until"], end_of_day=True) if kwargs.get("until") else None,
        sections=frozenset(split_list(kwargs["sections"])) if kwargs.get("sections") else None,
        urls=parse_urls(kwargs["urls"]) if kwargs.get("urls") else (),
        tags=tuple(split_list(kwargs["tags"])) if kwargs.get("tags") else (),
        refetch_days=parse_days(kwargs["refetch_days"]) if kwargs.get("refetch_days") else None,
        mode=parse_mode(kwargs["mode"]) if kwargs.get("mode") else "full",
        extra={k: v for k, v in kwargs.items() if k not in known},
    )
    if opts.since and opts.until and opts.since > opts.until:
        raise ArgumentError("until", kwargs["until"], "a time after since")
    if opts.sections is not None and not opts.sections:
        raise ArgumentError("sections", kwargs["sections"], "a comma list of section slugs")
    return opts
