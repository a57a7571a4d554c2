"""Training of the linear mention models (status, roles, trigger, span): full-batch Adam on the softmax.

Shared by ``train_status.py``, ``train_roles.py``, ``train_trigger.py`` and ``train_span.py``: fitting,
the vocabulary, the choice of L2 on dev, the row cache, the negative stream's batches, the tuning
scores (dev, seeds, false alarms) and installing a model; numpy only, deterministic (seed 0).
Rows are dicts with ``features`` (a list of feature strings) and ``gold`` (a label).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "training" / ".cache"
NEGATIVES = ROOT / "corpus" / "negatives.jsonl"
SEEDS = ROOT / "seeds"


def matrix(rows: list[dict[str, Any]], vocabulary: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """Sparse rows as (row index, feature index) pairs of the features in the vocabulary."""
    pairs = [(i, vocabulary[f]) for i, row in enumerate(rows) for f in set(row["features"]) if f in vocabulary]
    array = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    return array[:, 0], array[:, 1]


def fit(
    rows: list[dict[str, Any]], vocabulary: dict[str, int], labels: tuple[str, ...], l2: float, epochs: int
) -> tuple[np.ndarray, np.ndarray]:
    """Weights (features × labels) and bias by full-batch Adam on the mean cross-entropy."""
    rng = np.random.default_rng(0)
    n, k = len(rows), len(labels)
    r, c = matrix(rows, vocabulary)
    y = np.array([labels.index(row["gold"]) for row in rows])
    weights = rng.normal(0.0, 0.01, size=(len(vocabulary), k))
    bias = np.zeros(k)
    moments = [np.zeros_like(weights), np.zeros_like(weights), np.zeros(k), np.zeros(k)]
    rate, beta1, beta2, eps = 0.05, 0.9, 0.999, 1e-8
    for step in range(1, epochs + 1):
        scores = np.tile(bias, (n, 1))
        np.add.at(scores, r, weights[c])
        scores -= scores.max(axis=1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(axis=1, keepdims=True)
        probs[np.arange(n), y] -= 1.0
        probs /= n
        grad_w = np.zeros_like(weights)
        np.add.at(grad_w, c, probs[r])
        grad_w += l2 * weights
        grad_b = probs.sum(axis=0)
        for index, (param, grad) in enumerate(((weights, grad_w), (bias, grad_b))):
            m, v = moments[2 * index], moments[2 * index + 1]
            m *= beta1
            m += (1 - beta1) * grad
            v *= beta2
            v += (1 - beta2) * grad * grad
            np.subtract(param, rate * (m / (1 - beta1**step)) / (np.sqrt(v / (1 - beta2**step)) + eps), out=param)
    return weights, bias


def predict(
    rows: list[dict[str, Any]], vocabulary: dict[str, int], weights: np.ndarray, bias: np.ndarray
) -> np.ndarray:
    """Label probabilities for each row."""
    r, c = matrix(rows, vocabulary)
    scores = np.tile(bias, (len(rows), 1))
    np.add.at(scores, r, weights[c])
    scores -= scores.max(axis=1, keepdims=True)
    probs = np.exp(scores)
    return probs / probs.sum(axis=1, keepdims=True)  # type: ignore[no-any-return]


def vocabulary(rows: list[dict[str, Any]], min_count: int) -> dict[str, int]:
    """Feature → column, for the features seen in at least ``min_count`` rows (sorted, so deterministic)."""
    counts = Counter(f for row in rows for f in set(row["features"]))
    return {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}


def weight_rows(weights: np.ndarray, vocabulary: dict[str, int]) -> dict[str, tuple[float, ...]]:
    """The weight matrix as the shipped models store it: feature → one weight per label."""
    return {name: tuple(float(w) for w in weights[vocabulary[name]]) for name in sorted(vocabulary, key=vocabulary.get)}


def log_loss(rows: list[dict[str, Any]], probs: np.ndarray, labels: tuple[str, ...]) -> float:
    """Mean negative log-likelihood of the gold labels."""
    picked = [probs[i, labels.index(row["gold"])] for i, row in enumerate(rows)]
    return -sum(math.log(max(p, 1e-12)) for p in picked) / max(1, len(rows))


def fit_lowest_loss(
    train: list[dict[str, Any]],
    dev: list[dict[str, Any]],
    vocabulary: dict[str, int],
    labels: tuple[str, ...],
    *,
    grid: tuple[float, ...],
    epochs: int,
) -> tuple[float, dict[str, tuple[float, ...]], tuple[float, ...]]:
    """Fit once per L2 strength of ``grid``; the L2, weights and bias with the lowest dev log-loss."""
    best: tuple[float, float, np.ndarray, np.ndarray] | None = None
    for l2 in grid:
        weights, bias = fit(train, vocabulary, labels, l2, epochs)
        probs = predict(dev, vocabulary, weights, bias)
        loss = log_loss(dev, probs, labels)
        hits = sum(labels[b] == row["gold"] for b, row in zip(probs.argmax(axis=1), dev, strict=True)) / len(dev)
        print(f"l2 {l2:g}: dev log-loss {loss:.4f}, accuracy {hits:.3f}", file=sys.stderr)
        if best is None or loss < best[0] - 1e-9:
            best = (loss, l2, weights, bias)
    assert best is not None
    _, l2, weights, bias = best
    return l2, weight_rows(weights, vocabulary), tuple(float(b) for b in bias)


def cached_rows(path: Path, refresh: bool, collect: Callable[[], list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Rows from a JSON Lines cache when present (and not ``refresh``), else collected and cached."""
    if path.exists() and not refresh:
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    rows = collect()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return rows


