"""Where the gazetteer's actors come from: maintained data plus the project's own data files.

- **States** come from ISO 3166 (``pycountry``): every alpha-3 code with its short, common
  and official names (``"Iran"``, ``"Islamic Republic of Iran"``), and the former names of
  renamed states (Burma, Zaire, East Timor...). ``data/states.jsonl`` adds what ISO lacks:
  the names news uses ("Britain", "the US"), seats of power and capitals that stand for the
  state ("the Kremlin", "Downing Street", "Kyiv"), and adjectives and demonyms.
- **Organisations** (``data/organisations.jsonl``): the codes of the annotation guidelines
  (``EU``, ``NATO``, ``UN``, ``AU``, ``ECOWAS``... ``ICRC``, ``IAEA``) with names,
  abbreviations, bodies and agencies.
- **Groupings of states** (``data/groupings.jsonl``): fixed groups ("the E3", "the Quad")
  that stand for their members.
- **Armed and non-state groups** (``data/groups.jsonl``): each with a stable id, its aliases
  and the state where it fights.
- **People** (``data/people/*.jsonl``): office holders, envoys and negotiators with the
  offices they held and when, so a name is coded for the side the person spoke for on the
  article's date.

Every file is JSON Lines with a header line (``schema`` and ``how_to_add``); every line is
validated when the gazetteer is first used, and a bad line raises
[`PatternFileError`][negotiation_events.PatternFileError] with the file, the line and the
reason. Names are case-sensitive and matched as whole tokens; a name listed under
``ambiguous`` counts only where the parse says it is a name (see
[`Gazetteer`][negotiation_events.normalise.actors.Gazetteer]).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from .._data import load_records, read_package_text
from ..errors import PatternFileError

__all__ = [
    "GRACE_DAYS",
    "MODELS",
    "ORGANISATION_CODES",
    "ArmedGroup",
    "Grouping",
    "Organisation",
    "Person",
    "StateAdditions",
    "Term",
    "check_file",
    "iso_states",
    "load_sources",
    "state_codes",
]

ORGANISATION_CODES: tuple[str, ...] = (
    "EU",
    "NATO",
    "UN",
    "AU",
    "ECOWAS",
    "SADC",
    "IGAD",
    "EAC",
    "ASEAN",
    "GCC",
    "LAS",
    "OIC",
    "OSCE",
    "CSTO",
    "SCO",
    "OAS",
    "CIS",
    "G7",
    "G20",
    "ICRC",
    "IAEA",
)
"""The organisation codes of the annotation guidelines."""

EXTRA_STATES: dict[str, str] = {"XKX": "Kosovo"}
"""States the project codes that ISO 3166-1 does not list (Kosovo's user-assigned code)."""

FORMER_NAMES: dict[str, str] = {"BUR": "MMR", "ZAR": "COD", "TMP": "TLS", "DHY": "BEN", "HVO": "BFA", "RHO": "ZWE"}
"""ISO 3166-3 withdrawn codes whose names still denote one current state (Burma → Myanmar)."""

_FORMER_EXTRA = {
    "MMR": ["Burma"],
    "COD": ["Zaire"],
    "TLS": ["East Timor"],
    "SWZ": ["Swaziland"],
    "CZE": ["Czech Republic"],
}

Level = Literal["leaders", "ministers", "envoys", "delegations"]

GRACE_DAYS = 90
"""A person out of office on a date still speaks for their office this close to it (dates in the
data are sometimes approximate); further away they speak for nobody: a candidate, a former
minister."""
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@lru_cache(maxsize=1)
def state_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes (from pycountry) and the project's extra codes (``XKX``)."""
    import pycountry

    return frozenset([c.alpha_3 for c in pycountry.countries] + list(EXTRA_STATES))


def _check_code(value: str) -> str:
    if value in ORGANISATION_CODES or value in state_codes():
        return value
    raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-3 code, XKX, or one of {', '.join(ORGANISATION_CODES)}")


def _check_names(values: list[str]) -> list[str]:
    listed = set(values)
    for value in values:
        if not value.strip() or value != value.strip():
            raise ValueError(f"empty name or surrounding space: {value!r}")
        if value.endswith(("'s", "’s")) and value[:-2] in listed:
            raise ValueError(f"{value!r}: do not list possessives, they are matched anyway")
    return values


_Names = Annotated[list[str], AfterValidator(_check_names)]
"""A list of surface names: no empty strings, no surrounding space, no possessive duplicates."""


class _Line(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    not_with: dict[str, list[str]] = Field(default_factory=dict)
    """Per name, words or phrases (lower case) that, in the same sentence, show the name
    means something else ("Jordan": ["basketball", "points"])."""

    @field_validator("not_with")
    @classmethod
    def _lower(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, words in value.items():
            if any(w != w.lower() or not w.strip() for w in words):
                raise ValueError(f"not_with[{name!r}]: words are lower case and not empty")
        return value


class StateAdditions(_Line):
    """One line of ``states.jsonl``: what ISO 3166 lacks for one state.

    Attributes:
        code: the ISO 3166-1 alpha-3 code (or ``XKX``).
        canonical: the name to report, when ISO's is not the one news uses ("Russia" for
            "Russian Federation", "Turkey" for "Türkiye").
        names: further names of the state itself ("Britain", "the US", "U.S.").
        seats: capitals, seats of power and other metonyms that stand for its government
            ("London", "Downing Street", "Whitehall").
        adjectives: adjectives and demonyms ("British", "Briton", "Britons").
        combining: combining forms that name the state only before a hyphen ("Sino" in
            "Sino-Indian", "Anglo", "Indo").
        ambiguous: names (from any list) that also have another common sense ("Chad",
            "Jordan", "Georgia"): they count only where the parse makes them a name.
    """

    code: str
    canonical: str | None = None
    names: _Names = Field(default_factory=list)
    seats: _Names = Field(default_factory=list)
    combining: _Names = Field(default_factory=list)
    adjectives: _Names = Field(default_factory=list)
    ambiguous: _Names = Field(default_factory=list)

    @field_validator("code")
    @classmethod
    def _state(cls, value: str) -> str:
        return _check_state(value)


def _check_state(value: str) -> str:
    if value not in state_codes():
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-3 code (or XKX)")
    return value


class Organisation(_Line):
    """One line of ``organisations.jsonl``: an organisation with one of the guidelines' codes.

    Attributes:
        code: the organisation code (``AU``, ``ECOWAS``...).
        canonical: its full name.
        names: full names, abbreviations, bodies, agencies and offices that stand for it
            ("African Union", "AU", "AU Commission", "the AU's Peace and Security Council").
        adjectives: adjectives ("European" for the EU).
        ambiguous: names that also have another common sense.
        mediates: the organisation takes part in other parties' talks and truces as a
            mediator, not as a party (the UN, the AU, the OSCE, the ICRC): named among
            the parties of talks or a ceasefire, it is reported as a mediator.
    """

    code: str
    canonical: str = Field(min_length=1)
    names: _Names = Field(min_length=1)
    adjectives: _Names = Field(default_factory=list)
    ambiguous: _Names = Field(default_factory=list)
    mediates: bool = False

    @field_validator("code")
    @classmethod
    def _organisation(cls, value: str) -> str:
        if value not in ORGANISATION_CODES:
            raise ValueError(f"{value!r} is not one of {', '.join(ORGANISATION_CODES)}")
        return value


class Grouping(_Line):
    """One line of ``groupings.jsonl``: a fixed group of states that stands for its members.

    Attributes:
        id: a stable id (``e3``, ``quad``).
        canonical: what it is ("E3 (France, Germany, United Kingdom)").
        names: how texts name it.
        members: the member codes the group expands to.
        ambiguous: names that also have another common sense.
    """

    id: str
    canonical: str = Field(min_length=1)
    names: _Names = Field(min_length=1)
    members: list[str] = Field(min_length=2)
    ambiguous: _Names = Field(default_factory=list)

    @field_validator("members")
    @classmethod
    def _members(cls, values: list[str]) -> list[str]:
        return [_check_code(v) for v in values]

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        return _check_id(value)


def _check_id(value: str) -> str:
    if not _ID.match(value):
        raise ValueError(f"{value!r}: ids are lower case letters, digits and hyphens")
    return value


class ArmedGroup(_Line):
    """One line of ``groups.jsonl``: an armed or non-state group.

    Attributes:
        id: a stable id (``eln``, ``rsf``, ``al-shabaab``).
        canonical: its usual English name.
        country: the state where it fights (the guidelines' code for it).
        names: its names and aliases as texts write them ("ELN", "National Liberation
            Army").
        ambiguous: aliases that also mean something else ("SDF" is also Japan's
            Self-Defense Forces): they count only where the parse makes them a name.
        region: where it fights, for the data card (free text).
    """

    id: str
    canonical: str = Field(min_length=1)
    country: str
    names: _Names = Field(min_length=1)
    ambiguous: _Names = Field(default_factory=list)
    region: str | None = None

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        return _check_state(value)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        return _check_id(value)


class Term(BaseModel):
    """One office a person held, and when.

    Attributes:
        office: the office ("President of Kenya", "UN Special Envoy for Yemen").
        code: whom the office speaks for: a state or organisation code.
        titles: how texts name the office without the name, lower case ("president",
            "foreign minister", "special envoy").
        level: the level of talks the office represents.
        start: first day in office.
        end: last day in office (None: still in office).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    office: str = Field(min_length=1)
    code: str
    titles: list[str] = Field(default_factory=list)
    level: Level | None = None
    start: dt.date
    end: dt.date | None = None
    approx: bool = False

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        return _check_code(value)

    @field_validator("titles")
    @classmethod
    def _titles(cls, values: list[str]) -> list[str]:
        for value in values:
            if value != value.lower() or not value.strip():
                raise ValueError(f"titles are lower case, got {value!r}")
        return values

    @model_validator(mode="after")
    def _ordered(self) -> Term:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self

    def covers(self, day: dt.date) -> bool:
        """The office was held on ``day``."""
        return self.start <= day and (self.end is None or day <= self.end)


class Person(_Line):
    """One line of ``people/*.jsonl``: a person and the offices they held.

    Attributes:
        id: a stable id (``volodymyr-zelensky``).
        canonical: the full name.
        names: the name as texts write it: full name, spellings, and the surname alone
            where it is unambiguous.
        ambiguous: names that also mean something else.
        terms: the offices held, in time order.
    """

    id: str
    canonical: str = Field(min_length=1)
    names: _Names = Field(min_length=1)
    ambiguous: _Names = Field(default_factory=list)
    terms: list[Term] = Field(min_length=1)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        return _check_id(value)

    def term_on(self, day: dt.date | None) -> Term | None:
        """The office held on ``day``, else one held within :data:`GRACE_DAYS` of it, else None.

        Without a date, the latest office. When several offices cover the day, a state's
        wins over an organisation's (a president who chairs a regional bloc for a year
        still speaks for the country).
        """
        if day is None:
            return max(self.terms, key=lambda t: t.start)
        held = [t for t in self.terms if t.covers(day)]
        if held:
            return max(held, key=lambda t: (t.code not in ORGANISATION_CODES, t.start))

        def distance(term: Term) -> int:
            if day < term.start:
                return (term.start - day).days
            return (day - (term.end or day)).days

        nearest = min(self.terms, key=distance)
        return nearest if distance(nearest) <= GRACE_DAYS else None


class _Header(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_: str = Field(alias="schema")
    how_to_add: str


def _records(name: str, model: type[_Line]) -> list[_Line]:
    source, text = read_package_text("negotiation_events.normalise.data", name)
    return _checked(text, source, model)


def _checked(text: str, source: str, model: type[_Line]) -> list[_Line]:
    records = load_records(text, source, model, skip_header="schema")
    if not text.lstrip().startswith('{"schema"'):
        raise PatternFileError(f"{source}, line 1: the first line must be the header with 'schema' and 'how_to_add'")
    return records


def iso_states() -> Iterator[tuple[str, str, list[str]]]:
    """``(code, canonical name, names)`` of every ISO 3166-1 state, with former names."""
    import pycountry

    former: dict[str, list[str]] = {code: list(names) for code, names in _FORMER_EXTRA.items()}
    for old in pycountry.historic_countries:
        successor = FORMER_NAMES.get(old.alpha_3)
        if successor is not None:
            former.setdefault(successor, []).append(_readable(old.name))
    for country in pycountry.countries:
        fields = country._fields
        common = fields.get("common_name")
        name = fields["name"]
        names = [n for n in (common, _readable(name), fields.get("official_name")) if n]
        canonical = common or _readable(name)
        names += former.get(country.alpha_3, [])
        yield country.alpha_3, canonical, list(dict.fromkeys(_tidy(n) for n in names if "Province of" not in n))
    for code, name in EXTRA_STATES.items():
        yield code, name, [name, f"Republic of {name}"]


def _readable(name: str) -> str:
    """ISO's inverted names read forwards: "Korea, Republic of" → "Republic of Korea"."""
    if ", " not in name:
        return name
    head, tail = name.split(", ", 1)
    if tail.lower().startswith(
        (
            "republic",
            "the ",
            "state",
            "islamic",
            "democratic",
            "united",
            "federated",
            "bolivarian",
            "plurinational",
            "socialist",
            "union",
        )
    ):
        return f"{tail} {head}".replace("The ", "the ")
    return head


def _tidy(name: str) -> str:
    return re.sub(r"\s+", " ", name.removeprefix("the ")).strip()


def load_sources() -> tuple[list[StateAdditions], list[Organisation], list[Grouping], list[ArmedGroup], list[Person]]:
    """Every data file, validated (file, line and reason on the first bad line)."""
    states = [r for r in _records("states.jsonl", StateAdditions) if isinstance(r, StateAdditions)]
    organisations = [r for r in _records("organisations.jsonl", Organisation) if isinstance(r, Organisation)]
    groupings = [r for r in _records("groupings.jsonl", Grouping) if isinstance(r, Grouping)]
    groups = [r for r in _records("groups.jsonl", ArmedGroup) if isinstance(r, ArmedGroup)]
    people: list[Person] = []
    folder = resources.files("negotiation_events.normalise.data").joinpath("people")
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".jsonl"):
            source = f"negotiation_events/normalise/data/people/{item.name}"
            people += [r for r in _checked(item.read_text(encoding="utf-8"), source, Person) if isinstance(r, Person)]
    _unique_ids(groupings, groups, people)
    return states, organisations, groupings, groups, people


def _unique_ids(*families: list[Grouping] | list[ArmedGroup] | list[Person]) -> None:
    seen: set[str] = set()
    for family in families:
        for record in family:
            if record.id in seen:
                raise PatternFileError(f"the id {record.id!r} is used twice in the gazetteer's data files")
            seen.add(record.id)


MODELS: dict[str, type[_Line]] = {
    "states": StateAdditions,
    "organisations": Organisation,
    "groupings": Grouping,
    "groups": ArmedGroup,
    "people": Person,
}


def check_file(path: str, kind: str) -> int:
    """Validate one data file of ``kind`` (states, organisations, groupings, groups, people); return its lines.

    Raises:
        PatternFileError: the first bad line (file, line, reason).
    """
    from pathlib import Path

    text = Path(path).read_text(encoding="utf-8")
    records = _checked(text, path, MODELS[kind])
    if kind in {"groupings", "groups", "people"}:
        ids = [str(r.model_dump().get("id")) for r in records]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise PatternFileError(f"{path}: ids used twice: {', '.join(repeated)}")
    return len(records)
