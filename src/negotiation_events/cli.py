"""Command line: ``negotiation-events parse`` and ``negotiation-events evaluate``.

Examples::

    negotiation-events parse seeds/ --published 2025-05-16
    negotiation-events parse article.txt --format table
    negotiation-events parse archive.jsonl --input-format jsonl --processes 2
    cat article.txt | negotiation-events parse - --format json
    negotiation-events evaluate seeds/gold.json seeds/ --show-errors --min-f1 0.85
    negotiation-events timeline seeds/ --dates seeds/gold.json --format html > timeline.html
    negotiation-events schema > docs/events.schema.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from . import __version__
from .api import ON_ERROR_CHOICES, coerce_published, parse_article
from .batch import parse_articles
from .errors import NegotiationEventsError, PluginWarning
from .evaluate import compare_gold, evaluate_gold, false_alarms
from .extractors.registry import available_extractors
from .models import Event, EventListAdapter, events_json_schema
from .timeline import Timeline

__all__ = ["main"]

_ROLE_FIELDS = ("parties", "mediators", "sides", "proposer", "imposers", "targets", "suppliers", "recipients")


def _inputs(paths: Sequence[str]) -> Iterator[tuple[str, str]]:
    for raw in paths:
        if raw == "-":
            yield "<stdin>", sys.stdin.read()
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix == ".txt" and p.is_file())
            if not files:
                raise FileNotFoundError(f"no .txt files in directory {raw}")
            for file in files:
                yield str(file), file.read_text(encoding="utf-8")
        elif path.is_file():
            yield str(path), path.read_text(encoding="utf-8")
        else:
            raise FileNotFoundError(f"no such file or directory: {raw}")


def _records(paths: Sequence[str], input_format: str) -> Iterator[tuple[str, str, Any]]:
    """``(source, text, published or None)`` for every article named on the command line."""
    if input_format == "text":
        for source, text in _inputs(paths):
            yield source, text, None
        return
    for source, content in _inputs(paths):
        for number, line in enumerate(content.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{source}, line {number}: not JSON ({exc.msg})") from None
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise ValueError(f"{source}, line {number}: a JSON object with a 'text' string is needed")
            ident = record.get("id", f"{source}:{number}")
            yield str(ident), record["text"], record.get("published")


def _has_tqdm() -> bool:
    import importlib.util

    return importlib.util.find_spec("tqdm") is not None


def _roles(record: dict[str, Any]) -> str:
    parts = []
    for name in _ROLE_FIELDS:
        value = record.get(name)
        actors = value if isinstance(value, list) else ([value] if value else [])
        codes = [a.get("country") or a.get("canonical") for a in actors]
        if codes:
            parts.append(f"{name}={'/'.join(codes)}")
    return " ".join(parts)


def _write(events: list[Event], source: str, fmt: str, out: TextIO, collected: list[dict[str, Any]]) -> None:
    records = EventListAdapter.dump_python(events, mode="json")
    for event_record in records:
        record = {"source": source, **event_record}
        if fmt == "jsonl":
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif fmt == "json":
            collected.append(record)
        else:
            date = (record.get("date") or {}).get("start") or ""
            place = (record.get("location") or {}).get("name") or ""
            evidence = record["evidence"][0]["text"].replace("\n", " ")
            out.write(
                f"{Path(source).name[:24]:24} {record['type']:18} {record['status']:10} "
                f"{_roles(record):34} {date:10} {place:12} {evidence[:60]}\n"
            )


def _parse_command(args: argparse.Namespace) -> int:
    published = coerce_published(args.published)
    extractors = args.extractors.split(",") if args.extractors else None
    collected: list[dict[str, Any]] = []
    out = sys.stdout
    if args.format == "table":
        out.write(f"{'source':24} {'type':18} {'status':10} {'roles':34} {'date':10} {'location':12} evidence\n")
    records = list(_records(args.paths, args.input_format))
    inputs = [
        {"id": source, "text": text, "published": published if day is None else day} for source, text, day in records
    ]
    results = parse_articles(
        inputs,
        extractors=extractors,
        n_process=args.processes,
        progress=sys.stderr.isatty() and _has_tqdm(),
        on_error=args.on_error,
    )
    for (source, _, _), events in zip(records, results, strict=True):
        _write(events, source, args.format, out, collected)
    if args.format == "json":
        out.write(json.dumps(collected, ensure_ascii=False, indent=2) + "\n")
    return 0


def _runner(extractors: Sequence[str] | None) -> Callable[[str, dt.date | None], list[dict[str, Any]]]:
    def run(text: str, published: dt.date | None) -> list[dict[str, Any]]:
        events = parse_article(text, published=published, extractors=extractors)
        return list(EventListAdapter.dump_python(events, mode="json"))

    return run


def _compare(args: argparse.Namespace) -> int:
    """One row per extractor set and gold file: event F1, status, role and fact accuracy, F1 per type.

    With ``--negatives``, also the false-alarm rate of each set on the negative stream.
    """
    kinds = ("talks", "prisoner_exchange", "ceasefire_proposal", "sanction", "arms_deal")
    splits = [(Path(args.gold), Path(args.texts)), *((Path(g), Path(t)) for g, t in args.also or [])]
    names = [gold.stem if gold.stem != "gold" else gold.parent.name for gold, _ in splits]
    width = max(24, *(len(choice) for choice in args.compare))
    split_width = max(5, *(len(n) for n in names))
    header = f"{'extractors':{width}} {'gold':{split_width}} {'F1':>6} {'status':>6} {'role':>6} {'fact':>6} "
    header += " ".join(f"{k[:12]:>12}" for k in kinds)
    if args.negatives:
        header += f" {'alarms':>7}"
    print(header)
    for choice in args.compare:
        extractors = None if choice == "default" else choice.split(",")
        runner = _runner(extractors)
        alarms = f" {false_alarms(Path(args.negatives), runner).rate:7.3f}" if args.negatives else ""
        for index, ((gold, texts), name) in enumerate(zip(splits, names, strict=True)):
            report = evaluate_gold(gold, texts, runner)
            per_type = report.per_type()
            cells = " ".join(f"{per_type[k][5]:12.3f}" for k in kinds)
            accuracies = " ".join(f"{report.accuracy(key):6.3f}" for key in ("status", "role", "fact"))
            label = choice if index == 0 else ""
            tail = alarms if index == 0 else ""
            print(f"{label:{width}} {name:{split_width}} {report.f1:6.3f} {accuracies} {cells}{tail}")
    return 0


def _evaluate_command(args: argparse.Namespace) -> int:
    if args.compare:
        return _compare(args)
    if args.against:
        report = compare_gold(Path(args.gold), Path(args.against), Path(args.texts))
    else:
        extractors = args.extractors.split(",") if args.extractors else None
        report = evaluate_gold(Path(args.gold), Path(args.texts), _runner(extractors))
    print(report.table())
    if args.negatives:
        alarms = false_alarms(Path(args.negatives), _runner(extractors))
        print(
            f"false alarms {alarms.flagged} of {alarms.paragraphs} paragraphs ({alarms.rate:.3f}); "
            f"events by type: {', '.join(f'{k} {v}' for k, v in alarms.by_type.most_common()) or 'none'}; "
            f"flagged by kind: {', '.join(f'{k} {v}' for k, v in alarms.by_kind.most_common()) or 'none'}"
        )
    if args.reliability:
        print(report.reliability())
    if args.show_errors:
        for error in report.errors:
            print(*error, sep=" | ")
    if args.min_f1 is not None and report.f1 < args.min_f1:
        print(f"event F1 {report.f1:.3f} is below --min-f1 {args.min_f1}", file=sys.stderr)
        return 1
    return 0


def _publication_dates(path: str | None) -> dict[str, Any]:
    """``--dates FILE``: a JSON object ``{name: date}`` or a gold file (its articles' ``file`` and ``published``)."""
    if path is None:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"--dates {path}: not JSON ({exc.msg})") from None
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        return {str(a.get("file")): a.get("published") for a in data["articles"] if isinstance(a, dict)}
    if isinstance(data, dict) and all(isinstance(k, str) for k in data):
        return dict(data)
    raise ValueError(f"--dates {path}: expected a JSON object {{name: date}} or a gold file with 'articles'")


