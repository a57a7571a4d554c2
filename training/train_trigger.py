"""Train the trigger check shipped as ``extractors/model/trigger_model.json`` (``model.trigger.v1``).

One command, from the repository root::

    python training/train_trigger.py

It (1) runs :func:`parse_article` with the default extractors on every article of the
``train`` and ``dev`` splits of ``corpus/`` and on the paragraphs of the negative stream's
first writer's batch (``N1``), and records, for every rule mention the trigger check sees,
its features (exactly as at run time), (2) labels each by the gold mentions: ``event`` when
a gold mention of the same type has its trigger there or quotes it, ``other`` when none
does (mentions of optional events are left out; every mention in the negative stream is
``other``), (3) trains a logistic regression (full-batch Adam, L2, seed 0) on the
``train`` and ``N1`` rows for each L2 strength of a small grid and keeps the one with the
lowest log-loss on the ``dev`` rows, (4) picks a threshold per event type, by coordinate
ascent over a grid, with the best dev event F1 less ``ALARM_COST`` times the false-alarm
rate on the stream's second batch (``N2``), among the thresholds that keep event F1 on the
five seed articles at the project's target (``SEEDS_FLOOR``) and under a cap per type
(``THRESHOLD_CAP``), and (5) writes the model into
the package. The ``test`` split, the blind split and the stream's third batch (``N3``,
where the false-alarm rate is reported) are never read. Rows are cached in
``training/.cache/trigger-*.jsonl``; ``--refresh`` rebuilds them. Threshold trials run in
two processes.
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

TARGET = ROOT / "src" / "negotiation_events" / "extractors" / "model" / "trigger_model.json"
L2_GRID = (1e-3, 3e-3, 1e-2, 3e-2)
MIN_COUNT = 3
EPOCHS = 300
THRESHOLD_GRID = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
# Highest threshold tried per type. Talks: at 0.5 and above the check drops clear one-sentence
# talks ("X and Y held talks in Z on Friday") that carry no article context; the objective
# prefers 0.8 on dev and N2, but the library must find such sentences (docs/model.md).
THRESHOLD_CAP = {"talks": 0.4}
NEGATIVE_TRAIN, NEGATIVE_TUNE = "N1", "N2"  # writer batches of the stream; N3 is held out
ALARM_COST = 1.0  # one point of false-alarm rate on N2 costs one point of dev event F1
SEEDS_FLOOR = 0.95  # the project's target for the default extractors on the seeds
EXTRACTORS = ["rules", "model.sentence.v2", "model.status.v1", "model.roles.v1", "model.trigger.v1"]


@contextmanager
def _model_in_place(model: Any, capture: list[dict[str, Any]] | None = None) -> Iterator[None]:
    """The trigger reviser uses ``model``; with ``capture``, it records every row it scores and changes nothing."""
    from negotiation_events.extractors.model import trigger

    original_load, original_recheck = trigger.load_trigger_model, trigger.recheck

    def recording(mentions: Any, doc: Any, context: Any, _: Any) -> Any:
        assert capture is not None
        for mention in mentions:
            span = trigger.trigger_span(doc, mention, context.offset)
            if span is None or len(span) == 0:
                continue
            capture.append(
                {
                    "type": mention.type,
                    "start": context.offset + span.start_char,
                    "end": context.offset + span.end_char,
                    "features": trigger.trigger_features(span, mention, context),
                }
            )
        return list(mentions)

    trigger.load_trigger_model = lambda: model  # type: ignore[assignment]
    if capture is not None:
        trigger.recheck = recording  # type: ignore[assignment]
    try:
        yield
    finally:
        trigger.load_trigger_model = original_load  # type: ignore[assignment]
        trigger.recheck = original_recheck  # type: ignore[assignment]


def label(row: dict[str, Any], events: list[dict[str, Any]]) -> str | None:
    """``event``, ``other``, or None for a mention of an optional event only."""
    start, end = row["start"], row["end"]
    optional = False
    for event in events:
        if event["type"] != row["type"]:
            continue
        for mention in event.get("mentions", []):
            t_start, t_end = mention["trigger_span"]
            q_start, q_end = mention["span"]
            if (t_start < end and start < t_end) or (q_start <= start and end <= q_end):
                if not event.get("optional"):
                    return "event"
                optional = True
    return None if optional else "other"


def collect(split: str) -> list[dict[str, Any]]:
    """One row per rule mention of the split: file, type, features, gold label."""
    from negotiation_events import parse_article
    from negotiation_events.extractors.model.trigger import TRIGGER_LABELS, TriggerModel

    blank = TriggerModel(TRIGGER_LABELS, {}, (0.0, 0.0), {})
    rows: list[dict[str, Any]] = []
    for article, text, day in corpus_articles(split):
        captured: list[dict[str, Any]] = []
        with _model_in_place(blank, captured):
            parse_article(text, published=day, extractors=EXTRACTORS)
        for row in captured:
            gold_label = label(row, article["events"])
            if gold_label is not None:
                rows.append({"file": article["file"], **row, "gold": gold_label})
    return rows


def collect_negatives(batch: str) -> list[dict[str, Any]]:
    """One row per rule mention in a batch of the negative stream, all ``other``."""
    from negotiation_events import parse_article
    from negotiation_events.extractors.model.trigger import TRIGGER_LABELS, TriggerModel

    blank = TriggerModel(TRIGGER_LABELS, {}, (0.0, 0.0), {})
    rows: list[dict[str, Any]] = []
    for paragraph in negative_batch(batch):
        day = dt.date.fromisoformat(paragraph["published"]) if paragraph.get("published") else None
        captured: list[dict[str, Any]] = []
        with _model_in_place(blank, captured):
            parse_article(paragraph["text"], published=day, extractors=EXTRACTORS)
        rows.extend({"file": paragraph["id"], **row, "gold": "other"} for row in captured)
    return rows


def cached(split: str, refresh: bool) -> list[dict[str, Any]]:
    """The rows of a split, from the cache when present."""
    return cached_rows(
        CACHE / f"trigger-{split}.jsonl",
        refresh,
        lambda: collect_negatives(split) if split.startswith("N") else collect(split),
    )


def dev_f1(model: Any) -> tuple[float, float, float, float]:
    """Dev event F1 and status accuracy, seeds F1 and the false-alarm rate on ``N2``, with ``model`` as the check."""
    with _model_in_place(model):
        return tuning_scores(EXTRACTORS, NEGATIVE_TUNE)


def _trial(model: Any) -> tuple[float, float, float, float]:
    """One threshold trial (run in a worker process)."""
    return dev_f1(model)


def main() -> None:
    """Command line: collect, train, tune on dev, install."""
    from negotiation_events.extractors.base import EVENT_TYPES
    from negotiation_events.extractors.model.trigger import TRIGGER_LABELS, TriggerModel

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--refresh", action="store_true", help="rebuild the cached rows")
    parser.add_argument("--dry-run", action="store_true", help="train and report, do not install")
    args = parser.parse_args()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        splits = ("train", "dev", NEGATIVE_TRAIN, NEGATIVE_TUNE)
        train, dev, negative_train, negative_tune = pool.map(cached, splits, [args.refresh] * len(splits))
    print(
        f"negative stream: {len(negative_train)} rule mentions in {NEGATIVE_TRAIN}, "
        f"{len(negative_tune)} in {NEGATIVE_TUNE}",
        file=sys.stderr,
    )
    train = train + negative_train
    dev = dev + negative_tune
    vocabulary = make_vocabulary(train, MIN_COUNT)
    labels = TRIGGER_LABELS
    share = Counter(row["gold"] for row in train)
    print(f"train {len(train)} rows {dict(share)}, dev {len(dev)} rows, {len(vocabulary)} features", file=sys.stderr)
    l2, kept, bias_t = fit_lowest_loss(train, dev, vocabulary, labels, grid=L2_GRID, epochs=EPOCHS)
    thresholds: dict[str, float] = dict.fromkeys(EVENT_TYPES, 0.0)

    def objective(result: tuple[float, float, float, float]) -> float:
        return result[0] - ALARM_COST * result[3]

    def show(what: str, result: tuple[float, float, float, float]) -> None:
        f1, status, seeds, alarms = result
        print(
            f"{what}: dev F1 {f1:.4f}, status {status:.3f}, seeds F1 {seeds:.4f}, "
            f"alarms {NEGATIVE_TUNE} {alarms:.3f}, objective {f1 - ALARM_COST * alarms:.4f}",
            file=sys.stderr,
        )

    current = dev_f1(TriggerModel(labels, kept, bias_t, thresholds))
    show(f"l2 {l2:g}; no threshold", current)
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        for kind in EVENT_TYPES:  # one pass of coordinate ascent, type by type
            grid = [value for value in THRESHOLD_GRID[1:] if value <= THRESHOLD_CAP.get(kind, 1.0)]
            trials = [{**thresholds, kind: value} for value in grid]
            models = [TriggerModel(labels, kept, bias_t, trial) for trial in trials]
            for trial, result in zip(trials, pool.map(_trial, models), strict=True):
                show(f"{kind} {trial[kind]}", result)
                if objective(result) > objective(current) + 1e-9 and result[2] >= SEEDS_FLOOR:
                    current, thresholds = result, trial
    show(f"chosen thresholds {thresholds}", current)
    model = TriggerModel(labels, kept, bias_t, thresholds)
    if args.dry_run:
        return
    install(model.to_json(), TARGET, len(kept))


if __name__ == "__main__":
    main()
