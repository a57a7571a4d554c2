"""Example plugin: hostage releases ("Hamas freed three hostages") as prisoner-exchange mentions.

The extractor matches a release verb whose object (or passive subject) is a captive
noun, with spaCy's ``DependencyMatcher``, reads the count (``nummod`` of the noun) and
the releasing side (the verb's subject, when the gazetteer knows it), asks the library's
context layer (:func:`negotiation_events.context.assess`) for status and negation cues,
and yields one :class:`negotiation_events.Mention` per match. The library merges the
mentions into events, with those of the other extractors.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from negotiation_events import Actor, ArticleContext, Mention
from negotiation_events.context import assess

__all__ = ["HostageReleaseExtractor"]

_RELEASE = ["free", "release", "hand", "return"]
_CAPTIVES = ["hostage", "captive", "abductee"]

# verb --dobj/nsubjpass--> captive noun
_PATTERN = [
    {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": _RELEASE}, "POS": "VERB"}},
    {
        "LEFT_ID": "verb",
        "REL_OP": ">",
        "RIGHT_ID": "captive",
        "RIGHT_ATTRS": {"LEMMA": {"IN": _CAPTIVES}, "DEP": {"IN": ["dobj", "nsubjpass"]}},
    },
]


class HostageReleaseExtractor:
    """Hostage releases, found by a release verb governing a captive noun."""

    name = "ne_hostages.release.v1"
    trigger_words = frozenset(_CAPTIVES + [w + "s" for w in _CAPTIVES])

    def __init__(self) -> None:
        self._matchers: dict[int, DependencyMatcher] = {}

    def _matcher(self, vocab: Vocab) -> DependencyMatcher:
        matcher = self._matchers.get(id(vocab))
        if matcher is None:
            matcher = DependencyMatcher(vocab)
            matcher.add("HOSTAGE_RELEASE", [_PATTERN])
            self._matchers[id(vocab)] = matcher
        return matcher

    def extract(self, doc: Doc, context: ArticleContext) -> Iterator[Mention]:
        """Yield one prisoner-exchange mention per release of captives."""
        for _, (verb_i, captive_i) in self._matcher(doc.vocab)(doc):
            verb, captive = doc[verb_i], doc[captive_i]
            first, last = min(verb.i, captive.left_edge.i), max(verb.i, captive.i)
            span = doc[first : last + 1]
            sentence = verb.sent
            start, end = context.offset + span.start_char, context.offset + span.end_char
            cues = assess(verb, "prisoner_exchange", [verb, captive])
            facts: dict[str, object] = {"category": "hostages"}
            for child in captive.children:
                if child.dep_ == "nummod" and child.like_num:
                    count = _number(child.text)
                    if count is not None:
                        facts["count"] = count
            sides = [_actor(context, t) for t in verb.children if t.dep_ in {"nsubj", "agent"}]
            roles = {"sides": [a for a in sides if a is not None]}
            yield Mention(
                type="prisoner_exchange",
                extractor=self.name,
                start=start,
                end=end,
                sentence=(context.offset + sentence.start_char, context.offset + sentence.end_char),
                trigger=verb.text,
                text=span.text,
                status=cues.status,
                status_cue=cues.cue,
                negated=cues.negated,
                hypothetical=cues.hypothetical,
                roles={k: v for k, v in roles.items() if v},
                facts=facts,
                score=0.7,
            )


_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def _number(text: str) -> int | None:
    text = text.lower().replace(",", "")
    return int(text) if text.isdigit() else _WORDS.get(text)


def _actor(context: ArticleContext, token: Token) -> Actor | None:
    """The gazetteer's actor for a subject token (or the agent's object: "freed by Hamas")."""
    if token.dep_ == "agent":
        token = next((c for c in token.children if c.dep_ == "pobj"), token)
    found = context.actor_at(token.i)
    return None if found is None else found.to_actor(token.doc)
