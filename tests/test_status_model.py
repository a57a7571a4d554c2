"""The learned mention status (``model.status.v1``): features, model, reviser, merge, training."""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.tokens import Doc
from tests.conftest import training_script

from negotiation_events import PluginError, parse_article, register_extractor
from negotiation_events.extractors.base import ArticleContext, Extractor, Mention, MentionReviser
from negotiation_events.extractors.model import StatusModelReviser
from negotiation_events.extractors.model.status import (
    STATUS_LABELS,
    StatusModel,
    load_status_model,
    restatus,
    status_features,
    trigger_span,
)
from negotiation_events.extractors.registry import _reset, groups
from negotiation_events.merge import merge_mentions
from negotiation_events.models import Status
from negotiation_events.pipeline import get_pipeline

ROOT = Path(__file__).resolve().parent.parent


def _model() -> StatusModel:
    return load_status_model()


def test_shipped_model_has_every_label_and_a_threshold() -> None:
    model = _model()
    assert model.labels == STATUS_LABELS
    assert 0.0 < model.stage_threshold < 1.0
    assert len(model.weights) > 1000
    assert all(len(row) == len(STATUS_LABELS) for row in model.weights.values())


@given(st.lists(st.sampled_from(["type=talks", "lemma=talk", "rule=failed", "g1=collapse", "unknown", "L=not"])))
def test_probabilities_are_a_distribution(features: list[str]) -> None:
    probabilities = _model().probabilities(features)
    assert set(probabilities) == set(STATUS_LABELS)
    assert math.isclose(sum(probabilities.values()), 1.0, rel_tol=1e-9)
    assert all(0.0 <= p <= 1.0 for p in probabilities.values())


def test_unknown_features_leave_the_prior() -> None:
    model = _model()
    assert model.probabilities(["never-seen-feature"]) == model.probabilities([])


def test_json_round_trip_and_bad_rows() -> None:
    small = StatusModel(("failed", "occurred"), {"a": (1.0, -1.0)}, (0.0, 0.5), 0.6)
    again = StatusModel.from_json(json.loads(json.dumps(small.to_json())))
    assert again == small
    assert again.stages({"failed": 0.5, "occurred": 0.5}) == []
    assert again.stages({"failed": 0.1, "occurred": 0.9}) == ["occurred"]
    broken = small.to_json()
    broken["weights"]["a"] = [1.0]
    with pytest.raises(ValueError, match="one value per label"):
        StatusModel.from_json(broken)


def test_features_read_governors_modifiers_and_the_rules() -> None:
    doc = get_pipeline()("Kyiv rejected the proposal for a ceasefire.")
    features = status_features(doc[6:7], "ceasefire_proposal")
    assert "lemma=ceasefire" in features
    assert "g1=for" in features and "g2=proposal" in features and "g3=reject" in features
    assert "rule=rejected" in features
    doc = get_pipeline()("The two sides will not hold talks next week.")
    features = status_features(doc[6:7], "talks")
    assert "gchild=aux:will" in features and "gchild=neg:not" in features


def _rule_mention(text: str, trigger: str, status: Status | None = Status.OCCURRED) -> Mention:
    start = text.index(trigger)
    return Mention(
        type="talks",
        extractor="rules.talks.v1",
        start=start,
        end=start + len(trigger),
        sentence=(0, len(text)),
        trigger=trigger,
        text=trigger,
        status=status,
        status_cue="held" if status else None,
    )


def test_trigger_span_finds_the_trigger_inside_the_evidence() -> None:
    text = "Talks were held. The talks collapsed."
    doc = get_pipeline()(text)
    second = _rule_mention(text, "talks collapsed")
    second = replace(second, trigger="talks")
    span = trigger_span(doc, second)
    assert span is not None and span.start_char == text.index("talks collapsed")
    assert trigger_span(doc, replace(second, trigger="meeting")) is None
    assert trigger_span(doc, second, offset=100) is None  # evidence outside this piece


def test_restatus_adds_hints_and_keeps_the_rules_status() -> None:
    text = "The talks in Doha collapsed on Friday."
    doc = get_pipeline()(text)
    mention = _rule_mention(text, "talks", Status.FAILED)
    missing = replace(mention, trigger="summit")
    revised, untouched = restatus([mention, missing], doc, 0, _model())
    assert revised.status is Status.FAILED  # merging still reads the rules' status
    probabilities = revised.facts["status_probabilities"]
    assert set(probabilities) == set(STATUS_LABELS)
    assert revised.facts["status_stages"] == _model().stages(probabilities)
    assert revised.facts["status_stages"] == ["failed"]
    assert untouched is missing


def _hinted(start: int, stages: list[str], probabilities: dict[str, float], status: Status | None) -> Mention:
    mention = Mention(
        type="talks",
        extractor="rules.talks.v1",
        start=start,
        end=start + 5,
        sentence=(start, start + 20),
        trigger="talks",
        text="talks",
        status=status,
        status_cue="x" if status else None,
        anaphoric=start > 0,
    )
    full = dict.fromkeys(STATUS_LABELS, 0.0) | probabilities
    return replace(mention, facts={"status_probabilities": full, "status_stages": stages})


def test_event_status_is_the_latest_learned_stage() -> None:
    mentions = [
        _hinted(0, ["planned"], {"planned": 0.8, "proposed": 0.2}, Status.PLANNED),
        _hinted(40, ["occurred"], {"occurred": 0.9, "agreed": 0.1}, Status.OCCURRED),
        _hinted(80, [], {"failed": 0.4, "occurred": 0.6}, Status.OCCURRED),
    ]
    (event,) = merge_mentions(mentions)
    assert event.status is Status.OCCURRED  # failed stays under the threshold


