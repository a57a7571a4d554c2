"""Many articles at once: :func:`parse_articles`.

Articles are parsed in batches with ``nlp.pipe`` (every paragraph of a batch in one
stream), each batch inside one ``memory_zone``, and results are yielded one list per
input, in input order, as soon as their batch is done: memory stays constant in the
number of articles. With ``n_process > 1`` batches are spread over worker processes, each
loading its own pipeline.

>>> from negotiation_events import parse_articles
>>> texts = ["Russia and Ukraine exchanged 300 prisoners of war on Friday.",
...          ("India and Pakistan held talks in Geneva on Monday.", "2025-05-20"),
...          {"id": "a3", "text": "The weather was mild."}]
>>> [[e.type for e in events] for events in parse_articles(texts, published="2025-05-24")]
[['prisoner_exchange'], ['talks'], []]
"""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from spacy.language import Language

from .api import (
    OnError,
    Outcome,
    _article_pieces,
    _check_arguments,
    _events_from_docs,
    _ner_words,
    _pipeline_lock,
    _warm_up,
    check_on_error,
    warn_failures,
)
from .errors import InvalidInputError, MissingDependencyError, WorkerError
from .extractors.base import Extractor
from .extractors.registry import resolve_extractors
from .models import Event
from .pipeline import get_pipeline, pipe_docs
from .pipeline import memory_zone as _memory_zone

__all__ = ["ArticleInput", "parse_articles"]

ArticleInput = str | tuple[str, Any] | Mapping[str, Any]
"""One input of :func:`parse_articles`: a text, a ``(text, published)`` pair, or a mapping
with ``text`` and optionally ``published`` and ``id``."""


Item = tuple[int, Any, Any, str]
"""One input as the batches carry it: ``(index, text, published, label)``."""


def _normalise(item: ArticleInput, default: Any, index: int) -> Item:
    label = f"texts[{index}]"
    if isinstance(item, str):
        return index, item, default, label
    if isinstance(item, tuple) and len(item) == 2:
        return index, item[0], item[1], label
    if isinstance(item, Mapping):
        if "text" not in item:
            raise InvalidInputError(f"texts[{index}] is a mapping without a 'text' key (keys: {sorted(item)})")
        if item.get("id") is not None:
            label += f" (id {item['id']!r})"
        return index, item["text"], item.get("published", default), label
    raise InvalidInputError(
        f"texts[{index}] must be a str, a (text, published) pair or a mapping with 'text', got {type(item).__name__}"
    )


def parse_articles(
    texts: Iterable[ArticleInput],
    *,
    published: dt.date | dt.datetime | str | None = None,
    nlp: Language | None = None,
    extractors: Sequence[str] | None = None,
    batch_size: int = 32,
    n_process: int = 1,
    progress: bool = False,
    on_error: OnError = "raise",
) -> Iterator[list[Event]]:
    """Parse many articles; yield one list of events per input, in input order.

    Gives the same events as calling :func:`~negotiation_events.parse_article` on each
    article, faster: paragraphs of a whole batch go through ``nlp.pipe`` together.

    Args:
        texts: an iterable (it is read lazily) of texts, ``(text, published)`` pairs, or
            mappings with ``text`` and optional ``published`` and ``id`` (an ``id`` is
            not needed here: results come in input order).
        published: the publication date for inputs that do not carry their own.
        nlp: a loaded English pipeline (only with ``n_process=1``).
        extractors: as for :func:`~negotiation_events.parse_article`.
        batch_size: articles per batch.
        n_process: worker processes; each loads its own pipeline.
        progress: show a progress bar on stderr (needs ``tqdm``:
            ``pip install "negotiation-events[progress]"``).
        on_error: ``"raise"`` (the default) or ``"skip"``, as for
            [`parse_article`][negotiation_events.parse_article]: with ``"skip"``, an
            extractor that fails on one article is left out of that article only (one
            [`PluginWarning`][negotiation_events.PluginWarning], raised in this process
            even when the article was parsed in a worker) and the batch goes on. Error
            messages name the article as ``texts[i]``, with its ``id`` when it has one.

    Returns:
        An iterator over the events of each input, in input order.

    Raises:
        InvalidInputError: a bad argument (raised at the call) or a bad input item (raised
            when the iteration reaches it); the message names it.
        MissingDependencyError: ``progress=True`` without tqdm installed.
        PluginError: with ``on_error="raise"``, an extractor failed on an article
            (raised when the iteration reaches it; the message names the extractor and
            the article).
        WorkerError: a worker process died (killed, out of memory, crashed).
    """
    if not isinstance(batch_size, int) or batch_size < 1:
        raise InvalidInputError(f"batch_size must be a positive int, got {batch_size!r}")
    if not isinstance(n_process, int) or n_process < 1:
        raise InvalidInputError(f"n_process must be a positive int, got {n_process!r}")
    if nlp is not None and n_process > 1:
        raise InvalidInputError("nlp can only be given with n_process=1: each worker process loads its own pipeline")
    if isinstance(extractors, str):
        extractors = [extractors]
    chosen = _check_arguments(None, nlp, extractors)
    policy = check_on_error(on_error)
    items: Iterator[Item] = (_normalise(item, published, i) for i, item in enumerate(texts))
    if progress:
        items = _with_progress(items)
    names = tuple(extractors) if extractors is not None else None
    return _generate(_batches(items, batch_size), nlp, chosen, names, n_process, on_error=policy)


