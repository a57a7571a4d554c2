"""Package data: trigger patterns of the rule extractors, one JSON Lines file per event type."""
