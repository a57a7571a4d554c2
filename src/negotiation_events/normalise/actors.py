"""Actor normalisation: surface names → states, organisations, groups and office holders.

The gazetteer is package data (``normalise/data/actors.jsonl``), one actor a line:
states with their names, capitals, seats of power and adjectives; the organisations
``EU``, ``NATO`` and ``UN``; armed groups mapped to the country they fight in; and
office holders with the country they speak for. Names are matched case-sensitively as
whole tokens with a spaCy ``PhraseMatcher``; possessives ("Zelenskyy's") are separate
tokens in spaCy and so resolve too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from spacy.lang.en import English
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from .._data import load_package_records
from .._vocab_cache import PerVocab
from ..models import Actor, ActorKind

__all__ = ["ActorEntry", "ActorMention", "Gazetteer", "load_gazetteer"]

_ORGANISATION_CODES = frozenset({"EU", "NATO", "UN"})


class ActorEntry(BaseModel):
    """One line of the actor gazetteer.

    Attributes:
        kind: state, organisation, group or person.
        canonical: canonical English name.
        country: ISO 3166-1 alpha-3 code, or EU / NATO / UN.
        names: surface forms that denote the actor (case-sensitive).
        adjectives: demonyms and adjectives ("Ukrainian", "Ukrainians").
        office: for persons, the office held ("President of Ukraine").
        level: for persons, the level of talks they represent.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["state", "organisation", "group", "person"]
    canonical: str = Field(min_length=1)
    country: str
    names: list[str] = Field(min_length=1)
    adjectives: list[str] = Field(default_factory=list)
    office: str | None = None
    level: Literal["leaders", "ministers", "envoys", "delegations"] | None = None

    @field_validator("country")
    @classmethod
    def _code(cls, value: str) -> str:
        if value in _ORGANISATION_CODES or (len(value) == 3 and value.isalpha() and value.isupper()):
            return value
        raise ValueError(f"country must be an ISO 3166-1 alpha-3 code or EU/NATO/UN, got {value!r}")

    def is_country_name(self, text: str) -> bool:
        """``text`` names the state itself ("Congo", "Britain", "US") rather than its capital or seat.

        Args:
            text: a surface form matched for this entry.

        Returns:
            True for the country's own names: the canonical name, names sharing a word
            with it, abbreviations, and names that share a stem with an adjective
            ("Britain"/"British"); False for capitals and seats of power ("Luanda",
            "the Kremlin").
        """
        if self.kind != "state" or text not in self.names:
            return False
        text = text.removeprefix("the ")
        if text == self.canonical or (text.isupper() and len(text) <= 4) or "." in text:
            return True
        canonical_words = {w.lower() for w in self.canonical.split() if len(w) > 3}
        if canonical_words & {w.lower() for w in text.split()} or "City" in text.split():
            return "City" not in text.split()
            return True
        stem = text.lower()[:4]
        return any(adjective.lower().startswith(stem) for adjective in self.adjectives)


@dataclass(frozen=True)
class ActorMention:
    """An actor found in a Doc.

    Attributes:
        start: first token index.
        end: token index just past the mention.
        entry: the gazetteer entry.
        adjective: True when the mention is an adjective/demonym ("Ukrainian").
    """

    start: int
    end: int
    entry: ActorEntry
    adjective: bool

    def to_actor(self, doc: Doc) -> Actor:
        """The public :class:`~negotiation_events.models.Actor` for this mention."""
        return Actor(
            name=doc[self.start : self.end].text,
            canonical=self.entry.canonical,
            country=self.entry.country,
            kind=ActorKind(self.entry.kind),
        )


class Gazetteer:
    """Lookup of actor names, and a matcher that finds them in Docs."""

    def __init__(self, entries: Sequence[ActorEntry]) -> None:
        """Index ``entries`` by surface name.

        Args:
            entries: validated gazetteer lines; a later entry never overrides an earlier one.
        """
        self.entries = list(entries)
        self._by_name: dict[str, tuple[ActorEntry, bool]] = {}
        for entry in self.entries:
            for name in entry.names:
                self._by_name.setdefault(name, (entry, False))
            for adjective in entry.adjectives:
                self._by_name.setdefault(adjective, (entry, True))
        self._matcher = PerVocab(self._build_matcher)
        self._states: dict[str, ActorEntry] = {}
        for entry in self.entries:
            if entry.kind == "state":
                self._states.setdefault(entry.country, entry)

    def state(self, code: str) -> ActorEntry | None:
        """The state entry for an ISO 3166-1 alpha-3 code, if the gazetteer has one."""
        return self._states.get(code)

    def lookup(self, name: str) -> ActorEntry | None:
        """The entry for a surface name (exact, then without a leading "the" or a possessive)."""
        for candidate in (name, name.removeprefix("the "), name.removesuffix("'s").removesuffix("’s")):
            hit = self._by_name.get(candidate)
            if hit is not None:
                return hit[0]
        return None

    def _build_matcher(self, vocab: Vocab) -> PhraseMatcher:
        matcher = PhraseMatcher(vocab, attr="ORTH")
        make_doc = English(vocab=vocab).make_doc  # English tokenisation, shared vocab
        for name in self._by_name:
            matcher.add(name, [make_doc(name)])
        return matcher

    def find(self, doc: Doc) -> list[ActorMention]:
        """All actor mentions in ``doc``, longest match first, without overlaps."""
        matcher = self._matcher.get(doc.vocab)
        spans = [Span(doc, start, end, label=match_id) for match_id, start, end in matcher(doc)]
        out: list[ActorMention] = []
        for span in sorted(filter_spans(spans), key=lambda s: s.start):
            entry, adjective = self._by_name[doc.vocab.strings[span.label]]
            out.append(ActorMention(span.start, span.end, entry, adjective))
        return out


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The bundled gazetteer, loaded and validated once per process."""
    entries = load_package_records(
        "negotiation_events.normalise.data", "actors.jsonl", ActorEntry, skip_header="schema"
    )
    return Gazetteer(entries)
