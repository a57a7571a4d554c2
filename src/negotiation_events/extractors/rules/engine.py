"""The machinery every rule extractor shares.

A rule extractor is a pattern file (``patterns/<type>.jsonl``: spaCy ``Matcher`` token
patterns with constraints) plus a small class that reads the arguments of each
trigger off the dependency parse. This module holds the pattern model, the syntax
helpers (governors, subjects, prepositional objects, actors inside a phrase), the
evidence-span builder, and :class:`RuleExtractor`, the base class.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from spacy.matcher import Matcher
from spacy.schemas import TokenPattern as TokenPatternSchema
from spacy.schemas import validate_token_pattern
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from spacy.vocab import Vocab

from ..._data import iter_jsonl, load_records, read_package_text
from ..._vocab_cache import PerVocab
from ...context import assess, governors
from ...errors import PatternFileError
from ...models import Actor, EventDate, Place, Status
from ...normalise.actors import ActorMention, load_gazetteer
from ...normalise.dates import resolve_date
from ...normalise.quantities import parse_duration
from ..base import EVENT_TYPES, ArticleContext, EventType, Mention

__all__ = [
    "BUILTIN_PATTERNS",
    "Lexicons",
    "RuleExtractor",
    "TriggerPattern",
    "actors_in",
    "dedupe",
    "governors",
    "load_lexicons",
    "load_patterns",
    "names_topic",
    "participants_in",
    "patterns_from_text",
    "prep_objects",
    "required_words",
    "resolve_pronoun",
    "subject_actors",
    "subject_of",
    "token_pattern_problems",
]

Requirement = Literal[
    "actor",
    "two_parties",
    "official",
    "destination",
    "captive",
    "in_exchange",
    "strikes",
    "actor_or_anaphoric",
    "sanction_in_sentence",
    "counterpart",
    "commitment",
    "conflict_context",
    "target",
    "object_actors",
    "remains",
]


class TriggerPattern(BaseModel):
    """One line of a pattern file (``patterns/*.jsonl``): a trigger and what it needs.

    A pattern file is JSON Lines: one object per line with the fields below; blank lines
    and lines starting with ``//`` are skipped. Every line is checked when the file is
    loaded, the token pattern included (each token's attributes and operators, as spaCy's
    ``Matcher(validate=True)`` checks them), and a bad line raises
    [`PatternFileError`][negotiation_events.PatternFileError] naming the file, the line,
    the field and what is wrong.

    Example line:

    ```json
    {"id": "release-verb", "pattern": [{"LEMMA": {"IN": ["free", "release"]}, "POS": "VERB"}], "score": 0.7}
    ```

    Attributes:
        id: unique name of the pattern in its file.
        pattern: a spaCy ``Matcher`` token pattern: a list of token descriptions such as
            ``{"LOWER": "truce"}`` or ``{"LEMMA": {"IN": ["free", "release"]}, "OP": "?"}``.
        head: index (in the pattern; negative counts from the end) of the token whose
            syntax gives the arguments; by default the last.
        anaphoric: the mention only refers back to an event of the same type already found.
        requires: constraints on the parse that must hold for the match to count. The base
            class checks ``actor`` (an actor among the arguments), ``actor_or_anaphoric``
            (without one the mention only refers back) and ``conflict_context`` (without an
            actor, only in an article about war and diplomacy); the others are read by the
            built-in extractors' ``arguments``.
        level: talks level implied by the trigger ("summit" → leaders).
        score: prior confidence of a mention found by this pattern, in [0, 1].
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    pattern: list[dict[str, Any]] = Field(min_length=1)
    head: int = -1
    anaphoric: bool = False
    requires: list[Requirement] = Field(default_factory=list)
    level: Literal["leaders", "ministers", "delegations", "envoys"] | None = None
    score: float = Field(default=0.5, ge=0.0, le=1.0)

    @field_validator("pattern")
    @classmethod
    def _valid_tokens(cls, pattern: list[dict[str, Any]]) -> list[dict[str, Any]]:
        problems = token_pattern_problems(pattern)
        if problems:
            raise ValueError("; ".join(problems))
        return pattern

    @field_validator("head")
    @classmethod
    def _head_in_pattern(cls, head: int, info: ValidationInfo) -> int:
        pattern = info.data.get("pattern")
        if pattern is not None and not -len(pattern) <= head < len(pattern):
            raise ValueError(f"{head} is outside the pattern of {len(pattern)} token(s)")
        return head


_PROBLEM = re.compile(r"^\[pattern -> (\d+) -> (.+?)\] (.*)$")


@lru_cache(maxsize=1)
def _attribute_names() -> list[str]:
    """The attribute names a token pattern may use (``LOWER``, ``LEMMA``, ``OP``...)."""
    fields: dict[str, Any] = dict(TokenPatternSchema.model_fields)
    return sorted({(getattr(f, "alias", None) or name).upper() for name, f in fields.items()})


def token_pattern_problems(pattern: list[dict[str, Any]]) -> list[str]:
    """What is wrong with a spaCy token pattern, one readable line per token and attribute.

    Uses spaCy's own pattern schema (what ``Matcher(validate=True)`` checks). Unknown
    attributes get a suggestion ("LOWR": did you mean "LOWER"?).

    Args:
        pattern: a list of token descriptions.

    Returns:
        The problems, empty when the pattern is valid.

    Example:
        >>> token_pattern_problems([{"LOWR": "truce"}])
        ["token 0: unknown attribute 'LOWR' (did you mean 'LOWER'?)"]
        >>> token_pattern_problems([{"LOWER": "truce", "OP": "??"}])
        ["token 0: OP must be one of '!', '?', '+', '*' or a quantifier such as '{2}' or '{1,3}', got '??'"]
    """
    problems: dict[tuple[str, str], str] = {}
    for line in validate_token_pattern(pattern):
        match = _PROBLEM.match(line)
        if match is None:
            problems.setdefault((line, ""), line)
            continue
        token, path, message = match.groups()
        key = path.split(" -> ")[0]
        where = (token, key)
        if where in problems:
            continue
        value = pattern[int(token)].get(key) if int(token) < len(pattern) else None
        if message.startswith("Extra inputs are not permitted") or message.startswith("extra fields"):
            close = difflib.get_close_matches(key.upper(), _attribute_names(), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(_attribute_names())})"
            problems[where] = f"token {token}: unknown attribute {key!r}{hint}"
        elif key == "OP":
            problems[where] = (
                f"token {token}: OP must be one of '!', '?', '+', '*' or a quantifier such as '{{2}}' "
                f"or '{{1,3}}', got {value!r}"
            )
        else:
            problems[where] = f"token {token}: {key}: {message} (got {value!r})"
    return list(problems.values())


P = TypeVar("P", bound=TriggerPattern)


def load_patterns(path: str | os.PathLike[str], *, model: type[P] = TriggerPattern) -> list[P]:  # type: ignore[assignment]
    """Load and check a pattern file (JSON Lines, one [`TriggerPattern`][negotiation_events.TriggerPattern] a line).

    Args:
        path: the file.
        model: the pattern model each line must satisfy: `TriggerPattern` or a subclass
            that adds fields of its own.

    Returns:
        The patterns, in file order.

    Raises:
        PatternFileError: the file cannot be read, a line is not JSON, breaks the
            model (an unknown field, a bad token pattern, a ``head`` outside the
            pattern...), or repeats an ``id``; the message names the file, the line,
            the field and the reason.
    """
    source = os.fspath(path)
    try:
        text = Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PatternFileError(f"{source}: cannot read the pattern file: {error}") from None
    return patterns_from_text(text, source, model=model)


def patterns_from_text(text: str, source: str, *, model: type[P] = TriggerPattern) -> list[P]:  # type: ignore[assignment]
    """Patterns from the text of a pattern file; ``source`` names it in error messages."""
    patterns = load_records(text, source, model)
    lines = [number for number, _ in iter_jsonl(text, source)]
    seen: dict[str, int] = {}
    vocab = Vocab()
    for number, pattern in zip(lines, patterns, strict=True):
        if pattern.id in seen:
            raise PatternFileError(
                f"{source}, line {number}: id: {pattern.id!r} is already the id of the pattern "
                f"on line {seen[pattern.id]}"
            )
        seen[pattern.id] = number
        try:  # what spaCy would reject at the first parse, rejected now with the line
            Matcher(vocab, validate=True).add(pattern.id, [pattern.pattern])
        except Exception as error:
            raise PatternFileError(f"{source}, line {number}: pattern: {error}") from None
    return patterns


class Lexicons(BaseModel):
    """Word lists shared by the rule extractors (``normalise/data/lexicons.json``)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    captives: frozenset[str]
    remains: frozenset[str]
    transfer_words: frozenset[str]
    attack_words: frozenset[str]
    talks_participant_preps: frozenset[str]
    locative_preps: frozenset[str]
    mediator_verbs: frozenset[str]
    proposal_verbs: frozenset[str]
    participation_verbs: frozenset[str]
    limb_modifiers: frozenset[str]
    non_assertive_governors: frozenset[str]
    speech_verbs: frozenset[str]
    conflict_words: frozenset[str]
    strike_words: frozenset[str]
    scope_heads: frozenset[str]
    round_nouns: frozenset[str]
    ordinals: dict[str, int]


@lru_cache(maxsize=1)
def load_lexicons() -> Lexicons:
    """The bundled lexicons, validated once per process."""
    source, text = read_package_text("negotiation_events.normalise.data", "lexicons.json")
    try:
        return Lexicons.model_validate_json(text)
    except ValueError as exc:
        raise PatternFileError(f"{source}: {exc}") from None


# --------------------------------------------------------------------------- syntax helpers

_CLAUSE_BREAKS = frozenset({"relcl", "acl", "advcl", "parataxis", "ccomp", "csubj"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_PRONOUNS = frozenset({"it", "its"})
_SPEECH_ONLY = frozenset(
    {
        "say",
        "tell",
        "claim",
        "state",
        "report",
        "add",
        "note",
        "insist",
        "assert",
        "confirm",
        "allege",
        "acknowledge",
        "write",
        "post",
        "reveal",
        "quote",
        "stress",
        "warn",
    }
)
_TRANSPARENT_VERBS = frozenset({"follow", "precede", "address"})
_PARTICIPANT_NOUNS = frozenset(
    {
        "official",
        "delegation",
        "counterpart",
        "negotiator",
        "representative",
        "envoy",
        "minister",
        "leader",
        "president",
        "side",
        "team",
        "government",
        "administration",
        "rebel",
        "group",
        "diplomat",
        "party",
        "counterparts",
        "authority",
        "military",
        "army",
        "commander",
        "movement",
        "emissary",
        "mediator",
        "adviser",
        "advisor",
        "secretary",
        "chief",
        "prime",
        "king",
        "emir",
        "junta",
        "council",
        "cabinet",
        "spokesman",
    }
)


def _phrase_tokens(root: Token, keep_preps: frozenset[str]) -> Iterator[Token]:
    yield root
    for child in root.children:
        if child.dep_ in _CLAUSE_BREAKS:
            continue
        if child.dep_ == "prep" and child.lower_ not in keep_preps:
            continue
        yield from _phrase_tokens(child, keep_preps)


def actors_in(
    root: Token, context: ArticleContext, keep_preps: frozenset[str] = frozenset({"of", "from"})
) -> list[ActorMention]:
    """Actor mentions inside the phrase headed by ``root``.

    Relative and adverbial clauses are skipped, and so are prepositional phrases
    other than ``keep_preps`` ("advisers *from* Britain" counts, "talks *in* Istanbul" does not),
    and names used as places ([`ActorMention.place`][negotiation_events.ActorMention]).
    """
    if root.lower_ in _PRONOUNS:
        antecedent = resolve_pronoun(root, context)
        return [antecedent] if antecedent is not None else []
    indices = {t.i for t in _phrase_tokens(root, keep_preps)}
    found: list[ActorMention] = []
    for mention in context.actors:
        if mention.place:
            continue  # "the outskirts of Bangui", "Kabul airport": where, not who
        if any(i in indices for i in range(mention.start, mention.end)) and mention not in found:
            found.append(mention)
    return found


def names_topic(actor: ActorMention, doc: Doc) -> bool:
    """A state's full name used as a noun modifier names what the phrase is about.

    "Iran sanctions" and "the Cuba embargo" are aimed at Iran and Cuba; "Taiwan arms
    sales" go to Taiwan. Abbreviations ("US", "UK"), organisations, demonyms and
    capitals work as adjectives in English and name the agent instead ("US sanctions",
    "EU sanctions", "British arms sales", "Washington's embargo").
    """
    text = doc[actor.start : actor.end].text
    return not actor.adjective and actor.entry.is_country_name(text) and not text.replace(".", "").isupper()


def participants_in(obj: Token, context: ArticleContext) -> list[ActorMention]:
    """Actors a "with"/"between" object denotes: itself an actor, or a participant noun.

    "talks with Russia", "talks with Russian officials" and "with the US envoy" count;
    "aligned its talks with military support from the U.S." does not.
    """
    if (
        context.actor_at(obj.i) is not None
        or obj.lemma_.lower() in _PARTICIPANT_NOUNS
        or obj.ent_type_ in {"PERSON", "GPE", "NORP", "ORG"}
    ):
        return actors_in(obj, context)
    return []


def resolve_pronoun(pronoun: Token, context: ArticleContext) -> ActorMention | None:
    """The antecedent of "it"/"its"/"they": the nearest earlier state, organisation or group subject.

    Only subjects count (the entity a paragraph is about), only in the same paragraph (Doc),
    and persons never do ("it" is not a person). Returns None when there is no such subject.
    """
    best: ActorMention | None = None
    for mention in context.actors:
        if mention.start >= pronoun.i:
            break
        token = pronoun.doc[mention.end - 1]
        if mention.entry.kind == "person" or mention.adjective:
            continue
        if token.dep_ in {"nsubj", "nsubjpass"} or (token.dep_ == "conj" and token.head.dep_ in {"nsubj", "nsubjpass"}):
            best = mention
    return best


def prep_objects(token: Token, preps: Iterable[str]) -> list[Token]:
    """Objects of the prepositions ``preps`` attached to ``token`` (with coordinated objects)."""
    wanted = set(preps)
    out: list[Token] = []
    for child in token.children:
        if child.dep_ in {"prep", "agent", "dative"} and child.lower_ in wanted:
            for obj in child.children:
                if obj.dep_ in {"pobj", "pcomp"}:
                    out.append(obj)
                    out.extend(c for c in obj.conjuncts if c not in out)
    return out


def subject_of(verb: Token) -> list[Token]:
    """The subject(s) of a verb, resolving relative pronouns to their antecedent."""
    subjects: list[Token] = []
    for child in verb.children:
        if child.dep_ in _SUBJECTS:
            if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                antecedent = verb.head  # "Saudi Arabia and the United States, which brokered ..."
                subjects.extend([antecedent, *antecedent.conjuncts])
            else:
                subjects.append(child)
                subjects.extend(child.conjuncts)
        elif child.dep_ == "agent":
            subjects.extend(obj for obj in child.children if obj.dep_ == "pobj")
    if not subjects and verb.dep_ in {"xcomp", "conj", "advcl"} and verb.head.pos_ in {"VERB", "AUX"}:
        return subject_of(verb.head)
    return subjects


def subject_actors(
    trigger: Token, context: ArticleContext, hops: int = 5, verbs: frozenset[str] | None = None
) -> tuple[list[ActorMention], Token | None]:
    """Actors in the subject of the nearest governing verb that has one.

    Args:
        trigger: the trigger head.
        context: the article context (actor mentions).
        hops: how far to climb.
        verbs: when given, only verbs with these lemmas count.
    """
    chain = [trigger, *governors(trigger, hops)] if trigger.pos_ == "VERB" else governors(trigger, hops)
    for governor in chain:
        if governor.pos_ not in {"VERB", "AUX"}:
            continue
        if governor.lemma_.lower() in _TRANSPARENT_VERBS and governor.dep_ in {"prep", "advcl", "acl", "pcomp"}:
            continue  # "following talks with Erdogan, Zelensky said": the clause's subject takes part
        if governor is not trigger and governor.lemma_.lower() in _SPEECH_ONLY:
            return [], None  # "Qatar said talks would begin": the speaker is a source (attributed_to), not a side
        subjects = subject_of(governor)
        if governor.dep_ != "relcl":  # "a round of talks to be held": the trigger is inside the subject
            subjects = [s for s in subjects if trigger not in s.subtree]
        if verbs is not None and governor is not trigger and governor.lemma_.lower() not in verbs:
            return [], None  # the clause's subject does something else with the event
        if subjects:
            found = [a for subject in subjects for a in actors_in(subject, context)]
            if found or governor.dep_ != "relcl":
                return found, governor
            # "talks that would cover a ceasefire": the antecedent is no actor; go on up
    return [], None


def dedupe(actors: Iterable[Actor]) -> list[Actor]:
    """One actor per country code (the first proper name wins over an adjective)."""
    seen: dict[str, Actor] = {}
    anonymous: list[Actor] = []
    for actor in actors:
        if actor.country is None:
            anonymous.append(actor)
        elif actor.country not in seen:
            seen[actor.country] = actor
    return list(seen.values()) + anonymous


# --------------------------------------------------------------------------- the base class

_STRING_KEYS = ("LEMMA", "LOWER", "ORTH", "TEXT", "NORM")


def _allowed_strings(token: dict[str, Any]) -> list[str]:
    """The words a token pattern allows by ``LEMMA``/``LOWER``/``ORTH``/``TEXT``/``NORM``."""
    allowed = [token[key] for key in _STRING_KEYS if key in token]
    strings = [v for v in allowed if isinstance(v, str)]
    strings += [str(w) for v in allowed if isinstance(v, dict) and isinstance(v.get("IN"), list) for w in v["IN"]]
    return strings


def required_words(patterns: Iterable[TriggerPattern]) -> frozenset[str] | None:
    """Lower-case words one of which must be in a Doc for any of ``patterns`` to match.

    For each pattern, the words of one token it requires (no ``OP``, or ``OP: "+"``)
    and constrains by ``LEMMA``/``LOWER``/``ORTH``/``TEXT``/``NORM`` (a string or an
    ``IN`` list): the head token when it qualifies, else the first that does. A Doc
    whose words and lemmas include none of them cannot match. ``None`` when some
    pattern has no such token (it could match anywhere).
    """
    words: set[str] = set()
    for pattern in patterns:
        tokens = pattern.pattern
        head = pattern.head if -len(tokens) <= pattern.head < len(tokens) else -1
        order = [tokens[head], *tokens]
        required = [_allowed_strings(t) for t in order if t.get("OP") in (None, "+", "{1}")]
        choice = next((strings for strings in required if strings), None)
        if choice is None:
            return None
        words.update(w.lower() for w in choice)
    return frozenset(words)


MIN_CONFLICT_WORDS = 3
_MAX_LEFT = 8
_MAX_RIGHT = 14
_EVIDENCE_PREPS = frozenset({"of", "with", "between", "in", "on", "against", "for", "to", "from", "by", "among"})
_DURATION_HINTS = ("hour", "day", "week", "month", "year", "long")


R = TypeVar("R", bound="RuleExtractor")

BUILTIN_PATTERNS = "negotiation_events.extractors.rules.patterns"
"""The package holding the built-in pattern files."""


class RuleExtractor(ABC):
    """Base of the rule extractors: trigger patterns from a data file, arguments from the parse.

    A subclass sets [`name`][negotiation_events.RuleExtractor.name],
    [`event_type`][negotiation_events.RuleExtractor.event_type] and where its pattern
    file is ([`pattern_package`][negotiation_events.RuleExtractor.pattern_package] and
    [`pattern_file`][negotiation_events.RuleExtractor.pattern_file]), and implements
    [`arguments`][negotiation_events.RuleExtractor.arguments]. The base class loads and
    checks the patterns when the extractor is built, matches them with a spaCy
    ``Matcher`` built lazily once per vocabulary, and for every match whose constraints
    hold builds the [`Mention`][negotiation_events.Mention]: evidence span and offsets,
    status, negation and novelty from the context cues, date, place and source.

    Built-in subclasses may override [`candidates`][negotiation_events.RuleExtractor.candidates]
    to add triggers found in other ways (the weapons lexicon, for arms deals), and then
    extend ``trigger_words`` to match.

    Example:
        A plugin's extractor, with its pattern file shipped inside its package as
        ``myorg_hostages/patterns/release.jsonl``:

        ```python
        class HostageRelease(RuleExtractor):
            name = "myorg.hostages.v1"
            event_type = "prisoner_exchange"
            pattern_package = "myorg_hostages.patterns"
            pattern_file = "release.jsonl"

            def arguments(self, span, head, pattern, context):
                sides = [a.to_actor(head.doc) for a in subject_actors(head, context)[0]]
                return {"sides": sides}, {"category": "hostages"}
        ```

    Args:
        patterns: the patterns to use instead of the class's pattern file (see
            [`from_file`][negotiation_events.RuleExtractor.from_file]).

    Raises:
        PatternFileError: the pattern file is missing or a line is bad (file, line,
            field, reason); a plugin's extractor that fails so is reported as a
            [`PluginError`][negotiation_events.PluginError] naming it.
        TypeError: the subclass does not set ``name`` or a valid ``event_type``.

    Attributes:
        trigger_words: lower-case words (lemmas or forms) of which a Doc must contain at
            least one for this extractor to find anything in it (see
            [`required_words`][negotiation_events.extractors.rules.engine.required_words]).
            The pipeline runs NER only on paragraphs that contain one (when every chosen
            extractor declares its words). ``None``: no such set.
        patterns: the loaded patterns.
    """

    name: str
    """The versioned name the extractor is registered and selected under (``"myorg.hostages.v1"``)."""
    event_type: ClassVar[EventType]
    """The type of every mention it yields; one of the five."""
    pattern_file: ClassVar[str]
    """The pattern file's name inside [`pattern_package`][negotiation_events.RuleExtractor.pattern_package]."""
    pattern_package: ClassVar[str] = BUILTIN_PATTERNS
    """The importable package that ships the pattern file (so it is found inside wheels too)."""
    pattern_model: ClassVar[type[TriggerPattern]] = TriggerPattern
    """The model each pattern line must satisfy; a subclass of `TriggerPattern` adds fields."""
    default_status: ClassVar[Status | None] = None
    """The status of a mention whose context has no status cue (None: decided by the merge)."""

    def __init__(self, patterns: Sequence[TriggerPattern] | None = None) -> None:
        """Load and check the pattern file (or take ``patterns``)."""
        cls = type(self)
        if not isinstance(getattr(cls, "name", None), str) or not cls.name:
            raise TypeError(f"{cls.__name__} must set `name`, a versioned extractor name such as 'myorg.hostages.v1'")
        event_type = getattr(cls, "event_type", None)
        if event_type not in EVENT_TYPES:
            raise TypeError(f"{cls.__name__}.event_type must be one of {', '.join(EVENT_TYPES)}, got {event_type!r}")
        self.patterns: list[TriggerPattern] = list(patterns) if patterns is not None else self._package_patterns()
        self.lexicons = load_lexicons()
        self._matcher = PerVocab(self._build_matcher)
        self.trigger_words: frozenset[str] | None = required_words(self.patterns)

    @classmethod
    def _package_patterns(cls) -> list[TriggerPattern]:
        if not isinstance(getattr(cls, "pattern_file", None), str):
            raise TypeError(f"{cls.__name__} must set `pattern_file` (and `pattern_package`) or be given patterns")
        source = f"{cls.pattern_package.replace('.', '/')}/{cls.pattern_file}"
        try:
            text = resources.files(cls.pattern_package).joinpath(cls.pattern_file).read_text(encoding="utf-8")
        except (ModuleNotFoundError, OSError) as error:
            raise PatternFileError(
                f"{source}: cannot read the pattern file ({type(error).__name__}: {error}); is it in "
                f"the package {cls.pattern_package!r} and included in its wheel?"
            ) from None
        return list(patterns_from_text(text, source, model=cls.pattern_model))

    @classmethod
    def from_file(cls: type[R], path: str | os.PathLike[str]) -> R:
        """The extractor with the patterns of the file at ``path`` instead of its own.

        For trying out patterns, and for tests. The patterns are checked as
        [`load_patterns`][negotiation_events.load_patterns] checks them.

        Raises:
            PatternFileError: the file is missing or a line is bad (file, line, field, reason).
        """
        return cls(load_patterns(path, model=cls.pattern_model))

    def _build_matcher(self, vocab: Vocab) -> Matcher:
        matcher = Matcher(vocab, validate=True)
        for index, pattern in enumerate(self.patterns):
            try:
                matcher.add(str(index), [pattern.pattern])
            except Exception as exc:  # checked when loaded; patterns given directly may still be bad
                raise PatternFileError(f"{self.name}: pattern {pattern.id!r}: {exc}") from None
        return matcher

    # ------------------------------------------------------------------ hooks

    def candidates(self, doc: Doc, context: ArticleContext) -> Iterator[tuple[Span, Token, TriggerPattern]]:
        """Trigger matches: ``(span, head token, pattern)``, without overlaps."""
        matches = self._matcher.get(doc.vocab)(doc)
        spans = [Span(doc, start, end, label=int(doc.vocab.strings[m])) for m, start, end in matches]
        for span in sorted(filter_spans(spans), key=lambda s: s.start):
            pattern = self.patterns[span.label]
            head_index = pattern.head if pattern.head >= 0 else len(span) + pattern.head
            head_index = min(max(head_index, 0), len(span) - 1)
            yield span, span[head_index], pattern

    @abstractmethod
    def arguments(
        self, span: Span, head: Token, pattern: TriggerPattern, context: ArticleContext
    ) -> tuple[dict[str, list[Actor]], dict[str, Any]] | None:
        """Roles and facts for one trigger match, or None to reject the match.

        Args:
            span: the matched tokens.
            head: the pattern's head token (``pattern.head``): read the arguments off its
                syntax.
            pattern: the pattern that matched.
            context: the article context (its ``actors`` are the gazetteer's mentions).

        Returns:
            ``(roles, facts)``: roles keyed as in
            [`ROLE_KEYS`][negotiation_events.extractors.base.ROLE_KEYS] (lists of
            [`Actor`][negotiation_events.Actor]), facts as in
            [`FACT_KEYS`][negotiation_events.extractors.base.FACT_KEYS]. The base class
            adds the date, the place and the evidence; return ``None`` to drop the match.
        """

    # ------------------------------------------------------------------ driver

    def extract(self, doc: Doc, context: ArticleContext) -> Iterator[Mention]:
        """Yield a :class:`Mention` for every trigger whose constraints hold."""
        for span, head, pattern in self.candidates(doc, context):
            mention = self.mention(span, head, pattern, context)
            if mention is not None:
                yield mention

    def mention(self, span: Span, head: Token, pattern: TriggerPattern, context: ArticleContext) -> Mention | None:
        """The mention of one trigger, its arguments read as for this extractor's type, or None.

        The driver behind [`extract`][negotiation_events.RuleExtractor.extract],
        open to a trigger found otherwise (the learned trigger detector passes the token it
        found with a pattern of its own): ``arguments`` reads the roles and facts, then the
        pattern's requirements, the status layer, the date, the place and the evidence
        bounds apply as for a matched trigger.

        Args:
            span: the trigger's tokens.
            head: the token whose syntax gives the arguments.
            pattern: the pattern standing for the trigger (its requirements and score apply).
            context: the article context.
        """
        doc = head.doc
        result = self.arguments(span, head, pattern, context)
        if result is None:
            return None
        roles, facts = result
        has_actor = any(v for k, v in roles.items() if not k.endswith("?"))
        if "actor" in pattern.requires and not has_actor:
            return None
        if "conflict_context" in pattern.requires and not has_actor and context.conflict_words < MIN_CONFLICT_WORDS:
            return None  # "an uneasy truce with the club's owners"
        anaphoric = pattern.anaphoric or ("actor_or_anaphoric" in pattern.requires and not has_actor)
        # "without a ceasefire or progress in negotiations, ...": asserts no event of its own
        unasserted = any(g.lemma_.lower() in self.lexicons.non_assertive_governors for g in governors(head, 4))
        anaphoric = anaphoric or unasserted
        assessment = assess(head, self.event_type, list(span))
        status = assessment.status or self.default_status
        future = _future_tense(head)
        if future is None and status is not None:
            future = status in {Status.PLANNED, Status.PROPOSED}
        date = self.find_date(head, context, future)
        if date is None:  # the sentence's only date, when nothing is attached to the trigger
            date = self.sentence_date(head, context, future)
            if date is not None:
                facts["weak_date"] = True
        if date is not None and "date" not in facts:
            facts["date"] = date
        if _distant_past(facts.get("date"), context.published) and not facts.get("weak_date"):
            facts["distant_past"] = True  # "talks held there in 2022": background, not this article's news
        if facts.get("location") is None:
            location = self.find_location(head, context, span)
            if location is None:
                location = self.sentence_place(head, context)
                facts["weak_location"] = location is not None
            if location is not None:
                facts["location"] = location
        place = facts.get("location")
        if isinstance(place, Place) and place.country is not None and self._country_place(place):
            facts["weak_location"] = True
            facts["country_place"] = True
        start, end = self.evidence_bounds(span, head)
        sentence = head.sent
        return Mention(
            type=self.event_type,
            extractor=self.name,
            start=context.offset + doc[start].idx,
            end=context.offset + doc[end - 1].idx + len(doc[end - 1].text),
            sentence=(context.offset + sentence.start_char, context.offset + sentence.end_char),
            trigger=span.text,
            text=doc.text[doc[start].idx : doc[end - 1].idx + len(doc[end - 1].text)],
            status=status,
            status_cue=assessment.cue,
            roles={k: dedupe(v) for k, v in roles.items() if v},
            facts=facts,
            novelty=assessment.novelty,
            anaphoric=anaphoric,
            negated=assessment.negated,
            hypothetical=assessment.hypothetical or unasserted,
            attributed_to=self.source_of(head, context),
            score=pattern.score,
        )

    # ------------------------------------------------------------------ shared argument readers

    def source_of(self, head: Token, context: ArticleContext) -> Actor | None:
        """Whose claim reports the event: the subject of a governing speech verb, or "according to X"."""
        for governor in governors(head, 6):
            if governor.pos_ == "VERB" and governor.lemma_.lower() in self.lexicons.speech_verbs:
                found = [a for s in subject_of(governor) for a in actors_in(s, context)]
                if found:
                    return found[0].to_actor(head.doc)
        sentence = head.sent
        for token in sentence:
            if token.lower_ == "according" and token.i + 1 < sentence.end and token.nbor().lower_ == "to":
                for obj in token.nbor().children:
                    found = actors_in(obj, context)
                    if found:
                        return found[0].to_actor(head.doc)
        return None

    @staticmethod
    def evidence_bounds(span: Span, head: Token) -> tuple[int, int]:
        """Token bounds of the evidence phrase: the trigger, its modifiers and arguments."""
        sentence = head.sent
        left = span.start
        for child in head.lefts:
            if child.dep_ in {"det", "amod", "compound", "nummod", "poss", "quantmod", "nmod", "npadvmod"}:
                left = min(left, child.left_edge.i)
        right = span.end
        for child in head.rights:
            if child.dep_ in {"prep", "agent", "acl", "dobj", "prt", "nummod"} and (
                child.dep_ != "prep" or child.lower_ in _EVIDENCE_PREPS
            ):
                right = max(right, child.right_edge.i + 1)
        for governor in governors(head, 3):
            if governor.i < left and left - governor.i <= 6 and governor.pos_ in {"VERB", "NOUN", "ADJ"}:
                left = governor.i
            if governor.pos_ == "VERB":
                break
        left = max(left, span.start - _MAX_LEFT, sentence.start)
        right = min(right, span.end + _MAX_RIGHT, sentence.end)
        while right - 1 > span.end - 1 and span.doc[right - 1].is_punct:
            right -= 1
        return left, max(right, span.end)

    def find_date(self, head: Token, context: ArticleContext, future: bool | None) -> EventDate | None:
        """The DATE entity attached to the trigger or to its governing clause."""
        doc = head.doc
        anchors = {head.i, *(g.i for g in governors(head, 4))}
        best: tuple[int, Span] | None = None
        for ent in head.sent.ents:
            if ent.label_ not in _DATE_LABELS or _in_dateline(ent) or _in_other_clause(ent, head):
                continue
            text_lower = ent.text.lower()
            if (
                any(hint in text_lower for hint in _DURATION_HINTS)
                and parse_duration(ent.text)
                and not any(w in text_lower for w in ("last", "next", "this", "since", "week", "weekend"))
            ):
                continue  # "30-day", "three-year": a duration, not a date
            root = ent.root
            attach = root.head if root.head.dep_ != "prep" else root.head.head
            if root.head.lower_ in {"until", "till", "through", "before"}:
                continue  # "extended sanctions until July": an end point, not when it happened
            since = root.head.lower_ == "since"
            if since and self.event_type not in _STATE_TYPES:
                continue  # "the first talks since March 2022": a reference point, not the event's date
            if root.head.i in anchors or attach.i in anchors or root.i in {t.i for t in head.subtree}:
                if context.published is not None and resolve_date(ent.text, context.published, future).start is None:
                    continue  # "several weeks", "years": not a date we can place
                distance = abs(root.i - head.i)
                if best is None or distance < best[0]:
                    best = (distance, ent)
        if best is None:
            return None
        ent = best[1]
        text = ent.text
        if doc[ent.start].lower_ == "the" and len(ent) > 1:  # "the upcoming week" → "upcoming week"
            text = doc[ent.start + 1 : ent.end].text
        if ent.root.head.lower_ == "since" and not text.lower().startswith("since"):
            text = f"since {text}"  # sanctions in force since March 2022: an interval up to publication
        return resolve_date(text, context.published, future)

    def sentence_date(self, head: Token, context: ArticleContext, future: bool | None) -> EventDate | None:
        """The one resolvable date in the trigger's sentence (none when there are several)."""
        if context.published is None or _title_case(head.sent):
            return None
        resolved = []
        for ent in head.sent.ents:
            if (
                ent.label_ not in _DATE_LABELS
                or ent.root.head.lower_ in {"since", "until", "before", "by"}
                or _in_dateline(ent)
                or _in_other_clause(ent, head)
            ):
                continue
            date = resolve_date(ent.text, context.published, future)
            if date.start is not None and not parse_duration(ent.text):
                resolved.append(date)
        return resolved[0] if len(resolved) == 1 else None

    def sentence_place(self, head: Token, context: ArticleContext) -> Place | None:
        """The one city-like place after "in"/"at" in the trigger's sentence (none when there are several).

        Title-case headlines are skipped: NER there tags ordinary words ("No Ceasefire in Sight").
        """
        if _title_case(head.sent):
            return None
        places: list[Place] = []
        countries: list[Place] = []
        for ent in head.sent.ents:
            if ent.label_ not in {"GPE", "LOC", "FAC"}:
                continue
            governor = ent.root.head
            if (ent.root.dep_ == "appos" or governor.lower_ == "of") and (
                governor.head if governor.lower_ == "of" else governor
            ).lemma_.lower() in _PLACE_NOUNS:
                governor = (
                    governor.head if governor.lower_ == "of" else governor
                ).head  # "in the Omani capital, Muscat"
            if governor.lower_ not in self.lexicons.locative_preps:
                continue
            actor = context.actor_at(ent.root.i)
            place = Place(name=_entity_span(head.doc, ent.root).text, country=actor.entry.country if actor else None)
            if actor is not None and actor.entry.is_country_name(ent.text):
                countries.append(place)  # "in Ukraine" names a country, rarely where talks sit
            else:
                places.append(place)
        if places:
            return places[0] if len(places) == 1 else None
        return countries[0] if len(countries) == 1 else None

    def find_location(self, head: Token, context: ArticleContext, span: Span | None = None) -> Place | None:
        """A place attached by "in"/"at" to the trigger phrase or its governors, or a place compound."""
        doc = head.doc
        span_indices = set(range(span.start, span.end)) if span is not None else {head.i}
        locative = self.lexicons.locative_preps
        candidates: list[Token] = []
        for token in head.subtree:  # "a cessation of hostilities in Pretoria": a place on the trigger phrase itself
            if token.dep_ == "pobj" and token.head.lower_ in locative and token.head.head.i in span_indices:
                candidates.append(token)
        for token in [head, *governors(head, 4)]:
            candidates.extend(prep_objects(token, locative))
            if token.lemma_.lower() in {
                "dispatch",
                "send",
                "travel",
                "go",
                "fly",
                "head",
                "arrive",
            }:
                candidates.extend(prep_objects(token, {"to"}))
            if token.lemma_.lower() == "visit":
                candidates.extend(c for c in token.children if c.dep_ == "dobj")
                candidates.extend(prep_objects(token, {"to"}))
            if token.pos_ == "VERB" and token.lemma_.lower() not in {
                "send",
                "dispatch",
                "visit",
                "hold",
                "take",
                "engage",
                "meet",
                "convene",
                "restart",
                "resume",
                "continue",
            }:
                break
        for child in head.children:
            if (
                child.dep_ in {"compound", "nmod", "amod"}
                and child.ent_type_ in {"GPE", "LOC", "FAC"}
                and not _names_state(child, context)  # "Congo-Rwanda summit": the sides, not the venue
            ):
                candidates.append(child)
            for grandchild in child.children:
                if (
                    child.dep_ in {"compound", "amod"}
                    and grandchild.dep_ in {"compound", "npadvmod"}
                    and grandchild.ent_type_ in {"GPE", "LOC"}
                    and not _names_state(grandchild, context)
                ):
                    candidates.append(grandchild)
        headline = _title_case(head.sent)
        countries: list[Place] = []
        for candidate in candidates:
            token = candidate
            if headline and context.actor_at(token.i) is None:
                continue  # in a title-case headline NER calls ordinary words places ("No Ceasefire in Sight")
            if token.lemma_.lower() in _PLACE_NOUNS:  # "the Saudi city of Jeddah", "the Omani capital, Muscat"
                named = [
                    o
                    for o in [*prep_objects(token, {"of"}), *(c for c in token.children if c.dep_ == "appos")]
                    if o.ent_type_ in {"GPE", "LOC", "FAC"}
                ]
                if named:
                    token = named[0]
            if token.ent_type_ not in {"GPE", "LOC", "FAC"} and context.actor_at(token.i) is None:
                continue
            span = _entity_span(doc, token)
            actor = context.actor_at(token.i)
            place = Place(name=span.text, country=actor.entry.country if actor else None)
            if _names_state(token, context):
                countries.append(place)  # "talks in Oman": right, but a city named elsewhere says more
                continue
            return place
        return countries[0] if countries else None

    @staticmethod
    def _country_place(place: Place) -> bool:
        """The place is a whole country ("in Oman"), less telling than a city."""
        entry = load_gazetteer().lookup(place.name)
        return entry is not None and entry.is_country_name(place.name)

    @staticmethod
    def duration_before(head: Token) -> str | None:
        """The duration in the trigger's left modifiers ("30-day ceasefire" → P30D)."""
        doc = head.doc
        left = head.left_edge.i
        text = doc[left : head.i].text
        return parse_duration(text) if text else None


_DASHES = frozenset({"-", "--", "–", "—"})


DISTANT_PAST_DAYS = 180
"""A date that ended this many days before publication or more is background."""


def _distant_past(date: object, published: dt.date | None) -> bool:
    if published is None or not isinstance(date, EventDate) or date.end is None:
        return False
    return (published - date.end).days >= DISTANT_PAST_DAYS


_CLAUSE_DEPS = frozenset({"relcl", "acl"})


def _in_other_clause(ent: Span, head: Token) -> bool:
    """The date sits in a relative clause on another noun, one that does not hold the trigger.

    "The talks are set for the palace, a venue that hosted talks in 2022": 2022 dates the
    relative clause's event, not the trigger's.
    """
    token = ent.root
    while token.head.i != token.i:
        if token.dep_ in _CLAUSE_DEPS:
            inside = token.left_edge.i <= head.i <= token.right_edge.i
            return not inside and token.head.i != head.i  # "talks, which began in March": about the talks
        token = token.head
    return False


def _in_dateline(ent: Span) -> bool:
    """A date in a dateline ("KYIV, May 16 - ..."): the filing date, not an event's."""
    sentence = ent.sent
    if ent.start - sentence.start > 8:
        return False
    before = sentence.doc[sentence.start : ent.start]
    if not all(t.is_punct or t.is_upper or t.text in {"/", ","} or t.is_title for t in before):
        return False
    after = sentence.doc[ent.end : min(ent.end + 2, sentence.end)]
    return any(t.text in _DASHES for t in after)


def _names_state(token: Token, context: ArticleContext) -> bool:
    """The token is part of a country's own name ("Ukraine", "Congo"), not a city or region."""
    actor = context.actor_at(token.i)
    if actor is None or actor.entry.kind != "state":
        return False
    return actor.entry.is_country_name(_entity_span(token.doc, token).text) or actor.entry.is_country_name(token.text)


def _title_case(sentence: Span) -> bool:
    """A headline in title case ("Peace Talks Resume in Istanbul")."""
    words = [t for t in sentence if t.is_alpha]
    return bool(words) and sum(t.is_title for t in words) > 0.6 * len(words)


def _future_tense(head: Token) -> bool | None:
    """True when the clause governing the trigger speaks of the future, False for the past."""
    for token in [head, *governors(head, 4)]:
        if token.lemma_.lower() in _FUTURE_WORDS:
            return True  # "is due to meet Putin on Friday", "talks set for Monday"
        if token.pos_ not in {"VERB", "AUX"}:
            continue
        auxiliaries = {c.lower_ for c in token.children if c.dep_ in {"aux", "auxpass"}}
        if "to" in auxiliaries and token.tag_ == "VB":
            continue  # an infinitive takes its time from the verb above
        if auxiliaries & {"will", "shall", "'ll", "would"} or token.lemma_.lower() in {
            "schedule",
            "plan",
            "expect",
            "due",
        }:
            return True
        if token.tag_ == "VBD" or auxiliaries & {"has", "have", "had", "was", "were", "did"}:
            return False
        if token.tag_ in {"VBZ", "VBP"} and auxiliaries & {"is", "are"} and token.tag_ == "VBG":
            return True
    return None


_DATE_LABELS = frozenset({"DATE", "TIME"})  # "Sunday morning" is a TIME entity; clock times alone do not resolve
_STATE_TYPES = frozenset({"sanction", "ceasefire_proposal"})  # events that last, so "since X" dates them
_FUTURE_WORDS = frozenset({"due", "schedule", "plan", "expect", "set", "slate", "poise", "upcoming", "will"})
_PLACE_NOUNS = frozenset({"city", "capital", "town", "port", "region", "province", "resort", "village", "island"})


def _entity_span(doc: Doc, token: Token) -> Span:
    if token.ent_type_:
        for ent in doc.ents:
            if ent.start <= token.i < ent.end:
                start = ent.start + (1 if doc[ent.start].lower_ == "the" and len(ent) > 1 else 0)
                return doc[start : ent.end]
    left = token.i
    while left > 0 and doc[left - 1].dep_ == "compound" and doc[left - 1].head.i == token.i:
        left -= 1
    return doc[left : token.i + 1]
