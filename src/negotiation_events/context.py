"""Status and factuality from the context of a trigger (ConText-style cue rules).

Rules live in ``context_rules.jsonl`` (package data) and are validated on load. A cue
applies to a trigger in one of two ways:

* **syntax** — the cue is one of the trigger's modifiers ("*proposed* ceasefire",
  "*no* ceasefire") or on the chain of its governors ("Zelensky *proposed* a round of
  talks", "the talks *did not collapse*"). The nearest status cue wins; a negation
  cue attached to it (or to a noun on the way) flips it.
* **window** — when syntax gives nothing, cues within ``window`` tokens in the rule's
  ``direction`` (forward: the cue precedes the trigger; backward: it follows;
  bidirectional) apply, stopping at a ``terminate`` cue ("but", "however").

``pseudo`` cues ("no doubt", "not only") block the negation words inside them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from spacy.tokens import Token

from ._data import load_package_records
from .models import Status

__all__ = ["Assessment", "ContextRule", "ContextRules", "assess", "governors", "load_context_rules"]

Category = Literal[
    "proposed",
    "planned",
    "agreed",
    "occurred",
    "rejected",
    "failed",
    "threatened",
    "negation",
    "hypothetical",
    "new",
    "past",
    "pseudo",
    "terminate",
]
_STATUSES = {s.value for s in Status}
# What a negated status becomes ("did not collapse" → occurred, "no deal was reached" → failed).
_NEGATED: dict[Status, Status] = {
    Status.OCCURRED: Status.FAILED,
    Status.AGREED: Status.FAILED,
    Status.PLANNED: Status.FAILED,
    Status.FAILED: Status.OCCURRED,
    Status.REJECTED: Status.PROPOSED,
    Status.PROPOSED: Status.REJECTED,
    Status.THREATENED: Status.THREATENED,
}
_SYNTAX_MODIFIERS = frozenset(
    {"amod", "det", "compound", "advmod", "neg", "nummod", "acomp", "npadvmod", "aux", "auxpass"}
)
_CLIMB = 5
_SETTING_PREPS = frozenset({"at", "during", "after", "following", "throughout", "on the sidelines of"})
_ADJECTIVAL_NOVELTY = frozenset({"last", "past", "next", "new"})
_FUTURE_AUX = frozenset({"will", "would", "shall", "'ll"})
_ANAPHORS = frozenset({"this", "it", "that", "which", "they", "these"})
_LIGHT_VERBS = frozenset({"be", "have", "do", "say", "include", "follow", "come", "indicate"})


class ContextRule(BaseModel):
    """One line of ``context_rules.jsonl``.

    Attributes:
        cues: lemmas, or "word particle" pairs ("call for", "fall apart").
        category: a status, or negation / hypothetical / new / past / pseudo / terminate.
        types: event types the rule is limited to (empty: all types).
        direction: how the cue reaches the trigger outside syntax.
        window: how many tokens it reaches in that direction.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    cues: list[str] = Field(min_length=1)
    category: Category
    types: list[Literal["talks", "prisoner_exchange", "ceasefire_proposal", "sanction", "arms_deal"]] = Field(
        default_factory=list
    )
    direction: Literal["forward", "backward", "bidirectional", "terminate", "pseudo"] = "bidirectional"
    window: int = Field(default=6, ge=0, le=30)


class ContextRules:
    """Indexed cue rules: ``(event type, lemma) → categories``."""

    def __init__(self, rules: list[ContextRule]) -> None:
        """Index ``rules``; type-limited rules take precedence over general ones."""
        self.rules = rules
        self._single: dict[tuple[str, str], list[ContextRule]] = {}
        self._pairs: dict[tuple[str, str], list[tuple[str, ContextRule]]] = {}
        self.pseudo: list[tuple[str, ...]] = []
        ordered = sorted(rules, key=lambda r: 0 if r.types else 1)
        for rule in ordered:
            types: list[str] = list(rule.types) or ["*"]
            for cue in rule.cues:
                words = cue.lower().split()
                if rule.category == "pseudo":
                    self.pseudo.append(tuple(words))
                    continue
                for event_type in types:  # "*": rules for every type
                    if len(words) == 1:
                        self._single.setdefault((event_type, words[0]), []).append(rule)
                    else:
                        self._pairs.setdefault((event_type, words[0]), []).append((words[1], rule))

    def categories(self, token: Token, event_type: str) -> list[ContextRule]:
        """Rules whose cue matches ``token`` for ``event_type`` (type-limited first)."""
        lemma = token.lemma_.lower()
        lower = token.lower_
        found: list[ContextRule] = []
        for key_type in (event_type, "*"):
            for word in {lemma, lower}:
                for particle, rule in self._pairs.get((key_type, word), []):
                    if any(c.lemma_.lower() == particle or c.lower_ == particle for c in token.children):
                        found.append(rule)
            for word in {lemma, lower}:
                found.extend(self._single.get((key_type, word), []))
        if lower == "may" and token.tag_ != "MD":
            found = [r for r in found if r.category != "hypothetical"]
        return found

    def in_pseudo(self, token: Token) -> bool:
        """True when ``token`` is part of a pseudo-cue phrase ("no doubt")."""
        doc = token.doc
        for words in self.pseudo:
            n = len(words)
            for start in range(max(0, token.i - n + 1), token.i + 1):
                if start + n <= len(doc) and tuple(t.lower_ for t in doc[start : start + n]) == words:
                    return True
        return False


