"""The learned trigger check: is a rule mention's trigger really an event of its type?

The trigger lexicons fire on words, and words mislead: "talks" of a coalition, a
"deal" for fighter jets the state buys for itself, an "exchange" of fire, "sanctions"
a football federation imposes. This model reads each rule mention's trigger in
context and gives the probability that it mentions an event of the mention's type, as
the guidelines define them. Its features are those of the status model
([`status_features`][negotiation_events.extractors.model.status.status_features]: the
trigger, its modifiers, governors and window) plus what the rules found around it (the
roles they filled, the facts, the actors of the sentence and their kinds, the sentence's
other content words, whether the article is about war and diplomacy), each also joined
with the event type.

It is a logistic regression over feature strings, shipped as ``trigger_model.json`` and
trained by ``training/train_trigger.py`` on the rule mentions of the corpus train split,
labelled by the gold mentions (train split hard negatives included); the threshold per
event type is tuned on the dev split for event F1 and false alarms. A rule mention below
its type's threshold may only add evidence to an event found by other mentions
(the ``attach_only`` hint); it no longer starts an event of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span

from ..base import EVENT_TYPES, ArticleContext, Mention
from ._linear import probabilities, read_resource, weights_from_json, weights_to_json
from .status import rule_reading, status_features, trigger_span

__all__ = [
    "TRIGGER_LABELS",
    "TriggerModel",
    "TriggerModelReviser",
    "load_trigger_model",
    "recheck",
    "trigger_features",
]

TRIGGER_LABELS: tuple[str, ...] = ("event", "other")
"""The classes: the trigger mentions an event of its type, or it does not."""

_RESOURCE = "trigger_model.json"
_HINTS = ("weak_date", "weak_location", "no_actor", "conflict_context", "partial", "distant_past", "country_place")
_FACTS = ("date", "location", "count", "duration", "weapons", "value", "action")
_CONTENT = frozenset({"NOUN", "VERB", "PROPN", "ADJ"})


def _bucket(value: int, top: int) -> str:
    return str(min(value, top))


def trigger_features(trigger: Span, mention: Mention, context: ArticleContext) -> list[str]:
    """The features of one rule mention's trigger.

    Args:
        trigger: the trigger's tokens in the parsed piece.
        mention: the rule mention (its roles, facts and rule reading are features).
        context: what is known about the article (its actors and war vocabulary).

    Returns:
        Feature strings (a bag), each also joined with the event type (``talks|...``).

    Example:
        >>> from negotiation_events.extractors.base import ArticleContext, Mention
        >>> from negotiation_events.pipeline import get_pipeline
        >>> doc = get_pipeline()("The two parties held coalition talks in Berlin.")
        >>> mention = Mention("talks", "rules.talks.v1", 29, 34, (0, 47), "talks")
        >>> features = trigger_features(doc[5:6], mention, ArticleContext())
        >>> "mod=coalition" in features and "talks|mod=coalition" in features
        True
    """
    kind = mention.type
    out = status_features(trigger, kind, rule_reading(mention))
    out.append(f"anaphoric={mention.anaphoric}")
    out.append(f"conflict={_bucket(context.conflict_words, 6)}")
    filled = [role for role, actors in mention.roles.items() if actors]
    out.append(f"roles_filled={len(filled)}")
    for role in filled:
        out.append(f"role={role}")
        out.append(f"role_n={role}|{_bucket(len(mention.roles[role]), 3)}")
    out.extend(f"hint={hint}" for hint in _HINTS if mention.facts.get(hint))
    out.extend(f"fact={key}" for key in _FACTS if mention.facts.get(key) is not None)
    sentence = trigger.root.sent
    inside = [a for a in context.actors if sentence.start <= a.start < sentence.end]
    out.append(f"sent_actors={_bucket(len(inside), 4)}")
    out.append(f"sent_countries={_bucket(len({a.entry.country for a in inside if a.entry.country}), 3)}")
    out.extend(f"sent_actor={a.entry.kind}" for a in inside)
    members = {t.i for t in trigger}
    out.extend(
        f"S={t.lemma_.lower()}" for t in sentence if t.pos_ in _CONTENT and t.i not in members and t.ent_type_ == ""
    )
    return [*out, *(f"{kind}|{f}" for f in out)]


@dataclass(frozen=True)
class TriggerModel:
    """A logistic regression that scores rule triggers, with a threshold per event type.

    Attributes:
        labels: the classes, in the order of the weight columns
            ([`TRIGGER_LABELS`][negotiation_events.extractors.model.trigger.TRIGGER_LABELS]).
        weights: feature string → one weight per label.
        bias: one weight per label.
        thresholds: per event type, the probability below which a rule mention may no
            longer start an event (a type not listed: 0, every mention may).
    """

    labels: tuple[str, ...]
    weights: dict[str, tuple[float, ...]]
    bias: tuple[float, ...]
    thresholds: Mapping[str, float] = field(default_factory=dict)

    def probability(self, features: Iterable[str]) -> float:
        """The probability that the trigger mentions an event of its type."""
        return probabilities(self.labels, self.weights, self.bias, features)["event"]

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (what ``trigger_model.json`` holds)."""
        return {**weights_to_json(self.labels, self.weights, self.bias), "thresholds": dict(self.thresholds)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TriggerModel:
        """The model stored by [`to_json`][negotiation_events.extractors.model.trigger.TriggerModel.to_json].

        Raises:
            ValueError: the labels are not the trigger labels, a weight row does not have
                one value per label, or a threshold names an unknown event type.
        """
        labels, weights, bias = weights_from_json(data, "trigger model")
        if labels != TRIGGER_LABELS:
            raise ValueError(f"trigger model: labels must be {list(TRIGGER_LABELS)}, got {list(labels)}")
        thresholds = {str(k): float(v) for k, v in data.get("thresholds", {}).items()}
        unknown = sorted(set(thresholds) - set(EVENT_TYPES))
        if unknown:
            raise ValueError(f"trigger model: thresholds for unknown event types {unknown}; known: {list(EVENT_TYPES)}")
        return cls(labels, weights, bias, thresholds)


@lru_cache(maxsize=1)
def load_trigger_model() -> TriggerModel:
    """The shipped model, loaded once per process, offline.

    Raises:
        ModelNotFoundError: the package lacks ``trigger_model.json``.
    """
    return TriggerModel.from_json(read_resource(_RESOURCE, "trigger model", "training/train_trigger.py"))


def recheck(mentions: Sequence[Mention], doc: Doc, context: ArticleContext, model: TriggerModel) -> list[Mention]:
    """Mentions carrying the model's probability that their trigger is an event.

    Each mention whose trigger is found in ``doc`` gains the merging hint
    ``trigger_probability``; one below its type's threshold also gains ``attach_only``
    (it may join an event found otherwise, never start one). A mention whose trigger
    cannot be found is left as it is.

    Args:
        mentions: mentions found in ``doc``.
        doc: the parsed piece.
        context: what is known about the article (``context.offset`` places ``doc``).
        model: the classifier.
    """
    out: list[Mention] = []
    for mention in mentions:
        span = trigger_span(doc, mention, context.offset)
        if span is None or len(span) == 0:
            out.append(mention)
            continue
        probability = model.probability(trigger_features(span, mention, context))
        facts: dict[str, Any] = {**mention.facts, "trigger_probability": round(probability, 4)}
        if probability < model.thresholds.get(mention.type, 0.0):
            facts["attach_only"] = True
        out.append(replace(mention, facts=facts))
    return out


class TriggerModelReviser:
    """The learned check of every rule trigger (``model.trigger.v1``).

    Part of the ``model`` group, so the default extractors use it: a rule mention whose
    trigger [`TriggerModel`][negotiation_events.extractors.model.trigger.TriggerModel]
    scores below its type's threshold no longer starts an event (it can still add
    evidence to one found by other mentions). Leave it out (for example
    ``extractors=["rules", "model.sentence.v2", "model.status.v1"]``) to let every rule
    trigger start an event, as before.

    Example:
        >>> from negotiation_events import parse_article
        >>> text = "Coalition talks between the two largest parties in Berlin broke down on Monday."
        >>> rules_only = parse_article(text, published="2025-03-12", extractors=["rules"])
        >>> [e.type for e in rules_only] == ["talks"]
        True
        >>> parse_article(text, published="2025-03-12")
        []
    """

    name = "model.trigger.v1"

    def extract(self, doc: Doc, context: ArticleContext) -> list[Mention]:
        """Nothing: this component finds no events, it checks the rules' mentions."""
        return []

    def revise(self, mentions: list[Mention], doc: Doc, context: ArticleContext) -> list[Mention]:
        """The rule mentions of ``doc``, each with the model's reading of its trigger."""
        return recheck(mentions, doc, context, load_trigger_model())
