"""Scores on the seeds and on the corpus splits, with the scorer's rules.

Floors here guard against regressions: they sit a little below what was measured when
they were last raised (the figures are in the README and the CHANGELOG).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

import pytest
from tests.conftest import ROOT

from negotiation_events import EventListAdapter, parse_article
from negotiation_events.evaluate import EvaluationReport, evaluate_gold

SEEDS = (ROOT / "seeds" / "gold.json", ROOT / "seeds")
TEST_SPLIT = (ROOT / "corpus" / "test.json", ROOT / "corpus" / "articles")
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
            ("ablation", ["rules", "model.sentence.v2"]),  # the ensemble with the rules' statuses
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
    """model.status.v1 only changes statuses: same events, better statuses than the rules' (0.601 → 0.694)."""
    learned, ruled = test_split["ensemble"], test_split["ablation"]
    assert learned.f1 == pytest.approx(ruled.f1)
    assert learned.accuracy("status") >= ruled.accuracy("status") + 0.05
