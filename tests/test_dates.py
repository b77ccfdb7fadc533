"""Table tests for rtnews.dates: each case names the shape it covers and asserts exact values."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import pytest

from rtnews.dates import (
    MONTHS,
    MOSCOW,
    is_trusted,
    parse_any,
    parse_iso,
    parse_rfc822,
    parse_visible,
    to_iso,
    to_utc_iso,
)

MSK = timezone(timedelta(hours=3))


def cases(*rows: tuple[str, object, object]) -> pytest.MarkDecorator:
    """Parametrize (input, expected) rows whose first element is the case id."""
    return pytest.mark.parametrize(
        ("text", "expected"), [pytest.param(i, e, id=name) for name, i, e in rows]
    )


def check(
    parse: Callable[[str | None], datetime | None], text: str | None, expected: str | None
) -> None:
    """Compare via to_iso so the offset is asserted, not only the instant."""
    parsed = parse(text)
    assert (None if parsed is None else to_iso(parsed)) == expected


@cases(
    ("offset", "2024-01-25T10:00:00+03:00", "2024-01-25T10:00:00+03:00"),
    ("zulu", "2026-05-26T16:36:00Z", "2026-05-26T16:36:00+00:00"),
    ("utc-z", "2024-01-25T07:00:00Z", "2024-01-25T07:00:00+00:00"),
    ("space-separator", "2024-01-25 10:00:00+03:00", "2024-01-25T10:00:00+03:00"),
    ("naive-is-utc", "2024-01-25T10:00:00", "2024-01-25T10:00:00+00:00"),
    ("naive-space-is-utc", "2024-01-25 10:00", "2024-01-25T10:00:00+00:00"),
    ("date-only-is-utc-midnight", "2024-01-25", "2024-01-25T00:00:00+00:00"),
    ("fraction-dropped-by-to-iso", "2022-10-10T17:38:16.123456+00:00", "2022-10-10T17:38:16+00:00"),
    ("negative-offset", "2024-01-25T02:00:00-05:00", "2024-01-25T02:00:00-05:00"),
    ("surrounding-whitespace", "  2024-01-25T10:00:00+03:00\n", "2024-01-25T10:00:00+03:00"),
    ("arabic-indic-digits", "٢٠٢٤-٠١-٢٥T10:00:00Z", "2024-01-25T10:00:00+00:00"),
    ("basic-format-rejected", "20240125", None),
    ("week-date-rejected", "2024-W04", None),
    ("invalid-month", "2024-13-01T10:00:00Z", None),
    ("visible-date-rejected", "25.01.2024 10:00", None),
    ("rfc822-rejected", "Thu, 25 Jan 2024 10:00:00 +0300", None),
    ("empty", "", None),
    ("none", None, None),
)
def test_parse_iso(text: str | None, expected: str | None) -> None:
    check(parse_iso, text, expected)


@cases(
    ("offset", "Thu, 25 Jan 2024 10:00:00 +0300", "2024-01-25T10:00:00+03:00"),
    ("gmt", "Thu, 25 Jan 2024 07:00:00 GMT", "2024-01-25T07:00:00+00:00"),
    ("minus-zero-is-utc", "Thu, 25 Jan 2024 07:00:00 -0000", "2024-01-25T07:00:00+00:00"),
    ("est", "Thu, 25 Jan 2024 02:00:00 EST", "2024-01-25T02:00:00-05:00"),
    ("msk-name", "Thu, 25 Jan 2024 10:00:00 MSK", "2024-01-25T10:00:00+03:00"),
    ("no-zone-is-utc", "Thu, 25 Jan 2024 10:00:00", "2024-01-25T10:00:00+00:00"),
    ("no-seconds", "Thu, 25 Jan 2024 10:00 +0300", "2024-01-25T10:00:00+03:00"),
    ("no-weekday", "25 Jan 2024 10:00:00 +0300", "2024-01-25T10:00:00+03:00"),
    ("two-digit-year", "Thu, 25 Jan 24 10:00:00 +0300", "2024-01-25T10:00:00+03:00"),
    ("invalid-day", "Thu, 32 Jan 2024 10:00:00 +0300", None),
    ("iso-rejected", "2024-01-25T10:00:00Z", None),
    ("garbage", "not a date", None),
    ("empty", "", None),
    ("none", None, None),
)
def test_parse_rfc822(text: str | None, expected: str | None) -> None:
    check(parse_rfc822, text, expected)


@cases(
    ("dotted-with-time", "25.01.2024 10:00", "2024-01-25T10:00:00+00:00"),
    ("dotted-without-time", "25.01.2024", "2024-01-25T00:00:00+00:00"),
    ("dotted-single-digits", "5.1.2024 9:05", "2024-01-05T09:05:00+00:00"),
    ("dotted-with-seconds", "25.01.2024 10:00:30", "2024-01-25T10:00:30+00:00"),
    ("slashes", "25/01/2024 10:00", "2024-01-25T10:00:00+00:00"),
    ("dotted-arabic-indic-digits", "٢٥.٠١.٢٠٢٤ ١٠:٠٠", "2024-01-25T10:00:00+00:00"),
    ("dotted-extended-digits", "۲۵.۰۱.۲۰۲۴", "2024-01-25T00:00:00+00:00"),
    ("surrounding-text", "نشر في 25.01.2024 10:00 بتوقيت موسكو", "2024-01-25T10:00:00+03:00"),
    ("rtl-marks-and-nbsp", "\u200f25.01.2024\u00a010:00\u200f", "2024-01-25T10:00:00+00:00"),
    ("comma-before-time", "25.01.2024، 10:00", "2024-01-25T10:00:00+00:00"),
    ("levantine-january", "25 كانون الثاني 2024 10:00", "2024-01-25T10:00:00+00:00"),
    ("egyptian-january", "25 يناير 2024", "2024-01-25T00:00:00+00:00"),
    ("both-names-slash", "25 كانون الثاني/يناير 2024 10:00", "2024-01-25T10:00:00+00:00"),
    ("both-names-spaced-slash", "1 شباط / فبراير 2024", "2024-02-01T00:00:00+00:00"),
    ("levantine-february", "1 شباط 2024", "2024-02-01T00:00:00+00:00"),
    ("egyptian-february", "1 فبراير 2024", "2024-02-01T00:00:00+00:00"),
    ("levantine-march", "1 آذار 2024", "2024-03-01T00:00:00+00:00"),
    ("egyptian-march", "1 مارس 2024", "2024-03-01T00:00:00+00:00"),
    ("levantine-april", "1 نيسان 2024", "2024-04-01T00:00:00+00:00"),
    ("egyptian-april-hamza-above", "1 أبريل 2024", "2024-04-01T00:00:00+00:00"),
    ("egyptian-april-bare-alef", "1 ابريل 2024", "2024-04-01T00:00:00+00:00"),
    ("egyptian-april-hamza-below", "1 إبريل 2023 08:05", "2023-04-01T08:05:00+00:00"),
    ("levantine-may", "3 أيار 2020", "2020-05-03T00:00:00+00:00"),
    ("egyptian-may", "3 مايو 2020", "2020-05-03T00:00:00+00:00"),
    ("levantine-june", "3 حزيران 2020", "2020-06-03T00:00:00+00:00"),
    ("egyptian-june", "3 يونيو 2020", "2020-06-03T00:00:00+00:00"),
    ("levantine-july", "3 تموز 2020", "2020-07-03T00:00:00+00:00"),
    ("egyptian-july", "3 يوليو 2020", "2020-07-03T00:00:00+00:00"),
    ("levantine-august", "1 آب 2023", "2023-08-01T00:00:00+00:00"),
    ("egyptian-august", "1 أغسطس 2023", "2023-08-01T00:00:00+00:00"),
    ("levantine-september", "1 أيلول 2023", "2023-09-01T00:00:00+00:00"),
    ("egyptian-september", "1 سبتمبر 2023", "2023-09-01T00:00:00+00:00"),
    ("levantine-october", "5 تشرين الأول 2021 23:59", "2021-10-05T23:59:00+00:00"),
    ("egyptian-october", "5 أكتوبر 2021", "2021-10-05T00:00:00+00:00"),
    ("levantine-november", "5 تشرين الثاني 2021", "2021-11-05T00:00:00+00:00"),
    ("egyptian-november", "5 نوفمبر 2021", "2021-11-05T00:00:00+00:00"),
    ("levantine-december", "5 كانون الأول 2021", "2021-12-05T00:00:00+00:00"),
    ("egyptian-december", "5 ديسمبر 2021", "2021-12-05T00:00:00+00:00"),
    ("arabic-month-arabic-digits", "٢٥ يناير ٢٠٢٤ ١٠:٣٠", "2024-01-25T10:30:00+00:00"),
    ("english-short-www", "10 Oct, 2022 17:38", "2022-10-10T17:38:00+00:00"),
    ("english-published-time", "Published time: 1 Apr, 2016 15:17", "2016-04-01T15:17:00+00:00"),
    ("english-full-month", "3 September 2019", "2019-09-03T00:00:00+00:00"),
    ("english-june-not-jun", "3 June 2019 08:00", "2019-06-03T08:00:00+00:00"),
    ("rt-date-line-gmt", "تاريخ النشر: 26.05.2026 | 16:36 GMT", "2026-05-26T16:36:00+00:00"),
    ("rt-date-line-no-zone", "تاريخ النشر: 26.05.2026 | 23:59", "2026-05-26T23:59:00+00:00"),
    ("utc-word", "26.05.2026 16:36 UTC", "2026-05-26T16:36:00+00:00"),
    ("z-suffix", "26.05.2026 16:36Z", "2026-05-26T16:36:00+00:00"),
    ("msk-suffix", "26.05.2026 19:36 MSK", "2026-05-26T19:36:00+03:00"),
    ("numeric-offset", "26.05.2026 19:36 +03:00", "2026-05-26T19:36:00+03:00"),
    ("greenwich-words", "26.05.2026 16:36 بتوقيت غرينتش", "2026-05-26T16:36:00+00:00"),
    ("invalid-day", "31.02.2024", None),
    ("invalid-hour", "25.01.2024 25:00", None),
    ("year-first-not-visible", "2024.01.25", None),
    ("no-date", "تابعوا RT على تلغرام", None),
    ("month-name-without-year", "25 يناير", None),
    ("empty", "", None),
    ("none", None, None),
)
def test_parse_visible(text: str | None, expected: str | None) -> None:
    check(parse_visible, text, expected)


def test_parse_visible_custom_zone() -> None:
    parsed = parse_visible("10 Oct, 2022 17:38", tz=MSK)
    assert parsed == datetime(2022, 10, 10, 17, 38, tzinfo=MSK)
    # A zone the text names wins over the default.
    assert parse_visible("10.10.2022 17:38 GMT", tz=MSK) == datetime(2022, 10, 10, 17, 38, tzinfo=UTC)


def test_every_month_name_maps_to_a_month() -> None:
    assert sorted(set(MONTHS.values())) == list(range(1, 13))


@cases(
    ("iso", "2024-01-25T10:00:00+03:00", "2024-01-25T10:00:00+03:00"),
    ("rfc822", "Thu, 25 Jan 2024 07:00:00 GMT", "2024-01-25T07:00:00+00:00"),
    ("visible-dotted", "25.01.2024 10:00", "2024-01-25T10:00:00+00:00"),
    ("visible-arabic-month", "25 كانون الثاني/يناير 2024", "2024-01-25T00:00:00+00:00"),
    ("visible-english", "Published time: 1 Apr, 2016 15:17", "2016-04-01T15:17:00+00:00"),
    ("nothing", "قبل ساعة", None),
    ("empty", "", None),
    ("none", None, None),
)
def test_parse_any(text: str | None, expected: str | None) -> None:
    check(parse_any, text, expected)


@pytest.mark.parametrize(
    ("dt", "expected"),
    [
        pytest.param(datetime(2024, 1, 25, 10, tzinfo=MSK), "2024-01-25T10:00:00+03:00", id="msk"),
        pytest.param(datetime(2024, 1, 25, 7, tzinfo=UTC), "2024-01-25T07:00:00+00:00", id="utc"),
        pytest.param(
            datetime(2024, 1, 25, 10, 0, 5, 999999, tzinfo=MSK),
            "2024-01-25T10:00:05+03:00",
            id="microseconds-dropped",
        ),
        pytest.param(datetime(2024, 1, 25, 10), "2024-01-25T10:00:00+00:00", id="naive-is-utc"),
    ],
)
def test_to_iso(dt: datetime, expected: str) -> None:
    assert to_iso(dt) == expected


NOW = datetime(2024, 1, 25, 10, tzinfo=MSK)


@pytest.mark.parametrize(
    ("dt", "expected"),
    [
        pytest.param(datetime(2024, 1, 25, 9, tzinfo=MSK), True, id="recent"),
        pytest.param(datetime(2005, 1, 1, tzinfo=MSK), True, id="earliest-boundary"),
        pytest.param(datetime(2004, 12, 31, 23, 59, tzinfo=MSK), False, id="before-2005"),
        pytest.param(datetime(1970, 1, 1, tzinfo=UTC), False, id="epoch-placeholder"),
        pytest.param(NOW + timedelta(days=1), True, id="one-day-ahead-boundary"),
        pytest.param(NOW + timedelta(days=1, seconds=1), False, id="more-than-a-day-ahead"),
        pytest.param(datetime(2024, 1, 26, 7), True, id="naive-is-utc"),
        pytest.param(datetime(2024, 1, 26, 7, 0, 1), False, id="naive-is-utc-past-a-day"),
        pytest.param(datetime(2030, 1, 1, tzinfo=UTC), False, id="far-future"),
    ],
)
def test_is_trusted(dt: datetime, expected: bool) -> None:
    assert is_trusted(dt, NOW) is expected


def test_is_trusted_naive_now() -> None:
    assert is_trusted(datetime(2024, 1, 26, 9, tzinfo=MSK), datetime(2024, 1, 25, 10)) is True


@pytest.mark.parametrize(
    ("dt", "expected"),
    [
        pytest.param(datetime(2024, 1, 25, 10, tzinfo=MSK), "2024-01-25T07:00:00+00:00", id="msk"),
        pytest.param(datetime(2024, 1, 25, 7, tzinfo=UTC), "2024-01-25T07:00:00+00:00", id="utc"),
        pytest.param(datetime(2024, 1, 25, 7), "2024-01-25T07:00:00+00:00", id="naive"),
        pytest.param(datetime(2012, 6, 1, 12, tzinfo=MOSCOW), "2012-06-01T08:00:00+00:00",
                     id="moscow-2012-was-utc+4"),
    ],
)
def test_to_utc_iso(dt: datetime, expected: str) -> None:
    assert to_utc_iso(dt) == expected
