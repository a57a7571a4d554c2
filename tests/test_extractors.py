"""Each rule extractor on sentences written for these tests (not from any article)."""

from __future__ import annotations

from typing import Any

import pytest

from negotiation_events import parse_article


def _events(text: str, published: str = "2025-03-12", **kwargs: Any) -> list[dict[str, Any]]:
    return [e.model_dump(mode="json") for e in parse_article(text, published=published, **kwargs)]


def _codes(event: dict[str, Any], role: str) -> set[str]:
    value = event.get(role)
    actors = value if isinstance(value, list) else ([value] if value else [])
    return {a["country"] for a in actors}


def _only(events: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    found = [e for e in events if e["type"] == kind]
    assert len(found) == 1, events
    return found[0]


# --------------------------------------------------------------------------- talks


def test_talks_with_mediator_location_and_date() -> None:
    event = _only(
        _events(
            "Armenian and Azerbaijani negotiators held talks in Abu Dhabi on Monday, mediated by the "
            "United Arab Emirates."
        ),
        "talks",
    )
    assert event["status"] == "occurred"
    assert {"ARM", "AZE"} <= _codes(event, "parties")
    assert _codes(event, "mediators") == {"ARE"}
    assert event["location"]["name"] == "Abu Dhabi"
    assert event["date"]["start"] == "2025-03-10"


def test_proposed_round_with_ordinal() -> None:
    event = _only(
        _events(
            "Colombia's government proposed a fourth round of negotiations with the ELN to be held in "
            "Havana next month."
        ),
        "talks",
    )
    assert event["status"] == "proposed"
    assert event["round"] == 4
    assert event["location"]["name"] == "Havana"
    assert event["date"]["start"] == "2025-04-01"


def test_cycles_of_talks_are_numbered_rounds_and_stay_apart() -> None:
    """Guidelines, merging: a second round is a different instance, so a different event."""
    text = (
        "The second cycle of talks between Manila and the rebels took place in Oslo. "
        "The fifth round of negotiations between them ended in Oslo."
    )
    talks = [e for e in _events(text) if e["type"] == "talks"]
    assert sorted(e["round"] for e in talks) == [2, 5]


def test_leaders_summit_is_its_own_event() -> None:
    events = _events(
        "Delegations from India and Pakistan met in Riyadh on Sunday. Islamabad also called for a "
        "summit between Modi and Sharif."
    )
    talks = [e for e in events if e["type"] == "talks"]
    assert len(talks) == 2
    assert {e["level"] for e in talks} == {None, "leaders"}


def test_rejected_talks() -> None:
    event = _only(_events("North Korea rejected an offer of dialogue from South Korea on Tuesday."), "talks")
    assert event["status"] in {"rejected", "proposed"}
    assert {"PRK", "KOR"} <= _codes(event, "parties")


@pytest.mark.parametrize(
    "text",
    [
        "The former ambassador gave a talk on Cold War history at the university library.",
        "The author talks about her childhood in a new memoir.",
        "Shareholders will vote at the annual meeting in June.",
    ],
)
def test_talks_in_other_senses_are_ignored(text: str) -> None:
    assert [e for e in _events(text) if e["type"] == "talks"] == []


# --------------------------------------------------------------------------- prisoner exchange


def test_prisoner_swap_with_count_and_date() -> None:
    event = _only(
        _events("Russia and Ukraine exchanged 390 prisoners of war last Friday, Kyiv said."), "prisoner_exchange"
    )
    assert event["status"] == "occurred"
    assert _codes(event, "sides") == {"RUS", "UKR"}
    assert event["count"] == 390
    assert event["date"]["start"] == "2025-03-07"
    assert event["category"] == "pows"


def test_exchange_of_remains_is_categorised() -> None:
    event = _only(
        _events("Moscow and Kyiv carried out an exchange of the bodies of fallen soldiers."), "prisoner_exchange"
    )
    assert event["category"] == "remains"


@pytest.mark.parametrize(
    "text",
    [
        "Israeli troops and Hezbollah fighters exchanged fire across the border overnight.",
        "The two ministers exchanged views on trade and climate policy.",
        "A court in Dakar released two opposition politicians on bail.",
    ],
)
def test_not_an_exchange_of_prisoners(text: str) -> None:
    assert [e for e in _events(text) if e["type"] == "prisoner_exchange"] == []


# --------------------------------------------------------------------------- ceasefire


def test_ceasefire_with_duration_and_proposer() -> None:
    event = _only(
        _events("Thailand proposed a 72-hour ceasefire along the disputed border with Cambodia."), "ceasefire_proposal"
    )
    assert event["status"] == "proposed"
    assert _codes(event, "proposer") == {"THA"}
    assert event["duration"] == "PT72H"


def test_negated_ceasefire_is_failed() -> None:
    event = _only(
        _events("Fighting continued in Khartoum as no ceasefire was agreed between the army and the RSF."),
        "ceasefire_proposal",
    )
    assert event["status"] == "failed"


def test_violated_truce() -> None:
    event = _only(
        _events("Armenian and Azerbaijani troops accused each other of violating the truce in the Karabakh region."),
        "ceasefire_proposal",
    )
    assert event["status"] == "failed"


def test_sports_truce_is_ignored() -> None:
    text = (
        "The club's supporters kept an uneasy truce with the owners after a season of protests. "
        "The team won its next two matches and climbed to tenth in the table."
    )
    assert _events(text) == []


# --------------------------------------------------------------------------- sanctions


def test_sanctions_imposed_on_a_target() -> None:
    event = _only(_events("The European Union imposed new sanctions on Iran over its drone deliveries."), "sanction")
    assert event["status"] == "occurred"
    assert _codes(event, "imposers") == {"EU"}
    assert "IRN" in _codes(event, "targets")


def test_threatened_sanctions() -> None:
    event = _only(
        _events("Washington threatened sanctions against Venezuela if the elections are not free."), "sanction"
    )
    assert event["status"] == "threatened"
    assert _codes(event, "imposers") == {"USA"}


def test_lifted_sanctions_have_the_lift_action() -> None:
    event = _only(_events("The United States lifted sanctions on Syria in June."), "sanction")
    assert event["action"] == "lift"


def test_league_sanctions_are_not_state_sanctions() -> None:
    assert _events("The sanctions handed to the football club were the harshest in league history.") == []


# --------------------------------------------------------------------------- arms deals


def test_weapons_delivery_with_supplier_and_recipient() -> None:
    event = _only(_events("Germany delivered two more IRIS-T air defence systems to Ukraine on Tuesday."), "arms_deal")
    assert _codes(event, "suppliers") == {"DEU"}
    assert _codes(event, "recipients") == {"UKR"}
    assert any("IRIS-T" in w for w in event["weapons"])


def test_approved_sale_is_planned_or_agreed() -> None:
    event = _only(_events("The State Department approved the sale of 40 F-16 fighter jets to Turkey."), "arms_deal")
    assert event["status"] in {"planned", "agreed", "occurred"}
    assert "TUR" in _codes(event, "recipients")


@pytest.mark.parametrize(
    "text",
    [
        "A delivery of prosthetic arms arrived at the rehabilitation clinic in Lviv.",
        "Russian drones struck an apartment block in Odesa overnight.",
    ],
)
def test_not_an_arms_deal(text: str) -> None:
    assert [e for e in _events(text) if e["type"] == "arms_deal"] == []


# --------------------------------------------------------------------------- merging


def test_mentions_of_one_event_merge_and_duplicated_paragraphs_add_nothing() -> None:
    paragraph = (
        "Israel and Hamas agreed to a truce mediated by Qatar and Egypt. The truce is due to start on Sunday morning."
    )
    once = _events(paragraph)
    twice = _events(paragraph + "\n" + paragraph)
    assert [e["type"] for e in once] == [e["type"] for e in twice]
    ceasefire = _only(twice, "ceasefire_proposal")
    assert len(ceasefire["evidence"]) >= 2


def test_extractor_selection() -> None:
    text = "Russia and Ukraine exchanged 390 prisoners. The EU imposed sanctions on Russia."
    only_sanctions = _events(text, extractors=["rules.sanction.v1"])
    assert {e["type"] for e in only_sanctions} == {"sanction"}
    assert only_sanctions[0]["extractors"] == ["rules.sanction.v1"]


def test_unasserted_mentions_create_no_event() -> None:
    text = "Analysts said that without a ceasefire or progress in negotiations, prices would keep rising."
    assert _events(text) == []


def test_since_is_a_reference_point_not_the_event_date() -> None:
    event = _only(_events("Kyiv and Moscow held their first direct talks since March 2022 in Istanbul."), "talks")
    assert event["date"] is None
    assert event["location"]["name"] == "Istanbul"


# --------------------------------------------------------------------------- factuality


def test_history_lists_stages_and_status_is_the_majority_stage() -> None:
    text = (
        "Ukraine proposed a ceasefire on Monday. The Kremlin rejected the ceasefire on Tuesday. "
        "Moscow again rejected the ceasefire, officials said."
    )
    event = _only(_events(text), "ceasefire_proposal")
    assert [stage["status"] for stage in event["history"]] == ["proposed", "rejected"]
    assert event["status"] == "rejected"
    for stage in event["history"]:
        assert text[stage["start"] : stage["end"]] == stage["text"]


def test_reported_speech_is_attributed() -> None:
    event = _only(_events("Russia and Ukraine exchanged 84 prisoners of war, the Kremlin said."), "prisoner_exchange")
    assert event["attributed_to"]["country"] == "RUS"
    event = _only(_events("Israel and Hamas agreed to a ceasefire, according to Qatar."), "ceasefire_proposal")
    assert event["attributed_to"]["country"] == "QAT"


def test_one_actor_one_role() -> None:
    event = _only(_events("The United States imposed sanctions on Russia and on Iran."), "sanction")
    assert not _codes(event, "imposers") & _codes(event, "targets")


@pytest.mark.parametrize(
    ("text", "count", "qualifier", "category"),
    [
        ("Russia and Ukraine agreed to swap prisoners 1,000 for 1,000.", 1000, None, "pows"),
        ("Kyiv and Moscow exchanged at least 1,000 prisoners on each side.", 1000, "at least", "pows"),
        ("Ukraine received the remains of about 6,000 soldiers in an exchange with Russia.", 6000, "about", "remains"),
        ("Russia and Ukraine swapped over 500 soldiers last Saturday.", 500, "over", "pows"),
    ],
)
def test_counts_with_qualifiers(text: str, count: int, qualifier: str | None, category: str) -> None:
    event = _only(_events(text), "prisoner_exchange")
    assert (event["count"], event["count_qualifier"], event["category"]) == (count, qualifier, category)


def test_a_venue_and_its_city_are_one_place() -> None:
    text = (
        "Ukrainian and Russian delegations held talks at the Dolmabahce Palace on Friday. "
        "The talks in Istanbul lasted less than two hours."
    )
    events = [e for e in _events(text, published="2025-05-17") if e["type"] == "talks"]
    assert len(events) == 1


def test_sanctions_in_force_since_a_date() -> None:
    event = _only(
        _events("Washington has banned imports of Russian oil since March 2022.", published="2025-04-23"), "sanction"
    )
    assert (event["date"]["start"], event["date"]["end"]) == ("2022-03-01", "2025-04-23")
    assert _codes(event, "imposers") == {"USA"}


def test_whoever_leads_talks_mediates_only_as_a_third_country() -> None:
    third = _only(
        _events(
            "Ukraine and Russia held talks in Istanbul. Turkish Foreign Minister Hakan Fidan, who led "
            "the session, said both sides would meet again."
        ),
        "talks",
    )
    assert _codes(third, "mediators") == {"TUR"}
    assert {"UKR", "RUS"} <= _codes(third, "parties")


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Rubio met Lavrov in Riyadh on Tuesday.", "ministers"),
        ("Putin and Trump met in Alaska on Friday.", "leaders"),
        ("Witkoff held talks with Dmitriev in Miami.", "envoys"),
    ],
)
def test_level_from_office_holders(text: str, level: str) -> None:
    assert _only(_events(text, published="2025-08-20"), "talks")["level"] == level


