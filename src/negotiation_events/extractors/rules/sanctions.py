"""Rules for sanctions, embargoes, export controls and asset freezes (``patterns/sanctions.jsonl``)."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span, Token

from ...models import Actor, Status
from ...normalise.actors import ActorMention
from ..base import ArticleContext
from .engine import (
    RuleExtractor,
    TriggerPattern,
    actors_in,
    governors,
    names_topic,
    prep_objects,
    subject_actors,
    subject_of,
)

__all__ = ["SanctionRules"]

# Verbs whose subject is the target, not the imposer ("Russia faces new sanctions").
_TARGET_SUBJECT_VERBS = frozenset(
    {"face", "suffer", "evade", "avoid", "escape", "circumvent", "dodge", "weather", "endure", "risk"}
)
_IMPOSER_VERBS = frozenset(
    {
        "join",
        "impose",
        "announce",
        "slap",
        "threaten",
        "unveil",
        "adopt",
        "approve",
        "extend",
        "lift",
        "ease",
        "expand",
        "introduce",
        "levy",
        "hit",
        "target",
        "sanction",
        "issue",
        "prepare",
        "consider",
        "weigh",
        "plan",
        "propose",
        "agree",
        "warn",
        "vow",
        "take",
        "escalate",
        "tighten",
        "renew",
        "reimpose",
        "reinstate",
        "apply",
        "enforce",
        "keep",
        "maintain",
        "suspend",
        "remove",
        "relax",
        "drop",
        "roll",
        "trigger",
        "pass",
        "finalise",
        "finalize",
        "add",
        "place",
        "put",
        "blacklist",
        "freeze",
        "ban",
        "restrict",
        "send",
        "deliver",
        "give",
        "set",
        "present",
    }
)
_SUPPORT_VERBS = frozenset({"support", "back", "favour", "favor", "urge", "demand", "want"})
_LIFT = frozenset({"lift", "ease", "remove", "relax", "suspend", "drop", "scrap", "roll"})
_EXTEND = frozenset({"extend", "renew", "prolong", "expand", "tighten"})
_ISSUE_VERBS = frozenset({"issue", "deliver", "give", "present", "send", "set"})
_MEASURES = {
    "measure": "economic measures",
    "tariff": "tariffs",
    "levy": "levies",
    "ban": "trade ban",
    "halt": "trade ban",
    "suspend": "trade ban",
    "block": "trade ban",
    "penalty": "penalties",
    "countermeasure": "countermeasures",
    "sanction": "sanctions",
    "embargo": "embargo",
    "control": "export controls",
    "freeze": "asset freeze",
    "blacklist": "blacklisting",
    "blacklisting": "blacklisting",
    "restriction": "restrictions",
}


_LISTING_VERBS = frozenset({"take", "remove", "add", "put", "place", "drop", "return", "delist", "strike", "restore"})


def _listed(noun: Token, context: ArticleContext) -> tuple[list[ActorMention], bool]:
    """The object of "take Cuba off the list", "add three banks to the blacklist", and whether it is a removal."""
    for governor in governors(noun, 4):  # "off the list of state sponsors of terrorism"
        if governor.dep_ == "prep" and governor.lower_ in {"off", "from", "to", "on", "onto"}:
            verb = governor.head
            if verb.dep_ in {"advmod", "prt"}:  # "put Cuba back on the list"
                verb = verb.head
            if verb.pos_ == "VERB" and verb.lemma_.lower() in _LISTING_VERBS:
                found = [a for c in verb.children if c.dep_ == "dobj" for a in actors_in(c, context)]
                return found, governor.lower_ in {"off", "from"}
            break
        if governor.pos_ == "VERB":
            break
    return [], False


class SanctionRules(RuleExtractor):
    """Sanctions: who imposes them on whom, which measures, impose / extend / lift."""

    name = "rules.sanction.v1"
    event_type = "sanction"
    pattern_file = "sanctions.jsonl"
    default_status = Status.OCCURRED

    def arguments(
        self, span: Span, head: Token, pattern: TriggerPattern, context: ArticleContext
    ) -> tuple[dict[str, list[Actor]], dict[str, Any]] | None:
        """Imposers, targets, measures and action for one trigger."""
        sentence = head.sent
        if "sanction_in_sentence" in pattern.requires and not any(
            t.lemma_.lower() == "sanction" for t in sentence if t.i != head.i
        ):
            return None
        noun = head.head if head.dep_ == "compound" and head.head.pos_ == "NOUN" else head
        imposers: list[ActorMention] = []
        targets: list[ActorMention] = []
        for anchor in {noun, head}:
            for obj in prep_objects(anchor, {"on", "against", "targeting", "over"}):
                targets += actors_in(obj, context, frozenset({"of", "from", "to"}))  # "on shipments to the US"
            for obj in prep_objects(anchor, {"from", "by"}):
                imposers += actors_in(obj, context)
            for obj in prep_objects(anchor, {"to"}) if pattern.id == "ultimatum" else []:
                targets += actors_in(obj, context)
            for child in anchor.children:
                if child.dep_ in {"poss", "compound", "amod", "nmod"} and child.i not in range(span.start, span.end):
                    for actor in actors_in(child, context, frozenset()):
                        if child.dep_ in {"compound", "amod"} and names_topic(actor, head.doc):
                            targets.append(actor)  # "Zimbabwe sanctions", "the Iran embargo"
                        else:
                            imposers.append(actor)  # "US sanctions", "EU sanctions", "Washington's embargo"
                if child.dep_ == "acl":
                    for obj in prep_objects(child, {"by"}):
                        imposers += actors_in(obj, context)
                    for obj in prep_objects(child, {"to", "on", "against"}):
                        targets += actors_in(obj, context)
        if head.pos_ == "VERB":  # "Washington sanctioned three Iranian firms", "banned imports of Russian oil"
            for child in head.children:
                if child.dep_ in {"dobj", "nsubjpass"}:
                    targets += actors_in(child, context)
                    for obj in prep_objects(child, {"from", "to"}):
                        targets += actors_in(obj, context)
            if pattern.id == "trade-ban":
                imposers += [a for s in subject_of(head) for a in actors_in(s, context)]
        listed, delisted = _listed(noun, context)
        targets += listed
        subjects: list[ActorMention] = []
        verb: Token | None = None
        verb_above = next((g for g in governors(noun, 3) if g.pos_ == "VERB"), None)
        if verb_above is not None and any(c.dep_ == "nsubjpass" for c in verb_above.children):
            # "Russia was hit with sanctions by the EU": the passive subject is the target
            for child in verb_above.children:
                if child.dep_ == "nsubjpass" and noun not in child.subtree:  # not "US sanctions ... were tightened"
                    targets += actors_in(child, context)
                if child.dep_ == "agent":
                    imposers += [a for o in child.children for a in actors_in(o, context)]
        else:
            subjects, verb = subject_actors(noun, context, verbs=_IMPOSER_VERBS | _TARGET_SUBJECT_VERBS)
        if verb is not None:
            lemma = verb.lemma_.lower()
            if lemma in _TARGET_SUBJECT_VERBS:
                targets += subjects
            elif lemma not in _SUPPORT_VERBS and lemma != "become":
                imposers += subjects
            if lemma in _ISSUE_VERBS or pattern.id == "ultimatum":
                for obj in prep_objects(verb, {"to"}):
                    targets += actors_in(obj, context)
        for governor in governors(noun, 4):  # "pressure *on* Moscow" on a governing noun
            if governor.pos_ == "NOUN" and governor.lemma_.lower() in {
                "pressure",
                "threat",
                "package",
                "round",
                "wave",
            }:
                for obj in prep_objects(governor, {"on", "against"}):
                    targets += actors_in(obj, context)
            if governor.pos_ == "VERB" and governor.lemma_.lower() in _ISSUE_VERBS:
                for obj in prep_objects(governor, {"to"}):
                    targets += actors_in(obj, context)
            if governor.pos_ == "VERB" and governor.lemma_.lower() in _IMPOSER_VERBS:
                for obj in prep_objects(governor, {"on", "against"}):  # "impose sanctions on X" parsed on the verb
                    targets += actors_in(obj, context)
            if governor.pos_ == "VERB":
                break
        target_codes = {t.entry.country for t in targets}
        imposers = [i for i in imposers if i.entry.country not in target_codes]
        if "actor" in pattern.requires and not imposers and not targets:
            return None
        if "target" in pattern.requires and not targets:
            return None  # "penalties" and "restrictions" count only when aimed at a state or group
        facts: dict[str, Any] = {}
        measure = _MEASURES.get(head.lemma_.lower())
        if measure:
            facts["measures"] = [measure]
        chain = {g.lemma_.lower() for g in [noun, *governors(noun, 3)]}
        chain |= {c.lemma_.lower() for c in noun.children if c.dep_ == "amod"}
        if chain & _LIFT or delisted:
            facts["action"] = "lift"
        elif chain & _EXTEND:
            facts["action"] = "extend"
        for ent in sentence.ents:
            if ent.label_ == "MONEY":
                facts["value"] = ent.text
                break
        return {
            "imposers": [i.to_actor(head.doc) for i in imposers],
            "targets": [t.to_actor(head.doc) for t in targets],
        }, facts
