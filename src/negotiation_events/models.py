"""Typed, validated event records: the output contract of the library.

Every event is a frozen Pydantic model. :data:`Event` is the discriminated union
of the five event types (discriminator: ``type``) and :data:`EventListAdapter`
validates and serialises lists of them::

    >>> from negotiation_events import EventListAdapter
    >>> EventListAdapter.validate_json("[]")
    []
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

from .codes import Coded

__all__ = [
    "Actor",
    "ActorKind",
    "ArmsDeal",
    "CeasefireProposal",
    "Event",
    "EventDate",
    "EventListAdapter",
    "Evidence",
    "Granularity",
    "Place",
    "PrisonerExchange",
    "Sanction",
    "Stage",
    "Status",
    "Talks",
    "events_json_schema",
]


class Status(str, Enum):
    """What stage the event has reached, as the article tells it.

    Attributes:
        PROPOSED: called for, offered or demanded by someone.
        PLANNED: announced, scheduled or being prepared.
        AGREED: accepted by the parties but not (yet) carried out.
        OCCURRED: held, carried out, declared, imposed or delivered.
        REJECTED: refused by a party.
        FAILED: collapsed, violated, cancelled or not achieved.
        THREATENED: held over a party as a threat.
    """

    PROPOSED = "proposed"
    PLANNED = "planned"
    AGREED = "agreed"
    OCCURRED = "occurred"
    REJECTED = "rejected"
    FAILED = "failed"
    THREATENED = "threatened"


class ActorKind(str, Enum):
    """What sort of actor a mention denotes."""

    STATE = "state"
    PERSON = "person"
    ORGANISATION = "organisation"
    GROUP = "group"


class Granularity(str, Enum):
    """How precise a resolved date is."""

    DAY = "day"
    WEEK = "week"
    WEEKEND = "weekend"
    MONTH = "month"
    SEASON = "season"
    YEAR = "year"


_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Actor(BaseModel):
    """A participant in an event, normalised to the state or organisation it stands for.

    Attributes:
        name: the actor as written in the article ("Zelenskyy", "the Kremlin", "the E3").
        canonical: the canonical name ("Volodymyr Zelensky", "Russia", "France").
        country: the code the actor stands for: an ISO 3166-1 alpha-3 code (``XKX`` for
            Kosovo), or an organisation code of the guidelines (``EU``, ``NATO``, ``UN``,
            ``AU``, ``ECOWAS``...); an armed group stands for the state where it fights and
            a person for the state or organisation of the office held on the article's
            date. ``None`` when the actor could not be placed.
        kind: state, person, organisation or (armed) group.
        id: a stable id: the state's or organisation's code, or the id of the group or
            person (``"eln"``, ``"volodymyr-zelensky"``); ``None`` for actors the gazetteer
            does not know. A grouping of states ("the E3") is reported as one actor per
            member, each with the member's code as id.
    """

    model_config = _FROZEN

    name: str
    canonical: str
    country: str | None = None
    kind: ActorKind = ActorKind.STATE
    id: str | None = None


class Place(BaseModel):
    """Where an event takes place.

    Attributes:
        name: the place as written ("Istanbul", "the Dolmabahçe Palace").
        country: ISO 3166-1 alpha-3 code of the country it lies in, when known.
    """

    model_config = _FROZEN

    name: str
    country: str | None = None


class EventDate(BaseModel):
    """When an event happens, resolved against the publication date.

    Attributes:
        text: the date expression as written ("next week", "last Saturday").
        start: first day of the interval, or ``None`` when it could not be
            resolved (for example a relative date without a publication date).
        end: last day of the interval (inclusive).
        granularity: how precise the interval is.
    """

    model_config = _FROZEN

    text: str
    start: dt.date | None = None
    end: dt.date | None = None
    granularity: Granularity | None = None

    @model_validator(mode="after")
    def _ordered(self) -> EventDate:
        if (self.start is None) != (self.end is None):
            raise ValueError("start and end must both be set or both be None")
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError("end must not be before start")
        return self


class Evidence(BaseModel):
    """One mention of the event in the article.

    ``text == article[start:end]`` always holds.

    Attributes:
        text: the evidence phrase, verbatim.
        start: character offset of the phrase in the article.
        end: character offset just past the phrase.
        sentence: ``[start, end]`` character offsets of the enclosing sentence.
        trigger: the word(s) that signalled the event ("swap", "cease-fire").
        extractor: the name of the extractor that found this mention.
    """

    model_config = _FROZEN

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    sentence: tuple[int, int]
    trigger: str
    extractor: str

    @model_validator(mode="after")
    def _offsets(self) -> Evidence:
        if self.end < self.start:
            raise ValueError("end must not be before start")
        if not (self.sentence[0] <= self.start and self.end <= self.sentence[1]):
            raise ValueError("the sentence span must contain the evidence span")
        return self


class Stage(BaseModel):
    """One stage of an event as the article tells it ("proposed" ... "rejected").

    Attributes:
        status: the stage.
        text: the first mention that reports it, verbatim.
        start: its character offset in the article.
        end: the offset just past it.
    """

    model_config = _FROZEN

    status: Status
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class _EventBase(Coded):
    """Fields shared by every event type.

    ``cameo`` and ``plover`` are derived from the other fields (see
    :mod:`negotiation_events.codes`): they are written by ``model_dump`` and
    ``model_dump_json`` and ignored on input, so a dumped event validates back to itself.
    """

    model_config = _FROZEN

    def _code_inputs(self) -> tuple[str, str, list[Evidence], list[Actor] | None, Place | None, str | None]:
        return (
            getattr(self, "type", ""),
            self.status.value,
            self.evidence,
            getattr(self, "parties", None),
            self.location,
            getattr(self, "action", None),
        )

    status: Status
    history: list[Stage] = Field(default_factory=list)
    attributed_to: Actor | None = None
    evidence: list[Evidence] = Field(min_length=1)
    date: EventDate | None = None
    location: Place | None = None
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    extractors: list[str] = Field(default_factory=list)
    negated: bool = False
    hypothetical: bool = False


class Talks(_EventBase):
    """Negotiations, summits, meetings and calls between parties.

    Attributes:
        parties: the sides that talk.
        mediators: hosts, chairs and mediators.
        level: leaders, ministers, delegations or envoys.
        round: the ordinal of the round ("a third round" → 3).
    """

    type: Literal["talks"] = "talks"
    parties: list[Actor] = Field(default_factory=list)
    mediators: list[Actor] = Field(default_factory=list)
    level: Literal["leaders", "ministers", "delegations", "envoys"] | None = None
    round: int | None = Field(default=None, ge=1)


class PrisonerExchange(_EventBase):
    """An exchange, swap or one-for-one release of prisoners, remains or hostages.

    Attributes:
        sides: the sides that hand people over.
        count: how many people (per side when the article says "N for N").
        count_qualifier: ``over``, ``about``, ``at least``... when the count is approximate.
        category: pows, civilians, remains, children or hostages.
    """

    type: Literal["prisoner_exchange"] = "prisoner_exchange"
    sides: list[Actor] = Field(default_factory=list)
    count: int | None = Field(default=None, ge=0)
    count_qualifier: str | None = None
    category: Literal["pows", "civilians", "remains", "children", "hostages"] | None = None


class CeasefireProposal(_EventBase):
    """A ceasefire, truce or moratorium on strikes, at any stage.

    Attributes:
        proposer: who proposed or declared it.
        parties: the sides it binds (or would bind).
        mediators: who brokered it.
        duration: ISO 8601 duration (``P30D``, ``PT30H``, ``P1M``).
        scope: what it covers when it is partial ("energy infrastructure").
        unconditional: ``True`` when described as unconditional.
    """

    type: Literal["ceasefire_proposal"] = "ceasefire_proposal"
    proposer: Actor | None = None
    parties: list[Actor] = Field(default_factory=list)
    mediators: list[Actor] = Field(default_factory=list)
    duration: str | None = None
    scope: str | None = None
    unconditional: bool | None = None


class Sanction(_EventBase):
    """Sanctions, embargoes, export controls and similar coercive measures.

    Attributes:
        imposers: who imposes (or threatens) them.
        targets: who they are aimed at.
        measures: the kinds of measure named ("export controls", "asset freeze").
        action: impose, extend or lift.
        value: money amount as written ("$3 billion"), when given.
    """

    type: Literal["sanction"] = "sanction"
    imposers: list[Actor] = Field(default_factory=list)
    targets: list[Actor] = Field(default_factory=list)
    measures: list[str] = Field(default_factory=list)
    action: Literal["impose", "extend", "lift"] = "impose"
    value: str | None = None


class ArmsDeal(_EventBase):
    """A sale, transfer, delivery or aid package of weapons.

    Attributes:
        suppliers: who provides the weapons.
        recipients: who receives them.
        weapons: systems and classes named ("Patriot missile systems", "drones").
        quantity: number of items, when given.
        value: money amount as written ("$3 billion"), when given.
    """

    type: Literal["arms_deal"] = "arms_deal"
    suppliers: list[Actor] = Field(default_factory=list)
    recipients: list[Actor] = Field(default_factory=list)
    weapons: list[str] = Field(default_factory=list)
    quantity: int | None = Field(default=None, ge=0)
    value: str | None = None


Event = Annotated[
    Talks | PrisonerExchange | CeasefireProposal | Sanction | ArmsDeal,
    Field(discriminator="type"),
]
"""Any event: a union of the five types, discriminated by the ``type`` field."""

EventListAdapter: TypeAdapter[list[Event]] = TypeAdapter(list[Event])
"""Validates, dumps and describes (JSON Schema) lists of events."""


def events_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of what the library outputs: a JSON array of events.

    It describes the serialised form (``EventListAdapter.dump_json``, the CLI's ``json``
    format), including the derived ``cameo`` and ``plover`` fields. The same schema is
    committed as ``docs/events.schema.json`` and printed by ``negotiation-events schema``.

    >>> events_json_schema()["type"]
    'array'
    """
    schema = EventListAdapter.json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://negotiation-events.readthedocs.io/events.schema.json",
        "title": "negotiation_events: a list of events",
        "description": "The events parse_article returns for one article, as JSON.",
        **schema,
    }
