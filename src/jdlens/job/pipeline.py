"""The analysis pipeline: text -> normalize -> sections -> extractors -> JobAnalysis."""

from __future__ import annotations

import os
from pathlib import Path

from jdlens.budget import analysis_budget, spend_now
from jdlens.errors import InputError
from jdlens.extract.education import extract_education
from jdlens.extract.experience import extract_experience
from jdlens.extract.location import extract_location
from jdlens.extract.mentions import build_mentions, implied_skills
from jdlens.extract.salary import extract_salary
from jdlens.extract.skills import get_matcher
from jdlens.job.classify import classify_role, classify_seniority, load_role_rules
from jdlens.job.flags import FlagContext, find_red_flags
from jdlens.models import JobAnalysis
from jdlens.sources.reader import SourceDocument, read_bytes, read_path
from jdlens.text.document import Document, make_document

RULES_VERSION = "2026.11.0"


def prepare(raw: str, title: str | None = None) -> Document:
    """Normalize a raw posting into a Document, keeping the taxonomy's camel-case names intact."""
    return make_document(raw, title, get_matcher().camel_words)


def analyze_document(raw: str, *, title: str | None = None, location: str | None = None) -> JobAnalysis:
    matcher = get_matcher()
    doc = prepare(raw, title)
    spend_now()
    skills = build_mentions(doc, matcher.find(doc.text), matcher.taxonomy)
    spend_now()
    experience = extract_experience(doc)
    education = extract_education(doc)
    spend_now()
    place = extract_location(doc, location)
    salary = extract_salary(doc, place.country)
    role = classify_role(doc, skills)
    seniority = classify_seniority(doc, experience)
    spend_now()
    flags = find_red_flags(FlagContext(doc, skills, experience, education, role, seniority, salary))
    return JobAnalysis.trusted(
        title=title,
        skills=skills,
        implied_skills=implied_skills(skills, matcher.taxonomy),
        experience=experience,
        education=education,
        salary=salary,
        role=role,
        seniority=seniority,
        location=place,
        red_flags=flags,
        sections=list(doc.sections),
        text=doc.text,
        versions={
            "taxonomy": matcher.taxonomy.version,
            "roles": load_role_rules().version,
            "rules": RULES_VERSION,
        },
    )


def posting_text(source: str | bytes | Path | SourceDocument) -> str:
    """The text of a posting: a ``str`` is the text; bytes and a ``Path`` are a file, read by ``sources``."""
    return posting_document(source).text


def posting_document(source: str | bytes | os.PathLike[str] | SourceDocument) -> SourceDocument:
    """The posting as a read document: a ``str`` is the text itself; bytes and a path (``os.PathLike``)
    are a file."""
    if isinstance(source, SourceDocument):
        return source
    if isinstance(source, os.PathLike):
        return read_path(Path(source))
    if isinstance(source, bytes | bytearray):
        return read_bytes(bytes(source))
    if not isinstance(source, str):
        raise InputError(
            "JDL050", name="text", reason=f"expected str, bytes or a path, got {type(source).__name__}"
        )
    return SourceDocument(source, "text")


def with_reading_notes(analysis: JobAnalysis, doc: SourceDocument) -> JobAnalysis:
    """The analysis with what reading the document could not read (PDF pages with no text)."""
    if not doc.empty_pages:
        return analysis
    return analysis.model_copy(update={"empty_pages": list(doc.empty_pages), "notes": doc.notes})


def analyze(
    text: str | bytes | os.PathLike[str] | SourceDocument,
    *,
    title: str | None = None,
    location: str | None = None,
) -> JobAnalysis:
    """Analyze one job description: text (HTML, Markdown or plain), or a file as ``bytes`` or a path
    (``pathlib.Path`` or any ``os.PathLike``): PDF, DOCX, HTML, JSON-LD JobPosting, Markdown or text in any common encoding; or a document
    ``jdlens.sources`` has read. PDF pages with no text are listed in ``empty_pages`` and ``notes``.

    ``title`` and ``location`` are optional metadata fields a posting may carry beside its text.
    Raises ``InputError`` (JDL002) for an empty text, JDL003 for a binary file, and ``LimitError`` for a text over the size
    limit (JDL070, refused before any work) or over the CPU-time budget (JDL071); see ``jdlens.budget``.
    """
    if text is None:
        raise InputError("JDL002", where="")
    doc = posting_document(text)
    raw = doc.text
    if not raw.strip():
        raise InputError("JDL002", where="")
    with analysis_budget(len(raw)):
        return with_reading_notes(analyze_document(raw, title=title, location=location), doc)
