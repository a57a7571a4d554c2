"""The sentence event-type classifier as an extractor (``model.sentence.v2``).

Every sentence of the parsed Doc is scored by the shipped ``textcat_multilabel``
pipeline. A sentence whose probability for a type reaches the calibrated threshold
becomes a :class:`Mention` whose evidence is the sentence itself. Arguments come from
the same syntax helpers the rules use, applied to the sentence root: the actors of the
sentence, subjects and prepositional objects for directed roles, the ConText status
layer, attached dates and places. A date or place attached to the sentence's main
clause (or to the clause a speech verb reports) is the mention's own and keeps it apart
from events dated or placed otherwise; one found only somewhere in the sentence is weak
and never does. A numbered round ("the third round") is read as for talks. The model
finds paraphrases the trigger lexicons do not know ("the two sides traded captives");
the rules know the arguments better. The ensemble (:mod:`negotiation_events.combine`) uses both.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ...context import assess
from ...errors import ModelNotFoundError
from ...models import Actor, Status
from ...normalise.actors import ActorMention
from ...pipeline import memory_zone as _memory_zone
from ..base import EVENT_TYPES, ArticleContext, EventType, Mention
from ..rules.engine import RuleExtractor, actors_in, load_lexicons, subject_of
from ..rules.mediators import mediators_near, separate

__all__ = ["SentenceModelExtractor", "SentenceScores", "load_calibration", "load_classifier", "sentence_features"]

_PACKAGE = "negotiation_events.extractors.model"
_DEFAULT_STATUS: dict[str, Status] = {
    "talks": Status.OCCURRED,
    "prisoner_exchange": Status.OCCURRED,
    "ceasefire_proposal": Status.PROPOSED,
    "sanction": Status.OCCURRED,
    "arms_deal": Status.OCCURRED,
}
_MIN_WORDS = 3
_PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside"})
_TARGET_PREPS = frozenset({"on", "against", "targeting"})
_SOURCE_PREPS = frozenset({"from"})
_RECIPIENT_PREPS = frozenset({"to", "for"})
_lock = threading.Lock()


@dataclass(frozen=True)
class SentenceScores:
    """The classifier's probabilities for one sentence.

    Attributes:
        start: sentence start offset in the article.
        end: sentence end offset in the article.
        scores: probability per event type.
    """

    start: int
    end: int
    scores: dict[str, float] = field(default_factory=dict)


def _resource_dir(name: str) -> Path:
    resource = files(_PACKAGE).joinpath(name)
    path = Path(str(resource))
    if not path.exists():
        raise ModelNotFoundError(
            f"the trained sentence classifier is missing from the installed package ({path}); "
            "reinstall negotiation-events or run `python training/train.py` in a source checkout"
        )
    return path


@lru_cache(maxsize=1)
def load_classifier() -> Language:
    """The shipped sentence classifier (a spaCy pipeline), loaded once per process, offline."""
    import spacy

    with _lock:
        return spacy.load(_resource_dir("pipeline"))


@lru_cache(maxsize=1)
def load_calibration() -> dict[str, Any]:
    """Thresholds and the confidence calibration fitted on the dev split (``calibration.json``).

    Returns:
        A dict with ``thresholds`` (per event type, for a sentence to become a mention)
        and ``confidence`` (the isotonic map from raw agreement score to precision).
        Defaults (0.5 thresholds, identity map) when the file is absent.
    """
    path = Path(str(files(_PACKAGE).joinpath("calibration.json")))
    if not path.exists():
        return {"thresholds": dict.fromkeys(EVENT_TYPES, 0.5), "confidence": {"x": [0.0, 1.0], "y": [0.0, 1.0]}}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


class SentenceModelExtractor:
    """Sentence-level event detection by the trained classifier (``model.sentence.v2``).

    Args:
        thresholds: probability a sentence needs for each type to become a mention
            when the model runs alone; by default the thresholds calibrated on the dev
            split. (In the default ensemble, :class:`~negotiation_events.combine.CombinationPolicy`
            has its own thresholds.)
    """

    name = "model.sentence.v2"

    def __init__(self, thresholds: dict[str, float] | None = None) -> None:
        self.thresholds = dict(thresholds) if thresholds is not None else dict(load_calibration()["thresholds"])
        self._rules = _argument_readers()

    def score(self, doc: Doc, context: ArticleContext) -> list[SentenceScores]:
        """The classifier's probabilities for every sentence of ``doc``."""
        classifier = load_classifier()
        sentences = [s for s in doc.sents if s.text.strip()]
        features = [sentence_features(s, context) for s in sentences]
        # a "sentence" of symbols or a lone word says nothing: it is not scored at all
        readable = [i for i, f in enumerate(features) if len(f.split()) >= _MIN_WORDS]
        cats: dict[int, dict[str, float]] = {}
        with _memory_zone(classifier):
            for index, scored in zip(readable, classifier.pipe(features[i] for i in readable), strict=True):
                cats[index] = {kind: float(scored.cats.get(kind, 0.0)) for kind in EVENT_TYPES}
        return [
            SentenceScores(
                start=context.offset + sentence.start_char,
                end=context.offset + sentence.end_char,
                scores=cats.get(index, dict.fromkeys(EVENT_TYPES, 0.0)),
            )
            for index, sentence in enumerate(sentences)
        ]

    def extract(self, doc: Doc, context: ArticleContext) -> list[Mention]:
        """One mention per sentence and type whose probability reaches the threshold."""
        return self.mentions(doc, context, self.score(doc, context))

    def mentions(
        self,
        doc: Doc,
        context: ArticleContext,
        scores: list[SentenceScores],
        thresholds: Mapping[str, float] | None = None,
    ) -> list[Mention]:
        """Mentions from already computed sentence scores (see :meth:`score`).

        Args:
            doc: the parsed paragraph.
            context: what is known about the article.
            scores: :meth:`score` of the same Doc.
            thresholds: per-type probabilities to reach (default: this extractor's).
        """
        limits = thresholds if thresholds is not None else self.thresholds
        sentences = [s for s in doc.sents if s.text.strip()]
        mentions: list[Mention] = []
        for sentence, scored in zip(sentences, scores, strict=True):
            for kind in EVENT_TYPES:
                probability = scored.scores[kind]
                if probability >= limits.get(kind, 0.5):
                    mentions.append(self._mention(kind, probability, sentence, context))
        return mentions

    def _mention(self, kind: EventType, probability: float, sentence: Span, context: ArticleContext) -> Mention:
        head = sentence.root
        reader = self._rules[kind]
        roles = _roles(kind, sentence, head, context)
        assessment = assess(head, kind, [head])
        status = assessment.status  # only a cue votes; merging falls back to the type's default
        future = (status or _DEFAULT_STATUS[kind]) in {Status.PLANNED, Status.PROPOSED}
        facts: dict[str, Any] = {"sentence_status": True}
        # a date or place attached to the main clause is the event's; when that clause only
        # reports it ("Egypt said on Monday that the round was held in Cairo"), the reported
        # clause's are, and the speech's own stay weak
        clause = _reported_clause(head, reader)
        attached = None
        if clause is not None:
            attached = reader.find_date(clause, context, future)
            if attached is not None and clause is not head and not _inside(attached.text, clause):
                attached = None  # the date of the speech itself ("said on Monday that ...")
        date = attached or reader.sentence_date(head, context, future)
        if date is not None:
            facts["date"] = date
            if attached is None:
                facts["weak_date"] = True
        placed = None
        if clause is not None:
            placed = reader.find_location(clause, context)
            if placed is not None and clause is not head and not _inside(placed.name, clause):
                placed = None  # where the speech was made ("said in Cairo that ...")
        place = placed or reader.sentence_place(head, context)
        if place is not None:
            facts["location"] = place
            if placed is None:
                facts["weak_location"] = True
        if kind == "talks":
            number = _sentence_round(sentence, reader)
            if number is not None:
                facts["round"] = number
        if not any(roles.values()):
            facts["no_actor"] = True
            facts["attach_only"] = True  # a sentence with no actor only adds evidence to an event found elsewhere
        text = sentence.text.strip()
        start = context.offset + sentence.start_char + (len(sentence.text) - len(sentence.text.lstrip()))
        return Mention(
            type=kind,
            extractor=self.name,
            start=start,
            end=start + len(text),
            sentence=(context.offset + sentence.start_char, context.offset + sentence.end_char),
            trigger=head.text,
            text=text,
            status=status,
            status_cue=assessment.cue,
            roles={k: v for k, v in roles.items() if v},
            facts=facts,
            anaphoric=not any(roles.values()),
            negated=assessment.negated,
            hypothetical=assessment.hypothetical,
            attributed_to=reader.source_of(head, context),
            score=probability,
        )


