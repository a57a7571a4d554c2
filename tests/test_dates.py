import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from negotiation_events.normalise.dates import easter_sunday, resolve_date

D = dt.date


@pytest.mark.parametrize(
    ("text", "published", "future", "start", "end", "granularity"),
    [
        ("next week", D(2025, 7, 20), True, D(2025, 7, 21), D(2025, 7, 27), "week"),
        ("the upcoming week", D(2025, 7, 20), True, D(2025, 7, 21), D(2025, 7, 27), "week"),
        ("later this week", D(2025, 4, 22), True, D(2025, 4, 21), D(2025, 4, 27), "week"),
        ("just last week", D(2025, 7, 20), False, D(2025, 7, 7), D(2025, 7, 13), "week"),
        ("last Saturday", D(2025, 4, 22), False, D(2025, 4, 19), D(2025, 4, 19), "day"),
        ("late Monday", D(2025, 4, 22), False, D(2025, 4, 21), D(2025, 4, 21), "day"),
        ("Friday", D(2025, 5, 16), False, D(2025, 5, 16), D(2025, 5, 16), "day"),
        ("on Friday", D(2025, 5, 14), True, D(2025, 5, 16), D(2025, 5, 16), "day"),
        ("the Easter weekend", D(2025, 4, 22), False, D(2025, 4, 19), D(2025, 4, 20), "weekend"),
        ("earlier this year", D(2025, 7, 20), False, D(2025, 1, 1), D(2025, 7, 20), "year"),
        ("May", D(2025, 7, 20), False, D(2025, 5, 1), D(2025, 5, 31), "month"),
        ("mid-July", D(2025, 6, 2), True, D(2025, 7, 11), D(2025, 7, 20), "month"),
        ("March 2022", D(2025, 5, 15), False, D(2022, 3, 1), D(2022, 3, 31), "month"),
        ("2022", D(2025, 5, 15), False, D(2022, 1, 1), D(2022, 12, 31), "year"),
        ("16 May 2025", D(2025, 5, 20), False, D(2025, 5, 16), D(2025, 5, 16), "day"),
        ("Sunday morning", D(2025, 1, 20), False, D(2025, 1, 19), D(2025, 1, 19), "day"),
        ("6 p.m. on Saturday", D(2025, 1, 20), False, D(2025, 1, 18), D(2025, 1, 18), "day"),
        ("10 a.m. local time on May 3", D(2025, 5, 20), False, D(2025, 5, 3), D(2025, 5, 3), "day"),
        ("tonight", D(2025, 4, 27), True, D(2025, 4, 27), D(2025, 4, 27), "day"),
        ("last night", D(2025, 4, 27), False, D(2025, 4, 26), D(2025, 4, 26), "day"),
    ],
)
def test_relative_and_absolute_dates(text, published, future, start, end, granularity) -> None:  # type: ignore[no-untyped-def]
    date = resolve_date(text, published, future)
    assert (date.start, date.end, date.granularity and date.granularity.value) == (start, end, granularity)


def test_relative_dates_stay_unresolved_without_publication_date() -> None:
    for text in ("next week", "last Saturday", "in May", "earlier this year"):
        date = resolve_date(text, None)
        assert date.start is None and date.end is None and date.text == text


def test_absolute_dates_resolve_without_publication_date() -> None:
    assert resolve_date("March 2022", None).start == D(2022, 3, 1)


def test_non_dates_are_unresolved() -> None:
    assert resolve_date("several weeks", D(2025, 1, 1)).start is None


@pytest.mark.parametrize("text", ["3:35 p.m.", "6 p.m. Moscow time", "midnight", "nearly three hours"])
def test_clock_times_alone_name_no_day(text: str) -> None:
    assert resolve_date(text, D(2025, 5, 10), False).start is None


def test_easter() -> None:
    assert easter_sunday(2025) == D(2025, 4, 20)
    assert easter_sunday(2024) == D(2024, 3, 31)


@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2060, 12, 31)))
def test_week_expressions_land_on_the_right_side(published: dt.date) -> None:
    nxt = resolve_date("next week", published, True)
    last = resolve_date("last week", published, False)
    assert nxt.start is not None and nxt.start > published and nxt.start.weekday() == 0
    assert last.end is not None and last.end < published and (nxt.start - last.start).days == 14  # type: ignore[operator]


@given(
    st.dates(min_value=D(1990, 1, 1), max_value=D(2060, 12, 31)),
    st.sampled_from(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]),
)
def test_last_weekday_is_within_the_past_week(published: dt.date, weekday: str) -> None:
    date = resolve_date(f"last {weekday}", published, False)
    assert date.start is not None
    assert 1 <= (published - date.start).days <= 7
    assert date.start.strftime("%A").lower() == weekday


def test_since_runs_until_publication() -> None:
    date = resolve_date("since March 2022", D(2025, 4, 23))
    assert (date.start, date.end) == (D(2022, 3, 1), D(2025, 4, 23))


# (expression, granularity, side): side -1 = ends before publication, +1 = starts after, 0 = contains it
GRAMMAR = [
    ("next week", "week", 1),
    ("the upcoming week", "week", 1),
    ("the coming week", "week", 1),
    ("last week", "week", -1),
    ("this week", "week", 0),
    ("later this week", "week", 0),
    ("next month", "month", 1),
    ("last month", "month", -1),
    ("this month", "month", 0),
    ("next year", "year", 1),
    ("last year", "year", -1),
    ("earlier this year", "year", 0),
    ("yesterday", "day", -1),
    ("tomorrow", "day", 1),
    ("today", "day", 0),
    ("last Saturday", "day", -1),
    ("last Monday", "day", -1),
    ("next Friday", "day", 1),
    ("last weekend", "weekend", -1),
    ("next weekend", "weekend", 1),
]


@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2060, 12, 31)), st.sampled_from(GRAMMAR))
def test_grammar_resolves_with_declared_granularity_on_the_right_side(
    published: dt.date, case: tuple[str, str, int]
) -> None:
    text, granularity, side = case
    date = resolve_date(text, published, side > 0 if side else None)
    assert date.start is not None and date.end is not None and date.granularity is not None
    assert date.granularity.value == granularity
    assert date.start <= date.end
    if side < 0:
        assert date.end < published or (granularity == "weekend" and date.end <= published)
    elif side > 0:
        assert date.start > published
    else:
        assert date.start <= published <= date.end
