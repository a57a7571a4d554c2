"""Contracts between the pipeline and extractors: :class:`Mention`, :class:`ArticleContext`, :class:`Extractor`.

An extractor reads a parsed spaCy ``Doc`` and yields :class:`Mention` objects: one
mention of one event, with character offsets into the *article* (the context's
``offset`` is added for chunks of long articles). The pipeline then assigns status,
normalises, and merges mentions into events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal, Protocol, runtime_checkable

from spacy.tokens import Doc

from ..models import Actor, Status
from ..normalise.actors import ActorMention

__all__ = [
    "EVENT_TYPES",
    "FACT_KEYS",
    "HINT_KEYS",
    "ROLE_KEYS",
    "ArticleContext",
    "EventType",
    "Extractor",
    "Mention",
    "MentionLinker",
    "MentionReviser",
]

EventType = Literal["talks", "prisoner_exchange", "ceasefire_proposal", "sanction", "arms_deal"]
EVENT_TYPES: tuple[EventType, ...] = ("talks", "prisoner_exchange", "ceasefire_proposal", "sanction", "arms_deal")
"""The five event types. They are fixed: an extractor maps what it finds onto one of them."""

ROLE_KEYS: Mapping[EventType, tuple[str, ...]] = MappingProxyType(
    {
        "talks": ("parties", "mediators", "leads?"),
        "prisoner_exchange": ("sides",),
        "ceasefire_proposal": ("proposer", "parties", "mediators"),
        "sanction": ("imposers", "targets"),
        "arms_deal": ("suppliers", "recipients", "suppliers?", "recipients?"),
    }
)
"""The keys a mention's ``roles`` may use, per event type.

The plain keys are the event's role fields. A key ending in ``?`` is *tentative*: its
actors fill the role only when no mention of the event fills it plainly (an arms deal's
``suppliers?`` are the suppliers when nobody is named as one); ``leads?`` of talks are
whoever leads them, a mediator unless they are a party.
"""

FACT_KEYS: Mapping[EventType, tuple[str, ...]] = MappingProxyType(
    {
        "talks": ("date", "location", "level", "round"),
        "prisoner_exchange": ("date", "location", "count", "count_qualifier", "category"),
        "ceasefire_proposal": ("date", "location", "duration", "scope", "unconditional"),
        "sanction": ("date", "location", "measures", "action", "value"),
        "arms_deal": ("date", "location", "weapons", "quantity", "value"),
    }
)
"""The keys of a mention's ``facts`` that are event fields, per event type.

Each value must be valid for the event model's field of that name (``date`` an
[`EventDate`][negotiation_events.EventDate], ``location`` a [`Place`][negotiation_events.Place],
``count`` an int, ``measures`` and ``weapons`` lists of str...).
"""

HINT_KEYS: Mapping[str, tuple[type, tuple[EventType, ...]]] = MappingProxyType(
    {
        "weak_date": (bool, EVENT_TYPES),
        "weak_location": (bool, EVENT_TYPES),
        "country_place": (bool, EVENT_TYPES),
        "distant_past": (bool, EVENT_TYPES),
        "no_actor": (bool, EVENT_TYPES),
        "conflict_context": (bool, EVENT_TYPES),
        "sentence_status": (bool, EVENT_TYPES),
        "attach_only": (bool, EVENT_TYPES),
        "partial": (bool, ("ceasefire_proposal",)),
        "systems": (list, ("arms_deal",)),
        "status_probabilities": (dict, EVENT_TYPES),
        "status_stages": (list, EVENT_TYPES),
        "trigger_probability": (float, EVENT_TYPES),
        "learned_roles": (dict, EVENT_TYPES),
    }
)
"""Merging hints a mention's ``facts`` may carry besides event fields: key → (value type, event types).

