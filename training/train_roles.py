"""Train the role model shipped as ``extractors/model/role_model.json`` (``model.roles.v1``).

One command, from the repository root::

    python training/train_roles.py

It (1) runs :func:`parse_article` on every article of the ``train`` and ``dev`` splits of
``corpus/`` and records, for every rule mention and every candidate actor around its
trigger, the pair's features exactly as at run time, (2) labels each pair by the gold: the
rule mention is paired with the gold mention whose trigger it covers (or whose quote holds
it); a candidate whose text overlaps an actor of that gold mention takes its role, one in
the trigger's sentence whose code the gold event gives a role takes that role, any other
``none`` (rule mentions of no gold event are left out), (3) trains a multinomial logistic
regression (full-batch Adam, L2, seed 0) on the ``train`` pairs for each L2 strength of a
small grid and keeps the one with the lowest log-loss on the ``dev`` pairs, (4) picks the
add threshold with the best role accuracy on ``dev`` through :func:`parse_article` (the
added roles never change which mentions are merged, so event F1 does not move), and (5)
writes the model into the package. The ``test`` split, the blind split and the negative
stream are never read. Pairs are cached in ``training/.cache/roles-*.jsonl``;
``--refresh`` rebuilds them.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from linear import CACHE, ROOT, cached_rows, corpus_articles, fit_lowest_loss, install
from linear import vocabulary as make_vocabulary

TARGET = ROOT / "src" / "negotiation_events" / "extractors" / "model" / "role_model.json"
L2_GRID = (3e-4, 1e-3, 3e-3, 1e-2)
MIN_COUNT = 3
EPOCHS = 300
ADD_GRID = (0.3, 0.35, 0.4, 0.45, 0.5, 0.6)
EXTRACTORS = ["rules", "model.sentence.v2", "model.status.v1", "model.roles.v1"]
SINGULAR = {"parties": "parties", "mediators": "mediators", "sides": "sides", "proposer": "proposer"}
SINGULAR |= {"imposer": "imposers", "target": "targets", "supplier": "suppliers", "recipient": "recipients"}


@contextmanager
def _model_in_place(model: Any, capture: list[dict[str, Any]] | None = None) -> Iterator[None]:
    """The role reviser uses ``model``; with ``capture``, it records every pair and changes nothing."""
    from negotiation_events.extractors.model import roles

    original_load, original_reassign = roles.load_role_model, roles.reassign

    def recording(mentions: Any, doc: Any, context: Any, _: Any) -> Any:
        assert capture is not None
        for mention in mentions:
            span = roles.trigger_span(doc, mention, context.offset)
            if span is None or len(span) == 0:
                continue
            pairs = []
            for actor in roles.candidates(span, context):
                words = doc[actor.start : actor.end]
                pairs.append(
                    {
                        "start": context.offset + words.start_char,
                        "end": context.offset + words.end_char,
                        "code": actor.entry.country,
                        "same": words.root.sent.start == span.root.sent.start,
                        "features": roles.role_features(span, actor, mention),
                    }
                )
            capture.append(
                {
                    "type": mention.type,
                    "start": context.offset + span.start_char,
                    "end": context.offset + span.end_char,
                    "pairs": pairs,
                }
            )
        return list(mentions)

    roles.load_role_model = lambda: model  # type: ignore[assignment]
    if capture is not None:
        roles.reassign = recording  # type: ignore[assignment]
    try:
        yield
    finally:
        roles.load_role_model = original_load  # type: ignore[assignment]
        roles.reassign = original_reassign  # type: ignore[assignment]


def _gold_mention(found: dict[str, Any], events: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]] | None:
    start, end = found["start"], found["end"]
    for event in events:
        if event["type"] != found["type"]:
            continue
        for mention in event.get("mentions", []):
            t_start, t_end = mention["trigger_span"]
            q_start, q_end = mention["span"]
            if (t_start < end and start < t_end) or (q_start <= start and end <= q_end):
                return event, mention
    return None


def label(pair: dict[str, Any], event: dict[str, Any], mention: dict[str, Any]) -> str:
    """The gold role of one candidate actor (see the module docstring)."""
    for actor in mention.get("actors", []):
        a_start, a_end = actor["span"]
        if a_start < pair["end"] and pair["start"] < a_end:
            return SINGULAR[actor["role"]]
    if pair["same"] and pair["code"]:
        for role, codes in event.get("roles", {}).items():
            if pair["code"] in (codes if isinstance(codes, list) else [codes]):
                return SINGULAR[role]
    return "none"


def collect(split: str) -> list[dict[str, Any]]:
    """One row per (rule mention of a gold event, candidate actor): features and gold role."""
    from negotiation_events import parse_article
    from negotiation_events.extractors.model.roles import ROLE_LABELS, RoleModel

    blank = RoleModel(ROLE_LABELS, {}, tuple(0.0 for _ in ROLE_LABELS))
    rows: list[dict[str, Any]] = []
    for article, text, day in corpus_articles(split):
        captured: list[dict[str, Any]] = []
        with _model_in_place(blank, captured):
            parse_article(text, published=day, extractors=EXTRACTORS)
        for found in captured:
            matched = _gold_mention(found, article["events"])
            if matched is None:
                continue
            event, mention = matched
            for pair in found["pairs"]:
                rows.append(
                    {"file": article["file"], "features": pair["features"], "gold": label(pair, event, mention)}
                )
    return rows


def cached(split: str, refresh: bool) -> list[dict[str, Any]]:
    """The rows of a split, from the cache when present."""
    return cached_rows(CACHE / f"roles-{split}.jsonl", refresh, lambda: collect(split))


def dev_scores(model: Any) -> tuple[float, float]:
    """Event F1 and role accuracy on the dev split with ``model`` as the role model."""
    from negotiation_events import parse_article
    from negotiation_events.evaluate import evaluate_gold

    def parse(text: str, published: Any) -> list[dict[str, Any]]:
        return [e.model_dump(mode="json") for e in parse_article(text, published=published, extractors=EXTRACTORS)]

    with _model_in_place(model):
        report = evaluate_gold(ROOT / "corpus" / "dev.json", ROOT / "corpus" / "articles", parse)
    return report.f1, report.accuracy("role")


def main() -> None:
    """Command line: collect, train, tune on dev, install."""
    from negotiation_events.extractors.model.roles import ROLE_LABELS, RoleModel

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--refresh", action="store_true", help="rebuild the cached rows")
    parser.add_argument("--dry-run", action="store_true", help="train and report, do not install")
    args = parser.parse_args()
    train, dev = cached("train", args.refresh), cached("dev", args.refresh)
    vocabulary = make_vocabulary(train, MIN_COUNT)
    labels = ROLE_LABELS
    share = Counter(row["gold"] for row in train)
    print(f"train {len(train)} pairs {dict(share)}, dev {len(dev)} pairs, {len(vocabulary)} features", file=sys.stderr)
    _, kept, bias_t = fit_lowest_loss(train, dev, vocabulary, labels, grid=L2_GRID, epochs=EPOCHS)
    floor, role = dev_scores(RoleModel(labels, kept, bias_t, 1.01))
    print(f"without the model: dev F1 {floor:.4f}, role {role:.3f}", file=sys.stderr)
    results = [(floor, role, 1.01)]
    for add in ADD_GRID:
        f1, role = dev_scores(RoleModel(labels, kept, bias_t, add))
        print(f"add {add}: dev F1 {f1:.4f}, role {role:.3f}", file=sys.stderr)
        results.append((f1, role, add))
    f1, role, add = max((r for r in results if r[0] >= floor - 1e-9), key=lambda r: (r[1], r[0]))
    print(f"chosen add {add}: dev F1 {f1:.4f}, role {role:.3f}", file=sys.stderr)
    model = RoleModel(labels, kept, bias_t, add)
    if args.dry_run:
        return
    install(model.to_json(), TARGET, len(kept))


if __name__ == "__main__":
    main()
