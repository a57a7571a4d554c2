"""The ``negotiation_events`` spaCy pipeline component.

Add it after the parser and NER of an English pipeline and every Doc gets its events in
``doc._.events``, as JSON-ready dicts (what ``Event.model_dump(mode="json")`` gives), so
Docs keep working with ``nlp.pipe(..., n_process=2)``, ``DocBin`` and ``Doc.to_bytes``;
turn them back into models with ``EventListAdapter.validate_python(doc._.events)``::

    import spacy
    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("negotiation_events", config={"extractors": ["rules"]})
    doc = nlp("Russia and Ukraine exchanged 500 prisoners on Saturday.")
    doc._.events[0]["type"]   # 'prisoner_exchange'

spaCy finds the factory through the ``spacy_factories`` entry point, so no import is
needed; the ``events`` and ``published`` Doc extensions are registered when the component
is created, not when this module is imported. Set ``doc._.published`` (a date or ISO
string) before the component runs to resolve a Doc's relative dates against its own
publication date; otherwise the component's ``published`` setting is used.

The component reads the Doc as one piece (``parse_article`` reads an article paragraph by
paragraph, which may resolve a few cross-paragraph references differently).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .api import OnError, _events_from_docs, check_on_error, coerce_published, warn_failures
from .errors import InvalidInputError
from .extractors.base import Extractor
from .extractors.registry import resolve_extractors
from .models import Event, EventListAdapter

__all__ = ["FACTORY_NAME", "NegotiationEventsComponent", "make_negotiation_events"]

FACTORY_NAME = "negotiation_events"
"""The name to pass to ``nlp.add_pipe``."""


class NegotiationEventsComponent:
    """Sets ``doc._.events`` to the events of the Doc (JSON-ready dicts).

    Args:
        name: the component's name in the pipeline.
        extractors: extractor or group names; None for the default set (rules and model).
        published: the publication date for Docs that do not set ``doc._.published``.
        on_error: ``"raise"`` or ``"skip"``: what to do when an extractor fails on a Doc
            (as for [`parse_article`][negotiation_events.parse_article]).
    """

    def __init__(
        self, name: str, extractors: list[str] | None, published: dt.date | None, on_error: OnError = "raise"
    ) -> None:
        self.name = name
        self.extractor_names = extractors
        self.published = published
        self.on_error: OnError = check_on_error(on_error)
        self._chosen: list[Extractor] = resolve_extractors(extractors)
        _register_extensions()  # also in worker processes that unpickle the component

    def __reduce__(
        self,
    ) -> tuple[type[NegotiationEventsComponent], tuple[str, list[str] | None, dt.date | None, OnError]]:
        """Pickle the settings only.

        A worker process (``nlp.pipe(n_process=...)`` under the ``spawn`` start method)
        builds its own extractors from the registry.
        """
        return (type(self), (self.name, self.extractor_names, self.published, self.on_error))

    def __call__(self, doc: Doc) -> Doc:
        """Find the events of ``doc`` and store them in ``doc._.events``."""
        if len(doc) and not (doc.has_annotation("DEP") and doc.has_annotation("LEMMA")):
            raise InvalidInputError(
                f"the {self.name!r} component needs parsed and lemmatised Docs: add it after the parser, "
                "the lemmatizer and the NER of an English pipeline (nlp.add_pipe('negotiation_events', last=True))"
            )
        day = self.published
        own = doc._.published
        if own is not None:
            day = coerce_published(own)
        events: list[Event] = []
        if len(doc):
            outcome = _events_from_docs([(0, doc)], day, self._chosen, article="the Doc", on_error=self.on_error)
            warn_failures(outcome.failures, stacklevel=2)
            events = outcome.events
        doc.user_data[_USER_DATA_KEY] = EventListAdapter.dump_json(events).decode("utf-8")
        return doc


_USER_DATA_KEY = "negotiation_events.events"


def _events_getter(doc: Doc) -> list[dict[str, Any]] | None:
    """``doc._.events``: a new list of JSON-ready dicts on every access (None before the component ran).

    The events are kept in ``doc.user_data`` as one JSON string, so they come back
    unchanged from ``Doc.to_bytes``, ``DocBin`` and ``nlp.pipe(n_process=...)``
    (msgpack would turn lists into tuples).
    """
    stored = doc.user_data.get(_USER_DATA_KEY)
    return None if stored is None else list(json.loads(stored))


def _register_extensions() -> None:
    if not Doc.has_extension("events"):
        Doc.set_extension("events", getter=_events_getter)
    if not Doc.has_extension("published"):
        Doc.set_extension("published", default=None)


@Language.factory(
    FACTORY_NAME,
    default_config={"extractors": None, "published": None, "on_error": "raise"},
    assigns=["doc._.events"],
    requires=["token.dep", "token.lemma"],
)
def make_negotiation_events(
    nlp: Language, name: str, extractors: list[str] | None, published: str | None, on_error: str
) -> NegotiationEventsComponent:
    """Create the component (spaCy calls this for ``nlp.add_pipe("negotiation_events")``).

    Args:
        nlp: the pipeline.
        name: the component's name.
        extractors: extractor or group names (``config={"extractors": ["rules"]}``).
        published: an ISO 8601 publication date for every Doc, or None.
        on_error: ``"raise"`` (the default) or ``"skip"``, as for
            [`parse_article`][negotiation_events.parse_article].

    Raises:
        UnknownExtractorError: an extractor name is not registered.
        InvalidPublishedError: ``published`` is not an ISO 8601 date.
        InvalidInputError: ``extractors`` is not a list of names, or ``on_error`` is not
            "raise" or "skip".
    """
    if extractors is not None and (
        isinstance(extractors, str) or not all(isinstance(e, str) for e in extractors) or not extractors
    ):
        raise InvalidInputError(f"extractors must be a non-empty list of extractor names, got {extractors!r}")
    _register_extensions()
    return NegotiationEventsComponent(name, extractors, coerce_published(published), check_on_error(on_error))
