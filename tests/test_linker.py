"""Mention linkers: joining the merge's groups of mentions, and a linker that fails."""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Sequence

import pytest
from spacy.tokens import Doc

from negotiation_events import MentionLinker, PluginError, parse_article, register_extractor
from negotiation_events.extractors.base import ArticleContext, Mention
from negotiation_events.extractors.registry import _reset
from negotiation_events.merge import merge_mentions
from negotiation_events.models import Actor, ActorKind, EventDate, Status


def _actor(code: str) -> Actor:
    return Actor(name=code, canonical=code, country=code, kind=ActorKind.STATE, id=code)


def _truce(start: int, codes: Sequence[str], day: dt.date | None = None, status: Status | None = None) -> Mention:
    facts = {"date": EventDate(text=day.isoformat(), start=day, end=day)} if day else {}
    return Mention(
        "ceasefire_proposal",
        "rules.ceasefire.v1",
        start,
        start + 5,
        (start, start + 5),
        "truce",
        "truce",
        status=status,
        roles={"parties": [_actor(c) for c in codes]},
        facts=facts,
    )


class _Fixed:
    """A linker with a fixed answer for every pair (a test double)."""

    name = "test.fixed_linker.v1"

    def __init__(self, answer: object, threshold: object = 0.5) -> None:
        self.answer = answer
        self._threshold = threshold
        self.calls = 0

    @property
    def threshold(self) -> float:
        return self._threshold  # type: ignore[return-value]

    def extract(self, doc: Doc, context: ArticleContext) -> list[Mention]:
        return []

    def same_event(self, first: Sequence[Mention], second: Sequence[Mention]) -> float:
        self.calls += 1
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer  # type: ignore[return-value]


def test_the_merge_joins_groups_the_linker_scores_as_one_event() -> None:
    mentions = [_truce(0, ["ISR", "PSE"], dt.date(2025, 1, 19)), _truce(900, ["ISR", "PSE"], dt.date(2025, 3, 18))]
    assert len(merge_mentions(mentions)) == 2  # different dates: the merge keeps them apart
    linker = _Fixed(0.9)
    assert isinstance(linker, MentionLinker)
    (joined,) = merge_mentions(mentions, linker=linker)
    assert len(joined.evidence) == 2 and linker.calls == 1
    assert len(merge_mentions(mentions, linker=_Fixed(0.2))) == 2


def test_linking_is_greedy_and_never_crosses_types() -> None:
    talks = Mention(
        "talks", "rules.talks.v1", 400, 405, (400, 405), "talks", "talks", roles={"parties": [_actor("ISR")]}
    )
    mentions = [_truce(0, ["ISR"], dt.date(2025, 1, 1)), _truce(900, ["ISR"], dt.date(2025, 6, 1)), talks]
    events = merge_mentions(mentions, linker=_Fixed(1.0))
    assert sorted(e.type for e in events) == ["ceasefire_proposal", "talks"]


TEXT = (
    "Israel and Hamas agreed a truce on January 19, 2025, mediated by Qatar and Egypt.\n\n"
    "The truce between Israel and Hamas collapsed on March 18, 2025, when strikes resumed."
)


@pytest.mark.parametrize(
    ("answer", "threshold", "message"),
    [
        (RuntimeError("boom"), 0.5, "RuntimeError: boom"),
        (1.5, 0.5, "expected a probability"),
        ("yes", 0.5, "expected a probability"),
        (0.5, "high", "expected a number"),
    ],
)
def test_a_broken_linker_is_named_and_skipped_under_skip(answer: object, threshold: object, message: str) -> None:
    register_extractor("test.fixed_linker.v1", lambda: _Fixed(answer, threshold))
    try:
        chosen = ["rules", "test.fixed_linker.v1"]
        with pytest.raises(PluginError, match=message) as caught:
            parse_article(TEXT, published="2025-03-20", extractors=chosen)
        assert caught.value.extractor == "test.fixed_linker.v1"
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            events = parse_article(TEXT, published="2025-03-20", extractors=chosen, on_error="skip")
        assert events == parse_article(TEXT, published="2025-03-20", extractors=["rules"])
        assert any("test.fixed_linker.v1" in str(w.message) for w in seen)
    finally:
        _reset()
