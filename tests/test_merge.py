"""Merging synthetic mentions: no spaCy model needed."""

from __future__ import annotations

from typing import Any

from negotiation_events.extractors.base import Mention
from negotiation_events.merge import merge_mentions
from negotiation_events.models import Actor, Place, Status


def _actor(code: str) -> Actor:
    return Actor(name=code, canonical=code, country=code)


def _mention(
    start: int,
    kind: str = "talks",
    status: Status | None = Status.OCCURRED,
    novelty: Any = None,
    anaphoric: bool = False,
    cue: str | None = "held",
    **roles_and_facts: Any,
) -> Mention:
    roles = {k: [_actor(c) for c in v] for k, v in roles_and_facts.items() if isinstance(v, list)}
    facts = {k: v for k, v in roles_and_facts.items() if not isinstance(v, list)}
    return Mention(
        type=kind,
        extractor="test.v1",
        start=start,
        end=start + 5,
        sentence=(start, start + 20),  # type: ignore[arg-type]
        trigger="talks",
        text="xxxxx",
        status=status,
        status_cue=cue,
        roles=roles,
        facts=facts,
        novelty=novelty,
        anaphoric=anaphoric,
        score=0.8,
    )


def test_compatible_mentions_merge_into_one_event() -> None:
    events = merge_mentions(
        [_mention(0, parties=["UKR", "RUS"]), _mention(50, parties=["UKR"]), _mention(100, anaphoric=True)]
    )
    assert len(events) == 1
    assert [e.start for e in events[0].evidence] == [0, 50, 100]
    assert {a.country for a in events[0].parties} == {"UKR", "RUS"}  # type: ignore[union-attr]


def test_different_party_sets_stay_apart() -> None:
    events = merge_mentions([_mention(0, parties=["UKR", "RUS"]), _mention(50, parties=["RUS", "TUR"])])
    assert len(events) == 2


def test_past_and_new_stay_apart() -> None:
    events = merge_mentions(
        [
            _mention(0, parties=["UKR", "RUS"], novelty="past"),
            _mention(50, parties=["UKR", "RUS"], status=Status.PROPOSED, cue="proposed"),
        ]
    )
    assert [e.status for e in events] == [Status.OCCURRED, Status.PROPOSED]


def test_different_places_stay_apart() -> None:
    events = merge_mentions(
        [
            _mention(0, parties=["UKR", "RUS"], location=Place(name="Istanbul")),
            _mention(50, parties=["UKR", "RUS"], location=Place(name="Riyadh")),
        ]
    )
    assert len(events) == 2


def test_anaphoric_mention_alone_creates_nothing() -> None:
    assert merge_mentions([_mention(0, anaphoric=True)]) == []


def test_majority_status_and_dyad_completion() -> None:
    events = merge_mentions(
        [
            _mention(0, kind="prisoner_exchange", sides=["UKR"]),
            _mention(30, kind="prisoner_exchange", status=Status.OCCURRED),
            _mention(60, kind="prisoner_exchange", status=Status.PLANNED),
        ],
        dyad=("UKR", "RUS"),
    )
    assert len(events) == 1
    assert events[0].status is Status.OCCURRED
    assert {a.country for a in events[0].sides} == {"UKR", "RUS"}  # type: ignore[union-attr]


def test_merge_is_independent_of_input_order() -> None:
    mentions = [
        _mention(0, parties=["UKR", "RUS"]),
        _mention(50, parties=["RUS", "TUR"]),
        _mention(90, parties=["UKR"]),
    ]
    forward = merge_mentions(mentions)
    backward = merge_mentions(list(reversed(mentions)))
    assert forward == backward


def test_a_meeting_held_and_one_still_to_come_stay_apart() -> None:
    held = _mention(0, parties=["ARM", "AZE"], status=Status.OCCURRED, cue="met")
    again = _mention(60, parties=["ARM", "AZE"], status=Status.PROPOSED, cue="could", novelty="new")
    assert len(merge_mentions([held, again])) == 2
    resumed = _mention(60, parties=["ARM", "AZE"], status=Status.OCCURRED, cue="resumed", novelty="new")
    assert len(merge_mentions([held, resumed])) == 1


def test_a_scheduled_meeting_with_its_own_date_is_not_the_one_held() -> None:
    from negotiation_events.models import EventDate

    held = _mention(0, parties=["LBY"], status=Status.OCCURRED, cue="held")
    dated = EventDate(text="November 9", start="2020-11-09", end="2020-11-09")  # type: ignore[arg-type]
    scheduled = _mention(60, parties=["LBY"], status=Status.PLANNED, cue="plans", date=dated)
    assert [e.status for e in merge_mentions([held, scheduled])] == [Status.OCCURRED, Status.PLANNED]
    placed = _mention(60, parties=["LBY"], status=Status.PLANNED, cue="plans", location=Place(name="Tunis"))
    assert len(merge_mentions([held, placed])) == 2
    # a plan that says nothing of its own (no date, no place) is how the held meeting was announced
    bare = _mention(60, parties=["LBY"], status=Status.PLANNED, cue="scheduled")
    assert len(merge_mentions([held, bare])) == 1
    # a date read off the whole sentence (weak) does not make it another meeting
    weak = _mention(60, parties=["LBY"], status=Status.PLANNED, cue="plans", date=dated, weak_date=True)
    assert len(merge_mentions([held, weak])) == 1


def test_truces_or_talks_brokered_by_different_mediators_are_different_events() -> None:
    for kind in ("ceasefire_proposal", "talks"):
        by_russia = _mention(0, kind=kind, parties=["ARM", "AZE"], mediators=["RUS"], status=Status.FAILED, cue="x")
        by_us = _mention(60, kind=kind, parties=["ARM", "AZE"], mediators=["USA"], status=Status.FAILED, cue="x")
        assert len(merge_mentions([by_russia, by_us])) == 2, kind
        joined = _mention(60, kind=kind, parties=["ARM"], mediators=["RUS"], status=Status.FAILED, cue="x")
        assert len(merge_mentions([by_russia, joined])) == 1, kind
