"""Third-party extractors through the entry-point group, with the example plugin under tests/plugins.

The plugin package (tests/plugins/ne_hostages, the template of docs/extending.md) is loaded
through a fake distribution: a ``.dist-info`` directory with its entry points, put on
``sys.path`` next to the plugin's source, exactly what ``pip install`` leaves behind. One
test builds its wheel for real, checks the pattern file is inside, installs it into a
folder and runs the plugin's own test suite against that installation.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import tomllib
from tests.conftest import ROOT

from negotiation_events import (
    PatternFileError,
    PluginError,
    UnknownExtractorError,
    available_extractors,
    load_patterns,
    parse_article,
)
from negotiation_events.cli import main
from negotiation_events.extractors import registry

PLUGIN = ROOT / "tests" / "plugins" / "ne_hostages"
NAME = "ne_hostages.release.v1"
TEXT = "Hamas freed three hostages in Gaza on Sunday, and Israel released 90 Palestinian prisoners."


def _install_fake_distribution(site: Path, name: str, entry_points: dict[str, str]) -> None:
    info = site / f"{name}-0.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1.0\n", encoding="utf-8")
    lines = "".join(f"{key} = {value}\n" for key, value in entry_points.items())
    (info / "entry_points.txt").write_text(f"[negotiation_events.extractors]\n{lines}", encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A site directory on sys.path; the registry looks for entry points again before and after."""
    monkeypatch.syspath_prepend(str(tmp_path))
    registry._reset()
    yield tmp_path
    monkeypatch.undo()
    sys.modules.pop("ne_hostages", None)
    registry._reset()


