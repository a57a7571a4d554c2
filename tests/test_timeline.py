"""Across articles: merge_events / Timeline, on the seeds, on written examples, and as properties."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import ROOT

from negotiation_events import InvalidInputError, parse_article
from negotiation_events.cli import main
from negotiation_events.timeline import Timeline, TimelineEvent, merge_events

GOLD = json.loads((ROOT / "seeds" / "gold.json").read_text(encoding="utf-8"))
SEEDS = {
    a["file"]: ((ROOT / "seeds" / a["file"]).read_text(encoding="utf-8"), a["published"]) for a in GOLD["articles"]
}


@pytest.fixture(scope="module")
def seeds() -> Timeline:
    # Linking is tested on the rules' statuses, which the seeds were written against; the
    # learned status (model.status.v1) reads two of these talks differently (the May round
    # as failed, the July call as occurred) and is measured in test_acceptance.py instead.
    articles = [(name, text, day) for name, (text, day) in SEEDS.items()]
    return Timeline.from_articles(articles, extractors=["rules", "model.sentence.v2"])


def _record_of(timeline: Timeline, source: str, predicate) -> TimelineEvent:  # type: ignore[no-untyped-def]
    found = [e for e in timeline.events for r in e.reports if r.source == source and predicate(r.event)]
    assert len(found) == 1, [e.id for e in found]
    return found[0]


def _istanbul_talks(event) -> bool:  # type: ignore[no-untyped-def]
    if event.type != "talks" or event.location is None or "Istanbul" not in event.location.name:
        return False
    return {"UKR", "RUS"} <= {a.country for a in event.parties}


# --------------------------------------------------------------------------- seeds


def test_may_istanbul_talks_from_two_articles_are_one_record(seeds: Timeline) -> None:
    may = {"001_8b8496d1b130a673.txt", "003_6c6529c9d9be14ea.txt"}
    records = {
        _record_of(seeds, source, lambda e: _istanbul_talks(e) and e.status.value in {"occurred", "planned"}).id
        for source in may
    }
    assert len(records) == 1
    [record] = [e for e in seeds.events if e.id in records]
    assert may <= set(record.sources)
    assert record.status.value == "occurred"
    assert not set(record.sources) & {"000_1d31282c225566f6.txt", "002_f696923d5a057285.txt"}  # July is another round
    assert [h.date for h in record.history] == sorted(h.date for h in record.history if h.date)


def test_july_proposal_of_a_new_round_in_istanbul_is_one_record(seeds: Timeline) -> None:
    july = ("000_1d31282c225566f6.txt", "002_f696923d5a057285.txt")
    records = {
        _record_of(seeds, source, lambda e: _istanbul_talks(e) and e.status.value == "proposed").id for source in july
    }
    assert len(records) == 1
    [record] = [e for e in seeds.events if e.id in records]
    assert record.status.value == "proposed" and set(july) <= set(record.sources)
    assert record.date is not None and record.date.start is not None and record.date.start.month == 7


def test_easter_truce_and_energy_moratorium_stay_apart(seeds: Timeline) -> None:
    source = "004_eaeb936243d3caf5.txt"
    truce = _record_of(seeds, source, lambda e: e.type == "ceasefire_proposal" and e.duration == "PT30H")
    moratorium = _record_of(seeds, source, lambda e: e.type == "ceasefire_proposal" and "energy" in (e.scope or ""))
    assert truce.id != moratorium.id


def test_every_report_keeps_its_evidence_and_history_links_into_its_article(seeds: Timeline) -> None:
    reports = 0
    for record in seeds.events:
        assert record.sources == list(dict.fromkeys(r.source for r in record.reports))
        for report in record.reports:
            text = SEEDS[report.source][0]
            for evidence in report.event.evidence:
                assert text[evidence.start : evidence.end] == evidence.text
            reports += 1
        for entry in record.history:
            assert SEEDS[entry.source][0][entry.start : entry.end] == entry.text
            assert entry.source in record.sources and set(entry.sources) <= set(record.sources)
    per_article = sum(len(parse_article(text, published=day)) for text, day in SEEDS.values())
    assert reports == per_article  # nothing dropped, nothing counted twice


def test_timeline_json_round_trip(seeds: Timeline) -> None:
    for record in seeds.events:
        payload = record.model_dump_json()
        assert {"cameo", "plover"} <= set(json.loads(payload))
        assert TimelineEvent.model_validate_json(payload) == record
    assert Timeline.model_validate_json(seeds.model_dump_json()) == seeds


# --------------------------------------------------------------------------- written examples


def _parsed(*articles: tuple[str, str, str]) -> list[tuple[str, str, list]]:  # type: ignore[type-arg]
    return [(source, day, parse_article(text, published=day)) for source, day, text in articles]


def test_conflicting_counts_are_kept_with_their_sources() -> None:
    timeline = merge_events(
        _parsed(
            ("a", "2025-05-26", "Russia and Ukraine exchanged 1,000 prisoners of war on Sunday."),
            ("b", "2025-05-26", "Ukraine and Russia swapped 1,200 prisoners on Sunday, Kyiv said."),
            ("c", "2025-05-27", "On Sunday Moscow and Kyiv exchanged 1,000 prisoners."),
        )
    )
    [record] = [e for e in timeline.events if e.type == "prisoner_exchange"]
    assert record.sources == ["a", "b", "c"]
    assert record.facts["count"] == 1000
    [conflict] = [c for c in record.conflicts if c.field == "count"]
    assert [(v.value, v.sources) for v in conflict.values] == [(1000, ["a", "c"]), (1200, ["b"])]


def test_counts_far_apart_are_different_exchanges() -> None:
    timeline = merge_events(
        _parsed(
            ("a", "2025-05-26", "Russia and Ukraine exchanged 390 prisoners of war on Friday."),
            ("b", "2025-05-26", "Russia and Ukraine exchanged 1,000 prisoners of war on Sunday."),
        )
    )
    assert len([e for e in timeline.events if e.type == "prisoner_exchange"]) == 2


def test_history_runs_from_plan_to_meeting_and_dates_conflict_is_kept() -> None:
    timeline = merge_events(
        _parsed(
            ("monday", "2025-05-12", "Russia and Ukraine will hold direct talks in Istanbul on Thursday."),
            ("friday", "2025-05-16", "Russian and Ukrainian delegations met in Istanbul on Friday for talks."),
        )
    )
    [record] = [e for e in timeline.events if e.type == "talks"]
    assert [(h.status.value, h.date.isoformat() if h.date else None) for h in record.history] == [
        ("planned", "2025-05-12"),
        ("occurred", "2025-05-16"),
    ]
    assert record.status.value == "occurred"
    [conflict] = [c for c in record.conflicts if c.field == "date"]
    assert {tuple(v.sources) for v in conflict.values} == {("monday",), ("friday",)}


def test_a_proposal_and_its_rejection() -> None:
    timeline = merge_events(
        _parsed(
            ("a", "2025-03-11", "Ukraine proposed a 30-day ceasefire with Russia."),
            ("b", "2025-03-14", "Russia rejected Ukraine's offer of a 30-day ceasefire."),
        )
    )
    [record] = [e for e in timeline.events if e.type == "ceasefire_proposal"]
    assert [h.status.value for h in record.history] == ["proposed", "rejected"]
    assert record.status.value == "rejected" and record.cameo == "1246"


def test_different_parties_and_places_stay_apart() -> None:
    timeline = merge_events(
        _parsed(
            ("a", "2025-05-16", "Russia and Ukraine held talks in Istanbul on Friday."),
            ("b", "2025-05-16", "Armenia and Azerbaijan held talks in Abu Dhabi on Friday."),
            ("c", "2025-05-16", "Russian and Ukrainian officials held talks in Riyadh on Friday."),
        )
    )
    assert len([e for e in timeline.events if e.type == "talks"]) == 3


def test_place_names_compare_by_words() -> None:
    from negotiation_events import Place
    from negotiation_events.timeline import _places_agree

    assert _places_agree(Place(name="Istanbul"), Place(name="central Istanbul")) is True
    assert _places_agree(Place(name="Oman"), Place(name="Romania")) is False
    assert _places_agree(Place(name="Dolmabahce Palace"), Place(name="Istanbul")) is None  # a venue
    assert _places_agree(Place(name="Kyiv", country="UKR"), Place(name="Lviv", country="UKR")) is None
    assert _places_agree(Place(name="Kyiv", country="UKR"), Place(name="Moscow", country="RUS")) is False
    assert _places_agree(Place(name="Turkey", country="TUR"), Place(name="Istanbul")) is None  # a country
    assert _places_agree(Place(name="Geneva"), Place(name="Istanbul")) is False


def test_one_article_never_merges_with_itself() -> None:
    text = "Russia and Ukraine held talks in Istanbul on Friday. They will hold talks in Geneva next month."
    events = parse_article(text, published="2025-05-17")
    timeline = merge_events([("a", "2025-05-17", events)])
    assert len(timeline.events) == len(events)


# --------------------------------------------------------------------------- properties

_POOL_TEXTS = [
    ("2025-05-12", "Russia and Ukraine will hold direct talks in Istanbul on Thursday."),
    ("2025-05-16", "Russian and Ukrainian delegations met in Istanbul on Friday for talks."),
    ("2025-05-26", "Russia and Ukraine exchanged 1,000 prisoners of war on Sunday."),
    ("2025-05-26", "Ukraine and Russia swapped 1,200 prisoners on Sunday, Kyiv said."),
    ("2025-05-26", "Russia and Ukraine exchanged 1,450 prisoners on Sunday."),  # links 1,200 but not 1,000
    ("2025-03-11", "Ukraine proposed a 30-day ceasefire with Russia."),
    ("2025-03-14", "Russia rejected Ukraine's offer of a 30-day ceasefire."),
    ("2025-04-20", "Putin declared a 30-hour Easter truce, which Kyiv said was violated."),
    ("2025-06-02", "The EU imposed new sanctions on Russia over its war in Ukraine."),
    ("2025-06-03", "Germany will deliver Patriot missile systems to Ukraine next month."),
]
_POOL = [(f"s{i}", day, parse_article(text, published=day)) for i, (day, text) in enumerate(_POOL_TEXTS)]


def _dump(timeline: Timeline) -> str:
    return timeline.model_dump_json()


@settings(max_examples=60)
@given(st.lists(st.sampled_from(_POOL), min_size=1, max_size=6, unique_by=lambda a: a[0]), st.randoms())
def test_merging_does_not_depend_on_input_order(articles, random) -> None:  # type: ignore[no-untyped-def]
    shuffled = [(source, day, random.sample(events, len(events))) for source, day, events in articles]
    random.shuffle(shuffled)
    assert _dump(merge_events(shuffled)) == _dump(merge_events(articles))


@settings(max_examples=40)
@given(st.lists(st.sampled_from(_POOL), min_size=1, max_size=6, unique_by=lambda a: a[0]))
def test_merging_is_idempotent(articles) -> None:  # type: ignore[no-untyped-def]
    once = merge_events(articles)
    assert _dump(merge_events(articles + articles)) == _dump(once)  # the same article twice counts once
    assert _dump(merge_events([once])) == _dump(once)  # a timeline merged again is unchanged
    assert _dump(merge_events([once, *articles])) == _dump(once)


# --------------------------------------------------------------------------- input errors


@pytest.mark.parametrize(
    ("articles", "message"),
    [
        ("not a list", "iterable"),
        ([("a", "2025-05-16")], r"articles\[0\]"),
        ([("", "2025-05-16", [])], "source id"),
        ([("a", "16/05/2025", [])], r"articles\[0\].*ISO"),
        ([("a", "2025-05-16", ["talks"])], "Event objects"),
        ([("a", "2025-05-16", _POOL[0][2]), ("a", "2025-05-16", _POOL[1][2])], "twice with different events"),
        ([("a", "2025-05-16", []), ("a", "2025-05-17", [])], "different publication dates"),
    ],
)
def test_bad_input_is_named(articles: object, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        merge_events(articles)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("articles", "message"),
    [
        ([("a.txt", 3, None)], "text must be a str"),
        ([{"text": "Kyiv and Moscow held talks."}], "source id"),
        (["just a text"], r"articles\[0\] must be"),
    ],
)
def test_from_articles_checks_input_before_parsing(articles: object, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        Timeline.from_articles(articles)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- CLI


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.tags: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name == "href" and value:
                self.hrefs.append(value)
            if name in {"src", "href"} and value and not value.startswith("#"):
                self.external.append(value)
        if tag in {"script", "link", "img", "iframe"}:
            self.external.append(tag)


def test_cli_timeline_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seeds = str(ROOT / "seeds")
    dates = str(ROOT / "seeds" / "gold.json")
    assert main(["timeline", seeds, "--dates", dates]) == 0
    lines = capsys.readouterr().out.splitlines()
    records = [TimelineEvent.model_validate_json(line) for line in lines]
    assert records and any(len(r.sources) > 1 for r in records)

    assert main(["timeline", seeds, "--dates", dates, "--format", "table"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split()[:3] == ["date", "type", "status"] and len(table) == len(records) + 1

    assert main(["timeline", seeds, "--dates", dates, "--format", "html", "--title", "Seeds <test>"]) == 0
    page = capsys.readouterr().out
    parser = _Links()
    parser.feed(page)
    assert page.startswith("<!DOCTYPE html>") and "<title>Seeds &lt;test&gt;</title>" in page
    assert not parser.external, parser.external  # self-contained: no scripts, styles or images fetched
    assert parser.tags.count("table") == len({r.type for r in records})  # one table per event type
    missing = [h for h in parser.hrefs if h.startswith("#") and h[1:] not in parser.ids]
    assert not missing and len(parser.hrefs) > len(records)  # every link lands on evidence or a record
    assert "<mark>" in page  # evidence shown in its sentence


def test_cli_timeline_dates_file_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "dates.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    assert main(["timeline", str(ROOT / "seeds"), "--dates", str(bad)]) == 2
    assert "--dates" in capsys.readouterr().err


def test_cli_timeline_reads_jsonl_with_dates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [
        {
            "id": "mon",
            "published": "2025-05-12",
            "text": "Russia and Ukraine will hold direct talks in Istanbul on Thursday.",
        },
        {
            "id": "fri",
            "published": "2025-05-16",
            "text": "Russian and Ukrainian delegations met in Istanbul on Friday.",
        },
    ]
    archive = tmp_path / "archive.jsonl"
    archive.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    assert main(["timeline", str(archive), "--input-format", "jsonl"]) == 0
    [record] = [TimelineEvent.model_validate_json(line) for line in capsys.readouterr().out.splitlines()]
    assert record.sources == ["mon", "fri"] and record.status.value == "occurred"
