"""Date parsing for RT pages, feeds and sitemaps: pure functions returning aware datetimes.

A date is read in the zone it prints. arabic.rt.com prints its visible date line as
``تاريخ النشر: 26.05.2026 | 16:36 GMT`` and its feed's ``pubDate`` in GMT: both UTC
(rt-site.md §6, [C]: 102 of 102 real pages agree with the feed to the minute). So
``GMT``, ``UTC``, ``UT`` and ``Z`` are UTC, numeric offsets are themselves, ``MSK`` (or
«بتوقيت موسكو») is Moscow time, and a date written without any zone (a naive ISO value,
an RFC 822 date without zone, a visible ``dd.mm.yyyy HH:MM``) is UTC too, as the site's
own zone-less dates are. Every parser returns ``None`` rather than raising on bad input.
``to_utc_iso`` is the dataset's format: ISO 8601 in UTC, ``+00:00``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
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
# The zone of a date that names none: the site's visible dates and feed are UTC.
DEFAULT_ZONE: tzinfo = UTC
EARLIEST_TRUSTED = datetime(2005, 1, 1, tzinfo=MOSCOW)
MAX_FUTURE = timedelta(days=1)


def _as_aware(dt: datetime, tz: tzinfo = DEFAULT_ZONE) -> datetime:
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=tz)


# --- ISO 8601 --------------------------------------------------------------------------

# fromisoformat alone also accepts '20240125' and week dates; RT writes extended dates.
_ISO_SHAPE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}.*)?", re.I)


def parse_iso(s: str | None) -> datetime | None:
    """Parse ISO 8601 (``2024-01-25T10:00:00+03:00``, ``…Z``, space for ``T``, date only).

    A value without offset is UTC.
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


_RFC822_MOSCOW_RE = re.compile(r"\bMSK$", re.I)


def _rfc822_zone(s: str, offset: int | None) -> tzinfo:
    if _RFC822_MOSCOW_RE.search(s):
        return MOSCOW
    if not offset:  # no zone, GMT, UT, Z, -0000 and zone names unknown to email.utils
        return DEFAULT_ZONE
    return timezone(timedelta(seconds=offset))


def parse_rfc822(s: str | None) -> datetime | None:
    """Parse an RFC 822/2822 date (``Thu, 25 Jan 2024 10:00:00 +0300``).

    ``MSK`` is Moscow time; ``GMT``, ``UT``, ``Z``, ``-0000``, no zone at all and zone
    names unknown to ``email.utils`` are UTC.
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
_TIME = (
    r"(?:\D{1,3}?(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?"
    r"(?:\s*(?P<zone>gmt|utc|ut|z|msk|[+-][0-9]{2}:?[0-9]{2})(?![a-z]))?)?"
)
# Zone words after the time, as folded text: «بتوقيت موسكو», «بتوقيت غرينتش».
_ZONE_WORDS = (("بتوقيت موسكو", "msk"), ("بتوقيت غرينتش", "gmt"), ("بتوقيت غرينيتش", "gmt"))
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


def _zone_of(zone: str | None, text: str, default: tzinfo) -> tzinfo:
    """The zone a visible date names (after its time, or in words), else ``default``."""
    if zone is None:
        zone = next((code for words, code in _ZONE_WORDS if words in text), None)
    if zone is None:
        return default
    if zone == "msk":
        return MOSCOW
    if zone in ("gmt", "utc", "ut", "z"):
        return UTC
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


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


def parse_visible(s: str | None, *, tz: tzinfo = DEFAULT_ZONE) -> datetime | None:
    """Find and parse a date as shown on the page; surrounding text is allowed.

    Shapes: ``تاريخ النشر: 26.05.2026 | 16:36 GMT`` (arabic.rt.com), ``25.01.2024
    10:00`` (time optional), ``25 يناير 2024 10:00`` with Levantine or Egyptian month
    names, ``10 Oct, 2022 17:38`` (www.rt.com); Arabic-Indic digits are accepted. A zone
    after the time (``GMT``, ``UTC``, ``Z``, ``MSK``, ``+03:00``) or in words decides;
    without one the time is read in ``tz``, UTC by default (the site prints UTC).
    """
    if not s:
        return None
    folded = fold_text(s)
    for pattern in _VISIBLE_RES:
        match = pattern.search(folded)
        if match:
            return _from_match(match, _zone_of(match["zone"], folded, tz))
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
    """Format as ISO 8601 with its offset at seconds precision; a naive value is UTC."""
    return _as_aware(dt).isoformat(timespec="seconds")


def to_utc_iso(dt: datetime) -> str:
    """The dataset's date format: ISO 8601 in UTC at seconds precision (``…+00:00``).

    >>> to_utc_iso(datetime(2026, 5, 26, 19, 36, tzinfo=timezone(timedelta(hours=3))))
    '2026-05-26T16:36:00+00:00'
    """
    return _as_aware(dt).astimezone(UTC).isoformat(timespec="seconds")


def is_trusted(dt: datetime, now: datetime) -> bool:
    """False for dates before 2005-01-01 (Moscow) or more than a day after ``now``.

    Such values come from placeholders (1970, 0001) or broken CMS fields, not from news.
    """
    dt = _as_aware(dt)
    return EARLIEST_TRUSTED <= dt <= _as_aware(now) + MAX_FUTURE
