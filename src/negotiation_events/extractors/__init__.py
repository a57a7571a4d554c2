"""Extractors: the Extractor protocol, the registry, and the built-in rule extractors."""
