"""Scale-out on Dask: :func:`parse_bag` and :func:`parse_partition`.

Needs the ``dask`` extra (``pip install "negotiation-events[dask]"``); Dask is imported only
when :func:`parse_bag` is called. Each partition is parsed with
:func:`~negotiation_events.parse_articles` inside the worker, so the English pipeline and
the model are loaded once per worker process (they are cached per process) and never
shipped over the network. Results are JSON-ready dicts, one per input, so they can be
written with ``bag.map(json.dumps).to_textfiles(...)`` or turned into a dataframe:

.. code-block:: python

    import dask.bag as db
    from distributed import Client
    from negotiation_events.dask import parse_bag

    client = Client("tcp://scheduler:8786")              # any Dask cluster
    articles = db.read_text("s3://archive/2025-05-*.jsonl").map(json.loads)
    records = parse_bag(articles, published="2025-05-16")  # lazy
    records.map(json.dumps).to_textfiles("s3://out/events-*.jsonl")

:func:`parse_partition` is the per-partition function itself, for use with
``dask.dataframe.DataFrame.map_partitions`` or any other scheduler.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import dask.bag

from .api import _check_arguments, coerce_published
from .batch import ArticleInput, parse_articles
from .errors import InvalidInputError, MissingDependencyError

__all__ = ["parse_bag", "parse_partition"]


def parse_partition(
    items: Iterable[ArticleInput],
    *,
    published: dt.date | dt.datetime | str | None = None,
    extractors: Sequence[str] | None = None,
    batch_size: int = 32,
) -> list[dict[str, Any]]:
    """Parse one partition of articles into JSON-ready records.

    Args:
        items: texts, ``(text, published)`` pairs or mappings with ``text`` and optional
            ``published`` and ``id`` (as for :func:`~negotiation_events.parse_articles`).
        published: the publication date for items that do not carry their own.
        extractors: extractor or group names, as for :func:`~negotiation_events.parse_article`.
        batch_size: articles per ``nlp.pipe`` batch.

    Returns:
        One record per item, in order: ``{"id": ..., "events": [...]}`` where ``id`` is the
        mapping's ``id`` (``None`` for other inputs) and ``events`` are
        ``Event.model_dump(mode="json")`` dicts.

    Example:
        >>> records = parse_partition([{"id": "a1", "text": "Israel and Hamas agreed a truce on Sunday."}],
        ...                           published="2025-01-20")
        >>> records[0]["id"], [e["type"] for e in records[0]["events"]]
        ('a1', ['ceasefire_proposal'])
    """
    items = list(items)
    results = parse_articles(items, published=published, extractors=extractors, batch_size=batch_size)
    return [
        {
            "id": item.get("id") if isinstance(item, Mapping) else None,
            "events": [event.model_dump(mode="json") for event in events],
        }
        for item, events in zip(items, results, strict=True)
    ]


def parse_bag(
    bag: dask.bag.Bag,
    *,
    published: dt.date | dt.datetime | str | None = None,
    extractors: Sequence[str] | None = None,
    batch_size: int = 32,
) -> dask.bag.Bag:
    """Parse every article of a Dask bag; lazily, one JSON-ready record per article.

    Args:
        bag: a ``dask.bag.Bag`` of texts, ``(text, published)`` pairs or mappings with
            ``text`` and optional ``published`` and ``id``.
        published: the publication date for items that do not carry their own.
        extractors: extractor or group names, as for :func:`~negotiation_events.parse_article`.
        batch_size: articles per ``nlp.pipe`` batch inside a partition.

    Returns:
        A bag with the same partitions, of :func:`parse_partition` records
        (``{"id": ..., "events": [...]}``), in input order.

    Raises:
        MissingDependencyError: Dask is not installed.
        InvalidInputError: ``bag`` is not a Dask bag, or another argument is bad (checked
            here, before anything is sent to the cluster).
    """
    try:
        import dask.bag
    except ImportError:
        raise MissingDependencyError('parse_bag needs Dask: pip install "negotiation-events[dask]"') from None

    if not isinstance(bag, dask.bag.Bag):
        raise InvalidInputError(f"bag must be a dask.bag.Bag, got {type(bag).__name__}")
    # validate on the client: a bad argument fails here, not in every worker
    coerce_published(published)
    _check_arguments(None, None, extractors)
    if not isinstance(batch_size, int) or batch_size < 1:
        raise InvalidInputError(f"batch_size must be a positive int, got {batch_size!r}")
    result: dask.bag.Bag = bag.map_partitions(  # type: ignore[no-untyped-call]
        parse_partition, published=published, extractors=extractors, batch_size=batch_size
    )
    return result
