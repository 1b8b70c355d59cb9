"""Degree level and field asked for."""

from __future__ import annotations

from jdlens.models import Education
from jdlens.text.document import Document


def extract_education(doc: Document) -> Education:
    return Education()
