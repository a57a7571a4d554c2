"""Actor normalisation: surface names → states, organisations, groups and office holders, with ids.

The gazetteer is assembled from [`sources`][negotiation_events.normalise.sources]: every
ISO 3166 state (pycountry) with the project's additions, the organisations of the
annotation guidelines, fixed groupings of states, armed groups and dated office holders.
Names are matched case-sensitively as whole tokens with a spaCy ``PhraseMatcher``;
possessives ("Zelenskyy's") are separate tokens in spaCy and so resolve too.

Each found [`ActorMention`][negotiation_events.ActorMention] carries an entry with a stable
``id`` (the state or organisation code, or a group's or person's id) and the ``country``
code it stands for:

- a person stands for the state or organisation of the office they held on the article's
  publication date (the nearest office in time when they held none that day);
- a grouping of states ("the E3") becomes one mention per member state, all on the same
  words;
- a bare title that follows a named office holder in the article ("President Ruto ...
  the president said") stands for that person.

A name can also mean something else. The gazetteer skips a match inside a person's name
("Chad Smith", "Michael Jordan"), before a currency sign ("US$", "AU$"), or before a
geographic noun ("Niger Delta", "Jordan River"); names listed as ``ambiguous`` in the data
count only where the parse's named entities make them a place, nationality or
organisation ("Georgia" the country, not the US state in an article about Atlanta is the
caller's remaining risk).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal

from spacy.lang.en import English
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from spacy.vocab import Vocab

from .._vocab_cache import PerVocab
from ..models import Actor, ActorKind
from .sources import ArmedGroup, Grouping, Organisation, Person, StateAdditions, iso_states, load_sources

__all__ = ["ActorEntry", "ActorMention", "Gazetteer", "load_gazetteer"]

Kind = Literal["state", "organisation", "group", "person"]
Level = Literal["leaders", "ministers", "envoys", "delegations"]

_GEOGRAPHIC_NOUNS = frozenset(
    {"River", "river", "Delta", "delta", "Valley", "valley", "Basin", "basin", "Lake", "Sea", "Street", "Avenue"}
    | {"Strait", "state", "State", "County", "county"}
)
_BRAND_NOUNS = frozenset({"Airlines", "Airways", "Today", "Express", "Cup", "Telecom", "Tribune", "Idol"})
"""After a state's name or adjective, these make a company, title or trophy ("Turkish Airlines", "USA Today")."""
_SET_PHRASE_NOUNS = frozenset(
    {"roulette", "measles", "fries", "toast", "delight", "pastry", "pastries", "sprouts", "pepper", "peppers"}
    | {"hat", "hats", "shepherd", "bath", "coffee", "horn", "kiss", "breakfast", "dressing", "cheese", "poodle"}
)
"""After a state's name or adjective, these make an everyday thing ("Russian roulette", "Brussels sprouts")."""
_SPORT_WORDS = frozenset(
    {"cup", "tournament", "championship", "championships", "olympics", "olympic", "semi-final"}
    | {"semifinal", "quarter-final", "penalties", "striker", "goalkeeper", "medal", "fifa", "uefa", "football"}
    | {"soccer", "rugby", "cricket", "tennis", "basketball", "nba", "goals", "grand prix", "world cup", "copa"}
)
_SCORE = re.compile(
    r"\b(beat|beats|won|lost|drew|draw|defeated|thrashed)\b.*\b\d+-\d+\b|\b\d+-\d+\b.*\b(win|victory|defeat|draw)\b"
)
_INSTITUTION_WORDS = frozenset(
    {"Summit", "Ministry", "Army", "Navy", "Government", "Cabinet", "Parliament", "Defence", "Defense", "Foreign"}
    | {"President", "Prime", "Air", "Force", "Forces", "Coast", "Guard", "Council", "Talks", "Embassy", "Mission"}
    | {"Border", "Police", "National", "State", "Central", "Special", "Security", "Military", "Minister", "Office"}
)
US_STATES = frozenset(
    {
        "Alabama",
        "Alaska",
        "Arizona",
        "Arkansas",
        "California",
        "Colorado",
        "Connecticut",
        "Delaware",
        "Florida",
        "Georgia",
        "Hawaii",
        "Idaho",
        "Illinois",
        "Indiana",
        "Iowa",
        "Kansas",
        "Kentucky",
        "Louisiana",
        "Maine",
        "Maryland",
        "Massachusetts",
        "Michigan",
        "Minnesota",
        "Mississippi",
        "Missouri",
        "Montana",
        "Nebraska",
        "Nevada",
        "Ohio",
        "Oklahoma",
        "Oregon",
        "Pennsylvania",
        "Tennessee",
        "Texas",
        "Utah",
        "Vermont",
        "Virginia",
        "Washington",
        "Wisconsin",
        "Wyoming",
    }
)
"""Single-word US states: "Lebanon, Pennsylvania" is no state of ours."""
_PLACE_PREPS = frozenset(
    {"in", "at", "near", "to", "into", "inside", "outside", "around", "across", "toward", "towards"}
)
_PLACE_NOUNS = frozenset(
    {"airport", "suburb", "suburbs", "outskirts", "street", "streets", "centre", "center", "district", "port"}
    | {"neighbourhood", "neighborhood", "hospital", "university", "network", "fair", "market", "stadium", "metro"}
    | {"skyline", "residents", "area", "areas", "region", "province", "city", "capital", "heart", "downtown"}
)
_PLACE_VERBS = frozenset({"enter", "reach", "capture", "seize", "storm", "besiege", "shell", "bomb", "encircle"})
_BRAND_PREFIXES = frozenset({"Air", "Real", "Atletico", "Atlético", "Inter", "Dynamo", "Dinamo", "Sporting", "New"})
_PERSON_LABELS = frozenset({"PERSON"})
_NAME_LABELS = frozenset({"GPE", "NORP", "ORG", "LOC", "FAC", "PERSON"})
_CURRENCY = frozenset({"$", "US$", "AU$", "A$", "C$", "NZ$", "HK$"})