def test_one_for_one_exchange_and_exchange_of_fire() -> None:
    event = _only(
        _events("It would follow the 1,000 for 1,000 exchange carried out by Russia and Ukraine in May."),
        "prisoner_exchange",
    )
    assert event["count"] == 1000
    assert _events("Soldiers were killed in an exchange of fire with Russian troops near Kharkiv.") == []


def test_it_refers_to_the_state_the_paragraph_is_about() -> None:
    text = (
        "The United States condemned the attack on Monday. It could impose sanctions on Sudan's army "
        "if the fighting continues, officials said."
    )
    event = _only(_events(text), "sanction")
    assert _codes(event, "imposers") == {"USA"}
    assert _codes(event, "targets") == {"SDN"}


def test_talks_as_the_setting_of_an_agreement_took_place() -> None:
    events = _events(
        "Thailand and Cambodia agreed to an unconditional ceasefire at talks hosted by Malaysia on Monday.",
        published="2025-07-30",
    )
    talks = _only(events, "talks")
    assert talks["status"] == "occurred"
    assert _codes(talks, "mediators") == {"MYS"}
    assert _only(events, "ceasefire_proposal")["status"] == "agreed"


@pytest.mark.parametrize(
    ("text", "kind", "status", "roles"),
    [
        (
            "Russia was hit with new sanctions by the European Union on Friday.",
            "sanction",
            "occurred",
            {"imposers": {"EU"}, "targets": {"RUS"}},
        ),
        (
            "Germany will supply Ukraine with Taurus missiles, Berlin said.",
            "arms_deal",
            "planned",
            {"suppliers": {"DEU"}, "recipients": {"UKR"}},
        ),
        (
            "Iran has supplied Russia with hundreds of Shahed drones.",
            "arms_deal",
            "occurred",
            {"suppliers": {"IRN"}, "recipients": {"RUS"}},
        ),
        (
            "China imposed export controls on gallium shipments to the United States.",
            "sanction",
            "occurred",
            {"imposers": {"CHN"}, "targets": {"USA"}},
        ),
        (
            "The Houthis rejected a Saudi proposal for a nationwide ceasefire.",
            "ceasefire_proposal",
            "rejected",
            {"proposer": {"SAU"}},
        ),
    ],
)
def test_roles_and_status_from_syntax(text: str, kind: str, status: str, roles: dict[str, set[str]]) -> None:
    event = _only(_events(text), kind)
    assert event["status"] == status
    for role, codes in roles.items():
        assert _codes(event, role) == codes


