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


STATES = [
    "Russia",
    "Ukraine",
    "India",
    "Pakistan",
    "Armenia",
    "Azerbaijan",
    "Iran",
    "Qatar",
    "Turkey",
    "Sudan",
    "Colombia",
    "Venezuela",
    "Egypt",
    "Ethiopia",
    "Serbia",
    "Kosovo",
]
CODES = {
    "Russia": "RUS",
    "Ukraine": "UKR",
    "India": "IND",
    "Pakistan": "PAK",
    "Armenia": "ARM",
    "Azerbaijan": "AZE",
    "Iran": "IRN",
    "Qatar": "QAT",
    "Turkey": "TUR",
    "Sudan": "SDN",
    "Colombia": "COL",
    "Venezuela": "VEN",
    "Egypt": "EGY",
    "Ethiopia": "ETH",
    "Serbia": "SRB",
    "Kosovo": "XKX",
}
ROLE_TEMPLATES = [
    "{a} and {b} held talks in Geneva on Monday.",
    "{a} imposed new sanctions on {b}.",
    "{a} and {b} exchanged 120 prisoners of war.",
    "{a} delivered artillery shells to {b}.",
]


def _role_codes(events: list) -> list:  # type: ignore[type-arg]
    out = []
    for event in events:
        record = event.model_dump(mode="json")
        for role in ("parties", "mediators", "sides", "imposers", "targets", "suppliers", "recipients"):
            out.append((event.type, role, sorted(a["country"] for a in record.get(role) or [])))
    return out


@given(st.sampled_from(ROLE_TEMPLATES), st.lists(st.sampled_from(STATES), min_size=3, max_size=3, unique=True))
def test_renaming_a_state_changes_exactly_its_code(template: str, states: list[str]) -> None:
    a, b, c = states
    before = parse_article(template.format(a=a, b=b), published="2025-06-02")
    after = parse_article(template.format(a=c, b=b), published="2025-06-02")
    assert [e.type for e in before] == [e.type for e in after]
    swap = {CODES[a]: CODES[c]}
    expected = [(t, r, sorted(swap.get(x, x) for x in codes)) for t, r, codes in _role_codes(before)]
    assert _role_codes(after) == expected


NEGATABLE = [
    ("{a} and {b} agreed to a ceasefire.", "{a} and {b} did not agree to a ceasefire."),
    ("{a} and {b} held talks in Doha.", "{a} and {b} did not hold talks in Doha."),
    ("{a} accepted a truce with {b}.", "{a} refused a truce with {b}."),
]


@given(st.sampled_from(NEGATABLE), st.lists(st.sampled_from(STATES), min_size=2, max_size=2, unique=True))
def test_a_negation_cue_flips_a_positive_status(pair: tuple[str, str], states: list[str]) -> None:
    positive, negative = (t.format(a=states[0], b=states[1]) for t in pair)
    (event,) = parse_article(positive)
    flipped = parse_article(negative)
    assert event.status.value in {"agreed", "occurred", "planned"}
    assert flipped and (flipped[0].status.value in {"failed", "rejected"} or flipped[0].negated)
