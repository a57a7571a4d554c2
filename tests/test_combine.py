"""The ensemble's combination logic on synthetic mentions: no spaCy model needed."""

from __future__ import annotations

import itertools

from negotiation_events.combine import CombinationPolicy, calibrated_confidence, combine
from negotiation_events.extractors.base import Mention
from negotiation_events.extractors.model import SentenceScores
from negotiation_events.merge import merge_mentions, raw_confidence
from negotiation_events.models import Actor, Status

MODEL = "model.sentence.v2"


def _mention(start: int, kind: str = "talks", extractor: str = "rules.talks.v1", score: float = 0.8) -> Mention:
    actors = [Actor(name=c, canonical=c, country=c) for c in ("UKR", "RUS")]
    role = {"talks": "parties", "sanction": "targets"}.get(kind, "parties")
    return Mention(
        type=kind,  # type: ignore[arg-type]
        extractor=extractor,
        start=start,
        end=start + 10,
        sentence=(start, start + 40),
        trigger="talks",
        text="x" * 10,
        status=Status.OCCURRED,
        status_cue="held",
        roles={role: actors},
        score=score,
    )


def _scores(start: int, **probabilities: float) -> SentenceScores:
    return SentenceScores(start=start, end=start + 40, scores=probabilities)


def test_a_confirmed_rule_mention_gains_the_model_as_extractor() -> None:
    rule = _mention(0)
    combined = combine([rule], [], [_scores(0, talks=0.9)], policy=CombinationPolicy(agreement=0.5))
    assert combined.mentions == [rule]
    assert combined.support == {((0, 40), "talks"): (MODEL, 0.9)}
    (confirmed,) = merge_mentions(combined.mentions, support=combined.support)
    (alone,) = merge_mentions(combined.mentions)
    assert confirmed.extractors == [MODEL, "rules.talks.v1"] and alone.extractors == ["rules.talks.v1"]
    assert confirmed.status == alone.status and confirmed.confidence >= alone.confidence


def test_an_unconfirmed_rule_mention_stands_alone() -> None:
    combined = combine([_mention(0)], [], [_scores(0, talks=0.2)], policy=CombinationPolicy(agreement=0.5))
    assert [m.extractor for m in combined.mentions] == ["rules.talks.v1"] and not combined.support


def test_the_veto_drops_rule_mentions_the_model_rejects() -> None:
    rules = [_mention(0), _mention(100)]
    scores = [_scores(0, talks=0.01), _scores(100, talks=0.3)]
    combined = combine(rules, [], scores, policy=CombinationPolicy(agreement=0.5, veto=0.05))
    assert [m.start for m in combined.mentions] == [100]
    assert len(combine(rules, [], scores, policy=CombinationPolicy(veto=0.0)).mentions) == 2


def test_model_mentions_fill_sentences_the_rules_missed_only() -> None:
    rule = _mention(0)
    model_same_sentence = _mention(0, extractor=MODEL, score=0.95)
    model_elsewhere = _mention(100, extractor=MODEL, score=0.95)
    model_other_type = _mention(0, kind="sanction", extractor=MODEL, score=0.95)
    combined = combine(
        [rule],
        [model_same_sentence, model_elsewhere, model_other_type],
        [_scores(0, talks=0.95, sanction=0.95), _scores(100, talks=0.95)],
        policy=CombinationPolicy(agreement=0.5),
    )
    kept = [(m.start, m.type, m.extractor) for m in combined.mentions]
    assert kept == [(0, "talks", "rules.talks.v1"), (100, "talks", MODEL), (0, "sanction", MODEL)]
    assert set(combined.support) == {((0, 40), "talks")}


def test_agreement_raises_the_raw_confidence() -> None:
    alone = raw_confidence([_mention(0)])
    confirmed = raw_confidence([_mention(0)], support=[(MODEL, 0.9)])
    more_mentions = raw_confidence([_mention(0), _mention(50)])
    assert 0 < alone < confirmed < 1 and alone < more_mentions < 1


def test_calibrated_confidence_is_monotone_and_bounded() -> None:
    values = [calibrated_confidence(x / 100) for x in range(101)]
    assert all(0.0 <= v <= 1.0 for v in values)
    assert all(a <= b + 1e-12 for a, b in itertools.pairwise(values))