@pytest.fixture
def plugin(site: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    declared = tomllib.loads((PLUGIN / "pyproject.toml").read_text(encoding="utf-8"))
    entry_points = declared["project"]["entry-points"]["negotiation_events.extractors"]
    _install_fake_distribution(site, "ne_hostages", entry_points)
    monkeypatch.syspath_prepend(str(PLUGIN / "src"))
    return site


def test_plugin_is_listed_and_selected_by_name(plugin: Path) -> None:
    assert NAME in available_extractors()
    events = parse_article(TEXT, published="2025-01-20", extractors=["rules", NAME])
    hostages = [e for e in events if e.type == "prisoner_exchange" and NAME in e.extractors]
    assert len(hostages) == 1
    event = hostages[0]
    assert event.count == 3 and event.category == "hostages"
    evidence = next(e for e in event.evidence if e.extractor == NAME)
    assert evidence.text == "freed three hostages in Gaza on Sunday"
    assert TEXT[evidence.start : evidence.end] == evidence.text
    # the built-in rules still find the prisoner release in the same article
    assert any("rules.prisoner_exchange.v1" in e.extractors for e in events)


def test_plugin_status_comes_from_the_context_layer(plugin: Path) -> None:
    [event] = parse_article("Hamas refused to free the hostages.", extractors=[NAME])
    assert event.status.value == "rejected" and event.extractors == [NAME]


def test_plugin_not_used_unless_selected(plugin: Path) -> None:
    events = parse_article(TEXT, published="2025-01-20")
    assert all(NAME not in e.extractors for e in events)


def test_cli_lists_and_runs_the_plugin(plugin: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extractors"]) == 0
    assert NAME in capsys.readouterr().out.split()
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    assert main(["parse", str(article), "--extractors", NAME, "--format", "json"]) == 0
    assert NAME in capsys.readouterr().out


def test_broken_plugin_fails_only_when_selected(site: Path) -> None:
    _install_fake_distribution(site, "ne_broken", {"ne_broken.v1": "ne_broken_missing_module:Extractor"})
    assert "ne_broken.v1" in available_extractors()  # listing imports no plugin code
    assert parse_article("Kyiv and Moscow held talks.", extractors=["rules"])  # others still work
    with pytest.raises(PluginError, match=r"ne_broken\.v1.*ne_broken 0\.1\.0.*ModuleNotFoundError"):
        parse_article("Kyiv and Moscow held talks.", extractors=["ne_broken.v1"])


def test_factory_returning_a_non_extractor_is_a_plugin_error(site: Path) -> None:
    registry.register_extractor("tests.not_an_extractor.v1", object)  # type: ignore[arg-type,return-value]
    with pytest.raises(PluginError, match="not an Extractor"):
        parse_article("Kyiv and Moscow held talks.", extractors=["tests.not_an_extractor.v1"])


def test_a_plugin_with_a_bad_pattern_file_fails_with_the_line(site: Path, tmp_path: Path) -> None:
    package = site / "ne_badpatterns"
    (package / "patterns").mkdir(parents=True)
    (package / "__init__.py").write_text(
        "from ne_hostages import HostageReleaseRules\n\n"
        "class Bad(HostageReleaseRules):\n"
        "    name = 'ne_badpatterns.v1'\n"
        "    pattern_package = 'ne_badpatterns'\n",
        encoding="utf-8",
    )
    shipped = (PLUGIN / "src" / "ne_hostages" / "patterns" / "release.jsonl").read_text(encoding="utf-8")
    (package / "patterns" / "release.jsonl").write_text(
        shipped + '{"id": "typo", "pattern": [{"LEMMA": "free", "OP": "??"}]}\n', encoding="utf-8"
    )
    _install_fake_distribution(site, "ne_badpatterns", {"ne_badpatterns.v1": "ne_badpatterns:Bad"})
    sys.path.insert(0, str(PLUGIN / "src"))
    try:
        with pytest.raises(PluginError, match=r"ne_badpatterns\.v1.*ne_badpatterns 0\.1\.0") as info:
            parse_article("Hamas freed three hostages.", extractors=["ne_badpatterns.v1"])
    finally:
        sys.path.remove(str(PLUGIN / "src"))
        sys.modules.pop("ne_badpatterns", None)
    line = len([x for x in shipped.splitlines()]) + 1
    assert isinstance(info.value.__cause__, PatternFileError)
    assert f"ne_badpatterns/patterns/release.jsonl, line {line}: pattern: token 0: OP must be one of" in str(info.value)


def test_the_wheel_carries_the_pattern_file_and_passes_its_own_tests(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path / "dist"), str(PLUGIN)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    [wheel] = (tmp_path / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert "ne_hostages/patterns/release.jsonl" in names
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        assert NAME in archive.read(entry_points).decode()
    target = tmp_path / "site"
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr
    env = {**os.environ, "PYTHONPATH": str(target)}
    suite = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(PLUGIN / "tests")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert suite.returncode == 0, suite.stdout + suite.stderr
    assert (
        " passed" in suite.stdout
        and str(target)
        in subprocess.run(
            [sys.executable, "-c", "import ne_hostages; print(ne_hostages.__file__)"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )


def test_unknown_name_lists_the_plugin(plugin: Path) -> None:
    with pytest.raises(UnknownExtractorError, match=NAME.replace(".", r"\.")):
        parse_article("Kyiv and Moscow held talks.", extractors=["ne_hostages.release.v9"])


def test_the_pattern_errors_shown_in_the_guide_are_the_real_ones(tmp_path: Path) -> None:
    guide = (ROOT / "docs" / "extending.md").read_text(encoding="utf-8")
    block = guide.split("<!-- pattern-errors -->\n```text\n", 1)[1].split("\n```", 1)[0].splitlines()
    shipped = (PLUGIN / "src" / "ne_hostages" / "patterns" / "release.jsonl").read_text(encoding="utf-8")
    package = tmp_path / "ne_hostages" / "patterns"
    package.mkdir(parents=True)
    assert len(block) == 6
    for line, message in zip(block[::2], block[1::2], strict=True):
        (package / "release.jsonl").write_text(shipped + line + "\n", encoding="utf-8")
        with pytest.raises(PatternFileError) as info:
            load_patterns(package / "release.jsonl")
        assert str(info.value) == str(tmp_path) + "/" + message
