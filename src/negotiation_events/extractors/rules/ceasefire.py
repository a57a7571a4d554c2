"""Rules for ceasefires, truces and moratoriums on strikes (``patterns/ceasefire.jsonl``)."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span, Token

from ...models import Actor, Status
from ...normalise.actors import ActorMention, load_gazetteer
from ...normalise.quantities import parse_duration
from ..base import ArticleContext
from .engine import (
    RuleExtractor,
    TriggerPattern,
    actors_in,
    governors,
    participants_in,
    prep_objects,
    subject_actors,
)
from .mediators import mediators_near, separate

__all__ = ["CeasefireRules"]

_PARTY_VERBS = frozenset(
    {
        "agree",
        "accept",
        "violate",
        "breach",
        "observe",
        "respect",
        "negotiate",
        "sign",
        "reach",
        "break",
        "honour",
        "honor",
        "reject",
        "refuse",
        "rebuff",
        "decline",
        "dismiss",
        "spurn",
        "welcome",
        "extend",
    }
)  # their subject is a side of the ceasefire, not its proposer
_COMMITMENT_VERBS = frozenset(
    {"agree", "offer", "propose", "order", "pledge", "promise", "decide", "commit", "vow", "consent", "undertake"}
)
_DECLARE_VERBS = frozenset({"declare", "order", "impose", "extend", "pursue", "want", "back", "support", "endorse"})
_PROPOSAL_NOUNS = frozenset({"offer", "proposal", "call", "plan", "initiative", "push", "bid"})
_HOST_NOUNS = frozenset(
    {"offer", "proposal", "call", "plan", "initiative", "demand", "push", "bid", "idea", "request", "suggestion"}
)


def _on_path(trigger: Token, verb: Token) -> set[str]:
    """Lemmas from the trigger up to (and including) the verb whose subject was taken."""
    lemmas: set[str] = set()
    for governor in governors(trigger, 6):
        lemmas.add(governor.lemma_.lower())
        if governor is verb:
            break
    return lemmas


_LAST_VERBS = frozenset({"last", "lasting", "run", "hold", "extend", "prolong", "stretch"})
_SPAN_NOUNS = frozenset({"phase", "stage", "period", "extension", "round", "spell", "window"})


def _phrase_duration(token: Token) -> str | None:
    """The duration named by the phrase headed by ``token`` ("another 72 hours", "30 days")."""
    return parse_duration(token.doc[token.left_edge.i : token.i + 1].text)


def _duration_around(noun: Token) -> str | None:
    """A duration stated around the trigger rather than before it.

    "a truce for 30 days", "a truce lasting three days", "the truce, which is meant to
    last 42 days", "extend the pause to 30 days", "the 42-day first phase of the truce".
    """
    for obj in prep_objects(noun, {"for", "of", "lasting"}):
        found = _phrase_duration(obj)
        if found:
            return found
    for clause in (c for c in noun.children if c.dep_ in {"acl", "relcl", "prep"}):
        for token in clause.subtree:  # "which is meant to last 42 days", "with the RSF lasting three days"
            if token.lemma_.lower() not in _LAST_VERBS:
                continue
            for child in token.children:
                if child.dep_ in {"npadvmod", "dobj", "attr", "obj"}:
                    found = _phrase_duration(child)
                    if found:
                        return found
            for obj in prep_objects(token, {"for", "to", "by"}):
                found = _phrase_duration(obj)
                if found:
                    return found
    governor = noun.head
    if noun.dep_ == "pobj" and governor.lower_ == "of" and governor.head.lemma_.lower() in _SPAN_NOUNS:
        host = governor.head  # "the 42-day first phase of the truce", "an extension of 72 hours"
        found = RuleExtractor.duration_before(host) or next(
            (d for o in prep_objects(host, {"of", "for"}) if o is not noun and (d := _phrase_duration(o))), None
        )
        if found:
            return found
    for verb in governors(noun, 4):  # "extend a pause in fighting to 30 days", "an extension ... by 72 hours"
        if verb.lemma_.lower() in {"extend", "prolong", "extension"} or (
            verb.pos_ == "VERB" and any(c.lemma_.lower() == "extension" for c in verb.subtree)
        ):
            for token in verb.subtree:
                if token.dep_ == "pobj" and token.head.lower_ in {"to", "by", "for"} and token is not noun:
                    found = _phrase_duration(token)
                    if found:
                        return found
        if verb.pos_ == "VERB":
            break
    return None


class CeasefireRules(RuleExtractor):
    """Ceasefires: proposer, parties, mediators, duration, scope, conditions."""

    name = "rules.ceasefire.v1"
    event_type = "ceasefire_proposal"
    pattern_file = "ceasefire.jsonl"
    default_status = Status.PROPOSED

    def arguments(
        self, span: Span, head: Token, pattern: TriggerPattern, context: ArticleContext
    ) -> tuple[dict[str, list[Actor]], dict[str, Any]] | None:
        """Proposer, parties, mediators, duration, scope and conditions for one trigger."""
        lex = self.lexicons
        noun = head.head if head.dep_ == "compound" and head.head.pos_ == "NOUN" else head
        if "commitment" in pattern.requires and not (
            head.dep_ in {"xcomp", "ccomp", "advcl"} and head.head.lemma_.lower() in _COMMITMENT_VERBS
        ):
            return None  # "agreed to stop firing" is a truce; "the guns stopped firing at dawn" is a report
        if "strikes" in pattern.requires and not any(t.lemma_.lower() in lex.strike_words for t in head.subtree):
            return None
        proposer: list[ActorMention] = []
        parties: list[ActorMention] = []
        mediators: list[ActorMention] = []
        for obj in prep_objects(noun, {"between", "among"}):
            parties += actors_in(obj, context)
        counterparts: list[ActorMention] = []
        for obj in prep_objects(noun, {"with"}):  # "a truce with the RSF"
            counterparts += participants_in(obj, context)
        parties += counterparts
        hosts = [noun]
        if noun.dep_ == "pobj" and noun.head.head.lemma_.lower() in _HOST_NOUNS:
            hosts.append(noun.head.head)  # "Ukraine's offer of a ceasefire"
        for host in hosts:
            for child in host.children:
                if child.dep_ in {"poss", "amod", "compound"} and child.i not in range(span.start, span.end):
                    found = actors_in(child, context, frozenset())
                    if child.lemma_.lower() in lex.mediator_verbs:
                        mediators += actors_in(child, context, frozenset())
                    else:
                        proposer += found
                if child.dep_ in {"acl", "relcl"}:
                    for obj in prep_objects(child, {"by"}):
                        if child.lemma_.lower() in lex.mediator_verbs:
                            mediators += actors_in(obj, context)
                        else:
                            proposer += actors_in(obj, context)
                    for grandchild in child.children:
                        if child.lemma_.lower() in lex.mediator_verbs and grandchild.dep_ in {"npadvmod", "compound"}:
                            mediators += actors_in(grandchild, context, frozenset())
        mediators += mediators_near(head, context, lex.mediator_verbs)
        subjects, verb = subject_actors(noun, context)
        if verb is not None:
            lemma = verb.lemma_.lower()
            if _on_path(noun, verb) & _PARTY_VERBS or (verb.dep_ == "ccomp" and lemma in {"be"}):
                parties += subjects  # "accused each other of violating the truce": the accusers are its sides
            elif lemma in lex.mediator_verbs:
                mediators += subjects
            elif not proposer and _on_path(noun, verb) & (lex.proposal_verbs | _DECLARE_VERBS | _PROPOSAL_NOUNS):
                proposer += subjects  # "Zelensky proposed a truce"; not "X exchanged fire despite the truce"
        facts: dict[str, Any] = {}
        duration = self.duration_before(noun) or self.duration_before(head) or _duration_around(noun)
        if duration:
            facts["duration"] = duration
        if any(t.lemma_.lower() == "unconditional" for t in [*noun.lefts, *head.lefts]) or any(
            t.lower_ == "unconditional" and abs(t.i - head.i) <= 3 for t in head.sent
        ):
            facts["unconditional"] = True
        scope = self._scope(head)
        if scope:
            facts["scope"] = scope
        if scope or head.lemma_.lower() == "moratorium":
            facts["partial"] = True
        if counterparts and proposer:  # "Algeria proposed a ceasefire with Azerbaijan": both are its sides
            countered = {c.entry.country for c in counterparts}
            parties += [p for p in proposer[:1] if p.entry.country not in countered]
        parties, mediators = separate(parties, mediators)
        proposer = [p for p in proposer if p.entry.country not in load_gazetteer().mediating]
        proposer_actors = [p.to_actor(head.doc) for p in proposer]
        return {
            "proposer": proposer_actors[:1],
            "parties": [p.to_actor(head.doc) for p in parties],
            "mediators": [m.to_actor(head.doc) for m in mediators],
        }, facts

    def _scope(self, head: Token) -> str | None:
        sentence = head.sent
        window = head.doc[head.i + 1 : min(sentence.end, head.i + 20)]
        for token in [*head.subtree, *window]:
            if token.i <= head.i or token.lemma_.lower() not in self.lexicons.scope_heads:
                continue
            modifiers = [c for c in token.lefts if c.dep_ in {"amod", "compound"} and c.is_alpha]
            if modifiers:
                start = min(m.i for m in modifiers)
                return head.doc[start : token.i + 1].text
        return None
