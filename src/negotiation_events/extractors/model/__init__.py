"""Model extractors: a trained sentence classifier that the project owns and ships.

``model.sentence.v2`` (:class:`SentenceModelExtractor`) scores every sentence for the five
event types with a spaCy ``textcat_multilabel`` pipeline trained on the project's corpus
(``training/train.py``), shipped as package data in ``pipeline/`` and loaded offline.
``model.status.v1`` (:class:`StatusModelReviser`) gives each rule mention the status a
trained classifier reads for its trigger (``training/train_status.py``, shipped as
``status_model.json``).
"""

from __future__ import annotations

from .sentence import SentenceModelExtractor, SentenceScores, load_calibration, load_classifier, sentence_features
from .status import StatusModelReviser

__all__ = [
    "SentenceModelExtractor",
    "SentenceScores",
    "StatusModelReviser",
    "load_calibration",
    "load_classifier",
    "sentence_features",
]
