"""Calibrate the ensemble on the corpus ``dev`` split and write ``calibration.json``.

Chooses, on dev only:

1. per event type, the probability a sentence needs for the model to add a mention
   where no rule fired (the value with the best dev F1 for that type; ties → higher);
2. the veto threshold below which the model drops a rule mention (best overall dev F1,
   and only when it gains at least 0.01 over no veto);
3. the map from raw agreement score to confidence: isotonic regression (pool adjacent
   violators) of "this event is right" on the raw score, so that events reported at
   confidence 0.9 were right about 90% of the time on dev.

Run by ``python training/train.py`` (or alone: ``python training/train.py --skip-training``).
``python training/calibrate.py --confidence-only`` keeps the installed thresholds and veto
and refits step 3 alone: the curve to refit after a change to merging, which changes the
events and so their raw scores, but not what the thresholds were chosen on.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CALIBRATION = ROOT / "src" / "negotiation_events" / "extractors" / "model" / "calibration.json"
EVENT_TYPES = ("talks", "prisoner_exchange", "ceasefire_proposal", "sanction", "arms_deal")
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 1.01)  # 1.01: the model never adds events alone
VETOES = (0.0, 0.01, 0.02, 0.05, 0.1)


def _reset(calibration: dict[str, Any]) -> None:
    """Install a calibration and clear every cache that holds the previous one."""
    from negotiation_events import combine
    from negotiation_events.extractors import registry
    from negotiation_events.extractors.model import sentence

    CALIBRATION.write_text(json.dumps(calibration, indent=1) + "\n", encoding="utf-8")
    sentence.load_calibration.cache_clear()
    combine._curve.cache_clear()
    combine._policy.cache_clear()
    registry._instances.pop(sentence.SentenceModelExtractor.name, None)


def _run_dev(extractors: list[str] | None = None) -> Any:
    from negotiation_events import parse_article
    from negotiation_events.evaluate import evaluate_gold

    def parse(text: str, published: dt.date | None) -> list[dict[str, Any]]:
        return [e.model_dump(mode="json") for e in parse_article(text, published=published, extractors=extractors)]

    return evaluate_gold(ROOT / "corpus" / "dev.json", ROOT / "corpus" / "articles", parse)


def _pick(scores: dict[float, float], slack: float = 0.01) -> float:
    """The highest threshold whose F1 is within ``slack`` of the best (favour precision)."""
    best = max(scores.values())
    return max(t for t, f in scores.items() if f >= best - slack)


def pool_adjacent_violators(points: list[tuple[float, bool]], min_block: int = 8) -> tuple[list[float], list[float]]:
    """Isotonic (non-decreasing) fit of correctness on score; returns breakpoints (x, y).

    Blocks hold at least ``min_block`` events and their value is the Laplace-smoothed
    precision ``(right + 1) / (n + 2)``, so a handful of lucky dev events never claims 1.0.
    """

    def value(block: list[float]) -> float:
        return (block[0] + 1.0) / (block[1] + 2.0)

    blocks: list[list[float]] = []  # [right, n, min_x, max_x]
    for x, ok in sorted(points):
        if blocks and (blocks[-1][1] < min_block or blocks[-1][3] == x):
            blocks[-1][0] += float(ok)
            blocks[-1][1] += 1.0
            blocks[-1][3] = x
        else:
            blocks.append([float(ok), 1.0, x, x])
        while len(blocks) > 1 and value(blocks[-2]) >= value(blocks[-1]):
            last = blocks.pop()
            blocks[-1][0] += last[0]
            blocks[-1][1] += last[1]
            blocks[-1][3] = last[3]
    if len(blocks) > 1 and blocks[-1][1] < min_block:  # a short last block joins its neighbour
        last = blocks.pop()
        blocks[-1][0] += last[0]
        blocks[-1][1] += last[1]
        blocks[-1][3] = last[3]
    xs: list[float] = []
    ys: list[float] = []
    for block in blocks:
        centre = (block[2] + block[3]) / 2.0
        xs.append(round(centre, 4))
        ys.append(round(value(block), 4))
    return xs, ys


def calibrate() -> dict[str, Any]:
    """Fit thresholds, veto and the confidence curve on dev; write and return the calibration."""
    identity = {"x": [0.0, 1.0], "y": [0.0, 1.0]}
    never = dict.fromkeys(EVENT_TYPES, 1.01)
    # 1. the model alone: per-type thresholds for its own mentions
    alone: dict[str, dict[float, float]] = {kind: {} for kind in EVENT_TYPES}
    for threshold in THRESHOLDS[:-1]:
        uniform = dict.fromkeys(EVENT_TYPES, threshold)
        _reset(
            {
                "thresholds": uniform,
                "policy": {"veto": 0.0, "thresholds": never, "attach": 1.01},
                "confidence": identity,
            }
        )
        report = _run_dev(["model"])
        for kind, row in report.per_type().items():
            alone[kind][threshold] = row[5]
        print(f"model alone, threshold {threshold}: dev F1 {report.f1:.3f}", file=sys.stderr)
    standalone = {kind: _pick(scores) for kind, scores in alone.items()}
    # 2. the ensemble: per-type thresholds for model mentions where no rule fired
    added: dict[str, dict[float, float]] = {kind: {} for kind in EVENT_TYPES}
    for threshold in THRESHOLDS:
        policy = {"veto": 0.0, "thresholds": dict.fromkeys(EVENT_TYPES, threshold), "attach": 0.5}
        _reset({"thresholds": standalone, "policy": policy, "confidence": identity})
        report = _run_dev()
        for kind, row in report.per_type().items():
            added[kind][threshold] = row[5]
        print(f"ensemble, threshold {threshold}: dev F1 {report.f1:.3f}", file=sys.stderr)
    ensemble = {kind: _pick(scores) for kind, scores in added.items()}
    # 3. the veto
    vetoes: dict[float, float] = {}
    for veto in VETOES:
        policy_v = {"veto": veto, "thresholds": ensemble, "attach": 0.5}
        _reset({"thresholds": standalone, "policy": policy_v, "confidence": identity})
        vetoes[veto] = _run_dev().f1
        print(f"veto {veto}: dev F1 {vetoes[veto]:.3f}", file=sys.stderr)
    # a veto drops rule mentions: worth it only for a clear gain (at least 0.01 dev F1 over none)
    best_veto = min(v for v, f in vetoes.items() if f >= max(vetoes.values()) - 1e-9)
    if vetoes[best_veto] < vetoes[0.0] + 0.01:
        best_veto = 0.0
    policy = {"agreement": 0.5, "veto": best_veto, "thresholds": ensemble, "attach": 0.5}
    # 4. confidence: isotonic map of correctness on the raw agreement score
    _reset({"thresholds": standalone, "policy": policy, "confidence": identity})
    raw = _run_dev()
    xs, ys = pool_adjacent_violators(raw.judged)
    calibration = {
        "fitted_on": "corpus/dev.json",
        "thresholds": standalone,
        "policy": policy,
        "confidence": {"x": xs, "y": ys},
        "dev_f1": round(raw.f1, 4),
    }
    _reset(calibration)
    print(json.dumps(calibration["thresholds"]), json.dumps(policy), f"dev F1 {raw.f1:.3f}", file=sys.stderr)
    print(_run_dev().reliability(), file=sys.stderr)
    return calibration


def refit_confidence() -> dict[str, Any]:
    """Refit the confidence curve on dev under the installed thresholds and veto; write and return it."""
    installed = json.loads(CALIBRATION.read_text(encoding="utf-8"))
    _reset({**installed, "confidence": {"x": [0.0, 1.0], "y": [0.0, 1.0]}})
    raw = _run_dev()
    xs, ys = pool_adjacent_violators(raw.judged)
    calibration = {**installed, "confidence": {"x": xs, "y": ys}, "dev_f1": round(raw.f1, 4)}
    _reset(calibration)
    print(f"dev F1 {raw.f1:.3f}", file=sys.stderr)
    print(_run_dev().reliability(), file=sys.stderr)
    return calibration


if __name__ == "__main__":
    if "--confidence-only" in sys.argv[1:]:
        refit_confidence()
    else:
        calibrate()
