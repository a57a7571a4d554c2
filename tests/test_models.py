import datetime as dt
import json

import pytest
from pydantic import ValidationError

from negotiation_events import (
    Actor,
    ArmsDeal,
    CeasefireProposal,
    EventDate,
    EventListAdapter,
    Evidence,
    PrisonerExchange,
    Status,
    Talks,
)


def _evidence(start: int = 0, end: int = 5) -> Evidence:
    return Evidence(text="x" * (end - start), start=start, end=end, sentence=(0, 20), trigger="talks", extractor="t")


def test_discriminated_union_round_trip() -> None:
    events = [
        Talks(
            status=Status.OCCURRED,
            evidence=[_evidence()],
            parties=[Actor(name="Kyiv", canonical="Ukraine", country="UKR")],
        ),
        PrisonerExchange(status=Status.OCCURRED, evidence=[_evidence()], count=500, category="pows"),
        CeasefireProposal(status=Status.PROPOSED, evidence=[_evidence()], duration="P30D", unconditional=True),
        ArmsDeal(status=Status.PLANNED, evidence=[_evidence()], weapons=["Patriot"]),
    ]
    payload = EventListAdapter.dump_json(events)
    back = EventListAdapter.validate_json(payload)
    assert back == events
    assert [e.type for e in back] == ["talks", "prisoner_exchange", "ceasefire_proposal", "arms_deal"]


def test_events_are_frozen() -> None:
    event = Talks(status=Status.OCCURRED, evidence=[_evidence()])
    with pytest.raises(ValidationError):
        event.status = Status.FAILED  # type: ignore[misc]


def test_unknown_type_and_status_are_rejected() -> None:
    with pytest.raises(ValidationError):
        EventListAdapter.validate_python([{"type": "coup", "status": "occurred", "evidence": []}])
    with pytest.raises(ValidationError):
        EventListAdapter.validate_python([{"type": "talks", "status": "maybe", "evidence": [_evidence().model_dump()]}])


def test_evidence_must_sit_inside_its_sentence() -> None:
    with pytest.raises(ValidationError):
        Evidence(text="abc", start=30, end=33, sentence=(0, 20), trigger="t", extractor="x")


def test_event_needs_evidence_and_bounded_confidence() -> None:
    with pytest.raises(ValidationError):
        Talks(status=Status.OCCURRED, evidence=[])
    with pytest.raises(ValidationError):
        Talks(status=Status.OCCURRED, evidence=[_evidence()], confidence=1.5)


def test_event_date_interval_is_ordered() -> None:
    EventDate(text="next week", start=dt.date(2025, 7, 21), end=dt.date(2025, 7, 27), granularity="week")
    with pytest.raises(ValidationError):
        EventDate(text="x", start=dt.date(2025, 7, 27), end=dt.date(2025, 7, 21))
    with pytest.raises(ValidationError):
        EventDate(text="x", start=dt.date(2025, 7, 27))


def test_json_schema_names_every_type() -> None:
    schema = json.dumps(EventListAdapter.json_schema())
    for name in ("Talks", "PrisonerExchange", "CeasefireProposal", "Sanction", "ArmsDeal"):
        assert name in schema
