"""Scale-out on Dask: a real two-process LocalCluster on 127.0.0.1 gives the serial result."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from negotiation_events import EventListAdapter, InvalidInputError, MissingDependencyError, parse_articles

db = pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")

from negotiation_events.dask import parse_bag, parse_partition  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
ARTICLES = [
    {"id": path.stem, "text": path.read_text(encoding="utf-8"), "published": "2025-07-01"} for path in SEEDS
] + [
    {"id": "own-1", "text": "Armenia and Azerbaijan held talks in Almaty on Monday.", "published": "2024-05-14"},
    {"id": "own-2", "text": "The weather in the capital was mild."},
    "Sudan's army rejected a proposed humanitarian truce on Friday.",
]


def _serial() -> list[dict[str, object]]:
    results = parse_articles(ARTICLES, published="2025-06-01")
    return [
        {
            "id": item.get("id") if isinstance(item, dict) else None,
            "events": EventListAdapter.dump_python(events, mode="json"),
        }
        for item, events in zip(ARTICLES, results, strict=True)
    ]


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
    )
    with cluster, distributed.Client(cluster) as connected:
        yield connected


def test_parse_bag_on_a_two_worker_cluster_equals_the_serial_result(client: object) -> None:
    bag = db.from_sequence(ARTICLES, npartitions=4)
    records = parse_bag(bag, published="2025-06-01").compute()
    assert records == _serial()
    assert sum(len(r["events"]) for r in records) > 10  # the seeds do report events
    assert records[-2] == {"id": "own-2", "events": []}


def test_each_worker_loads_the_pipeline_once(client: object) -> None:
    bag = db.from_sequence(ARTICLES * 3, npartitions=6)
    parse_bag(bag).compute()

    def loaded() -> int:
        from negotiation_events import pipeline

        return len(pipeline._cache)

    assert set(client.run(loaded).values()) == {1}  # type: ignore[attr-defined]


def test_parse_partition_keeps_order_and_ids() -> None:
    records = parse_partition(ARTICLES[-3:], published="2025-06-01")
    assert [r["id"] for r in records] == ["own-1", "own-2", None]
    assert [e["type"] for e in records[0]["events"]] == ["talks"]
    assert [(e["type"], e["status"]) for e in records[2]["events"]] == [("ceasefire_proposal", "rejected")]


def test_bad_arguments_fail_on_the_client() -> None:
    bag = db.from_sequence(["x"])
    with pytest.raises(InvalidInputError, match=r"bag must be a dask\.bag\.Bag"):
        parse_bag(["not", "a", "bag"])  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="published"):
        parse_bag(bag, published="yesterday")
    with pytest.raises(InvalidInputError, match="batch_size"):
        parse_bag(bag, batch_size=0)
    with pytest.raises(KeyError, match="no-such-extractor"):
        parse_bag(bag, extractors=["no-such-extractor"])


def test_without_dask_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dask.bag", None)
    with pytest.raises(MissingDependencyError, match=r"negotiation-events\[dask\]"):
        parse_bag(object())  # type: ignore[arg-type]
    with pytest.raises(ImportError):
        parse_bag(object())  # type: ignore[arg-type]


def test_a_single_extractor_name_reaches_the_workers(client: object) -> None:
    bag = db.from_sequence(ARTICLES[-3:], npartitions=2)
    records = parse_bag(bag, published="2025-06-01", extractors="rules").compute()
    assert [e["extractors"] for e in records[0]["events"]] == [["rules.talks.v1"]]