@pytest.mark.parametrize(
    ("text", "sides", "category"),
    [
        ("Kyiv said it had received the bodies of 909 soldiers from Moscow.", {"UKR", "RUS"}, "remains"),
        ("Israel freed 90 Palestinian prisoners after Hamas released three hostages on Sunday.", {"ISR", "PSE"}, None),
        (
            "Azerbaijan released 32 Armenian prisoners, and Armenia freed two Azerbaijani soldiers in return.",
            {"AZE", "ARM"},
            "pows",
        ),
    ],
)
def test_repatriations_and_two_way_releases(text: str, sides: set[str], category: str | None) -> None:
    event = _only(_events(text), "prisoner_exchange")
    assert _codes(event, "sides") == sides
    if category:
        assert event["category"] == category


def test_a_single_release_by_a_court_is_no_exchange() -> None:
    assert _events("A court in Tbilisi released the opposition leader on bail on Friday.") == []


def test_more_roles() -> None:
    event = _only(_events("Japan joined the United States in imposing sanctions on Russian banks."), "sanction")
    assert "JPN" in _codes(event, "imposers") and _codes(event, "targets") == {"RUS"}
    event = _only(
        _events("Hamas handed over the bodies of four hostages to the Red Cross in Gaza."), "prisoner_exchange"
    )
    assert event["category"] == "remains" and "PSE" in _codes(event, "sides")
    event = _only(_events("Turkey hosted talks between Russia and Ukraine in Istanbul."), "talks")
    assert _codes(event, "mediators") == {"TUR"} and _codes(event, "parties") == {"RUS", "UKR"}


