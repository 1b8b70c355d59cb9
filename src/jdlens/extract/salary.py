"""Salary stated in the text."""

from __future__ import annotations

from jdlens.models import Salary
from jdlens.text.document import Document


def extract_salary(doc: Document) -> Salary | None:
    return None