@dataclass(frozen=True)
class ActorEntry:
    """One actor the gazetteer knows.

    Attributes:
        id: stable id: the ISO 3166-1 alpha-3 code of a state, the code of an
            organisation, or the id of a group, grouping or person (``"eln"``,
            ``"volodymyr-zelensky"``).
        kind: state, organisation, group or person.
        canonical: the name reported in [`Actor.canonical`][negotiation_events.Actor].
        country: the code the actor stands for (for a person, on the date the entry was
            resolved for); None for a grouping, which stands for its ``members``.
        names: names of the actor itself.
        seats: for states, capitals, seats of power and metonyms ("the Kremlin").
        adjectives: adjectives and demonyms.
        combining: combining forms that name a state only before a hyphen ("Sino-").
        ambiguous: names that also mean something else; they count where the parse tags
            them as a place, nationality or organisation, or where another actor is named
            in the same sentence.
        not_with: per name, words that show it means something else when they occur in
            the same sentence.
        members: for a grouping, the codes of its members.
        generated: for a state, the names ISO 3166 gives it; they yield to any name the
            project's own data gives another actor.
        office: for a person, the office held on the resolved date.
        level: for a person, the level of talks that office represents.
        person: for a person, every office held and when.
        mediates: for an organisation, it takes part in other parties' talks and truces
            as a mediator, not as a party (the UN, the AU, the OSCE).
    """

    id: str
    kind: Kind
    canonical: str
    country: str | None
    names: tuple[str, ...]
    seats: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    combining: tuple[str, ...] = ()
    ambiguous: frozenset[str] = frozenset()
    not_with: tuple[tuple[str, tuple[str, ...]], ...] = ()
    members: tuple[str, ...] = ()
    generated: tuple[str, ...] = ()
    office: str | None = None
    level: Level | None = None
    person: Person | None = field(default=None, compare=False, repr=False)
    mediates: bool = False

    def is_country_name(self, text: str) -> bool:
        """``text`` names the state itself ("Congo", "Britain", "US") rather than its capital or seat.

        Args:
            text: a surface form matched for this entry.

        Returns:
            True for the state's own names; False for capitals, seats of power and
            metonyms ("Luanda", "the Kremlin"), adjectives, and for non-states.
        """
        if self.kind != "state":
            return False
        own = {*self.names, *self.generated}
        return text in own or text.removeprefix("the ") in own

    def on(self, day: dt.date | None) -> ActorEntry:
        """For a person, the entry as of ``day``: the office held then and the side it speaks for."""
        if self.person is None:
            return self
        term = self.person.term_on(day)
        if term is None:  # out of office that day: a candidate, a former minister speaks for nobody
            return replace(self, country=None, office=None, level=None)
        return replace(self, country=term.code, office=term.office, level=term.level)

    def government(self) -> ActorEntry:
        """For a person, the entry for the government they led ("the Biden administration").

        A leader's administration is their state's whatever the date (it is how texts name
        past governments), so the latest leaders'-level term counts; a person who never
        led one is resolved for their latest office.
        """
        if self.person is None:
            return self
        led = [t for t in self.person.terms if t.level == "leaders"]
        term = max(led, key=lambda t: t.start) if led else self.person.term_on(None)
        if term is None:
            return self
        return replace(self, country=term.code, office=term.office, level=term.level)


