"""The learned trigger check (``model.trigger.v1``): features, model, reviser, training labels."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import training_script

from negotiation_events import ModelNotFoundError, parse_article
from negotiation_events.extractors.base import EVENT_TYPES, ArticleContext, Mention
from negotiation_events.extractors.model import TriggerModelReviser
from negotiation_events.extractors.model.trigger import (
    TRIGGER_LABELS,
    TriggerModel,
    load_trigger_model,
    recheck,
    trigger_features,
)
from negotiation_events.extractors.registry import groups
from negotiation_events.normalise.actors import load_gazetteer
from negotiation_events.pipeline import get_pipeline

ROOT = Path(__file__).resolve().parent.parent
SENTENCE = "The two parties held coalition talks in Berlin."


def _talks(doc_text: str, trigger: str = "talks") -> Mention:
    start = doc_text.index(trigger)
    return Mention("talks", "rules.talks.v1", start, start + len(trigger), (0, len(doc_text)), trigger, trigger)


def test_shipped_model_is_valid_and_tuned() -> None:
    model = load_trigger_model()
    assert model.labels == TRIGGER_LABELS
    assert len(model.weights) > 1000
    assert set(model.thresholds) <= set(EVENT_TYPES)
    assert all(0.0 <= t < 1.0 for t in model.thresholds.values())


@given(st.lists(st.sampled_from(["type=talks", "lemma=talk", "mod=coalition", "S=shell", "talks|role=parties", "?"])))
def test_probability_is_a_probability(features: list[str]) -> None:
    assert 0.0 <= load_trigger_model().probability(features) <= 1.0


def test_json_round_trip_and_bad_files() -> None:
    small = TriggerModel(TRIGGER_LABELS, {"a": (1.0, -1.0)}, (0.0, 0.0), {"talks": 0.4})
    again = TriggerModel.from_json(json.loads(json.dumps(small.to_json())))
    assert again == small
    assert math.isclose(again.probability(["a"]), math.exp(1) / (math.exp(1) + math.exp(-1)))
    assert again.probability([]) == 0.5
    with pytest.raises(ValueError, match="labels must be"):
        TriggerModel.from_json({**small.to_json(), "labels": ["yes", "no"]})
    with pytest.raises(ValueError, match="unknown event types"):
        TriggerModel.from_json({**small.to_json(), "thresholds": {"summit": 0.5}})
    with pytest.raises(ValueError, match="one value per label"):
        TriggerModel.from_json({**small.to_json(), "weights": {"a": [1.0]}})


def test_features_read_the_trigger_its_sentence_and_the_rules_findings() -> None:
    text = "Russia and Ukraine held talks in Istanbul after heavy shelling."
    doc = get_pipeline()(text)
    context = ArticleContext(actors=load_gazetteer().find(doc), conflict_words=3)
    actors = [a.to_actor(doc) for a in context.actors[:2]]
    mention = replace(_talks(text), roles={"parties": actors}, facts={"weak_location": True})
    features = trigger_features(doc[4:5], mention, context)
    for feature in ("lemma=talk", "role=parties", "roles_filled=1", "hint=weak_location", "conflict=3", "S=shelling"):
        assert feature in features, feature
        assert f"talks|{feature}" in features
    assert "sent_actor=state" in features and "sent_countries=2" in features


def test_recheck_marks_unlikely_triggers_and_leaves_the_rest() -> None:
    doc = get_pipeline()(SENTENCE)
    model = TriggerModel(TRIGGER_LABELS, {"mod=coalition": (-4.0, 4.0)}, (1.0, 0.0), {"talks": 0.5})
    unlikely = _talks(SENTENCE)
    elsewhere = Mention("talks", "rules.talks.v1", 0, 3, (0, len(SENTENCE)), "summit", "The")
    checked, untouched = recheck([unlikely, elsewhere], doc, ArticleContext(), model)
    assert checked.facts["attach_only"] is True
    assert checked.facts["trigger_probability"] < 0.5
    assert untouched == elsewhere  # a trigger not found in its evidence is left alone
    likely = TriggerModel(TRIGGER_LABELS, {}, (1.0, 0.0), {"talks": 0.5})
    (kept,) = recheck([unlikely], doc, ArticleContext(), likely)
    assert "attach_only" not in kept.facts and kept.facts["trigger_probability"] > 0.7


def test_the_reviser_is_in_the_model_group_and_finds_nothing_itself() -> None:
    assert "model.trigger.v1" in groups()["model"] and "model.trigger.v1" in groups()["default"]
    reviser = TriggerModelReviser()
    assert reviser.extract(get_pipeline()(SENTENCE), ArticleContext()) == []


def test_an_unlikely_trigger_no_longer_starts_an_event() -> None:
    text = "Coalition talks between the two largest parties in Berlin broke down on Monday."
    published = "2025-03-12"
    unchecked = parse_article(text, published=published, extractors=["rules", "model.sentence.v2", "model.roles.v1"])
    assert [e.type for e in unchecked] == ["talks"]
    assert parse_article(text, published=published) == []


def test_a_missing_model_file_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import negotiation_events.extractors.model.trigger as trigger_module

    monkeypatch.setattr(trigger_module, "_RESOURCE", "no_such_model.json")
    trigger_module.load_trigger_model.cache_clear()
    try:
        with pytest.raises(ModelNotFoundError, match=r"train_trigger\.py"):
            trigger_module.load_trigger_model()
    finally:
        monkeypatch.undo()
        trigger_module.load_trigger_model.cache_clear()
    assert trigger_module.load_trigger_model().labels == TRIGGER_LABELS


def test_training_labels_follow_the_gold_mentions() -> None:
    train = training_script("train_trigger")
    events = [
        {"type": "talks", "mentions": [{"trigger_span": [10, 15], "span": [0, 40]}]},
        {"type": "sanction", "optional": True, "mentions": [{"trigger_span": [50, 59], "span": [45, 70]}]},
    ]
    assert train.label({"type": "talks", "start": 10, "end": 15}, events) == "event"
    assert train.label({"type": "talks", "start": 30, "end": 35}, events) == "event"  # inside the quote
    assert train.label({"type": "arms_deal", "start": 10, "end": 15}, events) == "other"  # another type
    assert train.label({"type": "talks", "start": 80, "end": 85}, events) == "other"
    assert train.label({"type": "sanction", "start": 50, "end": 59}, events) is None  # optional: left out
