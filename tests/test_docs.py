"""The README and the docs: examples run, the CI script runs the README's test command."""

from __future__ import annotations

import doctest
import re
import subprocess

import pytest
from tests.conftest import ROOT

DOC_FILES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


@pytest.mark.parametrize("path", DOC_FILES, ids=lambda p: p.name)
def test_examples_in_docs_run(path) -> None:  # type: ignore[no-untyped-def]
    result = doctest.testfile(
        str(path), module_relative=False, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    )
    assert result.failed == 0


def _block(marker: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"<!-- {marker} -->\s*```bash\n(.*?)\n```", readme, re.S)
    assert match, marker
    return match.group(1)


def test_ci_runs_the_readme_test_command() -> None:
    command = _block("quickstart-test")
    assert "pytest" in command and ".venv" in command
    script = ROOT / ".ci" / "run"
    # run the script's own extraction line against README.md
    extract = "sed -n 's/^cmd=\\$(\\(.*\\))$/\\1/p' .ci/run | bash"
    extracted = subprocess.run(["bash", "-c", extract], cwd=ROOT, capture_output=True, text=True, check=True)
    assert extracted.stdout.strip() == command
    assert "quickstart-test" in script.read_text(encoding="utf-8")


def test_quickstart_run_command_parses_the_seeds() -> None:
    command = _block("quickstart-run")
    assert '".[model]"' in command and "negotiation-events parse seeds/" in command