@dataclass(frozen=True)
class ActorMention:
    """An actor found in a Doc.

    Attributes:
        start: first token index.
        end: token index just past the mention.
        entry: the gazetteer entry (a person's entry already resolved for the article's date).
        adjective: True when the mention is an adjective or demonym ("Ukrainian").
        place: True when a state's name or capital is used as a place, not as an actor
            ("fighting in Khartoum", "Kabul airport", "the outskirts of Bangui"): it can
            locate an event but takes no role in it.
    """

    start: int
    end: int
    entry: ActorEntry
    adjective: bool
    place: bool = False

    def to_actor(self, doc: Doc) -> Actor:
        """The public [`Actor`][negotiation_events.Actor] for this mention."""
        return Actor(
            name=doc[self.start : self.end].text,
            canonical=self.entry.canonical,
            country=self.entry.country,
            kind=ActorKind(self.entry.kind),
            id=self.entry.id,
        )


_Hit = tuple[ActorEntry, bool]


_GOVERNMENT_NOUNS = frozenset({"administration", "government", "cabinet", "presidency", "era", "regime"})


def _names_government(span: Span) -> bool:
    """A person's name modifying a government noun: "the Biden administration", "Maduro's government"."""
    doc = span.doc
    index = span.end + (1 if span.end < len(doc) and doc[span.end].lower_ in {"'s", "’s"} else 0)
    return index < len(doc) and doc[index].lower_ in _GOVERNMENT_NOUNS


