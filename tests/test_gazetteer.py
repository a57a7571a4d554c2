"""The gazetteer: states from ISO data, organisations, groupings, armed groups and dated office holders."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pycountry
import pytest
from tests.conftest import ROOT

from negotiation_events import PatternFileError
from negotiation_events.normalise.actors import ActorEntry, Gazetteer, load_gazetteer
from negotiation_events.normalise.sources import ORGANISATION_CODES, Person, Term, check_file

SENTENCES = ROOT / "tests" / "data" / "actor_sentences.jsonl"


def test_every_iso_state_and_kosovo() -> None:
    gazetteer = load_gazetteer()
    states = {e.country for e in gazetteer.entries if e.kind == "state"}
    assert {c.alpha_3 for c in pycountry.countries} | {"XKX"} == states
    assert gazetteer.state("IRN") is not None and "Islamic Republic of Iran" in gazetteer.state("IRN").generated  # type: ignore[union-attr]


def test_every_organisation_code_of_the_guidelines() -> None:
    gazetteer = load_gazetteer()
    assert {e.id for e in gazetteer.entries if e.kind == "organisation" and not e.members} == set(ORGANISATION_CODES)


def test_the_data_is_as_large_as_promised() -> None:
    gazetteer = load_gazetteer()
    kinds = Counter(e.kind for e in gazetteer.entries)
    assert kinds["group"] >= 150
    people = [e for e in gazetteer.entries if e.person is not None]
    assert len(people) >= 600
    assert sum(len(p.person.terms) for p in people if p.person) >= 700
    changed = [p for p in people if p.person and len({t.code for t in p.person.terms}) > 1]
    assert len(changed) >= 10


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Zelensky", "UKR"),
        ("Zelenskyy", "UKR"),
        ("the Kremlin", "RUS"),
        ("Kyiv", "UKR"),
        ("White House", "USA"),
        ("Downing Street", "GBR"),
        ("Zhongnanhai", "CHN"),
        ("Foggy Bottom", "USA"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Burma", "MMR"),
        ("Congo", "COD"),
        ("Hamas", "PSE"),
        ("Houthis", "YEM"),
        ("M23", "COD"),
        ("ELN", "COL"),
        ("al-Shabaab", "SOM"),
        ("JNIM", "MLI"),
        ("TTP", "PAK"),
        ("Arakan Army", "MMR"),
        ("African Union", "AU"),
        ("ECOWAS", "ECOWAS"),
        ("Arab League", "LAS"),
        ("UN atomic watchdog", "IAEA"),
        ("Zelenskyy's", "UKR"),
        ("Ukrainian", "UKR"),
    ],
)
def test_lookup(name: str, code: str) -> None:
    entry = load_gazetteer().lookup(name)
    assert entry is not None and entry.country == code


def test_ids_are_stable_and_unique() -> None:
    gazetteer = load_gazetteer()
    ids = Counter(e.id for e in gazetteer.entries)
    assert not [i for i, n in ids.items() if n > 1]
    assert gazetteer.lookup("ELN").id == "eln"  # type: ignore[union-attr]
    assert gazetteer.lookup("Ukraine").id == "UKR"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("code", "name", "own_name"),
    [
        ("USA", "United States", True),
        ("USA", "US", True),
        ("GBR", "Britain", True),
        ("COD", "Congo", True),
        ("RUS", "Russian Federation", True),
        ("USA", "Washington", False),
        ("USA", "White House", False),
        ("AGO", "Luanda", False),
        ("RUS", "Kremlin", False),
    ],
)
def test_a_country_name_is_told_from_its_capital(code: str, name: str, own_name: bool) -> None:
    entry = load_gazetteer().state(code)
    assert entry is not None and entry.is_country_name(name) is own_name


def test_possessives_resolve_in_text(nlp: Any) -> None:
    doc = nlp("Zelenskyy's envoy met the Kremlin's negotiator.")
    codes = [m.entry.country for m in load_gazetteer().find(doc)]
    assert codes == ["UKR", "RUS"]


def test_a_grouping_stands_for_its_members(nlp: Any) -> None:
    doc = nlp("The E3 triggered the snapback of sanctions on Iran.")
    found = [(doc[m.start : m.end].text, m.entry.country) for m in load_gazetteer().find(doc)]
    assert found == [("E3", "FRA"), ("E3", "DEU"), ("E3", "GBR"), ("Iran", "IRN")]
    assert [m.to_actor(doc).id for m in load_gazetteer().find(doc)][:3] == ["FRA", "DEU", "GBR"]


# --------------------------------------------------------------------------- people and dates


def _someone() -> Gazetteer:
    person = Person(
        id="jane-example",
        canonical="Jane Example",
        names=["Jane Example", "Example"],
        terms=[
            Term(
                office="Prime Minister of Norway",
                code="NOR",
                titles=["prime minister"],
                level="leaders",
                start=dt.date(2018, 1, 1),
                end=dt.date(2021, 6, 30),
            ),
            Term(
                office="UN Special Envoy for Yemen",
                code="UN",
                titles=["special envoy", "envoy"],
                level="envoys",
                start=dt.date(2022, 3, 1),
            ),
        ],
    )
    entry = ActorEntry(
        id=person.id, kind="person", canonical=person.canonical, country="UN", names=tuple(person.names), person=person
    )
    return Gazetteer([*load_gazetteer().entries, entry])


@pytest.mark.parametrize(
    ("day", "code", "level"),
    [
        (dt.date(2019, 5, 1), "NOR", "leaders"),
        (dt.date(2021, 8, 1), "NOR", "leaders"),  # just out of office: within the grace period
        (dt.date(2021, 10, 15), None, None),  # between offices: speaks for nobody
        (dt.date(2023, 5, 1), "UN", "envoys"),
        (None, "UN", "envoys"),  # no date: the latest office
    ],
)
def test_a_person_speaks_for_the_side_of_the_day(
    nlp: Any, day: dt.date | None, code: str | None, level: str | None
) -> None:
    doc = nlp("Example met the delegations in Muscat.")
    [mention] = [m for m in _someone().find(doc, on=day) if m.entry.kind == "person"]
    assert (mention.entry.country, mention.entry.level) == (code, level)
    assert mention.to_actor(doc).id == "jane-example"


def test_a_bare_title_refers_back_to_the_office_holder(nlp: Any) -> None:
    gazetteer = _someone()
    recent: list[ActorEntry] = []
    first = nlp("Jane Example arrived in Aden on Monday.")
    gazetteer.find(first, on=dt.date(2023, 5, 1), recent=recent)
    later = nlp("The envoy said the talks would resume.")
    found = gazetteer.find(later, on=dt.date(2023, 5, 1), recent=recent)
    assert [(later[m.start : m.end].text, m.entry.country) for m in found] == [("envoy", "UN")]
    assert gazetteer.find(nlp("The envoy said the talks would resume."), on=dt.date(2023, 5, 1)) == []


# --------------------------------------------------------------------------- look-alikes


@pytest.mark.parametrize(
    "text",
    [
        "Chad Smith scored twice for the visitors.",
        "The fund raised US$ 40 million from investors.",
        "Flooding along the Niger River displaced thousands.",
        "Michael Jordan watched from the front row.",
        "Fishermen in the Niger Delta protested.",
    ],
)
def test_look_alikes_are_not_actors(nlp: Any, text: str) -> None:
    doc = nlp(text)
    assert [doc[m.start : m.end].text for m in load_gazetteer().find(doc)] == []


# --------------------------------------------------------------------------- data files


def test_a_bad_line_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "groups.jsonl"
    path.write_text(
        '{"schema": "negotiation-events-groups/1", "how_to_add": "..."}\n'
        '{"id": "eln", "canonical": "ELN", "country": "COL", "names": ["ELN"]}\n'
        '{"id": "x", "canonical": "X", "country": "ZZZ", "names": ["X"]}\n',
        encoding="utf-8",
    )
    with pytest.raises(PatternFileError, match=r"groups\.jsonl, line 3: country: .*'ZZZ' is not an ISO 3166-1"):
        check_file(str(path), "groups")
    path.write_text('{"id": "eln", "canonical": "ELN", "country": "COL", "names": ["ELN"]}\n', encoding="utf-8")
    with pytest.raises(PatternFileError, match="line 1: the first line must be the header"):
        check_file(str(path), "groups")


def test_no_name_is_given_to_two_actors_by_the_project_data() -> None:
    owners: dict[str, set[str]] = {}
    for entry in load_gazetteer().entries:
        for name in (*entry.names, *entry.seats, *entry.adjectives):
            owners.setdefault(name, set()).add(entry.id)
    clashes = {name: ids for name, ids in owners.items() if len(ids) > 1}
    assert not clashes, sorted(clashes.items())[:20]


# --------------------------------------------------------------------------- the sentence test set


def _scored(nlp: Any) -> tuple[int, int, int, list[str]]:
    gazetteer = load_gazetteer()
    expected = found = wrong = 0
    problems: list[str] = []
    for line in SENTENCES.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        doc = nlp(item["text"])
        day = dt.date.fromisoformat(item["published"])
        mentions = [
            (doc[m.start : m.end].start_char, doc[m.start : m.end].end_char, m.entry.country)
            for m in gazetteer.find(doc, on=day)
            if m.entry.country is not None and not m.place  # a place or a person out of office is no actor
        ]
        for want in item["expect"]:
            expected += 1
            start = _whole_word(item["text"], want["text"])
            span = (start, start + len(want["text"]))
            codes = {c for a, b, c in mentions if a < span[1] and span[0] < b}
            if want["code"] in codes:
                found += 1
            else:
                problems.append(f"{item['id']}: missed {want['text']!r} {want['code']} (got {sorted(codes, key=str)})")
            if codes - {want["code"]} and not _grouping_text(item, want["text"]):
                wrong += 1
                problems.append(f"{item['id']}: {want['text']!r} also coded {sorted(codes - {want['code']}, key=str)}")
        for trap in item["reject"]:
            start = _whole_word(item["text"], trap)
            if any(a < start + len(trap) and start < b for a, b, _ in mentions):
                wrong += 1
                problems.append(f"{item['id']}: coded the look-alike {trap!r}")
    return expected, found, wrong, problems


def _whole_word(text: str, part: str) -> int:
    """The first occurrence of ``part`` not inside a longer word ("Somali" is not in "Somalia")."""
    match = re.search(rf"(?<!\w){re.escape(part)}(?!\w)", text)
    return match.start() if match else text.find(part)


def _grouping_text(item: dict[str, Any], text: str) -> bool:
    return sum(1 for want in item["expect"] if want["text"] == text) > 1


def test_the_sentence_set_is_found_and_rarely_wrong(nlp: Any) -> None:
    """At least 95% of expected codes found, at most 2% wrong (sentences written blind to the data)."""
    expected, found, wrong, problems = _scored(nlp)
    assert expected >= 300
    print(f"found {found}/{expected} = {found / expected:.3f}; wrong {wrong} = {wrong / expected:.3f}")
    assert found / expected >= 0.95, "\n".join(problems)
    assert wrong / expected <= 0.02, "\n".join(problems)
