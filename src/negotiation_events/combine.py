"""How the extractors' mentions are combined before merging (the ensemble).

Rules find triggers they know and read arguments well; the sentence model
(``model.sentence.v2``) finds paraphrases. :func:`combine` joins them:

- a rule mention whose sentence the model also scores for its type (probability at
  least ``policy.agreement``) is *confirmed*: the event it merges into lists the model
  among its extractors, and its confidence rises;
- a rule mention whose sentence the model scores below ``policy.veto`` is dropped
  (``veto = 0`` keeps every rule mention);
- a model mention in a sentence where no rule found that type stands on its own when
  its probability reaches the policy's per-type threshold; it joins or starts an event
  through the usual merging. Below that threshold, but at least ``policy.attach``, it may
  only join an event found otherwise. A model mention in a sentence that names no actor is
  dropped (on the dev split this changed nothing; it removes false evidence such as "the
  museum will extend its opening hours over the holidays").

Event confidence (:func:`calibrated_confidence`) maps the raw agreement score through
an isotonic curve fitted on the corpus dev split (``training/calibrate.py``).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from .extractors.base import EVENT_TYPES, Mention
from .extractors.model.sentence import SentenceScores, load_calibration

__all__ = ["CombinationPolicy", "Combined", "Support", "calibrated_confidence", "combination_policy", "combine"]


@dataclass(frozen=True)
class CombinationPolicy:
    """Knobs of the ensemble.

    Attributes:
        agreement: model probability at which a rule mention counts as confirmed.
        veto: model probability below which a rule mention is dropped (0 keeps all).
        thresholds: per event type, the probability a sentence needs for the model to
            add a mention that may start an event where no rule found that type (above 1:
            never).
        attach: below its type's threshold but at least this, a model mention may only
            join an event found by other mentions (it adds evidence, never an event).
    """

    agreement: float = 0.5
    veto: float = 0.0
    thresholds: Mapping[str, float] = field(default_factory=lambda: dict.fromkeys(EVENT_TYPES, 0.9))
    attach: float = 0.5


def _scores_by_sentence(scores: Iterable[SentenceScores]) -> dict[tuple[int, int], dict[str, float]]:
    return {(s.start, s.end): s.scores for s in scores}


Support = dict[tuple[tuple[int, int], str], tuple[str, float]]
"""(sentence offsets, event type) → (model name, probability): the model's confirmations."""


@dataclass
class Combined:
    """The result of :func:`combine`.

    Attributes:
        mentions: the mentions to merge.
        support: the model's confirmations of rule mentions, by sentence and type; merging
            lists the model among an event's extractors and counts it in the confidence.
    """

    mentions: list[Mention]
    support: Support


def combine(
    rule_mentions: Sequence[Mention],
    model_mentions: Sequence[Mention],
    sentence_scores: Iterable[SentenceScores],
    model_name: str = "model.sentence.v2",
    policy: CombinationPolicy | None = None,
) -> Combined:
    """The mentions to merge, given rule mentions, model mentions and the model's sentence scores.

    Args:
        rule_mentions: mentions from the rule (and any non-model) extractors.
        model_mentions: mentions from the sentence model (at least ``min(policy.thresholds)``).
        sentence_scores: the model's probabilities for every sentence of the article.
        model_name: the model extractor's name, recorded on confirmations.
        policy: agreement and veto thresholds (default: the calibrated policy).

    Returns:
        The rule mentions the model does not veto, the model mentions found in sentences
        where no rule found the same type, and the model's confirmations.
    """
    policy = policy or _policy()
    by_sentence = _scores_by_sentence(sentence_scores)
    mentions: list[Mention] = []
    support: Support = {}
    ruled: set[tuple[tuple[int, int], str]] = set()
    for mention in rule_mentions:
        probability = by_sentence.get(mention.sentence, {}).get(mention.type)
        if probability is not None and probability < policy.veto:
            continue
        mentions.append(mention)
        key = (mention.sentence, mention.type)
        ruled.add(key)
        if probability is not None and probability >= policy.agreement:
            support[key] = (model_name, probability)
    for mention in model_mentions:
        if (mention.sentence, mention.type) in ruled:
            continue
        if mention.facts.get("no_actor"):
            continue  # a sentence naming nobody is too weak: "the museum will extend its hours over the holidays"
        if mention.score >= policy.thresholds.get(mention.type, 1.0):
            mentions.append(mention)
        elif mention.score >= policy.attach:
            mentions.append(replace(mention, facts={**mention.facts, "attach_only": True}))
    return Combined(mentions=mentions, support=support)


def combination_policy() -> CombinationPolicy:
    """The policy calibrated on the dev split (defaults when no calibration is installed)."""
    return _policy()


@lru_cache(maxsize=1)
def _policy() -> CombinationPolicy:
    fitted = load_calibration().get("policy", {})
    values: dict[str, Any] = {k: float(v) for k, v in fitted.items() if k in {"agreement", "veto", "attach"}}
    if isinstance(fitted.get("thresholds"), dict):
        values["thresholds"] = {str(k): float(v) for k, v in fitted["thresholds"].items()}
    return CombinationPolicy(**values)


@lru_cache(maxsize=1)
def _curve() -> tuple[tuple[float, ...], tuple[float, ...]]:
    curve = load_calibration().get("confidence", {})
    xs = tuple(float(x) for x in curve.get("x", [0.0, 1.0]))
    ys = tuple(float(y) for y in curve.get("y", [0.0, 1.0]))
    return xs, ys


def calibrated_confidence(raw: float) -> float:
    """Map a raw agreement score to the precision observed at that score on the dev split.

    Piecewise-linear interpolation of the isotonic curve in ``calibration.json``;
    the identity when no calibration is installed.
    """
    xs, ys = _curve()
    if not xs:
        return raw
    if raw <= xs[0]:
        return ys[0]
    if raw >= xs[-1]:
        return ys[-1]
    i = bisect.bisect_right(xs, raw)
    x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
    return y0 if x1 == x0 else y0 + (y1 - y0) * (raw - x0) / (x1 - x0)