class Gazetteer:
    """Lookup of actor names, and a matcher that finds them in Docs.

    Args:
        entries: the actors; when two share a name, the earlier one keeps it, and names
            generated from ISO 3166 yield to every other name ("Congo" is the DRC).
    """

    def __init__(self, entries: Sequence[ActorEntry]) -> None:
        """Index ``entries`` by surface name."""
        self.entries = list(entries)
        self._by_name: dict[str, _Hit] = {}
        for entry in self.entries:
            for name in (*entry.names, *entry.seats):
                self._by_name.setdefault(name, (entry, False))
            for adjective in (*entry.adjectives, *entry.combining):
                self._by_name.setdefault(adjective, (entry, True))
        for entry in self.entries:  # ISO's names last: the project's data wins a clash ("Congo" is the DRC)
            for name in entry.generated:
                self._by_name.setdefault(name, (entry, False))
        self._matcher = PerVocab(self._build_matcher)
        self._states: dict[str, ActorEntry] = {}
        self._by_id: dict[str, ActorEntry] = {}
        for entry in self.entries:
            self._by_id.setdefault(entry.id, entry)
            if entry.kind == "state" and entry.country is not None:
                self._states.setdefault(entry.country, entry)
        self._titles = _title_index(self.entries)
        self.mediating = frozenset(e.country for e in self.entries if e.mediates and e.country is not None)
        """Codes of the organisations that mediate rather than take part (``ActorEntry.mediates``)."""

    def state(self, code: str) -> ActorEntry | None:
        """The state entry for an ISO 3166-1 alpha-3 code, if the gazetteer has one."""
        return self._states.get(code)

    def get(self, actor_id: str) -> ActorEntry | None:
        """The entry with this id (a code, or a group, grouping or person id)."""
        return self._by_id.get(actor_id)

    def lookup(self, name: str, on: dt.date | None = None) -> ActorEntry | None:
        """The entry for a surface name (exact, then without a leading "the" or a possessive).

        Args:
            name: the name as written.
            on: the date a person's office is resolved for (default: their latest office).
        """
        for candidate in (name, name.removeprefix("the "), name.removesuffix("'s").removesuffix("’s")):
            hit = self._by_name.get(candidate)
            if hit is not None:
                return hit[0].on(on)
        return None

    def _build_matcher(self, vocab: Vocab) -> PhraseMatcher:
        matcher = PhraseMatcher(vocab, attr="ORTH")
        make_doc = English(vocab=vocab).make_doc  # English tokenisation, shared vocab
        for name in self._by_name:
            matcher.add(name, [make_doc(name)])
        return matcher

    def find(self, doc: Doc, on: dt.date | None = None, recent: list[ActorEntry] | None = None) -> list[ActorMention]:
        """All actor mentions in ``doc``, in text order, without overlaps (longest match first).

        Args:
            doc: a parsed Doc (named entities make ambiguous names count; without them,
                ambiguous names are skipped).
            on: the article's publication date: people are coded for the office they
                held then.
            recent: the people named so far in the article, most recent last; a bare
                title ("the president") stands for the latest of them who held that
                office. The list is extended with the people found in ``doc``.
        """
        matcher = self._matcher.get(doc.vocab)
        spans = [Span(doc, start, end, label=match_id) for match_id, start, end in matcher(doc)]
        found: list[ActorMention] = []
        taken: set[int] = set()
        candidates: list[tuple[Span, str, ActorEntry, bool]] = []
        matched = sorted(filter_spans(spans), key=lambda s: s.start)
        starts = {span.start for span in matched}
        for span in matched:
            name = doc.vocab.strings[span.label]
            entry, adjective = self._by_name[name]
            if name in entry.combining and not self._compound_of_states(span):
                continue  # "Indo-Pacific", "Anglo-Saxon": no second state
            if _counts(span, name, entry, starts):
                candidates.append((span, name, entry, adjective))
        sure = [c[0] for c in candidates if c[1] not in c[2].ambiguous]
        for index, (span, name, entry, adjective) in enumerate(candidates):
            if name in entry.ambiguous and not _plausible(span, entry, sure):
                continue
            owner = _owner(span, candidates[index - 1] if index else None) if entry.kind == "organisation" else None
            # "Russia's Security Council", "the Iranian Supreme National Security Council": the state's own body
            chosen = owner if owner is not None and name in entry.ambiguous else entry
            taken.update(range(span.start, span.end))
            resolved = chosen.government() if _names_government(span) else chosen.on(on)
            found.extend(self._mentions(span, resolved, adjective))
        people = recent if recent is not None else []
        result = sorted(found + self._titled(doc, taken, people, found), key=lambda m: (m.start, m.end))
        people.extend(m.entry for m in result if m.entry.kind == "person")
        return result

    def _compound_of_states(self, span: Span) -> bool:
        """A combining form before a hyphen and a state's adjective ("Sino" in "Sino-Indian")."""
        doc = span.doc
        if span.end + 1 >= len(doc) or doc[span.end].text not in {"-", "–"}:
            return False
        hit = self._by_name.get(doc[span.end + 1].text)
        return hit is not None and hit[1]

    def _mentions(self, span: Span, entry: ActorEntry, adjective: bool) -> Iterable[ActorMention]:
        if not entry.members:
            place = entry.kind == "state" and not adjective and _used_as_place(span, entry)
            return [ActorMention(span.start, span.end, entry, adjective, place)]
        members = [self._by_id.get(code) for code in entry.members]
        return [ActorMention(span.start, span.end, m, adjective) for m in members if m is not None]

    def _titled(
        self, doc: Doc, taken: set[int], people: list[ActorEntry], found: list[ActorMention]
    ) -> list[ActorMention]:
        """Bare titles ("the president", "the foreign minister") that stand for a person named earlier."""
        out: list[ActorMention] = []
        for token in doc:
            if token.lower_ != "the" or token.i in taken:
                continue
            for length in (3, 2, 1):
                words = doc[token.i + 1 : token.i + 1 + length]
                if len(words) < length or words.text.lower() not in self._titles or any(t.i in taken for t in words):
                    continue
                if words.end < len(doc) and doc[words.end].pos_ == "PROPN":
                    break  # "the president Ruto": the name itself is matched
                before = [m.entry for m in found if m.entry.kind == "person" and m.start < token.i]
                title = words.text.lower()
                match = next((e for e in reversed([*people, *before]) if title in _titles_of(e)), None)
                if match is not None:
                    out.append(ActorMention(words.start, words.end, match, False))
                break
        return out


def _titles_of(entry: ActorEntry) -> frozenset[str]:
    if entry.person is None or entry.office is None:
        return frozenset()
    return frozenset(t for term in entry.person.terms if term.office == entry.office for t in term.titles)


def _title_index(entries: Sequence[ActorEntry]) -> frozenset[str]:
    return frozenset(t for e in entries if e.person is not None for term in e.person.terms for t in term.titles)


