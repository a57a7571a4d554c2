"""Train the trigger detector shipped as ``extractors/model/span_model.json`` (``model.span.v1``).

One command, from the repository root::

    python training/train_span.py

It (1) runs :func:`parse_article` on every article of the ``train`` and ``dev`` splits of
``corpus/`` and on the negative stream's batches ``N1`` and ``N2``, with the detector
replaced by a recorder that keeps every noun and verb with its features exactly as at run
time, (2) labels each token: one inside the trigger span of a gold mention takes its
event's type, any other ``none`` (every token of the negative stream is ``none``), (3)
keeps as candidates the lemmas labelled a trigger at least ``MIN_LEMMA`` times in
``train``, (4) trains a multinomial logistic regression (full-batch Adam, L2, seed 0) on
the candidate tokens of ``train`` and ``N1`` for each L2 strength of a small grid and keeps
the one with the lowest log-loss on those of ``dev`` and ``N2``, (5) picks, type by type,
the threshold that maximises dev event F1 less the false-alarm rate on ``N2`` (the default
extractors with the detector, through :func:`parse_article`) while the seeds keep event
F1 ≥ 0.95, and (6) writes the model into the package. The ``test`` split, the blind split
and the negative stream's batch ``N3`` are never read. Rows are cached in
``training/.cache/span-*.jsonl``; ``--refresh`` rebuilds them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import sys
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

from linear import CACHE, ROOT, cached_rows, corpus_articles, fit_lowest_loss, install, negative_batch, tuning_scores
from linear import vocabulary as make_vocabulary

TARGET = ROOT / "src" / "negotiation_events" / "extractors" / "model" / "span_model.json"
NEGATIVE_TRAIN, NEGATIVE_TUNE = "N1", "N2"
L2_GRID = (3e-5, 1e-4, 3e-4, 1e-3)
MIN_COUNT = 3
MIN_LEMMA = 3
EPOCHS = 250
THRESHOLD_GRID = (1.01, 0.9, 0.8, 0.7, 0.6, 0.5)
ALARM_COST = 1.0
SEEDS_FLOOR = 0.95
EXTRACTORS = ["default"]


@contextmanager
def _recording(capture: list[dict[str, Any]]) -> Iterator[None]:
    """The detector records every noun and verb (offsets, lemma, features) and finds nothing."""
    from negotiation_events.extractors.model import span

    original = span.SpanTriggerExtractor.extract

    def record(self: Any, doc: Any, context: Any) -> list[Any]:
        for token in doc:
            if span.candidate(token):
                capture.append(
                    {
                        "start": context.offset + token.idx,
                        "end": context.offset + token.idx + len(token.text),
                        "lemma": token.lemma_.lower(),
                        "features": span.span_features(token, context),
                    }
                )
        return []

    span.SpanTriggerExtractor.extract = record  # type: ignore[method-assign]
    try:
        yield
    finally:
        span.SpanTriggerExtractor.extract = original  # type: ignore[method-assign]


@contextmanager
def _model_in_place(model: Any) -> Iterator[None]:
    """The detector uses ``model`` instead of the installed one."""
    from negotiation_events.extractors.model import span

    original = span.load_span_model
    span.load_span_model = lambda: model  # type: ignore[assignment]
    try:
        yield
    finally:
        span.load_span_model = original  # type: ignore[assignment]


def label(row: dict[str, Any], events: list[dict[str, Any]]) -> str:
    """The gold label of one token: the type of the event whose mention's trigger span holds it."""
    for event in events:
        for mention in event.get("mentions", []):
            span = mention.get("trigger_span")
            if span and span[0] < row["end"] and row["start"] < span[1]:
                return str(event["type"])
    return "none"


def _parse_recorded(text: str, published: dt.date | None) -> list[dict[str, Any]]:
    from negotiation_events import parse_article

    captured: list[dict[str, Any]] = []
    with _recording(captured):
        parse_article(text, published=published, extractors=["model.span.v1"])
    return captured


def collect(split: str) -> list[dict[str, Any]]:
    """One row per noun and verb of the split's articles, labelled by the gold."""
    rows: list[dict[str, Any]] = []
    for article, text, day in corpus_articles(split):
        for row in _parse_recorded(text, day):
            rows.append({"file": article["file"], **row, "gold": label(row, article["events"])})
    return rows


