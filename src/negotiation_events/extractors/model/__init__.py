"""Model extractors: trained components that the project owns and ships.

- ``model.sentence.v2`` (`SentenceModelExtractor`) scores every sentence for the five
  event types with a spaCy ``textcat_multilabel`` pipeline trained on the project's corpus
  (``training/train.py``), shipped as package data in ``pipeline/`` and loaded offline.
- ``model.status.v1`` (`StatusModelReviser`) gives each rule mention the status a trained
  classifier reads for its trigger (``training/train_status.py``, ``status_model.json``).
- ``model.trigger.v1`` (`TriggerModelReviser`) checks each rule trigger with a trained
  classifier (``training/train_trigger.py``, ``trigger_model.json``): a trigger unlikely
  to be an event no longer starts one.
- ``model.roles.v1`` (`RoleModelReviser`) completes the roles of each rule mention with a
  trained classifier over (trigger, actor) pairs (``training/train_roles.py``,
  ``role_model.json``).
- ``model.span.v1`` (`SpanTriggerExtractor`) finds triggers token by token with a trained
  classifier (``training/train_span.py``, ``span_model.json``) and reads their arguments
  as the rules of their type do.
"""

from __future__ import annotations

from .roles import RoleModelReviser
from .sentence import SentenceModelExtractor, SentenceScores, load_calibration, load_classifier, sentence_features
from .span import SpanTriggerExtractor
from .status import StatusModelReviser
from .trigger import TriggerModelReviser

__all__ = [
    "RoleModelReviser",
    "SentenceModelExtractor",
    "SentenceScores",
    "SpanTriggerExtractor",
    "StatusModelReviser",
    "TriggerModelReviser",
    "load_calibration",
    "load_classifier",
    "sentence_features",
]
