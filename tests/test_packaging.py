"""Release checks on the built distributions.

The sdist and wheel are built once for the module (``python -m build``: the sdist, then the
wheel from that sdist, so a file the sdist forgets is missing from the wheel too) and then
inspected: the wheel holds the package and its data files and nothing else, its metadata
carries the single-sourced version, URLs, licence and console script, and ``twine check
--strict`` accepts both files.
"""

from __future__ import annotations

import configparser
import email.parser
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pytest

import negotiation_events

REPO = Path(__file__).resolve().parents[1]
PACKAGE_SRC = REPO / "src" / "negotiation_events"
PIPELINE = "negotiation_events/extractors/model/pipeline/"

# Suffixes allowed anywhere in the package: code, the typing marker and the JSON data
# files (rule patterns, context rules, gazetteers, lexicons, calibration).
ALLOWED_SUFFIXES = {".py", ".typed", ".json", ".jsonl"}
# The trained spaCy pipeline directory as spaCy serialises it: config.cfg, vectors.cfg,
# meta.json, strings.json, lookups.bin and these suffix-less component files.
PIPELINE_SUFFIXES = {".cfg", ".json", ".bin"}
PIPELINE_BARE_NAMES = {"tokenizer", "model", "cfg", "key2row", "vectors", "moves"}

CACHE_SUFFIXES = {".pyc", ".pyo", ".pyd"}


@dataclass(frozen=True)
class Dists:
    """The built files and the wheel's member names."""

    wheel: Path
    sdist: Path
    names: list[str]
    dist_info: str


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> Dists:
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(REPO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, f"python -m build failed:\n{proc.stdout}\n{proc.stderr}"
    wheels = sorted(out.glob("*.whl"))
    sdists = sorted(out.glob("*.tar.gz"))
    assert len(wheels) == 1, wheels
    assert len(sdists) == 1, sdists
    with zipfile.ZipFile(wheels[0]) as zf:
        names = zf.namelist()
    dist_info = f"negotiation_events-{negotiation_events.__version__}.dist-info/"
    return Dists(wheel=wheels[0], sdist=sdists[0], names=names, dist_info=dist_info)


def _read(dists: Dists, member: str) -> str:
    with zipfile.ZipFile(dists.wheel) as zf:
        return zf.read(member).decode("utf-8")


def _allowed_package_file(name: str) -> bool:
    path = PurePosixPath(name)
    if path.suffix in ALLOWED_SUFFIXES:
        return True
    if name.startswith(PIPELINE):
        return path.suffix in PIPELINE_SUFFIXES or (path.suffix == "" and path.name in PIPELINE_BARE_NAMES)
    return False


def _source_data_files() -> set[str]:
    """Every non-Python, non-cache file under src/negotiation_events, as wheel paths."""
    found = set()
    for path in PACKAGE_SRC.rglob("*"):
        rel = path.relative_to(PACKAGE_SRC.parent)
        if not path.is_file() or "__pycache__" in rel.parts:
            continue
        if path.suffix == ".py" or path.suffix in CACHE_SUFFIXES:
            continue
        found.add(rel.as_posix())
    return found


def test_wheel_holds_only_the_package_and_dist_info(dists: Dists) -> None:
    assert dists.names
    stray = [
        name
        for name in dists.names
        if not name.startswith(dists.dist_info)
        and not (name.startswith("negotiation_events/") and _allowed_package_file(name))
    ]
    assert stray == [], f"unexpected files in the wheel: {stray}"
    assert "negotiation_events/__init__.py" in dists.names
    assert "negotiation_events/py.typed" in dists.names


def test_wheel_has_every_package_data_file(dists: Dists) -> None:
    data = _source_data_files()
    # The known data families are all there in the source tree (so the check below bites).
    for expected in (
        "negotiation_events/py.typed",
        "negotiation_events/context_rules.jsonl",
        "negotiation_events/extractors/model/calibration.json",
        "negotiation_events/extractors/model/pipeline/config.cfg",
        "negotiation_events/extractors/model/pipeline/meta.json",
        "negotiation_events/normalise/data/lexicons.json",
    ):
        assert expected in data
    assert any(name.startswith("negotiation_events/extractors/rules/patterns/") for name in data)
    assert any(name.startswith("negotiation_events/normalise/data/") and name.endswith(".jsonl") for name in data)
    missing = sorted(data - set(dists.names))
    assert missing == [], f"package data files missing from the wheel: {missing}"
    source_modules = {
        path.relative_to(PACKAGE_SRC.parent).as_posix()
        for path in PACKAGE_SRC.rglob("*.py")
        if "__pycache__" not in path.parts
    }
    assert sorted(source_modules - set(dists.names)) == []


def test_wheel_has_no_tests_caches_or_training(dists: Dists) -> None:
    for name in dists.names:
        parts = PurePosixPath(name).parts
        assert "tests" not in parts and not parts[0].startswith("test"), name
        assert "__pycache__" not in parts, name
        assert PurePosixPath(name).suffix not in CACHE_SUFFIXES, name
        assert parts[0] not in {"training", "corpus", "seeds", "docs", "benchmarks", "src"}, name
        assert PurePosixPath(name).name not in {"train.py", "calibrate.py", "corpus_stats.py"}, name


def test_wheel_metadata(dists: Dists) -> None:
    meta = email.parser.Parser().parsestr(_read(dists, dists.dist_info + "METADATA"))
    assert meta["Name"] == "negotiation-events"
    assert meta["Version"] == negotiation_events.__version__
    assert dists.wheel.name == f"negotiation_events-{negotiation_events.__version__}-py3-none-any.whl"
    urls = dict(line.split(", ", 1) for line in meta.get_all("Project-URL") or [])
    assert {"Homepage", "Documentation", "Repository", "Issues", "Changelog"} <= set(urls)
    assert all(url.startswith("https://") for url in urls.values())
    assert meta["License-Expression"] == "MIT" or meta["License"]
    assert dists.dist_info + "licenses/LICENSE" in dists.names
    assert "MIT License" in _read(dists, dists.dist_info + "licenses/LICENSE")
    assert meta["Description-Content-Type"] == "text/markdown"
    assert meta.get_payload().strip()


def test_wheel_console_script(dists: Dists) -> None:
    entry_points = configparser.ConfigParser()
    entry_points.read_string(_read(dists, dists.dist_info + "entry_points.txt"))
    assert entry_points["console_scripts"]["negotiation-events"].strip() == "negotiation_events.cli:main"


def test_sdist_contents(dists: Dists) -> None:
    root = f"negotiation_events-{negotiation_events.__version__}/"
    with tarfile.open(dists.sdist) as tf:
        names = set(tf.getnames())
    for expected in (
        "pyproject.toml",
        "README.md",
        "CHANGELOG.md",
        "LICENSE",
        "mkdocs.yml",
        "PKG-INFO",
        ".ci/run",
        ".ci/package",
        "src/negotiation_events/__init__.py",
        "tests/test_packaging.py",
        "seeds/gold.json",
    ):
        assert root + expected in names, expected
    assert any(name.startswith(root + "docs/") for name in names)
    assert not any("__pycache__" in name or name.endswith(".pyc") for name in names)


def test_twine_check_strict(dists: Dists) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", str(dists.wheel), str(dists.sdist)],
        capture_output=True,
        text=True,
        check=False,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert output.count("PASSED") == 2, output