def test_title_case_headlines_give_no_junk_places() -> None:
    event = _only(
        _events("No Ceasefire in Sight as Fighting Rages Near Kharkiv\nRussia and Ukraine agreed on no truce."),
        "ceasefire_proposal",
    )
    assert event["location"] is None or event["location"]["name"] != "Sight"


def test_speakers_and_bystanders_are_not_participants() -> None:
    events = _events("Qatar said talks on a new hostage deal would begin in Doha on Monday.")
    for event in events:
        assert "QAT" not in _codes(event, "sides") | _codes(event, "parties")
        assert event["attributed_to"]["country"] == "QAT"
    text = (
        "Hezbollah and Israel exchanged fire across the border despite the truce, and Israeli strikes "
        "killed two fighters near the front line."
    )
    for event in _events(text):
        assert event["type"] != "ceasefire_proposal" or _codes(event, "proposer") == set()


def test_until_is_an_end_point_not_the_date() -> None:
    event = _only(
        _events("The European Council extended economic sanctions against Russia until July 2025."), "sanction"
    )
    assert event["date"] is None and event["action"] == "extend"


def test_a_capital_named_as_a_place_is_not_a_side() -> None:
    event = _only(
        _events("Ethiopia and Tigrayan forces signed a cessation of hostilities in Pretoria."), "ceasefire_proposal"
    )
    assert "ZAF" not in _codes(event, "parties")
    assert event["location"]["name"] == "Pretoria"


