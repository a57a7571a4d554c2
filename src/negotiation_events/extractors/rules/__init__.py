"""Rule extractors, one module per event type; trigger patterns live in ``patterns/``.

=================  ==============================  ==========================
event type         module                          patterns
=================  ==============================  ==========================
talks              ``rules/talks.py``              ``patterns/talks.jsonl``
prisoner_exchange  ``rules/prisoner_exchange.py``  ``patterns/prisoner_exchange.jsonl``
ceasefire_proposal ``rules/ceasefire.py``          ``patterns/ceasefire.jsonl``
sanction           ``rules/sanctions.py``          ``patterns/sanctions.jsonl``
arms_deal          ``rules/arms_deals.py``         ``patterns/arms_deals.jsonl``
=================  ==============================  ==========================
"""

from __future__ import annotations

from .arms_deals import ArmsDealRules
from .ceasefire import CeasefireRules
from .prisoner_exchange import PrisonerExchangeRules
from .sanctions import SanctionRules
from .talks import TalksRules

__all__ = ["ArmsDealRules", "CeasefireRules", "PrisonerExchangeRules", "SanctionRules", "TalksRules"]