def _reported_clause(root: Token, reader: RuleExtractor) -> Token | None:
    """The clause whose dates and places are the event's: the root, or what a speech verb reports."""
    if root.lemma_.lower() not in reader.lexicons.speech_verbs:
        return root
    return next((child for child in root.children if child.dep_ == "ccomp"), None)


def _inside(text: str, clause: Token) -> bool:
    """Whether an entity (a date, a place) with this text lies within the clause."""
    return any(
        ent.text.endswith(text.removeprefix("since "))
        and clause.left_edge.i <= ent.start
        and ent.end <= clause.right_edge.i + 1
        for ent in clause.sent.ents
    )


def _sentence_round(sentence: Span, reader: RuleExtractor) -> int | None:
    """The one round the sentence numbers ("the third round", "a second cycle of talks"), if only one."""
    ordinals = reader.lexicons.ordinals
    numbers = {
        ordinals[child.lower_]
        for token in sentence
        if token.lemma_.lower() in reader.lexicons.round_nouns
        for child in token.children
        if child.lower_ in ordinals
    }
    return numbers.pop() if len(numbers) == 1 else None


_PLACEHOLDERS = {"DATE": "DATE", "TIME": "DATE", "MONEY": "MONEY", "CARDINAL": "NUM", "QUANTITY": "NUM"}


