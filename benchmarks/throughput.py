"""Throughput: the extractor against a bare spaCy pipeline, in one run.

Usage: ``python benchmarks/throughput.py [N]`` (default 500 articles).

Builds a corpus of at least N articles (the seeds and the project's own articles, repeated)
and measures articles per second of

(a) bare ``nlp.pipe`` of the same English pipeline over the same texts (whole articles),
(b) ``parse_articles`` with one process,
(c) ``parse_articles`` with two processes,

then prints the ratios b/a and c/b, per-article latency percentiles of ``parse_article``,
peak RSS, and how the cost scales with article length (1x, 10x, 100x).

It also measures ``extractors=["rules"]``, where NER runs only on paragraphs holding a
trigger word (:func:`negotiation_events.pipeline.pipe_docs`), against the same with NER
everywhere, and prints the share of paragraphs that needed NER; and (b) without the
learned trigger detector (``model.span.v1``), for what it costs.
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from negotiation_events import api, batch, parse_article, parse_articles
from negotiation_events.extractors.registry import resolve_extractors
from negotiation_events.pipeline import get_pipeline, paragraphs

ROOT = Path(__file__).resolve().parent.parent


def corpus(size: int) -> list[str]:
    """The seeds and corpus articles, repeated until there are ``size`` texts."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "articles").glob("*.txt"))]
    return [texts[i % len(texts)] for i in range(size)]


def rate(seconds: float, count: int) -> float:
    """Articles per second."""
    return count / seconds if seconds else float("inf")


def timed(run: Callable[[], Iterable[object]]) -> float:
    """Seconds to exhaust the iterator ``run()`` returns."""
    start = time.perf_counter()
    for _ in run():
        pass
    return time.perf_counter() - start


def main() -> None:
    """Run the three measurements and print the report."""
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    texts = corpus(size)
    nlp = get_pipeline()
    parse_article(texts[0], published="2025-05-16")  # load everything once
    for _ in nlp.pipe(texts[:5]):
        pass

    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    bare = time.perf_counter() - start

    start = time.perf_counter()
    for _ in parse_articles(texts, published="2025-05-16", batch_size=32):
        pass
    one = time.perf_counter() - start

    start = time.perf_counter()
    for _ in parse_articles(texts, published="2025-05-16", batch_size=32, n_process=2):
        pass
    two = time.perf_counter() - start

    # the default without the learned trigger detector, for its cost (same texts, same run)
    without_span = ["rules", "model.sentence.v2", "model.status.v1", "model.trigger.v1", "model.roles.v1"]
    undetected = timed(lambda: parse_articles(texts, published="2025-05-16", batch_size=32, extractors=without_span))

    rules_gated = timed(lambda: parse_articles(texts, published="2025-05-16", extractors=["rules"]))
    words = api._ner_words(resolve_extractors(["rules"]))
    gate = api._ner_words
    api._ner_words = batch._ner_words = lambda chosen: None  # NER everywhere, for comparison
    rules_full = timed(lambda: parse_articles(texts, published="2025-05-16", extractors=["rules"]))
    api._ner_words = batch._ner_words = gate
    pieces = [piece for text in dict.fromkeys(texts) for _, piece in paragraphs(text, 100_000)]
    needing = sum(
        any(t.lower_ in words or t.lemma_.lower() in words for t in doc)  # type: ignore[operator]
        for doc in nlp.pipe(pieces, disable=["ner"])
    )

    latencies = []
    for text in texts[:100]:
        t0 = time.perf_counter()
        parse_article(text, published="2025-05-16")
        latencies.append(time.perf_counter() - t0)
    quantiles = statistics.quantiles(latencies, n=100)

    print(f"articles: {size} (mean {sum(map(len, texts)) / size:.0f} characters)")
    print(f"(a) bare nlp.pipe:             {rate(bare, size):7.1f} articles/s")
    print(f"(b) parse_articles, 1 process: {rate(one, size):7.1f} articles/s")
    print(f"(c) parse_articles, 2 process: {rate(two, size):7.1f} articles/s")
    print(f"b/a = {bare / one:.2f}   c/b = {one / two:.2f}")
    print(
        f"without the trigger detector (model.span.v1): {rate(undetected, size):.1f} articles/s "
        f"(the detector costs {one / undetected:.2f}x)"
    )
    print(
        f"parse_article latency over 100 articles: p50 {quantiles[49] * 1000:.0f} ms, "
        f"p90 {quantiles[89] * 1000:.0f} ms, p99 {quantiles[98] * 1000:.0f} ms"
    )
    print(
        f"rules only: {rate(rules_gated, size):.1f} articles/s with NER where a trigger word is, "
        f"{rate(rules_full, size):.1f} with NER everywhere ({rules_full / rules_gated:.2f}x); "
        f"{needing / len(pieces):.0%} of paragraphs needed NER"
    )
    print(f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    article = texts[0]
    base = None
    for factor in (1, 10, 100):
        text = "\n\n".join([article] * factor)
        t0 = time.perf_counter()
        parse_article(text, published="2025-05-16")
        seconds = time.perf_counter() - t0
        base = base or seconds
        print(f"length {factor:>3}x: {len(text):>8} characters {seconds:7.2f} s  ratio {seconds / base:6.1f}")


if __name__ == "__main__":
    main()
