"""NER only where an extractor can use it: the gate is exact, and it really skips NER."""

from __future__ import annotations

import pytest
from spacy.language import Language
from tests.conftest import ROOT

import negotiation_events.api as api
import negotiation_events.batch as batch
from negotiation_events import EventListAdapter, parse_article, parse_articles
from negotiation_events.extractors.registry import resolve_extractors
from negotiation_events.extractors.rules.engine import TriggerPattern, required_words
from negotiation_events.pipeline import pipe_docs

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
CORPUS = sorted((ROOT / "corpus" / "articles").glob("*.txt"))[::6]  # every sixth article, all topics


def _pattern(*tokens: dict[str, object], head: int = -1) -> TriggerPattern:
    return TriggerPattern(id="p", pattern=list(tokens), head=head)


def test_required_words_take_the_head_or_a_required_token() -> None:
    words = required_words(
        [
            _pattern({"LEMMA": "summit"}),
            _pattern({"LEMMA": {"IN": ["Swap", "trade"]}}, {"LOWER": "of"}, head=0),
            _pattern({"LOWER": "face"}, {"ORTH": "-", "OP": "?"}, {"POS": "NOUN"}),  # head has no word: first required
        ]
    )
    assert words == frozenset({"summit", "swap", "trade", "face"})


def test_required_words_none_when_a_pattern_could_match_any_word() -> None:
    assert required_words([_pattern({"POS": "VERB"}), _pattern({"LEMMA": "talk"})]) is None
    assert required_words([_pattern({"LOWER": "truce", "OP": "?"}, {"POS": "NOUN"})]) is None
    assert required_words([_pattern({"LOWER": {"NOT_IN": ["a", "b"]}})]) is None


def test_rule_extractors_declare_their_words_and_the_model_does_not() -> None:
    rules = resolve_extractors(["rules"])
    assert all(isinstance(e.trigger_words, frozenset) and e.trigger_words for e in rules)  # type: ignore[attr-defined]
    arms = next(e for e in rules if e.name == "rules.arms_deal.v1")
    assert {"deliver", "supply"} <= arms.trigger_words  # type: ignore[attr-defined]
    assert api._ner_words(rules) is not None
    assert api._ner_words(resolve_extractors(None)) is None  # the model reads entities in every sentence


def test_ner_runs_only_on_pieces_with_a_word(nlp: Language) -> None:
    texts = ["Angela Merkel visited Paris in June.", "Ukraine and Russia held talks in Geneva."]
    docs = list(pipe_docs(nlp, texts, batch_size=8, ner_words=frozenset({"talk"})))
    assert [d.text for d in docs] == texts
    assert docs[0].ents == () and docs[1].ents  # the first has no "talks": no NER
    assert docs[0][0].lemma_ and docs[0][0].dep_  # but a full parse and lemmas
    everywhere = list(pipe_docs(nlp, texts, batch_size=8, ner_words=None))
    assert everywhere[0].ents


def _dumps(texts: list[str]) -> list[bytes]:
    return [EventListAdapter.dump_json(e) for e in parse_articles(texts, published="2025-05-16", extractors=["rules"])]


@pytest.mark.parametrize("paths", [SEEDS, CORPUS], ids=["seeds", "corpus"])
def test_the_gate_changes_no_event(paths: list, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[type-arg]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    gated = _dumps(texts)
    one_by_one = [
        EventListAdapter.dump_json(parse_article(t, published="2025-05-16", extractors=["rules"])) for t in texts[:3]
    ]
    monkeypatch.setattr(api, "_ner_words", lambda chosen: None)
    monkeypatch.setattr(batch, "_ner_words", lambda chosen: None)
    assert _dumps(texts) == gated
    assert one_by_one == gated[:3]
    assert sum(len(g) > 2 for g in gated) > len(texts) // 2  # most articles have events: a real comparison
