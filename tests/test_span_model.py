"""The learned trigger detector (``model.span.v1``): model file, features, extractor, training labels."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import training_script

from negotiation_events import ModelNotFoundError, parse_article
from negotiation_events.extractors.base import EVENT_TYPES, ArticleContext
from negotiation_events.extractors.model import SpanTriggerExtractor
from negotiation_events.extractors.model import span as span_module
from negotiation_events.extractors.model.span import SPAN_LABELS, SpanModel, candidate, load_span_model, span_features
from negotiation_events.extractors.registry import groups
from negotiation_events.normalise.actors import load_gazetteer
from negotiation_events.pipeline import get_pipeline

HOTLINE = "India and Pakistan spoke over the hotline on Monday to calm the border."


def _only(
    label: str, features: dict[str, float], lemmas: frozenset[str] = frozenset({"hotline", "speak"})
) -> SpanModel:
    """A hand-made detector: the given features vote for ``label`` (and nothing else is known)."""
    row = {f: tuple(w if lab == label else 0.0 for lab in SPAN_LABELS) for f, w in features.items()}
    return SpanModel(SPAN_LABELS, row, (2.0, 0.0, 0.0, 0.0, 0.0, 0.0), dict.fromkeys(EVENT_TYPES, 0.5), lemmas)


def _context(doc: object, conflict_words: int = 5) -> ArticleContext:
    return ArticleContext(actors=load_gazetteer().find(doc), conflict_words=conflict_words)


def test_shipped_model_is_valid_and_tuned() -> None:
    model = load_span_model()
    assert model.labels == SPAN_LABELS
    assert len(model.weights) > 1000 and len(model.lemmas) > 100
    assert {"meeting", "release", "sanction"} <= model.lemmas
    assert set(model.thresholds) == set(EVENT_TYPES)
    assert all(0.0 < t <= 1.01 for t in model.thresholds.values())


@given(st.lists(st.sampled_from(["lemma=meeting", "dep=nsubj", "war=high", "actors=2", "near=prisoner", "?"])))
def test_probabilities_sum_to_one(features: list[str]) -> None:
    probabilities = load_span_model().probabilities(features)
    assert set(probabilities) == set(SPAN_LABELS)
    assert math.isclose(sum(probabilities.values()), 1.0)


def test_json_round_trip_and_bad_files() -> None:
    small = _only("talks", {"lemma=hotline": 4.0})
    again = SpanModel.from_json(json.loads(json.dumps(small.to_json())))
    assert again == small
    with pytest.raises(ValueError, match="labels"):
        SpanModel.from_json({**small.to_json(), "labels": ["none", "talks", "a", "b", "c", "d"]})
    with pytest.raises(ValueError, match="unknown event types"):
        SpanModel.from_json({**small.to_json(), "thresholds": {"summit": 0.5}})
    with pytest.raises(ValueError, match="one value per label"):
        SpanModel.from_json({**small.to_json(), "weights": {"a": [1.0]}})


def test_candidates_are_nouns_and_verbs_with_a_known_lemma() -> None:
    doc = get_pipeline()(HOTLINE)
    scored = [t.text for t in doc if candidate(t)]
    assert "hotline" in scored and "spoke" in scored
    assert "India" not in scored and "over" not in scored and "Monday" not in scored
    assert [t.text for t in doc if candidate(t, frozenset({"hotline"}))] == ["hotline"]


def test_features_read_the_token_its_syntax_and_its_sentence() -> None:
    doc = get_pipeline()(HOTLINE)
    features = span_features(doc[6], _context(doc))
    for feature in ("lemma=hotline", "lemma_pos=hotline|NOUN", "head=over", "w-1=the", "actors=2", "war=mid"):
        assert feature in features, feature
    assert "ent=DATE" in features and "near=speak" in features


def test_a_detected_trigger_is_read_as_the_rules_of_its_type_read_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(span_module, "load_span_model", lambda: _only("talks", {"lemma=hotline": 4.0}))
    doc = get_pipeline()(HOTLINE)
    (mention,) = SpanTriggerExtractor().extract(doc, _context(doc))
    assert (mention.type, mention.extractor, mention.trigger) == ("talks", "model.span.v1", "hotline")
    assert {a.country for a in mention.roles["parties"]} == {"IND", "PAK"}
    assert mention.score == pytest.approx(math.exp(4.0) / (math.exp(4.0) + math.exp(2.0) + 4.0))
    assert not mention.anaphoric
    assert SpanTriggerExtractor(thresholds=dict.fromkeys(EVENT_TYPES, 0.99)).extract(doc, _context(doc)) == []


def test_a_detected_trigger_with_no_actor_only_refers_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(span_module, "load_span_model", lambda: _only("talks", {"lemma=hotline": 4.0}))
    doc = get_pipeline()("The two generals spoke over the hotline on Monday.")
    (mention,) = SpanTriggerExtractor().extract(doc, _context(doc))
    assert mention.anaphoric
    assert parse_article(doc.text, published="2025-05-12", extractors=["model.span.v1"]) == []


def test_a_trigger_the_rules_found_too_is_theirs(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Russia and Ukraine exchanged 300 prisoners of war on Friday, officials said."
    model = _only("prisoner_exchange", {"lemma=exchange": 9.0}, lemmas=frozenset({"exchange"}))
    monkeypatch.setattr(span_module, "load_span_model", lambda: model)
    doc = get_pipeline()(text)
    assert [m.trigger for m in SpanTriggerExtractor().extract(doc, _context(doc))] == ["exchanged"]
    (event,) = parse_article(text, published="2025-05-24", extractors=["rules", "model.span.v1"])
    assert event.extractors == ["rules.prisoner_exchange.v1"]
    (alone,) = parse_article(text, published="2025-05-24", extractors=["model.span.v1"])
    assert alone.extractors == ["model.span.v1"] and alone.count == 300


def test_the_detector_is_in_the_model_group() -> None:
    assert "model.span.v1" in groups()["model"] and "model.span.v1" in groups()["default"]


def test_a_missing_model_file_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(span_module, "_RESOURCE", "no_such_model.json")
    span_module.load_span_model.cache_clear()
    try:
        with pytest.raises(ModelNotFoundError, match=r"train_span\.py"):
            span_module.load_span_model()
    finally:
        monkeypatch.undo()
        span_module.load_span_model.cache_clear()
    assert span_module.load_span_model().labels == SPAN_LABELS


def test_training_labels_follow_the_gold_trigger_spans() -> None:
    train = training_script("train_span")
    events = [
        {"type": "talks", "mentions": [{"trigger_span": [10, 15], "span": [0, 40]}]},
        {"type": "sanction", "optional": True, "mentions": [{"trigger_span": [50, 59], "span": [45, 70]}]},
    ]
    assert train.label({"start": 10, "end": 15}, events) == "talks"
    assert train.label({"start": 12, "end": 20}, events) == "talks"  # overlapping the trigger
    assert train.label({"start": 30, "end": 35}, events) == "none"  # inside the quote, not the trigger
    assert train.label({"start": 52, "end": 56}, events) == "sanction"  # optional events are events too


def test_the_learned_revisers_read_the_detectors_mentions_too(monkeypatch: pytest.MonkeyPatch) -> None:
    import negotiation_events.api as api

    monkeypatch.setattr(span_module, "load_span_model", lambda: _only("talks", {"lemma=hotline": 4.0}))
    merged: list[object] = []
    original = api.merge_mentions

    def spy(mentions: object, *args: object, **kwargs: object) -> object:
        merged.extend(mentions)  # type: ignore[call-overload]
        return original(merged, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(api, "merge_mentions", spy)
    parse_article(HOTLINE, published="2025-05-12", extractors=["model.span.v1", "model.status.v1"])
    (mention,) = merged
    assert mention.extractor == "model.span.v1" and "status_probabilities" in mention.facts  # type: ignore[attr-defined]
