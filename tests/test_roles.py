"""Role rules: mediators, topic names, venues, lists, administrations, and one broker per article."""

from __future__ import annotations

import datetime as dt

import pytest

from negotiation_events import CeasefireProposal, Sanction, Talks, parse_article
from negotiation_events.extractors.rules.engine import names_topic
from negotiation_events.extractors.rules.mediators import separate
from negotiation_events.merge import _share_mediators
from negotiation_events.models import Actor, ActorKind, Evidence
from negotiation_events.normalise.actors import ActorMention, load_gazetteer
from negotiation_events.normalise.sources import Organisation
from negotiation_events.pipeline import get_pipeline


def _one(text: str, kind: type, published: str = "2025-03-10") -> object:
    found = [e for e in parse_article(text, published=published) if isinstance(e, kind)]
    assert len(found) == 1, found
    return found[0]


def _codes(actors: list[Actor]) -> set[str | None]:
    return {a.country for a in actors}


@pytest.mark.parametrize(
    ("text", "mediators", "parties"),
    [
        ("Armenia skipped an EU-hosted meeting with Azerbaijan in Granada.", {"EU"}, {"ARM", "AZE"}),
        (
            "After a week of African Union-led negotiations, Ethiopia and the TPLF signed a deal.",
            {"AU"},
            set(),
        ),
        ("Qatari-mediated negotiations between Chad and the rebels closed in Doha.", {"QAT"}, {"TCD"}),
        (
            "Turkish officials, who hosted the round, said talks between Pakistan and Afghanistan would go on.",
            {"TUR"},
            {"PAK", "AFG"},
        ),
        ("The mediators Qatar and Egypt said talks between Israel and Hamas would resume.", {"QAT", "EGY"}, None),
    ],
)
def test_mediators_from_syntax(text: str, mediators: set[str], parties: set[str] | None) -> None:
    talks = _one(text, Talks)
    assert isinstance(talks, Talks)
    assert mediators <= _codes(talks.mediators)
    if parties is not None:
        assert parties <= _codes(talks.parties)
    assert not _codes(talks.parties) & _codes(talks.mediators)


def test_a_ceasefire_brokered_with_a_hyphen() -> None:
    truce = _one("A US-brokered truce between the SDF and the factions broke down within days.", CeasefireProposal)
    assert isinstance(truce, CeasefireProposal)
    assert _codes(truce.mediators) == {"USA"}
    assert "USA" not in _codes(truce.parties)


def test_an_organisation_that_mediates_is_never_a_party() -> None:
    talks = _one("Cypriot leaders held a meeting with the United Nations in Geneva on Tuesday.", Talks)
    assert isinstance(talks, Talks)
    assert "UN" in _codes(talks.mediators) and "UN" not in _codes(talks.parties)
    gazetteer = load_gazetteer()
    assert {"UN", "AU", "OSCE", "ICRC"} <= gazetteer.mediating
    assert "EU" not in gazetteer.mediating and "NATO" not in gazetteer.mediating  # they also sit at tables


def test_mediates_is_validated() -> None:
    assert Organisation(code="UN", canonical="United Nations", names=["UN"], mediates=True).mediates
    with pytest.raises(ValueError, match="mediates"):
        Organisation(code="UN", canonical="United Nations", names=["UN"], mediates="sometimes")  # type: ignore[arg-type]


def test_separate_moves_mediating_organisations_and_duplicates() -> None:
    doc = get_pipeline()("Russia and Ukraine met the UN and Turkey.")
    found = {doc[m.start : m.end].text: m for m in load_gazetteer().find(doc)}
    parties, mediators = separate([found["Russia"], found["Ukraine"], found["UN"], found["Turkey"]], [found["Turkey"]])
    assert [doc[p.start : p.end].text for p in parties] == ["Russia", "Ukraine"]
    assert {m.entry.country for m in mediators} == {"TUR", "UN"}


@pytest.mark.parametrize(
    ("text", "imposers", "targets"),
    [
        ("The Security Council adopted Haiti sanctions on Monday.", {"UN"}, {"HTI"}),
        ("US sanctions on Iran were tightened on Monday.", {"USA"}, {"IRN"}),
        ("The EU imposed new sanctions on Belarus.", {"EU"}, {"BLR"}),
        ("Russia was hit with sanctions by the EU.", {"EU"}, {"RUS"}),
    ],
)
def test_sanction_sides(text: str, imposers: set[str], targets: set[str]) -> None:
    sanction = _one(text, Sanction)
    assert isinstance(sanction, Sanction)
    assert imposers <= _codes(sanction.imposers)
    assert _codes(sanction.targets) == targets


