"""Date parsing for RT pages, feeds and sitemaps: pure functions returning aware datetimes.

RT is a Moscow company: sitemap ``lastmod`` carries ``+03:00`` and a date written
without a zone (a naive ISO value, an RFC 822 date without zone, the visible
``dd.mm.yyyy HH:MM``) is read as Moscow time (``Europe/Moscow``; +03:00 since
October 2014). Every parser returns ``None`` rather than raising on bad input.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_tz
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rtnews.textclean import fold_text, to_ascii_digits


def _moscow() -> tzinfo:
    # Without the tz database (slim containers) a fixed +03:00 is right for dates since 2014.
    try:
        return ZoneInfo("Europe/Moscow")
    except ZoneInfoNotFoundError:
        return timezone(timedelta(hours=3), "MSK")


MOSCOW = _moscow()
EARLIEST_TRUSTED = datetime(2005, 1, 1, tzinfo=MOSCOW)
MAX_FUTURE = timedelta(days=1)


def _as_aware(dt: datetime, tz: tzinfo = MOSCOW) -> datetime:
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=tz)


# --- ISO 8601 --------------------------------------------------------------------------

# fromisoformat alone also accepts '20240125' and week dates; RT writes extended dates.
_ISO_SHAPE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}.*)?", re.I)


def parse_iso(s: str | None) -> datetime | None:
    """Parse ISO 8601 (``2024-01-25T10:00:00+03:00``, ``…Z``, space for ``T``, date only).

    A value without offset is Moscow time.
    """
    if not s:
        return None
    s = to_ascii_digits(s.strip())
    if not _ISO_SHAPE_RE.fullmatch(s):
        return None
    try:
        return _as_aware(datetime.fromisoformat(s))
    except ValueError:
        return None


# --- RFC 822 (RSS pubDate) -----------------------------------------------------------


# parsedate_tz reports a missing zone as offset 0, like UTC; the text tells them apart.
_RFC822_LOCAL_RE = re.compile(r"(?::[0-9]{2}|MSK)$", re.I)


def _rfc822_zone(s: str, offset: int | None) -> tzinfo:
    if offset is None or _RFC822_LOCAL_RE.search(s):
        return MOSCOW
    return timezone(timedelta(seconds=offset))


def parse_rfc822(s: str | None) -> datetime | None:
    """Parse an RFC 822/2822 date (``Thu, 25 Jan 2024 10:00:00 +0300``).

    A date without zone, or with ``MSK``, is Moscow time; ``GMT``, ``UT``, ``Z`` and
    ``-0000`` are UTC; other zone names unknown to ``email.utils`` count as UTC too.
    """
    if not s:
        return None
    s = to_ascii_digits(s.strip())
    parts = parsedate_tz(s)
    if parts is None:
        return None
    year, month, day, hour, minute, second = parts[:6]
    tz = _rfc822_zone(s, parts[9])
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=tz)
    except (ValueError, OverflowError):
        return None


# --- Visible dates ----------------------------------------------------------------------

# Names as fold_text leaves them (أ إ آ → ا, lowercase). Levantine/Syriac and
# Egyptian/Western names are both used across Arabic media.
_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("كانون الثاني", "كانون ثاني", "يناير", "january", "jan"),
    2: ("شباط", "فبراير", "february", "feb"),
    3: ("اذار", "مارس", "march", "mar"),
    4: ("نيسان", "ابريل", "april", "apr"),
    5: ("ايار", "مايو", "may"),
    6: ("حزيران", "يونيو", "يونيه", "june", "jun"),
    7: ("تموز", "يوليو", "يوليه", "july", "jul"),
    8: ("اب", "اغسطس", "august", "aug"),
    9: ("ايلول", "سبتمبر", "september", "sept", "sep"),
    10: ("تشرين الاول", "تشرين اول", "اكتوبر", "october", "oct"),
    11: ("تشرين الثاني", "تشرين ثاني", "نوفمبر", "november", "nov"),
    12: ("كانون الاول", "كانون اول", "ديسمبر", "december", "dec"),
}
MONTHS: dict[str, int] = {name: month for month, names in _MONTH_NAMES.items() for name in names}
# Longest first so 'ابريل' is not read as 'اب' and 'june' not as 'jun'.
_MONTH_ALT = "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True))
_TIME = r"(?:\D{1,3}?(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?)?"
_VISIBLE_RES = (
    # 25.01.2024 10:00 (RT Arabic), also with / or - used consistently.
    re.compile(
        r"(?<![0-9])(?P<day>[0-9]{1,2})(?P<sep>[./-])(?P<month>[0-9]{1,2})(?P=sep)"
        r"(?P<year>[0-9]{4})(?![0-9])" + _TIME
    ),
    # 25 كانون الثاني/يناير 2024 10:00, 10 oct, 2022 17:38 (www.rt.com).
    re.compile(
        rf"(?<![0-9])(?P<day>[0-9]{{1,2}}) (?P<name>{_MONTH_ALT})\.?"
        rf"(?: ?[/-] ?(?:{_MONTH_ALT}))?,? (?P<year>[0-9]{{4}})(?![0-9])" + _TIME
    ),
)


def _month_of(match: re.Match[str]) -> int:
    name = match.groupdict().get("name")
    return MONTHS[name] if name else int(match["month"])


def _from_match(match: re.Match[str], tz: tzinfo) -> datetime | None:
    try:
        return datetime(
            int(match["year"]),
            _month_of(match),
            int(match["day"]),
            int(match["hour"] or 0),
            int(match["minute"] or 0),
            int(match["second"] or 0),
            tzinfo=tz,
        )
    except ValueError:
        return None


def parse_visible(s: str | None, *, tz: tzinfo = MOSCOW) -> datetime | None:
    """Find and parse a date as shown on the page; surrounding text is allowed.

    Shapes: ``25.01.2024 10:00`` (time optional), ``25 يناير 2024 10:00`` with
    Levantine or Egyptian month names, ``10 Oct, 2022 17:38``; Arabic-Indic digits
    are accepted. Times are read in ``tz``, Moscow by default. (The saved www.rt.com
    page shows ``10 Oct, 2022 17:38`` for ``datePublished`` 17:38+00:00: pass
    ``tz=timezone.utc`` if a page's visible times turn out to be UTC.)
    """
    if not s:
        return None
    folded = fold_text(s)
    for pattern in _VISIBLE_RES:
        match = pattern.search(folded)
        if match:
            return _from_match(match, tz)
    return None


# --- Combined ---------------------------------------------------------------------------


def parse_any(s: str | None) -> datetime | None:
    """Try ISO 8601, then RFC 822, then the visible-date shapes."""
    for parse in (parse_iso, parse_rfc822, parse_visible):
        parsed = parse(s)
        if parsed is not None:
            return parsed
    return None


def to_iso(dt: datetime) -> str:
    """Format as ISO 8601 with offset at seconds precision; a naive value is Moscow time."""
    return _as_aware(dt).isoformat(timespec="seconds")


def is_trusted(dt: datetime, now: datetime) -> bool:
    """False for dates before 2005-01-01 (Moscow) or more than a day after ``now``.

    Such values come from placeholders (1970, 0001) or broken CMS fields, not from news.
    """
    dt = _as_aware(dt)
    return EARLIEST_TRUSTED <= dt <= _as_aware(now) + MAX_FUTURE
