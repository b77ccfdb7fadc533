"""Spider arguments: strings as ``scrapy crawl -a`` and scrapyd send them, validated once.

``crawl_options(kwargs)`` turns them into a typed ``CrawlOptions`` or raises
``ArgumentError`` naming every bad argument in one line, so a bad value stops a crawl
before it sends a single request (finish reason ``bad_argument``, exit status 3).
Messages quote at most ``SHOWN`` characters of a value and never the contents of a
``urls`` file. Unknown arguments (scrapyd adds ``_job`` and friends) are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rtnews import urls

SHOWN = 80  # characters of a bad value quoted in the message
MAX_REFETCH_DAYS = 36_500
MAX_URLS_FILE = 50 * 1024 * 1024
RELATIVE = re.compile(r"^-(\d{1,6})([hdw])$")
UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}


def quoted(value: object) -> str:
    """A value for a one-line message: its repr, cut after ``SHOWN`` characters.

    >>> quoted("since")
    "'since'"
    >>> quoted("x" * 100)[-23:]
    "xxxx…' (100 characters)"
    """
    text = str(value)
    if len(text) <= SHOWN:
        return repr(text)
    return f"{repr(text[:SHOWN])[:-1]}…' ({len(text)} characters)"


class ArgumentError(ValueError):
    """Bad spider arguments; ``str()`` is one line naming each of them."""

    def __init__(self, name: str, value: object, expected: str) -> None:
        super().__init__(name)
        self.problems = [(name, f"{name}={quoted(value)}: expected {expected}")]

    @classmethod
    def joined(cls, errors: list[ArgumentError]) -> ArgumentError:
        """One error naming the problems of all."""
        first = errors[0]
        for other in errors[1:]:
            first.problems += other.problems
        return first

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.problems]

    @property
    def name(self) -> str:
        return self.problems[0][0]

    def __str__(self) -> str:
        label = "bad spider argument" if len(self.problems) == 1 else "bad spider arguments"
        return f"{label} " + "; ".join(text for _, text in self.problems)


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
    expected = "an http(s) URL such as https://arabic.rt.com"
    try:
        parts = urlsplit(value.strip())
        port_ok = parts.port is None or 0 < parts.port  # .port raises when out of range
    except ValueError:
        raise ArgumentError("base_url", value, expected) from None
    if parts.scheme not in ("http", "https") or not parts.hostname or not port_ok:
        raise ArgumentError("base_url", value, expected)
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
    if not 0 <= number <= MAX_REFETCH_DAYS:
        raise ArgumentError("refetch_days", value,
                            f"a whole number of days from 0 to {MAX_REFETCH_DAYS}")
    return number


def parse_day(name: str, value: str, end_of_day: bool = False, now: datetime | None = None) -> datetime:
    """``YYYY-MM-DD`` (UTC day), an ISO 8601 time, ``today``, ``yesterday`` (UTC days) or a
    time relative to now: ``-12h``, ``-1d``, ``-2w``.

    >>> now = datetime(2026, 5, 26, 4, 15, tzinfo=UTC)
    >>> parse_day("since", "-1d", now=now).isoformat()
    '2026-05-25T04:15:00+00:00'
    >>> parse_day("since", "yesterday", now=now).isoformat()
    '2026-05-25T00:00:00+00:00'
    >>> parse_day("until", "yesterday", end_of_day=True, now=now).isoformat()
    '2026-05-25T23:59:59.999999+00:00'
    """
    text = value.strip().lower()
    now = now or datetime.now(UTC)
    days = {"today": now.date(), "yesterday": now.date() - timedelta(days=1)}
    relative = RELATIVE.match(text)
    try:
        if relative:
            return now - int(relative.group(1)) * UNITS[relative.group(2)]
        if text in days or len(text) == 10:
            day = days.get(text) or date.fromisoformat(text)
            return datetime.combine(day, time.max if end_of_day else time.min, UTC)
        parsed = datetime.fromisoformat(value.strip())
    except (ValueError, OverflowError):
        raise ArgumentError(name, value, "a date YYYY-MM-DD, an ISO 8601 time, today, yesterday"
                            " or -<N>h / -<N>d / -<N>w") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def split_list(value: str) -> list[str]:
    return [x.strip() for x in value.split(",") if x.strip()]


def urls_file(value: str) -> Path | None:
    """The file a ``urls`` value names, or None when the value is a list of URLs."""
    if "://" in value or "," in value:
        return None
    try:
        path = Path(value.strip())
        return path if path.is_file() else None
    except (OSError, ValueError):  # a name too long for the file system, a NUL character …
        return None


def parse_urls(value: str) -> tuple[str, ...]:
    """A comma list of article URLs, or the path of a file with one URL a line."""
    path = urls_file(value)
    expected = "article URLs (comma-separated) or a file of them"
    if path is not None:
        lines = read_url_lines(path, value)
    else:
        lines = split_list(value)
    found = [(n, x) for n, x in enumerate(lines, 1) if x and not x.startswith("#")]
    if not found:
        raise ArgumentError("urls", value, expected)
    for number, url in found:
        if not is_article_url(url):
            if path is not None:  # never copy a file's contents to the log
                raise ArgumentError("urls", value, f"{expected}; line {number} of the file is not"
                                    " an article URL")
            if len(found) == 1:
                raise ArgumentError("urls", value, expected)
            raise ArgumentError("urls", value, f"{expected}; {quoted(url)} is not one")
    return tuple(url for _, url in found)


MODES = ("full", "light")


def parse_mode(value: str) -> str:
    mode = value.strip().lower()
    if mode not in MODES:
        raise ArgumentError("mode", value, "full or light")
    return mode


def read_url_lines(path: Path, value: str) -> list[str]:
    try:
        if path.stat().st_size > MAX_URLS_FILE:
            raise ArgumentError("urls", value, f"a file of at most {MAX_URLS_FILE // 2**20} MB")
        return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    except UnicodeDecodeError:
        raise ArgumentError("urls", value, "a UTF-8 text file of article URLs") from None
    except OSError as exc:
        raise ArgumentError("urls", value, f"a readable file ({exc.strerror or exc})") from None


def is_article_url(url: str) -> bool:
    try:
        host = urlsplit(url).netloc
    except ValueError:
        return False
    return urls.classify_url(url, hosts=[host]).kind is urls.UrlKind.ARTICLE


def crawl_options(kwargs: dict[str, str], now: datetime | None = None) -> CrawlOptions:
    """Typed options from the arguments; ``ArgumentError`` naming every bad one."""
    errors: list[ArgumentError] = []

    def parsed(name: str, parse: Callable[[str], Any], default: Any = None) -> Any:
        value = kwargs.get(name)
        if value in (None, ""):
            return default
        try:
            return parse(str(value))
        except ArgumentError as exc:
            errors.append(exc)
            return default

    known = {"base_url", "max_articles", "since", "until", "sections", "urls", "tags",
             "refetch_days", "mode"}
    opts = CrawlOptions(
        base_url=parsed("base_url", parse_base_url),
        max_articles=parsed("max_articles", lambda v: parse_count("max_articles", v)),
        since=parsed("since", lambda v: parse_day("since", v, now=now)),
        until=parsed("until", lambda v: parse_day("until", v, end_of_day=True, now=now)),
        sections=parsed("sections", lambda v: frozenset(split_list(v))),
        urls=parsed("urls", parse_urls, ()),
        tags=parsed("tags", lambda v: tuple(split_list(v)), ()),
        refetch_days=parsed("refetch_days", parse_days),
        mode=parsed("mode", parse_mode, "full"),
        extra={k: v for k, v in kwargs.items() if k not in known},
    )
    if opts.since and opts.until and opts.since > opts.until:
        errors.append(ArgumentError("until", kwargs["until"], "a time after since"))
    if opts.sections is not None and not opts.sections:
        errors.append(ArgumentError("sections", kwargs["sections"], "a comma list of section slugs"))
    if errors:
        raise ArgumentError.joined(errors)
    return opts