def _generate(
    batches: Iterator[list[Item]],
    nlp: Language | None,
    chosen: Sequence[Extractor],
    names: tuple[str, ...] | None,
    n_process: int,
    *,
    on_error: OnError,
) -> Iterator[list[Event]]:
    if n_process == 1:
        pipeline = nlp if nlp is not None else get_pipeline()
        for batch in batches:
            yield from _events_of(_parse_batch(batch, pipeline, chosen, on_error))
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(n_process, mp_context=context) as pool:
        window = n_process * 2  # batches in flight: memory stays bounded
        pending: list[Future[list[Outcome]]] = []
        try:
            for batch in batches:
                pending.append(pool.submit(_worker, batch, names, on_error))
                if len(pending) >= window:
                    yield from _events_of(_result(pending.pop(0)))
            for job in pending:
                yield from _events_of(_result(job))
        finally:
            for job in pending:
                job.cancel()


def _result(job: Future[list[Outcome]]) -> list[Outcome]:
    try:
        return job.result()
    except BrokenProcessPool as error:
        raise WorkerError(
            "a parse_articles worker process died (killed, out of memory or crashed); the results of its batch are lost"
        ) from error


def _events_of(outcomes: list[Outcome]) -> Iterator[list[Event]]:
    """Each article's events, after warning here about the extractors skipped on it."""
    for outcome in outcomes:
        warn_failures(outcome.failures, stacklevel=3)
        yield outcome.events


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _with_progress(items: Iterator[Item]) -> Iterator[Item]:
    try:
        from tqdm import tqdm
    except ImportError:
        raise MissingDependencyError('progress=True needs tqdm: pip install "negotiation-events[progress]"') from None
    return iter(tqdm(items, unit="article", file=sys.stderr, disable=not sys.stderr.isatty()))


def _parse_batch(
    batch: list[Item], pipeline: Language, chosen: Sequence[Extractor], on_error: OnError
) -> list[Outcome]:
    limit = max(1000, pipeline.max_length - 1)
    prepared = [_article_pieces(text, day, index, limit=limit) for index, text, day, _ in batch]
    labels = {index: label for index, _, _, label in batch}
    results: list[Outcome] = []
    with _pipeline_lock(pipeline):
        _warm_up(pipeline, chosen)
        with _memory_zone(pipeline):
            streams = [
                (article.index, offset, piece)
                for article in prepared
                if article.read
                for offset, piece in article.pieces
            ]
            pieces = (piece for _, _, piece in streams)
            docs = pipe_docs(pipeline, pieces, batch_size=256, ner_words=_ner_words(chosen))
            grouped: dict[int, list[Any]] = {}
            for (index, offset, _), doc in zip(streams, docs, strict=True):
                grouped.setdefault(index, []).append((offset, doc))
            for article in prepared:
                if not article.read:
                    results.append(Outcome([], []))
                    continue
                parsed = grouped.get(article.index, [])
                outcome = _events_from_docs(
                    parsed, article.day, chosen, article=labels[article.index], on_error=on_error
                )
                results.append(outcome)
    return results


_worker_state: dict[str, Any] = {}


def _worker(batch: list[Item], names: tuple[str, ...] | None, on_error: OnError) -> list[Outcome]:
    pipeline = _worker_state.get("nlp")
    if pipeline is None:
        pipeline = _worker_state["nlp"] = get_pipeline()
    return _parse_batch(batch, pipeline, resolve_extractors(names), on_error)
