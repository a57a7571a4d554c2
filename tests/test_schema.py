"""The committed JSON Schema (docs/events.schema.json) is the one the code produces, and outputs conform."""

from __future__ import annotations

import json

import jsonschema
import pytest
from tests.conftest import ROOT

from negotiation_events import EventListAdapter, events_json_schema, parse_article
from negotiation_events.cli import main

COMMITTED = ROOT / "docs" / "events.schema.json"


def test_committed_schema_has_not_drifted() -> None:
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert committed == events_json_schema(), (
        "the output schema changed: review the change, then run "
        "`negotiation-events schema > docs/events.schema.json` and note it in CHANGELOG.md"
    )


def test_cli_prints_the_committed_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == COMMITTED.read_text(encoding="utf-8")


def test_schema_is_valid_and_accepts_the_seed_outputs() -> None:
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        payload = json.loads(EventListAdapter.dump_json(parse_article(path.read_text(encoding="utf-8"))))
        assert payload
        validator.validate(payload)
        for event in payload:
            assert {"cameo", "plover"} <= set(event)


def test_schema_rejects_what_the_models_reject() -> None:
    validator = jsonschema.Draft202012Validator(events_json_schema())
    assert not validator.is_valid([{"type": "coup", "status": "occurred"}])
    assert not validator.is_valid([{"type": "talks", "status": "rumoured", "evidence": []}])
