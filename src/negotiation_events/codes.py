"""CAMEO and PLOVER codes for events, so they can be joined to GDELT and POLECAT data.

Every event carries ``cameo`` (a CAMEO 1.1b3 event code, as used by GDELT) and
``plover`` (a PLOVER category and mode, as used by POLECAT), derived from the
event's type and status by :data:`CODE_TABLE`, with three refinements:

* talks that took place in the country of one of their parties are a hosted visit
  (CAMEO 043, ``CONSULT``/``host``); talks that took place in a country that is not a
  party's are a meeting at a third location (CAMEO 044, ``CONSULT``/``third-party``);
  talks whose only trigger is a telephone or video call are CAMEO 041,
  ``CONSULT``/``phone``;
* lifting sanctions (``action="lift"``) uses the easing codes (CAMEO 0354 / 085 / 1244)
  instead of the imposing ones;
* an arms deal reported as a sale or purchase is military cooperation (CAMEO 0312 / 062 /
  1212, ``COOPERATE``/``military``); any other transfer (aid, package, delivery) is
  military aid (CAMEO 0332 / 072 / 1222, ``AID``/``military``).

The codes describe what happened, not whether it did: a negated or hypothetical event
keeps the code of its type and status, so filter on ``negated`` / ``hypothetical`` first.
CAMEO has no code for a failed or called-off stage of some events; where the table uses
the nearest code, its ``note`` says so.

>>> from negotiation_events.codes import codes_for
>>> codes_for("prisoner_exchange", "occurred")
('0841', Plover(category='RETREAT', mode='release'))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, computed_field, model_validator

if TYPE_CHECKING:
    from .models import Actor, Evidence, Place

__all__ = [
    "CODE_TABLE",
    "DERIVED_FIELDS",
    "PLOVER_CATEGORIES",
    "CodeRow",
    "Coded",
    "Plover",
    "PloverCategory",
    "codes_for",
    "variant_of",
]

PloverCategory = Literal[
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
]
PLOVER_CATEGORIES: tuple[str, ...] = PloverCategory.__args__  # type: ignore[attr-defined]
"""The sixteen PLOVER event categories."""


class Plover(BaseModel):
    """A PLOVER event category and, where PLOVER defines one for it, a mode.

    Attributes:
        category: the PLOVER event type (``CONSULT``, ``AGREE``, ``SANCTION``...).
        mode: the PLOVER mode (``third-party``, ``release``, ``military``...), or None.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    category: PloverCategory
    mode: str | None = None


@dataclass(frozen=True)
class CodeRow:
    """One row of :data:`CODE_TABLE`.

    Attributes:
        type: the event type.
        status: the event status.
        variant: ``""`` for the default row, else the refinement it applies to
            (``host``, ``third-party``, ``phone`` for talks; ``lift`` for sanctions;
            ``sale`` for arms deals).
        cameo: the CAMEO event code.
        cameo_label: its name in the CAMEO codebook.
        plover: the PLOVER category and mode.
        note: why the nearest code was chosen, when no code fits exactly.
    """

    type: str
    status: str
    variant: str
    cameo: str
    cameo_label: str
    plover: Plover
    note: str = ""


def _row(
    type_: str,
    status: str,
    cameo: str,
    label: str,
    category: PloverCategory,
    *,
    mode: str | None = None,
    variant: str = "",
    note: str = "",
) -> CodeRow:
    return CodeRow(type_, status, variant, cameo, label, Plover(category=category, mode=mode), note)


_STAGES_BEFORE = ("proposed", "planned")

