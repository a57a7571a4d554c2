"""Memory over many distinct articles: RSS at the start, along the way and at the end.

Usage: ``python benchmarks/memory.py [N] [--no-zone]`` (default 10,000 articles;
``--no-zone`` turns the memory zones off, for comparison).
Every article is different (new names, numbers and made-up words), so without
``nlp.memory_zone()`` the spaCy vocabulary and string store would keep growing.
Linux only (reads ``/proc/self/statm``).
"""

from __future__ import annotations

import os
import random
import string
import sys
import time

from negotiation_events import parse_article

TEMPLATES = [
    "{a} and {b} exchanged {n} prisoners of war on Friday near {w}.",
    "Envoys from {a} and {b} held talks in {w} about a {n}-day ceasefire.",
    "{a} imposed sanctions on {b} over the {w} affair, freezing {n} accounts.",
    "{a} will deliver {n} {w} drones to {b}, the ministry said.",
]
STATES = ["Russia", "Ukraine", "India", "Pakistan", "Armenia", "Azerbaijan", "Sudan", "Colombia", "Iran", "Israel"]


def rss_mb() -> float:
    """Current resident set size in MB."""
    with open("/proc/self/statm", encoding="ascii") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def article(rng: random.Random) -> str:
    """A short, unique article: invented words and numbers make new strings every time."""
    lines = []
    for _ in range(3):
        a, b = rng.sample(STATES, 2)
        word = "".join(rng.choice(string.ascii_lowercase) for _ in range(9)).capitalize()
        lines.append(rng.choice(TEMPLATES).format(a=a, b=b, n=rng.randint(2, 99_999), w=word))
    return "\n\n".join(lines)


def main() -> None:
    """Parse N articles and print RSS as it goes."""
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    count = int(arguments[0]) if arguments else 10_000
    if "--no-zone" in sys.argv:
        from contextlib import nullcontext

        import negotiation_events.api
        import negotiation_events.extractors.model.sentence

        negotiation_events.api._memory_zone = lambda _nlp: nullcontext()  # type: ignore[assignment]
        negotiation_events.extractors.model.sentence._memory_zone = lambda _nlp: nullcontext()  # type: ignore[assignment]
        print("memory zones: off")
    rng = random.Random(0)
    parse_article(article(rng), published="2025-05-16")  # load the pipelines once
    start_rss, start = rss_mb(), time.perf_counter()
    print(f"start: RSS {start_rss:.1f} MB")
    for index in range(1, count + 1):
        parse_article(article(rng), published="2025-05-16")
        if index % (count // 10) == 0:
            print(f"{index:>6} articles: RSS {rss_mb():.1f} MB  ({time.perf_counter() - start:.0f} s)")
    end_rss = rss_mb()
    print(f"end: RSS {end_rss:.1f} MB; growth {end_rss - start_rss:+.1f} MB over {count} articles")


if __name__ == "__main__":
    main()