@dataclass(frozen=True)
class Assessment:
    """What the context says about one trigger.

    Attributes:
        status: the stage the trigger's context reports, or None when nothing says.
        cue: the word that decided the status.
        negated: a negation cue applied.
        hypothetical: a hypothetical or conditional cue applied.
        novelty: "new" or "past" when a cue says the event is a new one or an earlier one.
    """

    status: Status | None
    cue: str | None
    negated: bool
    hypothetical: bool
    novelty: Literal["new", "past"] | None


@lru_cache(maxsize=1)
def load_context_rules() -> ContextRules:
    """The bundled rules, loaded and validated once per process."""
    return ContextRules(load_package_records("negotiation_events", "context_rules.jsonl", ContextRule))


def governors(token: Token, hops: int = _CLIMB) -> list[Token]:
    """The chain of heads above ``token`` (nearest first), at most ``hops`` long."""
    chain: list[Token] = []
    current = token
    for _ in range(hops):
        if current.head.i == current.i:
            break
        current = current.head
        chain.append(current)
    return chain


def _status_of(rules: list[ContextRule]) -> Status | None:
    for rule in rules:
        if rule.category in _STATUSES:
            return Status(rule.category)
    return None


def _has(rules: list[ContextRule], category: str) -> bool:
    return any(rule.category == category for rule in rules)


def assess(trigger: Token, event_type: str, span_tokens: list[Token] | None = None) -> Assessment:
    """Status, negation, hypothetical and novelty cues around a trigger.

    Args:
        trigger: the head token of the trigger.
        event_type: the event type (rules may be limited to types).
        span_tokens: all tokens of the trigger match (their modifiers count too).
    """
    table = load_context_rules()
    members = span_tokens or [trigger]
    member_ids = {t.i for t in members}
    modifiers = [c for t in members for c in t.children if c.dep_ in _SYNTAX_MODIFIERS and c.i not in member_ids]
    modifiers += [t for t in members if t is not trigger]
    if trigger.dep_ == "compound":  # "a renewed meeting proposal": modifiers of the compound's head
        modifiers += [c for c in trigger.head.children if c.dep_ in {"amod", "det"} and c.i not in member_ids]
    chain = [g for g in governors(trigger) if g.i not in member_ids]

    negated = False
    hypothetical = False
    novelty: Literal["new", "past"] | None = None
    status: Status | None = None
    cue: str | None = None
    negation_scope: list[Token] = [trigger, *modifiers]

    def negation_on(tokens: list[Token]) -> bool:
        for token in tokens:
            for candidate in [token, *token.children]:
                if candidate is not token and candidate.dep_ not in {"neg", "det", "advmod", "preconj"}:
                    continue
                if candidate is token and token not in modifiers:
                    continue
                if _has(table.categories(candidate, event_type), "negation") and not table.in_pseudo(candidate):
                    return True
        return False

    # Novelty: the nearest governor first, then the trigger's own modifiers.
    for token in chain[:1] + modifiers:
        if token.pos_ == "VERB" and token.lemma_.lower() in _ADJECTIVAL_NOVELTY:
            continue  # "the talks lasted an hour" is not "the last talks"
        found = table.categories(token, event_type)
        if _has(found, "new"):
            novelty = "new"
            break
        if _has(found, "past"):
            novelty = "past"
            break

    if trigger.pos_ in {"VERB", "AUX"}:  # "a delegation would meet": the trigger verb's own auxiliaries
        auxiliaries = {c.lower_ for c in trigger.children if c.dep_ in {"aux", "auxpass"}}
        if auxiliaries & _FUTURE_AUX:
            status, cue = Status.PLANNED, next(c.text for c in trigger.children if c.lower_ in _FUTURE_AUX)
    path: list[Token] = [trigger]
    for index, governor in enumerate(chain):
        if status is None and governor.dep_ == "prep" and governor.lower_ in _SETTING_PREPS:
            # "agreed to a truce at talks in Putrajaya": the talks are the setting, so they took place
            above = chain[index + 1 :]
            status = Status.PLANNED if _tense_status(above) is Status.PLANNED else Status.OCCURRED
            cue = governor.text
            break
        found = table.categories(governor, event_type)
        aux_found = [
            (child, table.categories(child, event_type))
            for child in governor.children
            if child.dep_ in {"aux", "auxpass", "neg", "advmod", "acomp", "xcomp", "mark"}
        ]
        if any(_has(f, "hypothetical") for _, f in aux_found) or _has(found, "hypothetical"):
            hypothetical = True
        if status is None:
            status = _status_of(found)
            infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in governor.children)
            if status is Status.OCCURRED and infinitive:
                status = None  # "talks to be held", "agreed to meet": an infinitive asserts nothing yet
                path.append(governor)
                continue
            if status is None and governor.pos_ in {"VERB", "AUX"}:
                for child, child_rules in aux_found:
                    if child.dep_ in {"acomp", "xcomp", "aux"}:  # "will", "must", "should", "ready to"
                        status = _status_of(child_rules)
                        if status is not None:
                            break
            if status is Status.OCCURRED and any(
                c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in governor.children
            ):
                status = Status.PLANNED  # "Germany will supply ..."
            cue_token = governor
            if status is Status.PROPOSED and governor.pos_ == "NOUN":
                reaction = _reaction_above(chain[index + 1 :], event_type, table)
                if reaction is not None:  # "rejected a proposal for a ceasefire"
                    status, cue_token = reaction
            if status is not None:
                cue = cue_token.text
                negation_scope = [*path, governor]
                negated = negation_on(negation_scope) or any(
                    _has(f, "negation") and not table.in_pseudo(c) for c, f in aux_found if c.dep_ == "neg"
                )
                break
        path.append(governor)
        if governor.dep_ in {"relcl", "appos"}:
            break  # "Istanbul, the site of prior talks": the main clause says nothing about these talks
        clause_top = governor.dep_ == "ROOT" or (
            governor.pos_ == "VERB" and governor.dep_ in {"ccomp", "conj", "advcl"}
        )
        if clause_top and governor.lemma_ not in _LIGHT_VERBS:
            break  # do not climb past the clause that holds the trigger unless the verb is light

    later = _later_stage(chain, event_type, table)
    if later is not None:  # "they negotiated a moratorium, although this fell apart"
        status, cue = later

    if status is None:  # "potential sanctions", "stalled talks", "proposed ceasefire"
        for token in modifiers:
            if token.dep_ in {"amod", "compound", "acomp", "npadvmod"}:
                status = _status_of(table.categories(token, event_type))
                if status is not None:
                    cue = token.text
                    break
    if status is None:
        status, cue = _window_status(trigger, event_type, table)
    if not negated:
        negated = negation_on([trigger]) or negation_on([m for m in modifiers if m.dep_ == "det"])
    if status is None:
        status = _tense_status(chain)
    if negated:
        status = _NEGATED.get(status, Status.FAILED) if status is not None else Status.FAILED
    return Assessment(status=status, cue=cue, negated=negated, hypothetical=hypothetical, novelty=novelty)