CODE_TABLE: tuple[CodeRow, ...] = (
    # talks
    *(_row("talks", s, "036", "Express intent to meet or negotiate", "AGREE") for s in (*_STAGES_BEFORE, "agreed")),
    _row("talks", "occurred", "046", "Engage in negotiation", "CONSULT"),
    _row("talks", "occurred", "043", "Host a visit", "CONSULT", mode="host", variant="host"),
    _row("talks", "occurred", "044", "Meet at a third location", "CONSULT", mode="third-party", variant="third-party"),
    _row("talks", "occurred", "041", "Discuss by telephone", "CONSULT", mode="phone", variant="phone"),
    _row("talks", "rejected", "125", "Reject proposal to meet, discuss, or negotiate", "REJECT"),
    _row(
        "talks",
        "failed",
        "164",
        "Halt negotiations",
        "REJECT",
        note="PLOVER has no category for talks that break down; REJECT is the nearest",
    ),
    _row("talks", "threatened", "1313", "Threaten to reduce or break relations", "THREATEN"),
    # prisoner exchanges
    *(
        _row("prisoner_exchange", s, "0353", "Express intent to release persons or property", "AGREE")
        for s in _STAGES_BEFORE
    ),
    _row("prisoner_exchange", "agreed", "057", "Sign formal agreement", "AGREE"),
    _row("prisoner_exchange", "occurred", "0841", "Return, release person(s)", "RETREAT", mode="release"),
    *(
        _row("prisoner_exchange", s, "1243", "Refuse to release persons or property", "REJECT")
        for s in ("rejected", "failed")
    ),
    _row("prisoner_exchange", "threatened", "130", "Threaten, not specified below", "THREATEN"),
    # ceasefires
    *(
        _row("ceasefire_proposal", s, "0356", "Express intent to de-escalate military engagement", "AGREE")
        for s in _STAGES_BEFORE
    ),
    _row("ceasefire_proposal", "agreed", "057", "Sign formal agreement", "AGREE"),
    _row("ceasefire_proposal", "occurred", "0871", "Declare truce, ceasefire", "RETREAT", mode="ceasefire"),
    _row("ceasefire_proposal", "rejected", "1246", "Refuse to de-escalate military engagement", "REJECT"),
    _row(
        "ceasefire_proposal",
        "failed",
        "196",
        "Violate ceasefire",
        "ASSAULT",
        note="a failed ceasefire is most often a violated or collapsed one",
    ),
    _row("ceasefire_proposal", "threatened", "130", "Threaten, not specified below", "THREATEN"),
    # sanctions (impose or extend)
    *(
        _row("sanction", s, "1312", "Threaten with sanctions, boycott, embargo", "THREATEN", note=note)
        for s, note in (
            ("proposed", "CAMEO has no code for proposing sanctions; announcing them is a threat"),
            ("planned", "CAMEO has no code for planned sanctions; announcing them is a threat"),
            ("threatened", ""),
        )
    ),
    *(_row("sanction", s, "163", "Impose embargo, boycott, or sanctions", "SANCTION") for s in ("agreed", "occurred")),
    *(_row("sanction", s, "120", "Reject, not specified below", "REJECT") for s in ("rejected", "failed")),
    # sanctions lifted
    *(
        _row(
            "sanction",
            s,
            "0354",
            "Express intent to ease economic sanctions, boycott, or embargo",
            "AGREE",
            variant="lift",
        )
        for s in _STAGES_BEFORE
    ),
    *(
        _row("sanction", s, "085", "Ease economic sanctions, boycott, embargo", "CONCEDE", variant="lift")
        for s in ("agreed", "occurred")
    ),
    *(
        _row("sanction", s, "1244", "Refuse to ease economic sanctions, boycott, or embargo", "REJECT", variant="lift")
        for s in ("rejected", "failed")
    ),
    _row("sanction", "threatened", "1312", "Threaten with sanctions, boycott, embargo", "THREATEN", variant="lift"),
    # arms transfers (aid, packages, deliveries)
    *(
        _row("arms_deal", s, "0332", "Express intent to provide military aid", "AGREE")
        for s in (*_STAGES_BEFORE, "agreed")
    ),
    _row("arms_deal", "occurred", "072", "Provide military aid", "AID", mode="military"),
    *(_row("arms_deal", s, "1222", "Reject request for military aid", "REJECT") for s in ("rejected", "failed")),
    _row("arms_deal", "threatened", "1311", "Threaten to reduce or stop aid", "THREATEN"),
    # arms sales
    *(
        _row("arms_deal", s, "0312", "Express intent to cooperate militarily", "AGREE", variant="sale")
        for s in (*_STAGES_BEFORE, "agreed")
    ),
    _row("arms_deal", "occurred", "062", "Cooperate militarily", "COOPERATE", mode="military", variant="sale"),
    *(
        _row("arms_deal", s, "1212", "Reject military cooperation", "REJECT", variant="sale")
        for s in ("rejected", "failed")
    ),
    _row("arms_deal", "threatened", "1311", "Threaten to reduce or stop aid", "THREATEN", variant="sale"),
)
"""The mapping table: one row per (type, status, variant)."""

