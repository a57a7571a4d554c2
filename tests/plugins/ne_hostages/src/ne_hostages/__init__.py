"""Example plugin: hostage releases ("Hamas freed three hostages") as prisoner-exchange mentions.

The extractor is a [negotiation_events.RuleExtractor][]: its trigger patterns live in a data
file inside the package (``patterns/release.jsonl``), loaded and checked when the extractor
is built, and matched with a spaCy ``Matcher`` that the base class builds lazily, once per
vocabulary. This module only reads the arguments of a match off the dependency parse:
the captive noun (without one the match is dropped), how many, and who released them.
The base class adds status and negation (the library's context cues), the date, the
place and the evidence span, and the library merges the mentions into events with those
of the other extractors.

Hostage releases are not a sixth event type: the five types are fixed, so they are
mapped onto ``prisoner_exchange`` with ``category="hostages"``.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span, Token

from negotiation_events import Actor, ArticleContext, RuleExtractor, TriggerPattern
from negotiation_events.extractors.rules.engine import subject_actors

__all__ = ["HostageReleaseRules"]

CAPTIVES = frozenset({"hostage", "captive", "abductee"})
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


class HostageReleaseRules(RuleExtractor):
    """Hostage releases: a release verb whose object (or passive subject) is a captive noun."""

    name = "ne_hostages.release.v1"
    event_type = "prisoner_exchange"
    pattern_package = "ne_hostages"
    pattern_file = "patterns/release.jsonl"

    def arguments(
        self, span: Span, head: Token, pattern: TriggerPattern, context: ArticleContext
    ) -> tuple[dict[str, list[Actor]], dict[str, Any]] | None:
        """The releasing side, the count and the category, or None when no captive is released."""
        captive = next(
            (c for c in head.children if c.dep_ in {"dobj", "nsubjpass"} and c.lemma_.lower() in CAPTIVES), None
        )
        if captive is None:
            return None  # "released a statement", "returned home"
        facts: dict[str, Any] = {"category": "hostages"}
        count = next((_number(c.text) for c in captive.children if c.dep_ == "nummod"), None)
        if count is not None:
            facts["count"] = count
        found, _ = subject_actors(head, context)  # the subject, or the agent of a passive ("freed by Hamas")
        return {"sides": [mention.to_actor(head.doc) for mention in found]}, facts


def _number(text: str) -> int | None:
    text = text.lower().replace(",", "")
    return int(text) if text.isdigit() else _NUMBERS.get(text)
