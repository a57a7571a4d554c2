"""Property-based tests: invariants that hold for any input."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from negotiation_events import EventListAdapter, parse_article

ACTORS = [
    "Russia",
    "Ukraine",
    "Israel",
    "Hamas",
    "India",
    "Pakistan",
    "Armenia",
    "Azerbaijan",
    "Iran",
    "the United States",
    "Qatar",
    "Turkey",
    "Sudan",
    "Colombia",
    "China",
    "the European Union",
]
TEMPLATES = [
    "{a} and {b} held talks in Doha on Tuesday.",
    "{a} proposed a 30-day ceasefire with {b}.",
    "{a} and {b} exchanged 120 prisoners of war last week.",
    "{a} imposed new sanctions on {b}.",
    "{a} delivered HIMARS launchers to {b}.",
    "Officials said the weather was mild and markets were calm.",
    "The two sides traded accusations over the weekend.",
]

sentences = st.builds(
    lambda t, a, b: t.format(a=a, b=b), st.sampled_from(TEMPLATES), st.sampled_from(ACTORS), st.sampled_from(ACTORS)
)
articles = st.lists(st.lists(sentences, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=4).map("\n".join)


@given(articles, st.dates().map(lambda d: d.isoformat()) | st.none())
def test_evidence_offsets_point_at_the_evidence(text: str, published: str | None) -> None:
    for event in parse_article(text, published=published):
        for evidence in event.evidence:
            assert text[evidence.start : evidence.end] == evidence.text
            assert evidence.sentence[0] <= evidence.start <= evidence.end <= evidence.sentence[1]


@given(articles)
def test_json_round_trip_and_determinism(text: str) -> None:
    events = parse_article(text, published="2025-05-16")
    payload = EventListAdapter.dump_json(events)
    assert EventListAdapter.validate_json(payload) == events
    assert EventListAdapter.dump_json(parse_article(text, published="2025-05-16")) == payload
    json.loads(payload)


@given(st.text(max_size=400))
def test_any_string_gives_a_list(text: str) -> None:
    events = parse_article(text)
    assert isinstance(events, list)
    for event in events:
        for evidence in event.evidence:
            assert text[evidence.start : evidence.end] == evidence.text


@given(st.lists(st.sampled_from(TEMPLATES[-2:]), min_size=1, max_size=6).map(" ".join))
def test_filler_alone_yields_no_events(text: str) -> None:
    assert parse_article(text, published="2025-01-01") == []
