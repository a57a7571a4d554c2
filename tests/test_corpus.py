"""The annotated corpus (``corpus/``): gold that checks clean, fixed splits, a frozen blind split.

The checks themselves live in ``corpus/tools/gold.py`` (the writers of new data ran the
same code); these tests run them over every committed file and check what the data card
promises.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from tests.conftest import ROOT

CORPUS = ROOT / "corpus"
BLIND = CORPUS / "blind"
SPLITS = ("train", "dev", "test")


def _tool(name: str) -> ModuleType:
    path = CORPUS / "tools" / f"{name}.py"
    sys.path.insert(0, str(path.parent))
    try:
        spec = importlib.util.spec_from_file_location(f"corpus_tools_{name}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(path.parent))


gold = _tool("gold")
build = _tool("build")


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _parts() -> dict[str, tuple[dict[str, Any], Path]]:
    parts = {s: (_load(CORPUS / f"{s}.json"), CORPUS / "articles") for s in SPLITS}
    parts["blind"] = (_load(BLIND / "gold.json"), BLIND / "articles")
    return parts


def _number(name: str) -> int:
    return int(name.split("_", 1)[0])


def expected_split(name: str) -> str:
    """The split rule of the data card."""
    n = _number(name)
    if 101 <= n <= 142:
        return "train"
    if 201 <= n <= 216:
        return "test"
    if 301 <= n <= 420:
        return {0: "test", 1: "test", 2: "dev"}.get(n % 5, "train")
    if 421 <= n <= 540:
        return "dev" if n % 4 == 0 else "train"
    if 601 <= n <= 1999:
        return build.split_of(name)  # type: ignore[no-any-return]
    return "blind"


@pytest.mark.parametrize("split", [*SPLITS, "blind"])
def test_every_gold_file_checks_clean(split: str) -> None:
    path = BLIND / "gold.json" if split == "blind" else CORPUS / f"{split}.json"
    articles = BLIND / "articles" if split == "blind" else CORPUS / "articles"
    problems = gold.check(path, articles)
    assert not problems, "\n".join(problems[:20])
    data = _load(path)
    assert data["schema"] == "negotiation-events-gold/2" and data["split"] == split
    unresolved = [
        (a["file"], m["quote"]) for a in data["articles"] for e in a["events"] for m in e["mentions"] if "span" not in m
    ]
    assert not unresolved, unresolved[:5]


def test_splits_are_fixed_by_rule_disjoint_and_complete() -> None:
    listed = {a["file"]: split for split, (data, _) in _parts().items() for a in data["articles"]}
    assert sum(len(data["articles"]) for data, _ in _parts().values()) == len(listed), "an article is listed twice"
    on_disk = {p.name for p in (CORPUS / "articles").glob("*.txt")} | {
        p.name for p in (BLIND / "articles").glob("*.txt")
    }
    assert set(listed) == on_disk
    wrong = {name: split for name, split in listed.items() if expected_split(name) != split}
    assert not wrong, wrong


def test_the_blind_split_is_frozen() -> None:
    manifest = (BLIND / "MANIFEST.sha256").read_text(encoding="utf-8").splitlines()
    recorded = dict(reversed(line.split("  ", 1)) for line in manifest)
    files = ["gold.json", *sorted(p.relative_to(BLIND).as_posix() for p in (BLIND / "articles").glob("*.txt"))]
    assert sorted(recorded) == sorted(files), "a blind file was added or removed"
    changed = [name for name in files if hashlib.sha256((BLIND / name).read_bytes()).hexdigest() != recorded[name]]
    assert not changed, f"the frozen blind split changed: {changed[:5]}"


def test_the_corpus_is_as_large_as_the_card_says() -> None:
    parts = _parts()
    articles = [a for data, _ in parts.values() for a in data["articles"]]
    required = [e for a in articles for e in a["events"] if not e.get("optional")]
    assert len(articles) >= 1200 and len(required) >= 3000
    blind = parts["blind"][0]["articles"]
    assert len(blind) >= 200 and sum(1 for a in blind for e in a["events"] if not e.get("optional")) >= 450
    new = [a for a in articles if _number(a["file"]) >= 601]
    assert sum(1 for a in new if not a["events"]) >= 0.3 * len(new)
    assert len({a["conflict"] for a in new if a["events"]}) >= 40
    assert {a["region"] for a in new} >= {"Europe", "Middle East", "Africa", "Asia", "Americas"}
    cells = {
        (e["type"], e["status"][0] if isinstance(e["status"], list) else e["status"])
        for a in new
        for e in a["events"]
        if not e.get("optional")
    }
    assert cells == {(t, s) for t in gold.TYPES for s in gold.STATUSES}


def test_lengths_are_like_real_news() -> None:
    bands = {band: 0 for _, _, band in gold.LENGTH_BANDS}
    for data, folder in _parts().values():
        for article in data["articles"]:
            if _number(article["file"]) >= 601:
                bands[gold.length_band((folder / article["file"]).read_text(encoding="utf-8"))] += 1
    total = sum(bands.values())
    assert all(count >= 0.25 * total for count in bands.values()), bands


def test_no_article_is_duplicated_across_the_corpus() -> None:
    texts = {
        f"{split}/{a['file']}": (folder / a["file"]).read_text(encoding="utf-8")
        for split, (data, folder) in _parts().items()
        for a in data["articles"]
    }
    assert gold.near_duplicates(texts) == []


def test_the_negative_stream() -> None:
    stream = CORPUS / "negatives.jsonl"
    assert gold.check_negatives(stream) == []
    lines = [json.loads(line) for line in stream.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) >= 1500
    assert len({p["kind"] for p in lines}) >= 12


def test_the_data_card_shows_the_current_tables() -> None:
    card = (CORPUS / "README.md").read_text(encoding="utf-8")
    assert build.card() in card, "corpus/README.md is out of date: paste `python corpus/tools/build.py card`"


def test_the_agreement_study_files_check() -> None:
    second = CORPUS / "agreement" / "second.json"
    assert gold.check(second, CORPUS / "articles") == []
    entries = {a["file"]: a for s in SPLITS for a in _load(CORPUS / f"{s}.json")["articles"]}
    files = [a["file"] for a in _load(second)["articles"]]
    assert len(files) >= 50 and set(files) <= set(entries)
    first = _load(CORPUS / "agreement" / "first.json")["articles"]
    assert first == [entries[name] for name in files], "first.json is not the corpus annotation: run build.py agreement"


def test_a_malformed_entry_is_named_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "601_x.txt").write_text("Kyiv and Moscow held talks in Istanbul on Friday.", encoding="utf-8")
    entry = {
        "file": "601_x.txt",
        "published": "2025-05-17",
        "events": [
            {
                "type": "talks",
                "status": "held",
                "roles": {"parties": ["UKR", "RUS", "XYZ"]},
                "mentions": [
                    {"quote": "held talks in Ankara", "trigger": "talks", "status": "occurred", "actors": []},
                    {
                        "quote": "held talks in Istanbul",
                        "trigger": "meeting",
                        "status": "done",
                        "actors": [{"role": "hosts", "code": "TUR", "text": "Istanbul"}],
                    },
                ],
            }
        ],
    }
    path = tmp_path / "gold.json"
    path.write_text(
        '{"schema": "negotiation-events-gold/2",\n "articles": [\n' + json.dumps(entry) + "\n]}\n", encoding="utf-8"
    )
    problems = gold.check(path, tmp_path / "a")
    assert all(p.startswith(f"{path}, line 3: articles[0] (601_x.txt): events[0]: ") for p in problems), problems
    text = "\n".join(problems)
    for expected in (
        "status 'held'",
        "'XYZ' is not an ISO 3166-1 alpha-3 code",
        "mentions[0]: quote 'held talks in Ankara' does not occur",
        "mentions[1]: trigger 'meeting' must be a word or words of the quote",
        "mentions[1]: status 'done'",
        "mentions[1]: actors[0]: role 'hosts' is not a role of talks",
        "roles.parties: UKR is not the code of any actor mention",
    ):
        assert expected in text, (expected, text)
    path.write_text('{"schema": "negotiation-events-gold/2",\n "articles": [\n  {"file": 1,}\n]}', encoding="utf-8")
    assert gold.check(path, tmp_path / "a") == [
        f"{path}, line 3: not JSON: Expecting property name enclosed in double quotes"
    ]


def test_the_duplicate_check_catches_an_edited_copy() -> None:
    original = (CORPUS / "articles" / "101_ukraine_russia_easter_swap.txt").read_text(encoding="utf-8")
    edited = original.replace("Saturday", "Sunday").replace("Kyiv", "Ukraine's capital")
    pairs = gold.near_duplicates({"a": original, "b": edited, "c": "Unrelated text about the weather in Lima today."})
    assert [(a, b) for a, b, _ in pairs] == [("a", "b")]
