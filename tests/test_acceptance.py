"""Scores on the seeds and on the corpus splits, with the scorer's rules.

Floors here guard against regressions: they sit a little below what was measured when
they were last raised (the figures are in the README and the CHANGELOG).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import ROOT

from negotiation_events import EventListAdapter, parse_article
from negotiation_events.evaluate import EvaluationReport, evaluate_gold, false_alarms

SEEDS = (ROOT / "seeds" / "gold.json", ROOT / "seeds")
TEST_SPLIT = (ROOT / "corpus" / "test.json", ROOT / "corpus" / "articles")
NEGATIVES = ROOT / "corpus" / "negatives.jsonl"
HELD_OUT = "N3"  # the negative stream's batch that no training script reads
ENSEMBLE = None  # the default: rules and model, combined


def _runner(extractors: Sequence[str] | None) -> Any:
    def run(text: str, published: dt.date | None) -> list[dict[str, Any]]:
        events = parse_article(text, published=published, extractors=extractors)
        return list(EventListAdapter.dump_python(events, mode="json"))

    return run


@pytest.fixture(scope="module")
def seeds() -> dict[str, EvaluationReport]:
    return {
        name: evaluate_gold(*SEEDS, _runner(ex))
        for name, ex in (("ensemble", ENSEMBLE), ("rules", ["rules"]), ("model", ["model"]))
    }


@pytest.fixture(scope="module")
def test_split() -> dict[str, EvaluationReport]:
    return {
        name: evaluate_gold(*TEST_SPLIT, _runner(ex))
        for name, ex in (
            ("ensemble", ENSEMBLE),
            ("rules", ["rules"]),
            ("model", ["model"]),
            # the default ensemble with one learned component switched back to the rules
            ("status ablation", ["rules", "model.sentence.v2", "model.span.v1", "model.roles.v1", "model.trigger.v1"]),
            ("trigger ablation", ["rules", "model.sentence.v2", "model.span.v1", "model.status.v1", "model.roles.v1"]),
            ("roles ablation", ["rules", "model.sentence.v2", "model.span.v1", "model.status.v1", "model.trigger.v1"]),
            ("span ablation", ["rules", "model.sentence.v2", "model.status.v1", "model.roles.v1", "model.trigger.v1"]),
        )
    }


def test_seed_scores(seeds: dict[str, EvaluationReport]) -> None:
    report = seeds["rules"]
    print(report.table())
    assert report.f1 >= 0.85
    assert report.accuracy("status") >= 0.90
    assert report.accuracy("role") >= 0.90
    assert report.accuracy("fact") >= 0.85


def test_the_ensemble_keeps_the_seeds(seeds: dict[str, EvaluationReport]) -> None:
    # The rules were written on the seeds (0.986); the ensemble, whose model is trained on the
    # corpus, gives up at most a few points there (0.959 measured) for the corpus splits.
    print(seeds["ensemble"].table())
    assert seeds["ensemble"].f1 >= 0.95


def test_the_model_alone_finds_events_on_the_seeds(seeds: dict[str, EvaluationReport]) -> None:
    print(seeds["model"].table())
    assert seeds["model"].f1 >= 0.6


def test_the_ensemble_beats_each_extractor_set_on_the_test_split(test_split: dict[str, EvaluationReport]) -> None:
    for name, report in test_split.items():
        print(name, report.table(), sep="\n")
    assert test_split["ensemble"].f1 > test_split["rules"].f1
    assert test_split["ensemble"].f1 > test_split["model"].f1
    assert test_split["rules"].f1 >= 0.64  # 0.665 measured on the test split of the 1,234-article corpus


def test_rule_examples_hard_negatives_yield_nothing() -> None:
    """The hard negatives written with the rules (origin "examples") stay empty for the rules."""
    gold = json.loads((ROOT / "corpus" / "train.json").read_text(encoding="utf-8"))
    negatives = [a for a in gold["articles"] if not a["events"] and a["origin"] == "examples"]
    assert len(negatives) >= 5
    for article in negatives:
        text = (ROOT / "corpus" / "articles" / article["file"]).read_text(encoding="utf-8")
        assert parse_article(text, published=article["published"], extractors=["rules"]) == [], article["file"]


def test_seed_gold_is_well_formed() -> None:
    gold = json.loads(SEEDS[0].read_text(encoding="utf-8"))
    for article in gold["articles"]:
        text = (SEEDS[1] / article["file"]).read_text(encoding="utf-8")
        for event in article["events"]:
            for quote in event["evidence"]:
                assert quote in text, (article["file"], quote)


def test_the_learned_status_beats_the_rules_status_on_the_test_split(test_split: dict[str, EvaluationReport]) -> None:
    """model.status.v1 only changes statuses: same events, better statuses than the rules' (test: 0.598 → 0.666)."""
    learned, ruled = test_split["ensemble"], test_split["status ablation"]
    assert learned.f1 == pytest.approx(ruled.f1)
    assert learned.accuracy("status") >= ruled.accuracy("status") + 0.05


def test_the_trigger_check_does_not_cost_events_on_the_test_split(test_split: dict[str, EvaluationReport]) -> None:
    """model.trigger.v1 only stops doubtful rule mentions from starting events: F1 no lower than without it."""
    checked, unchecked = test_split["ensemble"], test_split["trigger ablation"]
    assert checked.f1 >= unchecked.f1


def test_the_learned_roles_beat_the_rules_roles_on_the_test_split(test_split: dict[str, EvaluationReport]) -> None:
    """model.roles.v1 only adds roles the rules left out: same events, better roles (test: 0.605 → 0.649)."""
    learned, ruled = test_split["ensemble"], test_split["roles ablation"]
    assert learned.f1 == pytest.approx(ruled.f1)
    assert learned.accuracy("role") >= ruled.accuracy("role") + 0.01


def test_the_trigger_detector_adds_events_and_facts_on_the_test_split(test_split: dict[str, EvaluationReport]) -> None:
    """model.span.v1 adds triggers the lexicons lack, read by the rules: test F1 0.746 → 0.752, facts 0.549 → 0.583."""
    detected, ablated = test_split["ensemble"], test_split["span ablation"]
    assert detected.f1 >= ablated.f1
    assert detected.accuracy("fact") >= ablated.accuracy("fact") + 0.02


def test_the_trigger_check_cuts_false_alarms_on_held_out_negatives(tmp_path: Path) -> None:
    """On the 500 paragraphs of the stream no training read: 5.6% → 3.2% when measured."""
    lines = NEGATIVES.read_text(encoding="utf-8").splitlines()
    held_out = [line for line in lines if json.loads(line)["id"].startswith(HELD_OUT + "-")]
    assert len(held_out) == 500
    stream = tmp_path / "held-out.jsonl"
    stream.write_text("\n".join(held_out) + "\n", encoding="utf-8")
    checked = false_alarms(stream, _runner(ENSEMBLE))
    unchecked = false_alarms(
        stream, _runner(["rules", "model.sentence.v2", "model.span.v1", "model.status.v1", "model.roles.v1"])
    )
    assert checked.rate <= 0.035
    assert checked.rate <= unchecked.rate / 1.5
