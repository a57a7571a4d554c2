"""The learned status of a mention: a linear classifier over its trigger in context.

The rules read a trigger's status from cue words on its chain of governors
([`assess`][negotiation_events.context.assess]); this model reads the same context as
features and learns from the corpus which stage each mention reports:

* the trigger: its lemma, tag, dependency, and the event type;
* its modifiers ("*proposed* ceasefire", "*no* deal") and the preposition that governs it
  ("*after* the talks");
* the chain of governors (lemma, tag, auxiliaries, negation, infinitive marker), nearest
  first ("Kyiv *rejected* a proposal for talks", "they *will* meet");
* the words around the trigger, by side, and the sentence's main verb and tense;
* what the rules decided (their status, cue, negation, hypothetical), so the model learns
  where to trust them.

The output is a probability for each of the seven statuses: which stage the mention
reports, if it reports one. It is a multinomial logistic regression over a vocabulary of
feature strings, shipped as package data (``status_model.json``, about 2 MB), trained by
``training/train_status.py`` on the gold mentions that report a stage. It leaves each
mention's own status alone and adds its reading as merging hints; the merge takes the
event's status from them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from ...context import Assessment, assess, governors
from ...models import Status
from ..base import ArticleContext, Mention
from ._linear import probabilities, read_resource, weights_from_json, weights_to_json

__all__ = [
    "STATUS_LABELS",
    "StatusModel",
    "StatusModelReviser",
    "load_status_model",
    "restatus",
    "rule_reading",
    "status_features",
    "trigger_span",
]

STATUS_LABELS: tuple[str, ...] = tuple(s.value for s in Status)
"""The classes: the seven statuses."""

_RESOURCE = "status_model.json"
_WINDOW = 5
_MODIFIER_DEPS = frozenset({"amod", "det", "compound", "advmod", "neg", "nummod", "acomp", "npadvmod", "poss"})
_GOVERNOR_CHILD_DEPS = frozenset({"aux", "auxpass", "neg", "advmod", "mark", "acomp", "xcomp", "prt"})


def _lemma(token: Token) -> str:
    return token.lemma_.lower() if token.lemma_ else token.lower_


def status_features(trigger: Span, event_type: str, rule: Assessment | None = None) -> list[str]:
    """The features of one trigger in its sentence.

    Args:
        trigger: the trigger's tokens (their syntactic root is the head).
        event_type: the mention's event type.
        rule: what the rules decided for this trigger (by default,
            [`assess`][negotiation_events.context.assess] on it).

    Returns:
        Feature strings (a bag: order carries no meaning).

    Example:
        >>> from negotiation_events.pipeline import get_pipeline
        >>> doc = get_pipeline()("Kyiv rejected the proposal for a ceasefire.")
        >>> features = status_features(doc[6:7], "ceasefire_proposal")
        >>> "g1=for" in features and "rule=rejected" in features
        True
    """
    head = trigger.root
    members = {t.i for t in trigger}
    if rule is None:
        rule = assess(head, event_type, list(trigger))
    lemma = _lemma(head)
    out = [
        f"type={event_type}",
        f"lemma={lemma}",
        f"type|lemma={event_type}|{lemma}",
        f"tag={head.tag_}",
        f"dep={head.dep_}",
        f"rule={rule.status.value if rule.status else 'none'}",
        f"type|rule={event_type}|{rule.status.value if rule.status else 'none'}",
        f"cue={rule.cue.lower() if rule.cue else 'none'}",
        f"rule_neg={rule.negated}",
        f"rule_hyp={rule.hypothetical}",
        f"novelty={rule.novelty}",
    ]
    for token in trigger:
        for child in token.children:
            if child.i not in members and child.dep_ in _MODIFIER_DEPS:
                out.append(f"mod={child.dep_}:{_lemma(child)}")
                out.append(f"mod={_lemma(child)}")
        if token.i != head.i:
            out.append(f"in_trigger={_lemma(token)}")
    chain = [g for g in governors(head, 4) if g.i not in members]
    below = head
    for depth, governor in enumerate(chain, start=1):
        name = _lemma(governor)
        out.append(f"g{depth}={name}")
        out.append(f"gov={name}")
        out.append(f"g{depth}tag={governor.tag_}")
        out.append(f"g{depth}dep={below.dep_}")
        if depth == 1:
            out.append(f"g1|lemma={name}|{lemma}")
        for child in governor.children:
            if child.dep_ in _GOVERNOR_CHILD_DEPS and child.i != below.i:
                out.append(f"gchild={child.dep_}:{_lemma(child)}")
                if depth <= 2:
                    out.append(f"g{depth}child={child.dep_}:{_lemma(child)}")
        below = governor
    if not chain:
        out.append("g1=NONE")
    for child in head.children:
        if child.dep_ in {"aux", "auxpass", "neg"}:
            out.append(f"aux={_lemma(child)}")
    sentence = head.sent
    root = sentence.root
    out.append(f"root={_lemma(root)}")
    out.append(f"roottag={root.tag_}")
    out.extend(f"rootaux={_lemma(c)}" for c in root.children if c.dep_ in {"aux", "auxpass", "neg"})
    left = [t for t in sentence if trigger.start - _WINDOW <= t.i < trigger.start and not t.is_punct]
    right = [t for t in sentence if trigger.end <= t.i < trigger.end + _WINDOW and not t.is_punct]
    out.extend(f"L={_lemma(t)}" for t in left)
    out.extend(f"R={_lemma(t)}" for t in right)
    if left:
        out.append(f"L1={_lemma(left[-1])}")
    if right:
        out.append(f"R1={_lemma(right[0])}")
    return out


@dataclass(frozen=True)
class StatusModel:
    """A multinomial logistic regression over feature strings.

    Attributes:
        labels: the classes, in the order of the weight columns
            ([`STATUS_LABELS`][negotiation_events.extractors.model.status.STATUS_LABELS]).
        weights: feature string → one weight per label.
        bias: one weight per label.
        stage_threshold: the probability at which a mention counts as reporting a stage
            (an event's status is the latest stage some mention reports at this level).
    """

    labels: tuple[str, ...]
    weights: dict[str, tuple[float, ...]]
    bias: tuple[float, ...]
    stage_threshold: float = 0.7

    def stages(self, probabilities: dict[str, float]) -> list[str]:
        """The statuses whose probability reaches the stage threshold."""
        return [label for label in self.labels if probabilities[label] >= self.stage_threshold]

    def probabilities(self, features: Iterable[str]) -> dict[str, float]:
        """The probability of each label for one bag of features."""
        return probabilities(self.labels, self.weights, self.bias, features)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (what ``status_model.json`` holds)."""
        return {**weights_to_json(self.labels, self.weights, self.bias), "stage_threshold": self.stage_threshold}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StatusModel:
        """The model stored by [`to_json`][negotiation_events.extractors.model.status.StatusModel.to_json]."""
        labels, weights, bias = weights_from_json(data, "status model")
        return cls(labels, weights, bias, float(data["stage_threshold"]))


@lru_cache(maxsize=1)
def load_status_model() -> StatusModel:
    """The shipped model, loaded once per process, offline.

    Raises:
        ModelNotFoundError: the package lacks ``status_model.json``.
    """
    return StatusModel.from_json(read_resource(_RESOURCE, "status model", "training/train_status.py"))


def trigger_span(doc: Doc, mention: Mention, offset: int = 0) -> Span | None:
    """The tokens of a mention's trigger in ``doc`` (the first occurrence inside its evidence).

    Args:
        doc: the parsed piece of the article that holds the mention.
        mention: the mention.
        offset: the piece's offset in the article.
    """
    start, end = mention.start - offset, mention.end - offset
    if start < 0 or end > len(doc.text) or not mention.trigger:
        return None
    index = doc.text.find(mention.trigger, start, end)
    if index < 0:
        return None
    return doc.char_span(index, index + len(mention.trigger), alignment_mode="expand")


def rule_reading(mention: Mention) -> Assessment:
    """What the rules decided about a mention's status, as an [`Assessment`][negotiation_events.context.Assessment]."""
    return Assessment(
        status=mention.status,
        cue=mention.status_cue,
        negated=mention.negated,
        hypothetical=mention.hypothetical,
        novelty=mention.novelty,
    )


def restatus(mentions: Sequence[Mention], doc: Doc, offset: int, model: StatusModel) -> list[Mention]:
    """Mentions carrying the model's reading of their status.

    Each mention whose trigger is found in ``doc`` gains two merging hints: its
    ``status_probabilities`` (label → probability) and its ``status_stages``: the
    statuses at or above the model's stage threshold or, when there are none, the status
    the rules read from a cue word (the model backs off to the rules where it is
    unsure; without a cue, nothing). The merge decides the event's
    status from them; the mention's own ``status`` (the rules' reading) is left as it
    is, so the rules still decide which mentions are one event.

    Args:
        mentions: mentions found in ``doc``.
        doc: the parsed piece.
        offset: the piece's offset in the article.
        model: the classifier.
    """
    out: list[Mention] = []
    for mention in mentions:
        span = trigger_span(doc, mention, offset)
        if span is None or len(span) == 0:
            out.append(mention)
            continue
        probabilities = model.probabilities(status_features(span, mention.type, rule_reading(mention)))
        stages = model.stages(probabilities)
        if not stages and mention.status is not None and mention.status_cue:
            stages = [mention.status.value]  # the model is unsure: the rules' cue word decides
        facts = {
            **mention.facts,
            "status_probabilities": {k: round(v, 4) for k, v in probabilities.items()},
            "status_stages": stages,
        }
        out.append(replace(mention, facts=facts))
    return out


class StatusModelReviser:
    """The learned status of each rule mention (``model.status.v1``).

    Part of the ``model`` group, so the default extractors use it: every mention of the
    built-in rule extractors gains the reading
    [`StatusModel`][negotiation_events.extractors.model.status.StatusModel] makes of its
    trigger (the rules' own reading is one of its features), and the merge takes the
    event's status from these readings. Leave it out
    (``extractors=["rules", "model.sentence.v2", "model.roles.v1", "model.trigger.v1"]``)
    to keep the rules' statuses.

    Example:
        >>> from negotiation_events import parse_article
        >>> text = "Kyiv rejected a Russian proposal for a ceasefire on Monday."
        >>> events = parse_article(text, published="2025-03-12")
        >>> events[0].type, events[0].status.value
        ('ceasefire_proposal', 'rejected')
    """

    name = "model.status.v1"

    def extract(self, doc: Doc, context: ArticleContext) -> list[Mention]:
        """Nothing: this component finds no events, it revises the rules' mentions."""
        return []

    def revise(self, mentions: list[Mention], doc: Doc, context: ArticleContext) -> list[Mention]:
        """The rule mentions of ``doc`` with their learned statuses."""
        return restatus(mentions, doc, context.offset, load_status_model())