def negative_batch(batch: str) -> list[dict[str, Any]]:
    """The paragraphs of one writer's batch (``N1``, ``N2``, ``N3``) of the negative stream."""
    lines = NEGATIVES.read_text(encoding="utf-8").splitlines()
    return [row for row in map(json.loads, lines) if row["id"].split("-")[0] == batch]


def tuning_scores(extractors: list[str], batch: str) -> tuple[float, float, float, float]:
    """Dev event F1 and status accuracy, seeds event F1 and the false-alarm rate on a negative batch.

    ``parse_article`` runs with ``extractors`` and whatever model the caller has put in place.
    """
    from negotiation_events import parse_article
    from negotiation_events.evaluate import evaluate_gold, false_alarms

    def parse(text: str, published: Any) -> list[dict[str, Any]]:
        return [e.model_dump(mode="json") for e in parse_article(text, published=published, extractors=extractors)]

    stream = CACHE / f"negatives-{batch}.jsonl"
    if not stream.exists():
        stream.parent.mkdir(parents=True, exist_ok=True)
        stream.write_text("".join(json.dumps(row) + "\n" for row in negative_batch(batch)), encoding="utf-8")
    report = evaluate_gold(ROOT / "corpus" / "dev.json", ROOT / "corpus" / "articles", parse)
    seeds = evaluate_gold(SEEDS / "gold.json", SEEDS, parse)
    alarms = false_alarms(stream, parse)
    return report.f1, report.accuracy("status"), seeds.f1, alarms.rate


def install(model: dict[str, Any], target: Path, features: int) -> None:
    """Write a model's JSON into the package and say where, how big and with how many features."""
    target.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
    size = target.stat().st_size / 1e3
    print(f"installed {target.relative_to(ROOT)} ({size:.0f} kB, {features} features)", file=sys.stderr)


def corpus_articles(split: str) -> Iterator[tuple[dict[str, Any], str, dt.date | None]]:
    """Each article of a corpus split (gold record, text, publication date); progress every 100 on stderr."""
    gold = json.loads((ROOT / "corpus" / f"{split}.json").read_text(encoding="utf-8"))
    for number, article in enumerate(gold["articles"], start=1):
        if number % 100 == 0:
            print(f"{split}: {number}/{len(gold['articles'])}", file=sys.stderr)
        text = (ROOT / "corpus" / "articles" / article["file"]).read_text(encoding="utf-8")
        yield article, text, dt.date.fromisoformat(article["published"]) if article.get("published") else None
