"""Mentions → events, within one article.

Mentions of one real event are merged when they are *compatible*: same type, no
conflicting participants (one party set contains the other), no different brokers (a
truce or talks brokered by Russia are not those brokered by the United States), same
talks level and round, no contradicting place, date, count, category, duration, scope
or novelty ("the recent negotiations" vs "a new round"), and not one meeting held and
another still to come: a plan with a date or place of its own ("they plan to convene in
Tunis on November 9") is not the round already held. Specific mentions (with participants or facts) form
events first, in text order, each joining the best-matching compatible event; mentions
with nothing of their own ("the session", "the talks") then attach to the best
compatible event and never create one, except leaders' summits, ceasefires and
exchanges, which are events in their own right, and "another"/"further" mentions
that no earlier event fits ("ready for further exchanges").

An event's status is the status most of its mentions report (weighted by the
extractors' scores; ties go to the later stage); its roles are the union of its
mentions' roles; its facts come from its first mention that has them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .combine import Support, calibrated_confidence
from .errors import InvalidMentionError
from .extractors.base import Mention, MentionLinker
from .models import (
    Actor,
    ArmsDeal,
    CeasefireProposal,
    EventDate,
    Evidence,
    Place,
    PrisonerExchange,
    Sanction,
    Stage,
    Status,
    Talks,
)

__all__ = ["merge_mentions"]

_STAGE_ORDER = [
    Status.PROPOSED,
    Status.THREATENED,
    Status.PLANNED,
    Status.AGREED,
    Status.REJECTED,
    Status.OCCURRED,
    Status.FAILED,
]
_STATUS_VALUES = frozenset(s.value for s in Status)
_ROLE_FIELDS = {
    "talks": ("parties", "mediators"),
    "prisoner_exchange": ("sides",),
    "ceasefire_proposal": ("proposer", "parties", "mediators"),
    "sanction": ("imposers", "targets"),
    "arms_deal": ("suppliers", "recipients"),
}
_KEY_FACTS = {
    "talks": ("level", "location", "date", "round"),
    "prisoner_exchange": ("count", "category", "date"),
    "ceasefire_proposal": ("duration", "scope", "date"),
    "sanction": ("action",),
    "arms_deal": ("quantity", "date"),
}
_EXCLUSIVE_ROLES = {
    "sanction": ("imposers", "targets"),
    "arms_deal": ("suppliers", "recipients"),
    "ceasefire_proposal": ("proposer", "mediators"),
    "talks": ("mediators",),
}
_NOT_YET = frozenset({Status.PROPOSED, Status.PLANNED, Status.AGREED})
_STANDALONE_TYPES = frozenset({"ceasefire_proposal", "prisoner_exchange"})


@dataclass
class _Cluster:
    type: str
    mentions: list[Mention] = field(default_factory=list)

    def codes(self, role: str) -> set[str]:
        return {a.country for m in self.mentions for a in m.roles.get(role, []) if a.country}

    def fact(self, name: str) -> Any:
        for mention in self.mentions:
            if mention.facts.get(name) is not None:
                return mention.facts[name]
        return None

    def novelty(self) -> str | None:
        for mention in self.mentions:
            novelty = _novelty(mention)
            if novelty:
                return novelty
        return None


def _ahead(mention: Mention) -> bool:
    """A new occurrence still to come: "meet again", "another round", "a new exchange"."""
    if (
        mention.status is Status.PLANNED
        and mention.status_cue
        and mention.novelty != "past"
        and (
            (isinstance(mention.facts.get("date"), EventDate) and not mention.facts.get("weak_date"))
            or (mention.facts.get("location") is not None and not mention.facts.get("weak_location"))
        )
    ):
        return True
    return mention.novelty == "new" and mention.status not in {Status.OCCURRED, Status.FAILED}


def _behind(mention: Mention) -> bool:
    """An occurrence reported as held, with a cue saying so."""
    return mention.status is Status.OCCURRED and bool(mention.status_cue) and mention.novelty != "new"


def _ahead_cluster(cluster: _Cluster) -> bool:
    return any(_ahead(m) for m in cluster.mentions if not m.anaphoric)


def _held(cluster: _Cluster) -> bool:
    return any(_behind(m) for m in cluster.mentions if not m.anaphoric)


def _novelty(mention: Mention) -> str | None:
    """Novelty from a cue ("new", "past"); a proposal or plan is about a new event too."""
    if mention.novelty:
        return mention.novelty
    if mention.status in {Status.PROPOSED, Status.PLANNED} and mention.status_cue and not mention.anaphoric:
        return "new"
    return None


def _is_partial_mention(mention: Mention) -> bool:
    return bool(mention.facts.get("partial"))


def _general(mention: Mention) -> bool:
    """A ceasefire said to be general: a duration or "unconditional", and no scope."""
    return not mention.facts.get("partial") and bool(
        mention.facts.get("duration") or mention.facts.get("unconditional")
    )


def _is_partial(cluster: _Cluster) -> bool:
    return any(_is_partial_mention(m) for m in cluster.mentions)


def _general_cluster(cluster: _Cluster) -> bool:
    return any(_general(m) for m in cluster.mentions)


_OFFERS = frozenset({Status.PROPOSED, Status.PLANNED, Status.THREATENED})
_REACTIONS = frozenset({Status.REJECTED, Status.AGREED, Status.FAILED})


def _is_reaction(mention: Mention, cluster: _Cluster) -> bool:
    """One side reports an offer, the other a reaction to it (dates then differ naturally)."""
    theirs = {m.status for m in cluster.mentions if m.status is not None}
    if mention.status in _OFFERS:
        return bool(theirs) and theirs <= _REACTIONS | _OFFERS and bool(theirs & _REACTIONS)
    if mention.status in _REACTIONS:
        return bool(theirs) and theirs <= _OFFERS | _REACTIONS and bool(theirs & _OFFERS)
    return False


_VENUE_WORDS = frozenset(
    {
        "palace",
        "hotel",
        "house",
        "hall",
        "building",
        "centre",
        "center",
        "ministry",
        "embassy",
        "headquarters",
        "residence",
        "castle",
        "base",
        "airport",
        "office",
        "room",
        "villa",
        "compound",
        "club",
        "lodge",
        "kremlin",
    }
)


def _is_venue(name: str) -> bool:
    return bool(set(name.lower().replace("-", " ").split()) & _VENUE_WORDS)


def _parties_conflict(a: set[str], b: set[str]) -> bool:
    """Two mentions name different sets of sides: {RUS, TUR} vs {RUS, UKR}, or {USA} vs {RUS, UKR}.

    One side each ({UKR} and {RUS}) is no conflict: each mention names the counterpart.
    """
    if not a or not b or a <= b or b <= a:
        return False
    return len(a | b) > 2


def _dates_conflict(a: EventDate, b: EventDate) -> bool:
    if a.start is None or b.start is None or a.end is None or b.end is None:
        return False
    return a.end < b.start or b.end < a.start


def _facts_conflict(name: str, a: Any, b: Any) -> bool:
    if a is None or b is None:
        return False
    if isinstance(a, EventDate) and isinstance(b, EventDate):
        return _dates_conflict(a, b)
    if isinstance(a, Place) and isinstance(b, Place):
        x, y = a.name.lower(), b.name.lower()
        if _is_venue(a.name) or _is_venue(b.name):
            return False  # a palace or a hotel lies inside some city: venues never contradict cities
        return x not in y and y not in x
    if name == "scope":
        words_a, words_b = set(str(a).lower().split()), set(str(b).lower().split())
        return not (words_a <= words_b or words_b <= words_a)
    return bool(a != b)


def _compatible(mention: Mention, cluster: _Cluster) -> int | None:
    """None when incompatible, else how many attributes agree (higher: better match)."""
    if mention.type != cluster.type:
        return None
    agreement = 0
    mention_codes = mention.countries()
    cluster_codes = {c for role in _ROLE_FIELDS[mention.type] for c in cluster.codes(role)}
    if mention.type == "talks":
        if _parties_conflict(
            {a.country for a in mention.roles.get("parties", []) if a.country}, cluster.codes("parties")
        ):
            return None
    elif _parties_conflict(mention_codes, cluster_codes) and mention.type != "arms_deal":
        return None
    for role in _EXCLUSIVE_ROLES.get(mention.type, ()):
        role_codes = {a.country for a in mention.roles.get(role, []) if a.country}
        if role_codes and cluster.codes(role) and not (role_codes & cluster.codes(role)):
            return None
    agreement += len(mention_codes & cluster_codes)
    for name in _KEY_FACTS[mention.type]:
        mine, theirs = mention.facts.get(name), cluster.fact(name)
        if name in {"count", "category"} and any(m.sentence == mention.sentence for m in cluster.mentions):
            continue  # "Israel freed 90 prisoners after Hamas released three hostages": one exchange, two halves
        if name == "date":
            if _is_reaction(mention, cluster) or mention.facts.get("weak_date"):
                continue  # a proposal on Monday and its rejection on Tuesday are one event
            theirs = next(  # only dates attached by syntax keep events apart
                (m.facts["date"] for m in cluster.mentions if m.facts.get("date") and not m.facts.get("weak_date")),
                None,
            )
        leaders_differ = name == "level" and (mine == "leaders") != (theirs == "leaders") and bool(mine or theirs)
        if leaders_differ and (mine is not None or not mention.anaphoric):
            return None
        if name == "location":
            theirs = next(  # only places attached by syntax keep events apart
                (
                    m.facts["location"]
                    for m in cluster.mentions
                    if m.facts.get("location") and not m.facts.get("weak_location")
                ),
                None,
            )
            if mention.facts.get("weak_location"):
                continue
        if _facts_conflict(name, mine, theirs):
            return None
        if mine is not None and mine == theirs:
            agreement += 1
    if mention.type == "arms_deal":
        mine_systems = set(mention.facts.get("systems", []))
        their_systems = {w for m in cluster.mentions for w in m.facts.get("systems", [])}
        if mine_systems and their_systems and not mine_systems & their_systems:
            return None  # Patriots and F-16s are different deals
        if not mention.anaphoric and mention.status is not None and mention.status_cue:
            pledged = mention.status in _NOT_YET
            if any(
                m.status is not None and m.status_cue and (m.status in _NOT_YET) != pledged for m in cluster.mentions
            ):
                return None  # a pledge and a delivery are reported as separate deals
    if mention.type == "ceasefire_proposal":
        unconditional = mention.facts.get("unconditional") or cluster.fact("unconditional")
        scoped = mention.facts.get("scope") or cluster.fact("scope")
        if unconditional and scoped:
            return None  # a full, unconditional ceasefire is not a partial one
        if (_general(mention) and _is_partial(cluster)) or (_is_partial_mention(mention) and _general_cluster(cluster)):
            return None  # "a 30-hour truce" and "a moratorium on energy strikes" are different ceasefires
    if not mention.anaphoric and (
        (_ahead(mention) and _held(cluster) and not _ahead_cluster(cluster))
        or (_behind(mention) and _ahead_cluster(cluster) and not _held(cluster))
    ):
        return None  # "they met on Monday" and "they could meet again": two meetings
    mine_novelty, theirs_novelty = _novelty(mention), cluster.novelty()
    if mine_novelty and theirs_novelty and mine_novelty != theirs_novelty:
        return None
    if mine_novelty and mine_novelty == theirs_novelty:
        agreement += 1
    return agreement


def _is_specific(mention: Mention) -> bool:
    """Can this mention start an event of its own?

    Talks that name no participant still can when they say where or when they are held,
    or when a leaders' summit is called for ("a summit between leaders is
    necessary"); otherwise they refer back to talks already found.
    """
    if mention.anaphoric or mention.facts.get("attach_only"):
        return False
    if mention.facts.get("no_actor"):
        if mention.facts.get("distant_past"):
            return False  # background with no participant named ("a round of talks in 2022")
        date = mention.facts.get("date")
        placed = mention.facts.get("location") is not None or (isinstance(date, EventDate) and date.start is not None)
        if placed and mention.facts.get("conflict_context"):
            return True
        return mention.facts.get("level") == "leaders" and mention.status is Status.PROPOSED
    return True


def _best(mention: Mention, clusters: list[_Cluster]) -> _Cluster | None:
    best: tuple[int, int, int] | None = None
    chosen: _Cluster | None = None
    for index, cluster in enumerate(clusters):
        score = _compatible(mention, cluster)
        if score is None:
            continue
        key = (score, len(cluster.mentions), index)
        if best is None or key > best:
            best, chosen = key, cluster
    return chosen


def merge_mentions(
    mentions: Iterable[Mention],
    dyad: Sequence[str] = (),
    support: Support | None = None,
    linker: MentionLinker | None = None,
) -> list[Talks | PrisonerExchange | CeasefireProposal | Sanction | ArmsDeal]:
    """Merge the mentions of one article into events (ordered by first evidence).

    Args:
        mentions: every mention found in the article, from any extractor.
        dyad: the two states the article is mostly about; completes the sides of
            two-sided events (talks, exchanges, ceasefires) that name fewer than two.
        support: confirmations of mentions by the model (see
            :func:`negotiation_events.combine.combine`); they add the model to an
            event's extractors and raise its confidence.
        linker: when given, joins the groups of mentions it scores as one event (see
            [`MentionLinker`][negotiation_events.MentionLinker]), best pair first.

    Raises:
        InvalidMentionError: a mention's type is not one of the five event types.
    """
    given = list(mentions)
    for mention in given:
        if mention.type not in _ROLE_FIELDS:
            raise InvalidMentionError(
                f"extractor {mention.extractor!r} yielded a mention of type {mention.type!r}, "
                f"which is not an event type ({', '.join(_ROLE_FIELDS)})",
                extractor=mention.extractor,
                field="type",
            )
    ordered = sorted(given, key=lambda m: (m.start, m.end, m.type, m.extractor))
    clusters: list[_Cluster] = []
    for mention in ordered:
        if not _is_specific(mention):
            continue
        cluster = _best(mention, [c for c in clusters if c.type == mention.type])
        if cluster is None:
            cluster = _Cluster(mention.type)
            clusters.append(cluster)
        cluster.mentions.append(mention)
    for mention in ordered:
        if _is_specific(mention):
            continue
        cluster = _best(mention, [c for c in clusters if c.type == mention.type])
        if cluster is None:
            another = mention.novelty == "new" and any(c.type == mention.type for c in clusters)
            if (
                mention.facts.get("attach_only")
                or mention.hypothetical
                or (mention.type not in _STANDALONE_TYPES and not another)
            ):
                continue  # "without a ceasefire, ..." asserts nothing; "the talks" refers back
            cluster = _Cluster(mention.type)
            clusters.append(cluster)
        cluster.mentions.append(mention)
    if linker is not None:
        clusters = _link(clusters, linker)
    events = _share_mediators([_to_event(cluster, tuple(dyad), support or {}) for cluster in clusters])
    return sorted(events, key=lambda e: (e.evidence[0].start, e.type))


_Event = Talks | PrisonerExchange | CeasefireProposal | Sanction | ArmsDeal


def _link(clusters: list[_Cluster], linker: MentionLinker) -> list[_Cluster]:
    """Join the pairs of groups of one type the linker scores as one event, best pair first."""
    clusters = [c for c in clusters if c.mentions]
    threshold = linker.threshold
    scores: dict[tuple[int, int], float] = {}  # by the pair's ids: every group is kept alive below
    alive = list(clusters)
    while True:
        best: tuple[float, int, int] | None = None
        for i, first in enumerate(clusters):
            for j in range(i + 1, len(clusters)):
                second = clusters[j]
                if second.type != first.type:
                    continue
                key = (id(first), id(second))
                if key not in scores:
                    ordered = sorted((first, second), key=lambda c: min(m.start for m in c.mentions))
                    scores[key] = linker.same_event(ordered[0].mentions, ordered[1].mentions)
                score = scores[key]
                if score >= threshold and (best is None or score > best[0]):
                    best = (score, i, j)
        if best is None:
            return clusters
        _, i, j = best
        joined = _Cluster(
            clusters[i].type, sorted([*clusters[i].mentions, *clusters[j].mentions], key=lambda m: m.start)
        )
        alive.append(joined)
        clusters = [c for k, c in enumerate(clusters) if k not in {i, j}]
        clusters.insert(i, joined)


def _share_mediators(events: list[_Event]) -> list[_Event]:
    """Carry what an article says about who mediates to all its talks and ceasefires.

    An article that says Qatar mediates ("a truce brokered by Qatar and Egypt") means
    it for the talks and truces between the same sides elsewhere in the text: a mediator
    named among the parties of another event moves to its mediators when two sides remain
    ("Trump met Putin" keeps the US a party though it brokers Ukraine's talks), and an
    event between the same sides that names no mediator takes the one set the article
    gives for them (only when the article gives one set).
    """
    brokered = [e for e in events if isinstance(e, Talks | CeasefireProposal)]
    named: dict[str, Actor] = {}
    for brokered_event in brokered:
        for actor in brokered_event.mediators:
            if actor.country:
                named.setdefault(actor.country, actor)
    if not named:
        return events
    out: list[_Event] = []
    for event in events:
        if not isinstance(event, Talks | CeasefireProposal):
            out.append(event)
            continue
        parties, mediators = list(event.parties), list(event.mediators)
        moved = [p for p in parties if p.country in named]
        if moved and len({p.country for p in parties} - named.keys()) >= 2:
            parties = [p for p in parties if p.country not in named]
            mediators += [m for m in moved if m.country not in {x.country for x in mediators}]
        if not mediators:
            sides = {p.country for p in parties}
            offers = {
                frozenset(m.country for m in other.mediators if m.country)
                for other in brokered
                if other is not event and other.mediators and sides & {p.country for p in other.parties}
            }
            if len(offers) == 1:
                (codes,) = offers
                mediators = [named[c] for c in sorted(codes) if c not in sides]
        changed = parties != list(event.parties) or mediators != list(event.mediators)
        out.append(event.model_copy(update={"parties": parties, "mediators": mediators}) if changed else event)
    return out


def _status(cluster: _Cluster) -> Status:
    """The event's status from its mentions' statuses.

    With a learned reading (``model.status.v1``): the latest stage, in lifecycle order,
    that any mention reports with enough probability (guidelines, section 3: the latest
    stage reached by publication), else the status most probable over all mentions.
    With the rules alone: the status most mentions report (ties: the later stage); a
    status read off a whole sentence (the model's mentions) counts only when no
    trigger-level status exists. With no status at all, talks, exchanges, sanctions and
    deals occurred and a ceasefire was proposed.
    """
    learned = _learned_status(cluster)
    if learned is not None:
        return learned
    votes: Counter[Status] = Counter()
    trigger_level = [m for m in cluster.mentions if not m.facts.get("sentence_status")]
    voters = trigger_level if any(m.status is not None for m in trigger_level) else cluster.mentions
    for mention in voters:
        if mention.status is not None:
            votes[mention.status] += 1.0 + mention.score  # type: ignore[assignment]
    if not votes:
        return Status.OCCURRED if cluster.type != "ceasefire_proposal" else Status.PROPOSED
    top = max(votes.values())
    leaders = [s for s, v in votes.items() if v == top]
    return max(leaders, key=_STAGE_ORDER.index)


def _learned_status(cluster: _Cluster) -> Status | None:
    read = [m.facts for m in cluster.mentions if m.facts.get("status_probabilities")]
    if not read:
        return None
    stages = {Status(s) for facts in read for s in facts.get("status_stages", [])}
    if stages:
        return max(stages, key=_STAGE_ORDER.index)
    totals: Counter[str] = Counter()
    for facts in read:
        totals.update({k: v for k, v in facts["status_probabilities"].items() if k in _STATUS_VALUES})
    if not totals:
        return None
    return Status(max(totals, key=lambda s: (totals[s], _STAGE_ORDER.index(Status(s)))))


def _history(cluster: _Cluster) -> list[Stage]:
    """The stages the article reports, in text order, each with its first mention."""
    stages: list[Stage] = []
    for mention in sorted(cluster.mentions, key=lambda m: m.start):
        if mention.status is None or not mention.status_cue or mention.hypothetical:
            continue
        if stages and stages[-1].status is mention.status:
            continue
        if any(stage.status is mention.status for stage in stages):
            continue
        stages.append(Stage(status=mention.status, text=mention.text, start=mention.start, end=mention.end))
    return stages


def _union(cluster: _Cluster, role: str) -> list[Actor]:
    """The actors of a role over the cluster: the extractors' roles, then the learned ones."""
    seen: dict[str, Actor] = {}
    learned = [m.facts.get("learned_roles", {}).get(role, []) for m in cluster.mentions]
    for actor in [*(a for m in cluster.mentions for a in m.roles.get(role, [])), *(a for g in learned for a in g)]:
        seen.setdefault(actor.country or actor.canonical, actor)
    return list(seen.values())


def _dyad_actor(code: str) -> Actor:
    from .normalise.actors import load_gazetteer

    entry = load_gazetteer().state(code)
    if entry is not None:
        return Actor(name=entry.canonical, canonical=entry.canonical, country=code, id=code)
    return Actor(name=code, canonical=code, country=code, id=code)


def _complete(actors: list[Actor], dyad: tuple[str, ...]) -> list[Actor]:
    codes = {a.country for a in actors}
    if len(dyad) < 2 or len(codes) >= 2:
        return actors
    if not codes:
        return [_dyad_actor(dyad[0]), _dyad_actor(dyad[1])]
    (only,) = codes
    if only in dyad:
        other = dyad[1] if only == dyad[0] else dyad[0]
        return [*actors, _dyad_actor(other)]
    return actors


def raw_confidence(mentions: Sequence[Mention], support: Iterable[tuple[str, float]] = ()) -> float:
    """Agreement score of a cluster, before calibration.

    A noisy-or over the extractors that found the event (each with its best mention's
    score), discounted less the more mentions the article has: one extractor at 0.9
    with a single mention scores 0.54; rules and model together with three mentions
    score about 0.94.
    """
    best: dict[str, float] = {}
    for extractor, score in [*((m.extractor, m.score) for m in mentions), *support]:
        family = extractor.split(".")[0]
        best[family] = max(best.get(family, 0.0), score)
    miss = 1.0
    for score in best.values():
        miss *= 1.0 - 0.6 * score
    distinct = len({(m.start, m.end) for m in mentions})
    miss *= 0.8 ** (min(distinct, 4) - 1)
    return round(1.0 - miss, 4)


def _supporters(cluster: _Cluster, support: Support) -> list[tuple[str, float]]:
    return [support[(m.sentence, m.type)] for m in cluster.mentions if (m.sentence, m.type) in support]


def _confidence(cluster: _Cluster, support: Support) -> float:
    return round(calibrated_confidence(raw_confidence(cluster.mentions, _supporters(cluster, support))), 3)


def _to_event(
    cluster: _Cluster, dyad: tuple[str, ...], support: Support
) -> Talks | PrisonerExchange | CeasefireProposal | Sanction | ArmsDeal:
    evidence: list[Evidence] = []
    seen_spans: set[tuple[int, int]] = set()
    for mention in sorted(cluster.mentions, key=lambda m: m.start):
        if (mention.start, mention.end) in seen_spans:
            continue
        seen_spans.add((mention.start, mention.end))
        evidence.append(
            Evidence(
                text=mention.text,
                start=mention.start,
                end=mention.end,
                sentence=mention.sentence,
                trigger=mention.trigger,
                extractor=mention.extractor,
            )
        )
    sources: Counter[str] = Counter(m.attributed_to.canonical for m in cluster.mentions if m.attributed_to)
    attributed = next(
        (
            m.attributed_to
            for m in cluster.mentions
            if m.attributed_to and sources and m.attributed_to.canonical == sources.most_common(1)[0][0]
        ),
        None,
    )
    common: dict[str, Any] = {
        "status": _status(cluster),
        "history": _history(cluster),
        "attributed_to": attributed,
        "evidence": evidence,
        "date": _first_resolved_date(cluster),
        "location": _best_location(cluster),
        "confidence": _confidence(cluster, support),
        "extractors": sorted({m.extractor for m in cluster.mentions} | {n for n, _ in _supporters(cluster, support)}),
        "negated": all(m.negated for m in cluster.mentions),
        "hypothetical": all(m.hypothetical for m in cluster.mentions),
    }
    if cluster.type == "talks":
        mediators = _union(cluster, "mediators")
        party_codes = {p.country for p in _union(cluster, "parties")}
        # whoever leads the talks mediates unless their country is a party ("Fidan, who led the session")
        mediators += [
            a for a in _union(cluster, "leads?") if a.country not in party_codes | {m.country for m in mediators}
        ]
        mediator_codes = {m.country for m in mediators}
        parties = [p for p in _union(cluster, "parties") if p.country not in mediator_codes]
        return Talks(
            **common,
            parties=[p for p in _complete(parties, dyad) if p.country not in mediator_codes],
            mediators=mediators,
            level=cluster.fact("level"),
            round=cluster.fact("round"),
        )
    if cluster.type == "prisoner_exchange":
        return PrisonerExchange(
            **common,
            sides=_complete(_union(cluster, "sides"), dyad),
            count=cluster.fact("count"),
            count_qualifier=cluster.fact("count_qualifier"),
            category=cluster.fact("category"),
        )
    if cluster.type == "ceasefire_proposal":
        proposers = _union(cluster, "proposer")
        mediators = _union(cluster, "mediators")
        taken = {m.country for m in mediators}  # the proposer is one of the sides a ceasefire binds
        parties = [p for p in _complete(_union(cluster, "parties"), dyad) if p.country not in taken]
        return CeasefireProposal(
            **common,
            proposer=proposers[0] if proposers else None,
            parties=parties,
            mediators=mediators,
            duration=cluster.fact("duration"),
            scope=cluster.fact("scope"),
            unconditional=cluster.fact("unconditional"),
        )
    if cluster.type == "sanction":
        targets = _union(cluster, "targets")
        target_codes = {t.country for t in targets}
        imposers = [i for i in _union(cluster, "imposers") if i.country not in target_codes]
        measures = sorted({m for mention in cluster.mentions for m in mention.facts.get("measures", [])})
        return Sanction(
            **common,
            imposers=imposers,
            targets=targets,
            measures=measures,
            action=cluster.fact("action") or "impose",
            value=cluster.fact("value"),
        )
    if cluster.type == "arms_deal":
        return _arms_deal(cluster, common)
    raise AssertionError(f"unreachable: merge_mentions admits no event type {cluster.type!r}")


def _arms_deal(cluster: _Cluster, common: dict[str, Any]) -> ArmsDeal:
    suppliers = _union(cluster, "suppliers")
    recipients = [r for r in _union(cluster, "recipients") if r.country not in {s.country for s in suppliers}]
    used = {a.country for a in [*suppliers, *recipients]}
    if not suppliers:
        suppliers = [a for a in _union(cluster, "suppliers?") if a.country not in used]
        used |= {a.country for a in suppliers}
    if not recipients:
        recipients = [a for a in _union(cluster, "recipients?") if a.country not in used]
    weapons: list[str] = []
    for mention in cluster.mentions:
        for weapon in mention.facts.get("weapons", []):
            if weapon not in weapons:
                weapons.append(weapon)
    return ArmsDeal(
        **common,
        suppliers=suppliers,
        recipients=recipients,
        weapons=weapons,
        quantity=cluster.fact("quantity"),
        value=cluster.fact("value"),
    )


def _best_location(cluster: _Cluster) -> Place | None:
    """The first place attached by syntax, else the first taken from the sentence alone.

    A whole country ("talks in Oman") comes last: a city named anywhere says more.
    """
    placed = [m for m in cluster.mentions if m.facts.get("location") is not None]
    if not placed:
        return None
    best = min(placed, key=lambda m: (bool(m.facts.get("country_place")), bool(m.facts.get("weak_location"))))
    return best.facts["location"]  # type: ignore[no-any-return]


def _first_resolved_date(cluster: _Cluster) -> EventDate | None:
    """The first resolved date attached by syntax, else the first taken from the sentence alone.

    A date years before publication ("the palace hosted talks in 2022") dates the event only
    when every mention is as old: otherwise it belongs to a background event folded in.
    """
    mentions = sorted(cluster.mentions, key=lambda m: bool(m.facts.get("weak_date")))
    if not all(m.facts.get("distant_past") for m in mentions):
        mentions = [m for m in mentions if not m.facts.get("distant_past")]
    dates: list[EventDate] = [m.facts["date"] for m in mentions if isinstance(m.facts.get("date"), EventDate)]
    for date in dates:
        if date.start is not None:
            return date
    return dates[0] if dates else None
