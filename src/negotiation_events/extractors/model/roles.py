"""Learned role assignment: which role, if any, each actor near a trigger plays in its event.

The rules give roles by syntax written for the patterns they know (subjects are parties,
"mediated by X" is a mediator, "sanctions on X" a target). News often names the actors a
sentence away or in a shape the rules do not cover, and most role errors on real news are
actors the rules never gave a role. This model reads every (trigger, actor) pair of a rule
mention, with the actor in the trigger's sentence or the one before or after it, and gives
the probability of each role of the event type, or none:

* where the actor is: same sentence or a neighbour, on which side, how far;
* the syntax between them: the dependency path from the actor up to the trigger (or to
  their common governor), the preposition and verb that govern the actor, possessives,
  coordination, the passive voice;
* the actor: its kind (state, organisation, group, person), whether it is an organisation
  that mediates, a demonym, or a place;
* the trigger's lemma and the role the rules gave this actor, if any;

each also joined with the event type. It is a multinomial logistic regression over feature
strings, shipped as ``role_model.json`` and trained by ``training/train_roles.py`` on the
rule mentions of the corpus train split, labelled by the gold mentions' actors. A rule
mention keeps its rules' roles and gains every candidate the model gives a role with
probability at least ``add_threshold``, as the merging hint ``learned_roles``: the event's
roles include them, but the merge still decides which mentions are one event from the rules'
roles alone (letting the added roles steer the merge split and joined events differently
and cost event F1 on the seeds). (Taking away roles the rules gave when the model
is sure of "no role" was tried and cost role accuracy on dev at every threshold: the
rules' roles are rarely wrong, they are missing.)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from ...models import Actor, Place
from ...normalise.actors import ActorMention
from ..base import ROLE_KEYS, ArticleContext, Mention
from ._linear import probabilities, read_resource, weights_from_json, weights_to_json
from .status import trigger_span

__all__ = [
    "DIRECTED_ROLES",
    "ROLE_LABELS",
    "RoleModel",
    "RoleModelReviser",
    "candidates",
    "load_role_model",
    "reassign",
    "role_features",
]

DIRECTED_ROLES: frozenset[str] = frozenset({"proposer", "imposers", "targets", "suppliers", "recipients"})
"""Roles that say which way an event goes; the model fills them only where the rules left them empty."""

ROLE_LABELS: tuple[str, ...] = (
    "none",
    "parties",
    "mediators",
    "sides",
    "proposer",
    "imposers",
    "targets",
    "suppliers",
    "recipients",
)
"""The classes: no role, or a plain key of [`ROLE_KEYS`][negotiation_events.extractors.base.ROLE_KEYS]."""

_RESOURCE = "role_model.json"
_MAX_PATH = 5


def _lemma(token: Token) -> str:
    return token.lemma_.lower() if token.lemma_ else token.lower_


def _bucket(distance: int) -> str:
    size = abs(distance)
    band = "1-2" if size <= 2 else "3-6" if size <= 6 else "7-15" if size <= 15 else "16+"
    return ("L" if distance < 0 else "R") + band


def candidates(trigger: Span, context: ArticleContext) -> list[ActorMention]:
    """The actors that may fill a role of the trigger's event: in its sentence or the ones around it.

    Places ("talks in Doha") are left out: they locate an event, they take no part in it.
    """
    doc = trigger.doc
    sentence = trigger.root.sent
    low = doc[sentence.start - 1].sent.start if sentence.start > 0 else sentence.start
    high = doc[sentence.end].sent.end if sentence.end < len(doc) else sentence.end
    return [a for a in context.actors if low <= a.start < high and not a.place]


def _path(actor: Token, head: Token) -> list[str]:
    """The dependency labels from the actor up to the common governor and down to the trigger.

    Two features: the path itself and, when the trigger is not that governor, the path
    with the governor's lemma ("nsubj|dobj" via "mediate").
    """
    up: list[Token] = [actor]
    while up[-1].head.i != up[-1].i and len(up) <= 12:
        up.append(up[-1].head)
    down: list[Token] = [head]
    while down[-1].head.i != down[-1].i and len(down) <= 12:
        down.append(down[-1].head)
    ancestors = {t.i for t in down}
    common = next((t for t in up if t.i in ancestors), None)
    if common is None:
        return ["path=none"]
    rise = [t.dep_ for t in up[: [t.i for t in up].index(common.i)]]
    fall = [t.dep_ for t in down[: [t.i for t in down].index(common.i)]]
    if len(rise) + len(fall) > _MAX_PATH:
        return ["path=long"]
    path = "^".join(rise) + "|" + "v".join(reversed(fall))
    return [f"path={path}", f"path_via={path}|{_lemma(common)}"] if fall else [f"path={path}"]


def _rule_role(actor: ActorMention, mention: Mention) -> str:
    for role, actors in mention.roles.items():
        if any(a.id == actor.entry.id for a in actors):
            return role
    return "none"


def role_features(trigger: Span, actor: ActorMention, mention: Mention) -> list[str]:
    """The features of one (trigger, actor) pair.

    Args:
        trigger: the trigger's tokens.
        actor: an actor near it (see [`candidates`][negotiation_events.extractors.model.roles.candidates]).
        mention: the rule mention (its type and the roles the rules gave are features).

    Returns:
        Feature strings (a bag), each also joined with the event type.

    Example:
        >>> from negotiation_events.extractors.base import ArticleContext, Mention
        >>> from negotiation_events.normalise.actors import load_gazetteer
        >>> from negotiation_events.pipeline import get_pipeline
        >>> doc = get_pipeline()("Qatar mediated talks between Israel and Hamas.")
        >>> actors = load_gazetteer().find(doc)
        >>> mention = Mention("talks", "rules.talks.v1", 14, 19, (0, 46), "talks")
        >>> "talks|via=mediate" in role_features(doc[2:3], actors[0], mention)
        True
    """
    kind = mention.type
    doc = trigger.doc
    head = trigger.root
    root = doc[actor.start : actor.end].root
    entry = actor.entry
    same = head.sent.start == root.sent.start
    out = [
        f"where={'same' if same else 'before' if root.i < head.i else 'after'}",
        f"dist={_bucket(root.i - head.i)}" if same else "dist=other",
        f"akind={entry.kind}",
        f"mediates={entry.mediates}",
        f"adjective={actor.adjective}",
        f"lemma={_lemma(head)}",
        f"rule={_rule_role(actor, mention)}",
        f"dep={root.dep_}",
    ]
    if same:
        out.extend(_path(root, head))
    governor = root.head
    if root.dep_ == "conj":  # "Israel and Hamas": the second conjunct stands where the first does
        first = root
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        out.append(f"conj_dep={first.dep_}")
        governor = first.head
    if governor.dep_ == "prep" or governor.pos_ == "ADP":
        out.append(f"prep={_lemma(governor)}")
        out.append(f"prep|via={_lemma(governor)}|{_lemma(governor.head)}")
        out.append(f"via={_lemma(governor.head)}")
    else:
        out.append(f"via={_lemma(governor)}")
    if any(c.dep_ in {"auxpass", "nsubjpass"} for c in governor.children):
        out.append("passive")
    if root.dep_ == "poss":
        out.append(f"poss_of={_lemma(root.head)}")
    if root.dep_ in {"compound", "amod"}:
        out.append(f"modifies={_lemma(root.head)}")
    return [*out, *(f"{kind}|{f}" for f in out)]


@dataclass(frozen=True)
class RoleModel:
    """A multinomial logistic regression over (trigger, actor) pairs, with a threshold.

    Attributes:
        labels: the classes, in the order of the weight columns
            ([`ROLE_LABELS`][negotiation_events.extractors.model.roles.ROLE_LABELS]).
        weights: feature string → one weight per label.
        bias: one weight per label.
        add_threshold: the probability at which an actor gains a role the rules did not give
            (above 1: never).
    """

    labels: tuple[str, ...]
    weights: dict[str, tuple[float, ...]]
    bias: tuple[float, ...]
    add_threshold: float = 1.01

    def roles(self, features: Iterable[str], event_type: str) -> dict[str, float]:
        """The probability of each role of ``event_type`` (and of ``none``), renormalised over them."""
        allowed = {"none", *(k for k in ROLE_KEYS[event_type] if not k.endswith("?"))}  # type: ignore[index]
        scores = probabilities(self.labels, self.weights, self.bias, features)
        kept = {label: p for label, p in scores.items() if label in allowed}
        total = sum(kept.values())
        return {label: p / total for label, p in kept.items()}

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (what ``role_model.json`` holds)."""
        return {
            **weights_to_json(self.labels, self.weights, self.bias),
            "add_threshold": self.add_threshold,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RoleModel:
        """The model stored by [`to_json`][negotiation_events.extractors.model.roles.RoleModel.to_json].

        Raises:
            ValueError: the labels are not the role labels or a weight row does not have
                one value per label.
        """
        labels, weights, bias = weights_from_json(data, "role model")
        if labels != ROLE_LABELS:
            raise ValueError(f"role model: labels must be {list(ROLE_LABELS)}, got {list(labels)}")
        return cls(labels, weights, bias, float(data["add_threshold"]))


@lru_cache(maxsize=1)
def load_role_model() -> RoleModel:
    """The shipped model, loaded once per process, offline.

    Raises:
        ModelNotFoundError: the package lacks ``role_model.json``.
    """
    return RoleModel.from_json(read_resource(_RESOURCE, "role model", "training/train_roles.py"))


def _kept_out(actor: ActorMention, mention: Mention, doc: Doc) -> bool:
    """An actor the guidelines keep out of the mention's roles, whatever the model reads.

    The speaker the mention is attributed to ("Qatar said talks would begin") and the
    event's venue ("the Cairo meetings") take no part in the event (guidelines, roles).
    """
    speaker = mention.attributed_to
    if speaker is not None and speaker.id is not None and speaker.id == actor.entry.id:
        return True
    place = mention.facts.get("location")
    return isinstance(place, Place) and place.name == doc[actor.start : actor.end].text


def reassign(mentions: Sequence[Mention], doc: Doc, context: ArticleContext, model: RoleModel) -> list[Mention]:
    """Mentions carrying the roles the model adds to the rules' roles.

    For each mention whose trigger is found in ``doc``, every candidate actor the rules
    gave no role (other than the speaker the mention is attributed to and the actor that
    names its venue), and that the model gives a role with probability at least
    ``model.add_threshold``, is added to that role (when no actor of the same country
    already has it, and, for one of the
    [`DIRECTED_ROLES`][negotiation_events.extractors.model.roles.DIRECTED_ROLES], when the
    rules left that role empty) in the merging hint ``learned_roles`` (role → actors). The event's
    roles are the union of its mentions' roles and learned roles; the mention's own
    ``roles`` (the rules', tentative ones included) are left as they are, so the rules
    still decide which mentions are one event.

    Args:
        mentions: mentions found in ``doc``.
        doc: the parsed piece.
        context: what is known about the article (its actors, ``context.offset``).
        model: the classifier.
    """
    out: list[Mention] = []
    for mention in mentions:
        span = trigger_span(doc, mention, context.offset)
        if span is None or len(span) == 0:
            out.append(mention)
            continue
        added: dict[str, list[Actor]] = {}
        for actor in candidates(span, context):
            if _rule_role(actor, mention) != "none" or _kept_out(actor, mention, doc):
                continue
            scores = model.roles(role_features(span, actor, mention), mention.type)
            best = max((label for label in scores if label != "none"), key=scores.__getitem__, default=None)
            if best is None or scores[best] < model.add_threshold:
                continue
            if any(a.country == actor.entry.country for a in [*mention.roles.get(best, []), *added.get(best, [])]):
                continue
            if best in DIRECTED_ROLES and mention.roles.get(best):
                continue  # who imposes on whom, who supplies whom: the rules read it from the syntax
            added.setdefault(best, []).append(actor.to_actor(doc))
        out.append(replace(mention, facts={**mention.facts, "learned_roles": added}) if added else mention)
    return out


class RoleModelReviser:
    """The learned roles of each rule mention (``model.roles.v1``).

    Part of the ``model`` group, so the default extractors use it: the actors around each
    rule mention's trigger gain the roles
    [`RoleModel`][negotiation_events.extractors.model.roles.RoleModel] is sure of. Leave it out (for example
    ``extractors=["rules", "model.sentence.v2", "model.status.v1", "model.trigger.v1"]``)
    to keep the rules' roles.
    """

    name = "model.roles.v1"

    def extract(self, doc: Doc, context: ArticleContext) -> list[Mention]:
        """Nothing: this component finds no events, it revises the rules' mentions."""
        return []

    def revise(self, mentions: list[Mention], doc: Doc, context: ArticleContext) -> list[Mention]:
        """The rule mentions of ``doc`` with the learned roles."""
        return reassign(mentions, doc, context, load_role_model())
