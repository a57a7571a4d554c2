"""Tests of the ne_hostages plugin, run against the installed package.

They show what a plugin's own suite should check: that the installed package exposes its
extractor under its entry point, finds what it is meant to find (alone and next to the
library's default extractors), keeps its pattern file inside the wheel, and fails
clearly: a bad pattern file names the file and the line, and an extractor that raises is
reported by name, or skipped with a warning under ``on_error="skip"``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import ne_hostages
import pytest

from negotiation_events import (
    PatternFileError,
    PluginError,
    PluginWarning,
    available_extractors,
    load_patterns,
    parse_article,
    register_extractor,
)
from negotiation_events.extractors import registry

NAME = "ne_hostages.release.v1"
TEXT = "Hamas freed three hostages in Gaza on Sunday, and Israel released 90 Palestinian prisoners."


def test_the_entry_point_is_installed() -> None:
    assert NAME in available_extractors()


def test_the_pattern_file_ships_inside_the_package() -> None:
    shipped = Path(ne_hostages.__file__).parent / "patterns" / "release.jsonl"
    assert [p.id for p in load_patterns(shipped)] == ["release-verb", "hand-over"]


def test_finds_a_hostage_release() -> None:
    [event] = parse_article("Hamas freed three hostages in Gaza on Sunday.", published="2025-01-20", extractors=[NAME])
    assert (event.type, event.status.value, event.category, event.count) == (
        "prisoner_exchange",
        "occurred",
        "hostages",
        3,
    )
    assert [a.canonical for a in event.sides] == ["Hamas"]
    assert event.date is not None and event.date.start is not None and event.date.start.isoformat() == "2025-01-19"
    assert event.extractors == [NAME] and event.evidence[0].text.startswith("freed three hostages")


def test_status_and_passive_voice_come_from_the_library() -> None:
    [refused] = parse_article("Hamas refused to free the hostages.", extractors=[NAME])
    assert refused.status.value == "rejected"
    [handed] = parse_article("Two captives were handed over by the militants on Tuesday.", extractors=[NAME])
    assert handed.count == 2


def test_other_releases_are_not_hostage_releases() -> None:
    assert parse_article("The ministry released a statement on Monday.", extractors=[NAME]) == []


def test_added_to_the_default_extractors() -> None:
    events = parse_article(TEXT, published="2025-01-20", extractors=["default", NAME])
    assert any(NAME in e.extractors for e in events)
    assert any("rules.prisoner_exchange.v1" in e.extractors for e in events)


def test_a_bad_pattern_file_names_the_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "release.jsonl"
    bad.write_text(
        '{"id": "release-verb", "pattern": [{"LEMMA": "free"}]}\n{"id": "typo", "pattern": [{"LOWR": "freed"}]}\n',
        encoding="utf-8",
    )
    with pytest.raises(PatternFileError, match=r"release\.jsonl, line 2: pattern: token 0: unknown attribute 'LOWR'"):
        ne_hostages.HostageReleaseRules.from_file(bad)


class _Broken(ne_hostages.HostageReleaseRules):
    name = "tests.broken_hostages.v1"

    def arguments(self, span, head, pattern, context):  # type: ignore[no-untyped-def]
        raise RuntimeError("cannot read this parse")


@pytest.fixture
def broken() -> Iterator[str]:
    register_extractor(_Broken.name, _Broken)
    yield _Broken.name
    registry._reset()


def test_an_extractor_that_raises_is_named(broken: str) -> None:
    with pytest.raises(PluginError, match=r"tests\.broken_hostages\.v1.*RuntimeError: cannot read this parse") as info:
        parse_article(TEXT, extractors=["default", broken])
    assert isinstance(info.value.__cause__, RuntimeError)


def test_skip_keeps_the_other_extractors(broken: str) -> None:
    with pytest.warns(PluginWarning, match=r"tests\.broken_hostages\.v1"):
        events = parse_article(TEXT, extractors=["default", broken], on_error="skip")
    assert events and all(broken not in e.extractors for e in events)
