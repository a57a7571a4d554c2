"""False alarms on the negative stream: how many event-free paragraphs get an event.

Usage::

    python training/false_alarms.py corpus/negatives.jsonl --compare rules model default

Every line of the stream is one short paragraph with no event (``corpus/README.md``); each is
parsed as an article of its own, with its publication date. For each extractor set the
script prints the share of paragraphs that get at least one event, the events by type and
the flagged paragraphs by kind. Only counts are printed, never the paragraphs.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

from negotiation_events import parse_articles


def measure(stream: list[dict[str, Any]], extractors: list[str] | None) -> dict[str, Any]:
    """Counts for one extractor set over the stream."""
    started = time.perf_counter()
    flagged = 0
    by_type: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    items = ({"id": p["id"], "text": p["text"], "published": p.get("published")} for p in stream)
    for paragraph, events in zip(stream, parse_articles(items, extractors=extractors), strict=True):
        if events:
            flagged += 1
            by_kind[paragraph["kind"]] += 1
        by_type.update(e.type for e in events)
    return {
        "paragraphs": len(stream),
        "flagged": flagged,
        "rate": flagged / len(stream) if stream else 0.0,
        "events": sum(by_type.values()),
        "by_type": by_type,
        "by_kind": by_kind,
        "seconds": time.perf_counter() - started,
    }


def main() -> None:
    """Print one block per extractor set."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("stream", type=Path)
    parser.add_argument("--compare", nargs="+", default=["default"], metavar="SET")
    args = parser.parse_args()
    stream = [json.loads(line) for line in args.stream.read_text(encoding="utf-8").splitlines() if line.strip()]
    kinds = Counter(p["kind"] for p in stream)
    print(f"{len(stream)} paragraphs: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    for choice in args.compare:
        extractors = None if choice == "default" else choice.split(",")
        result = measure(stream, extractors)
        print(
            f"\n{choice}: {result['flagged']} of {result['paragraphs']} paragraphs get an event "
            f"(false-alarm rate {result['rate']:.3f}); {result['events']} events; {result['seconds']:.0f} s"
        )
        print("  by type: " + ", ".join(f"{k} {v}" for k, v in result["by_type"].most_common()))
        print(
            "  flagged by kind: "
            + ", ".join(f"{k} {v}/{kinds[k]} ({v / kinds[k]:.2f})" for k, v in result["by_kind"].most_common())
        )


if __name__ == "__main__":
    main()
