"""Rules for prisoner exchanges: swaps of POWs, civilians, remains, children, hostages.

Patterns: ``patterns/prisoner_exchange.jsonl``. The exchanged noun must come from the
captives lexicon, so "an exchange of fire" or "exchanged insults" never match.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span, Token

from ...models import Actor
from ...normalise.actors import ActorMention
from ...normalise.quantities import count_near
from ..base import ArticleContext
from .engine import RuleExtractor, TriggerPattern, actors_in, governors, prep_objects, subject_actors

__all__ = ["PrisonerExchangeRules"]


class PrisonerExchangeRules(RuleExtractor):
    """Exchanges of captives: the sides, how many, and of whom."""

    name = "rules.prisoner_exchange.v1"
    event_type = "prisoner_exchange"
    pattern_file = "prisoner_exchange.jsonl"

    def _captive(self, head: Token, span: Span) -> Token | None:
        captives = self.lexicons.captives
        candidates: list[Token] = []
        if head.pos_ == "VERB":
            candidates += [c for c in head.children if c.dep_ in {"dobj", "nsubjpass"}]
        candidates += prep_objects(head, {"of", "for"})
        candidates += [c for c in head.children if c.dep_ in {"compound", "nmod"}]
        candidates += [t for t in span if t is not head]
        if head.dep_ == "compound":
            candidates.append(head.head)
        verb = next((g for g in governors(head, 3) if g.pos_ == "VERB"), None)
        if head.pos_ == "NOUN" and verb is not None:  # "received the remains of 6,000 soldiers in an exchange"
            candidates += [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
        for token in candidates:
            for option in [token, *token.conjuncts]:
                if option.lemma_.lower() in captives or option.lower_ in captives:
                    return option
                if option.lower_ == "prisoners" or option.lemma_.lower() == "pow":
                    return option
        return None

    def arguments(
        self, span: Span, head: Token, pattern: TriggerPattern, context: ArticleContext
    ) -> tuple[dict[str, list[Actor]], dict[str, Any]] | None:
        """Sides, count, category for one exchange trigger."""
        captive = self._captive(head, span)
        if "captive" in pattern.requires and captive is None and not pattern.anaphoric:
            return None
        if (
            pattern.anaphoric
            and captive is None
            and head.lemma_.lower() == "exchange"
            and any(c.dep_ == "prep" for c in head.children)
        ):
            return None  # "an exchange of views": only a bare "the exchange" refers back
        sentence = head.sent
        if "in_exchange" in pattern.requires and not _mentions_exchange(sentence):
            return None
        sides: list[ActorMention] = []
        for obj in prep_objects(head, {"between", "with"}):
            sides += actors_in(obj, context)
        for child in head.children:
            if child.dep_ in {"poss", "amod", "compound"}:
                sides += actors_in(child, context, frozenset())
        subjects, _ = subject_actors(head, context)
        sides += subjects
        facts: dict[str, Any] = {}
        if captive is not None:
            for child in captive.children:
                if child.dep_ in {"amod", "compound", "poss"}:
                    sides += actors_in(child, context, frozenset())
            counted = count_near(captive) or count_near(head)
            for obj in prep_objects(captive, {"of"}) if counted is None else []:
                counted = count_near(obj)  # "the remains of about 6,000 soldiers"
            if counted is not None:
                facts["count"], qualifier = counted
                if qualifier:
                    facts["count_qualifier"] = qualifier
            facts["category"] = self._category(captive)
        elif pattern.id == "hostage-release":
            facts["category"] = "hostages"
        return {"sides": [s.to_actor(head.doc) for s in sides]}, facts

    def _category(self, captive: Token) -> str:
        lemma = captive.lemma_.lower()
        modifiers = {
            w for c in captive.children if c.dep_ in {"amod", "compound"} for w in (c.lemma_.lower(), c.lower_)
        }
        if (
            lemma in self.lexicons.remains
            or captive.lower_ in self.lexicons.remains
            or modifiers & self.lexicons.remains
        ):
            return "remains"
        if lemma in {"child", "children"}:
            return "children"
        if lemma in {"hostage", "abductee"}:
            return "hostages"
        if lemma in {"civilian", "citizen", "national"}:
            return "civilians"
        return "pows"


def _mentions_exchange(sentence: Span) -> bool:
    words = [t.lower_ for t in sentence]
    for i, word in enumerate(words):
        if (
            word in {"exchange", "return", "swap"}
            and i > 0
            and words[i - 1] == "in"
            and i + 1 < len(words)
            and words[i + 1] == "for"
        ):
            return True
        if word in {"swap", "exchange"}:
            return True
    return False
