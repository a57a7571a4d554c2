"""Context cues on Docs built by hand (words, heads, deps, POS): no trained model needed."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from negotiation_events.context import ContextRule, ContextRules, assess, load_context_rules
from negotiation_events.models import Status


def _doc(
    words: list[str],
    heads: list[int],
    deps: list[str],
    pos: list[str],
    lemmas: list[str],
    tags: list[str] | None = None,
) -> Doc:
    return Doc(
        spacy.blank("en").vocab,
        words=words,
        heads=heads,
        deps=deps,
        pos=pos,
        lemmas=lemmas,
        tags=tags or [""] * len(words),
        sent_starts=[True] + [False] * (len(words) - 1),
    )


def test_governing_verb_gives_the_status() -> None:
    # Zelensky proposed a ceasefire .
    doc = _doc(
        ["Zelensky", "proposed", "a", "ceasefire", "."],
        [1, 1, 3, 1, 1],
        ["nsubj", "ROOT", "det", "dobj", "punct"],
        ["PROPN", "VERB", "DET", "NOUN", "PUNCT"],
        ["Zelensky", "propose", "a", "ceasefire", "."],
        ["NNP", "VBD", "DT", "NN", "."],
    )
    result = assess(doc[3], "ceasefire_proposal")
    assert result.status is Status.PROPOSED and result.cue == "proposed" and not result.negated


def test_negated_achievement_fails() -> None:
    # no ceasefire accord was achieved
    doc = _doc(
        ["no", "ceasefire", "accord", "was", "achieved"],
        [2, 2, 4, 4, 4],
        ["det", "compound", "nsubjpass", "auxpass", "ROOT"],
        ["DET", "NOUN", "NOUN", "AUX", "VERB"],
        ["no", "ceasefire", "accord", "be", "achieve"],
        ["DT", "NN", "NN", "VBD", "VBN"],
    )
    result = assess(doc[1], "ceasefire_proposal")
    assert result.negated
    assert result.status is Status.FAILED


def test_negated_failure_is_occurrence() -> None:
    # the talks did not collapse
    doc = _doc(
        ["the", "talks", "did", "not", "collapse"],
        [1, 4, 4, 4, 4],
        ["det", "nsubj", "aux", "neg", "ROOT"],
        ["DET", "NOUN", "AUX", "PART", "VERB"],
        ["the", "talk", "do", "not", "collapse"],
        ["DT", "NNS", "VBD", "RB", "VB"],
    )
    result = assess(doc[1], "talks")
    assert result.status is Status.OCCURRED and result.negated


def test_type_limited_rules_win() -> None:
    # the threat of sanctions
    doc = _doc(
        ["the", "threat", "of", "sanctions"],
        [1, 1, 1, 2],
        ["det", "ROOT", "prep", "pobj"],
        ["DET", "NOUN", "ADP", "NOUN"],
        ["the", "threat", "of", "sanction"],
    )
    assert assess(doc[3], "sanction").status is Status.THREATENED


def test_pseudo_cue_blocks_negation() -> None:
    rules = load_context_rules()
    doc = _doc(["no", "doubt"], [1, 1], ["det", "ROOT"], ["DET", "NOUN"], ["no", "doubt"])
    assert rules.in_pseudo(doc[0])


def test_novelty_cues() -> None:
    # the recent negotiations
    doc = _doc(
        ["the", "recent", "negotiations"],
        [2, 2, 2],
        ["det", "amod", "ROOT"],
        ["DET", "ADJ", "NOUN"],
        ["the", "recent", "negotiation"],
    )
    assert assess(doc[2], "talks").novelty == "past"


def test_rules_file_is_validated() -> None:
    with pytest.raises(ValueError):
        ContextRule.model_validate({"cues": ["x"], "category": "maybe"})
    rules = ContextRules(
        [
            ContextRule(cues=["halt"], category="occurred", types=["ceasefire_proposal"]),
            ContextRule(cues=["halt"], category="failed"),
        ]
    )
    doc = _doc(["halt"], [0], ["ROOT"], ["VERB"], ["halt"])
    assert next(r.category for r in rules.categories(doc[0], "ceasefire_proposal")) == "occurred"
    assert [r.category for r in rules.categories(doc[0], "talks")] == ["failed"]
