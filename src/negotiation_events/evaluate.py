"""Evaluation against gold files: the same matching rules as the project's ``score.py``.

Gold format (``negotiation-events-gold/1``)::

    {"schema": "negotiation-events-gold/1",
     "articles": [{"file": "004_x.txt", "published": "2025-04-22",
                   "events": [{"type": "prisoner_exchange", "status": "occurred",
                               "evidence": ["a swap of over 500 soldiers"],
                               "roles": {"sides": ["UKR", "RUS"]}, "count": 500}]}]}

A predicted event matches a gold event of the same type when one of its evidence spans
overlaps one occurrence of one gold quote; matching is one-to-one, optional gold events
neither reward nor penalise, and a second prediction on a matched gold event counts as a
false positive (a duplicate).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import GoldFileError

__all__ = [
    "EvaluationReport",
    "FalseAlarmReport",
    "compare_gold",
    "evaluate_gold",
    "false_alarms",
    "gold_as_predictions",
    "judge_predictions",
    "read_gold",
    "read_negatives",
    "score_article",
]

ROLE_FIELDS = {
    "parties": "parties",
    "mediators": "mediators",
    "sides": "sides",
    "proposer": "proposer",
    "imposer": "imposers",
    "target": "targets",
    "supplier": "suppliers",
    "recipient": "recipients",
}
TYPES = ("talks", "prisoner_exchange", "ceasefire_proposal", "sanction", "arms_deal")
FACTS = ("location", "date", "count", "duration", "unconditional", "weapons")
STATUSES = ("proposed", "planned", "agreed", "occurred", "rejected", "failed", "threatened")


def read_gold(path: Path) -> dict[str, Any]:
    """Read a gold file and check what the scores depend on.

    Every article needs a ``file`` and a list of ``events``; every event a ``type`` among
    the five, a ``status`` (or a list of statuses) among the seven, ``evidence`` quotes or
    ``spans``, and ``roles`` named as in the gold format. A gold event of another type
    would otherwise be left out of every total without a word.

    Args:
        path: the gold JSON file.

    Returns:
        The parsed file.

    Raises:
        GoldFileError: the file is not JSON or breaks a rule; the message names the file,
            the article and the event.
    """
    source = str(path)
    try:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise GoldFileError(f"{source}, line {error.lineno}: not JSON: {error.msg}") from None
    if not isinstance(gold, dict) or not isinstance(gold.get("articles"), list):
        raise GoldFileError(f"{source}: expected a JSON object with an 'articles' list")
    for a, article in enumerate(gold["articles"]):
        where = f"{source}: articles[{a}]"
        if not isinstance(article, dict) or not isinstance(article.get("file"), str):
            raise GoldFileError(f"{where}: expected an object with a 'file' name")
        where += f" ({article['file']})"
        if not isinstance(article.get("events"), list):
            raise GoldFileError(f"{where}: 'events' must be a list")
        for e, event in enumerate(article["events"]):
            problem = _gold_event_problem(event)
            if problem:
                raise GoldFileError(f"{where}, events[{e}]: {problem}")
    return gold


def _gold_event_problem(event: object) -> str | None:
    if not isinstance(event, dict):
        return "expected a JSON object"
    if event.get("type") not in TYPES:
        return f"type: {event.get('type')!r} is not an event type ({', '.join(TYPES)})"
    statuses = event.get("status")
    statuses = statuses if isinstance(statuses, list) else [statuses]
    if not statuses or any(s not in STATUSES for s in statuses):
        return f"status: {event.get('status')!r} is not a status or a list of statuses ({', '.join(STATUSES)})"
    quotes, spans = event.get("evidence", []), event.get("spans", [])
    if not isinstance(quotes, list) or not all(isinstance(q, str) and q for q in quotes):
        return "evidence: expected a list of non-empty quotes"
    if not isinstance(spans, list) or (not quotes and not spans):
        return "evidence: a gold event needs evidence quotes or spans"
    roles = event.get("roles", {})
    if not isinstance(roles, dict):
        return "roles: expected an object {role: [codes]}"
    for role, codes in roles.items():
        if role not in ROLE_FIELDS:
            return f"roles: {role!r} is not a gold role ({', '.join(ROLE_FIELDS)})"
        if not isinstance(codes, (list, str)) or not all(isinstance(c, str) for c in _as_list(codes)):
            return f"roles.{role}: expected an actor code or a list of them"
    return None


def _spans_of(text: str, quote: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    index = text.find(quote)
    while index >= 0 and quote:
        out.append((index, index + len(quote)))
        index = text.find(quote, index + 1)
    return out


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _codes(value: Any) -> set[str]:
    if value is None:
        return set()
    if isinstance(value, (list, tuple)):
        return set().union(*(_codes(v) for v in value)) if value else set()
    if isinstance(value, dict):
        code = value.get("country") or value.get("code")
        return {code} if code else set()
    return {str(value)}


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _fact_ok(name: str, gold: Any, predicted: dict[str, Any]) -> bool:
    value = predicted.get(name)
    if name == "location":
        place = value.get("name") if isinstance(value, dict) else value
        return bool(place) and str(gold).lower() in str(place).lower()
    if name == "date":
        return (
            isinstance(value, dict)
            and str(value.get("start"))[:10] == gold["start"]
            and str(value.get("end"))[:10] == gold["end"]
        )
    if name == "weapons":
        got = " ".join(map(str, value or [])).lower()
        return all(w.lower().split()[0] in got for w in gold)
    return bool(value == gold)


def _match(
    text: str, gold_events: Sequence[dict[str, Any]], predicted: Sequence[dict[str, Any]]
) -> tuple[list[tuple[int, int, int, int]], dict[int, int], dict[int, int]]:
    """One-to-one matching of predicted to gold events by overlapping evidence (score.py's rule)."""
    gold_spans = [
        [s for q in g.get("evidence", []) for s in _spans_of(text, q)] + [tuple(x) for x in g.get("spans", [])]
        for g in gold_events
    ]
    candidates = []
    for pi, p in enumerate(predicted):
        spans = [(int(e["start"]), int(e["end"])) for e in p.get("evidence") or []]
        for gi, g in enumerate(gold_events):
            if p.get("type") != g["type"]:
                continue
            hits = sum(1 for a in spans for b in gold_spans[gi] if _overlaps(a, b))
            if hits:
                candidates.append((-(0 if g.get("optional") else 1), -hits, pi, gi))
    candidates.sort()
    by_pred: dict[int, int] = {}
    by_gold: dict[int, int] = {}
    for _, _, pi, gi in candidates:
        if pi not in by_pred and gi not in by_gold:
            by_pred[pi], by_gold[gi] = gi, pi
    return candidates, by_pred, by_gold


def judge_predictions(
    text: str, gold_events: Sequence[dict[str, Any]], predicted: Sequence[dict[str, Any]]
) -> list[bool | None]:
    """Judge each predicted event against the gold events.

    True when it matches a required gold event, False when it is a false positive (or a
    duplicate), None when it only matches optional gold events.

    Args:
        text: the article.
        gold_events: gold events in the gold format.
        predicted: predicted events as JSON-ready dicts.
    """
    candidates, by_pred, _ = _match(text, gold_events, predicted)
    verdicts: list[bool | None] = []
    for pi in range(len(predicted)):
        if pi in by_pred:
            verdicts.append(None if gold_events[by_pred[pi]].get("optional") else True)
            continue
        touched = {gi for _, _, qi, gi in candidates if qi == pi}
        verdicts.append(None if touched and all(gold_events[g].get("optional") for g in touched) else False)
    return verdicts


def score_article(
    text: str,
    gold_events: Sequence[dict[str, Any]],
    predicted: Sequence[dict[str, Any]],
    errors: list[tuple[Any, ...]] | None = None,
) -> Counter[str]:
    """Counts (tp/fp/fn per type, status, role and fact agreement) for one article.

    Args:
        text: the article.
        gold_events: gold events in the gold format.
        predicted: predicted events as JSON-ready dicts (``model_dump(mode="json")``).
        errors: when given, receives one tuple per error (kind, type, detail...).
    """
    errs = errors if errors is not None else []
    candidates, by_pred, by_gold = _match(text, gold_events, predicted)
    counts: Counter[str] = Counter()
    for pi, p in enumerate(predicted):
        kind = p.get("type")
        if pi in by_pred:
            if not gold_events[by_pred[pi]].get("optional"):
                counts[f"tp:{kind}"] += 1
            continue
        touched = {gi for _, _, qi, gi in candidates if qi == pi}
        if touched and all(gold_events[g].get("optional") for g in touched):
            continue
        if touched:
            counts["duplicates"] += 1
        counts[f"fp:{kind}"] += 1
        errs.append(("FP", kind, p.get("status"), [e.get("text", "")[:90] for e in p.get("evidence", [])[:1]]))
    for gi, g in enumerate(gold_events):
        if g.get("optional"):
            continue
        if gi not in by_gold:
            counts[f"fn:{g['type']}"] += 1
            errs.append(("FN", g["type"], g["status"], g.get("evidence", [])[:1]))
            continue
        p = predicted[by_gold[gi]]
        counts["status_n"] += 1
        status_ok = p.get("status") in _as_list(g["status"])
        counts["status_ok"] += status_ok
        if not status_ok:
            errs.append(("STATUS", g["type"], f"want {g['status']} got {p.get('status')}", g.get("evidence", [])[:1]))
        for role, want in g.get("roles", {}).items():
            counts["role_n"] += 1
            got = _codes(p.get(ROLE_FIELDS[role]))
            wanted = set(_as_list(want))
            ok = wanted <= got and len(got) <= len(wanted) + 1
            counts["role_ok"] += ok
            if not ok:
                errs.append(("ROLE", g["type"], role, f"want {sorted(wanted)} got {sorted(got)}"))
        for name in FACTS:
            if name in g:
                counts["fact_n"] += 1
                ok = _fact_ok(name, g[name], p)
                counts["fact_ok"] += ok
                if not ok:
                    errs.append(("FACT", g["type"], name, f"want {g[name]!r} got {p.get(name)!r}"))
    return counts


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass
class EvaluationReport:
    """Scores of a run over a gold file.

    Attributes:
        counts: raw counts (``tp:talks``, ``fp:sanction``, ``status_ok``...).
        errors: ``(file, kind, type, detail...)`` tuples for every error.
    """

    counts: Counter[str] = field(default_factory=Counter)
    errors: list[tuple[Any, ...]] = field(default_factory=list)
    judged: list[tuple[float, bool]] = field(default_factory=list)

    def reliability(self, edges: Sequence[float] = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)) -> str:
        """Reliability table: for each confidence bin, how many events and how many were right.

        Events matching only optional gold events are left out.
        """
        lines = [f"{'confidence':>12} {'events':>7} {'mean conf':>10} {'precision':>10}"]
        for low, high in itertools.pairwise(edges):
            inside = [(c, ok) for c, ok in self.judged if low <= c < high or (high == edges[-1] and c == high)]
            if not inside:
                lines.append(f"{low:5.2f}-{high:<6.2f} {0:7d} {'-':>10} {'-':>10}")
                continue
            mean = sum(c for c, _ in inside) / len(inside)
            precision = sum(ok for _, ok in inside) / len(inside)
            lines.append(f"{low:5.2f}-{high:<6.2f} {len(inside):7d} {mean:10.3f} {precision:10.3f}")
        return "\n".join(lines)

    def per_type(self) -> dict[str, tuple[int, int, int, float, float, float]]:
        """``type → (tp, fp, fn, precision, recall, f1)``."""
        out = {}
        for kind in TYPES:
            tp, fp, fn = self.counts[f"tp:{kind}"], self.counts[f"fp:{kind}"], self.counts[f"fn:{kind}"]
            out[kind] = (tp, fp, fn, *_prf(tp, fp, fn))
        return out

    @property
    def f1(self) -> float:
        """Event F1 over all types."""
        rows = self.per_type().values()
        return _prf(sum(r[0] for r in rows), sum(r[1] for r in rows), sum(r[2] for r in rows))[2]

    def accuracy(self, key: str) -> float:
        """Accuracy of ``status``, ``role`` or ``fact`` on matched events."""
        n = self.counts[f"{key}_n"]
        return self.counts[f"{key}_ok"] / n if n else 0.0

    def table(self) -> str:
        """The score table, in the layout of ``score.py``."""
        lines = [f"{'type':20} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6} {'F1':>6}"]
        total = [0, 0, 0]
        for kind, (tp, fp, fn, p, r, f) in self.per_type().items():
            total = [total[0] + tp, total[1] + fp, total[2] + fn]
            lines.append(f"{kind:20} {tp:4} {fp:4} {fn:4} {p:6.3f} {r:6.3f} {f:6.3f}")
        p, r, f = _prf(*total)
        lines.append(f"{'all':20} {total[0]:4} {total[1]:4} {total[2]:4} {p:6.3f} {r:6.3f} {f:6.3f}")
        lines.append(
            f"duplicates {self.counts['duplicates']}  "
            f"status acc {self.accuracy('status'):.3f} (n={self.counts['status_n']})  "
            f"role acc {self.accuracy('role'):.3f} (n={self.counts['role_n']})  "
            f"fact acc {self.accuracy('fact'):.3f} (n={self.counts['fact_n']})"
        )
        lines.append(f"event F1 {f:.3f}")
        return "\n".join(lines)