@pytest.mark.parametrize(
    ("text", "duration"),
    [
        ("Zelensky offered to extend a pause in fighting to 30 days.", "P30D"),
        ("Israel and Hamas agreed to a truce, which is meant to last 42 days.", "P42D"),
        ("The 42-day first phase of the truce between Israel and Hamas ended on Saturday.", "P42D"),
        ("Hamas called for an extension of the ceasefire by another 72 hours.", "PT72H"),
        ("Sudan's army agreed a truce with the RSF lasting three days.", "P3D"),
    ],
)
def test_durations_stated_around_the_ceasefire(text: str, duration: str) -> None:
    assert _only(_events(text), "ceasefire_proposal")["duration"] == duration


def test_a_ceasefire_dated_by_a_part_of_the_day() -> None:
    event = _only(
        _events("A truce between Israel and Hamas took effect on Sunday morning.", "2025-01-20"), "ceasefire_proposal"
    )
    assert event["date"]["start"] == "2025-01-19"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Armenia and Azerbaijan signed the text at a White House summit on Friday.", "White House"),
        ("American and Iranian negotiators held talks in the Omani capital, Muscat, on Saturday.", "Muscat"),
        ("Angola called off the Congo-Rwanda summit in Luanda.", "Luanda"),
    ],
)
def test_talks_venue(text: str, place: str) -> None:
    event = _only(_events(text), "talks")
    assert event["location"]["name"] == place


