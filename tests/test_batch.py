"""parse_articles: same events as parse_article, in input order, streaming, any input shape."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest
from tests.conftest import ROOT

from negotiation_events import (
    EventListAdapter,
    InvalidInputError,
    InvalidTextError,
    NonEnglishTextWarning,
    parse_article,
    parse_articles,
)

TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "articles").glob("30*.txt"))]


def _json(events: list) -> bytes:  # type: ignore[type-arg]
    return EventListAdapter.dump_json(events)


def test_same_events_as_one_by_one_in_input_order() -> None:
    texts = [*TEXTS, "", "The weather was mild.", TEXTS[0]]
    one_by_one = [_json(parse_article(t, published="2025-03-01")) for t in texts]
    batched = [_json(e) for e in parse_articles(texts, published="2025-03-01", batch_size=3)]
    assert batched == one_by_one


def test_pairs_and_mappings_carry_their_own_dates() -> None:
    swap = "Russia and Ukraine exchanged 300 prisoners of war last Friday."
    inputs = [swap, (swap, "2025-05-26"), {"id": "x", "text": swap, "published": "2025-06-02"}, {"text": swap}]
    dates = [events[0].date.start.isoformat() for events in parse_articles(inputs, published="2025-05-19")]  # type: ignore[union-attr]
    assert dates == ["2025-05-16", "2025-05-23", "2025-05-30", "2025-05-16"]


def test_results_stream_before_the_input_ends() -> None:
    pulled: list[int] = []

    def source() -> Iterator[str]:
        for index in range(100):
            pulled.append(index)
            yield "India and Pakistan held talks in Geneva on Monday."

    results = parse_articles(source(), batch_size=4)
    first = next(results)
    assert first and first[0].type == "talks"
    assert len(pulled) <= 8  # one batch (and the look-ahead of the next), not all 100


def test_two_processes_give_the_serial_result() -> None:
    texts = TEXTS[:6]
    serial = [_json(e) for e in parse_articles(texts, published="2025-03-01")]
    parallel = [_json(e) for e in parse_articles(texts, published="2025-03-01", n_process=2, batch_size=2)]
    assert parallel == serial


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"batch_size": 0}, "batch_size must be a positive int"),
        ({"n_process": 0}, "n_process must be a positive int"),
        ({"extractors": []}, "extractors is empty"),
    ],
)
def test_bad_arguments_are_named_at_the_call(kwargs: dict, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(InvalidInputError, match=message):
        parse_articles(["text"], **kwargs)  # raised before any iteration


def test_bad_items_are_named_by_position() -> None:
    with pytest.raises(InvalidTextError, match=r"texts\[1\] must be a str"):
        list(parse_articles(["fine", (b"bytes", None)]))  # type: ignore[list-item]
    with pytest.raises(InvalidInputError, match=r"texts\[1\] must be a str, a \(text, published\) pair"):
        list(parse_articles(["fine", b"bytes"]))  # type: ignore[list-item]
    with pytest.raises(InvalidInputError, match=r"texts\[0\] is a mapping without a 'text' key"):
        list(parse_articles([{"body": "x"}]))
    with pytest.raises(InvalidInputError, match=r"texts\[0\] must be a str, a \(text, published\) pair"):
        list(parse_articles([42]))  # type: ignore[list-item]


def test_non_english_items_warn_and_give_nothing() -> None:
    french = (
        "La Russie et l'Ukraine ont échangé samedi des centaines de prisonniers de guerre, lors de l'un des plus "
        "grands échanges du conflit, ont indiqué les autorités, ajoutant que les discussions se poursuivraient."
    )
    with pytest.warns(NonEnglishTextWarning):
        results = list(parse_articles([french, "Russia and Ukraine exchanged 300 prisoners on Friday."]))
    assert results[0] == [] and results[1][0].type == "prisoner_exchange"


def test_progress_bar_needs_no_terminal() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(list(parse_articles(TEXTS[:2], progress=True))) == 2


def test_a_single_extractor_name_works_in_worker_processes() -> None:
    texts = ["India and Pakistan held talks in Geneva on Monday."] * 2
    results = list(parse_articles(texts, extractors="rules", n_process=2, batch_size=1))
    assert [[e.extractors for e in events] for events in results] == [[["rules.talks.v1"]]] * 2
