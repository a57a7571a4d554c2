"""Rules for arms deals: sales, deliveries, transfers and military aid packages.

Two kinds of trigger: phrases from ``patterns/arms_deals.jsonl`` ("arms sale",
"military aid"), and weapon names from the weapons lexicon
(``normalise/data/weapons.jsonl``) that stand near a transfer word ("Patriot systems
... scheduled for delivery to Ukraine") and away from attack words ("drones struck").
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from spacy.vocab import Vocab

from ..._data import load_package_records
from ..._vocab_cache import PerVocab
from ...models import Actor, Status
from ...normalise.actors import ActorMention
from ...normalise.quantities import count_near
from ..base import ArticleContext
from .engine import RuleExtractor, TriggerPattern, actors_in, governors, names_topic, prep_objects, subject_of

__all__ = ["ArmsDealRules", "WeaponEntry", "load_weapons"]

_SUPPLY_VERBS = frozenset(
    {
        "deliver",
        "supply",
        "provide",
        "send",
        "sell",
        "transfer",
        "ship",
        "donate",
        "pledge",
        "contribute",
        "give",
        "export",
        "facilitate",
        "offer",
        "gift",
        "hand",
        "approve",
        "announce",
    }
)
_RECEIVE_VERBS = frozenset(
    {
        "receive",
        "purchase",
        "buy",
        "acquire",
        "order",
        "garner",
        "obtain",
        "get",
        "secure",
        "request",
        "seek",
        "procure",
        "import",
        "need",
        "want",
    }
)
_RECEIVE_NOUNS = frozenset({"purchase", "acquisition", "procurement", "order", "import", "buy"})
_WINDOW = 8
_NOT_QUALIFIERS = frozenset(
    {
        "additional",
        "new",
        "more",
        "first",
        "further",
        "other",
        "several",
        "large",
        "scale",
        "modern",
        "advanced",
        "related",
        "its",
        "their",
        "extra",
        "latest",
        "possible",
        "used",
    }
)
_EQUIP_VERBS = frozenset({"supply", "provide", "arm", "equip", "furnish", "help"})
_DEAL_NOUNS = frozenset({"agreement", "deal", "contract", "accord", "memorandum", "pact"})
_WEAPONS_KEY = "negotiation_events.weapons"
_SYSTEM_NOUNS = frozenset({"system", "missile", "battery", "launcher", "jet", "tank", "aircraft", "rocket"})


class WeaponEntry(BaseModel):
    """One line of the weapons lexicon."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    kind: str
    patterns: list[list[dict[str, Any]]] = Field(min_length=1)


@lru_cache(maxsize=1)
def load_weapons() -> list[WeaponEntry]:
    """The bundled weapons lexicon, validated once per process."""
    return load_package_records("negotiation_events.normalise.data", "weapons.jsonl", WeaponEntry)


_WEAPON_PATTERN = TriggerPattern(id="weapon", pattern=[{"ORTH": "weapon"}], score=0.6)