def test_taking_a_state_off_a_list_lifts_a_sanction_on_it() -> None:
    sanction = _one("Washington will take Cuba off the list of state sponsors of terrorism.", Sanction)
    assert isinstance(sanction, Sanction)
    assert _codes(sanction.targets) == {"CUB"} and _codes(sanction.imposers) == {"USA"}
    assert sanction.action == "lift"
    added = _one("The Commerce Department added 12 Chinese firms to its Entity List.", Sanction)
    assert isinstance(added, Sanction)
    assert _codes(added.targets) == {"CHN"} and added.action == "impose"


def test_full_names_name_the_topic_abbreviations_the_agent() -> None:
    doc = get_pipeline()("Iran sanctions, US sanctions, British sanctions and Kremlin sanctions.")
    by_text = {doc[m.start : m.end].text: m for m in load_gazetteer().find(doc)}
    assert names_topic(by_text["Iran"], doc)
    assert not names_topic(by_text["US"], doc)
    assert not names_topic(by_text["British"], doc)
    assert not names_topic(by_text["Kremlin"], doc)


def test_a_capital_before_the_talks_is_the_venue() -> None:
    talks = _one("The Cairo meetings between Israel and Hamas on Saturday ended without a deal.", Talks)
    assert isinstance(talks, Talks)
    assert "EGY" not in _codes(talks.parties)
    assert {"ISR", "PSE"} <= _codes(talks.parties)


def test_an_administration_is_its_leaders_state_whatever_the_date() -> None:
    truce = _one(
        "Meanwhile, the Biden administration has called for an unconditional cease-fire in Ukraine.",
        CeasefireProposal,
        published="2025-07-28",
    )
    assert isinstance(truce, CeasefireProposal)
    assert truce.proposer is not None and truce.proposer.country == "USA"
    biden = load_gazetteer().lookup("Joe Biden", on=dt.date(2025, 7, 28))
    assert biden is not None and biden.country is None  # out of office: a former president speaks for nobody
    assert biden.government().country == "USA"


def _actor(code: str) -> Actor:
    return Actor(name=code, canonical=code, country=code, kind=ActorKind.STATE, id=code)


def _talks(start: int, parties: list[str], mediators: list[str]) -> Talks:
    evidence = Evidence(
        text="talks",
        start=start,
        end=start + 5,
        sentence=(start, start + 5),
        trigger="talks",
        extractor="rules.talks.v1",
    )
    return Talks(
        status="occurred",
        evidence=[evidence],
        confidence=0.9,
        extractors=["rules.talks.v1"],
        parties=[_actor(c) for c in parties],
        mediators=[_actor(c) for c in mediators],
    )


def test_one_broker_per_article() -> None:
    brokered = _talks(0, ["ISR", "PSE"], ["QAT"])
    with_host = _talks(10, ["ISR", "PSE", "QAT"], [])
    unbrokered = _talks(20, ["ISR", "PSE"], [])
    out = _share_mediators([brokered, with_host, unbrokered])
    assert [_codes(e.parties) for e in out if isinstance(e, Talks)] == [{"ISR", "PSE"}] * 3
    assert [_codes(e.mediators) for e in out if isinstance(e, Talks)] == [{"QAT"}] * 3


def test_a_broker_elsewhere_stays_a_party_of_its_own_two_sided_talks() -> None:
    brokered = _talks(0, ["RUS", "UKR"], ["USA"])
    summit = _talks(10, ["RUS", "USA"], [])
    out = _share_mediators([brokered, summit])
    assert isinstance(out[1], Talks)
    assert _codes(out[1].parties) == {"RUS", "USA"} and not out[1].mediators


def test_mediators_are_not_shared_when_the_article_names_two_sets() -> None:
    first = _talks(0, ["ISR", "PSE"], ["QAT"])
    second = _talks(10, ["ISR", "PSE"], ["EGY"])
    bare = _talks(20, ["ISR", "PSE"], [])
    out = _share_mediators([first, second, bare])
    assert isinstance(out[2], Talks) and not out[2].mediators


def test_mention_roles_of_actor_mentions_are_typed() -> None:
    doc = get_pipeline()("Qatar mediated.")
    (qatar,) = load_gazetteer().find(doc)
    assert isinstance(qatar, ActorMention) and qatar.entry.country == "QAT"
