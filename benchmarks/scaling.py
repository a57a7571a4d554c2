"""Cost against article length: parse one article at 1x, 10x and 100x its length.

Usage: ``python benchmarks/scaling.py [ARTICLE]`` (default: the first seed article).
Prints seconds, characters per second and the time ratios; linear cost gives ratios close
to 10 and 100. Long texts are split at paragraph, sentence or word boundaries before
spaCy sees them, so nothing is ever truncated.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from negotiation_events import parse_article

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    """Time the three lengths and print the table."""
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else sorted((ROOT / "seeds").glob("*.txt"))[0]
    article = path.read_text(encoding="utf-8")
    parse_article(article, published="2025-05-16")  # load the pipelines once
    rows = []
    for factor in (1, 10, 100):
        text = "\n\n".join([article] * factor)
        start = time.perf_counter()
        events = parse_article(text, published="2025-05-16")
        seconds = time.perf_counter() - start
        rows.append((factor, len(text), seconds, len(events)))
    base = rows[0][2]
    print(f"article: {path.name}")
    print(f"{'length':>8} {'chars':>10} {'seconds':>9} {'chars/s':>10} {'ratio':>7} {'events':>7}")
    for factor, chars, seconds, events in rows:
        print(f"{factor:>7}x {chars:>10} {seconds:>9.2f} {chars / seconds:>10.0f} {seconds / base:>7.1f} {events:>7}")


if __name__ == "__main__":
    main()
