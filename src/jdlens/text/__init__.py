"""Text preparation: normalization (HTML, Markdown, glued scraped text) and section detection."""

from jdlens.text.document import Document, make_document

__all__ = ["Document", "make_document"]
