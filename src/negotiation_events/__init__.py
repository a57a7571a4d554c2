"""negotiation_events: typed, validated negotiation events from English news articles.

>>> from negotiation_events import parse_article
>>> [e.type for e in parse_article("Kyiv and Moscow held talks in Istanbul on Friday.", published="2025-05-17")]
['talks']
"""

from __future__ import annotations

from .api import parse_article
from .batch import parse_articles
from .errors import (
    GoldFileError,
    InvalidInputError,
    InvalidMentionError,
    InvalidPublishedError,
    InvalidTextError,
    MissingDependencyError,
    ModelNotFoundError,
    NegotiationEventsError,
    NonEnglishTextWarning,
    PatternFileError,
    PluginError,
    PluginWarning,
    UnknownExtractorError,
    WorkerError,
)
from .export import events_to_dataframe, events_to_records
from .extractors.base import ArticleContext, Extractor, Mention, MentionLinker, MentionReviser
from .extractors.registry import available_extractors, register_extractor
from .extractors.rules.engine import RuleExtractor, TriggerPattern, load_patterns
from .models import (
    Actor,
    ActorKind,
    ArmsDeal,
    CeasefireProposal,
    Event,
    EventDate,
    EventListAdapter,
    Evidence,
    Granularity,
    Place,
    PrisonerExchange,
    Sanction,
    Stage,
    Status,
    Talks,
    events_json_schema,
)
from .normalise.actors import ActorMention
from .text import HtmlText, from_html
from .timeline import Timeline, TimelineEvent, merge_events

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "ActorKind",
    "ActorMention",
    "ArmsDeal",
    "ArticleContext",
    "CeasefireProposal",
    "Event",
    "EventDate",
    "EventListAdapter",
    "Evidence",
    "Extractor",
    "GoldFileError",
    "Granularity",
    "HtmlText",
    "InvalidInputError",
    "InvalidMentionError",
    "InvalidPublishedError",
    "InvalidTextError",
    "Mention",
    "MentionLinker",
    "MentionReviser",
    "MissingDependencyError",
    "ModelNotFoundError",
    "NegotiationEventsError",
    "NonEnglishTextWarning",
    "PatternFileError",
    "Place",
    "PluginError",
    "PluginWarning",
    "PrisonerExchange",
    "RuleExtractor",
    "Sanction",
    "Stage",
    "Status",
    "Talks",
    "Timeline",
    "TimelineEvent",
    "TriggerPattern",
    "UnknownExtractorError",
    "WorkerError",
    "__version__",
    "available_extractors",
    "events_json_schema",
    "events_to_dataframe",
    "events_to_records",
    "from_html",
    "load_patterns",
    "merge_events",
    "parse_article",
    "parse_articles",
    "register_extractor",
]
