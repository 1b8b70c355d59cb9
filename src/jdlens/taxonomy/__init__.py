"""The skill taxonomy: a versioned data file, its schema, and a validated, cached loader."""

from jdlens.taxonomy.loader import Related, Taxonomy, load_related, load_taxonomy, validate_taxonomy

__all__ = ["Related", "Taxonomy", "load_related", "load_taxonomy", "validate_taxonomy"]