def test_a_country_named_as_a_place_yields_to_a_city() -> None:
    text = (
        "The United States and Iran held nuclear talks in Oman on Saturday.\n\n"
        "The talks took place in the Omani capital, Muscat, officials said."
    )
    assert _only(_events(text), "talks")["location"]["name"] == "Muscat"


@pytest.mark.parametrize(
    ("text", "suppliers", "recipients"),
    [
        ("Ukraine has received its first F-16 fighter jets, Zelensky said.", set(), {"UKR"}),
        ("India on Monday signed an agreement with France for the purchase of 26 Rafale jets.", {"FRA"}, {"IND"}),
        ("Poland signed a contract with South Korea to buy 180 K2 tanks.", {"KOR"}, {"POL"}),
    ],
)
def test_buyers_are_recipients(text: str, suppliers: set[str], recipients: set[str]) -> None:
    event = _only(_events(text), "arms_deal")
    assert (_codes(event, "suppliers"), _codes(event, "recipients")) == (suppliers, recipients)


def test_money_is_not_a_number_of_weapons() -> None:
    event = _only(_events("The US approved a $2 billion air defence sale to Taiwan."), "arms_deal")
    assert event["value"] == "$2 billion" and event["quantity"] is None
    assert _only(_events("The US approved the sale of three NASAMS to Taiwan."), "arms_deal")["weapons"] == ["NASAMS"]


@pytest.mark.parametrize(
    ("text", "mediators"),
    [
        ("Officials from Congo and Rwanda held talks in Doha under Qatari mediation.", {"QAT"}),
        (
            "The text was negotiated by Congo and Rwanda over several weeks with US and Qatari involvement.",
            {"USA", "QAT"},
        ),
        ("Armenia and Azerbaijan held direct talks without Russian mediation.", set()),
    ],
)
def test_mediation_nouns_name_mediators(text: str, mediators: set[str]) -> None:
    assert _codes(_only(_events(text), "talks"), "mediators") == mediators


def test_an_agreement_to_stop_firing_is_a_ceasefire() -> None:
    event = _only(
        _events("India and Pakistan agreed on Saturday to stop all firing.", "2025-05-11"), "ceasefire_proposal"
    )
    assert event["status"] == "agreed" and _codes(event, "parties") == {"IND", "PAK"}
    assert event["date"]["start"] == "2025-05-10"
    assert _events("The guns stopped firing at dawn.") == []


@pytest.mark.parametrize(
    ("text", "date_start"),
    [
        # a date inside a relative clause on another noun dates that clause, not the trigger
        ("Kyiv and Moscow will hold talks at the Ritz, a hotel that hosted a summit in 2019.", None),
        ("Kyiv and Moscow held talks on Friday at a palace that was built in 1856.", "2025-05-30"),
        ("Kyiv and Moscow held talks, which ended on Wednesday, in Geneva.", "2025-05-28"),
    ],
)
def test_dates_in_other_clauses_do_not_date_the_trigger(text: str, date_start: str | None) -> None:
    talks = [e for e in parse_article(text, published="2025-05-30") if e.type == "talks"]
    assert talks
    first = talks[0].date
    assert (first.start.isoformat() if first and first.start else None) == date_start


def test_background_mentions_years_back_do_not_join_or_start_events() -> None:
    text = (
        "Armenian and Azerbaijani envoys will hold talks in Geneva next week. "
        "The city previously hosted a round of negotiations in 2019."
    )
    talks = [e for e in parse_article(text, published="2025-05-30") if e.type == "talks"]
    assert len(talks) == 1
    assert talks[0].date is not None and talks[0].date.start is not None
    assert talks[0].date.start.year == 2025


def test_dated_past_events_with_participants_are_still_events() -> None:
    [event] = [e for e in parse_article("Armenia and Azerbaijan held talks in Vienna in 2019.", published="2025-05-30")]
    assert event.type == "talks" and event.date is not None and event.date.start is not None
    assert event.date.start.year == 2019
