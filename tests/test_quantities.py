import pytest

from negotiation_events.normalise.quantities import parse_duration, parse_number


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("30-day", "P30D"),
        ("30-hour", "PT30H"),
        ("monthlong", "P1M"),
        ("a month", "P1M"),
        ("72-hour", "PT72H"),
        ("two to three days", "P3D"),
        ("seven-day", "P7D"),
        ("week-long", "P1W"),
        ("60 days", "P60D"),
    ],
)
def test_durations(text: str, iso: str) -> None:
    assert parse_duration(text) == iso


def test_not_a_duration() -> None:
    assert parse_duration("the ceasefire") is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("500", 500),
        ("1,000", 1000),
        ("six thousand", 6000),
        ("a dozen", 12),
        ("twenty", 20),
        ("2.5 million", 2_500_000),
    ],
)
def test_numbers(text: str, value: int | None) -> None:
    assert parse_number(text) == value


def test_adversarial_duration_input_is_fast() -> None:
    parse_duration("1-" * 50_000 + "x")
    parse_duration("a " * 100_000)
