"""The annotated corpus (``corpus/``): well-formed gold, fixed disjoint splits, valid labels."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import ROOT

from negotiation_events.normalise.actors import load_gazetteer

CORPUS = ROOT / "corpus"
SPLITS = ("train", "dev", "test")
VALID_TYPES = {"talks", "prisoner_exchange", "ceasefire_proposal", "sanction", "arms_deal"}
VALID_STATUSES = {"proposed", "planned", "agreed", "occurred", "rejected", "failed", "threatened"}
ROLES_BY_TYPE = {
    "talks": {"parties", "mediators"},
    "prisoner_exchange": {"sides"},
    "ceasefire_proposal": {"proposer", "parties", "mediators"},
    "sanction": {"imposer", "target"},
    "arms_deal": {"supplier", "recipient"},
}
FACTS = {"location", "date", "count", "duration", "unconditional", "weapons"}
DURATION = re.compile(r"^P(?:\d+[YMWD])*(?:T\d+[HMS])?$")


def _split(name: str) -> dict[str, Any]:
    return json.loads((CORPUS / f"{name}.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _codes() -> set[str]:
    gazetteer = load_gazetteer()
    return {e.country for e in gazetteer.entries}


@pytest.mark.parametrize("split", SPLITS)
def test_every_quote_occurs_and_every_label_is_valid(split: str) -> None:
    gold = _split(split)
    assert gold["schema"] == "negotiation-events-gold/1" and gold["split"] == split
    codes = _codes()
    for article in gold["articles"]:
        text = (CORPUS / "articles" / article["file"]).read_text(encoding="utf-8")
        dt.date.fromisoformat(article["published"])
        for event in article["events"]:
            where = (article["file"], event.get("evidence", [""])[0])
            assert event["type"] in VALID_TYPES, where
            statuses = event["status"] if isinstance(event["status"], list) else [event["status"]]
            assert statuses and set(statuses) <= VALID_STATUSES, where
            assert event["evidence"], where
            for quote in event["evidence"]:
                assert quote in text, (article["file"], quote)
            roles = event.get("roles", {})
            assert set(roles) <= ROLES_BY_TYPE[event["type"]], where
            for value in roles.values():
                assert set(value if isinstance(value, list) else [value]) <= codes, where
            assert set(event) <= {"type", "status", "evidence", "roles", "optional", *FACTS}, where
            if "date" in event:
                start = dt.date.fromisoformat(event["date"]["start"])
                assert start <= dt.date.fromisoformat(event["date"]["end"]), where
            if "count" in event:
                assert isinstance(event["count"], int) and event["count"] > 0, where
            if "duration" in event:
                assert DURATION.match(event["duration"]), where


def test_splits_are_fixed_disjoint_and_cover_every_article() -> None:
    listed = [a["file"] for split in SPLITS for a in _split(split)["articles"]]
    assert len(listed) == len(set(listed)), "an article is in two splits"
    on_disk = {p.name for p in (CORPUS / "articles").glob("*.txt")}
    assert set(listed) == on_disk
    assert len(on_disk) >= 150


def test_the_corpus_has_hard_negatives_and_all_types_in_every_split() -> None:
    for split in SPLITS:
        articles = _split(split)["articles"]
        assert any(not a["events"] for a in articles), split
        types = {e["type"] for a in articles for e in a["events"] if not e.get("optional")}
        assert types == VALID_TYPES, split


def test_the_corpus_spans_many_conflicts() -> None:
    codes = {
        code
        for split in SPLITS
        for a in _split(split)["articles"]
        for e in a["events"]
        for values in e.get("roles", {}).values()
        for code in (values if isinstance(values, list) else [values])
    }
    for needed in ("UKR", "RUS", "ISR", "PSE", "IND", "PAK", "SDN", "COD", "ARM", "AZE", "YEM", "COL", "PRK", "CHN"):
        assert needed in codes, needed


def test_the_data_card_states_the_counts() -> None:
    card = (CORPUS / "README.md").read_text(encoding="utf-8")
    for split in SPLITS:
        assert f"| {split} | {len(_split(split)['articles'])} |" in card


def test_articles_are_plain_text(tmp_path: Path) -> None:
    for path in (CORPUS / "articles").glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        assert text.strip() and "\x00" not in text, path.name
