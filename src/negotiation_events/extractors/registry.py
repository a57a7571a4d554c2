"""Extractor registry: names → extractors.

Built-in names are versioned (``rules.talks.v1``, ``model.sentence.v1``); a released
name never changes its output. Groups select several at once: ``"rules"`` is every rule
extractor, ``"model"`` every model extractor; the default is both, combined.
Third-party packages register extractors through the entry-point group
``negotiation_events.extractors`` (the entry point loads a zero-argument factory), or
at run time with :func:`register_extractor`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from importlib.metadata import entry_points

from ..errors import UnknownExtractorError
from .base import Extractor

__all__ = [
    "DEFAULT_EXTRACTORS",
    "ENTRY_POINT_GROUP",
    "available_extractors",
    "register_extractor",
    "resolve_extractors",
]

ENTRY_POINT_GROUP = "negotiation_events.extractors"
"""The entry-point group third-party extractors register under."""

DEFAULT_EXTRACTORS: tuple[str, ...] = ("rules", "model")
"""What :func:`parse_article` uses when ``extractors`` is not given: the rules and the model, combined."""

ExtractorFactory = Callable[[], Extractor]


def _builtin() -> dict[str, ExtractorFactory]:
    """The built-in rule extractors, by their versioned names."""
    from .rules import ArmsDealRules, CeasefireRules, PrisonerExchangeRules, SanctionRules, TalksRules
    from .rules.engine import RuleExtractor

    classes: list[type[RuleExtractor]] = [
        TalksRules,
        PrisonerExchangeRules,
        CeasefireRules,
        SanctionRules,
        ArmsDealRules,
    ]
    from .model import SentenceModelExtractor

    factories: dict[str, ExtractorFactory] = {cls.name: cls for cls in classes}
    factories[SentenceModelExtractor.name] = SentenceModelExtractor
    return factories


_lock = threading.RLock()
_factories: dict[str, ExtractorFactory] = {}
_instances: dict[str, Extractor] = {}
_state = {"loaded": False}


def _ensure_loaded() -> None:
    if _state["loaded"]:
        return
    for name, factory in _builtin().items():
        _factories.setdefault(name, factory)
    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        _factories.setdefault(entry_point.name, entry_point.load())
    _state["loaded"] = True


def groups() -> dict[str, list[str]]:
    """Group names and the extractors they select."""
    with _lock:
        _ensure_loaded()
        return {
            "rules": sorted(n for n in _factories if n.startswith("rules.")),
            "model": sorted(n for n in _factories if n.startswith("model.")),
        }


def register_extractor(name: str, factory: ExtractorFactory) -> None:
    """Register an extractor factory under ``name`` (replacing one of the same name).

    Args:
        name: a versioned name such as ``"myorg.hostages.v1"``.
        factory: a zero-argument callable returning an :class:`Extractor`.
    """
    if not isinstance(name, str) or not name:
        raise TypeError("name must be a non-empty str")
    with _lock:
        _ensure_loaded()
        _factories[name] = factory
        _instances.pop(name, None)


def available_extractors() -> list[str]:
    """Every registered extractor name and group name, sorted."""
    with _lock:
        _ensure_loaded()
        return sorted([*_factories, *groups()])


def resolve_extractors(names: Sequence[str] | None) -> list[Extractor]:
    """Extractor instances for ``names`` (None: the default set, :data:`DEFAULT_EXTRACTORS`).

    Raises:
        UnknownExtractorError: a name is neither registered nor a group; the message
            lists the valid names.
    """
    with _lock:
        _ensure_loaded()
        wanted: list[str] = []
        for name in names if names is not None else DEFAULT_EXTRACTORS:
            if name in _factories:
                wanted.append(name)
            elif name in groups():
                wanted.extend(groups()[name])
            else:
                raise UnknownExtractorError(
                    f"Unknown extractor {name!r}. Valid names: {', '.join(available_extractors())}"
                )
        out: list[Extractor] = []
        for name in dict.fromkeys(wanted):
            instance = _instances.get(name)
            if instance is None:
                instance = _factories[name]()
                if not isinstance(instance, Extractor):
                    raise TypeError(f"extractor factory {name!r} did not return an Extractor")
                _instances[name] = instance
            out.append(instance)
        return out
