"""Hypothesis strategies for article-like text with known ground truth.

An article is a list of paragraphs. Event paragraphs hold one sentence built from a
template of one of the five event types (several phrasings each) with random states,
places, dates and numbers, between neutral filler sentences; noise paragraphs hold
random symbols (emoji, zero-width joiners, right-to-left marks, control characters).
Every generated event knows its type and the actor codes it must be found with.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

STATES = {
    "Russia": "RUS", "Ukraine": "UKR", "India": "IND", "Pakistan": "PAK", "Armenia": "ARM",
    "Azerbaijan": "AZE", "Iran": "IRN", "Israel": "ISR", "Turkey": "TUR", "Sudan": "SDN",
    "Colombia": "COL", "China": "CHN", "Japan": "JPN", "Brazil": "BRA", "Germany": "DEU",
    "France": "FRA", "Poland": "POL", "Egypt": "EGY", "Serbia": "SRB", "Ethiopia": "ETH",
    "Kenya": "KEN", "Nigeria": "NGA", "Chile": "CHL", "Vietnam": "VNM", "Thailand": "THA",
    "Cambodia": "KHM", "Morocco": "MAR", "Algeria": "DZA", "Canada": "CAN", "Norway": "NOR",
}  # fmt: skip
PLACES = ["Geneva", "Istanbul", "Jeddah", "Sochi", "Montreux", "Lausanne"]
DAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "last week", "on Saturday"]

# (type, template, roles): {a} and {b} are states, {n} a number, {day} a date, {place} a city.
TEMPLATES: list[tuple[str, str, dict[str, tuple[str, ...]]]] = [
    ("talks", "{a} and {b} held peace talks in {place} {day}.", {"parties": ("a", "b")}),
    ("talks", "Negotiators from {a} and {b} met in {place} {day} for a new round of talks.", {"parties": ("a", "b")}),
    ("talks", "Delegations of {a} and {b} opened negotiations in {place} {day}.", {"parties": ("a", "b")}),
    ("prisoner_exchange", "{a} and {b} exchanged {n} prisoners of war {day}.", {"sides": ("a", "b")}),
    (
        "prisoner_exchange",
        "{a} and {b} carried out a prisoner swap {day}, freeing {n} soldiers.",
        {"sides": ("a", "b")},
    ),
    (
        "prisoner_exchange",
        "In a swap {day}, {a} released {n} prisoners and {b} freed {n} captives.",
        {"sides": ("a", "b")},
    ),
    ("ceasefire_proposal", "{a} and {b} agreed to a ceasefire {day}.", {"parties": ("a", "b")}),
    ("ceasefire_proposal", "{a} proposed a {n}-day ceasefire with {b} {day}.", {"parties": ("a", "b")}),
    ("ceasefire_proposal", "A truce between {a} and {b} took effect {day}.", {"parties": ("a", "b")}),
    ("sanction", "{a} imposed new sanctions on {b} {day}.", {"imposers": ("a",), "targets": ("b",)}),
    ("sanction", "{a} announced sanctions against {b} {day}.", {"imposers": ("a",), "targets": ("b",)}),
    ("arms_deal", "{a} delivered {n} tanks to {b} {day}.", {"suppliers": ("a",), "recipients": ("b",)}),
    ("arms_deal", "{a} agreed to sell {n} fighter jets to {b}.", {"suppliers": ("a",), "recipients": ("b",)}),
]
FILLER = [
    "The city council approved a new budget for public libraries.",
    "Rain is expected across the region later in the day.",
    "A local bakery celebrated its fiftieth anniversary with free bread.",
    "Ticket sales for the summer music festival opened this morning.",
    "The museum will extend its opening hours during the holidays.",
    "Researchers published a study on the migration of songbirds.",
    "Traffic on the coastal road was slow because of roadworks.",
    "The school board discussed new bus routes for the autumn term.",
]
NOISE = ["😀", "🙂‍↔️", "\u200d", "\u200b", "\u200f", "\u202e", "\x07", "\x1b", "★", "¶", "§§", "…", "—", "\t"]


@dataclass(frozen=True)
class Truth:
    """A generated event: its type and the actor codes each role must contain."""

    type: str
    roles: dict[str, frozenset[str]]


@dataclass(frozen=True)
class Article:
    """A generated article and the events written into it."""

    paragraphs: tuple[str, ...]
    truths: tuple[Truth, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


filler_sentences = st.sampled_from(FILLER)
noise_paragraphs = st.lists(st.sampled_from(NOISE), min_size=1, max_size=6).map("".join)
filler_paragraphs = st.lists(filler_sentences, min_size=1, max_size=3).map(" ".join)


@st.composite
def event_paragraphs(draw: st.DrawFn, used: set[tuple[str, frozenset[str]]] | None = None) -> tuple[str, Truth]:
    """One paragraph holding one generated event (and maybe filler around it)."""
    kind, template, roles = draw(st.sampled_from(TEMPLATES))
    a, b = draw(st.lists(st.sampled_from(sorted(STATES)), min_size=2, max_size=2, unique=True))
    sentence = template.format(
        a=a,
        b=b,
        n=draw(st.integers(min_value=2, max_value=900)),
        day=draw(st.sampled_from(DAYS)),
        place=draw(st.sampled_from(PLACES)),
    )
    names = {"a": a, "b": b}
    truth = Truth(kind, {role: frozenset(STATES[names[k]] for k in keys) for role, keys in roles.items()})
    before = draw(st.lists(filler_sentences, max_size=1))
    after = draw(st.lists(filler_sentences, max_size=1))
    return " ".join([*before, sentence, *after]), truth


@st.composite
def articles(draw: st.DrawFn, max_events: int = 3, noise: bool = True) -> Article:
    """An article of 1..max_events event paragraphs (distinct types), filler and noise paragraphs."""
    count = draw(st.integers(min_value=1, max_value=max_events))
    events: list[tuple[str, Truth]] = []
    for _ in range(count):
        paragraph, truth = draw(event_paragraphs())
        if all(t.type != truth.type for _, t in events):
            events.append((paragraph, truth))
    extras = draw(st.lists(filler_paragraphs | (noise_paragraphs if noise else filler_paragraphs), max_size=3))
    blocks = [p for p, _ in events] + extras
    order = draw(st.permutations(range(len(blocks))))
    return Article(tuple(blocks[i] for i in order), tuple(t for _, t in events))
