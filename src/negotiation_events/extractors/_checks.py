"""Checking what extractors yield: the Mention contract, and running an extractor safely.

Every mention is checked where its extractor yields it (``api._events_from_docs``), against
the Doc it was found in: a wrong type, offsets whose text is not ``article[start:end]``,
a sentence span that does not contain the evidence, a score outside [0, 1], a role or
fact key the type does not have, or a fact value its event field would reject is an
:class:`~negotiation_events.errors.InvalidMentionError` naming the extractor, the article
and the field. An exception raised inside an extractor becomes a
:class:`~negotiation_events.errors.PluginError` with the same names and the original
exception chained.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable
from functools import cache
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from spacy.tokens import Doc

from ..errors import InvalidMentionError, PluginError
from ..models import Actor, ArmsDeal, CeasefireProposal, PrisonerExchange, Sanction, Status, Talks
from .base import EVENT_TYPES, FACT_KEYS, HINT_KEYS, ROLE_KEYS, ArticleContext, Mention

__all__ = ["check_mention", "run_extractor"]

_MODELS: dict[str, type[BaseModel]] = {
    "talks": Talks,
    "prisoner_exchange": PrisonerExchange,
    "ceasefire_proposal": CeasefireProposal,
    "sanction": Sanction,
    "arms_deal": ArmsDeal,
}
_NOVELTY = (None, "new", "past")
T = TypeVar("T")


@cache
def _field_adapter(event_type: str, name: str) -> TypeAdapter[Any]:
    """A validator for the event field ``name`` of ``event_type``, with its constraints (``ge=0``...)."""
    info = _MODELS[event_type].model_fields[name]
    annotation: Any = info.annotation
    for constraint in info.metadata:
        annotation = Annotated[annotation, constraint]
    return TypeAdapter(annotation)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class _Checker:
    def __init__(self, extractor: str, article: str) -> None:
        self.extractor = extractor
        self.article = article

    def fail(self, field: str, reason: str) -> InvalidMentionError:
        return InvalidMentionError(
            f"extractor {self.extractor!r} yielded an invalid Mention on {self.article}: {field}: {reason}",
            extractor=self.extractor,
            article=self.article,
            field=field,
        )


def check_mention(mention: object, *, extractor: str, doc: Doc, context: ArticleContext, article: str) -> Mention:
    """Check one mention found in ``doc`` against the contract; return it unchanged.

    Args:
        mention: what the extractor yielded.
        extractor: the extractor's name.
        doc: the Doc the extractor read (a piece of the article at ``context.offset``).
        context: the context the extractor was given.
        article: how to name the article in messages ("the article", "texts[3]").

    Raises:
        InvalidMentionError: the first rule the mention breaks, by field.
    """
    check = _Checker(extractor, article)
    if not isinstance(mention, Mention):
        raise check.fail("mention", f"expected a negotiation_events.Mention, got {type(mention).__name__}")
    if mention.type not in EVENT_TYPES:
        raise check.fail(
            "type",
            f"{mention.type!r} is not an event type; the types are fixed: {', '.join(EVENT_TYPES)} "
            "(map new kinds onto one of them, for example hostage releases onto prisoner_exchange "
            "with category 'hostages')",
        )
    if mention.extractor != extractor:
        raise check.fail("extractor", f"{mention.extractor!r} is not the extractor's name {extractor!r}")
    _check_offsets(check, mention, doc, context.offset)
    if not isinstance(mention.trigger, str) or not mention.trigger.strip():
        raise check.fail("trigger", f"expected a non-empty str, got {mention.trigger!r}")
    score = mention.score
    if isinstance(score, bool) or not isinstance(score, numbers.Real) or math.isnan(score) or not 0 <= score <= 1:
        raise check.fail("score", f"expected a number in [0, 1], got {score!r}")
    if mention.status is not None and not isinstance(mention.status, Status):
        raise check.fail("status", f"expected a negotiation_events.Status or None, got {mention.status!r}")
    if mention.status_cue is not None and not isinstance(mention.status_cue, str):
        raise check.fail("status_cue", f"expected a str or None, got {type(mention.status_cue).__name__}")
    if mention.novelty not in _NOVELTY:
        raise check.fail("novelty", f"expected 'new', 'past' or None, got {mention.novelty!r}")
    for flag in ("anaphoric", "negated", "hypothetical"):
        if not isinstance(getattr(mention, flag), bool):
            raise check.fail(flag, f"expected a bool, got {getattr(mention, flag)!r}")
    if mention.attributed_to is not None and not isinstance(mention.attributed_to, Actor):
        raise check.fail("attributed_to", f"expected a negotiation_events.Actor or None, got {mention.attributed_to!r}")
    _check_roles(check, mention)
    _check_facts(check, mention)
    return mention


def _check_offsets(check: _Checker, mention: Mention, doc: Doc, offset: int) -> None:
    start, end, sentence = mention.start, mention.end, mention.sentence
    if not _is_int(start) or not _is_int(end):
        raise check.fail("start", f"start and end must be int, got {start!r} and {end!r}")
    low, high = offset, offset + len(doc.text)
    if not low <= start < end <= high:
        raise check.fail(
            "start",
            f"[{start}, {end}) is not a non-empty span of the paragraph the extractor read, which is "
            f"[{low}, {high}) in the article (offsets are into the article: add context.offset)",
        )
    if not isinstance(mention.text, str) or doc.text[start - offset : end - offset] != mention.text:
        raise check.fail(
            "text",
            f"{mention.text!r} is not article[{start}:{end}] ({doc.text[start - offset : end - offset]!r})",
        )
    if not (isinstance(sentence, tuple) and len(sentence) == 2 and all(_is_int(x) for x in sentence)):
        raise check.fail("sentence", f"expected a (start, end) tuple of int, got {sentence!r}")
    if not (low <= sentence[0] <= start and end <= sentence[1] <= high):
        raise check.fail("sentence", f"{sentence!r} does not contain the evidence [{start}, {end})")


def _check_roles(check: _Checker, mention: Mention, roles: object = None, where: str = "roles") -> None:
    """``mention.roles`` (or another role → actors dict, such as the ``learned_roles`` hint) is valid."""
    roles = mention.roles if roles is None else roles
    if not isinstance(roles, dict):
        raise check.fail(where, f"expected a dict, got {type(roles).__name__}")
    allowed = ROLE_KEYS[mention.type]
    for key, actors in roles.items():
        if key not in allowed:
            raise check.fail(
                f"{where}.{key}", f"{mention.type} has no role {key!r}; its roles are {', '.join(allowed)}"
            )
        if not isinstance(actors, list) or not all(isinstance(a, Actor) for a in actors):
            raise check.fail(f"{where}.{key}", "expected a list of negotiation_events.Actor")


def _check_facts(check: _Checker, mention: Mention) -> None:
    if not isinstance(mention.facts, dict):
        raise check.fail("facts", f"expected a dict, got {type(mention.facts).__name__}")
    fields = FACT_KEYS[mention.type]
    for key, value in mention.facts.items():
        if key in fields:
            if value is None:
                continue
            try:
                _field_adapter(mention.type, key).validate_python(value)
            except ValidationError as error:
                reason = error.errors()[0]["msg"]
                raise check.fail(f"facts.{key}", f"{value!r} is not valid for {mention.type}.{key}: {reason}") from None
            continue
        hint = HINT_KEYS.get(key)
        if hint is None or mention.type not in hint[1]:
            known = [*fields, *(k for k, (_, types) in HINT_KEYS.items() if mention.type in types)]
            raise check.fail(f"facts.{key}", f"{mention.type} has no fact {key!r}; its facts are {', '.join(known)}")
        if key == "learned_roles":
            _check_roles(check, mention, value, "facts.learned_roles")
            continue
        kind = hint[0]
        if not isinstance(value, kind) or (isinstance(value, list) and not all(isinstance(v, str) for v in value)):
            expected = "a list of str" if kind is list else kind.__name__
            raise check.fail(f"facts.{key}", f"expected {expected}, got {value!r}")


def run_extractor(
    name: str, article: str, call: Callable[[], Iterable[T]], check: Callable[[T], object] | None = None
) -> list[T]:
    """Run one extractor call to the end; wrap what it raises in a PluginError.

    Args:
        name: the extractor's name.
        article: how to name the article in messages.
        call: the call (``lambda: extractor.extract(doc, context)``); generators are consumed.
        check: applied to every item (raising InvalidMentionError for a bad one).

    Raises:
        PluginError: the extractor raised (the original exception is chained), or an item
            failed ``check`` (an InvalidMentionError).
    """
    try:
        items = list(call())
    except PluginError:
        raise
    except Exception as error:
        raise PluginError(
            f"extractor {name!r} failed on {article}: {type(error).__name__}: {error}", extractor=name, article=article
        ) from error
    if check is not None:
        for item in items:
            check(item)
    return items
