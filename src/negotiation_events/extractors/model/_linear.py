"""Multinomial logistic regression over bags of feature strings (the learned mention models).

The status model and the trigger model are both this: a weight row per feature string, a
bias per label, and a softmax. Training lives in ``training/linear.py``; this module only
scores and (de)serialises, with the standard library.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from importlib import resources
from typing import Any

from ...errors import ModelNotFoundError

_PACKAGE = "negotiation_events.extractors.model"


def probabilities(
    labels: tuple[str, ...], weights: dict[str, tuple[float, ...]], bias: tuple[float, ...], features: Iterable[str]
) -> dict[str, float]:
    """The softmax of the summed weight rows of the (distinct) known features, per label."""
    scores = list(bias)
    for feature in set(features):
        row = weights.get(feature)
        if row is not None:
            for index, weight in enumerate(row):
                scores[index] += weight
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return {label: e / total for label, e in zip(labels, exps, strict=True)}


def weights_to_json(
    labels: tuple[str, ...], weights: dict[str, tuple[float, ...]], bias: tuple[float, ...]
) -> dict[str, Any]:
    """The JSON-ready parts every linear model stores (rounded to five decimals)."""
    return {
        "labels": list(labels),
        "bias": [round(b, 5) for b in bias],
        "weights": {f: [round(w, 5) for w in row] for f, row in sorted(weights.items())},
    }


def weights_from_json(
    data: dict[str, Any], what: str
) -> tuple[tuple[str, ...], dict[str, tuple[float, ...]], tuple[float, ...]]:
    """Labels, weights and bias as stored by `weights_to_json`.

    Raises:
        ValueError: a weight row or the bias does not have one value per label.
    """
    labels = tuple(str(label) for label in data["labels"])
    weights = {str(f): tuple(float(w) for w in row) for f, row in data["weights"].items()}
    if any(len(row) != len(labels) for row in weights.values()) or len(data["bias"]) != len(labels):
        raise ValueError(f"{what}: every weight row needs one value per label")
    return labels, weights, tuple(float(b) for b in data["bias"])


def read_resource(name: str, what: str, command: str) -> dict[str, Any]:
    """A model file shipped in this package, parsed.

    Raises:
        ModelNotFoundError: the installed package lacks it.
    """
    path = resources.files(_PACKAGE).joinpath(name)
    if not path.is_file():
        raise ModelNotFoundError(
            f"the trained {what} is missing from the installed package ({path}); "
            f"reinstall negotiation-events or run `python {command}` in a source checkout"
        )
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
