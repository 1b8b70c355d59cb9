"""Extractors: pure functions from a Document to one field of the analysis."""
