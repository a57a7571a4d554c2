"""Exceptions raised by negotiation_events.

Every exception the library raises on purpose derives from
:class:`NegotiationEventsError`, so callers can catch one base class::

    NegotiationEventsError
    ├── InvalidInputError (also TypeError or ValueError, see below)
    │   ├── InvalidTextError       (TypeError)   text is not a str
    │   └── InvalidPublishedError  (ValueError)  published is not a date / ISO string
    ├── MissingDependencyError     (ImportError) an optional extra is not installed
    ├── ModelNotFoundError         no English spaCy pipeline is installed
    ├── PatternFileError           a bundled or plugin data file is malformed (file, line, field)
    ├── GoldFileError              (ValueError)  a gold file is malformed (file, article, event)
    ├── PluginError                an extractor failed to load, raised while extracting,
    │   │                          or broke the Mention contract (names the extractor)
    │   └── InvalidMentionError    a Mention broke the contract (names the field)
    ├── UnknownExtractorError      (KeyError)    an extractor name is not registered
    └── WorkerError                a worker process of parse_articles died

The input errors also subclass the matching built-in exception, so code that
already catches ``TypeError`` or ``ValueError`` keeps working.

Warnings (not errors; the call still returns)::

    UserWarning
    ├── NonEnglishTextWarning   the text is not English: no events are returned
    └── PluginWarning           on_error="skip": an extractor failed on one article and
                                its mentions of that article were left out
"""

from __future__ import annotations

__all__ = [
    "GoldFileError",
    "InvalidInputError",
    "InvalidMentionError",
    "InvalidPublishedError",
    "InvalidTextError",
    "MissingDependencyError",
    "ModelNotFoundError",
    "NegotiationEventsError",
    "NonEnglishTextWarning",
    "PatternFileError",
    "PluginError",
    "PluginWarning",
    "UnknownExtractorError",
    "WorkerError",
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
    """No English spaCy pipeline is installed and none was passed as ``nlp``, or a shipped model is missing."""


class PatternFileError(NegotiationEventsError):
    """A pattern, context-rule or gazetteer file failed validation.

    The message names the file, the line number and the reason.
    """


class GoldFileError(NegotiationEventsError, ValueError):
    """A gold file is malformed: the message names the file, the article and the event."""


class PluginError(NegotiationEventsError):
    """An extractor failed: it could not be loaded, raised while extracting, or yielded a bad mention.

    The message names the extractor (and, for a plugin that failed to load, its entry
    point and distribution); the original exception is chained as ``__cause__``.

    Attributes:
        extractor: the name of the extractor, when known.
        article: which article it failed on (``"the article"``, ``"texts[3] (id 'a3')"``),
            when it failed while extracting.
    """

    def __init__(self, message: str, *, extractor: str | None = None, article: str | None = None) -> None:
        super().__init__(message)
        self.extractor = extractor
        self.article = article


class InvalidMentionError(PluginError):
    """A [`Mention`][negotiation_events.Mention] yielded by an extractor breaks the contract.

    The message names the extractor, the article and the field that is wrong (a type
    that is not one of the five, offsets whose text is not ``article[start:end]``, a
    score outside [0, 1], a role or fact key the event type does not have...).

    Attributes:
        field: the name of the offending `Mention` field
            (``"type"``, ``"start"``, ``"facts.count"``...).
    """

    def __init__(
        self, message: str, *, extractor: str | None = None, article: str | None = None, field: str | None = None
    ) -> None:
        super().__init__(message, extractor=extractor, article=article)
        self.field = field


class UnknownExtractorError(NegotiationEventsError, KeyError):
    """An extractor name is not registered; the message lists the valid names."""

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return str(self.args[0]) if self.args else ""


class WorkerError(NegotiationEventsError):
    """A worker process of ``parse_articles(n_process=...)`` died (killed, out of memory, crashed).

    Raised in the caller as soon as the lost batch's results are due, instead of waiting
    for them forever; the worker's fate is chained as ``__cause__``.
    """


class NonEnglishTextWarning(UserWarning):
    """The text does not look like English; :func:`parse_article` returned ``[]`` for it."""


class PluginWarning(UserWarning):
    """An extractor failed on one article and ``on_error="skip"`` left its mentions of that article out.

    The message names the extractor, the article and the error; the other extractors'
    events of that article are returned as usual.
    """
