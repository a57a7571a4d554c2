"""CAMEO / PLOVER codes: the table is complete and valid, the docs show it, events carry it."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import ROOT

from negotiation_events import (
    Actor,
    ArmsDeal,
    CeasefireProposal,
    EventListAdapter,
    Evidence,
    Place,
    PrisonerExchange,
    Sanction,
    Status,
    Talks,
)
from negotiation_events.codes import CODE_TABLE, PLOVER_CATEGORIES, _markdown_table, codes_for
from negotiation_events.extractors.base import EVENT_TYPES

UKR = Actor(name="Kyiv", canonical="Ukraine", country="UKR")
RUS = Actor(name="Moscow", canonical="Russia", country="RUS")


def _evidence(trigger: str = "talks") -> list[Evidence]:
    return [Evidence(text="x" * 5, start=0, end=5, sentence=(0, 20), trigger=trigger, extractor="t")]


def test_every_type_and_status_has_a_default_row() -> None:
    for kind in EVENT_TYPES:
        for status in Status:
            cameo, plover = codes_for(kind, status.value)
            assert re.fullmatch(r"(0[1-9]|1[0-9]|20)\d{1,2}", cameo), (kind, status, cameo)
            assert plover.category in PLOVER_CATEGORIES


def test_rows_are_unique_and_valid() -> None:
    keys = [(r.type, r.status, r.variant) for r in CODE_TABLE]
    assert len(keys) == len(set(keys))
    statuses = {s.value for s in Status}
    for row in CODE_TABLE:
        assert row.type in EVENT_TYPES and row.status in statuses
        assert row.cameo_label
        # each variant row refines a default row of the same type and status
        assert (row.type, row.status, "") in set(keys)


def test_cameo_roots_agree_with_plover_categories() -> None:
    """The CAMEO root (two digits) and the PLOVER category tell the same story."""
    by_root = {
        "03": {"AGREE"},
        "04": {"CONSULT"},
        "05": {"AGREE"},
        "06": {"COOPERATE"},
        "07": {"AID"},
        "08": {"RETREAT", "CONCEDE"},
        "12": {"REJECT"},
        "13": {"THREATEN"},
        "16": {"SANCTION", "REJECT"},
        "19": {"ASSAULT"},
    }
    for row in CODE_TABLE:
        assert row.plover.category in by_root[row.cameo[:2]], row


@pytest.mark.parametrize(
    ("event", "cameo", "category", "mode"),
    [
        (Talks(status=Status.PROPOSED, evidence=_evidence()), "036", "AGREE", None),
        (Talks(status=Status.OCCURRED, evidence=_evidence(), parties=[UKR, RUS]), "046", "CONSULT", None),
        (
            Talks(
                status=Status.OCCURRED,
                evidence=_evidence(),
                parties=[UKR, RUS],
                location=Place(name="Istanbul", country="TUR"),
            ),
            "044",
            "CONSULT",
            "third-party",
        ),
        (
            Talks(
                status=Status.OCCURRED,
                evidence=_evidence("visit"),
                parties=[UKR, RUS],
                location=Place(name="Kyiv", country="UKR"),
            ),
            "043",
            "CONSULT",
            "host",
        ),
        (
            Talks(status=Status.OCCURRED, evidence=_evidence("phone call"), parties=[UKR, RUS]),
            "041",
            "CONSULT",
            "phone",
        ),
        (Talks(status=Status.REJECTED, evidence=_evidence()), "125", "REJECT", None),
        (PrisonerExchange(status=Status.OCCURRED, evidence=_evidence("swap")), "0841", "RETREAT", "release"),
        (CeasefireProposal(status=Status.OCCURRED, evidence=_evidence("truce")), "0871", "RETREAT", "ceasefire"),
        (CeasefireProposal(status=Status.REJECTED, evidence=_evidence("truce")), "1246", "REJECT", None),
        (Sanction(status=Status.OCCURRED, evidence=_evidence("sanctions")), "163", "SANCTION", None),
        (Sanction(status=Status.THREATENED, evidence=_evidence("sanctions")), "1312", "THREATEN", None),
        (Sanction(status=Status.OCCURRED, evidence=_evidence("sanctions"), action="lift"), "085", "CONCEDE", None),
        (ArmsDeal(status=Status.OCCURRED, evidence=_evidence("military aid")), "072", "AID", "military"),
        (ArmsDeal(status=Status.OCCURRED, evidence=_evidence("sale")), "062", "COOPERATE", "military"),
    ],
)
def test_events_carry_their_codes(event, cameo, category, mode) -> None:  # type: ignore[no-untyped-def]
    assert event.cameo == cameo
    assert (event.plover.category, event.plover.mode) == (category, mode)
    dumped = json.loads(event.model_dump_json())
    assert dumped["cameo"] == cameo and dumped["plover"] == {"category": category, "mode": mode}


def test_derived_codes_are_ignored_on_input_and_recomputed() -> None:
    event = Talks(status=Status.OCCURRED, evidence=_evidence(), parties=[UKR, RUS])
    payload = event.model_dump(mode="json")
    payload["status"] = "rejected"  # an edited record cannot keep a stale code
    back = Talks.model_validate(payload)
    assert back.cameo == "125"
    assert EventListAdapter.validate_json(EventListAdapter.dump_json([event])) == [event]


@given(st.sampled_from(EVENT_TYPES), st.sampled_from(list(Status)), st.text(max_size=12))
def test_unknown_variants_fall_back_to_the_default(kind: str, status: Status, variant: str) -> None:
    assert codes_for(kind, status.value, variant=variant)[0] in {r.cameo for r in CODE_TABLE}


def test_unknown_type_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        codes_for("coup", "occurred")


def test_docs_page_shows_the_table() -> None:
    page = (ROOT / "docs" / "codes.md").read_text(encoding="utf-8")
    shown = page.split("<!-- codes-table -->")[1].split("<!-- /codes-table -->")[0].strip()
    assert shown == _markdown_table(), "docs/codes.md is out of date: paste codes._markdown_table() into it"