def _timeline_command(args: argparse.Namespace) -> int:
    published = coerce_published(args.published)
    dates = _publication_dates(args.dates)
    extractors = args.extractors.split(",") if args.extractors else None
    records = list(_records(args.paths, args.input_format))
    articles = []
    texts: dict[str, str] = {}
    for source, text, day in records:
        given = day if day is not None else dates.get(source, dates.get(Path(source).name))
        articles.append((source, text, given if given is not None else published))
        texts[source] = text
    timeline = Timeline.from_articles(articles, extractors=extractors, n_process=args.processes, on_error=args.on_error)
    if args.format == "jsonl":
        sys.stdout.write(timeline.to_jsonl())
    elif args.format == "table":
        sys.stdout.write(timeline.to_table())
    else:
        sys.stdout.write(timeline.to_html(texts, title=args.title))
    return 0


def _schema_command(_args: argparse.Namespace) -> int:
    print(json.dumps(events_json_schema(), indent=2, ensure_ascii=False))
    return 0


def _on_error_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--on-error",
        choices=ON_ERROR_CHOICES,
        default="raise",
        help="when an extractor fails on an article: raise (default: stop with an error, exit status 2) or "
        "skip (leave that extractor out of that article, print a warning on stderr, go on)",
    )


def _show_warning(  # noqa: PLR0917 (the signature of warnings.showwarning)
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    """Warnings as one ``negotiation-events: warning:`` line on stderr, without the source line."""
    print(f"negotiation-events: warning: {message}", file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``negotiation-events`` command."""
    parser = argparse.ArgumentParser(
        prog="negotiation-events",
        description="Extract negotiation events (talks, prisoner exchanges, ceasefires, sanctions, "
        "arms deals) from English news articles.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    parse = commands.add_parser(
        "parse",
        help="print the events in articles",
        description="Print the events found in each article: JSON Lines (one event per line, with its "
        "source file), a JSON array, or a table. Directories are read for every .txt file; '-' reads stdin.",
    )
    parse.add_argument("paths", nargs="+", metavar="PATH", help="article files, directories of .txt files, or -")
    parse.add_argument(
        "--input-format",
        choices=("text", "jsonl"),
        default="text",
        help="text (default): each file is one article; jsonl: one JSON object per line with "
        "'text' and optional 'published' and 'id'",
    )
    parse.add_argument(
        "--processes", type=int, default=1, metavar="N", help="worker processes (default 1); each loads a pipeline"
    )
    parse.add_argument("--published", metavar="DATE", help="publication date (YYYY-MM-DD) for resolving relative dates")
    parse.add_argument(
        "--format", choices=("jsonl", "json", "table"), default="jsonl", help="output format (default: jsonl)"
    )
    parse.add_argument(
        "--extractors",
        metavar="NAMES",
        help="comma-separated extractor or group names (default: 'default', the rules and the model combined; "
        "'default,NAME' adds an extractor to them)",
    )
    _on_error_option(parse)
    parse.set_defaults(handler=_parse_command)

    evaluate = commands.add_parser(
        "evaluate",
        help="score the extractor against a gold file",
        description="Run the extractor over the articles of a gold file (negotiation-events-gold/1) and print "
        "precision, recall and F1 per event type, with status, role and fact accuracy.",
    )
    evaluate.add_argument("gold", metavar="GOLD", help="gold JSON file")
    evaluate.add_argument("texts", metavar="TEXTS", help="folder holding the articles named in the gold file")
    evaluate.add_argument("--extractors", metavar="NAMES", help="comma-separated extractor or group names")
    evaluate.add_argument("--min-f1", type=float, default=None, help="exit 1 when event F1 is below this")
    evaluate.add_argument("--show-errors", action="store_true", help="list every false positive, miss and wrong field")
    evaluate.add_argument(
        "--reliability", action="store_true", help="also print the reliability table (confidence bins vs precision)"
    )
    evaluate.add_argument(
        "--compare",
        nargs="+",
        metavar="SET",
        help="compare extractor sets, one row each: e.g. --compare rules model rules,model "
        "('default' is the default set)",
    )
    evaluate.add_argument(
        "--also",
        nargs=2,
        action="append",
        metavar=("GOLD", "TEXTS"),
        help="with --compare: another gold file and its folder, scored in the same table (repeatable)",
    )
    evaluate.add_argument(
        "--negatives",
        metavar="STREAM",
        help="also run on a negative stream (JSON Lines of event-free paragraphs) and report the share of "
        "paragraphs that get an event (the false-alarm rate)",
    )
    evaluate.add_argument(
        "--against",
        metavar="OTHER_GOLD",
        help="score a second annotation of the same articles instead of running an extractor "
        "(inter-annotator agreement: OTHER_GOLD's events play the predictions)",
    )
    evaluate.set_defaults(handler=_evaluate_command)

    timeline = commands.add_parser(
        "timeline",
        help="link the events of many articles into one record per real event",
        description="Parse the articles, link the reports of one real event across them (same type, compatible "
        "parties, place, time and counts) and print one record per event with its sources, conflicting facts "
        "and history: JSON Lines, a table, or a self-contained HTML page.",
    )
    timeline.add_argument("paths", nargs="+", metavar="PATH", help="article files, directories of .txt files, or -")
    timeline.add_argument(
        "--format", choices=("jsonl", "table", "html"), default="jsonl", help="output format (default: jsonl)"
    )
    timeline.add_argument(
        "--input-format", choices=("text", "jsonl"), default="text", help="as for parse (jsonl lines may carry dates)"
    )
    timeline.add_argument(
        "--dates",
        metavar="FILE",
        help="publication dates: a JSON object {file name: YYYY-MM-DD}, or a gold file",
    )
    timeline.add_argument("--published", metavar="DATE", help="publication date for articles with none")
    timeline.add_argument("--extractors", metavar="NAMES", help="comma-separated extractor or group names")
    timeline.add_argument("--processes", type=int, default=1, metavar="N", help="worker processes (default 1)")
    timeline.add_argument("--title", default="Timeline", help="title of the HTML page")
    _on_error_option(timeline)
    timeline.set_defaults(handler=_timeline_command)

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of the output",
        description="Print the JSON Schema (draft 2020-12) of a JSON array of events, the output of "
        "'parse --format json'; it is also committed as docs/events.schema.json.",
    )
    schema.set_defaults(handler=_schema_command)

    extractors = commands.add_parser("extractors", help="list the registered extractors")
    extractors.set_defaults(handler=lambda _args: print("\n".join(available_extractors())) or 0)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always", PluginWarning)
            warnings.showwarning = _show_warning
            return int(args.handler(args))
    except (NegotiationEventsError, FileNotFoundError, UnicodeDecodeError, ValueError) as exc:
        print(f"negotiation-events: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `negotiation-events parse dir | head`
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
