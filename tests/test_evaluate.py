"""Scoring against gold files, and annotators against each other (``evaluate --against``)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from negotiation_events.cli import main
from negotiation_events.evaluate import compare_gold, gold_as_predictions, read_gold, score_article

TEXT = (
    "Kyiv and Moscow held talks in Istanbul on Friday, with Turkey as host.\n"
    "Ankara proposed a 30-day truce, which Moscow rejected.\n"
    "The talks ended after two hours."
)
GOLD: dict[str, Any] = {
    "schema": "negotiation-events-gold/2",
    "articles": [
        {
            "file": "a.txt",
            "published": "2025-05-17",
            "events": [
                {
                    "type": "talks",
                    "status": "occurred",
                    "roles": {"parties": ["UKR", "RUS"], "mediators": ["TUR"]},
                    "location": "Istanbul",
                    "evidence": ["Kyiv and Moscow held talks in Istanbul on Friday", "The talks ended"],
                    "mentions": [
                        {"quote": "Kyiv and Moscow held talks in Istanbul on Friday", "span": [0, 48]},
                        {"quote": "The talks ended", "span": [126, 141]},
                    ],
                },
                {
                    "type": "ceasefire_proposal",
                    "status": "rejected",
                    "roles": {"proposer": "TUR", "parties": ["RUS"]},
                    "duration": "P30D",
                    "evidence": ["Ankara proposed a 30-day truce"],
                },
            ],
        }
    ],
}


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(GOLD), encoding="utf-8")
    return path, tmp_path


def test_gold_becomes_predictions_with_spans_roles_and_facts() -> None:
    talks, truce = gold_as_predictions(TEXT, GOLD["articles"][0]["events"])
    assert [(e["start"], e["end"]) for e in talks["evidence"]] == [(0, 48), (126, 141)]
    assert talks["mediators"] == [{"country": "TUR"}] and talks["location"] == {"name": "Istanbul"}
    assert truce["evidence"][0]["text"] == "Ankara proposed a 30-day truce" and truce["proposer"] == [
        {"country": "TUR"}
    ]


def test_an_annotation_agrees_with_itself(files: tuple[Path, Path]) -> None:
    path, folder = files
    report = compare_gold(path, path, folder)
    assert report.f1 == 1.0 and report.accuracy("status") == 1.0 and report.accuracy("role") == 1.0


def test_disagreements_are_counted(files: tuple[Path, Path], tmp_path: Path) -> None:
    path, folder = files
    other = copy.deepcopy(GOLD)
    other["articles"][0]["events"][0]["status"] = "planned"
    other["articles"][0]["events"][0]["roles"]["parties"] = ["UKR", "RUS", "TUR"]
    del other["articles"][0]["events"][1]
    second = tmp_path / "second.json"
    second.write_text(json.dumps(other), encoding="utf-8")
    report = compare_gold(path, second, folder)
    tp, fp, fn, *_ = report.per_type()["ceasefire_proposal"]
    assert (tp, fp, fn) == (0, 0, 1)
    assert round(report.f1, 3) == round(2 * 1.0 * 0.5 / 1.5, 3)
    assert report.accuracy("status") == 0.0
    assert report.counts["role_ok"] == 2  # parties with one extra code is still right; mediators right
    assert main(["evaluate", str(path), str(folder), "--against", str(second)]) == 0


def test_a_single_code_role_is_one_code_not_letters() -> None:
    predicted = [
        {
            "type": "ceasefire_proposal",
            "status": "rejected",
            "proposer": {"country": "TUR"},
            "evidence": [{"start": 71, "end": 101}],
        }
    ]
    counts = score_article(TEXT, GOLD["articles"][0]["events"][1:], predicted)
    assert counts["role_ok"] == 1 and counts["role_n"] == 2


def test_version_2_gold_reads(files: tuple[Path, Path]) -> None:
    path, _ = files
    assert len(read_gold(path)["articles"][0]["events"]) == 2