def _counts(span: Span, name: str, entry: ActorEntry, starts: set[int]) -> bool:
    """Whether a match can be the actor, not a look-alike in another sense."""
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    before = doc[span.start - 1] if span.start > 0 else None
    if after is not None and (after.text in _CURRENCY or after.text in _GEOGRAPHIC_NOUNS):
        return False  # "US$ 5m", "the Niger Delta", "the Taiwan Strait", "Washington state"
    if span[-1].text.endswith("$"):
        return False
    if after is not None and (after.text in _BRAND_NOUNS or after.lower_ in _SET_PHRASE_NOUNS):
        return False  # "Turkish Airlines", "USA Today", "Russian roulette", "Brussels sprouts"
    if before is not None and before.text in _BRAND_PREFIXES:
        return False  # "Air France", "Real Madrid", "New Mexico"
    if entry.kind in {"state", "group"} and _sports(span.sent):
        return False  # "Brazil beat Argentina 2-0", "Al Shabab beat Al Hilal"
    if entry.kind == "state":
        if _first_name(span, after, starts) or _surname(span, before):
            return False  # "Israel Adesanya", "India Arie", "Denzel Washington"
        if after is not None and after.text == "," and span.end + 1 < len(doc) and doc[span.end + 1].text in US_STATES:
            return False  # "Lebanon, Pennsylvania"
    if entry.kind != "person":
        for ent in doc.ents:
            inside = ent.start <= span.start and span.end <= ent.end
            if ent.label_ in _PERSON_LABELS and inside and len(ent) > len(span):
                return False  # "Chad Smith", "Michael Jordan"
    excluded = dict(entry.not_with).get(name)
    if excluded:
        sentence = span.sent
        words = {t.lower_ for t in sentence}
        text = sentence.text.lower()
        if any((w in words) if " " not in w else (w in text) for w in excluded):
            return False
    return True


def _owner(span: Span, previous: tuple[Span, str, ActorEntry, bool] | None) -> ActorEntry | None:
    """The state that owns a generic body: "Russia's Security Council", "the Russian Security Council"."""
    if previous is None or previous[2].kind != "state":
        return None
    gap = span.doc[previous[0].end : span.start]
    return previous[2] if all(t.text in {"'s", "’s", "the"} for t in gap) else None


def _used_as_place(span: Span, entry: ActorEntry) -> bool:
    """A capital or city of a state used as a place: after "in"/"at", on a place noun, or taken in fighting.

    A country's own name is never only a place ("talks in Pakistan" still involve it), and
    neither is a building that stands for a government ("at the White House").
    """
    if entry.is_country_name(span.text) or not {t.ent_type_ for t in span} & {"GPE", "LOC"}:
        return False
    root = span.root
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in _PLACE_PREPS:
        return True
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in _PLACE_NOUNS:
        return True  # "the outskirts of Bangui"
    if root.dep_ in {"compound", "poss", "nmod"} and head.lower_ in _PLACE_NOUNS:
        return True  # "Kabul airport", "Beirut's southern suburbs"
    return root.dep_ == "dobj" and head.lemma_.lower() in _PLACE_VERBS  # "entered Damascus"


def _first_name(span: Span, after: Token | None, starts: set[int]) -> bool:
    """A one-word state name used as a first name: followed by a capitalised name that is nothing we know."""
    if len(span) != 1 or after is None or after.pos_ != "PROPN" or not after.is_title or after.i in starts:
        return False
    return after.text not in _INSTITUTION_WORDS


def _surname(span: Span, before: Token | None) -> bool:
    """A one-word state name used as a surname: after a capitalised first name ("Denzel Washington")."""
    if len(span) != 1 or before is None or before.pos_ != "PROPN" or not before.is_title:
        return False
    return before.text not in _INSTITUTION_WORDS and before.lower_ not in _TITLE_WORDS


_TITLE_WORDS = frozenset(
    {"president", "minister", "secretary", "envoy", "general", "king", "emir", "prince", "chancellor"}
)


def _sports(sentence: Span) -> bool:
    text = sentence.text.lower()
    words = {t.lower_ for t in sentence}
    return bool(words & _SPORT_WORDS or "world cup" in text or "grand prix" in text or _SCORE.search(text))


