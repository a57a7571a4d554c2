"""Who mediates talks and truces: the syntax of brokering, hosting and chairing.

Shared by the talks and ceasefire rules and the sentence model. A mediator is found

- as the agent of a mediation verb on the event ("talks mediated by Qatar", "a truce
  brokered by the US"), or its hyphenated modifier ("UN-hosted talks", "an African
  Union-led process", "Qatari-mediated negotiations");
- as the subject of a mediation verb whose object is the event or another event noun of
  the sentence ("Turkey, which hosted the round, said...", "Egypt brokered the deal");
- by a mediation noun ("under EU auspices", "with Omani mediation", "months of mediation
  by Angola") or a mediator noun ("the mediators Qatar and Egypt", "Norway, a guarantor
  of the talks", "Kenyan mediators");
- by [`separate`][negotiation_events.extractors.rules.mediators.separate], which moves
  organisations that mediate by vocation (the UN, the AU: the gazetteer's
  ``mediates``) from the parties to the mediators.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from ...context import governors
from ...normalise.actors import ActorMention, load_gazetteer
from ..base import ArticleContext
from .engine import actors_in, prep_objects, subject_of

__all__ = ["EVENT_NOUNS", "MEDIATION_NOUNS", "MEDIATOR_NOUNS", "mediators_near", "separate"]

MEDIATION_NOUNS = frozenset(
    {
        "mediation",
        "auspices",
        "aegis",
        "sponsorship",
        "facilitation",
        "brokering",
        "chairmanship",
        "involvement",
        "offices",
        "stewardship",
    }
)
"""Nouns of the act of mediating: "under Qatari mediation", "under the aegis of the UN"."""

MEDIATOR_NOUNS = frozenset(
    {"mediator", "guarantor", "facilitator", "broker", "intermediary", "go-between", "convener", "co-chair"}
)
"""Nouns for the one who mediates: "the mediators Qatar and Egypt", "Kenyan mediators"."""

EVENT_NOUNS = frozenset(
    {
        "talk",
        "talks",
        "round",
        "negotiation",
        "meeting",
        "summit",
        "dialogue",
        "conference",
        "session",
        "process",
        "consultation",
        "truce",
        "ceasefire",
        "cease-fire",
        "armistice",
        "pause",
        "deal",
        "agreement",
        "accord",
        "exchange",
        "swap",
    }
)
"""Event nouns a mediation verb can take as its object: "hosted the round", "brokered the deal"."""

_HYPHEN_ONLY_VERBS = frozenset({"lead"})  # "UN-led talks"; but "Russia led its delegation" is a party's act


def _hyphenated(modifier: Token) -> bool:
    """``modifier`` is the second half of a hyphen compound ("UN-hosted", "African Union-led")."""
    index = modifier.i
    return index >= 1 and modifier.doc[index - 1].text in {"-", "–"} and not modifier.doc[index - 1].whitespace_


def _modifier_actors(modifier: Token, context: ArticleContext) -> list[ActorMention]:
    """The actors of "UN-hosted", "Qatari-mediated", "US- and Turkish-brokered"."""
    found: list[ActorMention] = []
    for child in modifier.children:
        if child.dep_ in {"npadvmod", "compound", "nmod", "amod", "advmod", "nsubj"} and child.i < modifier.i:
            found += actors_in(child, context, frozenset())
    if not found and _hyphenated(modifier):  # the parser left the name unattached: take the token before the hyphen
        found += [m for m in context.actors if m.end == modifier.i - 1 and not m.place]
    return found


def _is_mediation_verb(token: Token, verbs: frozenset[str]) -> bool:
    lemma = token.lemma_.lower()
    return lemma in verbs or (lemma in _HYPHEN_ONLY_VERBS and _hyphenated(token))


def mediators_near(trigger: Token, context: ArticleContext, verbs: frozenset[str]) -> list[ActorMention]:
    """Mediators of the event whose trigger head is ``trigger``.

    Args:
        trigger: the trigger's head token.
        context: the article context (actor mentions).
        verbs: lemmas of mediation verbs (the lexicon's ``mediator_verbs``).

    Returns:
        The actor mentions found, in the order found (may repeat; callers dedupe).
    """
    found: list[ActorMention] = []
    chain: list[Token] = []
    for governor in governors(trigger, 4):  # up to the clause's verb: "held a round of talks, mediated by Oman"
        chain.append(governor)
        if governor.pos_ in {"VERB", "AUX"}:
            break
    for token in [*trigger.subtree, *chain]:
        for child in token.children:
            if child.dep_ in {"acl", "advcl", "relcl"} and child.lemma_.lower() in verbs:
                for obj in prep_objects(child, {"by"}):
                    found += actors_in(obj, context)
    for child in trigger.children:  # "UN-hosted talks", "a US-brokered truce", "African Union-led negotiations"
        if child.dep_ in {"amod", "compound", "acl", "nmod"} and _is_mediation_verb(child, verbs):
            found += _modifier_actors(child, context)
    sentence = trigger.sent
    for token in sentence:
        lemma = token.lemma_.lower()
        if lemma in MEDIATION_NOUNS:  # "months of mediation by Angola", "under Qatari mediation"
            if any(c.lower_ in {"no", "without"} for c in token.lefts) or token.head.lower_ == "without":
                continue
            for obj in prep_objects(token, {"by", "of"}):
                found += actors_in(obj, context)
            for child in token.children:
                if child.dep_ in {"poss", "amod", "compound", "nmod"}:
                    found += actors_in(child, context, frozenset())
        elif lemma in MEDIATOR_NOUNS:  # "the mediators Qatar and Egypt", "Norway, a guarantor", "Kenyan mediators"
            for child in token.children:
                if child.dep_ in {"poss", "amod", "compound", "nmod", "appos"}:
                    found += actors_in(child, context, frozenset({"of"}))
                    if child.dep_ == "appos":
                        found += [a for c in child.conjuncts for a in actors_in(c, context, frozenset())]
            for obj in prep_objects(token, {"from"}):  # "mediators from Qatar"
                found += actors_in(obj, context)
            if token.dep_ == "appos":  # "Qatar, the main mediator, said"
                found += actors_in(token.head, context, frozenset())
            elif token.dep_ == "attr":  # "Egypt is the mediator"
                found += [a for s in subject_of(token.head) for a in actors_in(s, context, frozenset())]
            elif token.dep_ == "pobj" and token.head.lower_ == "as" and token.head.head.pos_ in {"VERB", "AUX"}:
                found += [a for s in subject_of(token.head.head) for a in actors_in(s, context, frozenset())]
        elif token.pos_ == "VERB" and lemma in verbs and token.dep_ not in {"amod", "acl"}:
            # "Turkey, which hosted the round, ...", "Egypt brokered the deal": the object is an event
            objects = [c for c in token.children if c.dep_ == "dobj"]
            if any(o.lemma_.lower() in EVENT_NOUNS or o.lower_ in EVENT_NOUNS or o == trigger for o in objects):
                found += [a for s in subject_of(token) for a in actors_in(s, context, frozenset({"of"}))]
    return found


def separate(
    parties: Sequence[ActorMention], mediators: Sequence[ActorMention]
) -> tuple[list[ActorMention], list[ActorMention]]:
    """Parties and mediators with no actor in both, and mediating organisations as mediators.

    A country named as a mediator is not also a party of the same event ("talks in Doha
    with Qatari officials" under Qatar's mediation). An organisation that mediates by
    vocation ([`ActorEntry.mediates`][negotiation_events.normalise.actors.ActorEntry]),
    or an official who speaks for it, is a mediator wherever it appears among the parties.

    Returns:
        ``(parties, mediators)``.
    """
    mediating = load_gazetteer().mediating
    moved = [p for p in parties if p.entry.country in mediating]
    kept_mediators = [*mediators, *moved]
    codes = {m.entry.country for m in kept_mediators}
    kept_parties = [p for p in parties if p.entry.country not in codes]
    return kept_parties, kept_mediators
