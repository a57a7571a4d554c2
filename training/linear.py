"""Training of the linear mention models (status, trigger): full-batch Adam on the softmax.

Shared by ``train_status.py`` and ``train_trigger.py``; numpy only, deterministic (seed 0).
Rows are dicts with ``features`` (a list of feature strings) and ``gold`` (a label).
"""

from __future__ import annotations

from typing import Any

import numpy as np


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
