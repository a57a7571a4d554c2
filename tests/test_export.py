"""events_to_records / events_to_dataframe: one flat row per event, same columns for every type."""

from __future__ import annotations

import json
import sys

import pytest
from tests.conftest import ROOT

from negotiation_events import (
    Actor,
    CeasefireProposal,
    Evidence,
    InvalidInputError,
    MissingDependencyError,
    Sanction,
    Status,
    events_to_dataframe,
    events_to_records,
    parse_article,
)
from negotiation_events.export import RECORD_COLUMNS, ROLE_FIELDS

EU = Actor(name="Brussels", canonical="European Union", country="EU", kind="organisation")
IRN = Actor(name="Tehran", canonical="Iran", country="IRN")
HOUTHIS = Actor(name="the Houthis", canonical="Houthis", kind="group")


def _evidence() -> list[Evidence]:
    return [Evidence(text="sanctions", start=4, end=13, sentence=(0, 40), trigger="sanctions", extractor="t")]


@pytest.fixture(scope="module")
def seed_events():  # type: ignore[no-untyped-def]
    out = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        out.append((path.stem, parse_article(path.read_text(encoding="utf-8"))))
    return out


def test_one_row_per_event_with_the_same_columns(seed_events) -> None:  # type: ignore[no-untyped-def]
    types = set()
    for name, events in seed_events:
        rows = events_to_records(events, article_id=name)
        assert len(rows) == len(events)
        for row, event in zip(rows, events, strict=True):
            assert tuple(row) == RECORD_COLUMNS
            assert row["article_id"] == name and row["type"] == event.type and row["cameo"] == event.cameo
            assert (row["evidence_start"], row["evidence_end"]) == (event.evidence[0].start, event.evidence[0].end)
            json.dumps(row)  # JSON-ready
            types.add(event.type)
    assert len(types) >= 4


def test_roles_are_flattened_in_order_and_absent_roles_are_none() -> None:
    event = Sanction(
        status=Status.OCCURRED, evidence=_evidence(), imposers=[EU], targets=[IRN, HOUTHIS], measures=["asset freeze"]
    )
    row = events_to_records([event])[0]
    assert row["imposers"] == "European Union" and row["imposers_codes"] == "EU"
    assert row["targets"] == "Iran; Houthis" and row["targets_codes"] == "IRN; ?"
    assert row["measures"] == "asset freeze" and row["action"] == "impose"
    assert row["parties"] is None and row["count"] is None  # not fields of a sanction
    assert row["plover_category"] == "SANCTION"


def test_single_actor_roles() -> None:
    event = CeasefireProposal(status=Status.PROPOSED, evidence=_evidence(), proposer=IRN, duration="P30D")
    row = events_to_records([event])[0]
    assert (row["proposer"], row["proposer_codes"], row["duration"]) == ("Iran", "IRN", "P30D")
    assert row["parties"] is None  # an empty role is None, not ""
    assert all(f"{role}_codes" in row for role in ROLE_FIELDS)


def test_dataframe(seed_events) -> None:  # type: ignore[no-untyped-def]
    events = [e for _, evs in seed_events for e in evs]
    frame = events_to_dataframe(events)
    assert list(frame.columns) == list(RECORD_COLUMNS)
    assert len(frame) == len(events)
    assert str(frame["date_start"].dtype).startswith("datetime64")
    empty = events_to_dataframe([])
    assert list(empty.columns) == list(RECORD_COLUMNS) and len(empty) == 0


def test_dataframe_without_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingDependencyError, match=r"negotiation-events\[pandas\]"):
        events_to_dataframe([])


@pytest.mark.parametrize("bad", ["talks", 3, [{"type": "talks"}]])
def test_bad_input_is_named(bad: object) -> None:
    with pytest.raises(InvalidInputError, match="events must"):
        events_to_records(bad)  # type: ignore[arg-type]
