"""Objects built once per spaCy vocabulary (matchers hold vocabulary-bound pattern data)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from spacy.vocab import Vocab

T = TypeVar("T")

__all__ = ["PerVocab"]


class PerVocab(Generic[T]):
    """Build a value (a Matcher, a PhraseMatcher) the first time a vocabulary asks, then reuse it."""

    def __init__(self, build: Callable[[Vocab], T]) -> None:
        """Remember how to build the value."""
        self._build = build
        self._values: dict[int, tuple[Vocab, T]] = {}
        self._lock = threading.Lock()

    def get(self, vocab: Vocab) -> T:
        """The value for ``vocab``, built on first use (thread-safe)."""
        cached = self._values.get(id(vocab))
        if cached is not None and cached[0] is vocab:
            return cached[1]
        with self._lock:
            cached = self._values.get(id(vocab))
            if cached is None or cached[0] is not vocab:
                cached = (vocab, self._build(vocab))
                self._values[id(vocab)] = cached
            return cached[1]