They never appear in the output; they tell the merge how much to trust a mention:
``weak_date`` / ``weak_location`` (taken from the sentence, not attached to the trigger by
syntax: they never keep two mentions apart), ``country_place`` (the place is a whole
country, ranked after a city), ``distant_past`` (the date is half a year or more before
publication: background), ``no_actor`` (the sentence names no actor), ``conflict_context``
(the article is about war and diplomacy), ``sentence_status`` (the status was read off the
whole sentence, and counts only when no mention has one of its own), ``attach_only`` (the
mention may join an event found otherwise, never start one), ``partial`` (a ceasefire
limited in scope), ``systems`` (the weapon systems of an arms deal, as a list of str:
deals of different systems are kept apart), and a learned reading of the mention's
status from ``model.status.v1``: ``status_probabilities`` (label → probability) and
``status_stages`` (the statuses the mention reports with enough probability, a list of
str); when present, the event's status is decided from these; and from
``model.trigger.v1``, ``trigger_probability`` (how likely the trigger is an event of its
type; a rule mention below the model's threshold is also made ``attach_only``); and from
``model.roles.v1``, ``learned_roles`` (role → list of
[`Actor`][negotiation_events.Actor]: actors the model adds to the rules' roles; the event's
roles include them, merging ignores them).
"""


@dataclass
class ArticleContext:
    """What extractors know about the article besides the Doc.

    Attributes:
        offset: character offset of the Doc in the article (non-zero for chunks).
        published: the publication date, if known.
        actors: actor mentions found in the Doc by the gazetteer.
        conflict_words: how many distinct war-and-diplomacy words the article uses
            (gates triggers that also have everyday senses, such as "truce").
    """

    offset: int = 0
    published: dt.date | None = None
    actors: list[ActorMention] = field(default_factory=list)
    conflict_words: int = 0

    def actor_at(self, token_index: int) -> ActorMention | None:
        """The actor mention covering a token, if any."""
        for mention in self.actors:
            if mention.start <= token_index < mention.end:
                return mention
            if mention.start > token_index:
                break
        return None


@dataclass
class Mention:
    """One mention of one event in an article.

    The library checks every mention an extractor yields, where it yields it; a mention
    that breaks one of the rules below raises
    [`InvalidMentionError`][negotiation_events.InvalidMentionError] naming the extractor
    and the field (or, with ``on_error="skip"``, leaves that extractor out of the article
    with a [`PluginWarning`][negotiation_events.PluginWarning]).

    Attributes:
        type: the event type, one of [`EVENT_TYPES`][negotiation_events.extractors.base.EVENT_TYPES].
        extractor: the name of the extractor that produced it (its ``name``).
        start: evidence start offset into the *article*: ``context.offset`` plus the
            offset in the Doc.
        end: evidence end offset; ``start < end``, and ``text == article[start:end]``.
        sentence: offsets of the enclosing sentence; it contains ``[start, end)``.
        trigger: the trigger text.
        text: the evidence text, ``article[start:end]``.
        status: the stage this mention reports, when a cue says so.
        status_cue: the word that decided the status.
        roles: actors per role: keys from
            [`ROLE_KEYS`][negotiation_events.extractors.base.ROLE_KEYS] for the type, values
            lists of [`Actor`][negotiation_events.Actor].
        facts: other event fields
            ([`FACT_KEYS`][negotiation_events.extractors.base.FACT_KEYS]: ``location``,
            ``date``, ``count``, ``duration``..., each valid for the event's field) and
            merging hints ([`HINT_KEYS`][negotiation_events.extractors.base.HINT_KEYS]).
        novelty: "new" (new, another, next round...), "past" (recent, previous...) or None.
        anaphoric: True for a mention that can only refer back to an event already
            mentioned ("the session", "the swap"); it never creates an event alone.
        negated: a negation cue applies.
        hypothetical: a hypothetical / conditional cue applies.
        attributed_to: whose claim the mention reports ("..., the Kremlin said").
        score: the extractor's confidence in this mention, a number in [0, 1].
    """

    type: EventType
    extractor: str
    start: int
    end: int
    sentence: tuple[int, int]
    trigger: str
    text: str = ""
    status: Status | None = None
    status_cue: str | None = None
    roles: dict[str, list[Actor]] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)
    novelty: Literal["new", "past"] | None = None
    anaphoric: bool = False
    negated: bool = False
    hypothetical: bool = False
    attributed_to: Actor | None = None
    score: float = 0.5

    def countries(self) -> set[str]:
        """Every actor code named in any role of this mention."""
        return {a.country for actors in self.roles.values() for a in actors if a.country}


@runtime_checkable
class Extractor(Protocol):
    """Anything that turns a parsed Doc into mentions.

    Register implementations with :func:`negotiation_events.register_extractor` or the
    entry-point group ``negotiation_events.extractors``.
    """

    name: str

    def extract(self, doc: Doc, context: ArticleContext) -> Iterable[Mention]:
        """Yield the event mentions found in ``doc``."""
        ...


@runtime_checkable
class MentionReviser(Extractor, Protocol):
    """An extractor that finds no events of its own but revises what the rule extractors found.

    It receives the built-in rule extractors' mentions and those of the built-in trigger
    detector (``model.span.v1``), whose arguments the rules read.

    ``model.status.v1`` is one: it reads each rule mention's trigger in context and sets
    the status the trained classifier gives it. Selecting the reviser (or not) is how the
    learned component is switched on or back to its rule counterpart.
    """

    def revise(self, mentions: list[Mention], doc: Doc, context: ArticleContext) -> list[Mention]:
        """The mentions found in ``doc`` by the rule extractors and the detector, revised (same order, same count)."""
        ...


@runtime_checkable
class MentionLinker(Extractor, Protocol):
    """An extractor that finds no events of its own but joins the merge's groups of mentions.

    After the merge has grouped an article's mentions (same
    type, compatible parties, dates, places and facts), every pair of groups of the same
    type is scored by [`same_event`][negotiation_events.MentionLinker.same_event]; pairs at
    or above the linker's ``threshold`` become one event, best pair first, until none is
    left. Selecting the linker (or not) switches it on or off.
    """

    @property
    def threshold(self) -> float:
        """The probability at which two groups are joined."""
        ...

    def same_event(self, first: Sequence[Mention], second: Sequence[Mention]) -> float:
        """The probability, in [0, 1], that two groups of mentions of one type are one event."""
        ...
