"""The learned trigger detector (``model.span.v1``): event triggers the lexicons do not list.

The rules find a trigger when a pattern of their lexicons matches it; the sentence model
says a sentence is about an event but not which word is its trigger, so the arguments it
reads come from the sentence root. This detector scores single tokens: every noun or verb
whose lemma has been a trigger in the corpus train split ("meeting", "freed", "measures",
"package", "hotline"...) gets the probability, from a multinomial logistic regression
over its syntax and surroundings (lemma, dependency, head, children and prepositional
objects, the words around it, the kinds of entity and the number of actors in its
sentence, the article's war vocabulary), that it is a trigger of each event type.

A token whose best type reaches that type's threshold becomes a mention read exactly as
a rule trigger of the type is read: the type's rule extractor reads its roles, facts,
status, date, place and evidence from the token's syntax
([`RuleExtractor.mention`][negotiation_events.RuleExtractor.mention]),
with the requirement that a trigger naming no actor only refers back to an event found
otherwise. Where a rule already found a trigger of the type on the same words, the rule's
mention is kept and the detector's dropped (see ``api``).

The model is package data (``span_model.json``), trained by ``python training/train_span.py``
on the gold trigger spans of the train split, its thresholds tuned on dev (docs/model.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Token

from ..base import EVENT_TYPES, ArticleContext, Mention
from ..rules.engine import RuleExtractor, TriggerPattern
from ._linear import probabilities, read_resource, weights_from_json, weights_to_json

__all__ = ["SPAN_LABELS", "SpanModel", "SpanTriggerExtractor", "candidate", "load_span_model", "span_features"]

SPAN_LABELS: tuple[str, ...] = ("none", *EVENT_TYPES)
"""What the detector tells a token apart as: no trigger, or a trigger of one event type."""

_RESOURCE = "span_model.json"
_CANDIDATE_POS = frozenset({"NOUN", "VERB"})
_WINDOW = 2
_BAG = 6


@dataclass(frozen=True)
class SpanModel:
    """The detector's weights, thresholds and candidate lemmas.

    Attributes:
        labels: the classes, ``none`` first (see `SPAN_LABELS`).
        weights: feature string → one weight per label.
        bias: one bias per label.
        thresholds: per event type, the probability a token needs to become a mention.
        lemmas: the lemmas a token must have to be scored at all.
    """

    labels: tuple[str, ...]
    weights: dict[str, tuple[float, ...]]
    bias: tuple[float, ...]
    thresholds: Mapping[str, float] = field(default_factory=dict)
    lemmas: frozenset[str] = frozenset()

    def probabilities(self, features: list[str]) -> dict[str, float]:
        """Probability of each label for a token's features."""
        return probabilities(self.labels, self.weights, self.bias, features)

    def to_json(self) -> dict[str, Any]:
        """The JSON-ready form shipped as ``span_model.json``."""
        return {
            **weights_to_json(self.labels, self.weights, self.bias),
            "thresholds": dict(self.thresholds),
            "lemmas": sorted(self.lemmas),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SpanModel:
        """Read the form written by `to_json`.

        Raises:
            ValueError: the labels are not ``none`` and the five event types, a weight row
                has the wrong length, or a threshold names an unknown type.
        """
        labels, weights, bias = weights_from_json(data, "span model")
        if set(labels) != set(SPAN_LABELS):
            raise ValueError(f"span model: labels {list(labels)}; expected {list(SPAN_LABELS)}")
        thresholds = {str(k): float(v) for k, v in data.get("thresholds", {}).items()}
        unknown = sorted(set(thresholds) - set(EVENT_TYPES))
        if unknown:
            raise ValueError(f"span model: thresholds for unknown event types {unknown}; known: {list(EVENT_TYPES)}")
        return cls(labels, weights, bias, thresholds, frozenset(str(w) for w in data.get("lemmas", [])))


@lru_cache(maxsize=1)
def load_span_model() -> SpanModel:
    """The shipped detector (read once).

    Raises:
        ModelNotFoundError: the installed package lacks ``span_model.json``.
    """
    return SpanModel.from_json(read_resource(_RESOURCE, "span trigger model", "training/train_span.py"))


def candidate(token: Token, lemmas: frozenset[str] | None = None) -> bool:
    """Whether the detector scores this token: a noun or verb (with a known lemma, when given)."""
    if token.pos_ not in _CANDIDATE_POS or token.is_stop or not token.is_alpha:
        return False
    return lemmas is None or token.lemma_.lower() in lemmas


def _lemma(token: Token) -> str:
    return token.lemma_.lower() if token.is_alpha else token.shape_


def span_features(token: Token, context: ArticleContext) -> list[str]:
    """What the detector reads of one token (feature strings).

    Example:
        >>> from negotiation_events.pipeline import get_pipeline
        >>> doc = get_pipeline()("The two sides met again in Doha on Monday.")
        >>> features = span_features(doc[3], ArticleContext())
        >>> "lemma=meet" in features and "prep=in|doha" in features and "w+1=again" in features
        True
    """
    lemma = _lemma(token)
    head = token.head
    features = [
        f"lemma={lemma}",
        f"lemma_pos={lemma}|{token.pos_}",
        f"tag={token.tag_}",
        f"dep={token.dep_}",
        f"lemma_dep={lemma}|{token.dep_}",
        f"head={_lemma(head)}",
        f"lemma_head={lemma}|{_lemma(head)}",
        f"head_pos={head.pos_}|{token.dep_}",
    ]
    for child in token.children:
        features.append(f"child={child.dep_}|{_lemma(child)}")
        features.append(f"lemma_child={lemma}|{_lemma(child)}")
        if child.dep_ == "prep":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    features.append(f"prep={child.lower_}|{_lemma(grandchild)}")
                    features.append(f"prep_ent={child.lower_}|{grandchild.ent_type_ or '-'}")
    sentence = token.sent
    for offset in range(-_WINDOW, _WINDOW + 1):
        i = token.i + offset
        if offset and sentence.start <= i < sentence.end:
            features.append(f"w{offset:+d}={_lemma(token.doc[i])}")
    for i in range(max(sentence.start, token.i - _BAG), min(sentence.end, token.i + _BAG + 1)):
        if i != token.i and token.doc[i].is_alpha and not token.doc[i].is_stop:
            features.append(f"near={_lemma(token.doc[i])}")
            features.append(f"lemma_near={lemma}|{_lemma(token.doc[i])}")
    for label in sorted({ent.label_ for ent in sentence.ents}):
        features.append(f"ent={label}")
    actors = [a for a in context.actors if sentence.start <= a.start < sentence.end]
    features.append(f"actors={min(len(actors), 2)}")
    features.append(f"lemma_actors={lemma}|{min(len(actors), 2)}")
    if any(token.left_edge.i <= a.start <= token.right_edge.i for a in actors):
        features.append("actor_in_phrase")
    war = "low" if context.conflict_words < 3 else "mid" if context.conflict_words < 6 else "high"
    features.append(f"war={war}")
    features.append(f"lemma_war={lemma}|{war}")
    return features


class SpanTriggerExtractor:
    """Learned trigger detection, arguments read by the rules (``model.span.v1``).

    Args:
        thresholds: per event type, the probability a token needs to become a mention
            (default: the shipped model's, tuned on dev).
    """

    name = "model.span.v1"

    def __init__(self, thresholds: Mapping[str, float] | None = None) -> None:
        self.thresholds = dict(thresholds) if thresholds is not None else None
        self._readers: dict[str, RuleExtractor] | None = None

    def scores(self, doc: Doc, context: ArticleContext) -> list[tuple[Token, dict[str, float]]]:
        """Every candidate token of ``doc`` with the probability of each label."""
        model = load_span_model()
        return [
            (token, model.probabilities(span_features(token, context)))
            for token in doc
            if candidate(token, model.lemmas)
        ]

    def extract(self, doc: Doc, context: ArticleContext) -> list[Mention]:
        """A mention for every token whose best event type reaches its threshold."""
        model = load_span_model()
        limits = self.thresholds if self.thresholds is not None else model.thresholds
        if self._readers is None:
            from .sentence import _argument_readers

            self._readers = _argument_readers()
        mentions: list[Mention] = []
        for token, probs in self.scores(doc, context):
            kind = max(EVENT_TYPES, key=lambda t: probs[t])
            probability = probs[kind]
            if probability < limits.get(kind, 1.01) or probability <= probs["none"]:
                continue
            pattern = TriggerPattern(
                id=f"learned-{kind}",
                pattern=[{"LOWER": token.lower_}],
                head=0,
                requires=["actor_or_anaphoric"],
                score=round(probability, 4),
            )
            mention = self._readers[kind].mention(doc[token.i : token.i + 1], token, pattern, context)
            if mention is not None:
                mentions.append(
                    replace(
                        mention,
                        extractor=self.name,
                        score=probability,
                        facts={**mention.facts, "trigger_probability": round(probability, 4)},
                    )
                )
        return mentions
