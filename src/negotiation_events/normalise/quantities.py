"""Counts, durations and money amounts, from spaCy tokens to numbers and ISO 8601."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

__all__ = ["count_near", "parse_duration", "parse_number"]

_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
    "dozens": 24,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_UNITS = {
    "hour": ("PT", "H"),
    "hours": ("PT", "H"),
    "day": ("P", "D"),
    "days": ("P", "D"),
    "week": ("P", "W"),
    "weeks": ("P", "W"),
    "month": ("P", "M"),
    "months": ("P", "M"),
    "year": ("P", "Y"),
    "years": ("P", "Y"),
}
_LONG = {
    "monthlong": "P1M",
    "month-long": "P1M",
    "weeklong": "P1W",
    "week-long": "P1W",
    "yearlong": "P1Y",
    "year-long": "P1Y",
    "daylong": "P1D",
    "day-long": "P1D",
}
# Bounded, linear-time patterns: no nested quantifiers.
_DURATION = re.compile(
    r"\b(\d{1,4}|[a-z]{1,10})(?:\s*(?:-|to)\s*(?:\d{1,4}|[a-z]{1,10}))?[\s-]{0,2}(hours?|days?|weeks?|months?|years?)\b"
)
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})*(?:\.\d+)?$|^\d+(?:\.\d+)?$")


def parse_number(text: str) -> int | None:
    """``"500"``, ``"1,000"``, ``"six thousand"``, ``"a dozen"`` → int; otherwise None."""
    words = text.lower().replace("-", " ").split()
    if not words:
        return None
    total = 0
    current: float = 0
    seen = False
    for word in words:
        if _DIGITS.match(word):
            current += float(word.replace(",", ""))
            seen = True
        elif word in _SCALES:
            current = (current or 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total += int(current)
                current = 0
            seen = True
        elif word in _NUMBER_WORDS and word not in {"a", "an"}:
            current += _NUMBER_WORDS[word]
            seen = True
        elif word in {"and", "a", "an"}:
            continue
        else:
            return None
    return int(total + current) if seen else None


def parse_duration(text: str) -> str | None:
    """A duration phrase → ISO 8601: "30-day" → ``P30D``, "30-hour" → ``PT30H``, "monthlong" → ``P1M``.

    A range ("two to three days") gives its upper bound.
    """
    lowered = text.lower().replace("‑", "-")
    for word, iso in _LONG.items():
        if word in lowered:
            return iso
    match = _DURATION.search(lowered)
    if match is None:
        return None
    amount_text = match.group(0)[: match.start(2) - match.start(0)].strip(" -")
    parts = re.split(r"\s*(?:-|to)\s*", amount_text)
    amount = parse_number(parts[-1]) if parts[-1] not in {"a", "an"} else 1
    if amount is None or amount <= 0:
        return None
    prefix, unit = _UNITS[match.group(2)]
    return f"{prefix}{amount}{unit}"


_CURRENCY = frozenset({"$", "€", "£", "¥", "US$", "dollars", "euros", "pounds"})


def count_near(token: Token) -> tuple[int, str | None] | None:
    """The count modifying a noun ("over 500 soldiers" → (500, "over")), if any."""
    for child in token.children:
        if child.dep_ == "nummod" or (child.like_num and child.i < token.i):
            span: Span = token.doc[child.left_edge.i : child.i + 1]
            if any(t.tag_ == "$" or t.ent_type_ == "MONEY" or t.text in _CURRENCY for t in span):
                continue  # "a $2 billion sale": an amount of money, not a number of items
            qualifier_tokens = [t.lower_ for t in span if t.dep_ in {"quantmod", "advmod"} and not t.like_num]
            numbers = " ".join(t.text for t in span if t.like_num or t.lower_ in _SCALES)
            value = parse_number(numbers)
            if value is not None:
                return value, (" ".join(qualifier_tokens) or None)
    return None