def collect_negatives(batch: str) -> list[dict[str, Any]]:
    """One row per noun and verb of a batch of the negative stream, all ``none``."""
    rows: list[dict[str, Any]] = []
    for paragraph in negative_batch(batch):
        day = dt.date.fromisoformat(paragraph["published"]) if paragraph.get("published") else None
        rows.extend({"file": paragraph["id"], **row, "gold": "none"} for row in _parse_recorded(paragraph["text"], day))
    return rows


def cached(split: str, refresh: bool) -> list[dict[str, Any]]:
    """The rows of a split, from the cache when present."""
    return cached_rows(
        CACHE / f"span-{split}.jsonl",
        refresh,
        lambda: collect_negatives(split) if split.startswith("N") else collect(split),
    )


def dev_f1(model: Any) -> tuple[float, float, float, float]:
    """Dev event F1 and status accuracy, seeds F1 and the false-alarm rate on ``N2``, with ``model``."""
    with _model_in_place(model):
        return tuning_scores(EXTRACTORS, NEGATIVE_TUNE)


def main() -> None:
    """Command line: collect, train, tune on dev, install."""
    from negotiation_events.extractors.base import EVENT_TYPES
    from negotiation_events.extractors.model.span import SPAN_LABELS, SpanModel

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--refresh", action="store_true", help="rebuild the cached rows")
    parser.add_argument("--dry-run", action="store_true", help="train and report, do not install")
    args = parser.parse_args()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        splits = ("train", "dev", NEGATIVE_TRAIN, NEGATIVE_TUNE)
        train, dev, negative_train, negative_tune = pool.map(cached, splits, [args.refresh] * len(splits))
    triggers = Counter(row["lemma"] for row in train if row["gold"] != "none")
    lemmas = frozenset(lemma for lemma, n in triggers.items() if n >= MIN_LEMMA)
    train = [row for row in train + negative_train if row["lemma"] in lemmas]
    dev = [row for row in dev + negative_tune if row["lemma"] in lemmas]
    vocabulary = make_vocabulary(train, MIN_COUNT)
    share = Counter(row["gold"] for row in train)
    print(
        f"{len(lemmas)} candidate lemmas; train {len(train)} tokens {dict(share)}, dev {len(dev)} tokens, "
        f"{len(vocabulary)} features",
        file=sys.stderr,
    )
    l2, kept, bias = fit_lowest_loss(train, dev, vocabulary, SPAN_LABELS, grid=L2_GRID, epochs=EPOCHS)
    thresholds: dict[str, float] = dict.fromkeys(EVENT_TYPES, THRESHOLD_GRID[0])

    def objective(result: tuple[float, float, float, float]) -> float:
        return result[0] - ALARM_COST * result[3]

    def show(what: str, result: tuple[float, float, float, float]) -> None:
        f1, status, seeds, alarms = result
        print(
            f"{what}: dev F1 {f1:.4f}, status {status:.3f}, seeds F1 {seeds:.4f}, "
            f"alarms {NEGATIVE_TUNE} {alarms:.3f}, objective {objective(result):.4f}",
            file=sys.stderr,
        )

    current = dev_f1(SpanModel(SPAN_LABELS, kept, bias, thresholds, lemmas))
    show(f"l2 {l2:g}; detector off", current)
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        for kind in EVENT_TYPES:  # one pass of coordinate ascent, type by type
            trials = [{**thresholds, kind: value} for value in THRESHOLD_GRID[1:]]
            models = [SpanModel(SPAN_LABELS, kept, bias, trial, lemmas) for trial in trials]
            for trial, result in zip(trials, pool.map(dev_f1, models), strict=True):
                show(f"{kind} {trial[kind]}", result)
                if objective(result) > objective(current) + 1e-9 and result[2] >= SEEDS_FLOOR:
                    current, thresholds = result, trial
    show(f"chosen thresholds {thresholds}", current)
    model = SpanModel(SPAN_LABELS, kept, bias, thresholds, lemmas)
    if args.dry_run:
        return
    install(model.to_json(), TARGET, len(kept))


if __name__ == "__main__":
    main()