def test_without_a_confident_stage_the_most_probable_status_wins() -> None:
    mentions = [
        _hinted(0, [], {"proposed": 0.45, "planned": 0.1, "agreed": 0.45}, None),
        _hinted(40, [], {"proposed": 0.3, "planned": 0.35, "agreed": 0.35}, Status.PLANNED),
    ]
    (event,) = merge_mentions(mentions)
    assert event.status is Status.AGREED  # 0.8 summed against 0.75; the rules' vote would say planned


def test_without_hints_the_rules_vote() -> None:
    mentions = [_hinted(0, [], {}, Status.PLANNED), _hinted(40, [], {}, Status.PLANNED)]
    plain = [replace(m, facts={}) for m in mentions]
    (event,) = merge_mentions(plain)
    assert event.status is Status.PLANNED


def test_the_reviser_is_registered_in_the_model_group() -> None:
    assert "model.status.v1" in groups()["model"]
    assert "model.status.v1" in groups()["default"]
    reviser = StatusModelReviser()
    assert isinstance(reviser, Extractor) and isinstance(reviser, MentionReviser)
    doc = get_pipeline()("Talks were held.")
    assert reviser.extract(doc, ArticleContext()) == []


TEXT = "Russian and Ukrainian delegations met in Istanbul on Friday, but the talks collapsed within hours."


def test_default_ensemble_and_its_ablation_agree_on_events() -> None:
    published = "2025-05-18"
    learned = parse_article(TEXT, published=published)
    ruled = parse_article(
        TEXT, published=published, extractors=["rules", "model.sentence.v2", "model.roles.v1", "model.trigger.v1"]
    )
    assert [(e.type, e.evidence) for e in learned] == [(e.type, e.evidence) for e in ruled]
    assert [e.status for e in learned] == [Status.FAILED]
    assert parse_article(TEXT, published=published, extractors=["model"])  # the model group alone still runs


class _BrokenReviser:
    name = "test.broken_reviser.v1"

    def __init__(self, how: str) -> None:
        self.how = how

    def extract(self, doc: Doc, context: ArticleContext) -> Iterable[Mention]:
        return []

    def revise(self, mentions: list[Mention], doc: Doc, context: ArticleContext) -> list[Mention]:
        self.calls = getattr(self, "calls", 0) + 1
        if self.how == "raise" or (self.how == "late" and self.calls > 1):
            raise RuntimeError("boom")
        if self.how == "late":  # the first paragraph's mentions are revised, then it fails
            stages = {"status_stages": ["rejected"], "status_probabilities": {"rejected": 1.0}}
            return [replace(m, facts={**m.facts, **stages}) for m in mentions]
        if self.how == "drop":
            return mentions[:-1]
        return [replace(m, extractor="someone.else") for m in mentions]


@pytest.mark.parametrize(
    ("how", "message"), [("raise", "boom"), ("drop", r"revised \d+ mentions into \d+"), ("rename", "someone.else")]
)
def test_a_broken_reviser_is_a_plugin_error(how: str, message: str) -> None:
    register_extractor("test.broken_reviser.v1", lambda: _BrokenReviser(how))
    try:
        with pytest.raises(PluginError, match=message):
            parse_article(TEXT, extractors=["rules", "test.broken_reviser.v1"])
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            events = parse_article(TEXT, extractors=["rules", "test.broken_reviser.v1"], on_error="skip")
        assert events == parse_article(TEXT, extractors=["rules"])
        assert any("test.broken_reviser.v1" in str(w.message) for w in caught)
    finally:
        _reset()


def test_training_learns_a_tiny_fixture_deterministically() -> None:
    train = training_script("train_status")
    rows = [
        {"features": ["g1=collapse", "lemma=talk"], "gold": "failed", "rule": "occurred"},
        {"features": ["g1=hold", "lemma=talk"], "gold": "occurred", "rule": "occurred"},
        {"features": ["g1=propose", "lemma=truce"], "gold": "proposed", "rule": "none"},
        {"features": ["lemma=talk", "g1=sign"], "gold": "agreed", "rule": "none"},
    ] * 5
    vocabulary = {f: i for i, f in enumerate(sorted({f for r in rows for f in r["features"]}))}
    weights, bias = train.fit(rows, vocabulary, STATUS_LABELS, 1e-4, train.EPOCHS)
    again, _ = train.fit(rows, vocabulary, STATUS_LABELS, 1e-4, train.EPOCHS)
    assert (weights == again).all()
    probs = train.predict(rows[:4], vocabulary, weights, bias)
    assert [STATUS_LABELS[i] for i in probs.argmax(axis=1)] == ["failed", "occurred", "proposed", "agreed"]
    assert train.accuracy(rows[:4], ["failed", "occurred", "agreed", "agreed"]) == 0.75


def test_a_reviser_that_fails_late_leaves_no_revision_behind() -> None:
    text = f"{TEXT}\n\nThe two delegations are due to meet again in Geneva next week, officials said."
    register_extractor("test.broken_reviser.v1", lambda: _BrokenReviser("late"))
    try:
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always")
            events = parse_article(text, extractors=["rules", "test.broken_reviser.v1"], on_error="skip")
        assert events == parse_article(text, extractors=["rules"])
        assert Status.REJECTED not in {e.status for e in events}
    finally:
        _reset()


def test_a_missing_model_file_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import negotiation_events.extractors.model.status as status_module
    from negotiation_events import ModelNotFoundError

    monkeypatch.setattr(status_module, "_RESOURCE", "no_such_model.json")
    status_module.load_status_model.cache_clear()
    try:
        with pytest.raises(ModelNotFoundError, match=r"train_status\.py"):
            status_module.load_status_model()
    finally:
        monkeypatch.undo()
        status_module.load_status_model.cache_clear()
    assert status_module.load_status_model().labels == STATUS_LABELS
