"""Properties over generated articles whose events are known (see ``tests/strategies.py``).

Run with the ``ci`` hypothesis profile by default (100 derandomized examples per property)
or ``NEGOTIATION_EVENTS_HYPOTHESIS=deep`` (2,000 random examples per property).
"""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from collections import Counter
from typing import Any

import jsonschema
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import ROOT
from tests.strategies import Article, articles, filler_paragraphs, noise_paragraphs

from negotiation_events import Event, EventListAdapter, NonEnglishTextWarning, parse_article

PUBLISHED = "2025-06-18"
SCHEMA = EventListAdapter.json_schema(mode="serialization")
ROLE_FIELDS = ("parties", "mediators", "sides", "imposers", "targets", "suppliers", "recipients")


def _parse(text: str) -> list[Event]:
    return parse_article(text, published=PUBLISHED)


def _signature(event: Event) -> tuple[Any, ...]:
    """What an event says, without where in the text it was said."""
    data = event.model_dump(mode="json", exclude={"evidence", "history"})
    roles = tuple(sorted((f, tuple(sorted(a["country"] for a in data.get(f) or []))) for f in ROLE_FIELDS if f in data))
    facts = tuple(sorted((k, json.dumps(v, sort_keys=True)) for k, v in data.items() if k not in ROLE_FIELDS))
    return (event.type, roles, facts)


def _codes(event: Event, role: str) -> set[str]:
    return {a.country for a in getattr(event, role, []) or [] if a.country}


@given(articles())
def test_every_generated_event_is_found_with_its_actors(article: Article) -> None:
    events = _parse(article.text)
    for truth in article.truths:
        assert any(
            e.type == truth.type and all(codes <= _codes(e, role) for role, codes in truth.roles.items())
            for e in events
        ), (truth, [(e.type, _signature(e)) for e in events], article.text)


@given(st.lists(filler_paragraphs | noise_paragraphs, min_size=1, max_size=5).map("\n\n".join))
def test_filler_and_noise_alone_yield_nothing(text: str) -> None:
    assert _parse(text) == []


@given(articles())
def test_evidence_points_into_the_text_and_output_validates(article: Article) -> None:
    text = article.text
    events = _parse(text)
    for event in events:
        for evidence in event.evidence:
            assert text[evidence.start : evidence.end] == evidence.text
            assert evidence.sentence[0] <= evidence.start < evidence.end <= evidence.sentence[1]
    payload = EventListAdapter.dump_json(events)
    assert EventListAdapter.validate_json(payload) == events
    jsonschema.validate(json.loads(payload), SCHEMA)
    assert EventListAdapter.dump_json(_parse(text)) == payload  # same input, same output


@given(articles(), st.data())
def test_inserting_unrelated_paragraphs_changes_nothing_but_offsets(article: Article, data: st.DataObject) -> None:
    paragraphs = list(article.paragraphs)
    position = data.draw(st.integers(min_value=0, max_value=len(paragraphs)), label="position")
    inserted = data.draw(filler_paragraphs | noise_paragraphs, label="inserted")
    before = _parse(article.text)
    after = _parse("\n\n".join([*paragraphs[:position], inserted, *paragraphs[position:]]))
    assert [_signature(e) for e in before] == [_signature(e) for e in after]
    cut = len("\n\n".join(paragraphs[:position])) + (2 if position else 0)  # where the new paragraph starts
    shift = len(inserted) + 2
    for old, new in zip(before, after, strict=True):
        moved = [
            (e.start + (shift if e.start >= cut else 0), e.end + (shift if e.start >= cut else 0)) for e in old.evidence
        ]
        assert moved == [(e.start, e.end) for e in new.evidence]


@given(articles(), st.randoms(use_true_random=False))
def test_permuting_paragraphs_gives_the_same_events(article: Article, rng: Any) -> None:
    paragraphs = list(article.paragraphs)
    rng.shuffle(paragraphs)
    assert Counter(map(_signature, _parse(article.text))) == Counter(map(_signature, _parse("\n\n".join(paragraphs))))


@given(articles(), st.data())
def test_duplicating_a_paragraph_adds_no_event(article: Article, data: st.DataObject) -> None:
    paragraphs = list(article.paragraphs)
    index = data.draw(st.integers(min_value=0, max_value=len(paragraphs) - 1), label="index")
    doubled = "\n\n".join([*paragraphs[: index + 1], paragraphs[index], *paragraphs[index + 1 :]])
    assert len(_parse(doubled)) == len(_parse(article.text))


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=600))
def test_arbitrary_unicode_returns_a_list(text: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NonEnglishTextWarning)
        events = parse_article(text)
    assert isinstance(events, list)
    for event in events:
        for evidence in event.evidence:
            assert text[evidence.start : evidence.end] == evidence.text


def test_output_is_identical_across_processes() -> None:
    """The same articles give byte-identical JSON in a fresh interpreter."""
    import random

    from tests.strategies import DAYS, FILLER, PLACES, STATES, TEMPLATES

    rng = random.Random(7)
    texts = []
    for _ in range(12):
        _kind, template, _roles = rng.choice(TEMPLATES)
        a, b = rng.sample(sorted(STATES), 2)
        sentence = template.format(a=a, b=b, n=rng.randint(2, 900), day=rng.choice(DAYS), place=rng.choice(PLACES))
        texts.append(f"{rng.choice(FILLER)}\n\n{sentence}")
    here = [EventListAdapter.dump_json(_parse(t)).decode() for t in texts]
    script = (
        "import json, sys\n"
        "from negotiation_events import EventListAdapter, parse_article\n"
        "texts = json.load(sys.stdin)\n"
        f"out = [EventListAdapter.dump_json(parse_article(t, published={PUBLISHED!r})).decode() for t in texts]\n"
        "print(json.dumps(out))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], input=json.dumps(texts), capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert json.loads(result.stdout) == here
