"""Resume sections: summary, experience, education, skills, projects, publications, certifications."""

from __future__ import annotations

import re

from jdlens.models import ResumeSection, ResumeSectionKind

_HEADINGS: list[tuple[ResumeSectionKind, str]] = [
    (
        "summary",
        r"(?:professional |career |executive |personal )?(?:summary|profile|objective|overview)|"
        r"about(?: me)?|summary of qualifications|career objective|introduction",
    ),
    (
        "experience",
        r"(?:relevant |professional |work(?:ing)? |industry |employment |career |research )?"
        r"(?:experience|history)|employment(?: history)?|work history|career history|positions? held|"
        r"experience (?:and|&) (?:projects|internships)|internships?",
    ),
    (
        "education",
        r"education(?:al background)?(?: (?:and|&) (?:training|certifications?|qualifications))?|"
        r"academic (?:background|qualifications|history)|qualifications|degrees?",
    ),
    (
        "skills",
        r"(?:technical |core |key |relevant |professional |hard |computer )?(?:skills|competencies)"
        r"(?: (?:and|&) (?:tools|technologies|expertise|interests|competencies))?|technologies|tools(?: (?:and|&) technologies)?|"
        r"tech(?:nical)? stack|areas of expertise|expertise|technical proficiencies|toolbox",
    ),
    (
        "projects",
        r"(?:selected |personal |academic |side |key |notable |open[- ]source )?projects|portfolio|"
        r"open[- ]source(?: contributions)?",
    ),
    (
        "publications",
        r"(?:selected )?(?:publications|papers|patents)(?: (?:and|&) (?:patents|talks|presentations))?|"
        r"research(?: (?:papers|publications))?|talks",
    ),
    (
        "certifications",
        r"(?:licen[cs]es (?:and|&) )?certifications?|certificates?|courses(?: (?:and|&) certifications)?|"
        r"training|professional development",
    ),
    (
        "other",
        r"awards?(?: (?:and|&) (?:honou?rs|achievements))?|honou?rs(?: (?:and|&) awards)?|achievements|"
        r"interests|hobbies|languages|volunteer(?:ing| experience| work)?|references|activities|leadership|"
        r"extracurricular activities|additional information|affiliations|memberships",
    ),
]
_HEADING_RES = [(k, re.compile(rf"(?i)^(?:{p})\s*[:\-–—]?\s*$")) for k, p in _HEADINGS]
_INLINE_KINDS: tuple[ResumeSectionKind, ...] = ("skills", "certifications")
_INLINE_RES = [(k, re.compile(rf"(?i)^(?:{p})\s*:\s*(?=\S)")) for k, p in _HEADINGS if k in _INLINE_KINDS]
_LINE = re.compile(r"[^\n]+")


def resume_heading(line: str) -> ResumeSectionKind | None:
    """The section a heading line opens, or None when the line is not a resume heading."""
    clean = line.strip().strip("•*#_|= ").strip()
    if not clean or len(clean.split()) > 6 or len(clean) > 60:
        return None
    for kind, pattern in _HEADING_RES:
        if pattern.match(clean):
            return kind
    return None


def _inline(line: str) -> ResumeSectionKind | None:
    clean = line.strip().lstrip("•*#_ ")
    for kind, pattern in _INLINE_RES:
        if pattern.match(clean):
            return kind
    return None


def find_resume_sections(text: str) -> list[ResumeSection]:
    """Consecutive sections; text before the first heading is the ``header`` (name, contact)."""
    marks: list[tuple[int, ResumeSectionKind, str | None]] = [(0, "header", None)]
    for m in _LINE.finditer(text):
        line = m.group(0)
        kind = resume_heading(line)
        if kind is not None:
            marks.append((m.start(), kind, line.strip().rstrip(":").strip()))
            continue
        inline = _inline(line)
        if inline is not None and marks[-1][1] != inline:
            marks.append((m.start(), inline, line.split(":", 1)[0].strip()))
    sections: list[ResumeSection] = []
    for i, (start, kind, heading) in enumerate(marks):
        end = marks[i + 1][0] if i + 1 < len(marks) else len(text)
        if end > start:
            sections.append(ResumeSection(kind=kind, heading=heading, start=start, end=end))
    return sections


def section_at(sections: list[ResumeSection], pos: int) -> ResumeSectionKind | None:
    found: ResumeSectionKind | None = None
    for section in sections:
        if section.start <= pos:
            found = section.kind
        else:
            break
    return found
