"""Years of experience asked for."""

from __future__ import annotations

from jdlens.models import Experience
from jdlens.text.document import Document


def extract_experience(doc: Document) -> Experience:
    return Experience()
