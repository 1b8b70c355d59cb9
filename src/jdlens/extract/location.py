"""Location and remote/hybrid/onsite."""

from __future__ import annotations

from jdlens.models import Location
from jdlens.text.document import Document


def extract_location(doc: Document, hint: str | None = None) -> Location:
    return Location()
