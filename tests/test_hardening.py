"""Whatever scrapers produce: adversarial text, HTML, other languages, threads, long input."""

from __future__ import annotations

import html
import re
import threading
import warnings
from pathlib import Path

import pytest
from tests.conftest import ROOT

from negotiation_events import (
    EventListAdapter,
    InvalidInputError,
    InvalidTextError,
    NonEnglishTextWarning,
    from_html,
    parse_article,
)
from negotiation_events.normalise import dates, quantities
from negotiation_events.pipeline import paragraphs

SWAP = "Russia and Ukraine exchanged 300 prisoners of war on Friday."


@pytest.mark.parametrize(
    "text",
    [
        "a" * 100_000,
        "(" * 10_000 + ")" * 10_000,
        "." * 50_000,
        "x" * 200_000,
        "\n" * 100_000,
        "Russia " * 5_000,
        "😀" * 10_000,
        "👩\u200d👩\u200d👧" * 2_000,
        "\u202e" + "cipher " * 2_000,
        "\x00\x01\x02\x07\x1b" * 2_000,
        "1,000 for 1,000 " * 2_000,
        "next week last Saturday " * 2_000,
        "a\n" * 5_000,
    ],
    ids=lambda t: f"{t[:12]!r}x{len(t)}",
)
def test_adversarial_text_returns_a_list(text: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NonEnglishTextWarning)
        events = parse_article(text, published="2025-05-16")
    assert isinstance(events, list)
    for event in events:
        for evidence in event.evidence:
            assert text[evidence.start : evidence.end] == evidence.text


@pytest.mark.parametrize(
    "pattern",
    [dates._FILLER, dates._SPACES, dates._CLOCK, dates._PART_OF_DAY, quantities._DURATION, quantities._DIGITS],
)
def test_every_regular_expression_is_linear_on_adversarial_input(pattern: re.Pattern[str]) -> None:
    """No nested quantifiers: each finishes on inputs that blow up backtracking regexes."""
    for text in ("1" * 20_000 + "x", "1 " * 10_000 + "days!", "a" * 20_000, "12:" * 5_000 + "p.m.", "-" * 20_000):
        pattern.search(text)
        pattern.sub(" ", text)


def test_an_event_inside_noise_and_mojibake_is_still_found() -> None:
    text = "â€™Ã©ðŸ˜€ garbled header Ã¢â‚¬\n\n" + SWAP + "\n\n\u200b\u200f★★★\x07\n\nFooter â€“ all rights reserved"
    (event,) = parse_article(text, published="2025-05-24")
    assert event.type == "prisoner_exchange" and event.count == 300


@pytest.mark.parametrize(
    "text",
    [
        "La Russie et l'Ukraine ont échangé samedi des centaines de prisonniers de guerre, lors de l'un des plus "
        "grands échanges du conflit, ont indiqué les autorités, ajoutant que les discussions se poursuivraient.",
        "Russland und die Ukraine haben am Samstag Hunderte Kriegsgefangene ausgetauscht, teilten Beamte in Kiew "
        "mit und fügten hinzu, dass die Gespräche über einen weiteren Austausch in den kommenden Wochen fortgesetzt "
        "würden.",
        "Россия и Украина в субботу обменялись сотнями военнопленных в ходе одного из крупнейших обменов за время "
        "конфликта, сообщили официальные лица в Киеве, добавив, что переговоры продолжатся в ближайшие недели.",
        "روسيا وأوكرانيا تبادلتا مئات من أسرى الحرب يوم السبت في واحدة من أكبر عمليات التبادل منذ بداية الصراع وقال "
        "المسؤولون إن المحادثات بشأن تبادل آخر ستستمر في الأسابيع المقبلة حسب ما أعلن المسؤولون",
    ],
    ids=["french", "german", "russian", "arabic"],
)
def test_non_english_text_gives_nothing_and_a_warning(text: str) -> None:
    with pytest.warns(NonEnglishTextWarning, match="does not look like English"):
        assert parse_article(text, published="2025-05-24") == []


