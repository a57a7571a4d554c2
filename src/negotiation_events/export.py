"""Flat exports: one row per event, for spreadsheets, CSV files and data frames.

:func:`events_to_records` turns events into flat dicts with the same columns for every
event type (:data:`RECORD_COLUMNS`); a field an event type does not have is ``None``.
Roles are flattened into three columns each: the canonical names, the actor codes and
the actor ids, joined with ``"; "`` in role order. :func:`events_to_dataframe` builds a pandas
``DataFrame`` from the same rows (extra ``[pandas]``).

>>> from negotiation_events import parse_article
>>> from negotiation_events.export import events_to_records
>>> events = parse_article("Russia and Ukraine exchanged 500 prisoners on Saturday.", published="2025-04-22")
>>> row = events_to_records(events, article_id="a1")[0]
>>> row["type"], row["cameo"], row["sides_codes"], row["count"], row["date_start"]
('prisoner_exchange', '0841', 'RUS; UKR', 500, '2025-04-19')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .errors import InvalidInputError, MissingDependencyError
from .models import Actor, ArmsDeal, CeasefireProposal, PrisonerExchange, Sanction, Talks

if TYPE_CHECKING:
    import pandas

    from .models import Event

__all__ = ["RECORD_COLUMNS", "ROLE_FIELDS", "events_to_dataframe", "events_to_records"]

ROLE_FIELDS: tuple[str, ...] = (
    "parties",
    "sides",
    "mediators",
    "proposer",
    "imposers",
    "targets",
    "suppliers",
    "recipients",
)
"""Every role field of any event type; each becomes a ``<role>`` and a ``<role>_codes`` column."""

_FACT_FIELDS: tuple[str, ...] = (
    "level",
    "round",
    "count",
    "count_qualifier",
    "category",
    "duration",
    "scope",
    "unconditional",
    "measures",
    "action",
    "value",
    "weapons",
    "quantity",
)
_EVENT_CLASSES = (Talks, PrisonerExchange, CeasefireProposal, Sanction, ArmsDeal)

RECORD_COLUMNS: tuple[str, ...] = (
    "article_id",
    "type",
    "status",
    "cameo",
    "plover_category",
    "plover_mode",
    "confidence",
    "negated",
    "hypothetical",
    "attributed_to",
    "attributed_to_code",
    "attributed_to_id",
    "date_text",
    "date_start",
    "date_end",
    "date_granularity",
    "location",
    "location_country",
    *(column for role in ROLE_FIELDS for column in (role, f"{role}_codes", f"{role}_ids")),
    *_FACT_FIELDS,
    "history",
    "extractors",
    "evidence_count",
    "evidence_start",
    "evidence_end",
    "evidence_text",
)
"""The columns of every record, in order."""

_SEP = "; "


def _actors(value: object) -> list[Actor]:
    if value is None:
        return []
    return [value] if isinstance(value, Actor) else list(value)  # type: ignore[call-overload]


def _record(event: Event, article_id: str | None) -> dict[str, Any]:
    if not isinstance(event, _EVENT_CLASSES):
        raise InvalidInputError(f"events must hold Event objects, got {type(event).__name__}")
    row: dict[str, Any] = dict.fromkeys(RECORD_COLUMNS)
    first = event.evidence[0]
    row.update(
        article_id=article_id,
        type=event.type,
        status=event.status.value,
        cameo=event.cameo,
        plover_category=event.plover.category,
        plover_mode=event.plover.mode,
        confidence=event.confidence,
        negated=event.negated,
        hypothetical=event.hypothetical,
        history=" > ".join(stage.status.value for stage in event.history) or None,
        extractors=_SEP.join(event.extractors) or None,
        evidence_count=len(event.evidence),
        evidence_start=first.start,
        evidence_end=first.end,
        evidence_text=first.text,
    )
    if event.attributed_to is not None:
        row["attributed_to"] = event.attributed_to.canonical
        row["attributed_to_code"] = event.attributed_to.country
        row["attributed_to_id"] = event.attributed_to.id
    if event.date is not None:
        row["date_text"] = event.date.text
        row["date_start"] = event.date.start.isoformat() if event.date.start else None
        row["date_end"] = event.date.end.isoformat() if event.date.end else None
        row["date_granularity"] = event.date.granularity.value if event.date.granularity else None
    if event.location is not None:
        row["location"] = event.location.name
        row["location_country"] = event.location.country
    fields = type(event).model_fields
    for role in ROLE_FIELDS:
        if role in fields:
            actors = _actors(getattr(event, role))
            row[role] = _SEP.join(a.canonical for a in actors) or None
            row[f"{role}_codes"] = _SEP.join(a.country or "?" for a in actors) or None
            row[f"{role}_ids"] = _SEP.join(a.id or "?" for a in actors) or None
    for name in _FACT_FIELDS:
        if name in fields:
            value = getattr(event, name)
            row[name] = (_SEP.join(value) or None) if isinstance(value, list) else value
    return row


def events_to_records(events: Iterable[Event], *, article_id: str | None = None) -> list[dict[str, Any]]:
    """One flat, JSON-ready dict per event, with the columns of :data:`RECORD_COLUMNS`.

    Args:
        events: events from :func:`~negotiation_events.parse_article` (or validated ones).
        article_id: a value for the ``article_id`` column, to tell articles apart when
            rows of several are concatenated.

    Returns:
        The rows, in the order of ``events``. Dates are ISO 8601 strings; roles are the
        canonical names, the actor codes and the actor ids joined with ``"; "`` (``"?"``
        for an actor without a code or id); list fields (``measures``, ``weapons``) are joined the same way.

    Raises:
        InvalidInputError: ``events`` holds something that is not an event.
    """
    if isinstance(events, (str, bytes)) or not isinstance(events, Iterable):
        raise InvalidInputError(f"events must be an iterable of events, got {type(events).__name__}")
    return [_record(event, article_id) for event in events]


def events_to_dataframe(events: Iterable[Event], *, article_id: str | None = None) -> pandas.DataFrame:
    """The rows of :func:`events_to_records` as a pandas ``DataFrame`` (extra ``[pandas]``).

    Columns are :data:`RECORD_COLUMNS` even when there are no events; ``date_start`` and
    ``date_end`` are ``datetime64`` columns.

    Raises:
        MissingDependencyError: pandas is not installed.
        InvalidInputError: ``events`` holds something that is not an event.
    """
    try:
        import pandas as pd
    except ImportError as error:
        raise MissingDependencyError(
            'events_to_dataframe needs pandas: pip install "negotiation-events[pandas]"'
        ) from error
    rows = events_to_records(events, article_id=article_id)
    frame: pandas.DataFrame = pd.DataFrame(rows, columns=list(RECORD_COLUMNS))
    for column in ("date_start", "date_end"):
        frame[column] = pd.to_datetime(frame[column])
    return frame
