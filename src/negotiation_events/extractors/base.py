"""Contracts between the pipeline and extractors: :class:`Mention`, :class:`ArticleContext`, :class:`Extractor`.

An extractor reads a parsed spaCy ``Doc`` and yields :class:`Mention` objects: one
mention of one event, with character offsets into the *article* (the context's
``offset`` is added for chunks of long articles). The pipeline then assigns status,
normalises, and merges mentions into events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

from spacy.tokens import Doc

from ..models import Actor, Status
from ..normalise.actors import ActorMention

__all__ = ["EVENT_TYPES", "ArticleContext", "EventType", "Extractor", "Mention"]

EventType = Literal["talks", "prisoner_exchange", "ceasefire_proposal", "sanction", "arms_deal"]
EVENT_TYPES: tuple[EventType, ...] = ("talks", "prisoner_exchange", "ceasefire_proposal", "sanction", "arms_deal")


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

    Offsets are character offsets into the article. ``roles`` maps event field names
    (``parties``, ``sides``, ``proposer``, ``imposers``...) to actors; ``facts`` holds
    the other fields (``location``, ``date``, ``count``, ``duration``...).

    Attributes:
        type: the event type.
        extractor: the name of the extractor that produced it.
        start: evidence start offset.
        end: evidence end offset.
        sentence: offsets of the enclosing sentence.
        trigger: the trigger text.
        text: the evidence text, ``article[start:end]``.
        status: the stage this mention reports, when a cue says so.
        status_cue: the word that decided the status.
        roles: actors per role field.
        facts: other event fields.
        novelty: "new" (new, another, next round...), "past" (recent, previous...) or None.
        anaphoric: True for a mention that can only refer back to an event already
            mentioned ("the session", "the swap"); it never creates an event alone.
        negated: a negation cue applies.
        hypothetical: a hypothetical / conditional cue applies.
        attributed_to: whose claim the mention reports ("..., the Kremlin said").
        score: the extractor's confidence in this mention, in [0, 1].
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