_CONFLICT_CONTEXT = frozenset(
    {"fighters", "militia", "militias", "rebels", "rebel", "insurgents", "troops", "attack", "attacked", "attacks"}
    | {"seized", "killed", "clashes", "clashed", "forces", "paramilitary", "commander", "offensive", "ceasefire"}
    | {"truce", "talks", "war", "fighting", "militants", "group", "jihadists", "armed", "captured", "advance"}
)
_DIPLOMATIC_CONTEXT = frozenset(
    {"summit", "leaders", "ministers", "minister", "members", "member", "secretary-general", "sanctions", "talks"}
    | {"statement", "meeting", "envoy", "mediation", "mediator", "delegation", "bloc", "communique", "declaration"}
    | {"chair", "chairman", "chairperson", "council", "resolution", "states", "countries", "foreign", "summits"}
)


def _plausible(span: Span, entry: ActorEntry, sure: list[Span]) -> bool:
    """An ambiguous name counts where its sense is plain.

    A state's name when NER makes it a place or nationality; a person's when NER makes it
    a person; any name when another actor shares its sentence; an armed group's in a
    sentence about fighting; an organisation's in one about diplomacy.
    """
    sentence = span.sent
    if any(s.start != span.start and sentence.start <= s.start < sentence.end for s in sure):
        return True
    labels = {t.ent_type_ for t in span}
    words = {t.lower_ for t in sentence}
    if entry.kind == "state":
        return bool(labels & {"GPE", "NORP", "LOC"})
    if entry.kind == "person":
        return "PERSON" in labels
    if entry.kind == "group":
        return bool(words & _CONFLICT_CONTEXT)
    return bool(words & _DIPLOMATIC_CONTEXT)


def _states(additions: Sequence[StateAdditions]) -> list[ActorEntry]:
    """One entry per ISO 3166 state (and XKX): ISO's names plus the project's additions."""
    by_code = {a.code: a for a in additions}
    entries: list[ActorEntry] = []
    for code, canonical, iso_names in iso_states():
        extra = by_code.get(code)
        entries.append(
            ActorEntry(
                id=code,
                kind="state",
                canonical=(extra.canonical if extra and extra.canonical else canonical),
                country=code,
                names=tuple(extra.names) if extra else (),
                seats=tuple(extra.seats) if extra else (),
                adjectives=tuple(extra.adjectives) if extra else (),
                combining=tuple(extra.combining) if extra else (),
                ambiguous=frozenset(extra.ambiguous) if extra else frozenset(),
                not_with=_not_with(extra) if extra else (),
                generated=tuple(n for n in iso_names if not extra or n not in extra.names),
            )
        )
    return entries


def _not_with(
    record: StateAdditions | Organisation | Grouping | ArmedGroup | Person,
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((name, tuple(words)) for name, words in record.not_with.items())


def _organisation(record: Organisation) -> ActorEntry:
    return ActorEntry(
        id=record.code,
        kind="organisation",
        canonical=record.canonical,
        country=record.code,
        names=tuple(record.names),
        adjectives=tuple(record.adjectives),
        ambiguous=frozenset(record.ambiguous),
        not_with=_not_with(record),
        mediates=record.mediates,
    )


def _grouping(record: Grouping) -> ActorEntry:
    return ActorEntry(
        id=record.id,
        kind="organisation",
        canonical=record.canonical,
        country=None,
        names=tuple(record.names),
        ambiguous=frozenset(record.ambiguous),
        not_with=_not_with(record),
        members=tuple(record.members),
    )


def _group(record: ArmedGroup) -> ActorEntry:
    return ActorEntry(
        id=record.id,
        kind="group",
        canonical=record.canonical,
        country=record.country,
        names=tuple(record.names),
        ambiguous=frozenset(record.ambiguous),
        not_with=_not_with(record),
    )


def _person(record: Person) -> ActorEntry:
    latest = record.terms[-1] if record.term_on(None) is None else record.term_on(None)
    assert latest is not None
    return ActorEntry(
        id=record.id,
        kind="person",
        canonical=record.canonical,
        country=latest.code,
        names=tuple(record.names),
        ambiguous=frozenset(record.ambiguous),
        not_with=_not_with(record),
        office=latest.office,
        level=latest.level,
        person=record,
    )


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The bundled gazetteer, assembled and validated once per process.

    Raises:
        PatternFileError: a data file has a bad line (file, line, reason).
    """
    states, organisations, groupings, groups, people = load_sources()
    entries = [
        *_states(states),
        *(_organisation(o) for o in organisations),
        *(_grouping(g) for g in groupings),
        *(_group(g) for g in groups),
        *(_person(p) for p in people),
    ]
    return Gazetteer(entries)
