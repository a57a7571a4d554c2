"""Extractor registry: names → extractors.

Built-in names are versioned (``rules.talks.v1``, ``model.sentence.v2``); a released
name never changes its output. A retired name keeps working for one release as a
deprecated alias of its successor (:data:`DEPRECATED_EXTRACTORS`). Groups select
several at once: ``"rules"`` is every rule extractor, ``"model"`` every model extractor,
and ``"default"`` both, combined (what is used when no names are given), so
``["default", "myorg.hostages.v1"]`` adds a plugin to the default set.
Third-party packages register extractors through the entry-point group
``negotiation_events.extractors`` (the entry point loads a zero-argument factory), or
at run time with :func:`register_extractor`.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable, Sequence
from importlib.metadata import EntryPoint, entry_points

from ..errors import PluginError, UnknownExtractorError
from .base import Extractor

__all__ = [
    "DEFAULT_EXTRACTORS",
    "DEPRECATED_EXTRACTORS",
    "ENTRY_POINT_GROUP",
    "available_extractors",
    "register_extractor",
    "resolve_extractors",
]

ENTRY_POINT_GROUP = "negotiation_events.extractors"
"""The entry-point group third-party extractors register under."""

DEPRECATED_EXTRACTORS: dict[str, str] = {"model.sentence.v1": "model.sentence.v2"}
"""Retired names that still work for one release, each selecting its successor with a DeprecationWarning."""

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
    from .model import (
        RoleModelReviser,
        SentenceModelExtractor,
        SpanTriggerExtractor,
        StatusModelReviser,
        TriggerModelReviser,
    )

    factories: dict[str, ExtractorFactory] = {cls.name: cls for cls in classes}
    factories[SentenceModelExtractor.name] = SentenceModelExtractor
    factories[StatusModelReviser.name] = StatusModelReviser
    factories[TriggerModelReviser.name] = TriggerModelReviser
    factories[RoleModelReviser.name] = RoleModelReviser
    factories[SpanTriggerExtractor.name] = SpanTriggerExtractor
    return factories


_lock = threading.RLock()
_factories: dict[str, ExtractorFactory] = {}
_instances: dict[str, Extractor] = {}
_state = {"loaded": False}


def _plugin_factory(entry_point: EntryPoint) -> ExtractorFactory:
    """A factory that imports the entry point's object only when the extractor is first used.

    So a broken plugin fails only the calls that select it, with a :class:`PluginError`
    naming it, and listing the extractors imports no plugin code.
    """

    def factory() -> Extractor:
        where = f"entry point {entry_point.name!r} ({entry_point.value}"
        if entry_point.dist is not None:
            where += f", from {entry_point.dist.name} {entry_point.dist.version}"
        where += f") in group {ENTRY_POINT_GROUP!r}"
        try:
            loaded = entry_point.load()
        except Exception as error:
            raise PluginError(
                f"could not load the extractor {where}: {type(error).__name__}: {error}", extractor=entry_point.name
            ) from error
        if not callable(loaded):
            raise PluginError(
                f"the extractor {where} is not a zero-argument factory: got {type(loaded).__name__}",
                extractor=entry_point.name,
            )
        try:
            made: Extractor = loaded()
        except Exception as error:
            raise PluginError(
                f"the extractor factory {where} failed: {type(error).__name__}: {error}", extractor=entry_point.name
            ) from error
        return made

    return factory


def _ensure_loaded() -> None:
    if _state["loaded"]:
        return
    for name, factory in _builtin().items():
        _factories.setdefault(name, factory)
    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        _factories.setdefault(entry_point.name, _plugin_factory(entry_point))
    _state["loaded"] = True


def _reset() -> None:
    """Forget registrations and plugins and look for entry points again (for tests)."""
    with _lock:
        _factories.clear()
        _instances.clear()
        _state["loaded"] = False


def groups() -> dict[str, list[str]]:
    """Group names and the extractors they select."""
    with _lock:
        _ensure_loaded()
        named = {
            "rules": sorted(n for n in _factories if n.startswith("rules.")),
            "model": sorted(n for n in _factories if n.startswith("model.")),
        }
        named["default"] = [n for group in DEFAULT_EXTRACTORS for n in named[group]]
        return named


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
        PluginError: a registered extractor failed to load (its factory raised) or is not
            an :class:`Extractor`.
    """
    with _lock:
        _ensure_loaded()
        wanted: list[str] = []
        named = groups()
        for name in names if names is not None else DEFAULT_EXTRACTORS:
            if name in DEPRECATED_EXTRACTORS and name not in _factories:
                successor = DEPRECATED_EXTRACTORS[name]
                warnings.warn(
                    f"the extractor name {name!r} is deprecated and selects {successor!r} (retrained on the "
                    f"larger corpus, so its output differs); ask for {successor!r}",
                    DeprecationWarning,
                    stacklevel=3,
                )
                name = successor  # noqa: PLW2901
            if name in _factories:
                wanted.append(name)
            elif name in named:
                wanted.extend(named[name])
            else:
                raise UnknownExtractorError(
                    f"Unknown extractor {name!r}. Valid names: {', '.join(available_extractors())}"
                )
        out: list[Extractor] = []
        for name in dict.fromkeys(wanted):
            instance = _instances.get(name)
            if instance is None:
                try:
                    instance = _factories[name]()
                except PluginError:
                    raise
                except Exception as error:
                    raise PluginError(
                        f"the extractor factory registered as {name!r} failed: {type(error).__name__}: {error}",
                        extractor=name,
                    ) from error
                if not isinstance(instance, Extractor):
                    raise PluginError(
                        f"the extractor factory registered as {name!r} returned a {type(instance).__name__}, "
                        "which is not an Extractor (it needs a `name` and an `extract(doc, context)` method)",
                        extractor=name,
                    )
                if instance.name != name:
                    raise PluginError(
                        f"the extractor registered as {name!r} calls itself {instance.name!r}: its `name` "
                        "must be the name it is registered under (the name its mentions and events carry)",
                        extractor=name,
                    )
                _instances[name] = instance
            out.append(instance)
        return out
