"""Assemble the corpus from writers' batches, and print the data card's tables.

Usage::

    python corpus/tools/build.py integrate       # corpus/incoming/* and corpus/blind/incoming/* -> corpus/
    python corpus/tools/build.py card            # the tables of corpus/README.md
    python corpus/tools/build.py freeze          # write corpus/blind/MANIFEST.sha256 (once)
    python corpus/tools/build.py agreement       # corpus/agreement/first.json: the first annotation of the study

Splits are fixed by rule (the data card repeats it): an article keeps the split it has;
the agreement study's second annotation (batch ``A1``) goes to ``corpus/agreement/``;
new articles 601-1999 go to ``test`` when their number ends in 0, to ``dev`` when it ends
in 5, else to ``train``; articles 2001 on form the frozen ``blind`` split
(``corpus/blind/``). Re-checked entries of older articles (batches ``R*``) replace their
old entries in the split they are in. Negative-stream batches (``N*``) are joined into
``corpus/negatives.jsonl``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gold as goldlib

CORPUS = Path(__file__).resolve().parent.parent
SPLITS = ("train", "dev", "test")
BLIND = CORPUS / "blind"


def split_of(name: str) -> str:
    """The split a new article goes to, by its number."""
    number = int(name.split("_", 1)[0])
    if number >= 2001:
        return "blind"
    if number < 601:
        raise ValueError(f"{name}: articles below 601 keep the split they have")
    return "test" if number % 10 == 0 else "dev" if number % 10 == 5 else "train"


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _dump(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def integrate() -> None:
    """Move every finished batch into place (each batch's gold must check clean and be resolved)."""
    splits = {s: _load(CORPUS / f"{s}.json") for s in SPLITS}
    for split, data in splits.items():
        data["schema"] = "negotiation-events-gold/2"
        data["split"] = split
    where = {a["file"]: s for s, data in splits.items() for a in data["articles"]}
    done: list[Path] = []
    for batch in sorted(p for p in (CORPUS / "incoming").glob("*") if p.is_dir()):
        if batch.name.startswith("N"):
            continue
        if batch.name.startswith("A"):  # a second annotation of articles already in the corpus
            _checked(batch, batch / "articles")
            (CORPUS / "agreement").mkdir(exist_ok=True)
            shutil.copy2(batch / "gold.json", CORPUS / "agreement" / "second.json")
        elif batch.name.startswith("R"):
            _recheck(batch, splits, where)
        else:
            _new(batch, splits, where, CORPUS / "articles")
        done.append(batch)
    blind = _load(BLIND / "gold.json") if (BLIND / "gold.json").is_file() else {"articles": []}
    blind.update({"schema": "negotiation-events-gold/2", "split": "blind"})
    for batch in sorted(p for p in (BLIND / "incoming").glob("*") if p.is_dir()):
        entries = _checked(batch, batch / "articles")
        (BLIND / "articles").mkdir(exist_ok=True)
        for entry in entries:
            shutil.copy2(batch / "articles" / entry["file"], BLIND / "articles" / entry["file"])
            entry.setdefault("origin", batch.name)
            blind["articles"].append(entry)
        done.append(batch)
    blind["articles"].sort(key=lambda a: a["file"])
    if blind["articles"]:
        _dump(BLIND / "gold.json", blind)
    for split, data in splits.items():
        data["articles"].sort(key=lambda a: a["file"])
        _dump(CORPUS / f"{split}.json", data)
    streams = sorted((CORPUS / "incoming").glob("N*/negatives.jsonl"))
    if streams:
        old = (
            (CORPUS / "negatives.jsonl").read_text(encoding="utf-8").splitlines()
            if (CORPUS / "negatives.jsonl").is_file()
            else []
        )
        lines = old + [
            line for path in streams for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
        ]
        (CORPUS / "negatives.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        done.extend(path.parent for path in streams)
    for batch in done:  # keep the writers' notes, drop the moved copies
        notes = CORPUS / "notes" / "batches"
        notes.mkdir(parents=True, exist_ok=True)
        for name in ("NOTES.md", "CHANGES.md"):
            if (batch / name).is_file():
                suffix = "" if name == "NOTES.md" else "-changes"
                shutil.copy2(batch / name, notes / f"{batch.name}{suffix}.md")
        shutil.rmtree(batch)


def _checked(batch: Path, articles: Path) -> list[dict[str, Any]]:
    problems = goldlib.check(batch / "gold.json", articles)
    if problems:
        raise SystemExit(f"{batch}: gold does not check:\n" + "\n".join(problems[:20]))
    entries = _load(batch / "gold.json")["articles"]
    unresolved = [a["file"] for a in entries for e in a["events"] for m in e["mentions"] if "span" not in m]
    if unresolved:
        raise SystemExit(f"{batch}: run 'gold.py resolve' first ({unresolved[0]})")
    return entries  # type: ignore[no-any-return]


def _new(batch: Path, splits: dict[str, dict[str, Any]], where: dict[str, str], target: Path) -> None:
    for entry in _checked(batch, batch / "articles"):
        name = entry["file"]
        split = split_of(name)
        if name in where:
            raise SystemExit(f"{batch}: {name} is already in the corpus")
        shutil.copy2(batch / "articles" / name, target / name)
        entry.setdefault("origin", batch.name)
        splits[split]["articles"].append(entry)
        where[name] = split


def _recheck(batch: Path, splits: dict[str, dict[str, Any]], where: dict[str, str]) -> None:
    for entry in _checked(batch, CORPUS / "articles"):
        name = entry["file"]
        split = where[name]
        articles = splits[split]["articles"]
        index = next(i for i, a in enumerate(articles) if a["file"] == name)
        entry["origin"] = articles[index].get("origin", entry.get("origin"))
        articles[index] = entry


def freeze() -> None:
    """Write the blind split's manifest: the sha256 of its gold file and of every article."""
    files = [BLIND / "gold.json", *sorted((BLIND / "articles").glob("*.txt"))]
    lines = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(BLIND).as_posix()}" for p in files]
    (BLIND / "MANIFEST.sha256").write_text("\n".join(lines) + "\n", encoding="utf-8")


def agreement() -> None:
    """Write the first annotation of the agreement study's articles (from the splits) next to the second."""
    second = _load(CORPUS / "agreement" / "second.json")
    entries = {a["file"]: a for s in SPLITS for a in _load(CORPUS / f"{s}.json")["articles"]}
    first = {"schema": "negotiation-events-gold/2", "articles": [entries[a["file"]] for a in second["articles"]]}
    _dump(CORPUS / "agreement" / "first.json", first)


def _table(title: str, rows: list[str], columns: list[str], cell: Any) -> list[str]:
    out = [f"| {title} | " + " | ".join(columns) + " |", "|---|" + "---|" * len(columns)]
    out += [f"| {row} | " + " | ".join(str(cell(row, c)) for c in columns) + " |" for row in rows]
    return out


def card() -> str:
    """The data card's tables, in Markdown."""
    parts = {s: (_load(CORPUS / f"{s}.json"), CORPUS / "articles") for s in SPLITS}
    if (BLIND / "gold.json").is_file():
        parts["blind"] = (_load(BLIND / "gold.json"), BLIND / "articles")
    names = list(parts)
    articles: Counter[tuple[str, str]] = Counter()
    events: Counter[tuple[str, str]] = Counter()
    cells: Counter[tuple[str, str]] = Counter()
    groups: dict[str, Counter[tuple[str, str]]] = {k: Counter() for k in ("region", "style", "band", "origin", "kind")}
    for split, (data, folder) in parts.items():
        for article in data["articles"]:
            text = (folder / article["file"]).read_text(encoding="utf-8")
            required = [e for e in article["events"] if not e.get("optional")]
            articles[(split, "articles")] += 1
            articles[(split, "hard negatives")] += not article["events"]
            articles[(split, "required events")] += len(required)
            articles[(split, "optional events")] += len(article["events"]) - len(required)
            articles[(split, "mentions")] += sum(
                len(e.get("mentions") or e.get("evidence", [])) for e in article["events"]
            )
            articles[(split, "words")] += goldlib.words(text)
            groups["region"][(str(article.get("region", "(not recorded)")), split)] += 1
            groups["style"][(str(article.get("style", "(not recorded)")), split)] += 1
            groups["band"][(goldlib.length_band(text), split)] += 1
            groups["origin"][(_origin_group(str(article.get("origin", "?"))), split)] += 1
            groups["kind"][(str(article.get("kind", "event" if article["events"] else "(negative)")), split)] += 1
            for event in required:
                status = event["status"][0] if isinstance(event["status"], list) else event["status"]
                events[(event["type"], split)] += 1
                cells[(f"{event['type']} / {status}", split)] += 1
    lines = _table(
        "split",
        names,
        ["articles", "hard negatives", "required events", "optional events", "mentions", "words"],
        lambda row, col: articles[(row, col)],
    )
    lines.append("")
    lines += _table("type", list(goldlib.TYPES), names, lambda row, col: events[(row, col)])
    lines.append("")
    rows = [f"{t} / {s}" for t in goldlib.TYPES for s in goldlib.STATUSES]
    lines += _table("type / status", rows, names, lambda row, col: cells[(row, col)])
    for key, title in (("region", "region"), ("style", "style"), ("band", "length"), ("kind", "article kind")):
        lines.append("")
        rows = sorted({r for r, _ in groups[key]})
        lines += _table(title, rows, names, lambda row, col, key=key: groups[key][(row, col)])
    lines.append("")
    rows = sorted({r for r, _ in groups["origin"]})
    lines += _table("origin", rows, names, lambda row, col: groups["origin"][(row, col)])
    return "\n".join(lines)


def _origin_group(origin: str) -> str:
    if origin == "blind":
        return "blind 201-216 (v1 brief)"
    if origin.startswith("BL"):
        return "blind batches (v2 brief)"
    if origin.startswith("B") and origin[1:].isdigit():
        return "batches B01-B18 (v2 brief)"
    return origin


def main(argv: list[str] | None = None) -> int:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("integrate", "card", "freeze", "agreement"))
    args = parser.parse_args(argv)
    if args.command == "integrate":
        integrate()
    elif args.command == "freeze":
        freeze()
    elif args.command == "agreement":
        agreement()
    else:
        print(card())
    return 0


if __name__ == "__main__":
    sys.exit(main())