_INDEX: dict[tuple[str, str, str], CodeRow] = {(r.type, r.status, r.variant): r for r in CODE_TABLE}

_PHONE_WORDS = frozenset({"call", "calls", "phone", "telephone", "video", "videoconference", "conversation"})
_SALE_WORDS = frozenset({"sale", "sales", "sell", "sells", "sold", "selling", "buy", "buys", "bought", "purchase"})
_SALE_WORDS |= frozenset({"purchased", "purchases", "contract", "contracts", "order", "ordered", "orders"})


def codes_for(
    type_: str,
    status: str,
    *,
    variant: str = "",
) -> tuple[str, Plover]:
    """The CAMEO code and PLOVER category/mode of an event type at a status.

    Args:
        type_: an event type (``"talks"``...).
        status: a status value (``"occurred"``...).
        variant: a refinement listed in :data:`CODE_TABLE` (``"third-party"``, ``"lift"``,
            ``"sale"``...); unknown variants fall back to the default row.

    Raises:
        KeyError: the type or status is not one of the library's.
    """
    row = _INDEX.get((type_, status, variant)) or _INDEX[(type_, status, "")]
    return row.cameo, row.plover


def _words(evidence: list[Evidence]) -> set[str]:
    return {w.strip(".,;:'\"()").lower() for e in evidence for w in e.trigger.split()}


def variant_of(
    type_: str,
    *,
    evidence: list[Evidence],
    parties: list[Actor] | None = None,
    location: Place | None = None,
    action: str | None = None,
) -> str:
    """The :data:`CODE_TABLE` variant an event's other fields select (see the module docstring)."""
    if type_ == "talks":
        triggers = _words(evidence)
        if triggers and triggers <= _PHONE_WORDS:
            return "phone"
        party_codes = {a.country for a in parties or [] if a.country}
        if location is not None and location.country and party_codes:
            return "host" if location.country in party_codes else "third-party"
        return ""
    if type_ == "sanction":
        return "lift" if action == "lift" else ""
    if type_ == "arms_deal":
        return "sale" if _words(evidence) & _SALE_WORDS else ""
    return ""


DERIVED_FIELDS = ("cameo", "plover")
"""The fields :class:`Coded` models compute; they are written on output and ignored on input."""


class Coded(BaseModel):
    """Base of the models that carry ``cameo`` and ``plover`` (events and timeline records).

    Subclasses say what the codes are derived from in :meth:`_code_inputs`. The codes are
    computed fields: ``model_dump`` and ``model_dump_json`` write them, and validation drops
    them from the input, so a dumped model validates back to itself and an edited status
    can never keep a stale code.
    """

    @model_validator(mode="before")
    @classmethod
    def _drop_derived(cls, data: Any) -> Any:
        if isinstance(data, dict) and any(key in data for key in DERIVED_FIELDS):
            return {k: v for k, v in data.items() if k not in DERIVED_FIELDS}
        return data

    def _code_inputs(self) -> tuple[str, str, list[Evidence], list[Actor] | None, Place | None, str | None]:
        """``(type, status, evidence, parties, location, action)``."""
        raise NotImplementedError

    def _codes(self) -> tuple[str, Plover]:
        kind, status, evidence, parties, location, action = self._code_inputs()
        variant = variant_of(kind, evidence=evidence, parties=parties, location=location, action=action)
        return codes_for(kind, status, variant=variant)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def cameo(self) -> str:
        """The CAMEO event code (GDELT), derived from type and status; see :mod:`negotiation_events.codes`."""
        return self._codes()[0]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def plover(self) -> Plover:
        """The PLOVER category and mode (POLECAT), derived from type and status."""
        return self._codes()[1]


def _markdown_table() -> str:
    """:data:`CODE_TABLE` as the Markdown table of ``docs/codes.md`` (a test keeps the two equal)."""
    lines = [
        "| type | status | variant | CAMEO | CAMEO name | PLOVER category | PLOVER mode | note |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in CODE_TABLE:
        lines.append(
            f"| {r.type} | {r.status} | {r.variant or '—'} | {r.cameo} | {r.cameo_label} | "
            f"{r.plover.category} | {r.plover.mode or '—'} | {r.note} |"
        )
    return "\n".join(lines)
