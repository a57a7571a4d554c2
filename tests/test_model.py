"""The shipped sentence model (``model.sentence.v2``): loading, size, determinism, use."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import negotiation_events.extractors.model.sentence as sentence_module
from negotiation_events import ModelNotFoundError, parse_article
from negotiation_events.extractors.base import EVENT_TYPES
from negotiation_events.extractors.model import SentenceModelExtractor, load_calibration, load_classifier

PIPELINE = Path(sentence_module.__file__).parent / "pipeline"


def test_the_classifier_is_package_data_under_20_mb() -> None:
    size = sum(f.stat().st_size for f in PIPELINE.rglob("*") if f.is_file())
    assert 0 < size < 20_000_000


def test_the_classifier_scores_the_five_types() -> None:
    classifier = load_classifier()
    assert set(classifier.get_pipe("textcat_multilabel").labels) == set(EVENT_TYPES)


def test_scores_are_deterministic() -> None:
    classifier = load_classifier()
    features = "ACTOR and ACTOR trade NUM captive on DATE"
    first, second = classifier(features).cats, classifier(features).cats
    assert first == second


def test_the_calibration_names_every_type() -> None:
    calibration = load_calibration()
    assert set(calibration["thresholds"]) == set(EVENT_TYPES)
    assert set(calibration["policy"]["thresholds"]) == set(EVENT_TYPES)
    xs, ys = calibration["confidence"]["x"], calibration["confidence"]["y"]
    assert len(xs) == len(ys) and xs == sorted(xs) and ys == sorted(ys)


def test_the_model_finds_a_paraphrase_the_rules_miss() -> None:
    text = "Envoys from Armenia and Azerbaijan sat down in Abu Dhabi to hammer out a peace text."
    assert parse_article(text, published="2025-07-10", extractors=["rules"]) == []
    (event,) = parse_article(text, published="2025-07-10")
    assert event.type == "talks" and "model.sentence.v2" in event.extractors
    assert not any(name.startswith("rules.") for name in event.extractors)
    assert {a.country for a in event.parties} == {"ARM", "AZE"}
    assert all(evidence.text in text for evidence in event.evidence)


def test_rules_and_model_agreeing_are_both_listed_and_more_confident() -> None:
    text = "Russia and Ukraine exchanged 300 prisoners of war on Friday, officials said."
    (both,) = parse_article(text, published="2025-05-24")
    (rules,) = parse_article(text, published="2025-05-24", extractors=["rules"])
    assert both.extractors == ["model.sentence.v2", "rules.prisoner_exchange.v1"]
    assert both.confidence > rules.confidence
    assert (both.status, both.count, both.date) == (rules.status, rules.count, rules.date)


def test_neutral_text_gives_nothing() -> None:
    assert parse_article("The weather in Kyiv was sunny and the markets were calm.", published="2025-05-24") == []


def test_explicit_thresholds_apply_to_the_model_alone() -> None:
    never = SentenceModelExtractor(thresholds=dict.fromkeys(EVENT_TYPES, 1.01))
    assert never.thresholds["talks"] == 1.01


def test_a_missing_model_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sentence_module, "files", lambda _package: tmp_path)
    with pytest.raises(ModelNotFoundError, match="sentence classifier is missing"):
        sentence_module._resource_dir("pipeline")


def test_the_retired_sentence_model_name_selects_its_successor() -> None:
    from negotiation_events.extractors.registry import available_extractors, groups, resolve_extractors

    with pytest.warns(DeprecationWarning, match=r"model\.sentence\.v2"):
        (extractor,) = resolve_extractors(["model.sentence.v1"])
    assert extractor.name == "model.sentence.v2"
    assert "model.sentence.v1" not in groups()["model"] and "model.sentence.v1" not in available_extractors()


def _model_mentions(text: str, published: str) -> list[Any]:
    import datetime as dt

    from negotiation_events.extractors.base import ArticleContext
    from negotiation_events.normalise.actors import load_gazetteer
    from negotiation_events.pipeline import get_pipeline

    day = dt.date.fromisoformat(published)
    doc = get_pipeline()(text)
    context = ArticleContext(published=day, actors=load_gazetteer().find(doc, on=day), conflict_words=5)
    return SentenceModelExtractor(thresholds=dict.fromkeys(EVENT_TYPES, 0.0)).extract(doc, context)


def test_a_sentence_mention_keeps_the_date_its_main_clause_states_and_the_round() -> None:
    text = "The second round between Egypt, Sudan and Ethiopia was held in Addis Ababa on 23 September."
    (talks,) = [m for m in _model_mentions(text, "2023-12-20") if m.type == "talks"]
    assert str(talks.facts["date"].start) == "2023-09-23" and not talks.facts.get("weak_date")
    assert talks.facts["location"].name == "Addis Ababa" and not talks.facts.get("weak_location")
    assert talks.facts["round"] == 2


def test_the_date_and_place_of_a_speech_stay_weak() -> None:
    text = "Egypt's foreign minister said in Cairo on Monday that Sudan and Ethiopia would meet again soon for talks."
    (talks,) = [m for m in _model_mentions(text, "2023-12-20") if m.type == "talks"]
    assert talks.facts.get("date") is None or talks.facts.get("weak_date")
    assert talks.facts.get("location") is None or talks.facts.get("weak_location")
