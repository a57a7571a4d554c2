"""The documentation site: `mkdocs build --strict` passes and the nav lists every page."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import yaml
from tests.conftest import ROOT

DOCS = ROOT / "docs"


def _nav_pages(entries: list[object]) -> list[str]:
    pages: list[str] = []
    for entry in entries:
        if isinstance(entry, str):
            pages.append(entry)
        elif isinstance(entry, dict):
            for value in entry.values():
                pages.extend(_nav_pages(value) if isinstance(value, list) else [value])
    return pages


def test_mkdocs_build_is_strict_clean(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "api" / "index.html").is_file()


def test_nav_and_docs_folder_agree() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["docs_dir"] == "docs"
    pages = _nav_pages(config["nav"])
    assert len(pages) == len(set(pages)), pages
    missing = [page for page in pages if not (DOCS / page).is_file()]
    assert not missing, f"in the nav but not in docs/: {missing}"
    files = sorted(path.relative_to(DOCS).as_posix() for path in DOCS.rglob("*.md"))
    unlisted = [name for name in files if name not in pages]
    assert not unlisted, f"in docs/ but not in the nav: {unlisted}"


def test_api_reference_documents_every_public_name() -> None:
    import negotiation_events

    page = (DOCS / "api.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^::: negotiation_events\.(\w+)", page, re.M))
    modules = {name for name in documented if not hasattr(negotiation_events, name) or name == "errors"}
    missing = [
        name
        for name in negotiation_events.__all__
        if name != "__version__"
        and name not in documented
        and not any(getattr(negotiation_events, name).__module__.endswith(f".{m}") for m in modules)
    ]
    assert not missing, f"public names without an API reference entry in docs/api.md: {missing}"
