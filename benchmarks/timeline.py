"""Timeline merging: cost against parsing, and how it scales with the number of articles.

Usage: ``python benchmarks/timeline.py``.

Parses the project's corpus (train, dev and test articles, with their publication dates)
once, then times :func:`negotiation_events.merge_events` on 1x, 2x, 4x and 8x copies of
the parsed corpus. Each copy is moved whole years later (publication dates and event dates),
so copies never link and the result is the 1x timeline repeated: the timing shows how the
merging itself scales. Prints the merge time against the parse time and the scaling ratios.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

from negotiation_events import parse_articles
from negotiation_events.models import Event
from negotiation_events.timeline import merge_events

ROOT = Path(__file__).resolve().parent.parent


def _shift(event: Event, years: int) -> Event:
    if event.date is None or event.date.start is None or event.date.end is None:
        return event
    delta = dt.timedelta(days=371 * years)
    date = event.date.model_copy(update={"start": event.date.start + delta, "end": event.date.end + delta})
    return event.model_copy(update={"date": date})


def main() -> None:
    articles = []
    for split in ("train", "dev", "test"):
        gold = json.loads((ROOT / "corpus" / f"{split}.json").read_text(encoding="utf-8"))
        for item in gold["articles"]:
            text = (ROOT / "corpus" / "articles" / item["file"]).read_text(encoding="utf-8")
            articles.append((item["file"], text, dt.date.fromisoformat(item["published"])))
    start = time.perf_counter()
    parsed = list(parse_articles([(text, day) for _, text, day in articles]))
    parse_seconds = time.perf_counter() - start
    events = sum(map(len, parsed))
    print(f"corpus: {len(articles)} articles, {events} events, parse_articles {parse_seconds:.1f} s")
    base: float | None = None
    for copies in (1, 2, 4, 8):
        items = [
            (f"{k}/{source}", day + dt.timedelta(days=371 * 3 * k), [_shift(e, 3 * k) for e in evs])
            for k in range(copies)
            for (source, _, day), evs in zip(articles, parsed, strict=True)
        ]
        start = time.perf_counter()
        timeline = merge_events(items)
        seconds = time.perf_counter() - start
        base = base or seconds
        share = seconds / (parse_seconds * copies)
        print(
            f"{copies}x: {len(items)} articles -> {len(timeline.events)} records in {seconds:.2f} s "
            f"({seconds / base:.1f}x the 1x time for {copies}x the input; merge/parse {share:.3f})"
        )


if __name__ == "__main__":
    main()
