"""Train the mention status classifier shipped as ``extractors/model/status_model.json``.

One command, from the repository root::

    python training/train_status.py

It (1) parses the ``train`` and ``dev`` splits of ``corpus/`` with the pipeline and the
segmentation :func:`parse_article` uses, (2) runs the rule extractors on every paragraph
and pairs each gold mention (its ``trigger_span``) with the rule mention that covers its
trigger, so the rules' status is a feature as it is at run time (a trigger no rule found
gets [`assess`][negotiation_events.context.assess] on the gold trigger), (3) trains a
multinomial logistic regression (full-batch Adam, L2, seed 0) on the ``train`` mentions
that report a stage, each twice (once with the rules' reading, once without it: *rule
dropout*, so the words themselves are learned too), for each L2
strength of a small grid and keeps the one with the best mention-level accuracy on
``dev``, (4) picks the stage threshold (the probability at which a mention counts as
reporting a stage) with the best *event* status accuracy on ``dev`` through
:func:`parse_article`, and (5) writes the model into the package.
The ``test`` split and the blind split are never read. Features are cached in
``training/.cache/status-*.jsonl``; ``--refresh`` rebuilds them.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import numpy as np
from linear import CACHE, ROOT, cached_rows, corpus_articles, fit, install, predict, weight_rows
from linear import vocabulary as make_vocabulary

TARGET = ROOT / "src" / "negotiation_events" / "extractors" / "model" / "status_model.json"
L2_GRID = (3e-5, 1e-4, 3e-4, 1e-3)
MIN_COUNT = 2
EPOCHS = 300
STAGE_GRID = (0.5, 0.6, 0.7, 0.8, 0.9)


def collect(split: str) -> list[dict[str, Any]]:
    """One row per gold mention: features, gold label, the rules' label."""
    from negotiation_events.context import assess
    from negotiation_events.extractors.base import ArticleContext, Mention
    from negotiation_events.extractors.model.status import status_features
    from negotiation_events.extractors.registry import resolve_extractors
    from negotiation_events.normalise.actors import load_gazetteer
    from negotiation_events.pipeline import get_pipeline, paragraphs

    nlp = get_pipeline()
    gazetteer = load_gazetteer()
    rules = resolve_extractors(["rules"])
    rows: list[dict[str, Any]] = []
    for article, text, day in corpus_articles(split):
        pieces = list(paragraphs(text, nlp.max_length - 1))
        parsed = list(zip((o for o, _ in pieces), nlp.pipe(p for _, p in pieces), strict=True))
        for offset, doc in parsed:
            context = ArticleContext(offset=offset, published=day, actors=gazetteer.find(doc, on=day))
            found: list[Mention] = [m for extractor in rules for m in extractor.extract(doc, context)]
            for event in article["events"]:
                for mention in event.get("mentions", []):
                    start, end = mention["trigger_span"]
                    if not (offset <= start and end <= offset + len(doc.text)):
                        continue
                    span = doc.char_span(start - offset, end - offset, alignment_mode="expand")
                    if span is None or len(span) == 0:
                        continue
                    rule = _rule_assessment(found, event["type"], start, end, text)
                    if rule is None:
                        rule = assess(span.root, event["type"], list(span))
                    rows.append(
                        {
                            "file": article["file"],
                            "type": event["type"],
                            "features": status_features(span, event["type"], rule),
                            "gold": mention["status"] or "none",
                            "rule": rule.status.value if rule.status else "none",
                        }
                    )
    return rows


def _rule_assessment(found: list[Any], event_type: str, start: int, end: int, text: str) -> Any:
    """The rules' reading of the rule mention whose trigger covers the gold trigger."""
    from negotiation_events.context import Assessment

    for mention in found:
        if mention.type != event_type or not mention.trigger:
            continue
        index = text.find(mention.trigger, mention.start, mention.end)
        if index < 0 or not (index < end and start < index + len(mention.trigger)):
            continue
        return Assessment(mention.status, mention.status_cue, mention.negated, mention.hypothetical, mention.novelty)
    return None


RULE_FEATURES = ("rule=", "type|rule=", "cue=", "rule_neg=", "rule_hyp=")


