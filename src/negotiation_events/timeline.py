"""Across articles: one real event, one record, with its history.

:func:`merge_events` takes the events of many articles (each with a source id and its
publication date) and links the reports of one real event into one
:class:`TimelineEvent`. Two reports are linked when they have the same type, and

* their parties are compatible (``{UKR, RUS}`` and ``{RUS, UKR, TUR}`` are; ``{USA, RUS}``
  and ``{UKR, RUS}`` are not), and so are the other roles (imposers, suppliers...);
* their places are compatible (the same city, a venue and a city, or one unknown);
* their time windows overlap (:func:`time_window`: the event's own resolved date, else a
  window around the publication date that depends on the status), within
  :data:`DATE_TOLERANCE_DAYS`;
* their counts are within :data:`COUNT_RATIO` of each other (1,000 and 1,200 prisoners are
  one exchange reported twice; 390 and 1,000 are two exchanges), and their other facts
  (round, level, duration, scope, weapons, sanction action) do not contradict;
* and they share enough (:func:`link_score` ≥ :data:`MIN_LINK_SCORE`): actor codes, the
  place, the dates.

One article never contributes two reports to one record (the within-article merge has
already joined its mentions). Conflicting facts are kept: each consolidated field has the
best-supported value (most sources; ties go to the finer date, then the later report),
and :attr:`TimelineEvent.conflicts` lists every value with the sources that give it.
:attr:`TimelineEvent.history` lists the stages in time order, each dated (the event's own
date for stages that report it taking place, else the publication date of the first
report) and linked to the evidence that reports it.

The result does not depend on the order of the input, and merging is idempotent: feeding
the same article twice, or a timeline back in, gives the same timeline.

Examples:
    >>> from negotiation_events import parse_article
    >>> from negotiation_events.timeline import merge_events
    >>> a = parse_article("Russia and Ukraine will hold talks in Istanbul on Friday.", published="2025-05-13")
    >>> b = parse_article("Russian and Ukrainian delegations met in Istanbul on Friday.", published="2025-05-17")
    >>> timeline = merge_events([("a", "2025-05-13", a), ("b", "2025-05-17", b)])
    >>> [(e.type, e.status.value, e.sources) for e in timeline.events]
    [('talks', 'occurred', ['a', 'b'])]
    >>> [(h.status.value, h.date.isoformat()) for h in timeline.events[0].history]
    [('planned', '2025-05-13'), ('occurred', '2025-05-16')]
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from spacy.language import Language

from .api import coerce_published
from .codes import Coded
from .errors import InvalidInputError
from .extractors.base import EventType
from .merge import _ROLE_FIELDS as _ROLES
from .merge import _STAGE_ORDER, _is_venue, _parties_conflict
from .models import (
    Actor,
    ArmsDeal,
    CeasefireProposal,
    Event,
    EventDate,
    Evidence,
    Granularity,
    Place,
    PrisonerExchange,
    Sanction,
    Stage,
    Status,
    Talks,
)
from .normalise.actors import load_gazetteer

__all__ = [
    "COUNT_RATIO",
    "DATE_TOLERANCE_DAYS",
    "MIN_LINK_SCORE",
    "Conflict",
    "HistoryEntry",
    "Report",
    "SourcedValue",
    "Timeline",
    "TimelineEvent",
    "link_score",
    "merge_events",
    "time_window",
]

DATE_TOLERANCE_DAYS = 2
"""Time windows this many days apart still overlap ("talks on 15 May" and "on 16 May")."""

COUNT_RATIO = 0.75
"""Two counts are compatible when the smaller is at least this fraction of the larger."""

MIN_LINK_SCORE = 4
"""The least :func:`link_score` that links two reports: two shared actors and a place, or a
precise date, or a fact they agree on, on top of compatible time windows."""

_TAKES_PLACE = {Status.OCCURRED, Status.FAILED}
_PRECISE = {Granularity.DAY, Granularity.WEEK, Granularity.WEEKEND}
# undated reports: the window around publication a stage can refer to, in days (before, after)
_WINDOWS: dict[Status, tuple[int, int]] = {
    Status.PROPOSED: (7, 30),
    Status.PLANNED: (7, 30),
    Status.AGREED: (7, 30),
    Status.THREATENED: (7, 30),
    Status.OCCURRED: (30, 0),
    Status.FAILED: (30, 0),
    Status.REJECTED: (14, 0),
}
_FACTS: dict[str, tuple[str, ...]] = {
    "talks": ("level", "round"),
    "prisoner_exchange": ("count", "count_qualifier", "category"),
    "ceasefire_proposal": ("duration", "scope", "unconditional"),
    "sanction": ("measures", "action", "value"),
    "arms_deal": ("weapons", "quantity", "value"),
}
_CLASSES: dict[str, type[BaseModel]] = {
    "talks": Talks,
    "prisoner_exchange": PrisonerExchange,
    "ceasefire_proposal": CeasefireProposal,
    "sanction": Sanction,
    "arms_deal": ArmsDeal,
}
_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Report(BaseModel):
    """One article's event: a member of a :class:`TimelineEvent`.

    Attributes:
        source: the article's id (a file name, a URL...).
        published: the article's publication date, if known.
        event: the event as :func:`~negotiation_events.parse_article` gave it; its evidence
            offsets point into that article.
    """

    model_config = _FROZEN

    source: str
    published: dt.date | None = None
    event: Event


class SourcedValue(BaseModel):
    """One value of a field and the sources that report it.

    Attributes:
        value: the value, as JSON (a date interval is ``{"start", "end", "text"}``).
        sources: the ids of the articles that give it.
    """

    model_config = _FROZEN

    value: Any
    sources: list[str]


class Conflict(BaseModel):
    """A field the sources disagree on; the first value is the consolidated one.

    Attributes:
        field: the field name (``count``, ``date``, ``location``...).
        values: every value with its sources, best-supported first.
    """

    model_config = _FROZEN

    field: str
    values: list[SourcedValue] = Field(min_length=2)


class HistoryEntry(BaseModel):
    """One stage of a real event, as the articles report it.

    Attributes:
        status: the stage.
        date: when: the event's own date for a stage that reports it taking place
            (occurred, failed), else the publication date of the first report of the stage.
        sources: the articles that report this stage, earliest first.
        source: the article of the first report.
        text: its evidence, verbatim.
        start: the evidence's offset in that article.
        end: the offset just past it.
    """

    model_config = _FROZEN

    status: Status
    date: dt.date | None
    sources: list[str]
    source: str
    text: str
    start: int
    end: int


class TimelineEvent(Coded):
    """One real event, consolidated from the reports of several articles.

    Attributes:
        id: a stable id (the same reports give the same id).
        type: the event type.
        status: the status of the latest report (ties: the later stage).
        roles: the actors per role field, the union over the reports.
        date: the best-supported date.
        location: the best-supported place.
        facts: the other type-specific fields (``count``, ``duration``...), best-supported.
        conflicts: the fields the sources disagree on, with every value and its sources.
        history: the stages, in time order.
        sources: the articles that report the event, in time order.
        reports: every article's event, with all its evidence.
        confidence: the highest confidence of the reports.
    """

    model_config = _FROZEN

    id: str
    type: EventType
    status: Status
    roles: dict[str, list[Actor]] = Field(default_factory=dict)
    date: EventDate | None = None
    location: Place | None = None
    facts: dict[str, Any] = Field(default_factory=dict)
    conflicts: list[Conflict] = Field(default_factory=list)
    history: list[HistoryEntry] = Field(min_length=1)
    sources: list[str] = Field(min_length=1)
    reports: list[Report] = Field(min_length=1)
    confidence: float = Field(ge=0.0, le=1.0)

    def _code_inputs(self) -> tuple[str, str, list[Evidence], list[Actor] | None, Place | None, str | None]:
        evidence = [e for r in self.reports for e in r.event.evidence]
        return (
            self.type,
            self.status.value,
            evidence,
            self.roles.get("parties"),
            self.location,
            self.facts.get("action"),
        )


# --------------------------------------------------------------------------- linking


def time_window(report: Report) -> tuple[dt.date, dt.date] | None:
    """The days a report can refer to: its event's resolved date, else a window around publication.

    Undated reports of a stage before the event (proposed, planned...) look 7 days back
    and 30 ahead of publication; reports of a held or failed event look 30 days back.
    None when neither a date nor the publication date is known.
    """
    date = report.event.date
    if date is not None and date.start is not None and date.end is not None:
        return date.start, date.end
    if report.published is None:
        return None
    before, after = _WINDOWS[report.event.status]
    return report.published - dt.timedelta(days=before), report.published + dt.timedelta(days=after)


def _codes(actors: object) -> set[str]:
    if actors is None:
        return set()
    items = [actors] if isinstance(actors, Actor) else list(actors)  # type: ignore[call-overload]
    return {a.country for a in items if a.country}


def _role_codes(event: Event, role: str) -> set[str]:
    return _codes(getattr(event, role, None))


def _principal_codes(event: Event) -> set[str]:
    if event.type == "ceasefire_proposal":
        return _role_codes(event, "parties") | _role_codes(event, "proposer")
    return {c for role in _ROLES[event.type] if role != "mediators" for c in _role_codes(event, role)}


def _country_level(place: Place) -> bool:
    """The place is a whole country ("Turkey", "Qatar"), which holds any city."""
    if place.country is None:
        return False
    entry = load_gazetteer().state(place.country)
    return entry is not None and entry.is_country_name(place.name)


def _places_agree(a: Place | None, b: Place | None) -> bool | None:
    """True: the same place; False: different places; None: compatible, not known to be the same.

    Names compare by words ("Istanbul" and "central Istanbul"; never "Oman" and "Romania").
    A venue ("the Dolmabahce Palace") or a whole country ("Turkey") is compatible with a city;
    two cities of one country are compatible but not the same; otherwise different names are
    different places.
    """
    if a is None or b is None:
        return None
    x, y = set(a.name.casefold().replace("-", " ").split()), set(b.name.casefold().replace("-", " ").split())
    if x <= y or y <= x:
        return True
    if _is_venue(a.name) or _is_venue(b.name):
        return None
    if a.country and b.country:
        return None if a.country == b.country else False
    if _country_level(a) or _country_level(b):
        return None
    return False


def _duration_days(value: str) -> float | None:
    units = {"Y": 365.0, "M": 30.0, "W": 7.0, "D": 1.0}
    if value.startswith("PT") and value.endswith("H") and value[2:-1].isdigit():
        return int(value[2:-1]) / 24
    if value.startswith("P") and len(value) > 2 and value[-1] in units and value[1:-1].isdigit():
        return int(value[1:-1]) * units[value[-1]]
    return None


def _counts_agree(a: int, b: int) -> bool:
    return min(a, b) >= COUNT_RATIO * max(a, b) if max(a, b) else True


def _facts_conflict(a: Event, b: Event) -> bool:
    """Facts that tell two events apart (counts far apart, other rounds, other truces...)."""
    for name in ("count", "quantity"):
        x, y = getattr(a, name, None), getattr(b, name, None)
        if x is not None and y is not None and not _counts_agree(x, y):
            return True
    if isinstance(a, Talks) and isinstance(b, Talks):
        if a.round is not None and b.round is not None and a.round != b.round:
            return True
        if a.level and b.level and (a.level == "leaders") != (b.level == "leaders"):
            return True
    if isinstance(a, CeasefireProposal) and isinstance(b, CeasefireProposal):
        if a.duration and b.duration:
            x, y = _duration_days(a.duration), _duration_days(b.duration)
            apart = x is None or y is None or abs(x - y) > 0.1 * max(x, y)
            if apart and a.duration != b.duration:
                return True
        if bool(a.scope) != bool(b.scope) and (a.duration or b.duration or a.unconditional or b.unconditional):
            return True  # a 30-hour truce is not a moratorium on energy strikes
        if a.scope and b.scope:
            words_a, words_b = set(a.scope.lower().split()), set(b.scope.lower().split())
            if not words_a & words_b:
                return True
    if isinstance(a, Sanction) and isinstance(b, Sanction) and a.action != b.action:
        return True
    if isinstance(a, ArmsDeal) and isinstance(b, ArmsDeal) and a.weapons and b.weapons:
        return not {w.casefold() for w in a.weapons} & {w.casefold() for w in b.weapons}
    return False


def _overlap(a: tuple[dt.date, dt.date] | None, b: tuple[dt.date, dt.date] | None) -> bool | None:
    if a is None or b is None:
        return None
    slack = dt.timedelta(days=DATE_TOLERANCE_DAYS)
    return a[0] - slack <= b[1] and b[0] - slack <= a[1]


def _precise(report: Report) -> bool:
    date = report.event.date
    return date is not None and date.start is not None and date.granularity in _PRECISE


def _shared_facts(a: Event, b: Event) -> int:
    """Points for facts both reports give and agree on (a count, a duration, a round...)."""
    points = 0
    for name in ("count", "quantity"):
        x, y = getattr(a, name, None), getattr(b, name, None)
        if x is not None and y is not None and _counts_agree(x, y):
            points += 2
    if isinstance(a, CeasefireProposal) and isinstance(b, CeasefireProposal):
        if a.duration and b.duration:
            points += 2  # _facts_conflict has already checked that they agree
        if a.scope and b.scope:
            points += 1
    if isinstance(a, Talks) and isinstance(b, Talks) and a.round is not None and a.round == b.round:
        points += 1
    if isinstance(a, ArmsDeal) and isinstance(b, ArmsDeal) and a.weapons and b.weapons:
        points += 1
    return points


def link_score(a: Report, b: Report) -> int | None:
    """How strongly two reports look like one real event; None when they cannot be one.

    None when the types differ, both come from one article, or roles, places, time
    windows or facts contradict. Otherwise points: one per shared actor code (at most 2),
    1 when neither names an actor, 2 for the same place, 2 for overlapping dates that both
    reports resolve to a day or a week (1 for overlapping windows otherwise), and 1 or 2 for
    each fact both give and agree on (counts, durations, rounds...). Reports are linked
    from :data:`MIN_LINK_SCORE` points.
    """
    x, y = a.event, b.event
    if x.type != y.type or a.source == b.source:
        return None
    if x.type == "talks" and _parties_conflict(_role_codes(x, "parties"), _role_codes(y, "parties")):
        return None
    for role in _ROLES[x.type]:
        if role == "mediators":
            continue
        mine, theirs = _role_codes(x, role), _role_codes(y, role)
        if x.type != "talks" and mine and theirs and not mine & theirs:
            return None
    if x.type != "talks" and _parties_conflict(_principal_codes(x), _principal_codes(y)):
        return None
    places = _places_agree(x.location, y.location)
    if places is False or _facts_conflict(x, y):
        return None
    windows = _overlap(time_window(a), time_window(b))
    if windows is False:
        return None
    shared = _principal_codes(x) & _principal_codes(y)
    score = min(len(shared), 2)
    if not _principal_codes(x) and not _principal_codes(y):
        score += 1
    if places:
        score += 2
    if windows:
        score += 2 if _precise(a) and _precise(b) else 1
    return score + _shared_facts(x, y)


# --------------------------------------------------------------------------- input


ArticleEvents = tuple[str, "dt.date | dt.datetime | str | None", Sequence[Event]]
"""``(source, published, events)``: the events of one article."""


def _unpack(item: object, index: int, fields: tuple[str, str], also: str = "") -> tuple[str, Any, Any]:
    """``(source, first, second)`` from a ``(source, first, second)`` tuple or a mapping with a source id.

    The source id is ``source`` or ``id`` in a mapping and must be a non-empty str.
    """
    if isinstance(item, Mapping):
        source, first, second = item.get("source", item.get("id")), item.get(fields[0]), item.get(fields[1])
    elif isinstance(item, tuple) and len(item) == 3:
        source, first, second = item
    else:
        shape = f"(source, {fields[0]}, {fields[1]})"
        raise InvalidInputError(
            f"articles[{index}] must be a {shape} tuple, a mapping with 'source' (or 'id'), "
            f"{fields[0]!r} and {fields[1]!r}{', ' + also if also else ''}; got {type(item).__name__}"
        )
    if not isinstance(source, str) or not source:
        raise InvalidInputError(f"articles[{index}]: the source id must be a non-empty str, got {source!r}")
    return source, first, second


def _reports(items: Iterable[ArticleEvents | Timeline | Mapping[str, Any]]) -> list[Report]:
    by_source: dict[str, tuple[dt.date | None, list[Event]]] = {}
    if isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
        raise InvalidInputError(f"articles must be an iterable of (source, published, events), got {items!r}")
    for index, item in enumerate(items):
        if isinstance(item, Timeline):
            for event in item.events:
                for report in event.reports:
                    _add(by_source, report.source, report.published, [report.event], index, merge_same=True)
            continue
        source, published, events = _unpack(item, index, ("published", "events"), "or a Timeline")
        if isinstance(events, (str, bytes)) or not isinstance(events, Iterable):
            raise InvalidInputError(f"articles[{index}]: events must be a list of events, got {events!r}")
        events = list(events)
        for event in events:
            if not isinstance(event, tuple(_CLASSES.values())):
                raise InvalidInputError(
                    f"articles[{index}]: events must hold Event objects, got {type(event).__name__}"
                )
        try:
            day = coerce_published(published)
        except InvalidInputError as error:
            raise InvalidInputError(f"articles[{index}]: {error}") from None
        _add(by_source, source, day, events, index, merge_same=False)
    reports = [
        Report(source=source, published=day, event=event)
        for source, (day, events) in by_source.items()
        for event in events
    ]
    return sorted(reports, key=_report_key)


def _add(
    by_source: dict[str, tuple[dt.date | None, list[Event]]],
    source: str,
    day: dt.date | None,
    events: list[Event],
    index: int,
    *,
    merge_same: bool,
) -> None:
    """Record an article's events; the same article given twice counts once."""
    known = by_source.get(source)
    if known is None:
        by_source[source] = (day, list(events))
        return
    known_day, known_events = known
    if known_day != day:
        raise InvalidInputError(
            f"articles[{index}]: source {source!r} was given twice with different publication dates "
            f"({known_day} and {day})"
        )
    if merge_same:  # a timeline's reports arrive one event at a time
        known_events.extend(e for e in events if e not in known_events)
    elif sorted(map(_event_key, events)) != sorted(map(_event_key, known_events)):
        raise InvalidInputError(f"articles[{index}]: source {source!r} was given twice with different events")


