"""Train the sentence event-type classifier shipped as ``extractors/model/pipeline``.

One command, from the repository root::

    python training/train.py

It (1) parses the ``train`` and ``dev`` splits of ``corpus/`` with the same English
pipeline and the same paragraph/sentence segmentation that :func:`parse_article` uses,
(2) labels every sentence with the event types whose gold evidence it overlaps, (3) trains
``training/config.cfg`` with spaCy (seed 0, CPU, deterministic), (4) copies the best
model into the package, and (5) calibrates event confidence on the ``dev`` split
(``extractors/model/calibration.json``). The ``test`` split is never read.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "training" / ".cache"
PACKAGE_MODEL = ROOT / "src" / "negotiation_events" / "extractors" / "model" / "pipeline"
EVENT_TYPES = ("talks", "prisoner_exchange", "ceasefire_proposal", "sanction", "arms_deal")


def quote_spans(text: str, quote: str) -> list[tuple[int, int]]:
    """Every occurrence of a gold quote (the matching rule of ``score.py``)."""
    spans, index = [], text.find(quote)
    while index >= 0:
        spans.append((index, index + len(quote)))
        index = text.find(quote, index + 1)
    return spans


def labelled_sentences(split: str) -> list[tuple[str, dict[str, float]]]:
    """(sentence text, cats) for every sentence of every article in a corpus split."""
    from negotiation_events.extractors.base import ArticleContext
    from negotiation_events.extractors.model import sentence_features
    from negotiation_events.normalise.actors import load_gazetteer
    from negotiation_events.pipeline import get_pipeline, paragraphs

    nlp = get_pipeline()
    gazetteer = load_gazetteer()
    gold = json.loads((ROOT / "corpus" / f"{split}.json").read_text(encoding="utf-8"))
    out: list[tuple[str, dict[str, float]]] = []
    for article in gold["articles"]:
        text = (ROOT / "corpus" / "articles" / article["file"]).read_text(encoding="utf-8")
        evidence = [
            (event["type"], span)
            for event in article["events"]
            for quote in event.get("evidence", [])
            for span in quote_spans(text, quote)
        ]
        pieces = list(paragraphs(text, nlp.max_length - 1))
        for (offset, _), doc in zip(pieces, nlp.pipe(p for _, p in pieces), strict=True):
            context = ArticleContext(offset=offset, actors=gazetteer.find(doc))
            for sentence in doc.sents:
                start, end = offset + sentence.start_char, offset + sentence.end_char
                found = {kind for kind, (a, b) in evidence if a < end and start < b}
                if sentence.text.strip():
                    features = sentence_features(sentence, context)
                    out.append((features, {kind: float(kind in found) for kind in EVENT_TYPES}))
    return out


def write_docbin(rows: list[tuple[str, dict[str, float]]], path: Path) -> None:
    """Store labelled sentences as a spaCy DocBin of tokenised (unparsed) Docs."""
    import spacy
    from spacy.tokens import DocBin

    blank = spacy.blank("en")
    docbin = DocBin()
    for text, cats in rows:
        doc = blank.make_doc(text)
        doc.cats = cats
        docbin.add(doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    docbin.to_disk(path)


def train() -> Path:
    """Prepare the data, train, and return the directory of the best model."""
    from spacy.cli.train import train as spacy_train

    for split in ("train", "dev"):
        rows = labelled_sentences(split)
        positives = {kind: int(sum(c[kind] for _, c in rows)) for kind in EVENT_TYPES}
        print(f"{split}: {len(rows)} sentences, positives {positives}", file=sys.stderr)
        write_docbin(rows, CACHE / f"{split}.spacy")
    output = CACHE / "output"
    shutil.rmtree(output, ignore_errors=True)
    spacy_train(
        ROOT / "training" / "config.cfg",
        output,
        overrides={"paths.train": str(CACHE / "train.spacy"), "paths.dev": str(CACHE / "dev.spacy")},
    )
    return output / "model-best"


def install(model_dir: Path) -> None:
    """Copy the trained pipeline into the package (replacing the previous one)."""
    shutil.rmtree(PACKAGE_MODEL, ignore_errors=True)
    shutil.copytree(model_dir, PACKAGE_MODEL)
    config = PACKAGE_MODEL / "config.cfg"  # the training data paths of this machine do not ship
    lines = config.read_text(encoding="utf-8").splitlines()
    lines = [
        f"{line.split('=')[0].strip()} = null" if line.startswith(("train = ", "dev = ")) else line for line in lines
    ]
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    size = sum(f.stat().st_size for f in PACKAGE_MODEL.rglob("*") if f.is_file())
    print(f"installed {PACKAGE_MODEL.relative_to(ROOT)} ({size / 1e6:.1f} MB)", file=sys.stderr)


def main() -> None:
    """Command line: train, install, calibrate."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-training", action="store_true", help="only recalibrate the installed model")
    args = parser.parse_args()
    if not args.skip_training:
        install(train())
    from calibrate import calibrate  # training/calibrate.py

    calibrate()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
