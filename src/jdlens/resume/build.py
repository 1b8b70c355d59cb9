"""Build a ``Resume`` from a file or from text."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from jdlens.errors import ResumeError
from jdlens.extract.skills import get_matcher
from jdlens.models import Resume, ResumeFormat
from jdlens.resume import parse
from jdlens.resume.headings import find_resume_sections, forget_lines
from jdlens.resume.professions import read_profession
from jdlens.resume.read import read_raw
from jdlens.resume.shown_skills import resume_skills
from jdlens.sources.reader import empty_pages_note
from jdlens.taxonomy import load_taxonomy
from jdlens.text.document import Document
from jdlens.text.normalize import normalize

RESUME_RULES_VERSION = "resume-2"


def read_resume(
    source: str | Path | bytes,
    filename: str | None = None,
    *,
    today: date | None = None,
    statements: bool = True,
) -> Resume:
    """Read a resume file: a path (``str`` or ``Path``) or its bytes (``filename`` names their format).
    ``statements=False``: see ``parse_resume_text``.

    Raises a coded ``ResumeError`` for anything unreadable: empty (JDL020), too large (JDL021), a
    scanned or encrypted PDF (JDL022, JDL023), corrupt (JDL024), not what its extension says
    (JDL025), an unsupported format (JDL026); ``InputError`` (JDL001) for a missing file.
    """
    raw = read_raw(source, filename)
    return parse_resume_text(
        raw.text,
        fmt=raw.format,
        pages=raw.pages,
        filename=raw.filename,
        today=today,
        empty_pages=raw.empty_pages,
        statements=statements,
    )


def parse_resume_text(
    text: str,
    *,
    fmt: ResumeFormat = "txt",
    pages: int | None = None,
    filename: str | None = None,
    today: date | None = None,
    empty_pages: tuple[int, ...] = (),
    statements: bool = True,
) -> Resume:
    """Structure a resume's text: sections, contact, bullets, roles, years, degree and skills.
    ``empty_pages`` (PDF pages with no text) are kept, with a note saying they were not read.
    ``statements=False`` leaves ``bullets`` empty, for a resume read only to be scored and dropped
    (``rank_resumes``): the score reads no statement; the checks and suggestions of ``match`` do."""
    if not text or not text.strip():
        raise ResumeError("JDL020", where=f": {filename}" if filename else "")
    try:
        return _parse(text, fmt, pages, filename, today, empty_pages, statements)
    finally:
        # the per-line look-ups are kept only while one resume is read: no resume text outlives the call
        forget_lines()
        parse.forget_titles()


def _parse(
    text: str,
    fmt: ResumeFormat,
    pages: int | None,
    filename: str | None,
    today: date | None,
    empty_pages: tuple[int, ...],
    statements: bool,
) -> Resume:
    taxonomy = load_taxonomy()
    # a resume's sections are its own (resume.headings), not a posting's: the document carries none
    doc = Document(text=normalize(text, get_matcher().camel_words), sections=())
    body = doc.text
    sections = find_resume_sections(body)
    header_end = next((s.end for s in sections if s.kind == "header"), 0)
    roles = parse.find_roles(body, sections, today)
    skills, implied = resume_skills(doc, sections, taxonomy)
    titles = [r.title for r in roles if r.title] or parse.experience_titles(body, sections)
    headline = _headline(body, header_end)
    summary = next((body[s.start : s.end] for s in sections if s.kind == "summary"), "")
    return Resume(  # validated: the format, pages and file name come from the caller
        filename=filename,
        format=fmt,
        pages=pages,
        empty_pages=list(empty_pages),
        notes=[note] if (note := empty_pages_note(empty_pages, pages)) else [],
        word_count=len(body.split()),
        sections=sections,
        contact=parse.find_contact(body, header_end),
        bullets=parse.find_statements(body, sections) if statements else [],
        roles=roles,
        total_years=(
            parse.total_years(roles) or parse.undated_years(body, sections) or parse.claimed_years(body)
        ),
        degree=parse.highest_degree(body, sections),
        titles=headline + titles,
        profession=read_profession(headline, titles, summary, parse.profession_of),
        skills=skills,
        implied_skills=implied,
        text=body,
        versions={"taxonomy": taxonomy.version, "resume_rules": RESUME_RULES_VERSION},
    )


def _headline(text: str, header_end: int) -> list[str]:
    """A title-like line in the header: "Machine Learning Engineer" under the name, or the title a
    resume builder puts first ("EXECUTIVE CHEF"); a line naming a profession wins over one that only
    looks like a title."""
    lines = [ln.strip() for ln in text[:header_end].split("\n")[:_HEADLINE_LINES] if ln.strip()]
    plain = [ln for ln in lines if _title_like(ln)]
    named = [ln for ln in plain if parse.profession_of(ln) is not None]
    return named[:1] or plain[1:2]


_HEADLINE_LINES = 8


def _title_like(line: str) -> bool:
    words = line.split()
    return 1 <= len(words) <= 8 and not re.search(r"[\d@:|]|linkedin|github|http|\[", line, re.I)
