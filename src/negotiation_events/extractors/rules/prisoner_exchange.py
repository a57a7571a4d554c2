"""Rules for prisoner exchanges: swaps of POWs, civilians, remains, children, hostages.

Patterns: ``patterns/prisoner_exchange.jsonl``. The exchanged noun must come from the
captives lexicon, so "an exchange of fire" or "exchanged insults" never match.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span, Token

from ...models import Actor
from ...normalise.actors import ActorMention
from ...normalise.quantities import count_near, parse_number
from ..base import ArticleContext
from .engine import RuleExtractor, TriggerPattern, actors_in, governors, prep_objects, subject_actors, subject_of

__all__ = ["PrisonerExchangeRules"]


class PrisonerExchangeRules(RuleExtractor):
    """Exchanges of captives: the sides, how many, and of whom."""

    name = "rules.prisoner_exchange.v1"
    event_type = "prisoner_exchange"
    pattern_file = "prisoner_exchange.jsonl"

    def _captive(self, head: Token, span: Span) -> Token | None:
        candidates: list[Token] = []
        if head.pos_ == "VERB":
            candidates += [c for c in head.children if c.dep_ in {"dobj", "nsubjpass"}]
        own = prep_objects(head, {"of"})
        if own and not any(self._is_captive(o) for o in own):
            return None  # "an exchange of fire / of views": the exchanged thing is named and is no captive
        candidates += own + prep_objects(head, {"for"})
        candidates += [c for c in head.children if c.dep_ in {"compound", "nmod"}]
        candidates += [t for t in span if t is not head]
        if head.dep_ == "compound":
            candidates.append(head.head)
        if head.pos_ == "NOUN" and _one_for_one(head):
            return head  # "the 1,000 for 1,000 exchange"
        verb = next((g for g in governors(head, 3) if g.pos_ == "VERB"), None)
        if head.pos_ == "NOUN" and verb is not None:  # "received the remains of 6,000 soldiers in an exchange"
            candidates += [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass", "nsubj"}]
        for token in candidates:
            for option in [token, *token.conjuncts]:
                if self._is_captive(option):
                    return option
        return None

    def _is_captive(self, token: Token) -> bool:
        captives = self.lexicons.captives
        return token.lemma_.lower() in captives or token.lower_ in captives or token.lower_ == "prisoners"

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
        remains = captive is not None and self._category(captive) == "remains"
        if "in_exchange" in pattern.requires and not (_mentions_exchange(sentence) or remains):
            return None  # a one-way release of the living is no exchange; a handover of remains is a repatriation
        if "remains" in pattern.requires and (captive is None or self._category(captive) != "remains"):
            return None  # "received the bodies of 909 soldiers": a repatriation of remains
        sides: list[ActorMention] = []
        for obj in prep_objects(head, {"between", "with"}):
            sides += actors_in(obj, context)
        for child in head.children:
            if child.dep_ in {"poss", "amod", "compound"}:
                sides += actors_in(child, context, frozenset())
        subjects, verb = subject_actors(head, context)
        sides += subjects
        if verb is None and head.sent.root.lemma_.lower() in _RELEASE_VERBS:
            verb = head.sent.root  # "In a swap on Monday, Azerbaijan released ...", with the subject misparsed
        if verb is not None and not subjects:
            sides += _actor_before(verb, context)
        if verb is not None:  # "Algeria released 2 prisoners and Azerbaijan freed 2 captives": both are sides
            for other in verb.conjuncts:
                if other.lemma_.lower() not in _RELEASE_VERBS:
                    continue
                found = [a for s in subject_of(other) for a in actors_in(s, context)]
                if {a.entry.country for a in found} <= {a.entry.country for a in subjects}:
                    # no subject of its own ("released [prisoners and Azerbaijan] freed"): the actor before it
                    found = _actor_before(other, context, after=verb.i)
                sides += found
        facts: dict[str, Any] = {}
        if captive is not None:
            for child in captive.children:
                if child.dep_ in {"amod", "compound", "poss"}:
                    sides += actors_in(child, context, frozenset())
            counted = count_near(captive) or count_near(head) or _per_side(head)
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


_RELEASE_VERBS = frozenset({"release", "free", "return", "hand", "repatriate", "exchange", "swap", "trade"})


def _actor_before(verb: Token, context: ArticleContext, after: int = -1) -> list[ActorMention]:
    """The actor ending within the three tokens before ``verb`` (and after token ``after``)."""
    return [a for a in context.actors if verb.i - 3 <= a.end - 1 < verb.i and a.start > after]


def _per_side(head: Token) -> tuple[int, str | None] | None:
    """The per-side count of "1,000 for 1,000" before the exchange noun."""
    doc = head.doc
    for token in doc[max(head.sent.start, head.i - 4) : head.i]:
        if token.like_num and token.i + 2 < head.i and doc[token.i + 1].lower_ == "for" and doc[token.i + 2].like_num:
            value = parse_number(token.text)
            if value is not None:
                return value, None
    return None


def _one_for_one(head: Token) -> bool:
    """True when "N for N" stands right before the exchange noun ("the 1,000 for 1,000 exchange")."""
    doc = head.doc
    words = [t for t in doc[max(head.sent.start, head.i - 4) : head.i]]
    for i in range(len(words) - 2):
        if words[i].like_num and words[i + 1].lower_ == "for" and words[i + 2].like_num:
            return True
    return False


def _mentions_exchange(sentence: Span) -> bool:
    """The sentence tells a two-way release: "in exchange for", "in return", a swap, or two releases."""
    releases = sum(1 for t in sentence if t.pos_ == "VERB" and t.lemma_.lower() in {"release", "free"})
    if releases >= 2:
        return True  # "Israel freed 90 prisoners after Hamas released three hostages"
    words = [t.lower_ for t in sentence]
    for i, word in enumerate(words):
        if word in {"exchange", "return", "swap"} and i > 0 and words[i - 1] == "in":
            return True  # "in exchange for", "in return"
        if word in {"swap", "exchange"}:
            return True
    return False