def test_english_with_foreign_names_is_still_read() -> None:
    text = (
        "Le Monde reported that Russia and Ukraine exchanged 300 prisoners of war on Friday, in a deal "
        "the two sides reached after talks in Istanbul; officials in Kyiv said more swaps would follow."
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", NonEnglishTextWarning)
        assert any(e.type == "prisoner_exchange" for e in parse_article(text, published="2025-05-24"))


@pytest.mark.parametrize("bad", [123, [1, 2], ("rules", 5)])
def test_extractors_must_be_names(bad: object) -> None:
    with pytest.raises(InvalidInputError, match="extractors must be a str or a sequence of str"):
        parse_article(SWAP, extractors=bad)  # type: ignore[arg-type]


def test_an_empty_extractor_list_is_an_error_not_silence() -> None:
    with pytest.raises(InvalidInputError, match="extractors is empty"):
        parse_article(SWAP, extractors=[])


def test_four_threads_give_the_serial_result() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "articles").glob("3*.txt"))[:7]]
    serial = [EventListAdapter.dump_json(parse_article(t, published="2025-05-16")) for t in texts]
    results: dict[int, bytes] = {}
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            for index in range(worker, len(texts), 4):
                results[index] = EventListAdapter.dump_json(parse_article(texts[index], published="2025-05-16"))
        except BaseException as exc:  # collected and re-raised in the main thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert [results[i] for i in range(len(texts))] == serial


def test_text_longer_than_the_pipeline_limit_is_cut_and_merged() -> None:
    import spacy

    from negotiation_events.pipeline import PIPELINE_PACKAGES

    package = next(p for p in PIPELINE_PACKAGES if __import__("importlib").util.find_spec(p))
    nlp = spacy.load(package)
    nlp.max_length = 2_000
    filler = "The city council approved a new budget for public libraries. " * 60  # one 3,700-character line
    text = filler + SWAP + " " + filler + "The exchange was the largest this year, Kyiv said."
    assert len(text) > 3 * nlp.max_length and "\n" not in text
    pieces = list(paragraphs(text, nlp.max_length - 1))
    assert len(pieces) > 2 and "".join(p for _, p in pieces) == text
    events = parse_article(text, published="2025-05-24", nlp=nlp, extractors=["rules"])
    (event,) = [e for e in events if e.type == "prisoner_exchange"]
    assert event.count == 300
    assert all(text[e.start : e.end] == e.text for e in event.evidence)


# --------------------------------------------------------------------------- HTML


PAGE = (
    "<!doctype html><html><head><title>Prisoner swap</title><script>var x = '<p>not text</p>';</script>"
    "<style>p { color: red }</style></head><body><nav>Home | World</nav>"
    "<article><h1>Kyiv and Moscow swap captives</h1>"
    "<p>Russia and Ukraine exchanged <b>300</b> prisoners&nbsp;of war on Friday, officials said.</p>"
    "<p>It was the&#32;largest swap this year &amp; more may follow.</p></article></body></html>"
)


def test_from_html_strips_markup_and_keeps_paragraphs() -> None:
    doc = from_html(PAGE)
    assert "not text" not in doc.text and "color" not in doc.text and "<" not in doc.text
    assert doc.text.split("\n\n") == [
        "Prisoner swap",
        "Home | World",
        "Kyiv and Moscow swap captives",
        "Russia and Ukraine exchanged 300 prisoners of war on Friday, officials said.",
        "It was the largest swap this year & more may follow.",
    ]
    assert len(doc.offsets) == len(doc.text)


def test_from_html_maps_evidence_back_to_the_page() -> None:
    doc = from_html(PAGE)
    (event,) = [e for e in parse_article(doc.text, published="2025-05-24") if e.type == "prisoner_exchange"]
    for evidence in event.evidence:
        start, end = doc.original_span(evidence.start, evidence.end)
        original = PAGE[start:end]
        plain = html.unescape(re.sub(r"<[^>]{0,200}>", "", original)).replace("\xa0", " ")
        assert plain == evidence.text
    first = doc.text.index("&")
    assert PAGE[slice(*doc.original_span(first, first + 1))] == "&amp;"


def test_from_html_rejects_non_strings_and_empty_spans() -> None:
    with pytest.raises(InvalidTextError, match="source must be a str"):
        from_html(b"<p>bytes</p>")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not a non-empty span"):
        from_html("<p>abc</p>").original_span(2, 2)


@pytest.mark.parametrize("markup", ["", "<p></p>", "<<<>>>", "<p>unclosed <b>bold", "&bogus; &#99999999; &#x;"])
def test_from_html_survives_broken_markup(markup: str) -> None:
    doc = from_html(markup)
    assert len(doc.offsets) == len(doc.text)
    assert all(0 <= o < max(1, len(markup)) for o in doc.offsets)


def test_the_docs_list_every_bad_input() -> None:
    page = (ROOT / "docs" / "robustness.md").read_text(encoding="utf-8")
    for needle in ("NonEnglishTextWarning", "InvalidTextError", "InvalidPublishedError", "UnknownExtractorError",
                   "memory_zone", "from_html", "thread"):  # fmt: skip
        assert needle in page
    assert Path(ROOT / "benchmarks" / "scaling.py").exists() and Path(ROOT / "benchmarks" / "memory.py").exists()