def _reaction_above(above: list[Token], event_type: str, table: ContextRules) -> tuple[Status, Token] | None:
    """A verb that answers a proposal noun: "rejected / accepted / welcomed the offer of talks"."""
    for token in above[:3]:
        if token.pos_ in {"VERB", "AUX"}:
            found = _status_of(table.categories(token, event_type))
            if found in {Status.REJECTED, Status.AGREED, Status.FAILED}:
                negated = any(c.dep_ == "neg" for c in token.children)
                return (_NEGATED.get(found, found) if negated else found), token
            return None
    return None


def _later_stage(chain: list[Token], event_type: str, table: ContextRules) -> tuple[Status, str] | None:
    """A failure or refusal told in a sibling clause about the same event ("..., but it collapsed")."""
    verb = next((g for g in chain if g.pos_ in {"VERB", "AUX"}), None)
    if verb is None:
        return None
    for child in verb.children:
        if child.dep_ not in {"advcl", "conj"} or child.pos_ not in {"VERB", "AUX"}:
            continue
        if not any(c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in _ANAPHORS for c in child.children):
            continue
        stage = _status_of(table.categories(child, event_type))
        if stage in {Status.FAILED, Status.REJECTED}:
            negated = any(c.dep_ == "neg" for c in child.children)
            return (Status.OCCURRED if negated else stage), child.text
    return None


def _window_status(trigger: Token, event_type: str, table: ContextRules) -> tuple[Status | None, str | None]:
    sentence = trigger.sent
    best: tuple[int, Status, str] | None = None
    for token in sentence:
        if token.i == trigger.i:
            continue
        for rule in table.categories(token, event_type):
            if rule.category not in _STATUSES:
                continue
            distance = trigger.i - token.i  # > 0: the cue precedes the trigger
            reach = (rule.direction in {"forward", "bidirectional"} and 0 < distance <= rule.window) or (
                rule.direction in {"backward", "bidirectional"} and 0 < -distance <= rule.window
            )
            if not reach:
                continue
            lo, hi = sorted((token.i, trigger.i))
            if any(_has(table.categories(t, event_type), "terminate") for t in sentence.doc[lo + 1 : hi]):
                continue
            if best is None or abs(distance) < best[0]:
                best = (abs(distance), Status(rule.category), token.text)
            break
    return (best[1], best[2]) if best else (None, None)


def _tense_status(governors: list[Token]) -> Status | None:
    for governor in governors:
        if governor.pos_ not in {"VERB", "AUX"}:
            continue
        auxiliaries = {c.lower_ for c in governor.children if c.dep_ in {"aux", "auxpass"}}
        if auxiliaries & {"will", "shall", "'ll"}:
            return Status.PLANNED
        if governor.tag_ == "VBD" or (governor.tag_ == "VBN" and auxiliaries & {"has", "have", "had", "was", "were"}):
            return Status.OCCURRED
        return None
    return None
