"""The skill taxonomy: a versioned data file, its schema, and a validated, cached loader."""

from jdlens.taxonomy.loader import Taxonomy, load_taxonomy, validate_taxonomy

__all__ = ["Taxonomy", "load_taxonomy", "validate_taxonomy"]
