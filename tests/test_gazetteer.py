from __future__ import annotations

import pytest

from negotiation_events.normalise.actors import ActorEntry, Gazetteer, load_gazetteer


def test_every_un_member_and_more() -> None:
    gazetteer = load_gazetteer()
    states = {e.country for e in gazetteer.entries if e.kind == "state"}
    assert len(states) >= 197
    assert {"TWN", "PSE", "XKX", "UKR", "RUS", "USA", "TUR", "QAT"} <= states


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Zelensky", "UKR"),
        ("Zelenskyy", "UKR"),
        ("Zelenskiy", "UKR"),
        ("the Kremlin", "RUS"),
        ("Kremlin", "RUS"),
        ("Kyiv", "UKR"),
        ("Washington", "USA"),
        ("White House", "USA"),
        ("Türkiye", "TUR"),
        ("Erdogan", "TUR"),
        ("Erdoğan", "TUR"),
        ("Hamas", "PSE"),
        ("Houthis", "YEM"),
        ("M23", "COD"),
        ("RSF", "SDN"),
        ("NATO", "NATO"),
        ("European Union", "EU"),
        ("Zelenskyy's", "UKR"),
        ("Ukrainian", "UKR"),
    ],
)
def test_lookup(name: str, code: str) -> None:
    entry = load_gazetteer().lookup(name)
    assert entry is not None and entry.country == code


@pytest.mark.parametrize(
    ("code", "name", "own_name"),
    [
        ("USA", "United States", True),
        ("USA", "US", True),
        ("GBR", "Britain", True),
        ("COD", "Congo", True),
        ("RUS", "the Russian Federation", True),
        ("USA", "Washington", False),
        ("USA", "White House", False),
        ("AGO", "Luanda", False),
        ("RUS", "Kremlin", False),
        ("PSE", "Gaza City", False),
    ],
)
def test_a_country_name_is_told_from_its_capital(code: str, name: str, own_name: bool) -> None:
    entry = load_gazetteer().state(code)
    assert entry is not None and entry.is_country_name(name) is own_name


def test_possessives_resolve_in_text(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Zelenskyy's envoy met the Kremlin's negotiator.")
    codes = [m.entry.country for m in load_gazetteer().find(doc)]
    assert codes == ["UKR", "RUS"]


def test_adding_a_person_is_one_line() -> None:
    """The data file's header explains this: one line per person."""
    extra = ActorEntry(
        kind="person",
        canonical="Jane Example",
        country="NOR",
        names=["Jane Example", "Example"],
        office="Foreign Minister of Norway",
        level="ministers",
    )
    gazetteer = Gazetteer([*load_gazetteer().entries, extra])
    found = gazetteer.lookup("Example")
    assert found is not None and found.country == "NOR"
