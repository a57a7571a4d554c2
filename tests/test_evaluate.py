"""Scoring against gold files, and annotators against each other (``evaluate --against``)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from negotiation_events.cli import main
from negotiation_events.errors import GoldFileError
from negotiation_events.evaluate import (
    compare_gold,
    false_alarms,
    gold_as_predictions,
    read_gold,
    read_negatives,
    score_article,
)

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


NEGATIVES = [
    {"id": "n1", "published": "2024-05-02", "kind": "protest", "text": "Police dispersed a protest in the capital."},
    {"id": "n2", "kind": "battle", "text": "Russia and Ukraine held talks in Istanbul on Friday."},  # not event-free
]


def _stream(tmp_path: Path, items: list[Any]) -> Path:
    path = tmp_path / "negatives.jsonl"
    path.write_text("\n".join(json.dumps(i) for i in items) + "\n\n", encoding="utf-8")
    return path


def test_false_alarms_count_paragraphs_with_an_event(tmp_path: Path) -> None:
    seen: list[tuple[str, Any]] = []

    def parse(text: str, published: Any) -> list[dict[str, Any]]:
        seen.append((text, published))
        return [{"type": "talks"}, {"type": "talks"}] if "talks" in text else []

    report = false_alarms(_stream(tmp_path, NEGATIVES), parse)
    assert (report.paragraphs, report.flagged, report.rate) == (2, 1, 0.5)
    assert report.by_type == {"talks": 2} and report.by_kind == {"battle": 1}
    assert seen[0][1].isoformat() == "2024-05-02" and seen[1][1] is None


@pytest.mark.parametrize(
    ("line", "message"),
    [("{not json", "line 1: not JSON"), ('{"id": 1}', "'text' string"), ('{"text": "x", "published": "May"}', "ISO")],
)
def test_a_malformed_negative_stream_names_the_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(GoldFileError, match=message):
        read_negatives(path)


def test_compare_prints_one_table_for_several_gold_files_with_false_alarms(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, folder = files
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.txt").write_text(TEXT, encoding="utf-8")
    (other / "gold.json").write_text(json.dumps(GOLD), encoding="utf-8")
    stream = _stream(tmp_path, NEGATIVES[:1])
    argv = ["evaluate", str(path), str(folder), "--compare", "rules", "default"]
    argv += ["--also", str(other / "gold.json"), str(other), "--negatives", str(stream)]
    assert main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:2] == ["extractors", "gold"] and lines[0].split()[-1] == "alarms"
    assert len(lines) == 5  # header, then two rows (one per gold file) for each set
    assert lines[1].split()[:2] == ["rules", tmp_path.name] and lines[1].split()[-1] == "0.000"
    assert lines[2].split()[0] == "other"  # the second gold file: named by its folder