def _event_key(event: Event) -> tuple[int, int, str, str]:
    first = event.evidence[0]
    return first.start, first.end, event.type, event.model_dump_json()


def _report_key(report: Report) -> tuple[dt.date, str, tuple[int, int, str, str]]:
    return report.published or dt.date.max, report.source, _event_key(report.event)


# --------------------------------------------------------------------------- clustering


@dataclass
class _Cluster:
    index: int
    reports: list[Report] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)
    hull: tuple[dt.date, dt.date] | None = None  # the span of the members' time windows
    unbounded: bool = False  # a member has no time window: the hull prunes nothing

    def add(self, report: Report, window: tuple[dt.date, dt.date] | None) -> None:
        self.reports.append(report)
        self.sources.add(report.source)
        if window is None:
            self.unbounded = True
        elif self.hull is None:
            self.hull = window
        else:
            self.hull = (min(self.hull[0], window[0]), max(self.hull[1], window[1]))

    def may_link(self, source: str, window: tuple[dt.date, dt.date] | None) -> bool:
        """False when no member can link: the same article, or a time window clear of every member's."""
        if source in self.sources:
            return False
        if window is None or self.unbounded or self.hull is None:
            return True
        return _overlap(window, self.hull) is not False


def _weeks(window: tuple[dt.date, dt.date]) -> range:
    slack = dt.timedelta(days=DATE_TOLERANCE_DAYS)
    return range((window[0] - slack).toordinal() // 7, (window[1] + slack).toordinal() // 7 + 1)


@dataclass
class _TypeIndex:
    """The clusters of one event type, indexed by the weeks their time windows cover."""

    clusters: list[_Cluster] = field(default_factory=list)
    by_week: dict[int, list[_Cluster]] = field(default_factory=dict)
    covered: dict[int, range] = field(default_factory=dict)  # cluster index -> weeks registered
    unbounded: list[_Cluster] = field(default_factory=list)

    def candidates(self, window: tuple[dt.date, dt.date] | None) -> list[_Cluster]:
        if window is None:
            return self.clusters
        found = {c.index: c for week in _weeks(window) for c in self.by_week.get(week, ())}
        found.update((c.index, c) for c in self.unbounded)
        return [found[k] for k in sorted(found)]

    def register(self, cluster: _Cluster, is_new: bool) -> None:
        if is_new:
            self.clusters.append(cluster)
        if cluster.unbounded:
            if cluster not in self.unbounded:
                self.unbounded.append(cluster)
            return
        assert cluster.hull is not None
        weeks = _weeks(cluster.hull)
        known = self.covered.get(cluster.index, range(0))
        for week in weeks:
            if week not in known:
                self.by_week.setdefault(week, []).append(cluster)
        self.covered[cluster.index] = (
            weeks if not known else range(min(known[0], weeks[0]), max(known[-1], weeks[-1]) + 1)
        )


def _cluster(reports: list[Report]) -> list[_Cluster]:
    """Greedy linking in the reports' canonical order.

    Clusters are kept per event type and indexed by the weeks their members' time windows
    cover, so a report is only compared with clusters it could link to: linking costs about
    the same per report however long the timeline.
    """
    by_type: dict[str, _TypeIndex] = {}
    count = 0
    for report in reports:
        window = time_window(report)
        index = by_type.setdefault(report.event.type, _TypeIndex())
        best: tuple[int, int] | None = None
        chosen: _Cluster | None = None
        for cluster in index.candidates(window):
            if not cluster.may_link(report.source, window):
                continue
            scores = [link_score(report, member) for member in cluster.reports]
            if any(s is None for s in scores):
                continue  # every member must be compatible
            top = max(s for s in scores if s is not None)
            if top < MIN_LINK_SCORE:
                continue
            key = (top, -cluster.index)
            if best is None or key > best:
                best, chosen = key, cluster
        is_new = chosen is None
        if chosen is None:
            chosen = _Cluster(count)
            count += 1
        chosen.add(report, window)
        index.register(chosen, is_new)
    return sorted((c for idx in by_type.values() for c in idx.clusters), key=lambda c: c.index)


# --------------------------------------------------------------------------- consolidation


def _jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def _vote(
    field_name: str, values: list[tuple[Any, Report]], *, finer: dict[str, int] | None = None
) -> tuple[Any, Conflict | None]:
    """The best-supported value (most sources; ties: finer, then the later report) and the conflict, if any."""
    groups: dict[str, tuple[Any, list[Report]]] = {}
    for value, report in values:
        key = json.dumps(_jsonable(value), sort_keys=True)
        groups.setdefault(key, (value, []))[1].append(report)
    if not groups:
        return None, None

    def rank(item: tuple[str, tuple[Any, list[Report]]]) -> tuple[int, int, dt.date, str]:
        key, (_, reports) = item
        latest = max(r.published or dt.date.min for r in reports)
        return len({r.source for r in reports}), (finer or {}).get(key, 0), latest, key

    ordered = sorted(groups.items(), key=rank, reverse=True)
    best = ordered[0][1][0]
    if len(ordered) == 1:
        return best, None
    conflict = Conflict(
        field=field_name,
        values=[
            SourcedValue(value=_jsonable(value), sources=sorted({r.source for r in reports}))
            for _, (value, reports) in ordered
        ],
    )
    return best, conflict


_GRANULARITY_RANK = {g: i for i, g in enumerate(reversed(list(Granularity)))}


def _consolidated_date(reports: list[Report]) -> tuple[EventDate | None, Conflict | None]:
    """The best-supported resolved date interval (ties: the finer one, then the later report)."""
    dated = [(r.event.date, r) for r in reports if r.event.date is not None and r.event.date.start is not None]
    if not dated:
        unresolved = [r.event.date for r in reports if r.event.date is not None]
        return (unresolved[0] if unresolved else None), None
    by_interval: dict[str, EventDate] = {}
    values: list[tuple[Any, Report]] = []
    for date, report in dated:
        assert date is not None and date.start is not None and date.end is not None
        interval = [date.start.isoformat(), date.end.isoformat()]
        by_interval.setdefault(json.dumps(interval), date)
        values.append((interval, report))
    finer = {key: _GRANULARITY_RANK.get(d.granularity, 0) if d.granularity else 0 for key, d in by_interval.items()}
    best, conflict = _vote("date", values, finer=finer)
    return by_interval[json.dumps(best)], conflict


def _union(reports: list[Report], role: str) -> list[Actor]:
    out: dict[str, Actor] = {}
    for report in reports:
        value = getattr(report.event, role, None)
        items = [value] if isinstance(value, Actor) else list(value or [])
        for actor in items:
            out.setdefault(actor.country or actor.canonical.casefold(), actor)
    return list(out.values())


def _stage_date(status: Status, report: Report) -> dt.date | None:
    date = report.event.date
    held = status in _TAKES_PLACE and date is not None and date.start is not None
    if (
        held
        and date is not None
        and date.start is not None
        and (report.published is None or date.start <= report.published)
    ):
        return date.start
    return report.published


def _history(reports: list[Report]) -> list[HistoryEntry]:
    """One entry per stage: dated, with its first report's evidence and every source reporting it."""
    entries: dict[Status, list[tuple[dt.date | None, Report, Evidence | Stage]]] = {}
    for report in reports:
        spans: list[tuple[Status, Evidence | Stage]] = [(stage.status, stage) for stage in report.event.history]
        if report.event.status not in {status for status, _ in spans}:
            spans.append((report.event.status, report.event.evidence[0]))
        for status, span in spans:
            entries.setdefault(status, []).append((_stage_date(status, report), report, span))
    history: list[HistoryEntry] = []
    for status, items in entries.items():
        items.sort(key=lambda item: (item[0] or dt.date.max, item[1].source))
        day, first, span = items[0]
        history.append(
            HistoryEntry(
                status=status,
                date=day,
                sources=list(dict.fromkeys(r.source for _, r, _ in items)),
                source=first.source,
                text=span.text,
                start=span.start,
                end=span.end,
            )
        )
    history.sort(key=lambda h: (h.date or dt.date.max, _STAGE_ORDER.index(h.status)))
    return history


def _latest_status(reports: list[Report]) -> Status:
    """The status the latest report gives (ties on the publication date: the later stage)."""
    latest = max(r.published or dt.date.min for r in reports)
    return max(
        (r.event.status for r in reports if (r.published or dt.date.min) == latest),
        key=_STAGE_ORDER.index,
    )


def _record_id(event_type: str, reports: list[Report]) -> str:
    keys = sorted(f"{r.source}\x00{r.event.evidence[0].start}\x00{r.event.evidence[0].end}" for r in reports)
    digest = hashlib.sha1("\x01".join(keys).encode("utf-8"), usedforsecurity=False).hexdigest()[:12]
    return f"{event_type}-{digest}"


def _consolidate(cluster: _Cluster) -> TimelineEvent:
    reports = sorted(cluster.reports, key=_report_key)
    event_type: EventType = reports[0].event.type
    history = _history(reports)
    conflicts: list[Conflict] = []
    date, date_conflict = _consolidated_date(reports)
    if date_conflict:
        conflicts.append(date_conflict)
    placed = [(r.event.location, r) for r in reports if r.event.location is not None]
    location, location_conflict = _vote("location", placed)
    if location_conflict and len({str(v.value["name"]).casefold() for v in location_conflict.values}) > 1:
        conflicts.append(location_conflict)
    facts: dict[str, Any] = {}
    for name in _FACTS[event_type]:
        values = [(v, r) for r in reports if (v := getattr(r.event, name, None)) is not None and v != []]
        value, conflict = _vote(name, values)
        if value is not None:
            facts[name] = _jsonable(value)
        if conflict is not None:
            conflicts.append(conflict)
    roles: dict[str, list[Actor]] = {}
    for role in _ROLES[event_type]:
        if role == "proposer":
            proposers = [
                (proposer, r)
                for r in reports
                if isinstance(r.event, CeasefireProposal) and (proposer := r.event.proposer) is not None
            ]
            best, conflict = _vote("proposer", proposers)
            if best is not None:
                roles[role] = [best]
            if conflict is not None:
                conflicts.append(conflict)
            continue
        actors = _union(reports, role)
        if actors:
            roles[role] = actors
    sources = list(dict.fromkeys(r.source for r in reports))
    return TimelineEvent(
        id=_record_id(event_type, reports),
        type=event_type,
        status=_latest_status(reports),
        roles=roles,
        date=date,
        location=location,
        facts=facts,
        conflicts=conflicts,
        history=history,
        sources=sources,
        reports=reports,
        confidence=max(r.event.confidence for r in reports),
    )


def merge_events(articles: Iterable[ArticleEvents | Timeline | Mapping[str, Any]]) -> Timeline:
    """Link the reports of one real event across articles into one record each.

    Args:
        articles: the events of each article, as ``(source, published, events)`` tuples,
            mappings with ``source`` (or ``id``), ``published`` and ``events``, or
            timelines (whose reports are merged again with the rest). ``published`` is a
            date, a datetime, an ISO 8601 string or None.

    Returns:
        The timeline: one :class:`TimelineEvent` per real event, ordered by date.

    Raises:
        InvalidInputError: a malformed item (the message names it), or one source id given
            twice with different events or dates.
    """
    reports = _reports(articles)
    events = [_consolidate(cluster) for cluster in _cluster(reports)]
    events.sort(key=lambda e: (e.history[0].date or dt.date.max, e.type, e.id))
    return Timeline(events=events)


# --------------------------------------------------------------------------- the timeline


class Timeline(BaseModel):
    """Consolidated events of many articles (see :func:`merge_events`).

    Attributes:
        events: one record per real event, ordered by the date of its first stage.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    events: list[TimelineEvent] = Field(default_factory=list)

    @classmethod
    def from_articles(
        cls,
        articles: Iterable[tuple[str, str, dt.date | dt.datetime | str | None] | Mapping[str, Any]],
        *,
        nlp: Language | None = None,
        extractors: Sequence[str] | None = None,
        n_process: int = 1,
        on_error: Literal["raise", "skip"] = "raise",
    ) -> Timeline:
        """Parse articles and merge their events.

        Args:
            articles: ``(source, text, published)`` tuples or mappings with ``id``,
                ``text`` and optional ``published``.
            nlp: as for :func:`~negotiation_events.parse_articles` (only with ``n_process=1``).
            extractors: as for :func:`~negotiation_events.parse_article`.
            n_process: worker processes for parsing.
            on_error: ``"raise"`` or ``"skip"``, as for
                [`parse_articles`][negotiation_events.parse_articles]; failures name the
                article by its source.

        Raises:
            InvalidInputError: a malformed article (checked before any parsing).
            PluginError: an extractor failed on an article (``on_error="raise"``).
        """
        from .batch import parse_articles

        items: list[tuple[str, Any, Any]] = []
        for index, item in enumerate(articles):
            source, text, published = _unpack(item, index, ("text", "published"))
            if not isinstance(text, str):
                raise InvalidInputError(f"articles[{index}]: the text must be a str, got {type(text).__name__}")
            items.append((source, text, published))
        parsed = parse_articles(
            ({"id": source, "text": text, "published": published} for source, text, published in items),
            nlp=nlp,
            extractors=extractors,
            n_process=n_process,
            on_error=on_error,
        )
        return merge_events(
            [(source, published, events) for (source, _, published), events in zip(items, parsed, strict=True)]
        )

    def to_jsonl(self) -> str:
        """One JSON object per record, one a line."""
        return "".join(event.model_dump_json() + "\n" for event in self.events)

    def to_table(self) -> str:
        """A plain-text table: one line per record."""
        header = ("date", "type", "status", "where", "who", "sources", "history")
        rows = [header]
        for event in self.events:
            start = event.date.start.isoformat() if event.date and event.date.start else "?"
            who = ", ".join(sorted({a.country or a.canonical for role, actors in event.roles.items() for a in actors}))
            stages = " > ".join(f"{h.status.value} {h.date.isoformat() if h.date else '?'}" for h in event.history)
            rows.append(
                (
                    start,
                    event.type,
                    event.status.value,
                    event.location.name if event.location else "",
                    who,
                    str(len(event.sources)),
                    stages,
                )
            )
        widths = [max(len(row[i]) for row in rows) for i in range(len(header) - 1)]
        return "".join(
            "  ".join(cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)) + "  " + row[-1] + "\n"
            for row in rows
        )

    def to_html(self, texts: Mapping[str, str] | None = None, *, title: str = "Timeline") -> str:
        """A self-contained HTML page: a table per event type, then each record's history and evidence.

        Args:
            texts: the article texts by source id; when given, each piece of evidence is
                shown in its sentence, highlighted.
            title: the page title.
        """
        return _render_html(self, texts or {}, title)


# --------------------------------------------------------------------------- HTML

_CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1d2330}
h1{font-size:1.6rem}h2{margin-top:2.2rem;border-bottom:2px solid #d8dde6}h3{font-size:1.05rem;margin:1.6rem 0 .4rem}
table{border-collapse:collapse;width:100%;margin:.6rem 0}th,td{border:1px solid #d8dde6;padding:.3rem .5rem;
text-align:left;vertical-align:top}th{background:#f1f4f8}code{font-size:.9em}
.status{display:inline-block;padding:0 .45rem;border-radius:.6rem;background:#e7ecf5;font-size:.85em}
.status.occurred{background:#d9f2e1}.status.failed,.status.rejected{background:#f8dede}
.conflict{color:#9a3412}mark{background:#fff1a8}ol.history li{margin:.2rem 0}.muted{color:#5b6475}
"""


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _date_text(date: EventDate | None) -> str:
    if date is None or date.start is None or date.end is None:
        return "" if date is None else _e(date.text)
    return _e(
        date.start.isoformat() if date.start == date.end else f"{date.start.isoformat()} – {date.end.isoformat()}"
    )


def _evidence_html(texts: Mapping[str, str], source: str, evidence: Evidence) -> str:
    text = texts.get(source)
    if text is None or text[evidence.start : evidence.end] != evidence.text:
        return f"“{_e(evidence.text)}”"
    s0, s1 = evidence.sentence
    return _e(text[s0 : evidence.start]) + "<mark>" + _e(evidence.text) + "</mark>" + _e(text[evidence.end : s1])


def _render_html(timeline: Timeline, texts: Mapping[str, str], title: str) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="muted">{_count(len(timeline.events), "event")} from '
        f"{_count(len({s for e in timeline.events for s in e.sources}), 'article')}.</p>",
    ]
    by_type: dict[str, list[TimelineEvent]] = {}
    for event in timeline.events:
        by_type.setdefault(event.type, []).append(event)
    for event_type, events in by_type.items():
        parts.append(f'<h2 id="type-{_e(event_type)}">{_e(event_type.replace("_", " "))}</h2>')
        parts.append(
            "<table><thead><tr><th>event</th><th>status</th><th>date</th><th>where</th>"
            "<th>who</th><th>facts</th><th>sources</th></tr></thead><tbody>"
        )
        for event in events:
            who = "; ".join(
                f"{_e(role)}: " + ", ".join(_e(a.country or a.canonical) for a in actors)
                for role, actors in event.roles.items()
            )
            facts = ", ".join(f"{_e(k)}={_e(v)}" for k, v in event.facts.items())
            flag = ' <span class="conflict" title="the sources disagree">⚑</span>' if event.conflicts else ""
            parts.append(
                f'<tr><td><a href="#{_e(event.id)}"><code>{_e(event.id)}</code></a>{flag}</td>'
                f'<td><span class="status {_e(event.status.value)}">{_e(event.status.value)}</span></td>'
                f"<td>{_date_text(event.date)}</td><td>{_e(event.location.name) if event.location else ''}</td>"
                f"<td>{who}</td><td>{facts}</td><td>{len(event.sources)}</td></tr>"
            )
        parts.append("</tbody></table>")
        for event in events:
            parts.append(_event_html(event, texts))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _event_html(event: TimelineEvent, texts: Mapping[str, str]) -> str:
    anchors: dict[tuple[str, int, int], str] = {}
    evidence_items: list[str] = []
    for r_index, report in enumerate(event.reports):
        for e_index, evidence in enumerate(report.event.evidence):
            anchor = f"{event.id}-ev-{r_index}-{e_index}"
            anchors.setdefault((report.source, evidence.start, evidence.end), anchor)
            evidence_items.append(
                f'<li id="{_e(anchor)}"><code>{_e(report.source)}</code> '
                f'<span class="muted">[{evidence.start}:{evidence.end}] {_e(evidence.extractor)}</span><br>'
                f"{_evidence_html(texts, report.source, evidence)}</li>"
            )
    history = []
    for entry in event.history:
        target = anchors.get((entry.source, entry.start, entry.end))
        quote = f"“{_e(entry.text)}”"
        link = f'<a href="#{_e(target)}">{quote}</a>' if target else quote
        history.append(
            f'<li><span class="status {_e(entry.status.value)}">{_e(entry.status.value)}</span> '
            f"{_e(entry.date.isoformat()) if entry.date else '?'} — {link} "
            f'<span class="muted">({_e(", ".join(entry.sources))})</span></li>'
        )
    conflicts = "".join(
        f'<li class="conflict">{_e(c.field)}: '
        + "; ".join(f"{_e(json.dumps(v.value, ensure_ascii=False))} ({_e(', '.join(v.sources))})" for v in c.values)
        + "</li>"
        for c in event.conflicts
    )
    return (
        f'<section id="{_e(event.id)}"><h3>{_e(event.type.replace("_", " "))} '
        f"<code>{_e(event.id)}</code> · CAMEO {_e(event.cameo)} · PLOVER {_e(event.plover.category)}"
        f"{'/' + _e(event.plover.mode) if event.plover.mode else ''}</h3>"
        f'<ol class="history">{"".join(history)}</ol>'
        + (f"<p>Sources disagree:</p><ul>{conflicts}</ul>" if conflicts else "")
        + f"<details open><summary>{_count(len(evidence_items), 'piece')} of evidence from "
        f"{_count(len(event.sources), 'article')}</summary>"
        f"<ul>{''.join(evidence_items)}</ul></details></section>"
    )
