"""Print the corpus counts in the Markdown layout of ``corpus/README.md``.

Usage: ``python training/corpus_stats.py``.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPLITS = ("train", "dev", "test")
TYPES = ("talks", "prisoner_exchange", "ceasefire_proposal", "sanction", "arms_deal")


def main() -> None:
    """Print the split table, the type × split table and the origin table."""
    gold = {s: json.loads((ROOT / "corpus" / f"{s}.json").read_text(encoding="utf-8")) for s in SPLITS}
    print("| split | articles | hard negatives | events | optional events | evidence quotes |")
    print("|---|---|---|---|---|---|")
    for split in SPLITS:
        articles = gold[split]["articles"]
        events = [e for a in articles for e in a["events"]]
        negatives = sum(1 for a in articles if not a["events"])
        optional = sum(1 for e in events if e.get("optional"))
        quotes = sum(len(e["evidence"]) for e in events)
        print(f"| {split} | {len(articles)} | {negatives} | {len(events) - optional} | {optional} | {quotes} |")
    print()
    print("| type | " + " | ".join(SPLITS) + " |")
    print("|---|" + "---|" * len(SPLITS))
    for kind in TYPES:
        cells = [
            sum(1 for a in gold[s]["articles"] for e in a["events"] if e["type"] == kind and not e.get("optional"))
            for s in SPLITS
        ]
        print(f"| {kind} | " + " | ".join(map(str, cells)) + " |")
    print()
    statuses: Counter[str] = Counter()
    for split in SPLITS:
        for article in gold[split]["articles"]:
            for event in article["events"]:
                first = event["status"][0] if isinstance(event["status"], list) else event["status"]
                statuses[first] += 1
    print("Statuses (first listed, all splits): " + ", ".join(f"{k} {v}" for k, v in statuses.most_common()))
    print()
    origins: Counter[tuple[str, str]] = Counter(
        (a["origin"], split) for split in SPLITS for a in gold[split]["articles"]
    )
    names = sorted({o for o, _ in origins})
    print("| origin | " + " | ".join(SPLITS) + " |")
    print("|---|" + "---|" * len(SPLITS))
    for name in names:
        print(f"| {name} | " + " | ".join(str(origins[(name, s)]) for s in SPLITS) + " |")


if __name__ == "__main__":
    main()
