"""Rules for talks: negotiations, summits, meetings, calls and visits (``patterns/talks.jsonl``)."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span, Token

from ...models import Actor, Place
from ...normalise.actors import ActorMention
from ..base import ArticleContext
from .engine import (
    MIN_CONFLICT_WORDS,
    RuleExtractor,
    TriggerPattern,
    actors_in,
    governors,
    participants_in,
    prep_objects,
    subject_actors,
)
from .mediators import MEDIATION_NOUNS, MEDIATOR_NOUNS, mediators_near, separate

__all__ = ["TalksRules"]

_PARTY_PREPS = frozenset({"with", "between", "among", "involving"})
_LEVEL_WORDS = {
    "leader": "leaders",
    "leaders": "leaders",
    "summit": "leaders",
    "top-level": "leaders",
    "delegation": "delegations",
    "delegations": "delegations",
    "minister": "ministers",
    "ministers": "ministers",
    "ministerial": "ministers",
    "envoy": "envoys",
    "envoys": "envoys",
}
_LEAD_VERBS = frozenset({"lead", "head", "preside", "run"})
_JOINT_BODIES = frozenset({"committee", "commission", "mechanism", "council"})  # "the border committee will meet"
_OFFICIAL_NOUNS = frozenset(
    {
        "minister",
        "leader",
        "delegation",
        "commander",
        "negotiator",
        "official",
        "envoy",
        "side",
        "president",
        "diplomat",
        "representative",
        "chief",
        "general",
        "team",
        "counterpart",
    }
)
_NOUN_HOSTS = frozenset(
    {
        "invitation",
        "call",
        "proposal",
        "offer",
        "demand",
        "push",
        "initiative",
        "plan",
        "suggestion",
        "readiness",
        "willingness",
        "prospect",
        "effort",
    }
)


def _venue_compound(child: Token, head: Token, context: ArticleContext) -> bool:
    """A capital or seat of power modifying the talks names where they sit, not who sits.

    "the Cairo meetings", "the Budapest summit", "at a White House summit"; a country's
    own name still names a party ("the Russia talks"), and so does an adjective ("Russian talks").
    """
    if child.dep_ != "compound":
        return False
    actor = context.actor_at(child.i)
    if actor is None or actor.entry.kind != "state":
        return False
    return not actor.entry.is_country_name(head.doc[actor.start : actor.end].text)


def _plural_officials(verb: Token) -> bool:
    """Unnamed participants: "Foreign ministers of the two countries met", "the two sides will meet"."""
    return any(
        c.dep_ in {"nsubj", "nsubjpass"}
        and ((c.tag_ == "NNS" and c.lemma_.lower() in _OFFICIAL_NOUNS) or c.lemma_.lower() in _JOINT_BODIES)
        for c in [*verb.children, *(verb.head.children if verb.dep_ == "xcomp" else [])]
    )


class TalksRules(RuleExtractor):
    """Talks between parties: who talks, who mediates, at what level, where, when."""

    name = "rules.talks.v1"
    event_type = "talks"
    pattern_file = "talks.jsonl"

    def arguments(
        self, span: Span, head: Token, pattern: TriggerPattern, context: ArticleContext
    ) -> tuple[dict[str, list[Actor]], dict[str, Any]] | None:
        """Parties, mediators, level, round, location for one talks trigger."""
        parties: list[ActorMention] = []
        mediators: list[ActorMention] = []
        venue: Token | None = None
        anchors = [head]
        if head.dep_ == "pobj" and head.head.head.lemma_.lower() in _NOUN_HOSTS:
            anchors.append(head.head.head)  # "an invitation for a meeting with Putin"
        if head.dep_ == "compound":
            anchors.append(head.head)
        for anchor in anchors:
            for obj in prep_objects(anchor, _PARTY_PREPS):
                parties += participants_in(obj, context)
            for obj in prep_objects(anchor, {"of"}):
                found = actors_in(obj, context)
                if any(a.entry.kind in {"person", "state", "group"} and not a.adjective for a in found):
                    parties += found
            for child in anchor.children:
                if child.dep_ in {"poss", "compound", "amod", "nmod"} and child.i not in range(span.start, span.end):
                    found = actors_in(child, context, frozenset())
                    if anchor is head and _venue_compound(child, head, context):
                        venue = child  # "met at a White House summit", "in the Doha talks": where, not who
                        continue
                    if child.lemma_.lower() in self.lexicons.mediator_verbs or any(
                        c.lemma_.lower() in self.lexicons.mediator_verbs for c in child.ancestors if c.i < head.i
                    ):
                        mediators += found
                    else:
                        parties += found
                if child.dep_ in {"acl", "amod"} and child.lemma_.lower() in self.lexicons.mediator_verbs:
                    for obj in prep_objects(child, {"by"}):
                        mediators += actors_in(obj, context)
                    for grandchild in child.children:
                        if grandchild.dep_ in {"npadvmod", "compound", "nmod"}:
                            mediators += actors_in(grandchild, context, frozenset())
                if child.dep_ == "acl" and child.lemma_.lower() not in self.lexicons.mediator_verbs:
                    for obj in prep_objects(child, {"by"}):
                        parties += actors_in(obj, context)
        mediators += mediators_near(head, context, self.lexicons.mediator_verbs)
        for token in [head, *governors(head, 3)]:  # "under Qatari mediation", "with Omani mediation"
            for obj in prep_objects(token, {"under", "with", "through", "via"}):
                if obj.lemma_.lower() in MEDIATION_NOUNS:
                    mediators += actors_in(obj, context)
        for obj in prep_objects(head, {"by"}):  # "a visit to Kyiv by the US envoy"
            parties += actors_in(obj, context)
        subjects, verb = subject_actors(head, context, verbs=self.lexicons.participation_verbs | _LEAD_VERBS)
        leads: list[ActorMention] = []
        if verb is not None and verb.lemma_.lower() in self.lexicons.mediator_verbs:
            mediators += subjects
        elif verb is not None and verb.lemma_.lower() in _LEAD_VERBS:
            leads += subjects  # a party's delegation head, or a third country's chair: decided at merge
        else:
            parties += subjects
        if "counterpart" in pattern.requires:  # "X called his Indian counterpart", "spoke with Putin"
            objects = [c for c in head.children if c.dep_ == "dobj"] + prep_objects(head, {"with", "to"})
            if not any(
                o.lemma_.lower() == "counterpart" or any(a.entry.kind == "person" for a in actors_in(o, context))
                for o in objects
            ):
                return None
            for obj in objects:
                parties += actors_in(obj, context)
        if "object_actors" in pattern.requires:  # "Trump will host Tshisekedi and Kagame": host mediates
            guests = [a for c in head.children if c.dep_ == "dobj" for a in actors_in(c, context)]
            if len({g.entry.country for g in guests}) < 2:
                return None
            mediators += [p for p in parties if p.entry.country not in {g.entry.country for g in guests}]
            parties = guests
        if pattern.id == "visit":
            destinations = [c for c in head.children if c.dep_ == "dobj"] + prep_objects(head, {"to"})
            destination_actors = [a for d in destinations for a in actors_in(d, context)]
            if not destination_actors or not any(a.entry.kind == "person" for a in parties):
                return None
            parties += destination_actors
        if head.pos_ == "VERB":  # "Maduro met Trump's envoy"
            parties += [
                a
                for c in head.children
                if c.dep_ == "dobj" and c.lemma_.lower() not in MEDIATOR_NOUNS
                for a in participants_in(c, context)
            ]
        parties, mediators = separate(parties, mediators)
        if (
            "two_parties" in pattern.requires
            and len({p.entry.country for p in parties}) < 2
            and not _plural_officials(head)
        ):
            return None
        facts: dict[str, Any] = {}
        level = pattern.level or self._level(span, head, parties)
        if level:
            facts["level"] = level
        if pattern.id != "visit" and not parties and not mediators and not pattern.anaphoric:
            facts["no_actor"] = True
            # actorless talks stand alone only in war-and-diplomacy news, not in "contract talks"
            sentence = head.sent
            facts["conflict_context"] = context.conflict_words >= MIN_CONFLICT_WORDS or any(
                a.entry.kind in {"state", "group"} and not a.adjective and sentence.start <= a.start < sentence.end
                for a in context.actors
            )  # a named state or armed group in the sentence; "a British brewer" is not one
        round_number = self._round(head)
        if round_number:
            facts["round"] = round_number
        location = self.find_location(head, context, span)
        if location is None and venue is not None:
            actor = context.actor_at(venue.i)
            if actor is not None:
                location = Place(name=head.doc[actor.start : actor.end].text, country=actor.entry.country)
        if location is not None:
            facts["location"] = location
        return {
            "parties": [p.to_actor(head.doc) for p in parties],
            "mediators": [m.to_actor(head.doc) for m in mediators],
            "leads?": [a.to_actor(head.doc) for a in leads],
        }, facts

    def _level(self, span: Span, head: Token, parties: list[ActorMention]) -> str | None:
        phrase = [*span, *(c for c in head.children if c.dep_ in {"amod", "compound", "poss"})]
        for token in phrase:
            level = _LEVEL_WORDS.get(token.lower_) or _LEVEL_WORDS.get(token.lemma_.lower())
            if level:
                return level
        people = list({p.start: p for p in parties if p.entry.kind == "person"}.values())
        levels = {p.entry.level for p in people}
        if len({p.entry.country for p in people}) >= 2 and len(levels) == 1:
            return levels.pop()  # "Putin and Trump met": leaders; "Rubio met Lavrov": ministers
        if (
            people
            and head.lemma_.lower() in {"meeting", "encounter", "meet", "dialogue"}
            and all(p.entry.level == "leaders" for p in people)
            and any(c.lower_ in {"direct", "personal", "face"} for c in head.children)
        ):
            return "leaders"
        return None

    def _round(self, head: Token) -> int | None:
        ordinals = self.lexicons.ordinals
        candidates = [head, *governors(head, 2)]
        for token in candidates:
            if token.lemma_.lower() in self.lexicons.round_nouns:  # "the third round", "the first cycle of talks"
                for child in token.children:
                    if child.lower_ in ordinals:
                        return ordinals[child.lower_]
        return None
