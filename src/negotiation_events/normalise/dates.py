"""Date resolution: a date expression and a publication date → an :class:`EventDate`.

Relative expressions news writers use ("next week", "last Saturday", "over the Easter
weekend", "earlier this year") are handled by small rules here, because dateparser
either does not know them or resolves them to a single day. Anything else goes to
``dateparser.parse`` with ``languages=["en"]`` and ``RELATIVE_BASE`` set to the
publication date. Without a publication date a relative expression stays unresolved
(``start`` and ``end`` are ``None``): the wall clock is never used.

Only the text of a DATE entity is given to dateparser, never a whole article.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from ..models import EventDate, Granularity

__all__ = ["easter_sunday", "resolve_date"]

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(_MONTHS)} | {"sept": 9}
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}
# Words that do not change the interval: "just last week", "late Monday", "over the weekend".
_FILLER = re.compile(
    r"\b(?:just|late|early|the|on|over|during|by|in|at|since|from|until|before|after|of|around|within)\b"
)
_SPACES = re.compile(r"\s+")
# Clock times and parts of the day do not change which day is meant: "6 p.m. on Saturday",
# "Sunday morning", "late on Monday night".
_CLOCK = re.compile(
    r"\b\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?m\.?|p\.?m\.?|gmt|utc|hrs|h)(?=\W|$)(?:\s+[a-z]+\s+time\b)?|\b(?:local|moscow|kyiv|gaza|washington)\s+time\b"
)
_PART_OF_DAY = re.compile(r"\b(?:morning|afternoon|evening|night|overnight|midday|noon)\b")
_SAME_DAY = {"tonight", "this morning", "this afternoon", "this evening", "earlier today", "later today"}
_DAY_BEFORE = {"last night", "overnight", "yesterday morning", "yesterday afternoon", "yesterday evening"}


def easter_sunday(year: int) -> dt.date:
    """Western (Gregorian) Easter Sunday of ``year`` (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _week(monday: dt.date) -> tuple[dt.date, dt.date, Granularity]:
    return monday, monday + dt.timedelta(days=6), Granularity.WEEK


def _month(year: int, month: int) -> tuple[dt.date, dt.date, Granularity]:
    first = dt.date(year, month, 1)
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first, following - dt.timedelta(days=1), Granularity.MONTH


def _normalise(text: str) -> str:
    lowered = _CLOCK.sub(" ", text.lower().replace("’", "'"))
    lowered = _SPACES.sub(" ", lowered).strip()
    if lowered in _SAME_DAY:
        return "today"
    if lowered in _DAY_BEFORE:
        return "yesterday"
    lowered = _PART_OF_DAY.sub(" ", lowered.replace("-", " "))
    return _SPACES.sub(" ", _FILLER.sub(" ", lowered)).strip()


def _clean(text: str) -> str:
    """The expression without clock times and parts of the day, for dateparser."""
    without_clock = _CLOCK.sub(" ", text.lower())
    return _SPACES.sub(" ", _PART_OF_DAY.sub(" ", without_clock)).strip(" ,")


def _weekday_near(base: dt.date, weekday: int, direction: int, *, include_base: bool) -> dt.date:
    delta = (weekday - base.weekday()) % 7 if direction > 0 else (base.weekday() - weekday) % 7
    if delta == 0 and not include_base:
        delta = 7
    return base + dt.timedelta(days=delta * direction)


def _month_year(month: int, base: dt.date, future: bool | None) -> int:
    if future is True and month < base.month:
        return base.year + 1
    if future is not True and month > base.month:
        return base.year - 1
    return base.year


def _relative(norm: str, base: dt.date, future: bool | None) -> tuple[dt.date, dt.date, Granularity] | None:
    monday = base - dt.timedelta(days=base.weekday())
    if norm in {"today", "this day"}:
        return base, base, Granularity.DAY
    if norm == "yesterday":
        day = base - dt.timedelta(days=1)
        return day, day, Granularity.DAY
    if norm == "tomorrow":
        day = base + dt.timedelta(days=1)
        return day, day, Granularity.DAY
    if norm in {"next week", "upcoming week", "coming week", "following week"}:
        return _week(monday + dt.timedelta(days=7))
    if norm in {"this week", "later this week", "week", "current week", "earlier this week"}:
        return _week(monday)
    if norm in {"last week", "previous week", "past week"}:
        return _week(monday - dt.timedelta(days=7))
    if norm in {"weekend", "this weekend", "last weekend", "past weekend", "next weekend", "coming weekend"}:
        ahead = norm.startswith(("next", "coming")) or (not norm.startswith(("last", "past")) and future is True)
        saturday = _weekday_near(base, 5, 1 if ahead else -1, include_base=not norm.startswith(("last", "next")))
        return saturday, saturday + dt.timedelta(days=1), Granularity.WEEKEND
    if norm.startswith("easter"):
        easter = easter_sunday(base.year)
        if norm in {"easter weekend", "easter"}:
            start = easter - dt.timedelta(days=1) if norm == "easter weekend" else easter
            return start, easter, Granularity.WEEKEND if norm == "easter weekend" else Granularity.DAY
    if norm in {"this year", "earlier this year", "earlier year"}:
        start = dt.date(base.year, 1, 1)
        return start, (base if norm.startswith("earlier") else dt.date(base.year, 12, 31)), Granularity.YEAR
    if norm in {"last year", "previous year"}:
        return dt.date(base.year - 1, 1, 1), dt.date(base.year - 1, 12, 31), Granularity.YEAR
    if norm == "next year":
        return dt.date(base.year + 1, 1, 1), dt.date(base.year + 1, 12, 31), Granularity.YEAR
    if norm in {"this month", "earlier this month", "later this month"}:
        return _month(base.year, base.month)
    if norm in {"last month", "previous month"}:
        previous = base.replace(day=1) - dt.timedelta(days=1)
        return _month(previous.year, previous.month)
    if norm == "next month":
        following = (base.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return _month(following.year, following.month)
    words = norm.split()
    if words and words[-1] in _WEEKDAYS:
        weekday = _WEEKDAYS.index(words[-1])
        qualifier = words[0] if len(words) == 2 else ""
        if qualifier == "last" or (qualifier in {"", "this past", "past"} and future is not True):
            day = _weekday_near(base, weekday, -1, include_base=qualifier != "last")
        elif qualifier in {"next", "coming", ""}:
            day = _weekday_near(base, weekday, 1, include_base=qualifier == "")
        elif qualifier == "this":
            day = monday + dt.timedelta(days=weekday)
        else:
            return None
        return day, day, Granularity.DAY
    return None


def _absolute(norm: str, base: dt.date | None, future: bool | None) -> tuple[dt.date, dt.date, Granularity] | None:
    words = norm.replace(",", " ").split()
    if not words:
        return None
    if len(words) == 1 and words[0].isdigit() and len(words[0]) == 4:
        year = int(words[0])
        return dt.date(year, 1, 1), dt.date(year, 12, 31), Granularity.YEAR
    first = words[0]
    month = _MONTHS.index(first) + 1 if first in _MONTHS else _MONTH_ABBR.get(first.rstrip("."))
    if month is not None and len(words) <= 2:
        if len(words) == 2 and words[1].isdigit() and len(words[1]) == 4:
            return _month(int(words[1]), month)
        if len(words) == 1 and base is not None:
            return _month(_month_year(month, base, future), month)
    if words[0] in _SEASONS and len(words) <= 2:
        season_year: int | None = int(words[1]) if len(words) == 2 and words[1].isdigit() else None
        if season_year is None and base is not None:
            season_year = base.year
        if season_year is None:
            return None
        first_month, last_month = _SEASONS[words[0]]
        return dt.date(season_year, first_month, 1), _month(season_year, last_month)[1], Granularity.SEASON
    return None


@lru_cache(maxsize=4096)
def resolve_date(text: str, published: dt.date | None, future: bool | None = None) -> EventDate:
    """Resolve a date expression against the publication date.

    Args:
        text: the expression as written ("next week", "last Saturday", "16 May 2025").
        published: the article's publication date, or ``None``.
        future: ``True`` when the sentence speaks of the future, ``False`` for the
            past, ``None`` when unknown; decides which "Friday" is meant.

    Returns:
        An :class:`EventDate`; ``start``/``end`` are ``None`` when the expression
        cannot be resolved (relative without ``published``, or not a date at all).
    """
    lowered = text.lower().strip()
    if lowered.startswith("since ") and published is not None:  # "since March 2022": from then until publication
        origin = resolve_date(text[6:], published, False)
        if origin.start is not None and origin.start <= published:
            return EventDate(text=text, start=origin.start, end=published, granularity=origin.granularity)
    norm = _normalise(text)
    mid = "mid" in text.lower()
    try:
        resolved = _absolute(norm.replace("mid ", ""), published, future) if norm else None
        if resolved is None and published is not None and norm:
            resolved = _relative(norm, published, future)
        if resolved is None and norm and any(ch.isdigit() for ch in norm):
            resolved = _dateparser(_clean(text), published, future)
    except (OverflowError, ValueError):
        resolved = None  # "last week" published on 0001-01-01: no such date
    if resolved is None:
        return EventDate(text=text)
    start, end, granularity = resolved
    if mid and granularity is Granularity.MONTH:
        start, end = start.replace(day=11), start.replace(day=20)
    return EventDate(text=text, start=start, end=end, granularity=granularity)


def _dateparser(
    text: str, published: dt.date | None, future: bool | None
) -> tuple[dt.date, dt.date, Granularity] | None:
    """Explicit calendar dates through dateparser; only when a year or day number is present."""
    import dateparser  # deferred: importing dateparser costs ~0.3 s

    settings: dict[str, object] = {
        "PREFER_DATES_FROM": "future" if future else "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "REQUIRE_PARTS": ["month"],
    }
    if published is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(published, dt.time())
    elif not re.search(r"\b\d{4}\b", text):
        return None  # a day and month without a year needs the publication date
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    if parsed is None:
        return None
    day = parsed.date()
    return day, day, Granularity.DAY