Parser = Callable[[str, "dt.date | None"], Sequence[dict[str, Any]]]


def evaluate_gold(gold_path: Path, texts_dir: Path, parse: Parser) -> EvaluationReport:
    """Run ``parse`` on every article of a gold file and score it.

    Args:
        gold_path: the gold JSON file.
        texts_dir: the folder holding the articles it names.
        parse: ``(text, published) → list of JSON-ready event dicts``.

    Raises:
        GoldFileError: the gold file is malformed (see [`read_gold`][negotiation_events.evaluate.read_gold]).
    """
    gold = read_gold(gold_path)
    report = EvaluationReport()
    for article in gold["articles"]:
        text = (Path(texts_dir) / article["file"]).read_text(encoding="utf-8")
        published = dt.date.fromisoformat(article["published"]) if article.get("published") else None
        errors: list[tuple[Any, ...]] = []
        predicted = parse(text, published)
        report.counts.update(score_article(text, article["events"], predicted, errors))
        for event, verdict in zip(predicted, judge_predictions(text, article["events"], predicted), strict=True):
            if verdict is not None:
                report.judged.append((float(event.get("confidence") or 0.0), verdict))
        report.errors.extend((article["file"], *e) for e in errors)
    return report


def gold_as_predictions(text: str, events: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """One annotator's gold events in the shape of predicted events, to score annotators against each other.

    Evidence spans come from the mentions' ``span`` (format v2) or each quote's first
    occurrence; roles become actors with their codes; facts are kept; the status is the
    first listed.

    Args:
        text: the article.
        events: gold events of the article.
    """
    out: list[dict[str, Any]] = []
    for event in events:
        spans: list[tuple[int, int]] = []
        for mention in event.get("mentions") or []:
            if mention.get("span"):
                spans.append((int(mention["span"][0]), int(mention["span"][1])))
        if not spans:
            for quote in event.get("evidence", []):
                found = _spans_of(text, quote)[:1]
                spans.extend(found)
        status = event["status"][0] if isinstance(event["status"], list) else event["status"]
        predicted: dict[str, Any] = {
            "type": event["type"],
            "status": status,
            "confidence": 1.0,
            "evidence": [{"start": a, "end": b, "text": text[a:b]} for a, b in spans],
        }
        for role, codes in event.get("roles", {}).items():
            predicted[ROLE_FIELDS[role]] = [{"country": code} for code in _as_list(codes)]
        for name in FACTS:
            if name in event:
                predicted[name] = {"name": event[name]} if name == "location" else event[name]
        out.append(predicted)
    return out


def compare_gold(gold_path: Path, other_path: Path, texts_dir: Path) -> EvaluationReport:
    """Score a second annotation of the same articles against a gold file (inter-annotator agreement).

    The events of ``other_path`` play the predictions, with the matching and scores of
    [`evaluate_gold`][negotiation_events.evaluate.evaluate_gold]; articles of the gold file
    missing from the other file count as annotated without events. Event F1 is symmetric;
    precision and recall swap when the files swap.

    Args:
        gold_path: the reference annotation.
        other_path: the second annotation (of some or all of the same articles).
        texts_dir: the folder holding the articles.

    Raises:
        GoldFileError: either file is malformed.
    """
    gold = read_gold(gold_path)
    other = {a["file"]: a for a in read_gold(other_path)["articles"]}
    report = EvaluationReport()
    for article in gold["articles"]:
        if article["file"] not in other:
            continue
        text = (Path(texts_dir) / article["file"]).read_text(encoding="utf-8")
        errors: list[tuple[Any, ...]] = []
        predicted = gold_as_predictions(text, other[article["file"]]["events"])
        report.counts.update(score_article(text, article["events"], predicted, errors))
        report.errors.extend((article["file"], *e) for e in errors)
    return report


@dataclass
class FalseAlarmReport:
    """What a run made of a stream of event-free paragraphs (the negative stream).

    Attributes:
        paragraphs: how many paragraphs were read.
        flagged: how many got at least one event (each one is a false alarm).
        by_type: the events found, by type.
        by_kind: the flagged paragraphs, by the stream's ``kind`` (protest, battle...).
    """

    paragraphs: int = 0
    flagged: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    by_kind: Counter[str] = field(default_factory=Counter)

    @property
    def rate(self) -> float:
        """The share of paragraphs that got an event (0 for an empty stream)."""
        return self.flagged / self.paragraphs if self.paragraphs else 0.0


def read_negatives(path: Path) -> list[dict[str, Any]]:
    """Read a negative stream: JSON Lines of event-free paragraphs.

    Every line is an object with a ``text`` (str) and may have an ``id``, a ``published``
    date (ISO, ``YYYY-MM-DD``) and a ``kind``; blank lines are skipped.

    Raises:
        GoldFileError: a line is not JSON, not an object, has no text or a bad date;
            the message names the file and the line.
    """
    items: list[dict[str, Any]] = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}, line {number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldFileError(f"{where}: not JSON ({exc.msg})") from None
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise GoldFileError(f"{where}: expected an object with a 'text' string")
        published = item.get("published")
        if published is not None:
            try:
                dt.date.fromisoformat(str(published))
            except ValueError:
                raise GoldFileError(f"{where}: 'published' is not an ISO date: {published!r}") from None
        items.append(item)
    return items


def false_alarms(path: Path, parse: Parser) -> FalseAlarmReport:
    r"""Run ``parse`` on every paragraph of a negative stream and count those that get an event.

    Args:
        path: the stream (see [`read_negatives`][negotiation_events.evaluate.read_negatives]).
        parse: ``(text, published) → list of JSON-ready event dicts``.

    Example:
        >>> import tempfile
        >>> from negotiation_events import parse_article
        >>> line = '{"text": "Police dispersed a protest in the capital.", "kind": "protest"}'
        >>> with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as stream:
        ...     _ = stream.write(line + "\n")
        >>> def parse(text, day):
        ...     return [e.model_dump(mode="json") for e in parse_article(text, published=day)]
        >>> report = false_alarms(Path(stream.name), parse)
        >>> report.paragraphs, report.rate
        (1, 0.0)
    """
    report = FalseAlarmReport()
    for item in read_negatives(path):
        published = dt.date.fromisoformat(str(item["published"])) if item.get("published") else None
        events = parse(item["text"], published)
        report.paragraphs += 1
        if events:
            report.flagged += 1
            report.by_kind[str(item.get("kind", "unknown"))] += 1
        report.by_type.update(str(e["type"]) for e in events)
    return report
