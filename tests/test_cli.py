from __future__ import annotations

import io
import json
import sys

import pytest
from tests.conftest import ROOT

from negotiation_events.cli import main

SEED = ROOT / "seeds" / "004_eaeb936243d3caf5.txt"


def test_parse_file_jsonl(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SEED), "--published", "2025-04-22"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    records = [json.loads(line) for line in lines]
    assert records and all(r["source"] == str(SEED) for r in records)
    assert {"talks", "ceasefire_proposal", "prisoner_exchange"} <= {r["type"] for r in records}


def test_parse_directory_json_and_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(ROOT / "seeds"), "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert len({r["source"] for r in records}) == 5
    assert main(["parse", str(SEED), "--format", "table"]) == 0
    assert capsys.readouterr().out.startswith("source")


def test_parse_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("Russia and Ukraine exchanged 390 prisoners of war on Friday."))
    assert main(["parse", "-", "--published", "2025-05-24"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["type"] == "prisoner_exchange" and record["count"] == 390 and record["source"] == "<stdin>"


def test_errors_go_to_stderr_with_nonzero_status(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "does-not-exist.txt"]) == 2
    assert "does-not-exist.txt" in capsys.readouterr().err
    assert main(["parse", str(SEED), "--published", "someday"]) == 2
    assert "'someday'" in capsys.readouterr().err
    assert main(["parse", str(SEED), "--extractors", "nope"]) == 2
    assert "Valid names" in capsys.readouterr().err


def test_help_explains(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["parse", "--help"])
    assert exit_info.value.code == 0
    assert "JSON Lines" in capsys.readouterr().out


def test_evaluate_command(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["evaluate", str(ROOT / "seeds/gold.json"), str(ROOT / "seeds"), "--min-f1", "0.85"])
    out = capsys.readouterr().out
    assert code == 0 and "event F1" in out


def test_parse_jsonl_input_with_ids_dates_and_processes(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    import json as _json

    from negotiation_events.cli import main as _main

    path = tmp_path / "in.jsonl"
    path.write_text(
        '{"id": "a1", "text": "Russia and Ukraine exchanged 300 prisoners of war last Friday.", '
        '"published": "2025-05-26"}\n'
        "\n"
        '{"text": "India and Pakistan held talks in Geneva on Monday."}\n',
        encoding="utf-8",
    )
    for processes in ("1", "2"):
        assert _main(["parse", str(path), "--input-format", "jsonl", "--processes", processes]) == 0
        records = [_json.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert [(r["source"], r["type"]) for r in records] == [("a1", "prisoner_exchange"), (f"{path}:3", "talks")]
        assert records[0]["date"]["start"] == "2025-05-23"


def test_parse_bad_jsonl_names_the_line(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from negotiation_events.cli import main as _main

    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "ok"}\nnot json\n', encoding="utf-8")
    assert _main(["parse", str(path), "--input-format", "jsonl"]) == 2
    assert "line 2: not JSON" in capsys.readouterr().err
