"""The learned roles (``model.roles.v1``): candidates, features, model, reviser, training labels."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import training_script

from negotiation_events import InvalidMentionError, ModelNotFoundError
from negotiation_events.extractors._checks import check_mention
from negotiation_events.extractors.base import EVENT_TYPES, ROLE_KEYS, ArticleContext, Mention
from negotiation_events.extractors.model import RoleModelReviser
from negotiation_events.extractors.model.roles import (
    DIRECTED_ROLES,
    ROLE_LABELS,
    RoleModel,
    candidates,
    load_role_model,
    reassign,
    role_features,
)
from negotiation_events.extractors.registry import groups
from negotiation_events.merge import merge_mentions
from negotiation_events.models import Place
from negotiation_events.normalise.actors import load_gazetteer
from negotiation_events.pipeline import get_pipeline

ROOT = Path(__file__).resolve().parent.parent
TEXT = "Fighting went on near the border. Qatar mediated talks between Israel and Hamas in Doha. Markets fell."


def _parsed(text: str = TEXT) -> tuple[Any, ArticleContext]:
    doc = get_pipeline()(text)
    return doc, ArticleContext(actors=load_gazetteer().find(doc))


def _talks(text: str = TEXT) -> Mention:
    start = text.index("talks")
    sentence = (text.index("Qatar"), text.index(".", start) + 1)
    return Mention("talks", "rules.talks.v1", start, start + 5, sentence, "talks", "talks")


def test_shipped_model_is_valid() -> None:
    model = load_role_model()
    assert model.labels == ROLE_LABELS
    assert len(model.weights) > 1000
    assert 0.0 < model.add_threshold < 1.0


@given(st.sampled_from(EVENT_TYPES), st.lists(st.sampled_from(["akind=state", "prep=between", "rule=none", "?"])))
def test_role_probabilities_cover_the_types_roles_only(kind: str, features: list[str]) -> None:
    scores = load_role_model().roles(features, kind)
    assert set(scores) == {"none", *(k for k in ROLE_KEYS[kind] if not k.endswith("?"))}  # type: ignore[index]
    assert math.isclose(sum(scores.values()), 1.0, rel_tol=1e-9)


def test_candidates_are_the_actors_of_the_sentence_and_its_neighbours_without_places() -> None:
    doc, context = _parsed("Qatar mediated talks between Israel and Hamas in Doha.")
    names = [doc[a.start : a.end].text for a in candidates(doc[2:3], context)]
    assert names == ["Qatar", "Israel", "Hamas"]  # Doha is where, not who
    doc, context = _parsed("Qatar mediated talks in Doha. Egypt welcomed them. Markets fell. Jordan said nothing.")
    names = [doc[a.start : a.end].text for a in candidates(doc[2:3], context)]
    assert names == ["Qatar", "Egypt"]  # the next sentence is read, the one after it is not


def test_features_read_the_path_the_preposition_and_the_rules() -> None:
    doc, context = _parsed("Qatar mediated talks between Israel and Hamas.")
    qatar, israel, hamas = context.actors
    mention = replace(
        _talks("Qatar mediated talks between Israel and Hamas."), roles={"parties": [israel.to_actor(doc)]}
    )
    first = role_features(doc[2:3], qatar, mention)
    assert "path_via=nsubj|dobj|mediate" in first and "talks|via=mediate" in first and "rule=none" in first
    second = role_features(doc[2:3], israel, mention)
    assert "prep=between" in second and "rule=parties" in second
    third = role_features(doc[2:3], hamas, mention)
    assert "conj_dep=pobj" in third and "prep|via=between|talk" in third


def test_json_round_trip_and_bad_labels() -> None:
    small = RoleModel(ROLE_LABELS, {"a": tuple(float(i) for i in range(len(ROLE_LABELS)))}, (0.0,) * 9, 0.6)
    assert RoleModel.from_json(json.loads(json.dumps(small.to_json()))) == small
    with pytest.raises(ValueError, match="labels must be"):
        RoleModel.from_json({**small.to_json(), "labels": list(reversed(ROLE_LABELS))})


def _weights(**rows: dict[str, float]) -> dict[str, tuple[float, ...]]:
    return {feature: tuple(row.get(label, 0.0) for label in ROLE_LABELS) for feature, row in rows.items()}


def test_reassign_adds_sure_roles_as_a_hint_and_keeps_the_rules_roles() -> None:
    doc, context = _parsed()
    qatar, israel, _ = (a for a in context.actors if not a.place)
    mention = replace(_talks(), roles={"parties": [qatar.to_actor(doc), israel.to_actor(doc)]})
    weights = _weights(**{"path_via=nsubj|dobj|mediate": {"mediators": 6.0}, "prep=between": {"parties": 6.0}})
    model = RoleModel(ROLE_LABELS, weights, (0.0,) * 9, add_threshold=0.8)
    (revised,) = reassign([mention], doc, context, model)
    assert revised.roles == mention.roles  # the rules' roles, untouched: merging reads them
    learned = revised.facts["learned_roles"]
    assert [a.country for a in learned["parties"]] == ["PSE"]  # Hamas; Qatar already has a role
    assert set(learned) == {"parties"}
    (alone,) = reassign([replace(mention, roles={})], doc, context, model)
    assert [a.country for a in alone.facts["learned_roles"]["mediators"]] == ["QAT"]
    assert [a.country for a in alone.facts["learned_roles"]["parties"]] == ["ISR", "PSE"]
    cautious = RoleModel(ROLE_LABELS, weights, (0.0,) * 9, add_threshold=1.01)
    assert reassign([mention], doc, context, cautious) == [mention]


def _eager(role: str) -> RoleModel:
    """A model sure that every candidate takes ``role``."""
    bias = tuple(9.0 if label == role else 0.0 for label in ROLE_LABELS)
    return RoleModel(ROLE_LABELS, {}, bias, add_threshold=0.5)


def test_speakers_and_venues_never_gain_a_role() -> None:
    text = "Qatar said that talks between Israel and Hamas in Cairo would resume."
    doc, context = _parsed(text)
    qatar = next(a for a in context.actors if a.entry.country == "QAT")
    start = text.index("talks")
    mention = Mention("talks", "rules.talks.v1", start, start + 5, (0, len(text)), "talks", "talks")
    (free,) = reassign([mention], doc, context, _eager("parties"))
    assert "QAT" in {a.country for a in free.facts["learned_roles"]["parties"]}
    said = replace(mention, attributed_to=qatar.to_actor(doc))
    (revised,) = reassign([said], doc, context, _eager("parties"))
    assert "QAT" not in {a.country for a in revised.facts["learned_roles"]["parties"]}
    venue = replace(mention, facts={"location": Place(name="Qatar", country="QAT")})
    (revised,) = reassign([venue], doc, context, _eager("parties"))
    assert "QAT" not in {a.country for a in revised.facts["learned_roles"]["parties"]}


@pytest.mark.parametrize("role", sorted(DIRECTED_ROLES - {"proposer"}))
def test_a_directed_role_the_rules_filled_is_not_extended(role: str) -> None:
    text = "Japan joined the United States in imposing sanctions on Russian banks."
    doc, context = _parsed(text)
    japan = next(a for a in context.actors if a.entry.country == "JPN")
    kind = "sanction" if role in ("imposers", "targets") else "arms_deal"
    start = text.index("sanctions")
    bare = Mention(kind, "rules.sanction.v1", start, start + 9, (0, len(text)), "sanctions", "sanctions")
    (empty,) = reassign([bare], doc, context, _eager(role))
    assert len(empty.facts["learned_roles"][role]) >= 2  # an empty role is filled
    filled = replace(bare, roles={role: [japan.to_actor(doc)]})
    assert reassign([filled], doc, context, _eager(role)) == [filled]


def test_learned_roles_join_the_event_but_not_the_merge_decision() -> None:
    doc, context = _parsed()
    qatar, israel, hamas = (a for a in context.actors if not a.place)
    first = replace(_talks(), roles={"parties": [israel.to_actor(doc)]})
    first = replace(
        first, facts={"learned_roles": {"parties": [hamas.to_actor(doc)], "mediators": [qatar.to_actor(doc)]}}
    )
    (event,) = merge_mentions([first])
    assert sorted(a.country for a in event.parties) == ["ISR", "PSE"]
    assert [a.country for a in event.mediators] == ["QAT"]


def test_a_reviser_that_breaks_learned_roles_is_named() -> None:
    doc, context = _parsed()
    mention = replace(_talks(), facts={"learned_roles": {"suppliers": []}})
    with pytest.raises(InvalidMentionError, match=r"learned_roles\.suppliers"):
        check_mention(mention, extractor="rules.talks.v1", doc=doc, context=context, article="a")
    mention = replace(_talks(), facts={"learned_roles": {"parties": ["Qatar"]}})
    with pytest.raises(InvalidMentionError, match=r"list of negotiation_events\.Actor"):
        check_mention(mention, extractor="rules.talks.v1", doc=doc, context=context, article="a")


def test_the_reviser_is_in_the_model_group() -> None:
    assert "model.roles.v1" in groups()["model"] and "model.roles.v1" in groups()["default"]
    doc, context = _parsed()
    assert RoleModelReviser().extract(doc, context) == []


def test_a_missing_model_file_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import negotiation_events.extractors.model.roles as roles_module

    monkeypatch.setattr(roles_module, "_RESOURCE", "no_such_model.json")
    roles_module.load_role_model.cache_clear()
    try:
        with pytest.raises(ModelNotFoundError, match=r"train_roles\.py"):
            roles_module.load_role_model()
    finally:
        monkeypatch.undo()
        roles_module.load_role_model.cache_clear()
    assert roles_module.load_role_model().labels == ROLE_LABELS


def test_training_labels_come_from_the_mention_then_the_event() -> None:
    train = training_script("train_roles")
    mention = {"actors": [{"role": "imposer", "span": [0, 2]}, {"role": "target", "span": [30, 39]}]}
    event = {"roles": {"imposer": ["USA"], "target": ["MMR"]}}
    assert train.label({"start": 0, "end": 2, "code": "USA", "same": True}, event, mention) == "imposers"
    assert train.label({"start": 50, "end": 55, "code": "MMR", "same": True}, event, mention) == "targets"
    assert train.label({"start": 50, "end": 55, "code": "MMR", "same": False}, event, mention) == "none"
    assert train.label({"start": 60, "end": 65, "code": "FRA", "same": True}, event, mention) == "none"
