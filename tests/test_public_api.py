import inspect
import re

from tests.conftest import ROOT

import negotiation_events


def test_all_is_sorted_and_complete() -> None:
    names = negotiation_events.__all__
    assert list(names) == sorted(names)
    for name in names:
        assert hasattr(negotiation_events, name), name


def test_every_public_name_has_a_docstring() -> None:
    for name in negotiation_events.__all__:
        if name in {"__version__", "Event"}:
            continue
        obj = getattr(negotiation_events, name)
        assert inspect.getdoc(obj), f"{name} has no docstring"


def test_version_is_single_sourced() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject
    assert re.fullmatch(r"\d+\.\d+\.\d+", negotiation_events.__version__)
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"[{negotiation_events.__version__}]" in changelog


def test_importing_loads_no_model() -> None:
    import subprocess
    import sys

    code = "import negotiation_events, sys; print(any(m.startswith('en_core_web') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
