"""Normalisation of actors, dates and quantities."""
