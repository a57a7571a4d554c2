"""Exceptions raised by negotiation_events.

Every exception the library raises on purpose derives from
:class:`NegotiationEventsError`, so callers can catch one base class::

    NegotiationEventsError
    ├── InvalidInputError (also TypeError or ValueError, see below)
    │   ├── InvalidTextError       (TypeError)   text is not a str
    │   └── InvalidPublishedError  (ValueError)  published is not a date / ISO string
    ├── MissingDependencyError     (ImportError) an optional extra is not installed
    ├── ModelNotFoundError         no English spaCy pipeline is installed
    ├── PatternFileError           a bundled or user data file is malformed
    ├── PluginError                a registered extractor failed to load or is not an Extractor
    └── UnknownExtractorError      (KeyError)    an extractor name is not registered

The input errors also subclass the matching built-in exception, so code that
already catches ``TypeError`` or ``ValueError`` keeps working.

Warnings (not errors; the call still returns)::

    UserWarning
    └── NonEnglishTextWarning   the text is not English: no events are returned
"""

from __future__ import annotations

__all__ = [
    "InvalidInputError",
    "InvalidPublishedError",
    "InvalidTextError",
    "MissingDependencyError",
    "ModelNotFoundError",
    "NegotiationEventsError",
    "NonEnglishTextWarning",
    "PatternFileError",
    "PluginError",
    "UnknownExtractorError",
]


class NegotiationEventsError(Exception):
    """Base class of every error raised on purpose by negotiation_events."""


class InvalidInputError(NegotiationEventsError):
    """An argument passed to the public API has the wrong type or value."""


class InvalidTextError(InvalidInputError, TypeError):
    """The ``text`` argument is not a ``str``."""


class InvalidPublishedError(InvalidInputError, ValueError):
    """The ``published`` argument is not a date, a datetime or an ISO 8601 string."""


class MissingDependencyError(NegotiationEventsError, ImportError):
    """An optional dependency is not installed; the message names the extra to install."""


class ModelNotFoundError(NegotiationEventsError):
    """No English spaCy pipeline is installed and none was passed as ``nlp``."""


class PatternFileError(NegotiationEventsError):
    """A pattern, context-rule or gazetteer file failed validation.

    The message names the file, the line number and the reason.
    """


class PluginError(NegotiationEventsError):
    """A registered extractor (a plugin's entry point or factory) failed to load, or is not an Extractor.

    The message names the entry point, its distribution and the original error.
    """


class UnknownExtractorError(NegotiationEventsError, KeyError):
    """An extractor name is not registered; the message lists the valid names."""

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return str(self.args[0]) if self.args else ""


class NonEnglishTextWarning(UserWarning):
    """The text does not look like English; :func:`parse_article` returned ``[]`` for it."""
