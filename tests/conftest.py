"""Shared fixtures and hypothesis profiles.

Profiles (select with ``NEGOTIATION_EVENTS_HYPOTHESIS=deep``):

* ``ci`` (default): derandomized, 100 examples per property, no deadline.
* ``deep``: 2,000 examples per property, random seeds.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=100, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("deep", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("NEGOTIATION_EVENTS_HYPOTHESIS", "ci"))

ROOT = Path(__file__).resolve().parent.parent


def training_script(name: str) -> ModuleType:
    """A script of ``training/`` imported as a module (the scripts import their shared ``linear``)."""
    folder = str(ROOT / "training")
    if folder not in sys.path:
        sys.path.insert(0, folder)
    return importlib.import_module(name)


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from negotiation_events.pipeline import get_pipeline

    return get_pipeline()