def without_rules(row: dict[str, Any]) -> dict[str, Any]:
    """The row as if the rules had said nothing (so the words themselves are learned too)."""
    kind = row["type"]
    kept = [f for f in row["features"] if not f.startswith(RULE_FEATURES)]
    silent = ["rule=none", f"type|rule={kind}|none", "cue=none", "rule_neg=False", "rule_hyp=False"]
    return {**row, "features": kept + silent, "rule": "none"}


def cached(split: str, refresh: bool) -> list[dict[str, Any]]:
    """The rows of a split, from the cache when present."""
    return cached_rows(CACHE / f"status-{split}.jsonl", refresh, lambda: collect(split))


def accuracy(rows: list[dict[str, Any]], chosen: list[str]) -> float:
    """Share of rows whose label is the gold one."""
    return sum(row["gold"] == label for row, label in zip(rows, chosen, strict=True)) / max(1, len(rows))


def event_status_accuracy(model: Any) -> float:
    """Event status accuracy on the dev split with ``model`` in place of the shipped one."""
    import negotiation_events.extractors.model.status as status_module
    from negotiation_events import parse_article
    from negotiation_events.evaluate import evaluate_gold

    status_module.load_status_model.cache_clear()
    original = status_module.load_status_model
    status_module.load_status_model = lambda: model  # type: ignore[assignment]
    try:

        def parse(text: str, published: Any) -> list[dict[str, Any]]:
            return [e.model_dump(mode="json") for e in parse_article(text, published=published)]

        report = evaluate_gold(ROOT / "corpus" / "dev.json", ROOT / "corpus" / "articles", parse)
    finally:
        status_module.load_status_model = original
    return report.accuracy("status")


def main() -> None:
    """Command line: collect, train, tune on dev, install."""
    from negotiation_events.extractors.model.status import STATUS_LABELS, StatusModel

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--refresh", action="store_true", help="rebuild the cached features")
    parser.add_argument("--dry-run", action="store_true", help="train and report, do not install")
    args = parser.parse_args()
    train, dev = cached("train", args.refresh), cached("dev", args.refresh)
    # Gold leaves the status of a fifth of the mentions empty, among them many with plain cue
    # words (34 of the 118 the rules read as "rejected"); trained on them, the model spread
    # probability to "none" where a stage is stated. It learns which stage a mention
    # reports; the merge reads the latest one.
    train = [row for row in train if row["gold"] != "none"]
    train = train + [without_rules(row) for row in train]
    dev = [row for row in dev if row["gold"] != "none"]
    vocabulary = make_vocabulary(train, MIN_COUNT)
    labels = STATUS_LABELS
    print(f"train {len(train)} rows, dev {len(dev)} mentions, {len(vocabulary)} features", file=sys.stderr)
    print(f"rules on dev: mention status accuracy {accuracy(dev, [r['rule'] for r in dev]):.3f}", file=sys.stderr)
    best: tuple[float, float, np.ndarray, np.ndarray] | None = None
    for l2 in L2_GRID:
        weights, bias = fit(train, vocabulary, labels, l2, EPOCHS)
        probs = predict(dev, vocabulary, weights, bias)
        score = accuracy(dev, [labels[b] for b in probs.argmax(axis=1)])
        print(f"l2 {l2:g}: dev mention status accuracy {score:.3f}", file=sys.stderr)
        if best is None or score > best[0] + 1e-9:
            best = (score, l2, weights, bias)
    assert best is not None
    score, l2, weights, bias = best
    print(f"best: l2 {l2:g}, dev mention status accuracy {score:.3f}", file=sys.stderr)
    kept = weight_rows(weights, vocabulary)
    candidates = [StatusModel(labels, kept, tuple(float(b) for b in bias), t) for t in STAGE_GRID]
    tuned = []
    for candidate in candidates:
        event_score = event_status_accuracy(candidate)
        print(
            f"stage threshold {candidate.stage_threshold}: dev event status accuracy {event_score:.3f}", file=sys.stderr
        )
        tuned.append((event_score, candidate.stage_threshold, candidate))
    model = max(tuned, key=lambda t: (t[0], t[1]))[2]
    print(f"chosen stage threshold {model.stage_threshold}", file=sys.stderr)
    if args.dry_run:
        return
    install(model.to_json(), TARGET, len(kept))


if __name__ == "__main__":
    main()