class ArmsDealRules(RuleExtractor):
    """Arms deals: supplier, recipient, weapons, quantity and value."""

    name = "rules.arms_deal.v1"
    event_type = "arms_deal"
    pattern_file = "arms_deals.jsonl"
    default_status = Status.OCCURRED

    def __init__(self) -> None:
        """Load the trigger patterns and the weapons lexicon."""
        super().__init__()
        self.weapons = load_weapons()
        self._weapon_matcher = PerVocab(self._build_weapon_matcher)
        self._system_names = frozenset(e.name for e in self.weapons if e.kind == "system")
        if self.trigger_words is not None:  # a weapon counts only next to a transfer word
            self.trigger_words = self.trigger_words | self.lexicons.transfer_words

    def _build_weapon_matcher(self, vocab: Vocab) -> Matcher:
        matcher = Matcher(vocab, validate=True)
        for index, entry in enumerate(self.weapons):
            matcher.add(str(index), entry.patterns)
        return matcher

    def weapon_spans(self, doc: Doc) -> list[Span]:
        """Weapon mentions in ``doc``, labelled with their lexicon index (cached on the Doc)."""
        cached: list[tuple[int, int, int]] | None = doc.user_data.get(_WEAPONS_KEY)
        if cached is not None:  # plain tuples: a Doc's user_data must stay picklable
            return [Span(doc, start, end, label=label) for start, end, label in cached]
        matches = self._weapon_matcher.get(doc.vocab)(doc)
        spans = [Span(doc, s, e, label=int(doc.vocab.strings[m])) for m, s, e in matches]
        found = sorted(filter_spans(spans), key=lambda s: s.start)
        doc.user_data[_WEAPONS_KEY] = [(span.start, span.end, span.label) for span in found]
        return found

    def candidates(self, doc: Doc, context: ArticleContext) -> Iterator[tuple[Span, Token, TriggerPattern]]:
        """Pattern triggers, then weapon names near a transfer word (not inside a pattern trigger)."""
        taken: list[Span] = []
        for span, head, pattern in super().candidates(doc, context):
            taken.append(span)
            yield span, head, pattern
        lex = self.lexicons
        heads: set[int] = set()
        for weapon in self.weapon_spans(doc):
            if any(t.start <= weapon.start < t.end or weapon.start <= t.start < weapon.end for t in taken):
                continue
            if weapon.root.lower_ == "arms" and any(c.lower_ in lex.limb_modifiers for c in weapon.root.lefts):
                continue  # "prosthetic arms", "her arms"
            sentence = weapon.sent
            lo = max(sentence.start, weapon.start - _WINDOW)
            hi = min(sentence.end, weapon.end + _WINDOW)
            window = [t for t in doc[lo:hi] if not (weapon.start <= t.i < weapon.end)]
            lemmas = {t.lemma_.lower() for t in window}
            if not lemmas & lex.transfer_words or lemmas & lex.attack_words:
                continue
            if any(
                t.start <= weapon.start < t.end or t.start <= weapon.end - 1 < t.end
                for t in taken
                if t.sent == sentence and abs(t.start - weapon.start) <= _WINDOW
            ):
                continue
            taken.append(weapon)
            head = weapon.root
            while (
                head.dep_ in {"compound", "nummod", "amod"}
                and head.head.i > head.i
                and head.head.pos_ in {"NOUN", "PROPN"}
            ):
                head = head.head  # "26 Rafale Marine fighter jets": read the arguments of the phrase's head
            if head.i in heads:
                continue  # one mention per noun phrase ("F-16 fighter jets")
            heads.add(head.i)
            yield weapon, head, _WEAPON_PATTERN

    def arguments(
        self, span: Span, head: Token, pattern: TriggerPattern, context: ArticleContext
    ) -> tuple[dict[str, list[Actor]], dict[str, Any]] | None:
        """Suppliers, recipients (and undirected counterparts), weapons, quantity and value."""
        doc = head.doc
        if any(t.lower_ == "arms" and any(c.lower_ in self.lexicons.limb_modifiers for c in t.lefts) for t in span):
            return None  # "prosthetic arms delivery"
        suppliers: list[ActorMention] = []
        recipients: list[ActorMention] = []
        maybe_suppliers: list[ActorMention] = []
        maybe_recipients: list[ActorMention] = []
        chain = [head, *governors(head, 4)]
        for token in chain:
            suppliers += [a for obj in prep_objects(token, {"from"}) for a in actors_in(obj, context)]
            recipients += [a for obj in prep_objects(token, {"to", "for"}) for a in actors_in(obj, context)]
            maybe_suppliers += [a for obj in prep_objects(token, {"with"}) for a in actors_in(obj, context)]
            for child in token.children:
                if child.dep_ == "dative":
                    recipients += actors_in(child, context)
                if child.dep_ == "prep" and child.lower_ in {"for", "to"}:
                    for obj in child.children:  # "scheduled for delivery to Ukraine"
                        recipients += [a for o in prep_objects(obj, {"to"}) for a in actors_in(o, context)]
            if (
                token.pos_ == "NOUN"
                and token is not head
                and token.lemma_.lower()
                in {"backing", "support", "aid", "deal", "role", "shipment", "delivery", "sale", "package"}
            ):
                for child in token.children:
                    if child.dep_ in {"poss", "compound", "amod", "nmod"}:
                        for actor in actors_in(child, context, frozenset()):
                            topic = child.dep_ in {"compound", "amod"} and names_topic(actor, head.doc)
                            (recipients if topic else suppliers).append(actor)  # "Taiwan arms sales"
            if token.pos_ in {"VERB", "AUX"} and token.lemma_.lower() in _EQUIP_VERBS and head.head.i != token.i:
                for obj in token.children:  # "supplied Russia with Shahed drones": the object receives
                    if obj.dep_ == "dobj":
                        recipients += actors_in(obj, context)
            if token.pos_ in {"VERB", "AUX"}:
                verbs = [token, token.head] if token.dep_ in {"advcl", "xcomp"} else [token]
                for obj in (c for v in verbs for c in v.children):  # "signed an agreement with France for ..."
                    if obj.dep_ == "dobj" and obj.lemma_.lower() in _DEAL_NOUNS:
                        maybe_suppliers += [a for o in prep_objects(obj, {"with"}) for a in actors_in(o, context)]
                subjects = [a for s in subject_of(token) for a in actors_in(s, context)]
                lemma = token.lemma_.lower()
                if lemma in _RECEIVE_VERBS:
                    recipients += subjects
                elif lemma in _SUPPLY_VERBS:
                    suppliers += subjects
                elif subjects:
                    maybe_recipients += subjects
                if subjects:
                    break
        receiving = any(t.lemma_.lower() in _RECEIVE_VERBS | _RECEIVE_NOUNS for t in chain)
        for child in head.children:
            if child.dep_ in {"poss", "compound", "amod", "nmod"} and child.i not in range(span.start, span.end):
                found = actors_in(child, context, frozenset())  # "U.S. military aid", "Ukrainian drones"
                if receiving and child.dep_ == "poss":
                    recipients += found  # "Ukraine received its first F-16s", "India's purchase of Rafales"
                else:
                    for actor in found:  # "the Taiwan arms sale" goes to Taiwan
                        topic = child.dep_ in {"compound", "amod"} and names_topic(actor, head.doc)
                        (recipients if topic else suppliers).append(actor)
        if any(t.lemma_.lower() in _RECEIVE_NOUNS for t in chain[:2]) and not suppliers and not recipients:
            recipients, maybe_recipients = (
                maybe_recipients,
                [],
            )  # "India signed a deal with France for the purchase of 26 jets"
            suppliers, maybe_suppliers = maybe_suppliers, []
        for token in span:
            if token is not head and context.actor_at(token.i) is not None:
                suppliers.append(context.actor_at(token.i))  # type: ignore[arg-type]
        if recipients and not suppliers:  # "Poland signed a contract with South Korea to buy K2 tanks"
            buyer_codes = {a.entry.country for a in recipients}
            suppliers = [a for a in maybe_suppliers if a.entry.country not in buyer_codes]
            maybe_suppliers = []
        supplier_codes = {a.entry.country for a in suppliers}
        recipients = [r for r in recipients if r.entry.country not in supplier_codes]
        facts: dict[str, Any] = {}
        weapons = self._weapons_near(span, head)
        if weapons:
            facts["weapons"] = weapons
        systems = sorted({self.weapons[w.label].name for w in self._spans_near(span, head)} & self._system_names)
        if systems:
            facts["systems"] = systems  # named systems keep deals apart (Patriot vs F-16); classes do not
        counted = count_near(head)
        if counted is not None:
            facts["quantity"] = counted[0]
        for ent in head.sent.ents:
            if ent.label_ == "MONEY":
                facts["value"] = ent.text
                break
        roles = {
            "suppliers": [a.to_actor(doc) for a in suppliers],
            "recipients": [a.to_actor(doc) for a in recipients],
            "suppliers?": [a.to_actor(doc) for a in maybe_suppliers],
            "recipients?": [a.to_actor(doc) for a in maybe_recipients],
        }
        return roles, facts

    def _spans_near(self, span: Span, head: Token) -> list[Span]:
        sentence = head.sent
        lo = max(sentence.start, span.start - _WINDOW)
        hi = min(sentence.end, span.end + _WINDOW)
        return [w for w in self.weapon_spans(head.doc) if lo <= w.start and w.end <= hi]

    def _weapons_near(self, span: Span, head: Token) -> list[str]:
        doc = head.doc
        sentence = head.sent
        found: list[str] = []
        for weapon in self._spans_near(span, head):
            entry = self.weapons[weapon.label]
            if entry.name == "weapons":
                continue
            right = weapon.end  # "Patriot missile systems": extend over the class nouns
            while right < sentence.end and doc[right].lemma_.lower() in _SYSTEM_NOUNS:
                right += 1
            left = weapon.start  # "ballistic missiles", "Scorpene-class submarines": keep the type words
            while left > sentence.start and self._qualifier(doc[left - 1], left, right):
                left -= 1
            written = doc[left:right].text
            label = written if entry.kind == "system" or left < weapon.start else entry.name
            if entry.kind == "system" and entry.name.lower() not in written.lower():
                label = entry.name  # "National Advanced Surface-to-Air Missile Systems" → NASAMS
            if not any(label in other or other in label for other in found):
                found.append(label)
        return found

    @staticmethod
    def _qualifier(token: Token, left: int, right: int) -> bool:
        """A word that names the kind of weapon ("ballistic", "Scorpene-class"), not its owner or number."""
        if token.dep_ not in {"amod", "compound"} and not (token.is_punct and token.text == "-"):
            return False
        if token.head.i < left or token.head.i >= right:
            return False
        if token.like_num or token.ent_type_ in {"NORP", "GPE", "CARDINAL", "ORDINAL"}:
            return False
        return token.lower_ not in _NOT_QUALIFIERS
