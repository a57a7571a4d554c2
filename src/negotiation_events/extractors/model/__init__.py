"""Model extractors: a trained sentence classifier that the project owns and ships.

``model.sentence.v1`` (:class:`SentenceModelExtractor`) scores every sentence for the five
event types with a spaCy ``textcat_multilabel`` pipeline trained on the project's corpus
(``training/train.py``), shipped as package data in ``pipeline/`` and loaded offline.
"""

from __future__ import annotations

from .sentence import SentenceModelExtractor, SentenceScores, load_calibration, load_classifier, sentence_features

__all__ = ["SentenceModelExtractor", "SentenceScores", "load_calibration", "load_classifier", "sentence_features"]