def sentence_features(sentence: Span, context: ArticleContext) -> str:
    """What the classifier reads: the sentence as lower-case lemmas with placeholders.

    Actors from the gazetteer become ``ACTOR`` (``ACTORADJ`` for demonyms), dates
    ``DATE``, numbers ``NUM``, money ``MONEY``; punctuation, symbols and invisible marks
    are dropped. "Russia and
    Ukraine traded 300 captives on Friday" → "ACTOR and ACTOR trade NUM captive on DATE".
    The classifier so learns the language of events, not the names in its corpus.
    """
    actor_at = {i: a for a in context.actors for i in range(a.start, a.end)}
    words: list[str] = []
    previous: object = None
    for token in sentence:
        actor = actor_at.get(token.i)
        if actor is not None:
            if actor is not previous:
                words.append("ACTORADJ" if actor.adjective else "ACTOR")
            previous = actor
            continue
        previous = None
        if token.is_punct or token.is_space or not any(c.isalnum() for c in token.text):
            continue  # punctuation, symbols, emoji, invisible marks
        placeholder = _PLACEHOLDERS.get(token.ent_type_) or ("NUM" if token.like_num else None)
        if placeholder is not None:
            if not words or words[-1] != placeholder:
                words.append(placeholder)
            continue
        words.append(token.lemma_.lower() or token.lower_)
    return " ".join(words)


@lru_cache(maxsize=1)
def _argument_readers() -> dict[str, RuleExtractor]:
    """The built-in rule extractors (the registry's instances), used for their date, place and source readers."""
    from ..registry import resolve_extractors
    from ..rules import ArmsDealRules, CeasefireRules, PrisonerExchangeRules, SanctionRules, TalksRules

    classes: list[type[RuleExtractor]] = [
        TalksRules,
        PrisonerExchangeRules,
        CeasefireRules,
        SanctionRules,
        ArmsDealRules,
    ]
    registered = {e.name: e for e in resolve_extractors([c.name for c in classes])}
    readers: dict[str, RuleExtractor] = {}
    for cls in classes:
        instance = registered.get(cls.name)
        readers[cls.event_type] = instance if isinstance(instance, cls) else cls()  # a replaced name: build our own
    return readers


def _sentence_actors(sentence: Span, context: ArticleContext) -> list[ActorMention]:
    """The sentence's actors, without places ("in Abu Dhabi", "at the White House")."""
    doc = sentence.doc
    return [
        a
        for a in context.actors
        if sentence.start <= a.start < sentence.end
        and a.entry.kind in {"state", "group", "organisation", "person"}
        and doc[a.end - 1].head.lower_ not in _PLACE_PREPS
    ]


def _objects(sentence: Span, preps: frozenset[str], context: ArticleContext) -> list[ActorMention]:
    """Actors in the objects of the given prepositions anywhere in the sentence ("sanctions on X")."""
    if not any(sentence.start <= a.start < sentence.end for a in context.actors):
        return []
    return [
        a
        for token in sentence
        if token.dep_ == "prep" and token.lower_ in preps
        for obj in token.children
        if obj.dep_ == "pobj"
        for a in actors_in(obj, context)
    ]


def _roles(kind: str, sentence: Span, head: Token, context: ArticleContext) -> dict[str, list[Actor]]:
    doc = sentence.doc
    everyone = _sentence_actors(sentence, context)
    subjects = [a for s in subject_of(head) for a in actors_in(s, context)] if head.pos_ in {"VERB", "AUX"} else []
    if kind in {"talks", "ceasefire_proposal"}:
        parties, mediators = separate(everyone, mediators_near(head, context, load_lexicons().mediator_verbs))
        return {
            "parties": [a.to_actor(doc) for a in parties],
            "mediators": [m.to_actor(doc) for m in mediators],
        }
    if kind == "prisoner_exchange":
        return {"sides": [a.to_actor(doc) for a in everyone]}
    if kind == "sanction":
        targets = _objects(sentence, _TARGET_PREPS, context)
        target_codes = {t.entry.country for t in targets}
        imposers = [a for a in subjects if a.entry.country not in target_codes]
        return {"imposers": [a.to_actor(doc) for a in imposers], "targets": [t.to_actor(doc) for t in targets]}
    suppliers = _objects(sentence, _SOURCE_PREPS, context) or subjects
    supplier_codes = {s.entry.country for s in suppliers}
    recipients = [r for r in _objects(sentence, _RECIPIENT_PREPS, context) if r.entry.country not in supplier_codes]
    return {"suppliers": [a.to_actor(doc) for a in suppliers], "recipients": [a.to_actor(doc) for a in recipients]}
